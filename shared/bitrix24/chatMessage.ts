import { AppError } from '../errors';
import { batchCommand, RestError, type RestParams } from './restClient';
import { dialogMessagesSchema, dialogUserSchema, type MessageMenuTarget } from './schemas';

/** One chat message as the portal showed it to the user whose token read it. */
export interface ChatMessage {
  id: string;
  dialogId: string;
  /** numeric chat id (both sides of a one-to-one dialog share it) */
  chatId: number;
  /** 0 for a system message */
  authorId: number;
  /** the author's full name as the portal gives it; '' when it does not (system messages) */
  authorName: string;
  /** ISO 8601 with the portal's offset, as the portal gives it */
  date: string;
  /** raw BB-code */
  text: string;
}

/**
 * No REST method reads one message by id with a user's token: `im.dialog.messages.get` with
 * `LAST_ID = messageId + 1` and `LIMIT = 1` answers the newest message before that id in the dialog, which is
 * the message itself only if it is there (and visible to the user). Ids are compared as strings of digits,
 * and the `+ 1` is done without losing digits.
 */
function chatMessageParams(target: MessageMenuTarget): RestParams {
  return { DIALOG_ID: target.dialogId, LAST_ID: (BigInt(target.messageId) + 1n).toString(), LIMIT: 1 };
}

/** That read as one command of a batch, beside the checks that confirm the user in the same round trip (captureMessage). */
export function chatMessageCommand(target: MessageMenuTarget): string {
  return batchCommand('im.dialog.messages.get', chatMessageParams(target));
}

/**
 * The message from the answer to that read: a refusal means the user is not a member (not_member); an answer
 * without exactly that message (another one, none, or the message marked deleted) means it is not there for
 * this user (message_not_found), and nothing of another message is passed on.
 */
export function chatMessageFrom(result: unknown, error: RestError | undefined, target: MessageMenuTarget): ChatMessage {
  if (error) {
    if (error.code === 'ACCESS_ERROR' || error.code === 'ACCESS_DENIED') throw new AppError('not_member', 'im.dialog.messages.get refused', { cause: error });
    throw error;
  }
  const answer = dialogMessagesSchema.safeParse(result);
  if (!answer.success) throw new AppError('portal_error', 'im.dialog.messages.get answered in an unknown shape');
  const message = answer.data.messages[0];
  if (!message || message.id !== target.messageId) throw new AppError('message_not_found', 'the message is not in this dialog for this user');
  const params = message.params && !Array.isArray(message.params) ? message.params : {};
  if (params['IS_DELETED'] === 'Y' || params['IS_DELETED'] === true) throw new AppError('message_not_found', 'the message was deleted');
  const author = answer.data.users.map((user) => dialogUserSchema.safeParse(user)).find((user) => user.success && user.data.id === message.author_id);
  return {
    id: message.id,
    dialogId: target.dialogId,
    chatId: message.chat_id ?? answer.data.chat_id ?? 0,
    authorId: message.author_id,
    authorName: (author?.success && author.data.name) || '',
    date: message.date,
    text: message.text,
  };
}
