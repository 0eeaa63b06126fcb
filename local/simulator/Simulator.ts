import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppRegistry } from './bindings';
import { freshDirectory, type Directory, type GroupChat } from './data';
import { FailureModes } from './failures';
import { buildAppPageForm, buildEventBody, buildInstallForm, buildSidebarForm, toPayload } from './forms';
import { postForm } from './httpUtil';
import { closeServer } from './listeners';
import { startMovedListener } from './movedListener';
import { TokenStore, type IssuedTokens } from './tokens';
import type {
  AppPageFormOptions,
  ChatMessage,
  EventBinding,
  EventLogEntry,
  FormOptions,
  FormPayload,
  PlacementBinding,
  PortalAddress,
  RequestLogEntry,
  RestLogEntry,
  SidebarFormOptions,
  SimulatorFailure,
  SimulatorOptions,
  SimulatorStats,
} from './types';

export const DEFAULT_CLIENT_ID = 'local.sim0000000000001.00000001';
export const DEFAULT_CLIENT_SECRET = 'SimulatorDevSecret0123456789abcdefghijklmnopqrstu';

export interface SimulatorServers {
  portal: http.Server;
  oauth: http.Server;
  /** a REST API on another host than the portal's pages (SimulatorOptions.separateRestHost) */
  rest?: http.Server;
  host: string;
}

/**
 * One simulated portal and its OAuth server. State is public and plain so tests can assert on it; the
 * methods are the test hooks (issue tokens, expire them, build the portal's forms, install, uninstall).
 */
export class Simulator implements AppRegistry {
  readonly portalUrl: string;
  readonly domain: string;
  readonly memberId = randomBytes(16).toString('hex');
  readonly oauthUrl: string;
  readonly clientEndpoint: string;
  readonly serverEndpoint: string;
  readonly bx24ScriptUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly applicationToken = randomBytes(16).toString('hex');
  readonly lang: string;
  readonly tokens: TokenStore;
  /** the failure modes in force (`failures.active`) and the connections a 'hang' holds */
  readonly failures = new FailureModes();
  /** this portal's users and chats (a copy of USERS and CHATS that tests may change) */
  readonly directory: Directory = freshDirectory();

  installed = false;
  readonly placements: PlacementBinding[] = [];
  readonly eventBindings: EventBinding[] = [];
  readonly messages: ChatMessage[] = [];
  readonly stats: SimulatorStats = { restCalls: 0, refreshes: 0, successfulRefreshes: 0, appInfoCalls: 0 };
  readonly restLog: RestLogEntry[] = [];
  readonly requestLog: RequestLogEntry[] = [];
  readonly eventLog: EventLogEntry[] = [];
  /** status of the last event POST to the app; null before any or when the handler was unreachable */
  lastEventStatus: number | null = null;

  private currentAppUrl: string | null = null;
  private eventHandlerIds = 10;
  private latency: number;
  private movedAddress: PortalAddress | null = null;
  /** the moved portal's listener, started on the first move and kept until close() */
  private movedServer: Promise<http.Server> | null = null;

  constructor(options: SimulatorOptions, private readonly servers: SimulatorServers) {
    const portalPort = (servers.portal.address() as AddressInfo).port;
    const oauthPort = (servers.oauth.address() as AddressInfo).port;
    this.domain = `${servers.host}:${portalPort}`;
    this.portalUrl = `http://${this.domain}`;
    this.oauthUrl = `http://${servers.host}:${oauthPort}/`;
    // A portal whose REST API has its own host reports that one as client_endpoint (events, token answers).
    this.clientEndpoint = servers.rest ? `http://${servers.host}:${(servers.rest.address() as AddressInfo).port}/rest/` : `${this.portalUrl}/rest/`;
    this.serverEndpoint = `${this.oauthUrl}rest/`;
    this.bx24ScriptUrl = `${this.portalUrl}/bx24.js`;
    this.clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    this.clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
    this.lang = options.lang ?? 'en';
    // Unchecked, as before setLatency existed: a constructor that throws would leave the listeners open.
    this.latency = options.latencyMs ?? 0;
    this.tokens = new TokenStore(options.accessTokenTtlSeconds ?? 3600, this.memberId.slice(0, 8));
    if (options.appUrl !== undefined) this.setAppUrl(options.appUrl);
  }

  get appUrl(): string | null {
    return this.currentAppUrl;
  }

  /** the portal's group chats: the fixed ones (data.ts) and any a test or the bench added */
  get chats(): GroupChat[] {
    return this.directory.chats;
  }

  get registry(): AppRegistry {
    return this;
  }

  /** ms added before answering each REST and OAuth request */
  get latencyMs(): number {
    return this.latency;
  }

  /** Where the portal answers since failWith({ kind: 'moved' }); null when it has not moved (or recovered). */
  get movedTo(): PortalAddress | null {
    return this.movedAddress;
  }

  /** Where the portal answers now: its new address after a move, else the one it started on. */
  get currentPortal(): PortalAddress {
    return this.movedTo ?? { domain: this.domain, portalUrl: this.portalUrl, clientEndpoint: this.clientEndpoint };
  }

  /** Adds a group chat that im.dialog.get then answers for (the bench's big chats). */
  addChat(chat: GroupChat): void {
    if (this.chats.some((known) => known.id === chat.id)) throw new RangeError(`addChat: chat ${chat.id} exists already`);
    this.chats.push(chat);
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`setLatency: ms must be a finite number >= 0, got ${ms}`);
    this.latency = ms;
  }

  /**
   * Makes the portal or the OAuth server misbehave (see SimulatorFailure). Modes add up, first set first
   * applied. Every mode is in force when this returns, except 'moved', which is once the returned promise
   * resolves (it starts a listener); awaiting is only needed for that one.
   */
  failWith(mode: SimulatorFailure): Promise<void> {
    if (mode.kind === 'moved') return this.move();
    this.failures.add(mode);
    return Promise.resolve();
  }

  /** Clears every failure mode: hung requests end now, a moved portal answers at its first address again. */
  recover(): void {
    this.failures.clear();
    this.movedAddress = null;
  }

  setAppUrl(url: string): void {
    this.currentAppUrl = url.replace(/\/+$/, '');
  }

  nextEventHandlerId(): number {
    return ++this.eventHandlerIds;
  }

  issueTokens(userId: number): IssuedTokens {
    const { accessToken, refreshToken, expiresIn } = this.tokens.issue(userId);
    return { accessToken, refreshToken, expiresIn };
  }

  lastIssuedRefreshToken(userId: number): string | undefined {
    return this.tokens.lastIssuedRefreshToken(userId);
  }

  /** Every access token issued so far answers expired_token; their refresh tokens still work. */
  expireAccessTokens(): void {
    this.tokens.expireAllAccess();
  }

  /** Every token issued so far is dead: invalid_token on REST, invalid_grant on refresh. */
  revokeApp(): void {
    this.tokens.revokeAll();
  }

  /** Removes a user from a group chat (`chatN`/`sgN`, or its numeric id): im.dialog.get refuses them from now on. */
  removeFromChat(chat: string | number, userId: number): void {
    const found = this.chat(chat);
    found.members = found.members.filter((id) => id !== userId);
    found.managers = found.managers.filter((id) => id !== userId);
    if (found.owner === userId) found.owner = 0;
  }

  /** Makes a member a manager of a group chat, or (`member`) takes the manager role (and ownership) away. */
  setChatRole(chat: string | number, userId: number, role: 'manager' | 'member'): void {
    const found = this.chat(chat);
    if (!found.members.includes(userId)) found.members.push(userId);
    found.managers = found.managers.filter((id) => id !== userId);
    if (role === 'manager') found.managers.push(userId);
    else if (found.owner === userId) found.owner = 0;
  }

  renameChat(chat: string | number, name: string): void {
    this.chat(chat).name = name;
  }

  renameUser(userId: number, name: string, lastName = ''): void {
    const user = this.directory.users.find((candidate) => candidate.id === userId);
    if (!user) throw new RangeError(`renameUser: no user ${userId}`);
    Object.assign(user, { name, lastName });
  }

  installForm(opts: FormOptions = {}): FormPayload {
    return toPayload(buildInstallForm(this, opts));
  }

  sidebarForm(opts: SidebarFormOptions): FormPayload {
    return toPayload(buildSidebarForm(this, opts));
  }

  appPageForm(opts: AppPageFormOptions = {}): FormPayload {
    return toPayload(buildAppPageForm(this, opts));
  }

  eventForm(event: 'ONAPPINSTALL' | 'ONAPPUNINSTALL', opts: { clean?: boolean; userId?: number } = {}): string {
    const handlerId = this.eventBindings.find((bound) => bound.event === event)?.id ?? 1;
    return buildEventBody(this, { event, handlerId, lang: this.lang, clean: opts.clean ?? false, tokens: null, userId: opts.userId ?? 1 });
  }

  /**
   * What BX24.installFinish() does: the app counts as installed and ONAPPINSTALL goes to every bound
   * handler with the installing admin's tokens. Returns the last handler's status (null: none bound,
   * unreachable, or already installed).
   */
  async markInstalled(opts: { userId?: number } = {}): Promise<number | null> {
    if (this.installed) return null;
    this.installed = true;
    const userId = opts.userId ?? 1;
    const tokens = this.tokens.issue(userId);
    let status: number | null = null;
    for (const bound of this.eventBindings.filter((item) => item.event === 'ONAPPINSTALL')) {
      const body = buildEventBody(this, { event: 'ONAPPINSTALL', handlerId: bound.id, lang: this.lang, clean: false, tokens, userId });
      status = await this.deliver(bound, body);
    }
    return status;
  }

  /**
   * Removes the app the way the portal does: placements and bindings go, tokens die, and ONAPPUNINSTALL
   * goes to the handlers that were bound. Returns the last handler's status (null: none bound or unreachable).
   */
  async uninstall(clean: boolean): Promise<number | null> {
    const handlers = this.eventBindings.filter((item) => item.event === 'ONAPPUNINSTALL');
    this.placements.splice(0);
    this.eventBindings.splice(0);
    this.installed = false;
    this.tokens.revokeAll();
    let status: number | null = null;
    for (const bound of handlers) {
      const body = buildEventBody(this, { event: 'ONAPPUNINSTALL', handlerId: bound.id, lang: this.lang, clean, tokens: null, userId: 1 });
      status = await this.deliver(bound, body);
    }
    return status;
  }

  /** Empties the logs and counters, e.g. between phases of one test. */
  clearLogs(): void {
    this.restLog.splice(0);
    this.requestLog.splice(0);
    this.eventLog.splice(0);
    Object.assign(this.stats, { restCalls: 0, refreshes: 0, successfulRefreshes: 0, appInfoCalls: 0 });
  }

  async close(): Promise<void> {
    this.failures.clear();
    const moved = await this.movedServer?.catch(() => null);
    const servers = [this.servers.portal, this.servers.oauth, ...(this.servers.rest ? [this.servers.rest] : []), ...(moved ? [moved] : [])];
    await Promise.all(servers.map(closeServer));
  }

  private chat(chat: string | number) {
    const found = this.directory.chats.find((candidate) => candidate.id === chat || candidate.dialogId === chat || `chat${candidate.id}` === chat);
    if (!found) throw new RangeError(`no group chat ${String(chat)}`);
    return found;
  }

  /** A portal moves once; moving again (after a recover) reuses its second address. */
  private async move(): Promise<void> {
    this.movedServer ??= startMovedListener(this, this.servers.host).catch((error: unknown) => {
      this.movedServer = null;
      throw error;
    });
    const port = ((await this.movedServer).address() as AddressInfo).port;
    const domain = `${this.servers.host}:${port}`;
    this.movedAddress = { domain, portalUrl: `http://${domain}`, clientEndpoint: `http://${domain}/rest/` };
  }

  private async deliver(bound: EventBinding, body: string): Promise<number | null> {
    const status = await postForm(bound.handler, body);
    this.eventLog.push({ event: bound.event, handler: bound.handler, status });
    this.lastEventStatus = status;
    return status;
  }
}
