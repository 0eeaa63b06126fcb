import { AppError, isAppError, type AppErrorCode } from '../errors';
import { html, type SafeHtml } from './html';
import { translator, type Lang, type MessageKey } from '../i18n';
import { renderPage, textResponse, type AppResponse } from './page';
import { inactiveCodes, PortalBusyError, RestError, RestUnavailableError } from '../bitrix24/restClient';

/** The one mapping from errors to responses: known errors to their status and page, anything else to 500. */
export interface ErrorContext {
  lang: Lang;
  invocationId: string;
  format: 'html' | 'text';
  bx24ScriptUrl: string;
  /** the stored or verified portal origin; none: the page is not framed */
  frameAncestor?: string;
  /** what the page offers to go on, written by the handler that knows where the user was (see ErrorPlace) */
  wayOn?: SafeHtml;
  /** replaces the page's title, text and ways on (see ErrorPlace) */
  content?: SafeHtml;
  data?: Record<string, string>;
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

/** Opening the app again (the portal posts fresh tokens into the frame) may help. */
const reopenable = new Set<AppErrorCode | 'internal'>(['invalid_auth', 'invalid_session']);

export function isRetryable(code: AppErrorCode | 'internal'): boolean {
  return retryable.has(code);
}

export function errorResponse(error: unknown, context: ErrorContext): AppResponse {
  const known = toAppError(error);
  const code = known?.code ?? 'internal';
  const status = known?.status ?? 500;
  const { t } = translator(context.lang);
  const title = t(`error.${code}.title` as MessageKey);
  const text = t(`error.${code}.text` as MessageKey);

  if (context.format === 'text') return textResponse(status, `${title}.`);

  const detail = known?.detail && (code === 'portal_error' || code === 'article_deleted') ? known.detail : undefined;
  const wayOn =
    context.wayOn ??
    html`${code === 'invalid_auth' || code === 'bad_request' ? html`<p class="muted">${t('reopenHint')}</p>` : ''}
${retryable.has(code) || reopenable.has(code) ? html`<div class="actions"><button type="button" class="btn" data-retry data-testid="retry">${retryable.has(code) ? t('tryAgain') : t('openAgain')}</button></div>` : ''}`;
  const page = renderPage({
    lang: context.lang,
    title,
    bx24ScriptUrl: context.bx24ScriptUrl,
    frameAncestor: context.frameAncestor,
    data: context.data,
    body: context.content
      ? html`<section class="card" data-error-code="${code}" data-testid="error">${context.content}</section>`
      : html`<section class="card error" role="alert" data-error-code="${code}" data-testid="error">
<h1>${title}</h1>
<p>${text}</p>
${detail ? html`<p class="muted">${detail}</p>` : ''}
${wayOn}
${code === 'internal' ? html`<p class="muted">${t('errorReference', { id: context.invocationId })}</p>` : ''}
</section>`,
  });
  return { ...page, status };
}
