import type { TableClient } from '@azure/data-tables';
import { storageCall } from './tableStorage';

type Key = { partitionKey: string; rowKey: string };

/**
 * Deletes every row of a portal from a table whose partition keys are `<memberId>_<chatId>`: they all sort
 * between `<memberId>_` and `<memberId>` followed by the character after '_' (a backtick). One transaction
 * per partition and hundred rows (the service's limit). Answers how many rows went.
 */
export async function deletePortalRows(client: TableClient, memberId: string, what: string): Promise<number> {
  const filter = `PartitionKey ge '${memberId}_' and PartitionKey lt '${memberId}\u0060'`;
  const keys = await storageCall(`list portal ${what}`, async () => {
    const found: Key[] = [];
    for await (const entity of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } })) {
      found.push({ partitionKey: entity.partitionKey ?? '', rowKey: entity.rowKey ?? '' });
    }
    return found;
  });
  const batches = new Map<string, Key[][]>();
  for (const key of keys) {
    const chunks = batches.get(key.partitionKey) ?? [[]];
    if ((chunks[chunks.length - 1] ?? []).length === 100) chunks.push([]);
    chunks[chunks.length - 1]?.push(key);
    batches.set(key.partitionKey, chunks);
  }
  for (const chunk of [...batches.values()].flat()) {
    await storageCall(`delete portal ${what}`, () => client.submitTransaction(chunk.map((key) => ['delete', key] as ['delete', Key])));
  }
  return keys.length;
}
