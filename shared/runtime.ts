import { loadConfig, type Config } from './config';
import { createArticleStore, type ArticleStore } from './storage/articleStore';
import type { IndexBuildTiming } from './storage/chatHead';
import type { LoadLimits } from './storage/LoadGate';
import { createHttpClient } from './bitrix24/httpClient';
import { cachedInstallationStore } from './storage/cachedInstallationStore';
import { createFormKeyStore, type FormKeyStore } from './storage/formKeyStore';
import { createInstallationStore, type InstallationStore } from './storage/installationStore';
import { createOAuthClient, type OAuthClient } from './bitrix24/oauthClient';
import { createRestClient, type RestClient, type RetryPolicy } from './bitrix24/restClient';
import { createTables } from './storage/tableStorage';
import { createTokenCipher } from './storage/tokenCipher';
import type { RefreshTiming } from './storage/tokenLineage';
import { createUserTokenStore, type UserTokenStore } from './storage/userTokenStore';
import { createVisitorRefreshes, type VisitorRefreshes } from './storage/visitorRefreshes';

/** Everything a handler needs from the outside world, built once per instance from the configuration. */
export interface Runtime {
  config: Config;
  rest: RestClient;
  oauth: OAuthClient;
  installations: InstallationStore;
  articles: ArticleStore;
  /** the sidebar forms' one-time keys (a form sent twice writes once) */
  formKeys: FormKeyStore;
  userTokens: UserTokenStore;
  /** one refresh per expired sidebar frame, however many instances its opens reach */
  visitorRefreshes: VisitorRefreshes;
  /** unix seconds */
  now(): number;
  /** unix milliseconds (article timestamps, relative times) */
  nowMs(): number;
  /** refresh lease timing (tests shorten it) */
  refreshTiming?: RefreshTiming;
}

export interface RuntimeOptions {
  /** Prefix for table names, so test runs sharing one storage account do not meet. */
  tablePrefix?: string;
  /** Per outbound call. */
  timeoutMs?: number;
  /** unix seconds; for tests that move the clock */
  now?: () => number;
  refreshTiming?: RefreshTiming;
  retry?: RetryPolicy;
  /** how long an instance may reuse an installation it read (0: always read) */
  installationCacheMs?: number;
  /** what an instance may keep of chats' text for search, bytes (default: a quarter of the heap limit, at most 256 MiB) */
  searchCacheBytes?: number;
  /** how many whole-chat loads for search an instance runs and queues (tests make it small) */
  searchLoads?: LoadLimits;
  /** how chats from before the chat index get theirs (tests shorten the lease) */
  indexBuild?: IndexBuildTiming;
}

export const defaultTimeoutMs = 8000;

export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  const http = createHttpClient();
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const tables = createTables(config.storage);
  const prefix = options.tablePrefix ?? '';
  const cipher = createTokenCipher(config.tokenKey, config.previousTokenKey);
  return {
    config,
    // Local testing (http allowed) is also where portals live on loopback: the simulator.
    rest: createRestClient({ http, timeoutMs, allowHttp: config.allowHttp, policy: { allowLoopback: config.allowHttp }, retry: options.retry }),
    oauth: createOAuthClient({ http, servers: config.oauthUrls, clientId: config.clientId, clientSecret: config.clientSecret, timeoutMs }),
    installations: cachedInstallationStore(createInstallationStore(tables, cipher, `${prefix}installations`), options.installationCacheMs ?? 10_000),
    articles: createArticleStore(tables, `${prefix}articles`, { searchCacheBytes: options.searchCacheBytes, searchLoads: options.searchLoads, indexBuild: options.indexBuild }),
    formKeys: createFormKeyStore(tables, `${prefix}formkeys`),
    userTokens: createUserTokenStore(tables, cipher, `${prefix}usertokens`),
    visitorRefreshes: createVisitorRefreshes(tables, cipher, `${prefix}usertokens`, { timing: () => options.refreshTiming }),
    now: options.now ?? (() => Math.floor(Date.now() / 1000)),
    nowMs: options.now ? () => options.now!() * 1000 : () => Date.now(),
    refreshTiming: options.refreshTiming,
  };
}

let instance: Runtime | undefined;

/** The deployment's runtime, from process settings; throws AppError('config') naming every bad setting. */
export function getRuntime(): Runtime {
  instance ??= createRuntime(loadConfig());
  return instance;
}
