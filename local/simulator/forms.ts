import { randomBytes } from 'node:crypto';
import { APP_SCOPE } from './data';
import type { Simulator } from './Simulator';
import type { IssuedTokens } from './tokens';
import type { AppPageFormOptions, FormOptions, FormPayload, SidebarFormOptions } from './types';

// The forms the portal POSTs into the app's iframes, field for field and in the order of the captured
// samples. The install form has the older capture's shape (no SERVER_ENDPOINT, no APPLICATION_TOKEN).
// They name the portal where it is now: a moved portal posts its new DOMAIN.

export type Fields = [string, string][];

export interface BuiltForm {
  kind: 'install' | 'sidebar' | 'app';
  userId: number;
  lang: string;
  appSid: string;
  query: Fields;
  body: Fields;
  /** POST target including the query; null when not known (no appUrl, nothing bound) */
  url: string | null;
  tokens: IssuedTokens;
  placement: string;
  placementOptions: Record<string, unknown>;
}

/** PHP's json_encode escapes slashes; the captures show `\/online\/`. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, '\\/');
}

export function encodeFields(fields: Fields): string {
  return new URLSearchParams(fields).toString();
}

function withQuery(action: string | null, query: Fields): string | null {
  if (action === null) return null;
  return `${action}${action.includes('?') ? '&' : '?'}${encodeFields(query)}`;
}

function start(sim: Simulator, kind: BuiltForm['kind'], opts: FormOptions): Omit<BuiltForm, 'body' | 'url' | 'placement' | 'placementOptions'> {
  const userId = opts.userId ?? 1;
  const lang = opts.lang ?? sim.lang;
  const appSid = randomBytes(16).toString('hex');
  const query: Fields = [['DOMAIN', sim.currentPortal.domain], ['PROTOCOL', '0'], ['LANG', lang], ['APP_SID', appSid]];
  return { kind, userId, lang, appSid, query, tokens: sim.issueTokens(userId) };
}

function authFields(sim: Simulator, tokens: IssuedTokens): Fields {
  const fields: Fields = [
    ['AUTH_ID', tokens.accessToken],
    ['AUTH_EXPIRES', String(tokens.expiresIn)],
    ['REFRESH_ID', tokens.refreshToken],
    ['SERVER_ENDPOINT', sim.serverEndpoint],
  ];
  // The portal hands out the application token only once the app is installed.
  if (sim.installed) fields.push(['APPLICATION_TOKEN', sim.applicationToken]);
  fields.push(['APPLICATION_SCOPE', APP_SCOPE], ['member_id', sim.memberId], ['status', 'L']);
  return fields;
}

export function buildInstallForm(sim: Simulator, opts: FormOptions = {}): BuiltForm {
  const base = start(sim, 'install', opts);
  const placementOptions = { any: '28/' };
  const body: Fields = [
    ['AUTH_ID', base.tokens.accessToken],
    ['AUTH_EXPIRES', String(base.tokens.expiresIn)],
    ['REFRESH_ID', base.tokens.refreshToken],
    ['member_id', sim.memberId],
    ['status', 'L'],
    ['PLACEMENT', 'DEFAULT'],
    ['PLACEMENT_OPTIONS', phpJson(placementOptions)],
  ];
  if (opts.withServerEndpoint) body.splice(3, 0, ['SERVER_ENDPOINT', sim.serverEndpoint]);
  const action = sim.appUrl === null ? null : `${sim.appUrl}/api/install`;
  return { ...base, body, url: withQuery(action, base.query), placement: 'DEFAULT', placementOptions };
}

export function buildSidebarForm(sim: Simulator, opts: SidebarFormOptions): BuiltForm {
  const base = start(sim, 'sidebar', opts);
  const placementOptions: Record<string, unknown> = { dialogId: opts.dialogId };
  if (opts.uri !== null) placementOptions['URI'] = opts.uri ?? '/online/';
  const body: Fields = [
    ...authFields(sim, base.tokens),
    ['PLACEMENT', 'IM_SIDEBAR'],
    ['PLACEMENT_OPTIONS', phpJson(placementOptions)],
  ];
  const bound = sim.placements.filter((item) => item.placement === 'IM_SIDEBAR');
  const target = opts.handler === undefined ? bound[0] : bound.find((item) => item.handler === opts.handler);
  return { ...base, body, url: withQuery(target?.handler ?? null, base.query), placement: 'IM_SIDEBAR', placementOptions };
}

export function buildAppPageForm(sim: Simulator, opts: AppPageFormOptions = {}): BuiltForm {
  const base = start(sim, 'app', opts);
  const body: Fields = [...authFields(sim, base.tokens), ['PLACEMENT', 'DEFAULT']];
  if (opts.placementOptions !== undefined) body.push(['PLACEMENT_OPTIONS', phpJson(opts.placementOptions)]);
  const action = sim.appUrl === null ? null : `${sim.appUrl}/api/placement`;
  return { ...base, body, url: withQuery(action, base.query), placement: 'DEFAULT', placementOptions: opts.placementOptions ?? {} };
}

export function toPayload(form: BuiltForm): FormPayload {
  return { query: encodeFields(form.query), body: encodeFields(form.body), url: form.url };
}

export interface EventFormInput {
  event: 'ONAPPINSTALL' | 'ONAPPUNINSTALL';
  handlerId: number;
  lang: string;
  clean: boolean;
  /** the installing admin's tokens and id; unused for ONAPPUNINSTALL, which carries none */
  tokens: (IssuedTokens & { expiresAtMs: number }) | null;
  userId: number;
}

export function buildEventBody(sim: Simulator, input: EventFormInput): string {
  const ts = String(Math.floor(Date.now() / 1000));
  if (input.event === 'ONAPPUNINSTALL') {
    return encodeFields([
      ['event', 'ONAPPUNINSTALL'],
      ['data[LANGUAGE_ID]', input.lang],
      ['data[CLEAN]', input.clean ? '1' : '0'],
      ['ts', ts],
      ['auth[domain]', sim.currentPortal.domain],
      ['auth[server_endpoint]', sim.serverEndpoint],
      ['auth[client_endpoint]', sim.currentPortal.clientEndpoint],
      ['auth[member_id]', sim.memberId],
      ['auth[application_token]', sim.applicationToken],
    ]);
  }
  const tokens = input.tokens ?? sim.tokens.issue(input.userId);
  return encodeFields([
    ['event', 'ONAPPINSTALL'],
    ['event_handler_id', String(input.handlerId)],
    ['data[VERSION]', '1'],
    ['data[ACTIVE]', 'Y'],
    ['data[INSTALLED]', 'Y'],
    ['data[LANGUAGE_ID]', input.lang],
    ['ts', ts],
    ['auth[access_token]', tokens.accessToken],
    ['auth[expires]', String(Math.floor(tokens.expiresAtMs / 1000))],
    ['auth[expires_in]', String(tokens.expiresIn)],
    ['auth[scope]', APP_SCOPE],
    ['auth[domain]', sim.currentPortal.domain],
    ['auth[server_endpoint]', sim.serverEndpoint],
    ['auth[status]', 'L'],
    ['auth[client_endpoint]', sim.currentPortal.clientEndpoint],
    ['auth[member_id]', sim.memberId],
    ['auth[user_id]', String(input.userId)],
    ['auth[refresh_token]', tokens.refreshToken],
    ['auth[application_token]', sim.applicationToken],
  ]);
}
