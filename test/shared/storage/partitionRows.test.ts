import type { TransactionAction } from '@azure/data-tables';
import { forEachRow, maxRowsPerRequest, readRows } from '../../../shared/storage/partitionRows';
import { createTables } from '../../../shared/storage/tableStorage';
import { countingTables } from '../../support/countingTables';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

describe('reading a partition', () => {
  const rows = maxRowsPerRequest + 205;
  const name = `rows${uniqueTableSuffix()}`;
  const tables = createTables({ kind: 'connectionString', connectionString: testStorageConnectionString() });
  beforeAll(async () => {
    const client = await tables.table(name);
    for (let start = 0; start < rows; start += 100) {
      await client.submitTransaction(Array.from({ length: Math.min(100, rows - start) }, (_, k) => ['create', { partitionKey: 'p', rowKey: String(start + k).padStart(5, '0') }] as TransactionAction));
    }
  });

  it(`asks storage for at most ${maxRowsPerRequest} rows at a time, however many are wanted (Azure refuses more)`, async () => {
    const { tables: counted, log } = countingTables(tables);
    const client = await counted.table(name);
    expect(await readRows(client, 'test', "PartitionKey eq 'p'", { limit: maxRowsPerRequest + 5, select: ['RowKey'] })).toHaveLength(maxRowsPerRequest + 5);
    expect(await readRows(client, 'test', "PartitionKey eq 'p'", { select: ['RowKey'] })).toHaveLength(rows);
    let visited = 0;
    await forEachRow(client, 'test', "PartitionKey eq 'p'", 5000, () => void visited++, ['RowKey']);
    expect(visited).toBe(rows);
    expect(log.reads).toHaveLength(3);
  });

  it('reads only as many rows as wanted when they fit in one request', async () => {
    const client = await tables.table(name);
    expect((await readRows(client, 'test', "PartitionKey eq 'p'", { limit: 3 })).map((row) => row.rowKey)).toEqual(['00000', '00001', '00002']);
  });
});
