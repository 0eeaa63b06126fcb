import type { FieldTree } from '../../shared/bitrix24/formFields';
import { stringField } from '../../shared/bitrix24/formFields';
import { pickLang, translator, type Lang } from '../../shared/i18n';
import type { Installation } from '../../shared/storage/installationStore';
import { html, type SafeHtml } from '../../shared/web/html';
import { renderPage, type AppResponse } from '../../shared/web/page';
import type { Session } from '../../shared/web/session';
import { actionUrl, restoreUrl } from './sidebarLayout';

/** The fields of a sidebar form that a renewed or restored page sends again (never session or tokens). */
export const carriedFields = ['id', 'etag', 'title', 'body', 'format', 'source', 'version', 'entry', 'q', 'after', 'key'] as const;

/**
 * The hidden fields a resume form posts like the portal's own frame POST: the stored portal's DOMAIN and
 * PROTOCOL, the member id, the placement. The page script adds the fresh AUTH_ID, REFRESH_ID and AUTH_EXPIRES
 * it gets from BX24 (and, when restoring, the view and the dialog from the history entry).
 */
function frameFields(installation: Installation, lang: Lang): SafeHtml {
  const endpoint = new URL(installation.clientEndpoint);
  return html`<input type="hidden" name="DOMAIN" value="${installation.domain}"><input type="hidden" name="PROTOCOL" value="${endpoint.protocol === 'http:' ? '0' : '1'}">
<input type="hidden" name="LANG" value="${lang}"><input type="hidden" name="member_id" value="${installation.memberId}"><input type="hidden" name="PLACEMENT" value="IM_SIDEBAR">
<input type="hidden" name="AUTH_ID" value=""><input type="hidden" name="REFRESH_ID" value=""><input type="hidden" name="AUTH_EXPIRES" value="">`;
}

/**
 * "Your session has ended" as the sidebar shows it: with JavaScript, "Renewing your session…" while the page
 * gets a fresh token with BX24.refreshAuth and sends the user's action again (`then`, with what the form
 * carried); without it, or when renewing fails, what happened, what was typed (nothing is lost) and a button.
 */
export function renderRenewal(session: Session, sessionToken: string, installation: Installation, then: string, fields: FieldTree): SafeHtml {
  const lang = pickLang(session.lang);
  const { t } = translator(lang);
  const carried = carriedFields.flatMap((name) => {
    const value = stringField(fields, name);
    return value === undefined ? [] : [html`<input type="hidden" name="${name}" value="${value}">`];
  });
  const title = stringField(fields, 'title');
  const body = stringField(fields, 'body');
  const kept =
    title || body
      ? html`<p class="muted">${t('resume.keptText')}</p>${title ? html`<p class="user-text" dir="auto"><strong>${title}</strong></p>` : ''}${
          body ? html`<textarea readonly dir="auto" aria-label="${t('resume.keptText')}">${body}</textarea>` : ''
        }`
      : '';
  return html`<form method="post" action="${actionUrl('resume')}" data-resume="renew" data-testid="renew">
${frameFields(installation, lang)}
<input type="hidden" name="PLACEMENT_OPTIONS" value="${JSON.stringify({ dialogId: session.dialogId })}">
<input type="hidden" name="session" value="${sessionToken}"><input type="hidden" name="dialog" value="${session.dialogId}"><input type="hidden" name="then" value="${then}">
${carried}
<p class="working" data-working hidden>${t('resume.renewing')}</p>
<div data-failed hidden role="alert"><h1>${t('error.invalid_session.title')}</h1><p>${t('resume.renewFailed')}</p>${kept}
<div class="actions"><button type="submit" class="btn" data-testid="renew-again">${t('tryAgain')}</button></div></div>
<noscript><h1>${t('error.invalid_session.title')}</h1><p>${t('resume.noScript')}</p>${kept}
<div class="actions"><button type="submit" class="btn">${t('resume.renewButton')}</button></div></noscript>
</form>`;
}

/**
 * GET /api/placement/restore: where a sidebar page's history entry points once the page replaced it. Going
 * back (or reloading) lands here instead of on "Confirm Form Resubmission"; the page script shows the entry's
 * view again through a resume POST with a token from BX24. Framed by the stored portal only.
 */
export function renderRestorePage(installation: Installation | null, lang: Lang, bx24ScriptUrl: string, frameAncestor: string | undefined): AppResponse {
  const { t } = translator(lang);
  const failed = html`<p>${t('resume.restoreFailed')}</p>`;
  return renderPage({
    lang,
    title: t('sidebar.kbTitle'),
    bx24ScriptUrl,
    frameAncestor,
    data: installation ? { restore: restoreUrl(installation.memberId, lang) } : undefined,
    body: html`<section class="card" data-testid="restore">${
      installation
        ? html`<form method="post" action="${actionUrl('resume')}" data-resume="restore" data-testid="restore-form">
${frameFields(installation, lang)}
<p class="working" data-working hidden>${t('resume.opening')}</p>
<div data-failed hidden>${failed}</div>
<noscript>${failed}</noscript>
</form>`
        : failed
    }</section>`,
  });
}
