/**
 * App Service resolves the app's Key Vault references when its settings change and then only once a day, and a
 * restart does not refetch them. So after the vault changed (secrets made on the first provision, a new client
 * secret, a rotation), the app's settings are written back with one marker setting updated: every instance
 * restarts on the current secret versions now instead of within 24 hours.
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
}

const apiVersion = '2024-04-01';

export async function refreshKeyVaultReferences(site: SiteAccess): Promise<void> {
  const base = `${site.managementUrl ?? 'https://management.azure.com'}${site.siteId}/config/appsettings`;
  const listed = await armCall(site, 'POST', `${base}/list?api-version=${apiVersion}`);
  const { properties } = (await listed.json()) as { properties: Record<string, string> };
  const marker = (site.now?.() ?? new Date()).toISOString();
  await armCall(site, 'PUT', `${base}?api-version=${apiVersion}`, { properties: { ...properties, [refreshMarkerSetting]: marker } });
}

async function armCall(site: SiteAccess, method: 'POST' | 'PUT', url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${await site.token()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) {
    const error = (await response.json().catch(() => ({}))) as { error?: { code?: unknown } };
    throw new Error(`Azure Resource Manager ${method} app settings failed: ${response.status} ${typeof error.error?.code === 'string' ? error.error.code : ''}`.trim());
  }
  return response;
}
