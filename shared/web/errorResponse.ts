import { AppError, isAppError, type AppErrorCode } from '../errors';
import { html } from './html';
import { translator, type Lang, type MessageKey } from '../i18n';
import { renderPage, textResponse, type AppResponse } from './page';
import { inactiveCodes, PortalBusyError, RestError, RestUnavailableError } from '../bitrix24/restClient';

/** The one mapping from errors to responses: known errors to their status and page, anything else to 500. */
export interface ErrorContext {
  lang: Lang;
  invocationId: string;
  format: 'html' | 'text';
  bx24ScriptUrl: string;
  frameAncestor?: string;
}

const authCodes = new Set(['expired_token', 'invalid_token', 'NO_AUTH_FOUND', 'invalid_grant', 'invalid_client', 'WRONG_AUTH_TYPE']);

/** Turns errors of the layers below into the app's own, so every page speaks of what happened, not how. */
export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (error instanceof PortalBusyError) return new AppError('portal_busy', error.message, { cause: error });
  if (error instanceof RestUnavailableError) return new AppError('portal_unavailable', error.message, { cause: error });
  if (error instanceof RestError) {
    if (authCodes.has(error.code)) return new AppError('invalid_auth', error.message, { cause: error });
    if (error.code === 'QUERY_LIMIT_EXCEEDED' || error.code === 'OPERATION_TIME_LIMIT') {
      return new AppError('portal_busy', error.message, { cause: error });
    }
    if (inactiveCodes.has(error.code)) return new AppError('portal_inactive', error.message, { cause: error });
    return new AppError('portal_error', error.message, { cause: error, detail: error.code });
  }
  return null;
}

const retryable = new Set<AppErrorCode | 'internal'>(['portal_unavailable', 'portal_busy', 'portal_error', 'storage_unavailable', 'search_busy', 'internal']);

export function errorResponse(error: unknown, context: ErrorContext): AppResponse {
  const known = toAppError(error);
  const code = known?.code ?? 'internal';
  const status = known?.status ?? 500;
  const { t } = translator(context.lang);
  const title = t(`error.${code}.title` as MessageKey);
  const text = t(`error.${code}.text` as MessageKey);

  if (context.format === 'text') return textResponse(status, `${title}.`);

  const detail = known?.detail && code === 'portal_error' ? known.detail : undefined;
  const page = renderPage({
    lang: context.lang,
    title,
    bx24ScriptUrl: context.bx24ScriptUrl,
    frameAncestor: context.frameAncestor,
    body: html`<section class="card error" role="alert" data-error-code="${code}">
<h1>${title}</h1>
<p>${text}</p>
${detail ? html`<p class="muted">${detail}</p>` : ''}
${code === 'invalid_auth' || code === 'bad_request' ? html`<p class="muted">${t('reopenHint')}</p>` : ''}
${retryable.has(code) ? html`<p><button type="button" class="btn" data-retry>${t('tryAgain')}</button></p>` : ''}
${code === 'internal' ? html`<p class="muted">${t('errorReference', { id: context.invocationId })}</p>` : ''}
</section>`,
  });
  return { ...page, status };
}
