import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { refreshKeyVaultReferences, refreshMarkerSetting } from '../../../local/azure/keyVaultReferences';

const siteId = '/subscriptions/0000/resourceGroups/rg-kb/providers/Microsoft.Web/sites/func-kb';

/** Azure Resource Manager's app-settings endpoints of one site, on 127.0.0.1. */
async function startResourceManager(settings: Record<string, string>) {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method} ${url.pathname}`);
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      if (request.headers.authorization !== 'Bearer arm-token' || url.searchParams.get('api-version') !== '2024-04-01') {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'InvalidAuthenticationToken' } }));
      } else if (request.method === 'POST' && url.pathname === `${siteId}/config/appsettings/list`) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ properties: settings }));
      } else if (request.method === 'PUT' && url.pathname === `${siteId}/config/appsettings`) {
        settings = (JSON.parse(body) as { properties: Record<string, string> }).properties;
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ properties: settings }));
      } else {
        response.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    settings: () => settings,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("refreshing the app's Key Vault references", () => {
  it('writes the settings back unchanged but for the marker, which makes App Service refetch the secrets', async () => {
    const settings = { SESSION_SECRET: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/session-secret)', BITRIX24_CLIENT_ID: 'local.abc' };
    const arm = await startResourceManager({ ...settings });
    try {
      await refreshKeyVaultReferences({ siteId, token: async () => 'arm-token', managementUrl: arm.url, now: () => new Date('2026-05-01T10:00:00Z') });

      expect(arm.settings()).toEqual({ ...settings, [refreshMarkerSetting]: '2026-05-01T10:00:00.000Z' });
      expect(arm.requests).toEqual([`POST ${siteId}/config/appsettings/list`, `PUT ${siteId}/config/appsettings`]);
    } finally {
      await arm.close();
    }
  });

  it('fails with the status and the error code, and writes nothing, when the settings cannot be read', async () => {
    const arm = await startResourceManager({});
    try {
      await expect(refreshKeyVaultReferences({ siteId, token: async () => 'expired', managementUrl: arm.url })).rejects.toThrow(
        'Azure Resource Manager POST app settings failed: 401 InvalidAuthenticationToken',
      );
      expect(arm.requests).toHaveLength(1);
    } finally {
      await arm.close();
    }
  });
});
