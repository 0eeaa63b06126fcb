import { eventBind, eventGet, eventUnbind, placementBind, placementGet, placementUnbind } from './bindings';
import { APP_SCOPE, findUser } from './data';
import { dialogMessages, visibleMessages } from './dialogMessages';
import { dialogInfo, dialogUsers, postMessage, resolveMemberDialog } from './dialogs';
import { param, stringParam, type Params } from './params';
import { RestFailure } from './restErrors';
import type { Simulator } from './Simulator';

// The portal's REST methods. Each one runs for an already authenticated user and either returns its
// `result` or throws a RestFailure; HTTP, auth and batch handling live elsewhere.

export interface MethodContext {
  sim: Simulator;
  userId: number;
}

type Method = (context: MethodContext, params: Params) => unknown;

const METHODS: Record<string, Method> = {
  'user.current': ({ sim, userId }) => {
    const user = findUser(userId, sim.directory.users);
    if (user === undefined) throw new RestFailure('invalid_token', 'The access token provided is invalid.');
    return {
      ID: String(user.id),
      XML_ID: '',
      ACTIVE: true,
      NAME: user.name,
      LAST_NAME: user.lastName,
      SECOND_NAME: '',
      PERSONAL_GENDER: user.gender,
      PERSONAL_PHOTO: '',
      TIME_ZONE: '',
      TIME_ZONE_OFFSET: 0,
      IS_ONLINE: 'Y',
      USER_TYPE: 'employee',
    };
  },
  'user.admin': ({ sim, userId }) => findUser(userId, sim.directory.users)?.admin === true,
  scope: () => [...APP_SCOPE.split(','), 'basic'],
  'im.dialog.get': ({ sim, userId }, params) =>
    dialogInfo(resolveMemberDialog(sim.directory, stringParam(params, 'DIALOG_ID'), userId), userId, sim.messages),
  'im.dialog.users.list': ({ sim, userId }, params) => {
    const users = dialogUsers(sim.directory, resolveMemberDialog(sim.directory, stringParam(params, 'DIALOG_ID'), userId));
    const limit = Math.min(Math.max(Number(stringParam(params, 'LIMIT') ?? 200) || 200, 1), 200);
    const offset = Math.max(Number(stringParam(params, 'OFFSET') ?? 0) || 0, 0);
    return users.slice(offset, offset + limit);
  },
  'im.dialog.messages.get': ({ sim, userId }, params) => {
    const conversation = resolveMemberDialog(sim.directory, stringParam(params, 'DIALOG_ID'), userId);
    return dialogMessages(visibleMessages(sim.history, sim.messages, conversation, userId), conversation, params, sim.directory.users);
  },
  'im.message.add': ({ sim, userId }, params) => {
    const chatId = stringParam(params, 'CHAT_ID');
    const dialogId = stringParam(params, 'DIALOG_ID') ?? (chatId !== undefined ? `chat${chatId}` : undefined);
    const urlPreview = stringParam(params, 'URL_PREVIEW')?.toUpperCase() !== 'N';
    const attach = param(params, 'ATTACH');
    return postMessage(sim.directory, sim.messages, userId, dialogId, stringParam(params, 'MESSAGE') ?? '', urlPreview, attach === undefined || attach === '' ? undefined : attach).id;
  },
  'placement.bind': ({ sim, userId }, params) => placementBind(sim.registry, userId, params),
  'placement.unbind': ({ sim, userId }, params) => placementUnbind(sim.registry, userId, params),
  'placement.get': ({ sim, userId }) => placementGet(sim.registry, userId),
  'event.bind': ({ sim, userId }, params) => eventBind(sim.registry, userId, params),
  'event.unbind': ({ sim, userId }, params) => eventUnbind(sim.registry, userId, params),
  'event.get': ({ sim, userId }) => eventGet(sim.registry, userId),
  'app.info': ({ sim }) => ({
    ID: 7,
    CODE: sim.clientId,
    VERSION: 1,
    STATUS: 'L',
    INSTALLED: sim.installed,
    PAYMENT_EXPIRED: 'N',
    DAYS: null,
    LANGUAGE_ID: sim.lang,
    LICENSE: 'en_project',
    LICENSE_TYPE: 'project',
    LICENSE_FAMILY: 'project',
  }),
};

// Methods of scopes this app was not granted: the portal knows them but refuses the token.
const UNGRANTED_SCOPE_PREFIXES = ['crm.', 'task.', 'tasks.', 'disk.', 'department.', 'sonet_group.', 'calendar.',
  'lists.', 'bizproc.', 'entity.', 'log.', 'sale.', 'catalog.', 'telephony.', 'imbot.', 'imopenlines.', 'user.get',
  'user.search', 'user.update', 'user.add'];

export function normalizeMethodName(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.json$/, '');
}

export function executeMethod(context: MethodContext, method: string, params: Params): unknown {
  context.sim.restLog.push({ method, userId: context.userId, at: Date.now() });
  const run = METHODS[method];
  if (run === undefined) {
    if (UNGRANTED_SCOPE_PREFIXES.some((prefix) => method.startsWith(prefix))) {
      throw new RestFailure('insufficient_scope', 'The request requires higher privileges than provided by the access token');
    }
    throw new RestFailure('ERROR_METHOD_NOT_FOUND', 'Method not found!');
  }
  return run(context, params);
}
