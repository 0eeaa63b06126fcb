import { AppError } from '../errors';
import { inactiveCodes, RestError, type CallOptions } from '../bitrix24/restClient';
import type { Runtime } from '../runtime';
import { confirmedMoves, type PortalRef } from './portalMoves';
import { EtagMismatchError } from './tableStorage';

export type { PortalRef } from './portalMoves';

/**
 * Options for calls to an installed portal: a move to a new address is followed only once confirmed (see
 * confirmedMoves), and then recorded as the installation's endpoint and domain.
 */
export function portalCallOptions(runtime: Runtime, portal: PortalRef, readOnly: boolean, onMoved?: (endpoint: string, domain: string) => void): CallOptions {
  return {
    readOnly,
    move: confirmedMoves(runtime, portal, async (endpoint, domain) => {
      await recordEndpoint(runtime, portal.memberId, { clientEndpoint: endpoint, domain });
      onMoved?.(endpoint, domain);
    }),
  };
}

/**
 * Stores where a portal's REST API is now (and its domain, when that changed too), as a confirmed move or
 * the OAuth server's token answer reported it; ETag-guarded, so a concurrent write is read again, not lost,
 * and touching only the address (never the tokens or a refresh lease).
 */
export async function recordEndpoint(runtime: Runtime, memberId: string, update: { clientEndpoint: string; domain?: string }): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await runtime.installations.get(memberId, { fresh: true });
    if (!stored || stored.installation.status === 'uninstalled') return;
    const domain = update.domain || stored.installation.domain;
    if (stored.installation.clientEndpoint === update.clientEndpoint && stored.installation.domain === domain) return;
    try {
      await runtime.installations.setAddress(memberId, { clientEndpoint: update.clientEndpoint, domain }, stored.etag);
      return;
    } catch (error) {
      if (!(error instanceof EtagMismatchError)) throw error;
    }
  }
}

/**
 * Runs calls to an installed portal; when the portal says the app is gone for good (unpaid, portal deleted)
 * the installation is marked inactive, not deleted, and the user gets a clear page.
 */
export async function withPortal<T>(runtime: Runtime, memberId: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RestError && inactiveCodes.has(error.code)) {
      await runtime.installations.markStatus(memberId, 'inactive', error.code).catch(() => undefined);
      throw new AppError('portal_inactive', `${error.method} answered ${error.code}`, { cause: error });
    }
    throw error;
  }
}
