import { randomBytes } from 'node:crypto';

// OAuth tokens as the portal hands them out: opaque ~70 hex chars, access tokens expire, refresh tokens are
// single use and rotate. Old access tokens keep working until they expire, even after their refresh token
// was used, so a client that refreshes needlessly is not punished twice.

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  /** seconds */
  expiresIn: number;
}

interface AccessRecord {
  userId: number;
  expiresAtMs: number;
  forcedExpired: boolean;
  revoked: boolean;
}

interface RefreshRecord {
  userId: number;
  used: boolean;
  revoked: boolean;
}

export type AccessCheck = { ok: true; userId: number } | { ok: false; error: 'expired_token' | 'invalid_token' };

export class TokenStore {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly lastRefresh = new Map<number, string>();

  constructor(
    private ttlSeconds: number,
    /** 8 hex chars shared by every token of this portal, like the real ones */
    private readonly portalTag: string,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.ttlSeconds;
  }

  /** Tokens issued from now on live this long; tokens already issued keep their expiry. */
  set accessTokenTtlSeconds(seconds: number) {
    if (!Number.isInteger(seconds) || seconds <= 0) throw new RangeError(`access token lifetime must be a whole number of seconds > 0, got ${seconds}`);
    this.ttlSeconds = seconds;
  }

  issue(userId: number): IssuedTokens & { expiresAtMs: number } {
    const accessToken = this.makeToken(userId);
    const refreshToken = this.makeToken(userId);
    const expiresAtMs = Date.now() + this.ttlSeconds * 1000;
    this.access.set(accessToken, { userId, expiresAtMs, forcedExpired: false, revoked: false });
    this.refresh.set(refreshToken, { userId, used: false, revoked: false });
    this.lastRefresh.set(userId, refreshToken);
    return { accessToken, refreshToken, expiresIn: this.ttlSeconds, expiresAtMs };
  }

  checkAccess(token: string): AccessCheck {
    const record = this.access.get(token);
    if (record === undefined || record.revoked) return { ok: false, error: 'invalid_token' };
    if (record.forcedExpired || Date.now() >= record.expiresAtMs) return { ok: false, error: 'expired_token' };
    return { ok: true, userId: record.userId };
  }

  /** Spends a refresh token; undefined when it is unknown, used or revoked. */
  redeem(refreshToken: string): number | undefined {
    const record = this.refresh.get(refreshToken);
    if (record === undefined || record.used || record.revoked) return undefined;
    record.used = true;
    return record.userId;
  }

  expireAllAccess(): void {
    for (const record of this.access.values()) record.forcedExpired = true;
  }

  revokeAll(): void {
    for (const record of this.access.values()) record.revoked = true;
    for (const record of this.refresh.values()) record.revoked = true;
  }

  lastIssuedRefreshToken(userId: number): string | undefined {
    return this.lastRefresh.get(userId);
  }

  private makeToken(userId: number): string {
    const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0').slice(-8);
    const user = userId.toString(16).padStart(8, '0');
    return `${time}${randomBytes(4).toString('hex')}${this.portalTag}${user}${randomBytes(19).toString('hex')}`;
  }
}
