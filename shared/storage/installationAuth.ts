import type { Runtime } from '../runtime';
import { withStoredTokens } from './tokenLineage';

/** Acts with the installation's (admin's) tokens, refreshing them when needed (one refresh across instances). */
export function withInstallationToken<T>(runtime: Runtime, memberId: string, run: (accessToken: string) => Promise<T>): Promise<T> {
  return withStoredTokens(runtime, runtime.installations.lineage(memberId), run);
}
