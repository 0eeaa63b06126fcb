import type http from 'node:http';
import { findUser, fullName } from './data';
import { resolveDialog, postMessage } from './dialogs';
import { visibleMessages } from './dialogMessages';
import { buildAppPageForm, buildInstallForm, buildMessageMenuForm, buildSidebarForm, type BuiltForm } from './forms';
import { readBody, sendJson } from './httpUtil';
import { isObject, type Params } from './params';
import { RestFailure } from './restErrors';
import type { Simulator } from './Simulator';

// `/sim/*`: the portal page's own backend. Not part of Bitrix24; it issues tokens for the selected user,
// builds the iframe forms and performs installFinish/uninstall, so the page's JS holds no secrets itself.

async function jsonBody(req: http.IncomingMessage): Promise<Params> {
  try {
    const parsed: unknown = JSON.parse((await readBody(req)) || '{}');
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function userIdOf(sim: Simulator, value: unknown): number {
  const id = Number(value);
  return findUser(id, sim.directory.users) === undefined ? 1 : id;
}

function stateOf(sim: Simulator): Record<string, unknown> {
  return {
    installed: sim.installed,
    domain: sim.currentPortal.domain,
    memberId: sim.memberId,
    portalUrl: sim.currentPortal.portalUrl,
    appUrl: sim.appUrl,
    clientId: sim.clientId,
    lang: sim.lang,
    users: sim.directory.users.map((user) => ({ id: user.id, name: fullName(user), admin: user.admin })),
    chats: sim.directory.chats.map((chat) => ({ dialogId: chat.dialogId, chatId: chat.id, name: chat.name, type: chat.type, members: chat.members })),
    placements: sim.installed ? sim.placements : [],
    lastEventStatus: sim.lastEventStatus,
  };
}

/** What the page needs to POST the form and to answer the frame's getInitData. */
function framePayload(sim: Simulator, form: BuiltForm): Record<string, unknown> {
  return {
    url: form.url,
    appSid: form.appSid,
    frameName: `${sim.currentPortal.domain}|0|${form.appSid}`,
    body: form.body,
    userId: form.userId,
    init: {
      DOMAIN: sim.currentPortal.domain,
      PROTOCOL: 0,
      LANG: form.lang,
      APP_SID: form.appSid,
      PATH: '/rest',
      MEMBER_ID: sim.memberId,
      AUTH_ID: form.tokens.accessToken,
      AUTH_EXPIRES: form.tokens.expiresIn,
      REFRESH_ID: form.tokens.refreshToken,
      IS_ADMIN: findUser(form.userId, sim.directory.users)?.admin === true,
      INSTALL: !sim.installed,
      FIRST_RUN: false,
      PLACEMENT: form.placement,
      PLACEMENT_OPTIONS: form.placementOptions,
      USER_OPTIONS: [],
      APP_OPTIONS: [],
    },
  };
}

function buildForm(sim: Simulator, body: Params): BuiltForm {
  const userId = userIdOf(sim, body['userId']);
  const lang = typeof body['lang'] === 'string' ? body['lang'] : sim.lang;
  if (body['kind'] === 'install') return buildInstallForm(sim, { userId, lang });
  if (body['kind'] === 'sidebar') {
    const handler = typeof body['handler'] === 'string' ? body['handler'] : undefined;
    return buildSidebarForm(sim, { userId, lang, dialogId: String(body['dialogId'] ?? ''), handler });
  }
  if (body['kind'] === 'message-menu') {
    const handler = typeof body['handler'] === 'string' ? body['handler'] : undefined;
    return buildMessageMenuForm(sim, { userId, lang, dialogId: String(body['dialogId'] ?? ''), messageId: String(body['messageId'] ?? ''), handler });
  }
  const placementOptions = isObject(body['placementOptions']) ? body['placementOptions'] : undefined;
  return buildAppPageForm(sim, { userId, lang, placementOptions });
}

export async function handleSimApi(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  switch (route) {
    case 'GET /sim/state':
      sendJson(res, 200, stateOf(sim));
      return;
    case 'POST /sim/form': {
      const form = buildForm(sim, await jsonBody(req));
      if (form.url === null) {
        const missing = form.kind === 'sidebar' || form.kind === 'message-menu' ? `no ${form.placement} handler is bound` : 'the app URL is not set';
        sendJson(res, 409, { error: `Cannot open the app: ${missing}` });
        return;
      }
      sendJson(res, 200, framePayload(sim, form));
      return;
    }
    case 'POST /sim/auth': {
      const tokens = sim.issueTokens(userIdOf(sim, (await jsonBody(req))['userId']));
      sendJson(res, 200, { AUTH_ID: tokens.accessToken, AUTH_EXPIRES: tokens.expiresIn, REFRESH_ID: tokens.refreshToken });
      return;
    }
    case 'POST /sim/install-finish': {
      const userId = userIdOf(sim, (await jsonBody(req))['userId']);
      await sim.markInstalled({ userId });
      sendJson(res, 200, { installed: sim.installed, eventStatus: sim.lastEventStatus });
      return;
    }
    case 'POST /sim/uninstall': {
      const status = await sim.uninstall((await jsonBody(req))['clean'] === true);
      sendJson(res, 200, { installed: sim.installed, eventStatus: status });
      return;
    }
    case 'GET /sim/messages':
    case 'POST /sim/messages':
      await messages(sim, req, res, url);
      return;
    default:
      sendJson(res, 404, { error: 'not found' });
  }
}

async function messages(sim: Simulator, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  try {
    if (req.method === 'POST') {
      const body = await jsonBody(req);
      const message = postMessage(sim.directory, sim.messages, userIdOf(sim, body['userId']), String(body['dialogId'] ?? ''), String(body['message'] ?? ''));
      sendJson(res, 200, { id: message.id });
      return;
    }
    const userId = userIdOf(sim, url.searchParams.get('userId'));
    const conversation = resolveDialog(sim.directory, url.searchParams.get('dialogId') ?? '', userId);
    const member = conversation.members.includes(userId);
    const list = member ? visibleMessages(sim.history, sim.messages, conversation, userId) : [];
    sendJson(res, 200, {
      member,
      messages: list.map((message) => {
        const author = findUser(message.userId, sim.directory.users);
        const text = message.deleted ? '' : message.message;
        return { id: message.id, userId: message.userId, author: author ? fullName(author) : '', message: text, attach: message.deleted ? undefined : message.attach, date: message.date, deleted: message.deleted === true };
      }),
    });
  } catch (error) {
    if (!(error instanceof RestFailure)) throw error;
    sendJson(res, error.status, error.body());
  }
}
