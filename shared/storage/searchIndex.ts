import type { TableClient } from '@azure/data-tables';
import type { ArticleSummary } from './articleStore';
import { articleOf, filters, revisionOf, summaryOf, type ChatHead } from './articleRows';
import { foldForSearch, type Needle } from './foldForSearch';
import { forEachRow, readRows, type Row } from './partitionRows';
import { readOrNull } from './tableStorage';

/** One article as search sees it: its summary for the results, its title and text folded once. */
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
  /** some article has no summary or a summary no article: the chat's index needs repairing */
  disagrees: boolean;
}

/** Changed articles up to this many are read one by one; more, and the chat's articles are read in one scan. */
const pointReadLimit = 32;
const pointReadsAtOnce = 8;
const perArticleBytes = 256;

const textBytes = (...texts: string[]) => texts.reduce((sum, text) => sum + 2 * text.length, 0);

/**
 * Builds the chat's search index as of `head`, reusing what `previous` (an older version) already folded: the
 * summaries (small rows) tell which articles changed, and only those are read and folded again. A first load
 * reads every article once.
 */
export async function loadSearchIndex(client: TableClient, pk: string, head: ChatHead, previous?: SearchIndex): Promise<SearchIndex> {
  const summaries = (await readRows(client, 'read chat summaries', filters.summaries(pk))).map((row) => ({ summary: summaryOf(row), rev: String(row.rev ?? '') }));
  const kept = new Map((previous?.articles ?? []).map((article) => [article.summary.id, article]));
  const changed = summaries.filter(({ summary, rev }) => kept.get(summary.id)?.rev !== rev).map(({ summary }) => summary.id);
  const scan = !previous || changed.length > pointReadLimit;
  const bodies = scan ? await scanBodies(client, pk) : await readBodies(client, pk, changed);

  let disagrees = scan && bodies.size !== summaries.length;
  const articles: IndexedArticle[] = [];
  for (const { summary, rev } of summaries) {
    const reuse = kept.get(summary.id);
    if (reuse?.rev === rev) {
      articles.push(reuse);
      continue;
    }
    const body = bodies.get(summary.id);
    if (!body || body.rev !== rev) disagrees = true;
    if (!body) continue;
    const title = foldForSearch(summary.title);
    const bytes = perArticleBytes + textBytes(title, body.folded, summary.id, summary.title, summary.excerpt, summary.authorName, summary.editorName, summary.cursor);
    articles.push({ summary, rev: body.rev, title, body: body.folded, bytes });
  }
  const bytes = articles.reduce((sum, article) => sum + article.bytes, 0);
  return { version: disagrees ? '' : head.version, articles, bytes, disagrees };
}

/** An article's text as search keeps it: folded as it is read, so the chat's raw text is never held at once. */
interface Body {
  rev: string;
  folded: string;
}

const bodyOf = (row: Row): Body => ({ rev: revisionOf(row), folded: foldForSearch(articleOf(row).body) });

async function scanBodies(client: TableClient, pk: string): Promise<Map<string, Body>> {
  const bodies = new Map<string, Body>();
  await forEachRow(client, 'read chat articles', filters.bodies(pk), (row) => bodies.set(row.rowKey ?? '', bodyOf(row)));
  return bodies;
}

async function readBodies(client: TableClient, pk: string, ids: string[]): Promise<Map<string, Body>> {
  const bodies = new Map<string, Body>();
  for (let start = 0; start < ids.length; start += pointReadsAtOnce) {
    const rows = await Promise.all(
      ids.slice(start, start + pointReadsAtOnce).map((id) => readOrNull('read article', () => client.getEntity<Record<string, unknown>>(pk, id))),
    );
    for (const row of rows) if (row) bodies.set(row.rowKey ?? '', bodyOf(row));
  }
  return bodies;
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
