export interface SimulatorOptions {
  /** base URL of the app's functions host, e.g. `http://127.0.0.1:7071`; may be set later */
  appUrl?: string;
  clientId?: string;
  clientSecret?: string;
  accessTokenTtlSeconds?: number;
  /** added before answering each REST and OAuth request */
  latencyMs?: number;
  host?: string;
  /** 0 (default) picks a free port */
  portalPort?: number;
  oauthPort?: number;
  lang?: string;
  /**
   * The REST API answers on a host of its own (another port), reported as `client_endpoint`, while forms
   * name the portal's domain; the portal's own address answers REST too, as real portals do.
   */
  separateRestHost?: boolean;
}

export interface PlacementBinding {
  placement: string;
  handler: string;
  title: string;
  description: string;
  langAll: Record<string, unknown>;
  options: Record<string, unknown>;
}

export interface EventBinding {
  /** what the portal sends as `event_handler_id` */
  id: number;
  event: string;
  handler: string;
}

export interface ChatMessage {
  id: number;
  /** the dialogId the author posted to, as given */
  dialogId: string;
  /** numeric chat id: the same conversation seen from both sides of a one-to-one dialog */
  chatId: number;
  userId: number;
  message: string;
  date: string;
  /** deleted by its author: still listed, without its text */
  deleted?: boolean;
  /** whether the chat may show a preview card for a link in it: `URL_PREVIEW` was not `N` */
  urlPreview: boolean;
  /** the card (`ATTACH`) as posted: `{ID, COLOR_TOKEN, BLOCKS}` or the short form, a list of blocks */
  attach?: unknown;
}

export interface RestLogEntry {
  method: string;
  userId: number | null;
  /** ms since epoch */
  at: number;
}

export interface RequestLogEntry {
  server: 'portal' | 'oauth';
  /** which of the portal's addresses a REST call came to (absent for the OAuth server) */
  listener?: 'original' | 'moved' | 'rest';
  path: string;
  /** a token or secret (`auth`, `refresh_token`, `client_secret`) was in the query string */
  hadAuthInUrl: boolean;
  /** the failure mode (`SimulatorFailure['kind']`) that answered instead of the portal; absent when none did */
  failedWith?: string;
}

export interface EventLogEntry {
  event: string;
  handler: string;
  /** HTTP status of the handler's answer, null when it could not be reached */
  status: number | null;
}

export interface SimulatorStats {
  /** HTTP requests to the portal's /rest/ (a batch counts once) */
  restCalls: number;
  /** requests to the OAuth server's /oauth/token/, successful or not */
  refreshes: number;
  /** refreshes that handed out new tokens */
  successfulRefreshes: number;
  /** requests to the OAuth server's /rest/app.info, successful or not */
  appInfoCalls: number;
}

/** Where a portal answers: the one it started on, or the one it moved to. */
export interface PortalAddress {
  /** host:port, as the portal posts it in DOMAIN */
  domain: string;
  /** `http://<domain>` */
  portalUrl: string;
  /** `http://<domain>/rest/` */
  clientEndpoint: string;
}

export type UninstalledError = 'invalid_token' | 'PAYMENT_REQUIRED' | 'PORTAL_DELETED';

/**
 * A way for the portal or OAuth server to misbehave, for reliability tests. `times` limits a mode to the
 * next N requests it applies to; without it, the mode lasts until `recover()`.
 */
export type SimulatorFailure =
  /** `method`: only calls of that REST method (`im.message.add`; a batch is `batch`), else every call */
  | { kind: 'rate-limit' | 'time-limit' | 'hang' | 'server-error' | 'reset' | 'not-json'; times?: number; method?: string }
  | { kind: 'oauth-down'; times?: number }
  | { kind: 'uninstalled'; error: UninstalledError }
  /** the token endpoint grants new tokens as usual but names another portal's member_id in its answer */
  | { kind: 'foreign-member'; times?: number }
  /** REST answers 302 to `location` + the request's path and query; the portal itself does not move */
  | { kind: 'redirect'; location: string; times?: number }
  | { kind: 'moved' };

/** A form as the portal POSTs it into an iframe. */
export interface FormPayload {
  /** query string without `?` */
  query: string;
  /** application/x-www-form-urlencoded body */
  body: string;
  /** where the portal would POST it (query included); null when that target is not known yet */
  url: string | null;
}

export interface FormOptions {
  userId?: number;
  lang?: string;
  /** the install form as newer portals send it, with SERVER_ENDPOINT (the captured one has none) */
  withServerEndpoint?: boolean;
}

export interface SidebarFormOptions extends FormOptions {
  dialogId: string;
  /** the messenger page; null leaves URI out, as when the browser sent no Referer */
  uri?: string | null;
  /** which bound IM_SIDEBAR handler to target; default the first one */
  handler?: string;
}

export interface MessageMenuFormOptions extends FormOptions {
  dialogId: string;
  /** as the portal sends it: a string of digits (any other value, to test how the app copes) */
  messageId: string | number;
  /** which bound IM_CONTEXT_MENU handler to target; default the first one */
  handler?: string;
}

export interface AppPageFormOptions extends FormOptions {
  /** PLACEMENT_OPTIONS, e.g. what BX24.openApplication passed; omitted when absent */
  placementOptions?: Record<string, unknown>;
}
