import type { StoredArticle } from '../../shared/storage/articleStore';
import { html } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { trashRetentionDays } from '../../shared/storage/articleStore';
import { actionButton, formKey, renderSidebar, translatorOf, type SidebarContext } from './sidebarLayout';

/** The confirmation step before deleting (to the trash): works without JavaScript; confirming twice deletes once. */
export function renderDeleteConfirm(context: SidebarContext, stored: StoredArticle): AppResponse {
  const { t } = translatorOf(context);
  const { article } = stored;
  return renderSidebar(
    context,
    t('kb.confirmDeleteTitle'),
    html`<section class="card" data-testid="confirm-delete">
<h2>${t('kb.confirmDeleteTitle')}</h2>
<p class="user-text" dir="auto">${t('kb.confirmDeleteText', { title: article.title, days: trashRetentionDays })}</p>
<div class="actions">
${actionButton(context, 'remove', t('kb.confirmDelete'), { fields: { id: article.id, etag: stored.etag, key: formKey() }, className: 'btn danger strong', testId: 'confirm' })}
${actionButton(context, 'open', t('kb.cancel'), { fields: { id: article.id }, className: 'btn link', testId: 'cancel' })}
</div>
</section>`,
    200,
    { then: 'delete', id: article.id },
  );
}
