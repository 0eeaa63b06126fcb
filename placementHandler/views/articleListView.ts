import type { StoredArticle } from '../../shared/storage/articleStore';
import { html } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, actionUrl, bookIcon, noticeBlock, renderSidebar, sessionFields, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

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
 * list pages render 200 of these. The body is read only through `length`, `charCodeAt` and `slice`, so tests
 * can count the work on the largest hostile bodies.
 */
export function excerptOf(body: Pick<string, 'length' | 'charCodeAt' | 'slice'>, length = excerptLength): string {
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
  return word === -1 ? out : out + body.slice(word, body.length);
}

/** The chat's knowledge base: search, the articles newest change first, or the empty state. */
export function renderArticleList(context: SidebarContext, view: ArticleListView): AppResponse {
  const { t, plural, ago } = translatorOf(context);
  const { articles, total, query } = view;

  if (total === 0) {
    return renderSidebar(
      context,
      t('sidebar.kbTitle'),
      html`${noticeBlock(view.notice)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
<h2 id="kb-title">${t('sidebar.kbTitle')}</h2>
<div class="empty" data-testid="empty-state">
<div class="icon" aria-hidden="true">${bookIcon}</div>
<p><strong>${t('sidebar.emptyTitle')}</strong></p>
<p class="muted">${t('sidebar.emptyText')}</p>
${actionButton(context, 'new', t('kb.writeFirst'), { testId: 'write-first' })}
</div>
</section>`,
    );
  }

  const items = articles.map(
    ({ article }) => html`<li data-testid="article-item">
<button type="submit" name="id" value="${article.id}" class="article-link user-text" dir="auto">${article.title}</button>
<p class="excerpt user-text" dir="auto">${excerptOf(article.body)}</p>
<p class="meta"><span>${article.editorName || article.authorName}</span><span>${t('kb.changed', { when: ago(article.updatedAt, context.nowMs) })}</span></p>
</li>`,
  );
  return renderSidebar(
    context,
    t('sidebar.kbTitle'),
    html`${noticeBlock(view.notice)}<section class="card" aria-labelledby="kb-title" data-testid="knowledge-base">
<div class="row spread"><h2 id="kb-title">${t('sidebar.kbTitle')}</h2>${actionButton(context, 'new', t('kb.newArticle'), { className: 'btn small', testId: 'new-article' })}</div>
<form method="post" action="${actionUrl('list')}" class="search" role="search">${sessionFields(context)}
<input type="search" name="q" value="${query}" maxlength="200" aria-label="${t('kb.search')}" placeholder="${t('kb.search')}" data-testid="search-input">
<button type="submit" class="btn small" data-testid="search">${t('kb.searchButton')}</button>
</form>
<p class="muted" data-testid="article-count">${query ? plural('kb.found', articles.length) : plural('kb.articles', total)}</p>
${query && articles.length === 0 ? html`<p data-testid="no-results">${t('kb.noResults', { q: query })}</p>` : ''}
${query ? actionButton(context, 'list', t('kb.clearSearch'), { className: 'btn link', testId: 'clear-search' }) : ''}
<form method="post" action="${actionUrl('open')}">${sessionFields(context)}<ul class="articles">${items}</ul></form>
</section>`,
  );
}
