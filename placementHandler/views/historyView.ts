import type { Article, ArticleVersion } from '../../shared/storage/articleStore';
import { keptVersions } from '../../shared/storage/articleStore';
import { excerptOf } from '../../shared/storage/excerptOf';
import { fillHtml, html, type SafeHtml } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, formKey, noticeBlock, renderSidebar, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

export interface HistoryView {
  article: Article;
  /** the current version's etag: a restore replaces exactly this one */
  etag: string;
  /** earlier versions, newest first */
  versions: ArticleVersion[];
  /** the viewer may restore (author, chat owner or manager) */
  canModify: boolean;
  notice?: Notice;
}

/** Characters (code points) of the title the way back to the article shows; a longer title is cut with "…". */
const backTitleLength = 60;

/**
 * An article's history: the current version, then every earlier one newest first, who saved it and when, who
 * replaced it and when, each viewable and (for those who may edit) with its own Restore and Delete (for good; the current
 * version is not deleted this way: editing or deleting the article is). Restoring saves the
 * version again as a new one, so the history then holds what it replaced and a restore can itself be undone.
 */
export function renderHistory(context: SidebarContext, view: HistoryView): AppResponse {
  const { t } = translatorOf(context);
  const { article } = view;
  const when = (at: string) => localTime(at, translatorOf(context).date(at), 'datetime');
  const back = actionButton(context, 'open', `← ${excerptOf(article.title, backTitleLength)}`, { fields: { id: article.id }, className: 'btn link', testId: 'back' });
  const item = (version: ArticleVersion): SafeHtml => html`<li data-testid="version">
<p><strong class="user-text" dir="auto">${version.title}</strong></p>
<p class="meta"><span>${fillHtml(t('kb.history.saved'), { name: version.editorName, date: when(version.savedAt) })}</span><span>${fillHtml(t('kb.history.replaced'), { name: version.replacedByName, date: when(version.replacedAt) })}</span></p>
<div class="actions">${actionButton(context, 'version', t('kb.history.view'), { fields: { id: article.id, version: version.key }, testId: 'view-version' })}${
    view.canModify
      ? html`${actionButton(context, 'revert', t('kb.history.restore'), { fields: { id: article.id, version: version.key, etag: view.etag, key: formKey() }, testId: 'restore-version' })}${actionButton(
          context,
          'confirmEraseVersion',
          t('kb.history.erase'),
          { fields: { id: article.id, version: version.key }, className: 'btn link danger', testId: 'erase-version' },
        )}`
      : ''
  }</div>
</li>`;
  return renderSidebar(
    context,
    `${t('kb.historyTitle')} · ${article.title}`,
    html`${noticeBlock(view.notice)}<section class="card" data-testid="history">
${back}
<h2 class="section">${t('kb.historyTitle')}</h2>
<p class="muted">${t('kb.history.kept', { count: keptVersions })}</p>
<ul class="history">
<li data-testid="current-version"><p><strong class="user-text" dir="auto">${article.title}</strong> · ${t('kb.history.current')}</p>
<p class="meta"><span>${fillHtml(t('kb.history.saved'), { name: article.editorName, date: when(article.updatedAt) })}</span></p></li>
${view.versions.map(item)}
</ul>
${view.versions.length === 0 ? html`<p class="muted" data-testid="no-versions">${t('kb.history.empty')}</p>` : ''}
</section>`,
    200,
    { then: 'history', id: article.id },
  );
}
