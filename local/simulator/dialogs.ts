import { findUser, fullName, type Directory, type GroupChat, type PortalUser } from './data';
import { dialogAccessError, RestFailure } from './restErrors';
import type { ChatMessage } from './types';

// How the messenger turns a dialogId into a conversation, and what im.dialog.* answer about it.

export type Conversation =
  | { kind: 'group'; chatId: number; chat: GroupChat; members: number[] }
  | { kind: 'private'; chatId: number; peer: PortalUser; members: number[] };

const PRIVATE_CHAT_BASE = 100;
const PRIVATE_DATE_CREATE = '2024-01-08T09:00:00+01:00';

/** Throws the portal's errors: a malformed id is DIALOG_ID_EMPTY, anything unreachable ACCESS_ERROR. */
export function resolveDialog(directory: Directory, dialogId: string | undefined, userId: number): Conversation {
  const id = (dialogId ?? '').trim();
  if (id === '') throw new RestFailure('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
  const group = /^(chat|sg)(\d+)$/.exec(id);
  if (group !== null) {
    const number = Number(group[2]);
    const chat = directory.chats.find((candidate) =>
      group[1] === 'sg' ? candidate.entityType === 'SONET_GROUP' && candidate.entityId === String(number) : candidate.id === number,
    );
    if (chat === undefined) throw dialogAccessError();
    return { kind: 'group', chatId: chat.id, chat, members: [...chat.members] };
  }
  if (/^\d+$/.test(id)) {
    const peer = findUser(Number(id), directory.users);
    if (peer === undefined || peer.id === userId) throw dialogAccessError();
    const [low, high] = [Math.min(userId, peer.id), Math.max(userId, peer.id)];
    return { kind: 'private', chatId: PRIVATE_CHAT_BASE + low * 10 + high, peer, members: [low, high] };
  }
  throw new RestFailure('DIALOG_ID_EMPTY', "Dialog ID can't be empty");
}

export function resolveMemberDialog(directory: Directory, dialogId: string | undefined, userId: number): Conversation {
  const conversation = resolveDialog(directory, dialogId, userId);
  if (!conversation.members.includes(userId)) throw dialogAccessError();
  return conversation;
}

export function dialogInfo(conversation: Conversation, userId: number, messages: ChatMessage[]): Record<string, unknown> {
  const own = messages.filter((message) => message.chatId === conversation.chatId);
  const lastId = own.length > 0 ? (own[own.length - 1] as ChatMessage).id : 0;
  const common = {
    id: conversation.chatId,
    parent_chat_id: 0,
    parent_message_id: 0,
    extranet: false,
    avatar: '',
    color: '#2fc6f6',
    counter: 0,
    user_counter: conversation.members.length,
    message_count: own.length,
    last_message_id: lastId,
    last_id: lastId,
    mute_list: [],
    disk_folder_id: 0,
  };
  if (conversation.kind === 'private') {
    return {
      ...common,
      dialog_id: String(conversation.peer.id),
      name: fullName(conversation.peer),
      description: '',
      owner: 0,
      type: 'private',
      manager_list: [],
      role: 'member',
      entity_type: '',
      entity_id: '',
      date_create: PRIVATE_DATE_CREATE,
    };
  }
  const { chat } = conversation;
  const role = chat.owner === userId ? 'owner' : chat.managers.includes(userId) ? 'manager' : 'member';
  return {
    ...common,
    dialog_id: `chat${chat.id}`,
    name: chat.name,
    description: chat.description,
    owner: chat.owner,
    type: chat.type,
    manager_list: [...chat.managers],
    role,
    entity_type: chat.entityType,
    entity_id: chat.entityId,
    date_create: chat.dateCreate,
  };
}

export function dialogUsers(directory: Directory, conversation: Conversation): Record<string, unknown>[] {
  return conversation.members
    .map((id) => directory.users.find((user) => user.id === id))
    .filter((user): user is PortalUser => user !== undefined)
    .map((user) => ({
      id: user.id,
      name: fullName(user),
      first_name: user.name,
      last_name: user.lastName,
      work_position: '',
      color: '#2067b0',
      avatar: '',
      gender: user.gender,
      birthday: '',
      extranet: false,
      network: false,
      bot: false,
      connector: false,
      external_auth_id: 'default',
      status: 'online',
      idle: false,
      absent: false,
      departments: [1],
    }));
}

/** `im.message.add` refuses an ATTACH longer than this, serialised. */
export const maxAttachLength = 60_000;

/**
 * Posts as `userId`; the caller must be a member. Returns the stored message. A card (`attach`) must be an
 * object with `BLOCKS` or a list of blocks (else ATTACH_ERROR), at most 60,000 characters serialised (else
 * ATTACH_OVERSIZE), as Bitrix24 checks it; a message with a card may have no text of its own.
 */
export function postMessage(
  directory: Directory,
  messages: ChatMessage[],
  userId: number,
  dialogId: string | undefined,
  text: string,
  urlPreview = true,
  attach?: unknown,
): ChatMessage {
  const conversation = resolveMemberDialog(directory, dialogId, userId);
  if (attach !== undefined) {
    const blocks = Array.isArray(attach) ? attach : typeof attach === 'object' && attach !== null ? (attach as { BLOCKS?: unknown }).BLOCKS : undefined;
    if (!Array.isArray(blocks) && !(typeof blocks === 'object' && blocks !== null)) throw new RestFailure('ATTACH_ERROR', 'Incorrect attach params');
    if (JSON.stringify(attach).length > maxAttachLength) throw new RestFailure('ATTACH_OVERSIZE', 'You have exceeded the maximum allowable size of attach');
  }
  if (text.trim() === '' && attach === undefined) throw new RestFailure('MESSAGE_EMPTY', "Message can't be empty");
  const message: ChatMessage = {
    id: 1001 + messages.length,
    dialogId: (dialogId ?? '').trim(),
    chatId: conversation.chatId,
    userId,
    message: text,
    date: new Date().toISOString(),
    urlPreview,
    ...(attach !== undefined ? { attach } : {}),
  };
  messages.push(message);
  return message;
}
