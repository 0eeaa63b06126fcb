import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import { pickLang } from '../shared/i18n';
import type { Runtime } from '../shared/runtime';
import { isRetryable } from '../shared/web/errorResponse';
import type { ErrorPlace, ErrorPlaceOf } from '../shared/web/errorPlace';
import { html } from '../shared/web/html';
import { portalOrigin } from '../shared/web/page';
import { authenticSession } from './authenticSession';
import { carriedFields, renderRenewal } from './views/resumeForm';
import { actionButton, restoreUrl, translatorOf, type SidebarContext } from './views/sidebarLayout';

/**
 * Where an error page of a sidebar action (or of the app page's rebind) is shown: in the portal whose page
 * carried a session this deployment signed (even an ended one), in the user's language, with a way on. A
 * session that ended is renewed (renderRenewal); a failure worth repeating offers "Try again" (the same form,
 * one-time key included, so it never writes twice); any other offers the list. A session that is not ours
 * learns nothing and gets an unframed page.
 */
export function sidebarErrorPlace(runtime: Runtime, fields: FieldTree, action: string): ErrorPlaceOf {
  return async (code): Promise<ErrorPlace> => {
    const token = stringField(fields, 'session') ?? '';
    const session = authenticSession(runtime, token);
    if (!session) return {};
    const lang = pickLang(session.lang);
    const stored = await runtime.installations.get(session.memberId);
    if (!stored) return { lang };
    const frameAncestor = portalOrigin(stored.installation);
    // The app page's admin session, or a session sent for another chat: framed, with the default ways on.
    if (!session.dialogId || session.dialogId !== stringField(fields, 'dialog')) return { lang, frameAncestor };
    const restore = restoreUrl(session.memberId, lang);
    if (code === 'invalid_session') {
      if (session.expiresAt > runtime.now()) return { lang, frameAncestor };
      return { lang, frameAncestor, content: renderRenewal(session, token, stored.installation, action, fields), data: { restore } };
    }
    const context: SidebarContext = { session, sessionToken: token, bx24ScriptUrl: runtime.config.bx24ScriptUrl, frameAncestor, nowMs: runtime.nowMs() };
    const { t } = translatorOf(context);
    const carried = Object.fromEntries(carriedFields.flatMap((name) => (stringField(fields, name) === undefined ? [] : [[name, stringField(fields, name) ?? '']])));
    const back = actionButton(context, 'list', `← ${t('kb.back')}`, { className: 'btn link', testId: 'back' });
    const wayOn =
      code === 'not_member'
        ? html``
        : html`<div class="actions">${isRetryable(code) ? actionButton(context, action, t('tryAgain'), { fields: carried, testId: 'retry' }) : ''}${
            code === 'article_deleted' ? actionButton(context, 'trash', t('kb.trash'), { testId: 'to-trash' }) : ''
          }${back}</div>`;
    // Going back to this page later shows the list.
    return { lang, frameAncestor, wayOn, data: { view: JSON.stringify({ then: 'list', dialog: session.dialogId }), restore } };
  };
}
