/**
 * The app's error family. Every error has a stable string code that the one response mapping
 * (shared/web/errorResponse.ts) turns into a status and a localized page. Messages name a REST method or
 * "token endpoint", never a URL or a token: URLs of Bitrix24 calls can carry secrets.
 */
export type AppErrorCode =
  | 'bad_request' // malformed or incomplete request
  | 'payload_too_large'
  | 'not_installed' // member_id unknown to this deployment
  | 'forbidden' // request contradicts what we stored (domain, application token)
  | 'unknown_oauth_server' // the portal's OAuth server (region) is not one this deployment allows
  | 'portal_moved' // the portal answered from another address that could not be confirmed as the same portal
  | 'invalid_auth' // the portal or OAuth server rejected the user's token
  | 'invalid_session' // a sidebar action without a valid signed session for this dialog
  | 'not_member' // the user is not a member of the dialog
  | 'message_not_found' // a chat message that is not in the dialog (for this user), or was deleted
  | 'needs_reopen' // the installation's tokens stopped working: an admin must open the app again
  | 'portal_inactive' // the portal says the app is gone (uninstalled, unpaid, portal deleted)
  | 'portal_busy' // the portal kept answering "too many requests" past the retry budget
  | 'not_found'
  | 'article_deleted' // an article someone deleted meanwhile: it is in the chat's trash
  | 'portal_unavailable' // portal or OAuth server did not answer properly in time
  | 'portal_error' // the portal answered with an error we cannot act on
  | 'storage_unavailable'
  | 'search_busy' // this instance is loading as many chats for search as it may: try again shortly
  | 'config'; // the deployment's settings are missing or invalid

export const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  not_installed: 403,
  forbidden: 403,
  unknown_oauth_server: 403,
  portal_moved: 502,
  invalid_auth: 401,
  invalid_session: 401,
  not_member: 403,
  message_not_found: 404,
  needs_reopen: 503,
  portal_inactive: 403,
  portal_busy: 503,
  not_found: 404,
  article_deleted: 404,
  portal_unavailable: 502,
  portal_error: 502,
  storage_unavailable: 503,
  search_busy: 503,
  config: 500,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** What to show the user beyond the code's standard text, already safe to show (no secrets). */
  readonly detail?: string;

  constructor(code: AppErrorCode, message: string, options?: { cause?: unknown; detail?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options?.detail;
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
