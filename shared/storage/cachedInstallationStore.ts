import type { InstallationStore, StoredInstallation } from './installationStore';
import { EtagMismatchError } from './tableStorage';

/**
 * Installations read by every sidebar open and action, kept per instance for a few seconds so the hot path
 * does not wait for storage before it can even call the portal. Writes through this instance refresh or
 * drop the entry; a write on another instance is seen within `ttlMs` (documented in the README). Token
 * refreshes do not go through it: lineages always read the row itself.
 */
export function cachedInstallationStore(inner: InstallationStore, ttlMs: number, nowMs: () => number = Date.now): InstallationStore {
  const cache = new Map<string, { value: StoredInstallation | null; until: number }>();
  const maxEntries = 10_000;
  const remember = (memberId: string, value: StoredInstallation | null) => {
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(memberId, { value, until: nowMs() + ttlMs });
  };
  const forget = (memberId: string) => cache.delete(memberId);

  return {
    async get(memberId, options) {
      const hit = cache.get(memberId);
      if (hit && hit.until > nowMs() && !options?.fresh) return hit.value;
      const value = await inner.get(memberId);
      remember(memberId, value);
      return value;
    },
    async save(installation, etag) {
      try {
        const saved = await inner.save(installation, etag);
        remember(installation.memberId, saved);
        return saved;
      } catch (error) {
        if (error instanceof EtagMismatchError) forget(installation.memberId);
        throw error;
      }
    },
    async markStatus(memberId, status, reason, onlyFrom) {
      forget(memberId);
      return inner.markStatus(memberId, status, reason, onlyFrom);
    },
    async setAddress(memberId, address, etag) {
      forget(memberId);
      await inner.setAddress(memberId, address, etag);
    },
    async markBound(memberId) {
      forget(memberId);
      await inner.markBound(memberId);
    },
    lineage(memberId) {
      const lineage = inner.lineage(memberId);
      // Fresh tokens change the row: the cached copy (its etag, its status) is stale from then on.
      return { ...lineage, save: (tokens, etag) => lineage.save(tokens, etag).finally(() => forget(memberId)), revoked: () => lineage.revoked().finally(() => forget(memberId)) };
    },
    async delete(memberId, installId) {
      forget(memberId);
      await inner.delete(memberId, installId);
    },
  };
}
