import type { Article } from '../../shared/storage/articleStore';
import { html, type SafeHtml } from '../../shared/web/html';
import type { AppResponse } from '../../shared/web/page';
import { actionButton, actionUrl, renderSidebar, sessionFields, translatorOf, type SidebarContext } from './sidebarLayout';

/**
 * The slider's Close: with JavaScript it asks the portal to close the slider (BX24.closeApplication, see
 * pageScript.ts); without, the form shows a page saying the slider can be closed.
 */
function closeButton(context: SidebarContext, text: string, className: string, testId: string): SafeHtml {
  return html`<form method="post" action="${actionUrl('close')}">${sessionFields(context)}<button type="submit" class="${className}" data-close-app data-testid="${testId}">${text}</button></form>`;
}

/** A message saved from the message menu's slider: said so, with Close (and the article, if wanted). */
export function renderCaptureSaved(context: SidebarContext, article: Article): AppResponse {
  const { t } = translatorOf(context);
  return renderSidebar(
    context,
    t('capture.saved'),
    html`<section class="card notice-ok" role="status" data-testid="capture-saved">
<h1>${t('capture.saved')}</h1>
<p><strong class="user-text" dir="auto" data-testid="saved-title">${article.title}</strong></p>
<p>${t('capture.savedWhere', { chat: context.session.chatName })}</p>
<div class="actions">${closeButton(context, t('capture.close'), 'btn primary', 'close')}${actionButton(context, 'open', t('capture.openSaved'), { fields: { id: article.id }, className: 'btn link', testId: 'open-saved' })}</div>
</section>`,
  );
}

/** What Cancel (or Close) shows where the portal could not close the slider: nothing was saved, close it. */
export function renderCaptureClosed(context: SidebarContext): AppResponse {
  const { t } = translatorOf(context);
  return renderSidebar(
    context,
    t('capture.heading'),
    html`<section class="card" data-testid="capture-closed"><p>${t('capture.canClose')}</p><div class="actions">${closeButton(context, t('capture.close'), 'btn', 'close')}</div></section>`,
  );
}

/** The capture editor's Cancel: closes the slider, saving nothing. */
export function captureCancel(context: SidebarContext, text: string): SafeHtml {
  return closeButton(context, text, 'btn link', 'cancel');
}
