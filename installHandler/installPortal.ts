import { randomBytes } from 'node:crypto';
import { bindApp } from '../shared/bitrix24/bindings';
import { AppError } from '../shared/errors';
import type { Installation, StoredInstallation } from '../shared/storage/installationStore';
import { oauthServerOf } from '../shared/bitrix24/oauthServers';
import { portalEndpoint, restEndpointOf } from '../shared/bitrix24/portalEndpoint';
import { RestError, RestUnavailableError, type CallOptions } from '../shared/bitrix24/restClient';
import type { Runtime } from '../shared/runtime';
import { finishUninstall } from '../shared/storage/finishUninstall';
import { confirmedMoves } from '../shared/storage/portalMoves';
import { EtagMismatchError } from '../shared/storage/tableStorage';

/** What an install request (page or script-only) or ONAPPINSTALL claims, before verification. */
export interface InstallClaim {
  domain: string;
  memberId: string;
  secure: boolean;
  accessToken: string;
  refreshToken?: string;
  /** seconds */
  expiresIn: number;
  scope?: string;
  appStatus?: string;
  applicationToken?: string;
  /** The OAuth server the request names (`SERVER_ENDPOINT`, `auth[server_endpoint]`); absent: none named. */
  serverEndpoint?: string;
  /** `auth[client_endpoint]` of an event: only a claim until the OAuth server reports the same. */
  clientEndpoint?: string;
}

/** What the OAuth server confirmed: the user the token belongs to, and which server (region) it was. */
export interface VerifiedClaim {
  userId: string;
  oauthUrl: string;
}

/**
 * The OAuth servers to ask about a claim: the one it names, if that is an allowed one; every allowed one in
 * turn when it names none. A named server outside the list is refused before anything is sent anywhere.
 */
function serversFor(runtime: Runtime, claim: InstallClaim): readonly string[] {
  if (!claim.serverEndpoint) return runtime.config.oauthUrls;
  const named = oauthServerOf(claim.serverEndpoint, runtime.config.oauthUrls);
  if (!named) throw new AppError('unknown_oauth_server', 'the request names an OAuth server outside BITRIX24_OAUTH_URL(S)');
  return [named];
}

/**
 * Confirms through an allowed OAuth server (never the host the request names) that the access token was
 * issued to this app for exactly the portal the request claims.
 */
export async function verifyInstallClaim(runtime: Runtime, claim: InstallClaim): Promise<VerifiedClaim> {
  let refused: RestError | undefined;
  let unavailable: RestUnavailableError | undefined;
  for (const server of serversFor(runtime, claim)) {
    let info;
    try {
      info = await runtime.oauth.appInfo(server, claim.accessToken);
    } catch (error) {
      // Another region's server does not know the token: ask the next one.
      if (error instanceof RestError) refused = error;
      else if (error instanceof RestUnavailableError) unavailable = error;
      else throw error;
      continue;
    }
    if (info.clientId !== runtime.config.clientId) throw new AppError('forbidden', 'app.info: token of another app', { detail: 'verify' });
    if (info.domain !== claim.domain || info.memberId !== claim.memberId) {
      throw new AppError('forbidden', 'app.info: token of another portal', { detail: 'verify' });
    }
    return { userId: info.userId, oauthUrl: server };
  }
  if (unavailable) throw unavailable;
  throw new AppError('forbidden', `app.info refused the token (${refused?.code ?? 'no server'})`, { cause: refused, detail: 'verify' });
}

/**
 * Where the portal's REST API is: `https://<domain>/rest/` for the verified domain, unless the claim names
 * another `client_endpoint`; that one is used only as the OAuth server reports it in a token answer (the
 * claim's refresh token is traded for it, and the fresh pair replaces the claim's).
 */
export async function confirmedEndpoint(runtime: Runtime, claim: InstallClaim, verified: VerifiedClaim): Promise<{ endpoint: string; claim: InstallClaim }> {
  const standard = portalEndpoint(runtime.config, claim.domain, claim.secure);
  const claimed = restEndpointOf(claim.clientEndpoint, runtime.config.allowHttp);
  if (!claimed || claimed === standard || !claim.refreshToken) return { endpoint: standard, claim };
  const now = runtime.now();
  const answer = await runtime.oauth.refresh(verified.oauthUrl, claim.refreshToken, now, claim.memberId);
  return {
    endpoint: restEndpointOf(answer.clientEndpoint, runtime.config.allowHttp) ?? standard,
    claim: { ...claim, accessToken: answer.accessToken, refreshToken: answer.refreshToken, expiresIn: Math.max(answer.expiresAt - now, 0) },
  };
}

/** Call options for a portal being installed: a move is followed only when its OAuth server confirms it. */
export function installCallOptions(runtime: Runtime, claim: InstallClaim, verified: VerifiedClaim, onMoved: (endpoint: string, domain: string) => void, readOnly = false): CallOptions {
  return {
    readOnly,
    move: confirmedMoves(runtime, { memberId: claim.memberId, oauthUrl: verified.oauthUrl }, async (endpoint, domain) => onMoved(endpoint, domain)),
  };
}

/**
 * Install on a portal: verify, bind the sidebar item and events with the admin's token (placement.bind
 * refuses non-admins), and only then store the installation, so a failure midway leaves nothing stored
 * that a retry would trip over; a repeated bind counts as success.
 */
export async function installPortal(runtime: Runtime, claim: InstallClaim, claimedUserId = ''): Promise<StoredInstallation> {
  const verified = await verifyInstallClaim(runtime, claim);
  const confirmed = await confirmedEndpoint(runtime, claim, verified);
  let { endpoint } = confirmed;
  let { domain } = claim;
  const options = installCallOptions(runtime, claim, verified, (moved, movedDomain) => {
    endpoint = moved;
    domain = movedDomain;
  });
  await bindApp(runtime.rest, runtime.config, endpoint, confirmed.claim.accessToken, options);
  return saveInstallation(runtime, { ...confirmed.claim, domain }, endpoint, { ...verified, userId: verified.userId || claimedUserId }, { placementBound: true });
}

/** Creates or updates the portal's installation from a verified claim, guarded by the row's ETag. */
export async function saveInstallation(
  runtime: Runtime,
  claim: InstallClaim,
  endpoint: string,
  verified: VerifiedClaim,
  extra: Partial<Installation> = {},
): Promise<StoredInstallation> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await runtime.installations.get(claim.memberId, { fresh: true });
    if (existing?.installation.status === 'uninstalled') {
      // An uninstall left unfinished (or still at work) is finished first: with "delete data", nothing of the
      // old installation may show up in the new one. Then the installation starts over, sessions included.
      await finishUninstall(runtime, claim.memberId);
      continue;
    }
    const now = new Date(runtime.now() * 1000).toISOString();
    const previous = existing?.installation;
    const installation: Installation = {
      memberId: claim.memberId,
      domain: claim.domain,
      clientEndpoint: endpoint,
      oauthUrl: verified.oauthUrl,
      installId: previous ? previous.installId : randomBytes(12).toString('base64url'),
      accessToken: claim.accessToken,
      refreshToken: claim.refreshToken ?? previous?.refreshToken ?? '',
      expiresAt: runtime.now() + claim.expiresIn,
      scope: claim.scope ?? previous?.scope ?? '',
      userId: verified.userId || previous?.userId || '',
      applicationToken: claim.applicationToken || previous?.applicationToken || '',
      appStatus: claim.appStatus ?? previous?.appStatus ?? '',
      placementBound: previous?.placementBound ?? false,
      status: 'active',
      statusReason: '',
      installedAt: previous?.installedAt ?? now,
      updatedAt: now,
      ...extra,
    };
    try {
      return await runtime.installations.save(installation, existing?.etag);
    } catch (error) {
      if (!(error instanceof EtagMismatchError)) throw error;
    }
  }
  throw new AppError('storage_unavailable', 'installation kept changing while saving');
}
