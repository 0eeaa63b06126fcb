import { AppError } from './errors';
import type { StoredInstallation } from './installationStore';
import type { Runtime } from './runtime';
import { withStoredTokens, type TokenLineage } from './tokenLineage';

/** The installation's tokens as a lineage: refreshed and rotated in its row, other fields kept. */
export function installationLineage(runtime: Runtime, memberId: string): TokenLineage {
  let row: StoredInstallation | null = null;
  return {
    name: 'installation',
    async load() {
      row = await runtime.installations.get(memberId);
      if (!row) return null;
      const { accessToken, refreshToken, expiresAt } = row.installation;
      return { tokens: { accessToken, refreshToken, expiresAt }, etag: row.etag };
    },
    async save(tokens, etag) {
      if (!row) throw new AppError('not_installed', 'installation removed while refreshing');
      const updated = { ...row.installation, ...tokens, updatedAt: new Date(runtime.now() * 1000).toISOString() };
      row = await runtime.installations.save(updated, etag);
      return row.etag;
    },
  };
}

/** Acts with the installation's (admin's) tokens, refreshing them when needed. */
export function withInstallationToken<T>(runtime: Runtime, memberId: string, run: (accessToken: string) => Promise<T>): Promise<T> {
  return withStoredTokens(runtime, installationLineage(runtime, memberId), run);
}
