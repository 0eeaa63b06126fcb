import { AppError } from '../shared/errors';
import { batchCommand, type BatchAnswer } from '../shared/bitrix24/restClient';
import { dialogSchema, type CurrentUser, type Dialog } from '../shared/bitrix24/schemas';
import { clipName, maxChatNameUnits, maxUserNameUnits, type Session } from '../shared/web/session';
import { currentUserOf, displayName } from './currentUser';
import { chatKind } from './views/sidebarLayout';

/** The one batch that tells who the token's user is and how they stand in the dialog (member, role). */
export function memberCommands(dialogId: string): Record<string, string> {
  return { user: 'user.current', dialog: batchCommand('im.dialog.get', { DIALOG_ID: dialogId }) };
}

/** What the portal said about the user and the dialog; a non-member is refused (not_member). */
export function memberOf(answer: BatchAnswer): { user: CurrentUser; dialog: Dialog } {
  return { user: currentUserOf(answer), dialog: dialogOf(answer.results.dialog, answer.errors.dialog) };
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
export function canModerate(dialog: Dialog, userId: string): boolean {
  return (
    dialog.role === 'owner' ||
    dialog.role === 'manager' ||
    String(dialog.owner ?? '') === userId ||
    (dialog.manager_list ?? []).some((id) => String(id) === userId)
  );
}

/** A sidebar session from what the portal confirmed at `checkedAt` (unix ms); names cut to what a session carries. */
export function sessionFor(
  base: Pick<Session, 'memberId' | 'dialogId' | 'lang' | 'installId' | 'expiresAt'>,
  user: CurrentUser,
  dialog: Dialog,
  checkedAt: number,
): Session {
  return {
    ...base,
    userId: user.ID,
    userName: clipName(displayName(user), maxUserNameUnits),
    chatId: dialog.id,
    chatName: clipName(dialog.name, maxChatNameUnits),
    chatKind: chatKind(dialog, base.dialogId),
    memberCount: dialog.user_counter,
    canModerate: canModerate(dialog, user.ID),
    isAdmin: false,
    checkedAt,
  };
}
