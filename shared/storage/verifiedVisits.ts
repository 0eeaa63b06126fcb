import { createHash } from 'node:crypto';
import type { Tokens } from '../bitrix24/oauthClient';

/** What the portal confirmed about a visit: who the user is and the chat as they see it. */
export interface VerifiedVisit<T> {
  value: T;
  /** unix milliseconds: never past the visit's access token */
  until: number;
}

/**
 * A short-lived, per-instance memory of verified sidebar opens, so reopening the same chat with the same
 * token (a reload, a second click) needs no portal round trip. Keyed by a hash of portal, dialog and access
 * token: the token itself is never kept as a key, and an entry never outlives the token or `ttlMs`.
 */
export class VerifiedVisits<T> {
  private readonly entries = new Map<string, VerifiedVisit<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  static key(memberId: string, dialogId: string, accessToken: string): string {
    return createHash('sha256').update(`${memberId}\n${dialogId}\n${accessToken}`).digest('base64url');
  }

  get(key: string, nowMs: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  remember(key: string, value: T, tokens: Tokens, nowMs: number): void {
    const until = Math.min(nowMs + this.ttlMs, tokens.expiresAt * 1000);
    if (until <= nowMs) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until });
  }
}
