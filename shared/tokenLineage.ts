import { AppError } from './errors';
import type { Tokens } from './oauthClient';
import { RestError } from './restClient';
import type { Runtime } from './runtime';
import { EtagMismatchError } from './tableStorage';

/**
 * One stored token pair (an installation's, or a user's) and how to read and write it. Bitrix24 refresh
 * tokens are single-use, so the stored pair is the head of a lineage: it is only ever replaced by what its own
 * refresh returned, with an ETag-guarded write.
 */
export interface TokenLineage {
  /** Names the lineage in errors and logs (never a token). */
  name: string;
  load(): Promise<{ tokens: Tokens; etag: string } | null>;
  /** Writes new tokens if the row still has `etag`; throws EtagMismatchError otherwise. */
  save(tokens: Tokens, etag: string): Promise<string>;
}

/**
 * The one way to act with stored tokens: refresh when they have expired (by the stored expiry, or when the
 * portal says `expired_token`), save the rotated pair in place of the old one, and retry once. If another
 * request refreshed first, its (newer) tokens win and are used.
 */
export async function withStoredTokens<T>(runtime: Runtime, lineage: TokenLineage, run: (accessToken: string) => Promise<T>): Promise<T> {
  let current = await lineage.load();
  if (!current) throw new AppError('invalid_auth', `${lineage.name}: no stored tokens`);
  if (current.tokens.expiresAt <= runtime.now()) current = await refresh(runtime, lineage, current);
  try {
    return await run(current.tokens.accessToken);
  } catch (error) {
    if (!(error instanceof RestError) || error.code !== 'expired_token') throw error;
    current = await refresh(runtime, lineage, current);
    return run(current.tokens.accessToken);
  }
}

async function refresh(runtime: Runtime, lineage: TokenLineage, stored: { tokens: Tokens; etag: string }) {
  const used = stored.tokens.refreshToken;
  let fresh: Tokens;
  try {
    fresh = await runtime.oauth.refresh(used, runtime.now());
  } catch (error) {
    if (error instanceof RestError && error.code === 'invalid_grant') {
      // Another request may have used this refresh token a moment ago: its tokens are in the store.
      const latest = await lineage.load();
      if (latest && latest.tokens.refreshToken !== used) return latest;
    }
    throw error;
  }
  const tokens = { accessToken: fresh.accessToken, refreshToken: fresh.refreshToken, expiresAt: fresh.expiresAt };
  let etag = stored.etag;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return { tokens, etag: await lineage.save(tokens, etag) };
    } catch (error) {
      if (!(error instanceof EtagMismatchError)) throw error;
      const latest = await lineage.load();
      if (!latest) throw new AppError('invalid_auth', `${lineage.name}: tokens removed while refreshing`);
      // Someone else rotated the tokens meanwhile: theirs are the newest lineage head.
      if (latest.tokens.refreshToken !== used) return latest;
      etag = latest.etag;
    }
  }
  throw new AppError('storage_unavailable', `${lineage.name}: kept changing while saving refreshed tokens`);
}
