import type { StoredArticle } from '../../shared/storage/articleStore';
import { relativeTimeLimitSeconds } from '../../shared/i18n';
import { fillHtml, html, type SafeHtml } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { articleLimitWarningFrom, maxArticlesPerChat } from '../articleLimits';
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
  /** the articles to show, newest change first (already filtered by the query) */
  articles: StoredArticle[];
  /** how many the chat has in all */
  total: number;
  query: string;
  notice?: Notice;
}

const excerptLength = 160;

/** White space that an excerpt folds into one space (ASCII controls and space, NEL, NBSP, Unicode spaces). */
function isSpace(code: number): boolean {
  return code <= 32 || code === 0x85 || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

/**
 * The start of a body on one line: runs of white space become one space, cut after `length` characters
 * (code points) with an ellipsis. One pass over just the characters it keeps, copying whole words at a time:
 * list pages render 200 of these.
 */
export function excerptOf(body: string, length = excerptLength): string {
  let out = '';
  let count = 0;
  let space = false;
  /** where the word being copied starts, or -1 between words */
  let word = -1;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (isSpace(code)) {
      if (word !== -1) out += body.slice(word, i);
      word = -1;
      space = count > 0;
      continue;
    }
    if (count + (space ? 1 : 0) >= length) return `${word === -1 ? out : out + body.slice(word, i)}…`;
    if (space) {
      out += ' ';
      count++;
      space = false;
    }
    if (word === -1) word = i;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = body.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return word === -1 ? out : out + body.slice(word);
}

/** The header of the list: the section's name and "+ New", or why no new article fits. */
function listHead(context: SidebarContext, total: number): SafeHtml {
  const { t } = translatorOf(context);
  const full = total >= maxArticlesPerChat;
  return html`<div class="head"><h2 class="section" id="kb-title">${t('sidebar.kbTitle')}</h2>${
    full
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

/** When an article changed: "5 minutes ago", or its day (in the reader's time zone) when older than a week. */
function changedAt(context: SidebarContext, updatedAt: string): SafeHtml {
  const { t, ago } = translatorOf(context);
  const old = Math.abs(Date.parse(updatedAt) - context.nowMs) >= relativeTimeLimitSeconds * 1000;
  return fillHtml(t('kb.changed'), { when: localTime(updatedAt, ago(updatedAt, context.nowMs), old ? 'day' : undefined) });
}

/** The chat's knowledge base: search, the articles newest change first, or the empty state. */
export function renderArticleList(context: SidebarContext, view: ArticleListView): AppResponse {
  const { t, plural } = translatorOf(context);
  const { articles, total, query } = view;
  const shown: SidebarView = query ? { then: 'list', q: query } : { then: 'list' };

  if (total === 0) {
    return renderSidebar(
      context,
      t('sidebar.kbTitle'),
      html`${noticeBlock(view.notice)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
${listHead(context, total)}
<div class="empty" data-testid="empty-state">
<div class="icon" aria-hidden="true">${bookIcon}</div>
<p><strong>${t('sidebar.emptyTitle')}</strong></p>
<p>${t('sidebar.emptyText')}</p>
${actionButton(context, 'new', t('kb.writeFirst'), { plus: true, testId: 'write-first' })}
</div>
</section>`,
      200,
      shown,
    );
  }

  const items = articles.map(
    ({ article }) => html`<li data-testid="article-item">
<button type="submit" name="id" value="${article.id}" class="article-link user-text" dir="auto">${article.title}</button>
<p class="excerpt user-text" dir="auto">${excerptOf(article.body)}</p>
<p class="meta"><span>${article.editorName || article.authorName}</span><span class="nowrap">${changedAt(context, article.updatedAt)}</span></p>
</li>`,
  );
  return renderSidebar(
    context,
    t('sidebar.kbTitle'),
    html`${noticeBlock(view.notice)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
${listHead(context, total)}
<form method="post" action="${actionUrl('list')}" class="search" role="search">${sessionFields(context)}
<input type="search" name="q" value="${query}" maxlength="200" aria-label="${t('kb.search')}" placeholder="${t('kb.search')}" data-testid="search-input">
<button type="submit" class="go" aria-label="${t('kb.searchButton')}" title="${t('kb.searchButton')}" data-testid="search">${searchIcon}</button>
</form>
${limitNote(context, total)}
<p class="count" data-testid="article-count">${query ? plural('kb.found', articles.length) : plural('kb.articles', total)}</p>
${query && articles.length === 0 ? html`<p data-testid="no-results">${t('kb.noResults', { q: query })}</p>` : ''}
${query ? html`<div class="actions">${actionButton(context, 'list', t('kb.clearSearch'), { className: 'btn link', testId: 'clear-search' })}</div>` : ''}
<form method="post" action="${actionUrl('open')}">${sessionFields(context)}<ul class="articles">${items}</ul></form>
</section>`,
    200,
    shown,
  );
}
