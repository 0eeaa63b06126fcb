import { relativeTimeLimitSeconds } from '../../shared/i18n';
import { cursorLength, type ArticlePage, type ArticleSummary } from '../../shared/storage/articleStore';
import { excerptOf } from '../../shared/storage/excerptOf';
import { fillHtml, html, type SafeHtml } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { articleLimitWarningFrom, maxArticlesPerChat } from '../articleLimits';
import type { TrashShown } from '../trashShown';
import {
  actionButton,
  actionUrl,
  bookIcon,
  noticeBlock,
  renderSidebar,
  searchIcon,
  sessionFields,
  translatorOf,
  type Notice,
  type SidebarContext,
  type SidebarView,
} from './sidebarLayout';

export interface ArticleListView {
  /** a page of the list, or of what the query found, newest change first */
  page: ArticlePage;
  query: string;
  /** the cursor this page continues after (a later page) */
  after?: string;
  notice?: Notice;
  /** an empty list's trash, when it holds anything (trashShown.ts) */
  trash?: TrashShown;
}

/**
 * What a list page may take, in UTF-8: the page around the articles (whose signed session, carried in each of
 * its forms, and names can reach tens of kilobytes) is rendered first, and the articles get what remains;
 * the rest comes with "Show more". So a page stays under 150 KB whatever its titles, excerpts and names are.
 */
export const listPageBytes = 150_000;
/** Names are cut in the list (the article shows them whole). */
const nameLength = 80;

/** The page's articles that fit in `room` bytes (at least one), and whether any were left for the next page. */
function itemsOf(context: SidebarContext, articles: ArticleSummary[], room: number): { items: SafeHtml[]; last?: ArticleSummary; cut: boolean } {
  const items: SafeHtml[] = [];
  let used = 0;
  for (const article of articles) {
    const item = html`<li data-testid="article-item">
<button type="submit" name="id" value="${article.id}" class="article-link user-text" dir="auto">${article.title}</button>
<p class="excerpt user-text" dir="auto">${article.excerpt}</p>
<p class="meta"><span>${excerptOf(article.editorName || article.authorName, nameLength)}</span><span class="nowrap">${changedAt(context, article.updatedAt)}</span></p>
</li>`;
    used += Buffer.byteLength(item.value);
    if (items.length > 0 && used > room) return { items, last: articles[items.length - 1], cut: true };
    items.push(item);
  }
  return { items, last: articles[articles.length - 1], cut: false };
}

/** The header of the list: the section's name and "+ New", or why no new article fits. */
function listHead(context: SidebarContext, total: number): SafeHtml {
  const { t } = translatorOf(context);
  const full = total >= maxArticlesPerChat;
  // An empty list has its own, larger button below: one is enough.
  return html`<div class="head"><h2 class="section" id="kb-title">${t('sidebar.kbTitle')}</h2>${
    total === 0
      ? ''
      : full
      ? html`<span class="btn" aria-disabled="true" data-testid="new-article-disabled"><span class="plus" aria-hidden="true">+</span>${t('kb.new')}</span>`
      : actionButton(context, 'new', t('kb.new'), { plus: true, testId: 'new-article', label: t('kb.newArticle') })
  }</div>`;
}

/** How close the chat is to its limit, shown from 900 articles on, before anyone writes the 1,001st. */
function limitNote(context: SidebarContext, total: number): SafeHtml | string {
  if (total < articleLimitWarningFrom) return '';
  const { t } = translatorOf(context);
  const text = total >= maxArticlesPerChat ? t('kb.limitFull', { max: maxArticlesPerChat }) : t('kb.limitNear', { count: total, max: maxArticlesPerChat, left: maxArticlesPerChat - total });
  return html`<p class="limit" role="note" data-testid="limit">${text}</p>`;
}

/** The way to the chat's trash, below the list (never read to show the list: the trash has its own page). */
function trashLink(context: SidebarContext): SafeHtml {
  return html`<div class="actions foot">${actionButton(context, 'trash', translatorOf(context).t('kb.trash'), { className: 'btn link', testId: 'trash' })}</div>`;
}

/** When an article changed: "5 minutes ago", or its day (in the reader's time zone) when older than a week. */
function changedAt(context: SidebarContext, updatedAt: string): SafeHtml {
  const { t, ago } = translatorOf(context);
  const old = Math.abs(Date.parse(updatedAt) - context.nowMs) >= relativeTimeLimitSeconds * 1000;
  return fillHtml(t('kb.changed'), { when: localTime(updatedAt, ago(updatedAt, context.nowMs), old ? 'day' : undefined) });
}

/** The chat's knowledge base: search, a page of the articles newest change first, or the empty state. */
export function renderArticleList(context: SidebarContext, view: ArticleListView): AppResponse {
  const { t, plural } = translatorOf(context);
  const { page, query } = view;
  const total = page.total;
  // Going back to a list page shows the list's first page again (with the query).
  const shown: SidebarView = query ? { then: 'list', q: query } : { then: 'list' };

  if (total === 0) {
    return renderSidebar(
      context,
      t('sidebar.kbTitle'),
      html`${noticeBlock(view.notice, context)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
${listHead(context, total)}
<div class="empty" data-testid="empty-state">
<div class="icon" aria-hidden="true">${bookIcon}</div>
${
  // Not "no articles yet" when they were deleted: the trash has them, and says so.
  view.trash
    ? html`<p><strong>${t('sidebar.emptyNow')}</strong></p>
<p data-testid="trash-holds">${view.trash.more ? t('kb.trash.holdsMore', { count: view.trash.count }) : plural('kb.trash.holds', view.trash.count)}</p>
${actionButton(context, 'new', t('kb.newArticle'), { plus: true, testId: 'write-first' })}`
    : html`<p><strong>${t('sidebar.emptyTitle')}</strong></p>
<p>${t('sidebar.emptyText')}</p>
${actionButton(context, 'new', t('kb.writeFirst'), { plus: true, testId: 'write-first' })}`
}
</div>
${trashLink(context)}
</section>`,
      200,
      shown,
    );
  }

  const found = page.found ?? 0;
  const searchField = query ? html`<input type="hidden" name="q" value="${query}">` : '';
  // Plain forms, so paging works without JavaScript; the query goes along, and stays in the box.
  // With the page script, "Show more" adds the next page below (pageScript.ts: each page's own form comes along,
  // so an article opened from it knows its way back); without it, the next page is a page of its own.
  const moreForm = (cursor: string) =>
    html`<form method="post" action="${actionUrl('list')}" class="more" data-more>${sessionFields(context)}${searchField}<input type="hidden" name="after" value="${cursor}"><button type="submit" class="btn" data-testid="more">${t('kb.more')}</button></form>`;
  const listPage = (items: SafeHtml[], more: SafeHtml | string) =>
    renderSidebar(
      context,
      t('sidebar.kbTitle'),
      html`${noticeBlock(view.notice, context)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
${listHead(context, total)}
<form method="post" action="${actionUrl('list')}" class="search" role="search">${sessionFields(context)}
<input type="search" name="q" value="${query}" maxlength="200" aria-label="${t('kb.search')}" placeholder="${t('kb.search')}" data-testid="search-input">
<button type="submit" class="go" aria-label="${t('kb.searchButton')}" title="${t('kb.searchButton')}" data-testid="search">${searchIcon}</button>
</form>
${limitNote(context, total)}
<p class="count" data-testid="article-count">${query ? plural('kb.found', found) : plural('kb.articles', total)}</p>
${query && found === 0 ? html`<p data-testid="no-results">${t('kb.noResults', { q: query })}</p>` : ''}
${query || view.after ? html`<div class="actions">${query ? actionButton(context, 'list', t('kb.clearSearch'), { className: 'btn link', testId: 'clear-search' }) : ''}${
      view.after ? actionButton(context, 'list', t('kb.firstPage'), { fields: query ? { q: query } : {}, className: 'btn link', testId: 'first-page' }) : ''
    }</div>` : ''}
<form method="post" action="${actionUrl('open')}" data-page>${sessionFields(context)}${searchField}${
      view.after ? html`<input type="hidden" name="from" value="${view.after}">` : ''
    }<ul class="articles">${items}</ul></form>
${more}
${trashLink(context)}
</section>`,
      200,
      shown,
    );
  // Every cursor has the same length: the page around the articles, "Show more" included, is measured first.
  const around = Buffer.byteLength(listPage([], moreForm('0'.repeat(cursorLength))).body);
  const { items, last, cut } = itemsOf(context, page.articles, listPageBytes - around);
  return listPage(items, (page.more || cut) && last ? moreForm(last.cursor) : '');
}
