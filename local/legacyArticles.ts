import type { TableClient } from '@azure/data-tables';
import type { ArticleDraft, ChatRef } from '../shared/storage/articleStore';
import { newArticleId, partitionKey, splitBody } from '../shared/storage/articleRows';

/**
 * Writes articles the way the app stored them before chats had an index (issue 12): one row per article with
 * its whole text, no head, no summaries, as installations in production hold them. Tests use it to check that
 * such chats keep working; the bench uses it to seed large chats quickly (100 rows per transaction), which
 * the app then indexes on first touch, as it does after a deploy. Returns the ids, in the order given.
 */
export async function writeLegacyArticles(client: TableClient, chat: ChatRef, drafts: ArticleDraft[], startMs = Date.now()): Promise<string[]> {
  const rows = drafts.map(({ body, ...rest }, i) => ({ partitionKey: partitionKey(chat), rowKey: newArticleId(startMs + i), ...rest, ...splitBody(body) }));
  // A transaction takes at most 100 rows and 4 MiB: long texts go fewer at a time.
  let batch: typeof rows = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length) await client.submitTransaction(batch.map((row) => ['create', row]));
    batch = [];
    bytes = 0;
  };
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (batch.length === 100 || bytes + size > 2 * 2 ** 20) await flush();
    batch.push(row);
    bytes += size;
  }
  await flush();
  return rows.map((row) => row.rowKey);
}
