import { trashRetentionDays, type TrashEntry, type TrashPage } from '../../shared/storage/articleStore';
import { fillHtml, html, type SafeHtml } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import type { AppResponse } from '../../shared/web/page';
import { canModify } from '../articleAccess';
import { actionButton, formKey, noticeBlock, renderSidebar, translatorOf, type Notice, type SidebarContext } from './sidebarLayout';

export interface TrashView {
  page: TrashPage;
  notice?: Notice;
}

/**
 * The chat's trash: deleted articles, newest deletion first, who deleted them and when, until when they are
 * kept, each viewable as it was, with Restore and Delete permanently for those who may edit it (its author, the chat's
 * owner and managers), and Empty trash for the chat's owner and managers; 50 a page.
 */
export function renderTrash(context: SidebarContext, view: TrashView): AppResponse {
  const { t, date } = translatorOf(context);
  const when = (at: string) => localTime(at, date(at), 'datetime');
  const item = (entry: TrashEntry): SafeHtml => html`<li data-testid="trash-entry">
<p><strong class="user-text" dir="auto">${entry.title}</strong></p>
<p class="meta"><span>${fillHtml(t('kb.trash.deleted'), { name: entry.deletedByName, date: when(entry.deletedAt) })}</span><span>${fillHtml(t('kb.trash.until'), { date: localTime(entry.keptUntil, date(entry.keptUntil), 'day') })}</span></p>
<div class="actions">${actionButton(context, 'trashEntry', t('kb.trash.view'), { fields: { entry: entry.key }, testId: 'view-entry' })}${
    canModify(context, entry)
      ? html`${actionButton(context, 'untrash', t('kb.trash.restore'), { fields: { entry: entry.key, key: formKey() }, testId: 'untrash' })}${actionButton(context, 'confirmErase', t('kb.trash.erase'), {
          fields: { entry: entry.key },
          className: 'btn link danger',
          testId: 'erase',
        })}`
      : ''
  }</div>
</li>`;
  const empty =
    context.session.canModerate && view.page.entries.length > 0
      ? html`<div class="actions">${actionButton(context, 'confirmEmptyTrash', t('kb.trash.emptyTrash'), { className: 'btn link danger', testId: 'empty-trash' })}</div>`
      : '';
  const last = view.page.entries[view.page.entries.length - 1];
  return renderSidebar(
    context,
    t('kb.trash'),
    html`${noticeBlock(view.notice)}<section class="card" data-testid="trash-page">
${actionButton(context, 'list', `← ${t('kb.back')}`, { className: 'btn link', testId: 'back' })}
<h2 class="section">${t('kb.trash')}</h2>
<p class="muted">${t('kb.trash.intro', { days: trashRetentionDays })}</p>
${empty}
${view.page.entries.length === 0 ? html`<p data-testid="trash-empty">${t('kb.trash.empty')}</p>` : html`<ul class="trash">${view.page.entries.map(item)}</ul>`}
${view.page.more && last ? actionButton(context, 'trash', t('kb.more'), { fields: { after: last.key }, testId: 'more' }) : ''}
</section>`,
    200,
    { then: 'trash' },
  );
}
