import type { Runtime } from '../runtime';
import type { Installation } from './installationStore';
import { withStoredTokens } from './tokenLineage';

/**
 * Acts with the installation's (admin's) tokens, refreshing them when needed (one refresh across instances)
 * at the portal's own OAuth server.
 */
export function withInstallationToken<T>(runtime: Runtime, installation: Installation, run: (accessToken: string) => Promise<T>): Promise<T> {
  return withStoredTokens(runtime, runtime.installations.lineage(installation.memberId), installation, run);
}
