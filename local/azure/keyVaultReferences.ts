/**
 * App Service resolves the app's Key Vault references when its settings change and then only once a day, and a
 * restart does not refetch them. So after the vault changed (secrets made on the first provision, a new client
 * secret, a rotation), the app's settings are written back with one marker setting updated: every instance
 * restarts on the current secret versions now instead of within 24 hours.
 *
 * A reference App Service could not resolve reaches the app as its own text (which the app refuses), and on the
 * first provision that is likely: the identity's "Key Vault Secrets User" role may not be in effect yet when the
 * settings are first resolved. So after writing the settings this asks App Service how each reference resolved,
 * rewrites them while it is worth waiting, and fails, saying what to do, when they do not all resolve.
 */
export const refreshMarkerSetting = 'KEY_VAULT_REFERENCES_REFRESHED_AT';

export interface SiteAccess {
  /** /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<app> */
  siteId: string;
  /** a bearer token for Azure Resource Manager */
  token(): Promise<string>;
  /** default https://management.azure.com */
  managementUrl?: string;
  now?: () => Date;
  /**
   * How often to ask how the references resolved, how long to wait before each time, and after how many asks
   * a reference that failed in a way time may clear makes the settings be rewritten (each rewrite restarts
   * the app).
   */
  polls?: { attempts: number; delayMs: number; rewriteEvery: number };
  log?: (line: string) => void;
}

/** A setting holding a reference, and how App Service resolved it (ResolveStatus of the configreferences API). */
export interface ReferenceStatus {
  setting: string;
  status: string;
  details?: string;
}

const apiVersion = '2024-04-01';
/** About ten minutes, rewriting at most once a minute: role assignments usually take effect within a few. */
const defaultPolls = { attempts: 40, delayMs: 15_000, rewriteEvery: 4 };
/** Failures that waiting (and a rewrite, which makes App Service resolve again) can clear. */
const transient = new Set(['AccessToKeyVaultDenied', 'UnauthorizedClient', 'FetchTimedOut', 'OtherReasons']);
/** Still being resolved: wait without rewriting. */
const pending = 'Initialized';
const referencePattern = /^\s*@microsoft\.(keyvault|appconfiguration)\(/i;

/**
 * Rewrites the app's settings so its references are fetched again, and waits until every one resolves. A
 * status is judged only once App Service had `rewriteEvery` polls' time to resolve again since the last rewrite
 * (what it reports before may be the previous resolution's): then a failure time can clear makes another
 * rewrite, any other failure (a missing secret or vault, a wrong identity) ends the wait at once.
 */
export async function refreshKeyVaultReferences(site: SiteAccess): Promise<void> {
  const { attempts, delayMs, rewriteEvery } = site.polls ?? defaultPolls;
  const references = await rewriteSettings(site);
  if (references.length === 0) return;
  let unresolved: ReferenceStatus[] = [];
  let pollsSinceRewrite = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    unresolved = (await referenceStatuses(site, references)).filter((reference) => reference.status !== 'Resolved');
    if (unresolved.length === 0) return;
    if (++pollsSinceRewrite < rewriteEvery || attempt === attempts) continue;
    if (unresolved.some(isFinal)) throw unresolvedError(unresolved);
    site.log?.(`  Waiting for the app's Key Vault references: ${describe(unresolved)}`);
    if (unresolved.some((reference) => transient.has(reference.status))) {
      await rewriteSettings(site);
      pollsSinceRewrite = 0;
    }
  }
  throw unresolvedError(unresolved);
}

/** A failure that neither waiting nor rewriting clears. */
function isFinal(reference: ReferenceStatus): boolean {
  return reference.status !== pending && !transient.has(reference.status);
}

/** Writes the settings back with a new marker; returns the names of the settings that hold a reference. */
async function rewriteSettings(site: SiteAccess): Promise<string[]> {
  const base = `${site.managementUrl ?? 'https://management.azure.com'}${site.siteId}/config/appsettings`;
  const listed = await armCall(site, 'POST', `${base}/list?api-version=${apiVersion}`, 'app settings');
  const { properties } = (await listed.json()) as { properties: Record<string, string> };
  const marker = (site.now?.() ?? new Date()).toISOString();
  await armCall(site, 'PUT', `${base}?api-version=${apiVersion}`, 'app settings', { properties: { ...properties, [refreshMarkerSetting]: marker } });
  return Object.keys(properties).filter((name) => referencePattern.test(properties[name] ?? ''));
}

/** How App Service resolved each of `settings`; one it does not list yet counts as Initialized. */
async function referenceStatuses(site: SiteAccess, settings: string[]): Promise<ReferenceStatus[]> {
  const found = new Map<string, ReferenceStatus>();
  const management = site.managementUrl ?? 'https://management.azure.com';
  let url: string | undefined = `${management}${site.siteId}/config/configreferences/appsettings?api-version=${apiVersion}`;
  for (let page = 0; url && page < 10; page++) {
    const response = await armCall(site, 'GET', url, 'Key Vault reference status');
    const body = (await response.json()) as { value?: { id?: string; name?: string; properties?: { status?: string; details?: string } }[]; nextLink?: string };
    for (const item of body.value ?? []) {
      const setting = item.name ?? item.id?.split('/').pop() ?? '';
      found.set(setting, { setting, status: item.properties?.status ?? 'Initialized', details: item.properties?.details });
    }
    // The next page only from Azure Resource Manager itself: the call carries its bearer token.
    url = body.nextLink && new URL(body.nextLink).origin === new URL(management).origin ? body.nextLink : undefined;
  }
  return settings.map((setting) => found.get(setting) ?? { setting, status: 'Initialized' });
}

function describe(references: ReferenceStatus[]): string {
  return references.map((reference) => `${reference.setting} ${reference.status}`).join(', ');
}

function unresolvedError(references: ReferenceStatus[]): Error {
  const lines = references.map((reference) => `  ${reference.setting}: ${reference.status}${reference.details ? ` (${reference.details})` : ''}`);
  const advice = references.some(isFinal)
    ? 'Waiting will not fix this: check that each secret exists in the vault and that the app runs as the identity infra/ gives it, then run npm run azure:secrets again (README: Deploy to Azure → Troubleshooting).'
    : "The app's identity may not have its Key Vault Secrets User role in effect yet: wait a few minutes, then run npm run azure:secrets again (README: Deploy to Azure → Troubleshooting).";
  return new Error(['App Service has not resolved these Key Vault references, so the app refuses to start:', ...lines, advice].join('\n'));
}

async function armCall(site: SiteAccess, method: 'GET' | 'POST' | 'PUT', url: string, what: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${await site.token()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as { error?: { code?: unknown } };
    throw new Error(`Azure Resource Manager ${method} ${what} failed: ${response.status} ${typeof error.error?.code === 'string' ? error.error.code : ''}`.trim());
  }
  return response;
}
