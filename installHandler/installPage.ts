import { html } from '../shared/web/html';
import { translator, type Lang } from '../shared/i18n';
import { renderPage, type AppResponse } from '../shared/web/page';

export type InstallFailure = { reason: 'verify' | 'unavailable' | 'storage' | 'oauth_server' | 'moved' } | { reason: 'bind'; code: string };

interface InstallPageView {
  lang: Lang;
  bx24ScriptUrl: string;
  /** none: the page is not framed (a failure before the portal was verified, of a portal not stored) */
  frameAncestor?: string;
  failure?: InstallFailure;
}

/**
 * The page Bitrix24 shows the installing admin. Only the success page calls BX24.installFinish(); a failed
 * install says what went wrong and what to do, and leaves the app "not fully installed".
 */
export function renderInstallPage(view: InstallPageView): AppResponse {
  const { t } = translator(view.lang);
  const failure = view.failure;
  if (!failure) {
    return renderPage({
      lang: view.lang,
      title: t('install.done'),
      bx24ScriptUrl: view.bx24ScriptUrl,
      frameAncestor: view.frameAncestor,
      onBx24Ready: 'B.installFinish();',
      body: html`<section class="card notice" data-install="done">
<h1>${t('install.done')}</h1>
<p>${t('install.doneText')}</p>
</section>`,
    });
  }
  const reason =
    failure.reason === 'bind' ? t('install.reason.bind', { code: failure.code }) : t(`install.reason.${failure.reason}`);
  const page = renderPage({
    lang: view.lang,
    title: t('install.failed'),
    bx24ScriptUrl: view.bx24ScriptUrl,
    frameAncestor: view.frameAncestor,
    body: html`<section class="card error" role="alert" data-install="failed" data-reason="${failure.reason}">
<h1>${t('install.failed')}</h1>
<p>${reason}</p>
<h2>${t('install.failedWhat')}</h2>
<p>${t('install.failedRetry')}</p>
</section>`,
  });
  const status = { verify: 403, bind: 502, unavailable: 502, storage: 503, oauth_server: 403, moved: 502 }[failure.reason];
  return { ...page, status };
}
