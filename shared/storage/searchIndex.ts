import type { TableClient } from '@azure/data-tables';
import type { ArticleSummary } from './articleStore';
import { articleOf, filters, headRowKey, revisionOf, type ChatHead } from './articleRows';
import { excerptOf } from './excerptOf';
import { foldForSearch, type Needle } from './foldForSearch';
import { readRows, type Row } from './partitionRows';
import { readOrNull } from './tableStorage';

/** One article as search sees it: what a result shows, and its title and text folded once. */
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
  articles: IndexedArticle[];
  /** what it takes in memory, counted generously (two bytes per code unit, plus overhead per article) */
  bytes: number;
  /** some article has no summary, or a summary no article: the chat's index needs repairing */
  disagrees: boolean;
}

/** Changed articles up to this many are read one by one; more, and the chat's articles are read in one scan. */
const pointReadLimit = 32;
const pointReadsAtOnce = 8;
const perArticleBytes = 256;

/** Where each article sits in the list and which write of it that is: the summaries' keys, ids and revisions. */
interface Place {
  id: string;
  rev: string;
  cursor: string;
}

/**
 * A copy of a string that shares no memory with the string it was cut from: an excerpt is made of slices of
 * the article's text, and V8 keeps a slice's whole parent alive, which would keep every raw text in memory.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

/** An article folded for search, with what a result shows of it (the summary's fields, from the article). */
function indexed(row: Row, cursor: string): IndexedArticle {
  const { body, ...rest } = articleOf(row);
  const summary: ArticleSummary = { ...rest, excerpt: detached(excerptOf(body)), cursor };
  const title = foldForSearch(summary.title);
  const folded = foldForSearch(body);
  const texts = [title, folded, summary.id, summary.title, summary.excerpt, summary.authorName, summary.editorName, summary.cursor];
  const bytes = perArticleBytes + texts.reduce((sum, text) => sum + 2 * text.length, 0);
  return { summary, rev: revisionOf(row), title, body: folded, bytes };
}

/**
 * Builds the chat's search index as of `head`, reusing what `previous` (an older version) already folded: the
 * summaries' keys (a few bytes per article) tell which articles changed, and only those are read and folded
 * again. A first load reads every article once and folds them a slice at a time.
 */
export async function loadSearchIndex(client: TableClient, pk: string, head: ChatHead, previous?: SearchIndex): Promise<SearchIndex> {
  const places: Place[] = (await readRows(client, 'read chat summaries', filters.summaries(pk), { select: ['RowKey', 'id', 'rev'] })).map((row) => ({
    id: String(row.id ?? ''),
    rev: String(row.rev ?? ''),
    cursor: (row.rowKey ?? '').slice(headRowKey.length),
  }));
  const kept = new Map((previous?.articles ?? []).map((article) => [article.summary.id, article]));
  const changed = places.filter((place) => kept.get(place.id)?.rev !== place.rev);
  const scan = !previous || changed.length > pointReadLimit;
  const rows = scan ? await scanArticles(client, pk) : await readArticles(client, pk, changed.map((place) => place.id));

  let disagrees = scan && rows.size !== places.length;
  const articles: IndexedArticle[] = [];
  for (const place of places) {
    const reuse = kept.get(place.id);
    if (reuse?.rev === place.rev && reuse.summary.cursor === place.cursor) {
      articles.push(reuse);
      continue;
    }
    const article = rows.get(place.id)?.(place.cursor);
    if (!article || article.rev !== place.rev) disagrees = true;
    if (article) articles.push(article);
  }
  const bytes = articles.reduce((sum, article) => sum + article.bytes, 0);
  return { version: disagrees ? '' : head.version, articles, bytes, disagrees };
}

/** Each article row by id, ready to be folded at its place (only the ones the list has are). */
type Articles = Map<string, (cursor: string) => IndexedArticle>;

/** Code units folded between two yields to the event loop (about a millisecond of work). */
const unitsPerSlice = 200_000;

async function scanArticles(client: TableClient, pk: string): Promise<Articles> {
  const rows: (Row | undefined)[] = await readRows(client, 'read chat articles', filters.bodies(pk));
  const articles: Articles = new Map();
  let units = 0;
  for (let i = 0; i < rows.length; i++) {
    const folded = indexed(rows[i]!, '');
    rows[i] = undefined; // its raw text can go now
    articles.set(folded.summary.id, (cursor) => ({ ...folded, summary: { ...folded.summary, cursor } }));
    // Folding a chat of long articles takes a while: other requests on this instance go on meanwhile.
    units += folded.body.length;
    if (units >= unitsPerSlice) {
      units = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return articles;
}

async function readArticles(client: TableClient, pk: string, ids: string[]): Promise<Articles> {
  const rows: Articles = new Map();
  for (let start = 0; start < ids.length; start += pointReadsAtOnce) {
    const read = await Promise.all(
      ids.slice(start, start + pointReadsAtOnce).map((id) => readOrNull('read article', () => client.getEntity<Record<string, unknown>>(pk, id))),
    );
    for (const row of read) if (row) rows.set(row.rowKey ?? '', (cursor) => indexed(row, cursor));
  }
  return rows;
}

/** One page of what matches: the matches after `after` in list order, and how many match in all. */
export function searchIn(index: SearchIndex, needle: Needle, after: string | undefined, size: number): { articles: ArticleSummary[]; found: number; more: boolean } {
  const articles: ArticleSummary[] = [];
  let found = 0;
  let more = false;
  for (const article of index.articles) {
    if (!needle.foundIn(article.title) && !needle.foundIn(article.body)) continue;
    found++;
    if (after !== undefined && article.summary.cursor <= after) continue;
    if (articles.length < size) articles.push(article.summary);
    else more = true;
  }
  return { articles, found, more };
}
