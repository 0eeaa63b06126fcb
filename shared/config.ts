import { z } from 'zod';
import { AppError } from './errors';

export interface Config {
  clientId: string;
  clientSecret: string;
  /** Where Bitrix24 reaches the functions, without a trailing slash. */
  publicBaseUrl: string;
  sessionSecret: string;
  storage: StorageAccess;
  /**
   * The default OAuth server, with a trailing slash: `<oauthUrl>oauth/token/`, `<oauthUrl>rest/app.info`. An
   * install that names no server is checked here first.
   */
  oauthUrl: string;
  /**
   * Every OAuth server this deployment accepts portals of (regions), `oauthUrl` first, each with a trailing
   * slash. A request may choose among them, never name another; each portal's tokens go to its own one.
   */
  oauthUrls: readonly string[];
  allowHttp: boolean;
  /** The BX24 JS library the pages load (a setting so the local simulator can serve a stand-in). */
  bx24ScriptUrl: string;
  port: number;
  /** AES-256-GCM keys for tokens at rest (32 bytes each); the previous one only opens older rows */
  tokenKey: Buffer;
  previousTokenKey?: Buffer;
}

/**
 * How the app reaches its tables: a connection string (Azurite, `npm start`, tests), or on Azure the Functions
 * identity-based settings, where a managed identity's token opens the account and no key exists.
 */
export type StorageAccess =
  | { kind: 'connectionString'; connectionString: string }
  /** clientId: the user-assigned identity; without it, the app's system-assigned identity */
  | { kind: 'managedIdentity'; tableServiceUrl: string; clientId?: string };

/** The settings this app reads; these names are its interface (README, local.settings.json.example). */
export const settingNames = [
  'BITRIX24_CLIENT_ID',
  'BITRIX24_CLIENT_SECRET',
  'PUBLIC_BASE_URL',
  'SESSION_SECRET',
  'AzureWebJobsStorage',
  'AzureWebJobsStorage__tableServiceUri',
  'AzureWebJobsStorage__accountName',
  'AzureWebJobsStorage__credential',
  'AzureWebJobsStorage__clientId',
  'BITRIX24_OAUTH_URL',
  'BITRIX24_OAUTH_URLS',
  'BITRIX24_ALLOW_HTTP',
  'BITRIX24_JS_URL',
  'PORT',
  'TOKEN_ENCRYPTION_KEY',
  'TOKEN_ENCRYPTION_KEY_PREVIOUS',
] as const;

export type SettingName = (typeof settingNames)[number];

/** Settings whose values are secrets (a connection string may hold a key): on Azure, Key Vault references. */
export const secretSettingNames: readonly SettingName[] = ['BITRIX24_CLIENT_SECRET', 'SESSION_SECRET', 'TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY_PREVIOUS', 'AzureWebJobsStorage'];

export const defaultOAuthUrl = 'https://oauth.bitrix.info/';
export const defaultBx24ScriptUrl = 'https://api.bitrix24.com/api/v1/';
export const minSessionSecretLength = 32;

const text = z.string().trim().min(1, 'is missing');
const absoluteUrl = z.string().trim().min(1, 'is missing').refine(isHttpUrl, 'must be an http(s) URL without credentials, query or fragment');

const envSchema = z.object({
  BITRIX24_CLIENT_ID: text,
  BITRIX24_CLIENT_SECRET: text,
  PUBLIC_BASE_URL: absoluteUrl,
  SESSION_SECRET: z.string().min(minSessionSecretLength, `must be at least ${minSessionSecretLength} characters`),
  AzureWebJobsStorage: text.refine(isStorageConnectionString, 'must be UseDevelopmentStorage=true or a storage connection string').optional(),
  AzureWebJobsStorage__tableServiceUri: z.string().trim().refine(isHttpsServiceUrl, 'must be an https URL without credentials, query or fragment').optional(),
  AzureWebJobsStorage__accountName: z.string().trim().regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name (3-24 lowercase letters and digits)').optional(),
  AzureWebJobsStorage__credential: z.string().trim().regex(/^managedidentity$/i, 'must be managedidentity').optional(),
  AzureWebJobsStorage__clientId: z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be the managed identity's client id (a GUID)").optional(),
  BITRIX24_OAUTH_URL: absoluteUrl.default(defaultOAuthUrl),
  BITRIX24_OAUTH_URLS: z
    .string()
    .default('')
    .refine((value) => listOf(value).every(isHttpUrl), 'must be comma-separated http(s) URLs without credentials, query or fragment'),
  BITRIX24_ALLOW_HTTP: z.enum(['true', 'false', '']).default('false'),
  BITRIX24_JS_URL: absoluteUrl.default(defaultBx24ScriptUrl),
  PORT: z.string().regex(/^\d{1,5}$/, 'must be a port number').default('7071'),
  TOKEN_ENCRYPTION_KEY: z.string().trim().min(1, 'is missing').refine(isKey, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
  TOKEN_ENCRYPTION_KEY_PREVIOUS: z.string().trim().refine(isKey, 'must be 32 bytes, base64-encoded').optional(),
});

/**
 * Reads and validates the settings once. Throws an AppError('config') whose message names every bad key and
 * why, and never a value (values are secrets).
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(settingNames.map((name) => [name, emptyToUndefined(env[name])]));
  const unresolved = unresolvedReferences(picked);
  const parsed = envSchema.safeParse(picked);
  const problems: string[] = [...unresolved.values()];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      // A reference's text says nothing about the setting's own rules: only that it was not resolved.
      if (!unresolved.has(key)) problems.push(`${key} ${issue.message === 'Invalid input: expected string, received undefined' ? 'is missing' : issue.message}`);
    }
  }
  problems.push(...missingStorageSettings(picked));
  if (parsed.success && unresolved.size === 0) {
    const allowHttp = parsed.data.BITRIX24_ALLOW_HTTP === 'true';
    const oauthUrls = [...new Set([parsed.data.BITRIX24_OAUTH_URL, ...listOf(parsed.data.BITRIX24_OAUTH_URLS)].map(serverUrl))];
    const urls: [string, string][] = [
      ['PUBLIC_BASE_URL', parsed.data.PUBLIC_BASE_URL],
      ['BITRIX24_OAUTH_URL', parsed.data.BITRIX24_OAUTH_URL],
      ...listOf(parsed.data.BITRIX24_OAUTH_URLS).map((url): [string, string] => ['BITRIX24_OAUTH_URLS', url]),
      ['BITRIX24_JS_URL', parsed.data.BITRIX24_JS_URL],
    ];
    for (const [key, url] of urls) {
      if (!allowHttp && new URL(url).protocol !== 'https:') {
        problems.push(`${key} must use https (http is allowed only with BITRIX24_ALLOW_HTTP=true, for local testing)`);
      }
    }
    const port = Number(parsed.data.PORT);
    if (port < 1 || port > 65535) problems.push('PORT must be a port number');
    if (problems.length === 0) {
      return {
        clientId: parsed.data.BITRIX24_CLIENT_ID,
        clientSecret: parsed.data.BITRIX24_CLIENT_SECRET,
        publicBaseUrl: parsed.data.PUBLIC_BASE_URL.replace(/\/+$/, ''),
        sessionSecret: parsed.data.SESSION_SECRET,
        storage: storageAccess(parsed.data),
        oauthUrl: serverUrl(parsed.data.BITRIX24_OAUTH_URL),
        oauthUrls,
        allowHttp,
        bx24ScriptUrl: parsed.data.BITRIX24_JS_URL,
        port,
        tokenKey: Buffer.from(parsed.data.TOKEN_ENCRYPTION_KEY, 'base64'),
        previousTokenKey: parsed.data.TOKEN_ENCRYPTION_KEY_PREVIOUS ? Buffer.from(parsed.data.TOKEN_ENCRYPTION_KEY_PREVIOUS, 'base64') : undefined,
      };
    }
  }
  throw new AppError('config', `Invalid configuration: ${[...new Set(problems)].join('; ')}`);
}

/**
 * App Service puts a Key Vault (or App Configuration) reference it could not resolve into the environment as
 * its own text, `@Microsoft.KeyVault(SecretUri=...)`. That text is public (vault and app share a name), so it
 * must never pass for a secret, however long it is: every setting holding one is refused, by name only.
 */
const referenceKinds: [RegExp, string][] = [
  [/^@microsoft\.keyvault\(/i, 'Key Vault'],
  [/^@microsoft\.appconfiguration\(/i, 'App Configuration'],
];

function unresolvedReferences(values: Record<string, string | undefined>): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(values)) {
    const kind = value === undefined ? undefined : referenceKinds.find(([pattern]) => pattern.test(value.trim()))?.[1];
    if (kind) found.set(key, `${key} is an unresolved ${kind} reference`);
  }
  return found;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** An http(s) URL without user info, query or fragment. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash;
  } catch {
    return false;
  }
}

function isStorageConnectionString(value: string): boolean {
  return value === 'UseDevelopmentStorage=true' || /(^|;)\s*(AccountName|TableEndpoint)\s*=/i.test(value);
}

/**
 * AzureWebJobsStorage wins when set, as in the Functions host; otherwise the identity-based settings must name
 * the tables' endpoint and the managed identity as the credential (the only one the app uses).
 */
function missingStorageSettings(values: Record<string, string | undefined>): string[] {
  if (values.AzureWebJobsStorage !== undefined) return [];
  if (values.AzureWebJobsStorage__tableServiceUri === undefined && values.AzureWebJobsStorage__accountName === undefined) {
    return ['AzureWebJobsStorage is missing (or AzureWebJobsStorage__tableServiceUri / AzureWebJobsStorage__accountName, for a managed identity)'];
  }
  return values.AzureWebJobsStorage__credential === undefined ? ['AzureWebJobsStorage__credential is missing (managedidentity)'] : [];
}

function storageAccess(values: z.infer<typeof envSchema>): StorageAccess {
  if (values.AzureWebJobsStorage) return { kind: 'connectionString', connectionString: values.AzureWebJobsStorage };
  const tableServiceUrl = values.AzureWebJobsStorage__tableServiceUri ?? `https://${values.AzureWebJobsStorage__accountName}.table.core.windows.net`;
  return { kind: 'managedIdentity', tableServiceUrl: tableServiceUrl.replace(/\/+$/, ''), clientId: values.AzureWebJobsStorage__clientId };
}

function isHttpsServiceUrl(value: string): boolean {
  return isHttpUrl(value) && new URL(value).protocol === 'https:';
}

function isKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/** `a, b,,c` → ['a', 'b', 'c'] */
function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** An OAuth server's URL in one spelling (lower-case host, trailing slash), so that lists compare exactly. */
export function serverUrl(url: string): string {
  return withTrailingSlash(new URL(url).href);
}
