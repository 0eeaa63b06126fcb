import type { ArticlePage, ChatRef } from '../shared/storage/articleStore';
import { AppError } from '../shared/errors';
import { pickLang } from '../shared/i18n';
import { portalOrigin, type AppResponse } from '../shared/web/page';
import type { Runtime } from '../shared/runtime';
import type { Installation } from '../shared/storage/installationStore';
import { dialogIdSchema, type CurrentUser, type Dialog, type FrameRequest } from '../shared/bitrix24/schemas';
import { VerifiedVisits } from '../shared/storage/verifiedVisits';
import type { Tokens } from '../shared/bitrix24/oauthClient';
import { sessionLifetimeSeconds, signSession } from '../shared/web/session';
import { askAsVisitor, type PortalAddress } from './askAsVisitor';
import { memberCommands, memberOf, sessionFor } from './chatMember';
import { trustedInstallation } from './trustedInstallation';
import { renderArticleList } from './views/articleListView';
import { trashIfEmpty } from './trashShown';
import type { SidebarContext } from './views/sidebarLayout';

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

  // A session from a remembered visit counts from when the portal confirmed it, not from now: reads on it
  // are never more than a minute behind the portal (see freshContext).
  const session = sessionFor(
    { memberId, dialogId: dialogId.data, lang: pickLang(form.LANG), installId: installation.installId, expiresAt: runtime.now() + sessionLifetimeSeconds },
    user,
    dialog,
    visit.confirmedAt,
  );
  const context: SidebarContext = {
    session,
    sessionToken: signSession(runtime.config.sessionSecret, session),
    bx24ScriptUrl: runtime.config.bx24ScriptUrl,
    frameAncestor: portalOrigin(visit.portal ?? installation),
    nowMs: runtime.nowMs(),
  };
  if (next) {
    await visit.afterwards;
    return next(context);
  }
  const firstPage: Promise<ArticlePage> = early && Number(knownChatId) === dialog.id ? early : runtime.articles.page(chat);
  const [page] = await Promise.all([firstPage, visit.afterwards ?? Promise.resolve()]);
  return renderArticleList(context, { page, query: '', trash: await trashIfEmpty(runtime, chat, page) });
}

/** What the portal confirmed about a visit; cached per instance for repeat opens with the same token. */
export interface ConfirmedVisit {
  user: CurrentUser;
  dialog: Dialog;
  /** unix milliseconds: when the portal confirmed it */
  confirmedAt: number;
  /** where the portal answered, when it moved meanwhile */
  portal?: PortalAddress;
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
  const answer = await askAsVisitor(runtime, installation, form, memberCommands(dialogId));
  const confirmedAt = runtime.nowMs();
  const { user, dialog } = memberOf(answer);
  // Only a visit confirmed with the token it arrived with is remembered under that token: a refreshed one
  // proves nothing about the expired AUTH_ID.
  if (answer.tokens.accessToken === form.AUTH_ID) visits.remember(visitKey, { user, dialog, confirmedAt, portal: answer.portal }, answer.tokens, confirmedAt);
  const afterwards = keepVisit(runtime, installation, user.ID, answer.tokens);
  afterwards.catch(() => undefined); // awaited by the caller
  return { user, dialog, confirmedAt, portal: answer.portal, afterwards };
}

/**
 * What a visit the portal confirmed leaves behind: the user's fresh tokens, kept for acting as them later
 * (saving, posting), and an installation marked inactive that is active again.
 */
export function keepVisit(runtime: Runtime, installation: Installation, userId: string, tokens: Tokens): Promise<unknown> {
  return Promise.all([
    tokens.refreshToken ? runtime.userTokens.keepNewest(installation.memberId, userId, tokens) : undefined,
    // The portal answered for the app: whatever marked it inactive is over (e.g. the subscription was renewed).
    installation.status === 'inactive' ? runtime.installations.markStatus(installation.memberId, 'active', '', ['inactive']) : undefined,
  ]);
}
