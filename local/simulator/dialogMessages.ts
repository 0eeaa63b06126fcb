import { findUser, fullName, type PortalUser } from './data';
import { JOINED_AT } from './chatHistory';
import type { Conversation } from './dialogs';
import { stringParam, type Params } from './params';
import type { ChatMessage } from './types';

// im.dialog.messages.get as the docs describe it (protocol notes 7a): members only (the caller resolves the
// dialog with resolveMemberDialog, which answers ACCESS_ERROR), LAST_ID = messages before it, newest first;
// FIRST_ID = messages after it, oldest first; neither = the newest; LIMIT 20 by default, at most 50. A member
// sees the messages from when they joined on. A deleted message stays, empty and flagged IS_DELETED.

/** What `userId` sees of a conversation, oldest first: the history and everything posted since. */
export function visibleMessages(history: ChatMessage[], posted: ChatMessage[], conversation: Conversation, userId: number): ChatMessage[] {
  const since = JOINED_AT[conversation.chatId]?.[userId] ?? 0;
  return [...history, ...posted].filter((message) => message.chatId === conversation.chatId && message.id >= since);
}

function idParam(params: Params, name: string): number | undefined {
  const value = stringParam(params, name);
  if (value === undefined || value.trim() === '') return undefined;
  const id = Number(value);
  return Number.isFinite(id) && id >= 0 ? Math.floor(id) : undefined;
}

export function dialogMessages(visible: ChatMessage[], conversation: Conversation, params: Params, people: readonly PortalUser[]): Record<string, unknown> {
  const requested = Number(stringParam(params, 'LIMIT') ?? 20);
  const limit = Math.min(Math.max(Number.isFinite(requested) && requested > 0 ? Math.floor(requested) : 20, 1), 50);
  const lastId = idParam(params, 'LAST_ID');
  const firstId = idParam(params, 'FIRST_ID');
  let selected: ChatMessage[];
  if (lastId !== undefined) selected = visible.filter((message) => message.id < lastId).reverse().slice(0, limit);
  else if (firstId !== undefined) selected = visible.filter((message) => message.id > firstId).slice(0, limit);
  else selected = visible.slice(-limit).reverse();
  const authors = [...new Set(selected.map((message) => message.userId))];
  return {
    chat_id: conversation.chatId,
    messages: selected.map((message) => ({
      id: message.id,
      chat_id: message.chatId,
      author_id: message.userId,
      date: message.date,
      text: message.deleted ? '' : message.message,
      unread: false,
      uuid: null,
      replaces: [],
      params: message.deleted ? { IS_DELETED: 'Y' } : null,
      disappearing_date: null,
    })),
    users: authors.flatMap((id) => {
      const user = findUser(id, people);
      return user ? [{ id: user.id, name: fullName(user), first_name: user.name, last_name: user.lastName, avatar: '', bot: false }] : [];
    }),
    files: [],
  };
}
