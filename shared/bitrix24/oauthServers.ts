import { isHttpUrl, serverUrl } from '../config';

/**
 * The allowed OAuth server that a request's `SERVER_ENDPOINT` / `auth[server_endpoint]`
 * (`https://oauth.bitrix24.tech/rest/`) names, or null when it names none of them: a request chooses among
 * the configured servers, it never adds one.
 */
export function oauthServerOf(serverEndpoint: string, allowed: readonly string[]): string | null {
  if (!isHttpUrl(serverEndpoint)) return null;
  const url = new URL(serverEndpoint);
  const base = serverUrl(`${url.origin}${url.pathname.replace(/rest\/?$/, '')}`);
  return allowed.find((server) => server === base) ?? null;
}

/** A stored OAuth server URL in the spelling the configuration uses (see serverUrl); unchanged if it is no URL. */
export function oauthServerUrl(stored: string): string {
  try {
    return serverUrl(stored);
  } catch {
    return stored;
  }
}
