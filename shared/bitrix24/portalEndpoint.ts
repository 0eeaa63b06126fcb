import type { Config } from '../config';
import { AppError } from '../errors';

/**
 * The REST endpoint of a verified portal domain. Plain http only when the deployment allows it (local
 * testing); a request can never make the app call http on a production deployment.
 */
export function portalEndpoint(config: Config, domain: string, secure: boolean): string {
  if (!secure && !config.allowHttp) throw new AppError('forbidden', 'http portal refused (BITRIX24_ALLOW_HTTP is off)');
  return `${secure ? 'https' : 'http'}://${domain}/rest/`;
}

export function handlerUrls(config: Config): { placement: string; install: string } {
  return { placement: `${config.publicBaseUrl}/api/placement`, install: `${config.publicBaseUrl}/api/install` };
}

/**
 * A portal's REST base as a trusted answer reports it (`client_endpoint` of the OAuth server's token answer):
 * used only when well formed (https, or http where allowed; no credentials, query or fragment; a path ending
 * in `/rest/`), else null.
 */
export function restEndpointOf(value: string | undefined, allowHttp: boolean): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return null;
  if (url.username || url.password || url.search || url.hash || !url.pathname.endsWith('/rest/')) return null;
  return `${url.origin}${url.pathname}`;
}
