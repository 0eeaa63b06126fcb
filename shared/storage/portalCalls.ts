import { AppError } from '../errors';
import { inactiveCodes, RestError, type CallOptions } from '../bitrix24/restClient';
import type { Runtime } from '../runtime';
import { EtagMismatchError } from './tableStorage';

/**
 * Options for calls to an installed portal: a portal that moved to a new domain is recorded as the
 * installation's new endpoint (the REST client already repeated the call there).
 */
export function portalCallOptions(runtime: Runtime, memberId: string, readOnly: boolean): CallOptions {
  return { readOnly, onMoved: (endpoint) => recordMove(runtime, memberId, endpoint) };
}

async function recordMove(runtime: Runtime, memberId: string, endpoint: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await runtime.installations.get(memberId);
    if (!stored || stored.installation.clientEndpoint === endpoint) return;
    const domain = new URL(endpoint).host;
    try {
      await runtime.installations.save({ ...stored.installation, clientEndpoint: endpoint, domain, updatedAt: new Date(runtime.nowMs()).toISOString() }, stored.etag);
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
