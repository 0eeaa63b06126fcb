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
