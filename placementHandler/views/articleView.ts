import type { Article } from '../../shared/storage/articleStore';
import { fillHtml, html } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { articleTextHtml, sourceLine } from './articleText';
import { actionButton, formKey, noticeBlock, renderSidebar, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

export interface ArticleView {
  article: Article;
  /** the viewer may edit and delete it (author, chat owner or manager) */
  canModify: boolean;
  notice?: Notice;
  /** the list it was opened from (a search, a later page), where its way back leads */
  listed?: { q?: string; after?: string };
}

/**
 * One article: who wrote and changed it (and the chat message it was saved from), what one can do with it
 * (at the top, so a long article needs no scrolling to act on it: Post and Edit in sight, History and Delete in
 * a "⋯" menu that is a <details>, so it opens without JavaScript), its text as formatted, and the way back again
 * below.
 */
export function renderArticle(context: SidebarContext, view: ArticleView, status = 200): AppResponse {
  const { t, date } = translatorOf(context);
  const { article } = view;
  const id = { id: article.id };
  const edited = article.updatedAt !== article.createdAt;
  // One key per rendered Post button: the same post sent twice posts once.
  const post = (testId: string) => actionButton(context, 'post', t('kb.post'), { fields: { ...id, key: formKey() }, testId });
  const back = (testId: string) =>
    actionButton(context, 'list', `← ${view.listed?.q ? t('kb.backToResults') : t('kb.back')}`, { fields: view.listed ?? {}, className: 'btn link', testId });
  return renderSidebar(
    context,
    article.title,
    html`${noticeBlock(view.notice)}<article class="card" data-testid="article">
${back('back')}
<h2 class="article-title user-text" dir="auto" data-testid="article-title">${article.title}</h2>
<p class="meta"><span>${fillHtml(t('kb.created'), { name: article.authorName, date: localTime(article.createdAt, date(article.createdAt), 'datetime') })}</span>
${edited ? html`<span>${fillHtml(t('kb.edited'), { name: article.editorName, date: localTime(article.updatedAt, date(article.updatedAt), 'datetime') })}</span>` : ''}</p>
<div class="actions article-actions" data-testid="article-actions">${post('post')}
${view.canModify ? actionButton(context, 'edit', t('kb.edit'), { fields: id }) : ''}
<details class="menu" data-testid="more-actions"><summary class="btn" aria-label="${t('kb.moreActions')}" title="${t('kb.moreActions')}" data-testid="more-actions-button">⋯</summary>
<div class="menu-items">${actionButton(context, 'history', article.versionCount ? `${t('kb.history')} (${article.versionCount})` : t('kb.history'), { fields: id, className: 'btn link', testId: 'history' })}
${view.canModify ? actionButton(context, 'delete', t('kb.delete'), { fields: id, className: 'btn link danger' }) : ''}</div>
</details>
</div>
${article.source ? sourceLine(context, article.source) : ''}
${articleTextHtml(article)}
<div class="actions">${back('back-bottom')}${post('post-bottom')}</div>
</article>`,
    status,
    { then: 'open', id: article.id },
  );
}
