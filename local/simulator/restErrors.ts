import type { UninstalledError } from './types';

// REST errors travel as `{"error","error_description"}` with a status that depends on the code; the table
// follows the protocol notes so clients see the same statuses they would see on a real portal.

const STATUS_BY_CODE: Record<string, number> = {
  expired_token: 401,
  invalid_token: 401,
  NO_AUTH_FOUND: 401,
  insufficient_scope: 403,
  ACCESS_DENIED: 403,
  ACCESS_ERROR: 403,
  ERROR_METHOD_NOT_FOUND: 404,
  QUERY_LIMIT_EXCEEDED: 503,
  OPERATION_TIME_LIMIT: 429,
  PAYMENT_REQUIRED: 402,
  PORTAL_DELETED: 500,
};

export class RestFailure extends Error {
  readonly status: number;

  constructor(
    readonly code: string,
    readonly description: string,
    readonly extra: Record<string, string> = {},
    status?: number,
  ) {
    super(`${code}: ${description}`);
    this.status = status ?? STATUS_BY_CODE[code] ?? 400;
  }

  body(): Record<string, string> {
    return { error: this.code, ...this.extra, error_description: this.description };
  }
}

export function argumentError(argument: string, reason = 'is null or empty'): RestFailure {
  return new RestFailure('ERROR_ARGUMENT', `Argument '${argument}' ${reason}`, { argument });
}

export const expiredToken = (): RestFailure =>
  new RestFailure('expired_token', 'The access token provided has expired.');
export const invalidToken = (): RestFailure =>
  new RestFailure('invalid_token', 'The access token provided is invalid.');
export const noAuth = (): RestFailure => new RestFailure('NO_AUTH_FOUND', 'Wrong authorization data');
export const accessDenied = (): RestFailure => new RestFailure('ACCESS_DENIED', 'Access denied!');
export const dialogAccessError = (): RestFailure =>
  new RestFailure('ACCESS_ERROR', 'You do not have access to the specified dialog');

const UNINSTALLED_DESCRIPTIONS: Record<UninstalledError, string> = {
  // Not the expired-token wording: the app itself is gone, so no token of it will ever work again.
  invalid_token: 'Unable to get application by token',
  PAYMENT_REQUIRED: 'Payment required',
  PORTAL_DELETED: 'Portal was deleted',
};

/** What every REST call gets once the app was removed, the subscription lapsed or the portal was deleted. */
export const uninstalledFailure = (error: UninstalledError): RestFailure =>
  new RestFailure(error, UNINSTALLED_DESCRIPTIONS[error]);
