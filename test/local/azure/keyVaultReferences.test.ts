import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refreshKeyVaultReferences, refreshMarkerSetting, type SiteAccess } from '../../../local/azure/keyVaultReferences';

const siteId = '/subscriptions/0000/resourceGroups/rg-kb/providers/Microsoft.Web/sites/func-kb';
const vault = 'https://kv-kb.vault.azure.net/secrets';
const settings = {
  BITRIX24_CLIENT_ID: 'local.abc',
  SESSION_SECRET: `@Microsoft.KeyVault(SecretUri=${vault}/session-secret)`,
  TOKEN_ENCRYPTION_KEY: `@Microsoft.KeyVault(SecretUri=${vault}/token-encryption-key)`,
};

/**
 * Azure Resource Manager's endpoints of one site, on 127.0.0.1: its app settings, and how App Service resolved
 * the Key Vault references among them, which `resolve` decides from how often the settings were written.
 */
async function startResourceManager(initial: Record<string, string>, resolve: (setting: string, writes: number) => string = () => 'Resolved') {
  let current = initial;
  let writes = 0;
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname.slice(siteId.length)}`);
    const answer = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.headers.authorization !== 'Bearer arm-token' || url.searchParams.get('api-version') !== '2024-04-01') {
        answer(401, { error: { code: 'InvalidAuthenticationToken' } });
      } else if (request.method === 'POST' && url.pathname === `${siteId}/config/appsettings/list`) {
        answer(200, { properties: current });
      } else if (request.method === 'PUT' && url.pathname === `${siteId}/config/appsettings`) {
        current = (JSON.parse(body) as { properties: Record<string, string> }).properties;
        writes++;
        answer(200, { properties: current });
      } else if (request.method === 'GET' && url.pathname === `${siteId}/config/configreferences/appsettings`) {
        const references = Object.entries(current).filter(([, value]) => value.startsWith('@Microsoft.KeyVault('));
        answer(200, {
          value: references.map(([name, reference]) => ({
            id: `${siteId}/config/configreferences/appsettings/${name}`,
            name,
            properties: { reference, status: resolve(name, writes), source: 'KeyVault' },
          })),
        });
      } else {
        answer(404, { error: { code: 'NotFound' } });
      }
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    settings: () => current,
    writes: () => writes,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

type ResourceManager = Awaited<ReturnType<typeof startResourceManager>>;

describe("refreshing the app's Key Vault references", () => {
  let arm: ResourceManager | undefined;
  let lines: string[];
  afterEach(() => arm?.close());
  beforeEach(() => (lines = []));

  const site = (polls = { attempts: 6, delayMs: 5, rewriteEvery: 2 }): SiteAccess => ({
    siteId,
    token: async () => 'arm-token',
    managementUrl: arm!.url,
    now: () => new Date('2026-05-01T10:00:00Z'),
    polls,
    log: (line) => lines.push(line),
  });

  it('writes the settings back unchanged but for the marker, which makes App Service refetch the secrets, and sees every reference resolved', async () => {
    arm = await startResourceManager({ ...settings });

    await refreshKeyVaultReferences(site());

    expect(arm.settings()).toEqual({ ...settings, [refreshMarkerSetting]: '2026-05-01T10:00:00.000Z' });
    expect(arm.requests).toEqual(['POST /config/appsettings/list', 'PUT /config/appsettings', 'GET /config/configreferences/appsettings']);
  });

  it("rewrites the settings until the identity's new role lets App Service resolve every reference", async () => {
    // The role takes effect between the first and the second write: only a resolution after that succeeds.
    arm = await startResourceManager({ ...settings }, (_, writes) => (writes >= 2 ? 'Resolved' : 'AccessToKeyVaultDenied'));

    await refreshKeyVaultReferences(site());

    expect(arm.writes()).toBe(2);
    expect(lines.join('\n')).toContain('SESSION_SECRET AccessToKeyVaultDenied');
  });

  it('waits without rewriting while App Service is still resolving', async () => {
    let asked = 0;
    arm = await startResourceManager({ ...settings }, () => (++asked <= 6 ? 'Initialized' : 'Resolved'));

    await refreshKeyVaultReferences(site());

    expect(arm.writes()).toBe(1);
  });

  it('fails, naming each unresolved setting and what to do, when the references stay unresolved', async () => {
    arm = await startResourceManager({ ...settings }, (setting) => (setting === 'SESSION_SECRET' ? 'AccessToKeyVaultDenied' : 'Resolved'));

    const refresh = refreshKeyVaultReferences(site());

    await expect(refresh).rejects.toThrow(/App Service has not resolved these Key Vault references[^\n]*\n {2}SESSION_SECRET: AccessToKeyVaultDenied\n.*run npm run azure:secrets again/);
    expect(arm.writes()).toBe(3); // the first write and one every two polls, six polls in all
    expect(arm.requests.filter((request) => request.startsWith('GET'))).toHaveLength(6);
  });

  it('stops waiting once a reference fails in a way time does not mend, such as a missing secret', async () => {
    arm = await startResourceManager({ ...settings }, (setting) => (setting === 'TOKEN_ENCRYPTION_KEY' ? 'SecretNotFound' : 'Resolved'));

    await expect(refreshKeyVaultReferences(site())).rejects.toThrow(/TOKEN_ENCRYPTION_KEY: SecretNotFound\nWaiting will not fix this/);
    expect(arm.requests.filter((request) => request.startsWith('GET'))).toHaveLength(2); // judged after two polls, not six
    expect(arm.writes()).toBe(1);
  });

  it('asks nothing more of an app without references', async () => {
    arm = await startResourceManager({ BITRIX24_CLIENT_ID: 'local.abc' });

    await refreshKeyVaultReferences(site());

    expect(arm.requests).toEqual(['POST /config/appsettings/list', 'PUT /config/appsettings']);
  });

  it('fails with the status and the error code, and writes nothing, when the settings cannot be read', async () => {
    arm = await startResourceManager({});

    await expect(refreshKeyVaultReferences({ ...site(), token: async () => 'expired' })).rejects.toThrow('Azure Resource Manager POST app settings failed: 401 InvalidAuthenticationToken');
    expect(arm.requests).toHaveLength(1);
  });
});
