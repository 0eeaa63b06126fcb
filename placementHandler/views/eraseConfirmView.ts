import { html } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, formKey, renderSidebar, translatorOf, type SidebarContext, type SidebarView } from './sidebarLayout';

/** What a confirmation of a permanent deletion says and where its buttons lead. */
export interface EraseConfirm {
  heading: string;
  /** what goes for good, by name, and that it cannot be undone */
  text: string;
  /** the action that deletes, with the fields it needs (a one-time key is added) */
  erase: { action: string; fields: Record<string, string> };
  /** where Cancel leads */
  cancel: { action: string; fields: Record<string, string> };
  view: SidebarView;
}

/**
 * The step before deleting something for good (a deleted article, an earlier version, the whole trash): says
 * what goes and that it cannot be undone; works without JavaScript; confirming twice deletes once.
 */
export function renderEraseConfirm(context: SidebarContext, confirm: EraseConfirm): AppResponse {
  const { t } = translatorOf(context);
  return renderSidebar(
    context,
    confirm.heading,
    html`<section class="card" data-testid="confirm-erase">
<h2>${confirm.heading}</h2>
<p class="user-text" dir="auto" data-testid="erase-text">${confirm.text}</p>
<div class="actions">
${actionButton(context, confirm.erase.action, t('kb.erase.confirm'), { fields: { ...confirm.erase.fields, key: formKey() }, className: 'btn danger strong', testId: 'confirm' })}
${actionButton(context, confirm.cancel.action, t('kb.cancel'), { fields: confirm.cancel.fields, className: 'btn link', testId: 'cancel' })}
</div>
</section>`,
    200,
    confirm.view,
  );
}
