import type { Article } from '../../shared/storage/articleStore';
import { html } from '../../shared/web/html';
import { linkify } from '../../shared/web/linkify';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, noticeBlock, renderSidebar, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

export interface ArticleView {
  article: Article;
  /** the viewer may edit and delete it (author, chat owner or manager) */
  canModify: boolean;
  notice?: Notice;
}

/** One article: full text with line breaks and http(s) links, who wrote and changed it, and what one can do. */
export function renderArticle(context: SidebarContext, view: ArticleView, status = 200): AppResponse {
  const { t, date } = translatorOf(context);
  const { article } = view;
  const id = { id: article.id };
  const edited = article.updatedAt !== article.createdAt;
  return renderSidebar(
    context,
    article.title,
    html`${noticeBlock(view.notice)}<article class="card" data-testid="article">
<h2 class="user-text" dir="auto" data-testid="article-title">${article.title}</h2>
<p class="meta"><span>${t('kb.created', { name: article.authorName, date: date(article.createdAt) })}</span>
${edited ? html`<span>${t('kb.edited', { name: article.editorName, date: date(article.updatedAt) })}</span>` : ''}</p>
<div class="article-body text" dir="auto" data-testid="article-body">${linkify(article.body)}</div>
<div class="row">
${actionButton(context, 'post', t('kb.post'), { fields: id, className: 'btn small' })}
${view.canModify ? actionButton(context, 'edit', t('kb.edit'), { fields: id, className: 'btn small secondary' }) : ''}
${view.canModify ? actionButton(context, 'delete', t('kb.delete'), { fields: id, className: 'btn small secondary' }) : ''}
${actionButton(context, 'list', t('kb.back'), { className: 'btn link', testId: 'back' })}
</div>
</article>`,
    status,
  );
}
