import { bindApp } from '../shared/bitrix24/bindings';
import { AppError } from '../shared/errors';
import type { Installation, StoredInstallation } from '../shared/storage/installationStore';
import { portalEndpoint } from '../shared/bitrix24/portalEndpoint';
import { RestError } from '../shared/bitrix24/restClient';
import type { Runtime } from '../shared/runtime';
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
}

/**
 * Confirms through the configured OAuth server (never the host the request names) that the access token was
 * issued to this app for exactly the portal the request claims.
 */
export async function verifyInstallClaim(runtime: Runtime, claim: InstallClaim): Promise<{ userId: string }> {
  let info;
  try {
    info = await runtime.oauth.appInfo(claim.accessToken);
  } catch (error) {
    if (error instanceof RestError) throw new AppError('forbidden', `app.info refused the token (${error.code})`, { cause: error, detail: 'verify' });
    throw error;
  }
  if (info.clientId !== runtime.config.clientId) throw new AppError('forbidden', 'app.info: token of another app', { detail: 'verify' });
  if (info.domain !== claim.domain || info.memberId !== claim.memberId) {
    throw new AppError('forbidden', 'app.info: token of another portal', { detail: 'verify' });
  }
  return { userId: info.userId };
}

/**
 * Install on a portal: verify, bind the sidebar item and events with the admin's token (placement.bind
 * refuses non-admins), and only then store the installation, so a failure midway leaves nothing stored
 * that a retry would trip over; a repeated bind counts as success.
 */
export async function installPortal(runtime: Runtime, claim: InstallClaim, claimedUserId = ''): Promise<StoredInstallation> {
  const { userId } = await verifyInstallClaim(runtime, claim);
  let endpoint = portalEndpoint(runtime.config, claim.domain, claim.secure);
  await bindApp(runtime.rest, runtime.config, endpoint, claim.accessToken, {
    onMoved: async (moved) => {
      endpoint = moved;
    },
  });
  const moved = { ...claim, domain: new URL(endpoint).host };
  return saveInstallation(runtime, moved, endpoint, userId || claimedUserId, { placementBound: true });
}

/** Creates or updates the portal's installation from a verified claim, guarded by the row's ETag. */
export async function saveInstallation(
  runtime: Runtime,
  claim: InstallClaim,
  endpoint: string,
  userId: string,
  extra: Partial<Installation> = {},
): Promise<StoredInstallation> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await runtime.installations.get(claim.memberId, { fresh: true });
    const now = new Date(runtime.now() * 1000).toISOString();
    const previous = existing?.installation;
    const installation: Installation = {
      memberId: claim.memberId,
      domain: claim.domain,
      clientEndpoint: endpoint,
      oauthUrl: runtime.config.oauthUrl,
      accessToken: claim.accessToken,
      refreshToken: claim.refreshToken ?? previous?.refreshToken ?? '',
      expiresAt: runtime.now() + claim.expiresIn,
      scope: claim.scope ?? previous?.scope ?? '',
      userId: userId || previous?.userId || '',
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
