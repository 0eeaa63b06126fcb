import type { TableClient, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import { readRows, transact } from './partitionRows';
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
 * between `<memberId>_` and `<memberId>` followed by the character after '_' (a backtick). One transaction per
 * partition and hundred rows (the service's limit). Writes that land meanwhile are expected (a row gone, a new
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
    const rows = await readRows(client, `list portal ${what}`, filter, { select: ['PartitionKey', 'RowKey'] });
    if (rows.length === 0) return deleted;
    failure = undefined;
    for (const keys of byPartition(rows.map((row) => ({ partitionKey: row.partitionKey ?? '', rowKey: row.rowKey ?? '' })), options.last)) {
      try {
        deleted += await deletePartition(client, keys, what, counts);
      } catch (error) {
        failure ??= error;
      }
    }
  }
  throw new AppError('storage_unavailable', `storage: portal ${what} were still there after deleting them`, { cause: failure });
}

function byPartition(keys: Key[], last: ((rowKey: string) => boolean) | undefined): Key[][] {
  const partitions = new Map<string, Key[]>();
  for (const key of keys) {
    const group = partitions.get(key.partitionKey) ?? [];
    group.push(key);
    partitions.set(key.partitionKey, group);
  }
  if (last) for (const group of partitions.values()) group.sort((a, b) => Number(last(a.rowKey)) - Number(last(b.rowKey)));
  return [...partitions.values()];
}

/** A hundred to a transaction; a hundred that meets a row already gone is deleted row by row. */
async function deletePartition(client: TableClient, keys: Key[], what: string, counts: (rowKey: string) => boolean): Promise<number> {
  let deleted = 0;
  for (let from = 0; from < keys.length; from += 100) {
    const chunk = keys.slice(from, from + 100);
    const outcome = await transact(client, `delete portal ${what}`, chunk.map((key) => ['delete', key] as TransactionAction));
    if (outcome.ok) {
      deleted += chunk.filter((key) => counts(key.rowKey)).length;
      continue;
    }
    for (const key of chunk) {
      const gone = await readOrNull(`delete portal ${what}`, () => client.deleteEntity(key.partitionKey, key.rowKey));
      if (gone && counts(key.rowKey)) deleted++;
    }
  }
  return deleted;
}
