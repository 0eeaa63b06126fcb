import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../../local/azurite';
import { portAccepts } from '../../local/freePort';
import { testStorageConnectionString, uniqueTableSuffix } from '../support/testStorage';

async function roundTrip(connectionString: string): Promise<unknown> {
  const table = TableClient.fromConnectionString(connectionString, `probe${uniqueTableSuffix()}`, { allowInsecureConnection: true });
  await table.createTable();
  await table.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 'stored' });
  const entity = await table.getEntity<{ value: string }>('p', 'r');
  await table.deleteTable();
  return entity.value;
}

describe('the Azurite helper', () => {
  it('starts a table service on 127.0.0.1 that stores and returns an entity, and stops it', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableEndpoint).toBe(`http://127.0.0.1:${azurite.port}/devstoreaccount1`);
      expect(azurite.connectionString).toContain(`TableEndpoint=${azurite.tableEndpoint};`);
      expect(await roundTrip(azurite.connectionString)).toBe('stored');
    } finally {
      await azurite.stop();
    }

    expect(await portAccepts(azurite.port)).toBe(false);
  });

  it('stops idempotently', async () => {
    const azurite = await startAzurite();
    await azurite.stop();
    await expect(azurite.stop()).resolves.toBeUndefined();
  });

  it('gives the whole test run one Azurite through TEST_STORAGE_CONNECTION_STRING', async () => {
    expect(await roundTrip(testStorageConnectionString())).toBe('stored');
  });
});

describe("the tests' and npm start's Azurite", () => {
  it('refuses a query for more than 1,000 rows at once with 400, as Azure Table Storage does, and serves one for 1,000', async () => {
    const table = TableClient.fromConnectionString(testStorageConnectionString(), `top${uniqueTableSuffix()}`, { allowInsecureConnection: true });
    await table.createTable();
    try {
      await table.upsertEntity({ partitionKey: 'p', rowKey: 'r' });
      const firstPage = (maxPageSize: number) => table.listEntities().byPage({ maxPageSize }).next();
      await expect(firstPage(1001)).rejects.toMatchObject({ statusCode: 400 });
      expect((await firstPage(1000)).value).toHaveLength(1);
    } finally {
      await table.deleteTable();
    }
  });
});

describe('an Azurite that cannot start', () => {
  it('fails with a message that includes what Azurite wrote to stderr', async () => {
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'azurite-')), 'file');
    writeFileSync(notADirectory, '');

    await expect(startAzurite({ location: join(notADirectory, 'workspace') })).rejects.toThrow(/Azurite did not start[\s\S]*stderr[\s\S]*ENOTDIR/);
  });
});
