import type { ChatRef, StoredArticle } from '../shared/articleStore';
import { AppError } from '../shared/errors';
import { pickLang } from '../shared/i18n';
import { portalOrigin, type AppResponse } from '../shared/page';
import { batchCommand } from '../shared/restClient';
import type { Runtime } from '../shared/runtime';
import { dialogIdSchema, dialogSchema, type Dialog, type FrameRequest } from '../shared/schemas';
import { sessionLifetimeSeconds, signSession, type Session } from '../shared/session';
import { askAsVisitor } from './askAsVisitor';
import { currentUserOf, displayName } from './currentUser';
import { trustedInstallation } from './trustedInstallation';
import { renderArticleList } from './views/articleListView';
import { chatKind, type SidebarContext } from './views/sidebarLayout';

/**
 * The IM_SIDEBAR open: one batch to the portal confirms the user and the chat; the chat's articles are read
 * in parallel with it whenever the chat id is already known from the dialog id (`chatN`), and the user's fresh
 * tokens are kept for acting as them later (posting to the chat).
 */
export async function openSidebar(runtime: Runtime, form: FrameRequest): Promise<AppResponse> {
  const dialogId = dialogIdSchema.safeParse(form.PLACEMENT_OPTIONS.dialogId);
  if (!dialogId.success) throw new AppError('bad_request', 'PLACEMENT_OPTIONS.dialogId is missing or malformed');
  const { installation } = await trustedInstallation(runtime, form);
  const memberId = installation.memberId;

  const knownChatId = /^chat(\d+)$/.exec(dialogId.data)?.[1];
  const early = knownChatId ? runtime.articles.list({ memberId, chatId: Number(knownChatId) }) : undefined;
  early?.catch(() => undefined); // awaited below; a rejection before then must not go unhandled
  const answer = await askAsVisitor(runtime, installation, form, {
    user: 'user.current',
    dialog: batchCommand('im.dialog.get', { DIALOG_ID: dialogId.data }),
  });
  const user = currentUserOf(answer);
  const dialog = dialogOf(answer.results.dialog, answer.errors.dialog);

  const chat: ChatRef = { memberId, chatId: dialog.id };
  const articles: Promise<StoredArticle[]> = early && Number(knownChatId) === dialog.id ? early : runtime.articles.list(chat);
  const [list] = await Promise.all([
    articles,
    answer.tokens.refreshToken ? runtime.userTokens.keepNewest(memberId, user.ID, answer.tokens) : Promise.resolve(),
    // The portal answered for the app: whatever marked it inactive is over (e.g. the subscription was renewed).
    installation.status === 'inactive' ? runtime.installations.markStatus(memberId, 'active', '') : Promise.resolve(),
  ]);

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
    frameAncestor: portalOrigin(answer.endpoint),
    nowMs: runtime.nowMs(),
  };
  return renderArticleList(context, { articles: list, total: list.length, query: '' });
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
