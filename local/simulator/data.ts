// The fixed portal the simulator pretends to be: three users, three group chats and the one-to-one dialogs
// between users. Kept as plain data so tests can name users and chats without asking the simulator.

export interface PortalUser {
  id: number;
  name: string;
  lastName: string;
  admin: boolean;
  gender: 'M' | 'F';
}

export interface GroupChat {
  /** numeric chat id, what im.dialog.get answers as `id` */
  id: number;
  /** the dialogId the messenger uses for it (`chatN`, or `sgN` for a workgroup) */
  dialogId: string;
  name: string;
  description: string;
  type: 'open' | 'chat';
  owner: number;
  managers: number[];
  members: number[];
  entityType: string;
  entityId: string;
  dateCreate: string;
}

export const USERS: readonly PortalUser[] = [
  { id: 1, name: 'Anna', lastName: 'Schmidt', admin: true, gender: 'F' },
  { id: 2, name: 'Boris', lastName: 'Ivanov', admin: false, gender: 'M' },
  { id: 3, name: 'Chen', lastName: 'Wei', admin: false, gender: 'M' },
];

export const CHATS: readonly GroupChat[] = [
  {
    id: 2,
    dialogId: 'chat2',
    name: 'General chat',
    description: '',
    type: 'open',
    owner: 1,
    managers: [1],
    members: [1, 2],
    entityType: '',
    entityId: '',
    dateCreate: '2024-01-10T10:00:00+01:00',
  },
  {
    // The name is hostile on purpose: apps must escape chat names they render.
    id: 5,
    dialogId: 'chat5',
    name: '<script>alert(1)</script>',
    description: '',
    type: 'chat',
    owner: 2,
    managers: [2],
    members: [1, 2],
    entityType: '',
    entityId: '',
    dateCreate: '2024-02-01T09:30:00+01:00',
  },
  {
    // Workgroup chats are opened as `sgN` (N = group id) but im.dialog.get names them by chat id, as the
    // portal does: apps must key data on the numeric id, not on the dialogId they were opened with.
    id: 7,
    dialogId: 'sg7',
    name: 'Project Apollo',
    description: 'Workgroup chat of the Apollo project',
    type: 'chat',
    owner: 3,
    managers: [3],
    members: [1, 3],
    entityType: 'SONET_GROUP',
    entityId: '7',
    dateCreate: '2024-03-15T14:00:00+01:00',
  },
];

/** Placement codes the app's scopes (im, placement) allow binding. */
export const KNOWN_PLACEMENTS: readonly string[] = [
  'IM_SIDEBAR',
  'IM_TEXTAREA',
  'IM_CONTEXT_MENU',
  'IM_NAVIGATION',
  'IM_SMILES_SELECTOR',
  'REST_APP_URI',
  'PAGE_BACKGROUND_WORKER',
];

export const APP_SCOPE = 'im,placement,user_brief';

export function findUser(id: number, users: readonly PortalUser[] = USERS): PortalUser | undefined {
  return users.find((user) => user.id === id);
}

/** One portal's people and chats: a simulator starts from USERS and CHATS and may change its own copy. */
export interface Directory {
  users: PortalUser[];
  chats: GroupChat[];
}

export function freshDirectory(): Directory {
  return {
    users: USERS.map((user) => ({ ...user })),
    chats: CHATS.map((chat) => ({ ...chat, managers: [...chat.managers], members: [...chat.members] })),
  };
}

export function fullName(user: PortalUser): string {
  return `${user.name} ${user.lastName}`;
}
