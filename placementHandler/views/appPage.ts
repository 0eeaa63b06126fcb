import { fillHtml, html } from '../../shared/web/html';
import { localTime } from '../../shared/web/localTime';
import { translator, type Lang } from '../../shared/i18n';
import { renderPage, type AppResponse } from '../../shared/web/page';

export interface AppPageView {
  lang: Lang;
  bx24ScriptUrl: string;
  frameAncestor: string;
  /** Present for admins only. */
  health?: {
    /** true bound, false missing, or the portal's error code when placement.get failed */
    placementBound: boolean | string;
    /** the same for the message menu item (IM_CONTEXT_MENU) */
    messageMenuBound: boolean | string;
    /** whether the installation's stored access works; `repaired` when this visit renewed it */
    access: 'ok' | 'needs_reopen' | 'repaired';
    installedAt: string;
    /** Signed session for the "bind again" form. */
    session: string;
    rebound?: boolean;
  };
}

/** The app page (PLACEMENT=DEFAULT): what the app does, how to open it, and for admins its health. */
export function renderAppPage(view: AppPageView): AppResponse {
  const { t, date } = translator(view.lang);
  const health = view.health;
  return renderPage({
    lang: view.lang,
    title: t('appName'),
    bx24ScriptUrl: view.bx24ScriptUrl,
    frameAncestor: view.frameAncestor,
    body: html`<section class="card">
<h1>${t('appName')}</h1>
<p>${t('app.intro')}</p>
</section>
<section class="card">
<h2>${t('app.howTitle')}</h2>
<ol><li>${t('app.how1')}</li><li>${t('app.how2')}</li><li>${t('app.how3')}</li></ol>
</section>
${health ? renderHealth(view.lang, health, date) : ''}`,
  });
}

function renderHealth(lang: Lang, health: NonNullable<AppPageView['health']>, date: (value: string) => string) {
  const { t } = translator(lang);
  const status = (bound: boolean | string) =>
    bound === true
      ? html`<span class="status-ok">✓ ${t('app.bound')}</span>`
      : bound === false
        ? html`<span class="status-bad">✗ ${t('app.notBound')}</span>`
        : html`<span class="muted">${t('app.healthUnknown', { code: bound })}</span>`;
  return html`<section class="card" data-testid="health">
<h2>${t('app.healthTitle')}</h2>
${health.rebound ? html`<p class="status-ok" role="status">${t('app.rebound')}</p>` : ''}
${health.access === 'repaired' ? html`<p class="status-ok" role="status" data-testid="repaired">${t('app.repaired')}</p>` : ''}
<dl>
<dt>${t('app.placement')}</dt><dd data-testid="placement-status" data-bound="${String(health.placementBound === true)}">${status(health.placementBound)}</dd>
<dt>${t('app.messageMenu')}</dt><dd data-testid="message-menu-status" data-bound="${String(health.messageMenuBound === true)}">${status(health.messageMenuBound)}</dd>
<dt>${t('app.access')}</dt><dd data-testid="access-status">${
    health.access === 'needs_reopen' ? html`<span class="status-bad">✗ ${t('app.needsReopen')}</span>` : html`<span class="status-ok">✓ ${t('app.accessOk')}</span>`
  }</dd>
</dl>
<p class="muted">${fillHtml(t('app.installedOn'), { date: localTime(health.installedAt, date(health.installedAt), 'datetime') })}</p>
${
  // Only an item that is missing, or that Bitrix24 could not report on, is worth binding again.
  health.placementBound === true && health.messageMenuBound === true
    ? ''
    : html`<form method="post" action="/api/placement/rebind" class="actions">
<input type="hidden" name="session" value="${health.session}">
<button type="submit" class="btn" data-testid="rebind">${t('app.rebind')}</button>
</form>`
}
<p class="muted foot-note">${t('app.healthAdminOnly')}</p>
</section>`;
}
