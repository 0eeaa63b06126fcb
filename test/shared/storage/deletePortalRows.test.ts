import type { TransactionAction } from '@azure/data-tables';
import { deletePortalRows } from '../../../shared/storage/deletePortalRows';
import { readRows } from '../../../shared/storage/partitionRows';
import { createTables } from '../../../shared/storage/tableStorage';
import { countingTables } from '../../support/countingTables';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

const portal = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const tables = () => createTables({ kind: 'connectionString', connectionString: testStorageConnectionString() });

/** `count` rows of the chat's partition, with a head `s` in the middle of them (as a chat has). */
async function writeChat(name: string, pk: string, count: number): Promise<void> {
  const client = await tables().table(name);
  const keys = ['s', ...Array.from({ length: count - 1 }, (_, i) => (i % 2 ? `r${String(i).padStart(5, '0')}` : `t${String(i).padStart(5, '0')}`))];
  for (let from = 0; from < keys.length; from += 100) {
    await client.submitTransaction(keys.slice(from, from + 100).map((rowKey) => ['create', { partitionKey: pk, rowKey }] as TransactionAction));
  }
}

describe('deleting a portal’s rows', () => {
  it('deletes a large portal a page at a time as it lists it, each chat’s head after the rest of its chat, and leaves other portals alone', async () => {
    const name = `portal${uniqueTableSuffix()}`;
    await writeChat(name, `${portal}_1`, 1500);
    await writeChat(name, `${portal}_2`, 700);
    await writeChat(name, `${portal}_3`, 40);
    await writeChat(name, `b${portal.slice(1)}_1`, 30);
    const { tables: counted, log } = countingTables(tables());

    const deleted = await deletePortalRows(await counted.table(name), portal, 'rows', { last: (rowKey) => rowKey === 's', counts: (rowKey) => rowKey.startsWith('t') });

    expect(deleted).toBe(750 + 350 + 20); // the t… rows
    const left = await readRows(await tables().table(name), 'test', "PartitionKey ge ''", { select: ['PartitionKey'] });
    expect(new Set(left.map((row) => row.partitionKey))).toEqual(new Set([`b${portal.slice(1)}_1`]));
    // Memory holds a page: deleting began while the listing was still under way, not after it.
    expect(log.transactions[0]?.readsRunning).toBe(1);
    expect(log.transactions.every((transaction) => transaction.actions.length <= 100)).toBe(true);
    for (const chat of [1, 2, 3]) {
      const ofChat = log.transactions.map((transaction) => transaction.actions.map(([, row]) => row)).filter((rows) => rows[0]?.partitionKey === `${portal}_${chat}`);
      expect(ofChat.findIndex((rows) => rows.some((row) => row.rowKey === 's'))).toBe(ofChat.length - 1);
    }
  });

  it('answers 0 for a portal without rows', async () => {
    expect(await deletePortalRows(await tables().table(`portal${uniqueTableSuffix()}`), portal, 'rows')).toBe(0);
  });
});
