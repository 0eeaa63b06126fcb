import type { TableClient } from '@azure/data-tables';
import type { ArticleSummary } from './articleStore';
import { articleIdPattern, cursorOf, filters, foldedOf, headRowKey, revisionOf, summaryOf, summaryRowKey } from './articleRows';
import type { HoldBytes } from './ChatSearchCache';
import type { StepMeter } from './foldForSearch';
import type { LoadGate } from './LoadGate';
import { forEachRow, readRows, type Row } from './partitionRows';
import type { SearchQuery } from './searchQuery';
import { readOrNull } from './tableStorage';

/** One article as search sees it: what a result shows, and its title and text folded (kept in its summary). */
interface IndexedArticle {
  summary: ArticleSummary;
  rev: string;
  title: string;
  body: string;
  bytes: number;
}

/** The folded text of one chat, in list order, as of one version of the chat. */
export interface SearchIndex {
  /** the chat's version it shows; empty when it may be incomplete (a write landed while it was read) */
  version: string;
  /** when this instance read that version, in order (ChatSearchCache.nextRead): what was read after it */
  seenAt: number;
  articles: IndexedArticle[];
  /** what it takes in memory, counted generously (see bytesOf) */
  bytes: number;
  /** some article has no summary, a summary no article, or one was folded by an older fold: repair the index */
  disagrees: boolean;
}

/** Where a search loads a chat's index from, and what bounds the load. */
export interface IndexSource {
  client: TableClient;
  pk: string;
  /** the portal, for the gate's share per portal */
  portal: string;
  /** bounds the loads that read a whole chat */
  gate: LoadGate;
  /** reads the chat's version again: a load that saw it change meanwhile may be incomplete */
  version: () => Promise<string>;
}

/** Changed articles up to this many are read one by one; more, and the chat's summaries are read in one scan. */
const pointReadLimit = 32;
const pointReadsAtOnce = 8;
/** Summaries per page of a scan: each holds up to 1.25 times an article's text (about 100 KB at most). */
const rowsPerPage = 50;
/**
 * What an indexed article takes beyond its strings' characters: the two objects, their fields and the
 * strings' headers, measured with V8 at about 340 bytes (test/shared/storage/searchIndex.test.ts checks it).
 */
export const perArticleBytes = 480;

/** Where each article sits in the list and which write of it that is: the summaries' keys, ids and revisions. */
interface Place {
  id: string;
  rev: string;
  cursor: string;
}

/** Two bytes per UTF-16 code unit of every string it keeps, and the objects around them. */
export function bytesOf(article: Omit<IndexedArticle, 'bytes'>): number {
  const { summary } = article;
  const strings = [article.rev, article.title, article.body, ...Object.values(summary)];
  return perArticleBytes + strings.reduce((sum, text) => sum + 2 * text.length, 0);
}

/** An article as search keeps it, from its summary row; null when the summary was folded by another fold. */
function indexed(row: Row): IndexedArticle | null {
  const folded = foldedOf(row);
  if (!folded) return null;
  const article = { summary: summaryOf(row), rev: String(row.rev ?? ''), title: folded.title, body: folded.body };
  return { ...article, bytes: bytesOf(article) };
}

/**
 * Builds the chat's search index as of `version`, reusing what `previous` (an older version) already holds:
 * the summaries' keys (a few bytes per article) tell which articles changed, and only those summaries are
 * read again. A first load reads every summary once, a page at a time, through the gate, comparing them with
 * the articles' keys (no text) so that writes made around the index (by an older version) are noticed.
 */
export async function loadSearchIndex(source: IndexSource, version: string, seenAt: number, hold: HoldBytes, previous?: SearchIndex): Promise<SearchIndex> {
  let loaded: { articles: IndexedArticle[]; disagrees: boolean } | null = null;
  if (previous) loaded = await loadChanges(source, previous);
  loaded ??= await source.gate.run(source.portal, () => loadAll(source, hold));
  const bytes = loaded.articles.reduce((sum, article) => sum + article.bytes, 0);
  const still = (await source.version()) === version;
  return { version: still && !loaded.disagrees ? version : '', seenAt, articles: loaded.articles, bytes, disagrees: loaded.disagrees };
}

/** Reads only the summaries that changed since `previous`; null when too many did (then all are read). */
async function loadChanges(source: IndexSource, previous: SearchIndex): Promise<{ articles: IndexedArticle[]; disagrees: boolean } | null> {
  const { client, pk } = source;
  const places: Place[] = (await readRows(client, 'read chat summaries', filters.summaries(pk), { select: ['RowKey', 'id', 'rev'] })).map((row) => ({
    id: String(row.id ?? ''),
    rev: String(row.rev ?? ''),
    cursor: (row.rowKey ?? '').slice(headRowKey.length),
  }));
  const kept = new Map(previous.articles.map((article) => [article.summary.id, article]));
  const same = (place: Place) => {
    const article = kept.get(place.id);
    return article?.rev === place.rev && article.summary.cursor === place.cursor;
  };
  const changed = places.filter((place) => !same(place));
  if (changed.length > pointReadLimit) return null;
  const read = new Map<string, IndexedArticle | null>();
  for (let start = 0; start < changed.length; start += pointReadsAtOnce) {
    const rows = await Promise.all(
      changed.slice(start, start + pointReadsAtOnce).map((place) => readOrNull('read article summary', () => client.getEntity<Record<string, unknown>>(pk, summaryRowKey(place.cursor)))),
    );
    for (const row of rows) if (row) read.set(String(row.id ?? ''), indexed(row));
  }
  let disagrees = false;
  const articles: IndexedArticle[] = [];
  for (const place of places) {
    const article = same(place) ? kept.get(place.id) : read.get(place.id);
    // Gone meanwhile (a write came between the two reads: the version tells), or folded by an older fold.
    if (article === null) disagrees = true;
    if (article) articles.push(article);
  }
  return { articles, disagrees };
}

/** Reads every summary, a page at a time, and the articles' keys to compare them with. */
async function loadAll(source: IndexSource, hold: HoldBytes): Promise<{ articles: IndexedArticle[]; disagrees: boolean }> {
  const { client, pk } = source;
  const bodies = readRows(client, 'read chat article keys', filters.bodies(pk), { select: ['RowKey', 'rev', 'updatedAt'] });
  bodies.catch(() => undefined); // awaited below, once the summaries are read
  const articles: IndexedArticle[] = [];
  let disagrees = false;
  await forEachRow(client, 'read chat summaries for search', filters.summaries(pk), rowsPerPage, async (row) => {
    const article = indexed(row);
    if (!article) {
      disagrees = true;
      return;
    }
    articles.push(article);
    hold(article.bytes);
    // Building the index of a large chat takes a while: other requests on this instance go on in between.
    await new Promise((resolve) => setImmediate(resolve));
  });
  const expected = new Map<string, string>();
  for (const row of await bodies) {
    if (!articleIdPattern.test(row.rowKey ?? '')) continue;
    const id = row.rowKey ?? '';
    expected.set(id, `${cursorOf({ id, updatedAt: typeof row.updatedAt === 'string' ? row.updatedAt : '' })}|${revisionOf(row)}`);
  }
  if (expected.size !== articles.length) disagrees = true;
  for (const article of articles) if (expected.get(article.summary.id) !== `${article.summary.cursor}|${article.rev}`) disagrees = true;
  return { articles, disagrees };
}

/**
 * Text scanned between two yields of a search: a query of many words may scan a large chat's folded text up
 * to `maxQueryTerms` times (about two seconds of CPU at worst, docs/benchmarks.md), and other requests on this
 * instance go on in between, as while an index loads.
 */
export const unitsPerSlice = 4_000_000;

/** One page of what matches: the matches after `after` in list order, and how many match in all. */
export async function searchIn(
  index: SearchIndex,
  query: SearchQuery,
  after: string | undefined,
  size: number,
  meter: StepMeter = { units: 0 },
): Promise<{ articles: ArticleSummary[]; found: number; more: boolean }> {
  const articles: ArticleSummary[] = [];
  let found = 0;
  let more = false;
  let sliceEnd = meter.units + unitsPerSlice;
  for (const article of index.articles) {
    if (meter.units >= sliceEnd) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceEnd = meter.units + unitsPerSlice;
    }
    if (!query.matches(article.title, article.body, meter)) continue;
    found++;
    if (after !== undefined && article.summary.cursor <= after) continue;
    if (articles.length < size) articles.push(article.summary);
    else more = true;
  }
  return { articles, found, more };
}
