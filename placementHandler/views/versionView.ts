import type { Article, ArticleVersionText } from '../../shared/storage/articleStore';
import { fillHtml, html } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { articleTextHtml } from './articleText';
import { actionButton, formKey, renderSidebar, translatorOf, type SidebarContext } from './sidebarLayout';

export interface VersionView {
  /** the article as it is now */
  current: { article: Article; etag: string };
  version: ArticleVersionText;
  canModify: boolean;
}

/**
 * One earlier version of an article, as it was shown then, with Restore and Delete this version (for those who
 * may edit) and the way back.
 */
export function renderVersion(context: SidebarContext, view: VersionView): AppResponse {
  const { t, date } = translatorOf(context);
  const { version, current } = view;
  const id = current.article.id;
  const restore = view.canModify
    ? actionButton(context, 'revert', t('kb.history.restore'), { fields: { id, version: version.key, etag: current.etag, key: formKey() }, className: 'btn primary', testId: 'restore-version' })
    : '';
  const erase = view.canModify
    ? actionButton(context, 'confirmEraseVersion', t('kb.history.eraseThis'), { fields: { id, version: version.key }, className: 'btn link danger', testId: 'erase-version' })
    : '';
  return renderSidebar(
    context,
    `${t('kb.history.versionTitle')} · ${version.title}`,
    html`<article class="card" data-testid="version-view">
${actionButton(context, 'history', `← ${t('kb.historyTitle')}`, { fields: { id }, className: 'btn link', testId: 'back' })}
<p class="card notice-ok" role="note">${t('kb.history.versionNotice')}</p>
<h2 class="article-title user-text" dir="auto" data-testid="version-title">${version.title}</h2>
<p class="meta"><span>${fillHtml(t('kb.history.saved'), { name: version.editorName, date: localTime(version.savedAt, date(version.savedAt), 'datetime') })}</span></p>
<div class="actions">${restore}${erase}</div>
${articleTextHtml(version.article, 'version-body')}
</article>`,
    200,
    { then: 'version', id, version: version.key },
  );
}
