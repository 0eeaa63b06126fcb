import { AppError } from '../shared/errors';
import type { Runtime } from '../shared/runtime';
import { finishUninstall } from '../shared/storage/finishUninstall';
import type { StoredInstallation } from '../shared/storage/installationStore';

/** An uninstall still at work gets this long before a request that meets its mark finishes it instead. */
export const uninstallGraceMs = 60_000;

/**
 * The "not installed" answer to a request for a portal without an installation. One that meets an uninstall
 * left unfinished (its event failed midway; Bitrix24 never sends it again) finishes it first, best effort.
 */
export async function notInstalled(runtime: Runtime, stored: StoredInstallation | null): Promise<AppError> {
  if (stored) await finishUninstall(runtime, stored.installation.memberId, { staleAfterMs: uninstallGraceMs }).catch(() => undefined);
  return new AppError('not_installed', 'installation gone');
}
