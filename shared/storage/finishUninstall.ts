import type { Runtime } from '../runtime';
import { uninstallReasons } from './installationStore';

/** What an uninstall removed. */
export interface UninstallOutcome {
  /** the articles went too (data[CLEAN]=1) */
  clean: boolean;
  articles: number;
  tokens: number;
}

/**
 * Removes what an installation marked `uninstalled` leaves behind: the users' tokens and the forms' one-time
 * keys (they die with the app), the articles when the admin chose to delete the app's data, then the row
 * itself (only while it still belongs to the installation that was marked: a reinstall that came meanwhile
 * stays). Re-runnable: Bitrix24 sends an uninstall once, so whatever meets the mark later (a repeated event,
 * a reinstall, a request of an old session) finishes it.
 * `staleAfterMs`: only a mark older than this, so that an uninstall still at work is left to itself.
 * Null when there is nothing to finish.
 */
export async function finishUninstall(runtime: Runtime, memberId: string, options: { staleAfterMs?: number } = {}): Promise<UninstallOutcome | null> {
  const stored = await runtime.installations.get(memberId, { fresh: true });
  if (!stored || stored.installation.status !== 'uninstalled') return null;
  const { installation } = stored;
  // The mark's time is the store's clock (markStatus writes it).
  if (options.staleAfterMs !== undefined && Date.now() - Date.parse(installation.updatedAt) < options.staleAfterMs) return null;
  const clean = installation.statusReason === uninstallReasons.deleteData;
  // Articles only while the row still holds this uninstall's mark: a reinstall meanwhile keeps what it writes.
  const stillMarked = async () => (await runtime.installations.get(memberId, { fresh: true }))?.installation.installId === installation.installId;
  // All run to their end even when one fails, so that a retry has less left to do.
  const [tokens, , articles] = (
    await Promise.allSettled([
      runtime.userTokens.deletePortal(memberId),
      runtime.formKeys.deletePortal(memberId),
      clean ? runtime.articles.deletePortal(memberId, stillMarked) : Promise.resolve(0),
    ])
  ).map(valueOf);
  await runtime.installations.delete(memberId, installation.installId);
  return { clean, articles: articles ?? 0, tokens: tokens ?? 0 };
}

function valueOf<T>(outcome: PromiseSettledResult<T>): T {
  if (outcome.status === 'rejected') throw outcome.reason;
  return outcome.value;
}
