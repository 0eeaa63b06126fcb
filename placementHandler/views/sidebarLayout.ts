import { newFormKey } from '../../shared/storage/formKeyStore';
import { html, raw, type SafeHtml } from '../../shared/web/html';
import { pickLang, translator, type Translator } from '../../shared/i18n';
import { renderPage, type AppResponse } from '../../shared/web/page';
import type { Session } from '../../shared/web/session';

export type ChatKind = 'chat' | 'open' | 'workgroup' | 'private' | 'lines';

/** What every sidebar view needs: the verified session and how to send the page. */
export interface SidebarContext {
  session: Session;
  /** the signed session, carried in every form */
  sessionToken: string;
  bx24ScriptUrl: string;
  frameAncestor: string;
  nowMs: number;
}

export interface Notice {
  kind: 'ok' | 'bad';
  text: string;
  /** the trash entry of an article just deleted: the notice offers Undo (restoring it) */
  undo?: string;
}

export function chatKind(dialog: { type: string; entity_type: string }, dialogId: string): ChatKind {
  if (/^\d+$/.test(dialogId) || dialog.type === 'private') return 'private';
  if (dialog.entity_type === 'SONET_GROUP' || dialogId.startsWith('sg')) return 'workgroup';
  if (dialog.type === 'lines') return 'lines';
  if (dialog.type === 'open') return 'open';
  return 'chat';
}

export function translatorOf(context: SidebarContext): Translator {
  return translator(pickLang(context.session.lang));
}

/** Where a sidebar form posts: the same function, the action as a route parameter. */
export function actionUrl(action: string): string {
  return `/api/placement/${action}`;
}

/** The hidden fields every sidebar form carries: the signed session and the dialog it is for. */
export function sessionFields(context: SidebarContext): SafeHtml {
  return html`<input type="hidden" name="session" value="${context.sessionToken}"><input type="hidden" name="dialog" value="${context.session.dialogId}">`;
}

/** A one-button form posting to an action, with optional hidden fields. */
export function actionButton(
  context: SidebarContext,
  action: string,
  text: string,
  options: { fields?: Record<string, string>; className?: string; testId?: string; plus?: boolean; label?: string } = {},
): SafeHtml {
  const hidden = Object.entries(options.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form method="post" action="${actionUrl(action)}">${sessionFields(context)}${hidden}<button type="submit" class="${options.className ?? 'btn'}" data-testid="${options.testId ?? action}"${
    options.label ? html` aria-label="${options.label}"` : ''
  }>${options.plus ? html`<span class="plus" aria-hidden="true">+</span>` : ''}${text}</button></form>`;
}

/**
 * A fresh one-time key for a form that writes: the same form sent twice writes once (see onceOnly.ts). It
 * carries when it was rendered: a form kept open longer than keys are kept is refused instead.
 */
export function formKey(): string {
  return newFormKey(Date.now());
}

/** A notice above the page (what was done, or what went wrong); with `undo`, a button that takes a delete back. */
export function noticeBlock(notice: Notice | undefined, context?: SidebarContext): SafeHtml | string {
  if (!notice) return '';
  const kind = html`class="card ${notice.kind === 'ok' ? 'notice-ok' : 'notice-bad'}" role="${notice.kind === 'ok' ? 'status' : 'alert'}"`;
  if (notice.undo && context) {
    const undo = actionButton(context, 'untrash', translatorOf(context).t('kb.trash.undo'), { fields: { entry: notice.undo, key: formKey() }, className: 'btn link', testId: 'undo' });
    return html`<div ${kind} data-testid="notice-box"><span data-testid="notice">${notice.text}</span> ${undo}</div>`;
  }
  return html`<p ${kind} data-testid="notice">${notice.text}</p>`;
}

/** Drawn inline: no icon fonts or emoji fonts are assumed on the user's machine. */
export const bookIcon = raw(
  '<svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M4 19.5A2.5 2.5 0 0 1 6.5 17H20"/><path d="M6.5 2H20v20H6.5A2.5 2.5 0 0 1 4 19.5v-15A2.5 2.5 0 0 1 6.5 2z"/><path d="M9 7h7M9 11h5"/></svg>',
);

export const searchIcon = raw(
  '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/></svg>',
);

/** What a sidebar page shows, so that going back to it (or reloading it) can show it again. */
export interface SidebarView {
  then: 'list' | 'open' | 'new' | 'edit' | 'delete' | 'history' | 'version' | 'trash' | 'trashEntry' | 'confirmErase' | 'confirmEraseVersion' | 'confirmEmptyTrash';
  id?: string;
  q?: string;
  /** an earlier version of the article `id` (then: version, confirmEraseVersion) */
  version?: string;
  /** a trash entry (then: trashEntry, confirmErase) */
  entry?: string;
}

/** Where a page's history entry points once the page replaced it: a GET that shows its view again. */
export function restoreUrl(memberId: string, lang: string): string {
  return `${actionUrl('restore')}?${new URLSearchParams({ member: memberId, lang }).toString()}`;
}

/**
 * The sidebar page: one view of the knowledge base. No header of its own: the portal already shows the chat
 * and the app's name above the frame.
 */
export function renderSidebar(context: SidebarContext, title: string, content: SafeHtml, status = 200, view?: SidebarView): AppResponse {
  const { lang } = translatorOf(context);
  const { session } = context;
  const page = renderPage({
    lang,
    title: `${title} · ${session.chatName}`,
    bx24ScriptUrl: context.bx24ScriptUrl,
    frameAncestor: context.frameAncestor,
    data: view ? { view: JSON.stringify({ ...view, dialog: session.dialogId }), restore: restoreUrl(session.memberId, lang) } : undefined,
    body: content,
  });
  return { ...page, status };
}
