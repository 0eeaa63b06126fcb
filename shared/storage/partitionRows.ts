import type { TableClient, TableEntityResult, TransactionAction } from '@azure/data-tables';
import { AppError } from '../errors';
import { EtagMismatchError, storageCall } from './tableStorage';

export type Row = TableEntityResult<Record<string, unknown>>;

/** The most rows one query request may ask for: Azure Table Storage answers 400 to a larger `$top`. */
export const maxRowsPerRequest = 1000;

/**
 * Visits the rows a filter selects in key order, a page (one round trip, each with its own timeout, of at most
 * `pageSize` rows, never more than `maxRowsPerRequest`) at a time, until `visit` returns false or the rows run
 * out. Only one page is held while `visit` runs (it may be asynchronous).
 */
async function visitPages(
  client: TableClient,
  what: string,
  query: { filter: string; select?: string[] },
  pageSize: number | undefined,
  visit: (row: Row) => boolean | Promise<boolean>,
): Promise<void> {
  const maxPageSize = Math.min(Math.max(Math.trunc(pageSize ?? maxRowsPerRequest), 1), maxRowsPerRequest);
  const pages = client.listEntities<Record<string, unknown>>({ queryOptions: query }).byPage({ maxPageSize });
  for (;;) {
    const page = await storageCall(what, () => pages.next());
    if (page.done) return;
    for (const row of page.value) if (!(await visit(row))) return;
  }
}

/**
 * The rows a filter selects, in key order: all of them, or only the first `limit` (one round trip up to
 * `maxRowsPerRequest`, a page of that many per round trip beyond); only the `select`ed columns when given.
 */
export async function readRows(client: TableClient, what: string, filter: string, options: { limit?: number; select?: string[] } = {}): Promise<Row[]> {
  const rows: Row[] = [];
  await visitPages(client, what, { filter, select: options.select }, options.limit, (row) => rows.push(row) !== options.limit);
  return rows;
}

/**
 * Visits every row a filter selects, in key order, a page of at most `pageSize` rows (at most
 * `maxRowsPerRequest`) at a time: only one page is held while `visit` runs (it may be asynchronous), so memory
 * stays bounded by a page whatever the chat.
 */
export async function forEachRow(
  client: TableClient,
  what: string,
  filter: string,
  pageSize: number,
  visit: (row: Row) => Promise<void> | void,
  select?: string[],
): Promise<void> {
  await visitPages(client, what, { filter, select }, pageSize, async (row) => {
    await visit(row);
    return true;
  });
}

/** What a transaction of one partition did: all of it (with each row's new etag), or none of it. */
export type TransactionOutcome =
  | { ok: true; etags: (string | undefined)[] }
  /** which action failed (its index) and why: 404 absent, 409 exists already, 412 changed meanwhile */
  | { ok: false; status: 404 | 409 | 412; index: number };

/**
 * Submits up to 100 actions on one partition as one atomic write. A failed condition (absent, exists, changed)
 * is an outcome for the caller to act on, not an error; anything else is storage being unavailable.
 */
export async function transact(client: TableClient, what: string, actions: TransactionAction[]): Promise<TransactionOutcome> {
  try {
    const response = await storageCall(what, () => client.submitTransaction(actions));
    return { ok: true, etags: response.subResponses.map((sub) => sub.etag) };
  } catch (error) {
    const cause = error instanceof EtagMismatchError || error instanceof AppError ? error.cause : undefined;
    const status = (cause as { statusCode?: unknown } | undefined)?.statusCode;
    if (status !== 404 && status !== 409 && status !== 412) throw error;
    // The service names the failed action by its index: "2:The update condition specified ... not satisfied."
    const index = Number(/^(\d+):/.exec(String((cause as Error).message))?.[1] ?? -1);
    return { ok: false, status, index };
  }
}

/** A transaction's delete of one row (which fails the transaction when the row is gone; it carries no etag). */
export function deleteAction(pk: string, rowKey: string): TransactionAction {
  return ['delete', { partitionKey: pk, rowKey }];
}
