import { AppError } from '../errors';
import { assertAllowedHost, AddressRefusedError } from '../bitrix24/addressPolicy';
import { RestError, type MoveHandling } from '../bitrix24/restClient';
import type { Runtime } from '../runtime';

/** Which portal a call is for: its member id and the OAuth server its tokens belong to. */
export interface PortalRef {
  memberId: string;
  oauthUrl: string;
}

/**
 * How calls to a portal treat its answering 3xx: the new address is followed only when it is a public address
 * (loopback too when testing locally) and the portal's own OAuth server confirms, asked with the call's own
 * token, that this token's portal (same member id, this app) now has that address as its domain. Until then
 * no token is sent there; a refused move throws AppError('portal_moved') and changes nothing stored.
 */
export function confirmedMoves(runtime: Runtime, portal: PortalRef, onMoved: (endpoint: string, domain: string) => Promise<void>): MoveHandling {
  let confirmedDomain = '';
  return {
    async confirm(endpoint, auth) {
      const host = new URL(endpoint).host;
      try {
        await assertAllowedHost(new URL(endpoint).hostname, { allowLoopback: runtime.config.allowHttp });
      } catch (error) {
        if (error instanceof AddressRefusedError) throw new AppError('portal_moved', 'portal moved to an address that is not allowed', { cause: error });
        throw error;
      }
      let info;
      try {
        info = await runtime.oauth.appInfo(portal.oauthUrl, auth);
      } catch (error) {
        // The call's token expired: that is the token's problem, not the move's. The caller refreshes it and
        // calls again (the portal redirects again, and the fresh token confirms the move).
        if (error instanceof RestError && error.code === 'expired_token') throw error;
        if (error instanceof RestError) throw new AppError('portal_moved', `app.info refused to confirm the move (${error.code})`, { cause: error });
        throw error;
      }
      if (info.clientId !== runtime.config.clientId || info.memberId !== portal.memberId || info.domain !== host) {
        throw new AppError('portal_moved', 'the OAuth server does not confirm the new address for this portal');
      }
      confirmedDomain = info.domain;
    },
    async record(endpoint) {
      await onMoved(endpoint, confirmedDomain);
    },
  };
}
