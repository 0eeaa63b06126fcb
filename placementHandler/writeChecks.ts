import { AppError } from '../shared/errors';
import { portalOrigin } from '../shared/web/page';
import { portalCallOptions, withPortal } from '../shared/storage/portalCalls';
import type { Runtime } from '../shared/runtime';
import { uninstallReasons, type StoredInstallation } from '../shared/storage/installationStore';
import { EtagMismatchError } from '../shared/storage/tableStorage';
import { withStoredTokens } from '../shared/storage/tokenLineage';
import { signSession, type Session } from '../shared/web/session';
import { memberCommands, memberOf, sessionFor } from './chatMember';
import type { Article } from '../shared/storage/articleStore';
import { requireModify } from './articleAccess';
import type { SidebarContext } from './views/sidebarLayout';

/** How far behind the portal a read may be: a member removed from the chat reads for at most this long. */
export const maxReadStalenessMs = 60_000;

/** Contexts the portal confirmed during this very request: a write after a stale read's check asks once. */
const confirmedNow = new WeakSet<SidebarContext>();

/**
 * Every write (create, edit, delete, restore, post) calls this first: the portal is asked at that moment, in
 * one batch with the user's own stored tokens, whether the user is still a member of the chat and what their
 * role is. Someone removed from the chat gets "not a member", a demoted manager loses moderation from here on.
 * Returns the context with a session re-signed from the answer (fresh role and names).
 */
export async function confirmWriter(runtime: Runtime, context: SidebarContext): Promise<SidebarContext> {
  if (confirmedNow.has(context)) return context;
  return confirmWithPortal(runtime, context);
}

/**
 * A write that asks the portal while storage is read: `confirmed` is the portal's answer, asked at once;
 * `check` is the role check the store runs on the article it read, against that answer, before it writes.
 */
export function confirmingWriter(runtime: Runtime, asked: SidebarContext): { confirmed: Promise<SidebarContext>; check: (article: Pick<Article, 'authorId'>) => Promise<void> } {
  const confirmed = confirmWriter(runtime, asked);
  confirmed.catch(() => undefined); // awaited by the check, or by the caller when the store read nothing
  return { confirmed, check: async (article) => requireModify(await confirmed, article) };
}

/** Before a read: asks the portal only when its last confirmation of this session is older than a minute. */
export async function freshContext(runtime: Runtime, context: SidebarContext): Promise<SidebarContext> {
  if (context.nowMs - context.session.checkedAt <= maxReadStalenessMs) return context;
  return confirmWithPortal(runtime, context);
}

/**
 * The installation as storage has it now (not a cached copy), if the session still belongs to it and its
 * OAuth server is still one this deployment serves.
 */
export async function currentInstallation(runtime: Runtime, session: Pick<Session, 'memberId' | 'installId'>): Promise<StoredInstallation> {
  const stored = await runtime.installations.get(session.memberId, { fresh: true });
  if (!stored || stored.installation.status === 'uninstalled') throw new AppError('not_installed', 'installation gone');
  if (!runtime.config.oauthUrls.includes(stored.installation.oauthUrl)) throw new AppError('unknown_oauth_server', 'the portal’s OAuth server is no longer allowed');
  if (stored.installation.installId !== session.installId) throw new AppError('invalid_session', 'session from before the app was installed again');
  return stored;
}

/**
 * After a write that adds data (create, restore): whether the installation is still there. An uninstall with
 * "delete data" marks it gone before its purge starts, so a write that finds it gone afterwards takes back
 * what it wrote (`undo`) and nothing survives the purge.
 */
export async function keepUnlessUninstalled(runtime: Runtime, context: SidebarContext, undo: () => Promise<void>): Promise<void> {
  try {
    await currentInstallation(runtime, context.session);
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_installed' || error.code === 'invalid_session')) await undo();
    throw error;
  }
}

/**
 * After an edit: an edit checked before an uninstall with "delete data" may land while its purge runs (or
 * after a purge that stopped midway, until it is finished). Then the article goes (`undo`) and the user
 * hears the app is gone. Without that mark the edit stands: an uninstall that keeps the data keeps it too,
 * and an edit cannot land after a finished purge (the article it replaces is gone).
 */
export async function keepUnlessPurging(runtime: Runtime, context: SidebarContext, undo: () => Promise<void>): Promise<void> {
  const stored = await runtime.installations.get(context.session.memberId, { fresh: true });
  const { status, statusReason } = stored?.installation ?? {};
  if (status !== 'uninstalled' || statusReason !== uninstallReasons.deleteData) return;
  await undo().catch((error) => {
    // Changed again meanwhile: that write meets the same mark, and the purge lists the portal until it is empty.
    if (!(error instanceof EtagMismatchError)) throw error;
  });
  throw new AppError('not_installed', 'installation gone');
}

async function confirmWithPortal(runtime: Runtime, context: SidebarContext): Promise<SidebarContext> {
  const { session } = context;
  const lineage = runtime.userTokens.lineage(session.memberId, session.userId);
  // The installation as stored now and the user's tokens, read at the same time.
  const tokens = lineage.load();
  tokens.catch(() => undefined); // awaited below, unless the installation is gone
  const { installation } = await currentInstallation(runtime, context.session);
  const answer = await withPortal(runtime, installation.memberId, () =>
    withStoredTokens(
      runtime,
      lineage,
      installation,
      (accessToken) => runtime.rest.batch(installation.clientEndpoint, memberCommands(session.dialogId), accessToken, portalCallOptions(runtime, installation, true)),
      tokens,
    ),
  );
  const { user, dialog } = memberOf(answer);
  if (user.ID !== session.userId || dialog.id !== session.chatId) throw new AppError('invalid_session', 'the stored tokens answer for another user or chat');
  const confirmed = sessionFor(session, user, dialog, runtime.nowMs());
  const next: SidebarContext = {
    ...context,
    session: confirmed,
    sessionToken: signSession(runtime.config.sessionSecret, confirmed),
    frameAncestor: portalOrigin(installation),
  };
  confirmedNow.add(next);
  return next;
}
