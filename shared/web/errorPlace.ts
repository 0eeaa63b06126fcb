import type { AppErrorCode } from '../errors';
import type { Lang } from '../i18n';
import type { SafeHtml } from './html';

export type ErrorCode = AppErrorCode | 'internal';

/**
 * Where an error page is shown and what it offers, as far as the handler knew before it failed: the portal
 * that may frame it (one the app stored or verified, never one a request names), the reader's language, and
 * the ways on (back to the list, try again, renew the session).
 */
export interface ErrorPlace {
  frameAncestor?: string;
  lang?: Lang;
  /** Markup the app wrote: buttons and forms shown under the error's text, instead of the generic ones. */
  wayOn?: SafeHtml;
  /** Markup the app wrote that replaces the page's whole message (e.g. "Renewing your session…"). */
  content?: SafeHtml;
  /** `data-*` of the page's `<main>` (see PageOptions.data). */
  data?: Record<string, string>;
}

/** Asked only when an error page is needed, so describing the place costs nothing on the way to success. */
export type ErrorPlaceOf = (code: ErrorCode) => ErrorPlace | Promise<ErrorPlace>;
