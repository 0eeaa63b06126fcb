import type { ArticlePage, ChatRef } from '../shared/storage/articleStore';
import { AppError } from '../shared/errors';
import { pickLang } from '../shared/i18n';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import { batchCommand } from '../shared/bitrix24/restClient';
import type { Runtime } from '../shared/runtime';
import type { Installation } from '../shared/storage/installationStore';
import { dialogIdSchema, dialogSchema, type CurrentUser, type Dialog, type FrameRequest } from '../shared/bitrix24/schemas';
import { VerifiedVisits } from '../shared/storage/verifiedVisits';
import { sessionLifetimeSeconds, signSession, type Session } from '../shared/web/session';
import { askAsVisitor } from './askAsVisitor';
import { currentUserOf, displayName } from './currentUser';
import { trustedInstallation } from './trustedInstallation';
import { renderArticleList } from './views/articleListView';
import { chatKind, type SidebarContext } from './views/sidebarLayout';

/**
 * The IM_SIDEBAR open: one batch to the portal confirms the user and the chat; the first page of the chat's
 * list is read in parallel with it whenever the chat id is already known from the dialog id (`chatN`), and the
 * user's fresh tokens are kept for acting as them later (posting to the chat). With `next`, the page shown is
 * not the list but what `next` makes of the verified visit (a view shown again, an action sent again: see
 * resumeSidebar).
 */
export async function openSidebar(
  runtime: Runtime,
  form: FrameRequest,
  visits: VerifiedVisits<ConfirmedVisit>,
  next?: (context: SidebarContext) => Promise<AppResponse>,
): Promise<AppResponse> {
  const dialogId = dialogIdSchema.safeParse(form.PLACEMENT_OPTIONS.dialogId);
  if (!dialogId.success) throw new AppError('bad_request', 'PLACEMENT_OPTIONS.dialogId is missing or malformed');
  const { installation } = await trustedInstallation(runtime, form);
  const memberId = installation.memberId;

  const knownChatId = /^chat(\d+)$/.exec(dialogId.data)?.[1];
  const early = knownChatId && !next ? runtime.articles.page({ memberId, chatId: Number(knownChatId) }) : undefined;
  early?.catch(() => undefined); // awaited below; a rejection before then must not go unhandled
  const visitKey = VerifiedVisits.key(memberId, dialogId.data, form.AUTH_ID);
  const visit = visits.get(visitKey, runtime.nowMs()) ?? (await confirmVisit(runtime, installation, form, dialogId.data, visits, visitKey));
  const { user, dialog } = visit;

  const chat: ChatRef = { memberId, chatId: dialog.id };

  const session: Session = {
    memberId,
    userId: user.ID,
    userName: displayName(user),
    dialogId: dialogId.data,
    chatId: dialog.id,
    chatName: dialog.name,
    chatKind: chatKind(dialog, dialogId.data),
    memberCount: dialog.user_counter,
    canModerate: canModerate(dialog, user.ID),
    isAdmin: false,
    lang: pickLang(form.LANG),
    expiresAt: runtime.now() + sessionLifetimeSeconds,
  };
  const context: SidebarContext = {
    session,
    sessionToken: signSession(runtime.config.sessionSecret, session),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(visit.endpoint ?? installation.clientEndpoint),
    nowMs: runtime.nowMs(),
  };
  if (next) {
    await visit.afterwards;
    return next(context);
  }
  const firstPage: Promise<ArticlePage> = early && Number(knownChatId) === dialog.id ? early : runtime.articles.page(chat);
  const [page] = await Promise.all([firstPage, visit.afterwards ?? Promise.resolve()]);
  return renderArticleList(context, { page, query: '' });
}

/** What the portal confirmed about a visit; cached per instance for repeat opens with the same token. */
export interface ConfirmedVisit {
  user: CurrentUser;
  dialog: Dialog;
  /** where the portal answered, when it moved meanwhile */
  endpoint?: string;
  /** storage writes the first confirmation starts (the user's tokens), awaited with the articles */
  afterwards?: Promise<unknown>;
}

async function confirmVisit(
  runtime: Runtime,
  installation: Installation,
  form: FrameRequest,
  dialogId: string,
  visits: VerifiedVisits<ConfirmedVisit>,
  visitKey: string,
): Promise<ConfirmedVisit> {
  const answer = await askAsVisitor(runtime, installation, form, {
    user: 'user.current',
    dialog: batchCommand('im.dialog.get', { DIALOG_ID: dialogId }),
  });
  const user = currentUserOf(answer);
  const dialog = dialogOf(answer.results.dialog, answer.errors.dialog);
  const memberId = installation.memberId;
  // Only a visit confirmed with the token it arrived with is remembered under that token: a refreshed one
  // proves nothing about the expired AUTH_ID.
  if (answer.tokens.accessToken === form.AUTH_ID) visits.remember(visitKey, { user, dialog }, answer.tokens, runtime.nowMs());
  const afterwards = Promise.all([
    answer.tokens.refreshToken ? runtime.userTokens.keepNewest(memberId, user.ID, answer.tokens) : undefined,
    // The portal answered for the app: whatever marked it inactive is over (e.g. the subscription was renewed).
    installation.status === 'inactive' ? runtime.installations.markStatus(memberId, 'active', '') : undefined,
  ]);
  afterwards.catch(() => undefined); // awaited by the caller
  return { user, dialog, endpoint: answer.endpoint, afterwards };
}

function dialogOf(result: unknown, error: { code: string } | undefined): Dialog {
  if (error) {
    if (error.code === 'ACCESS_ERROR' || error.code === 'ACCESS_DENIED') throw new AppError('not_member', 'im.dialog.get refused');
    throw error;
  }
  const dialog = dialogSchema.safeParse(result);
  if (!dialog.success) throw new AppError('portal_error', 'im.dialog.get answered in an unknown shape');
  return dialog.data;
}

/** The chat's owner and managers may edit and delete any article (im.dialog.get tells the caller's role). */
function canModerate(dialog: Dialog, userId: string): boolean {
  return (
    dialog.role === 'owner' ||
    dialog.role === 'manager' ||
    String(dialog.owner ?? '') === userId ||
    (dialog.manager_list ?? []).some((id) => String(id) === userId)
  );
}
