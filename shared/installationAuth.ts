import { AppError } from './errors';
import type { StoredInstallation } from './installationStore';
import { RestError } from './restClient';
import type { Runtime } from './runtime';
import { EtagMismatchError } from './tableStorage';

/**
 * The one way to act with an installation's stored tokens: refresh when they have expired (by the stored
 * expiry, or when the portal says `expired_token`), save the rotated refresh token in place of the old one
 * with an ETag-guarded write, and retry once. If another request refreshed first, its (newer) tokens win.
 */
export async function withInstallationToken<T>(
  runtime: Runtime,
  stored: StoredInstallation,
  run: (accessToken: string, current: StoredInstallation) => Promise<T>,
): Promise<T> {
  let current = stored;
  if (current.installation.expiresAt <= runtime.now()) current = await refreshInstallation(runtime, current);
  try {
    return await run(current.installation.accessToken, current);
  } catch (error) {
    if (!(error instanceof RestError) || error.code !== 'expired_token') throw error;
    current = await refreshInstallation(runtime, current);
    return run(current.installation.accessToken, current);
  }
}

async function refreshInstallation(runtime: Runtime, stored: StoredInstallation): Promise<StoredInstallation> {
  const { memberId, refreshToken } = stored.installation;
  let tokens;
  try {
    tokens = await runtime.oauth.refresh(refreshToken, runtime.now());
  } catch (error) {
    if (error instanceof RestError && error.code === 'invalid_grant') {
      // Another request may have used this refresh token a moment ago: its tokens are in the store.
      const latest = await runtime.installations.get(memberId);
      if (latest && latest.installation.refreshToken !== refreshToken) return latest;
    }
    throw error;
  }
  if (tokens.memberId && tokens.memberId !== memberId) throw new AppError('forbidden', 'token endpoint answered for another portal');
  let base = stored;
  for (let attempt = 0; attempt < 3; attempt++) {
    const updated = { ...base.installation, ...pickTokens(tokens), updatedAt: new Date(runtime.now() * 1000).toISOString() };
    try {
      return await runtime.installations.save(updated, base.etag);
    } catch (error) {
      if (!(error instanceof EtagMismatchError)) throw error;
      const latest = await runtime.installations.get(memberId);
      if (!latest) throw new AppError('not_installed', 'installation removed while refreshing');
      // Someone else rotated the tokens meanwhile: theirs are the newest lineage head.
      if (latest.installation.refreshToken !== refreshToken) return latest;
      base = latest;
    }
  }
  throw new AppError('storage_unavailable', 'installation kept changing while saving refreshed tokens');
}

function pickTokens(tokens: { accessToken: string; refreshToken: string; expiresAt: number }) {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
}
