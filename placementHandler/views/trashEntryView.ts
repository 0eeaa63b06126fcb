import type { TrashedArticle } from '../../shared/storage/articleStore';
import { fillHtml, html } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { articleTextHtml } from './articleText';
import { actionButton, formKey, renderSidebar, translatorOf, type SidebarContext } from './sidebarLayout';

export interface TrashEntryView {
  trashed: TrashedArticle;
  /** the viewer may restore it or delete it for good (author, chat owner or manager) */
  canModify: boolean;
}

/**
 * A deleted article as it was when it was deleted, read-only: who wrote and deleted it and when, until when the
 * trash keeps it, Restore and Delete permanently (for those who may), and the way back to the trash.
 */
export function renderTrashEntry(context: SidebarContext, view: TrashEntryView): AppResponse {
  const { t, date } = translatorOf(context);
  const { entry, article } = view.trashed;
  const when = (at: string) => localTime(at, date(at), 'datetime');
  const actions = view.canModify
    ? html`<div class="actions">${actionButton(context, 'untrash', t('kb.trash.restore'), { fields: { entry: entry.key, key: formKey() }, className: 'btn primary', testId: 'untrash' })}${actionButton(
        context,
        'confirmErase',
        t('kb.trash.erase'),
        { fields: { entry: entry.key }, className: 'btn link danger', testId: 'erase' },
      )}</div>`
    : '';
  return renderSidebar(
    context,
    `${t('kb.trash.entryTitle')} · ${article.title}`,
    html`<article class="card" data-testid="trash-entry-view">
${actionButton(context, 'trash', `← ${t('kb.trash')}`, { className: 'btn link', testId: 'back' })}
<p class="card notice-ok" role="note">${t('kb.trash.entryNotice')}</p>
<h2 class="article-title user-text" dir="auto" data-testid="trash-entry-title">${article.title}</h2>
<p class="meta"><span>${fillHtml(t('kb.created'), { name: article.authorName, date: when(article.createdAt) })}</span><span>${fillHtml(t('kb.trash.deleted'), {
      name: entry.deletedByName,
      date: when(entry.deletedAt),
    })}</span><span>${fillHtml(t('kb.trash.until'), { date: localTime(entry.keptUntil, date(entry.keptUntil), 'day') })}</span></p>
${actions}
${articleTextHtml(article, 'trash-entry-body')}
</article>`,
    200,
    { then: 'trashEntry', entry: entry.key },
  );
}
