import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import { forEachRow, maxRowsPerRequest, transact } from './partitionRows';
import { readOrNull } from './tableStorage';

type Key = { partitionKey: string; rowKey: string };

export interface PortalRowsOptions {
  /** rows that go after the others of their partition (a chat's head, which counts its articles) */
  last?: (rowKey: string) => boolean;
  /** rows the answer counts (default: all) */
  counts?: (rowKey: string) => boolean;
  /** asked before each listing: false ends the deleting early (the portal installed the app again meanwhile) */
  stillWanted?: () => Promise<boolean>;
}

/** How often a portal's range is listed and deleted before giving up (an uninstall is finished later). */
const rounds = 6;

/**
 * Deletes every row of a portal from a table whose partition keys are `<memberId>_<chatId>`: they all sort
 * between `<memberId>_` and `<memberId>` followed by the character after '_' (a backtick). The range is listed
 * a page (at most 1,000 keys) at a time and deleted as it is listed, partition by partition, a hundred rows
 * to a transaction (the service's limit), so memory holds a page whatever the portal's size; the `last` rows
 * of a partition go once the listing has passed it. Writes that land meanwhile are expected (a row gone, a new
 * one): rows already gone are no failure, and the range is listed again until it is empty; a partition that
 * storage refuses does not keep the others. Rejects (storage_unavailable) when rows are still there after a
 * few rounds. Answers how many (counted) rows went.
 */
export async function deletePortalRows(client: TableClient, memberId: string, what: string, options: PortalRowsOptions = {}): Promise<number> {
  const filter = `PartitionKey ge '${memberId}_' and PartitionKey lt '${memberId}\u0060'`;
  const counts = options.counts ?? (() => true);
  let deleted = 0;
  let failure: unknown;
  for (let round = 0; round < rounds; round++) {
    if (options.stillWanted && !(await options.stillWanted())) return deleted;
    failure = undefined;
    let listed = 0;
    let partition: Partition | undefined;
    const remove = async (from: Partition, keys: Key[]) => {
      if (from.failed || keys.length === 0) return;
      try {
        deleted += await deleteKeys(client, keys, what, counts);
      } catch (error) {
        // The rest of this partition (its last rows above all) stays for the next round; the others go on.
        failure ??= error;
        from.failed = true;
      }
    };
    const finish = async (done: Partition) => {
      await remove(done, done.rows.splice(0));
      await remove(done, done.last.splice(0));
    };
    await forEachRow(
      client,
      `list portal ${what}`,
      filter,
      maxRowsPerRequest,
      async (row) => {
        listed++;
        const key = { partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '' };
        if (partition?.key !== key.partitionKey) {
          if (partition) await finish(partition);
          partition = { key: key.partitionKey, rows: [], last: [], failed: false };
        }
        if (options.last?.(key.rowKey)) partition.last.push(key);
        else if (partition.rows.push(key) === rowsPerTransaction) await remove(partition, partition.rows.splice(0));
      },
      ['PartitionKey', 'RowKey'],
    );
    if (partition) await finish(partition);
    if (listed === 0) return deleted;
  }
  throw new AppError('storage_unavailable', `storage: portal ${what} were still there after deleting them`, { cause: failure });
}

/** The partition the listing is in: its rows not deleted yet, those that go last, and whether storage refused one. */
interface Partition {
  key: string;
  rows: Key[];
  last: Key[];
  failed: boolean;
}

/** The most actions one transaction takes. */
const rowsPerTransaction = 100;

/** Up to a hundred rows of one partition in one transaction; if it meets a row already gone, row by row. */
async function deleteKeys(client: TableClient, keys: Key[], what: string, counts: (rowKey: string) => boolean): Promise<number> {
  const outcome = await transact(client, `delete portal ${what}`, keys.map((key) => ['delete', key] as TransactionAction));
  if (outcome.ok) return keys.filter((key) => counts(key.rowKey)).length;
  let deleted = 0;
  for (const key of keys) {
    const gone = await readOrNull(`delete portal ${what}`, () => client.deleteEntity(key.partitionKey, key.rowKey));
    if (gone && counts(key.rowKey)) deleted++;
  }
  return deleted;
}
