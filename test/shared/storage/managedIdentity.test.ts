import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite, type Azurite } from '../../../local/azurite';
import { freePort } from '../../../local/freePort';
import { startNodeProcess, type NodeProcess } from '../../../local/nodeProcess';
import { projectRoot } from '../../../local/projectRoot';
import { startSimulator } from '../../../local/simulator';
import type { Simulator } from '../../../local/simulator/Simulator';
import { startManagedIdentityEndpoint, type ManagedIdentityEndpoint } from '../../support/managedIdentityEndpoint';
import { noLocalSettings } from '../../support/noLocalSettings';
import { selfSignedCertificate } from '../../support/selfSignedCertificate';

const root = projectRoot();
const clientId = '6b7c2a4e-0d1f-4e8a-9c3b-2f5e7a9d1c04';
const storageResource = 'https://storage.azure.com';

/**
 * The app as Azure runs it with `AzureWebJobsStorage__*` identity settings and no account key anywhere: its
 * tables live in an Azurite that accepts only what shared keys or OAuth bearer tokens open (https, `--oauth
 * basic`), and the tokens come from a local endpoint speaking App Service's managed-identity protocol. The app
 * runs in its own `serve` process, which trusts the test's certificate through NODE_EXTRA_CA_CERTS.
 */
describe('tables reached through a managed identity', () => {
  let dir: string;
  let azurite: Azurite;
  let sim: Simulator;
  let signingKey: KeyObject;
  const identities: ManagedIdentityEndpoint[] = [];
  const apps: NodeProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kb-identity-'));
    const certificate = selfSignedCertificate();
    writeFileSync(join(dir, 'cert.pem'), certificate.cert);
    writeFileSync(join(dir, 'key.pem'), certificate.key);
    azurite = await startAzurite({ https: { certPath: join(dir, 'cert.pem'), keyPath: join(dir, 'key.pem') }, oauth: 'basic' });
    signingKey = certificate.privateKey;
    sim = await startSimulator();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await Promise.all(identities.map((identity) => identity.close()));
    await sim?.close();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A Functions instance whose identity endpoint issues tokens for `audience` (default: what it is asked for). */
  async function startInstance(audience?: string): Promise<{ url: string; identity: ManagedIdentityEndpoint }> {
    const identity = await startManagedIdentityEndpoint({ clientId, signingKey, audience });
    identities.push(identity);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const app = startNodeProcess(
      join(root, 'dist', 'local', 'serve.js'),
      {
        ...noLocalSettings,
        PATH: process.env.PATH ?? '',
        NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
        IDENTITY_ENDPOINT: identity.url,
        IDENTITY_HEADER: identity.header,
        AzureWebJobsStorage__tableServiceUri: azurite.tableEndpoint,
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: clientId,
        BITRIX24_CLIENT_ID: sim.clientId,
        BITRIX24_CLIENT_SECRET: sim.clientSecret,
        PUBLIC_BASE_URL: url,
        SESSION_SECRET: 'identity-test-session-secret-0123456789abcdef',
        BITRIX24_OAUTH_URL: sim.oauthUrl,
        BITRIX24_ALLOW_HTTP: 'true',
        BITRIX24_JS_URL: sim.bx24ScriptUrl,
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
        PORT: String(port),
      },
      root,
    );
    apps.push(app);
    await app.waitForOutput(/Functions host listening/);
    return { url, identity };
  }

  async function post(url: string, body: string) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: response.status, text: await response.text() };
  }

  it('installs, takes the lifecycle events and serves the sidebar, on tokens for the storage resource', async () => {
    const { url, identity } = await startInstance();
    sim.setAppUrl(url);

    const install = sim.installForm();
    expect((await post(`${url}/api/install?${install.query}`, install.body)).status).toBe(200);
    expect(await sim.markInstalled()).toBe(200); // ONAPPINSTALL stores the application token

    const form = sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    const page = await post(`${url}/api/placement?${form.query}`, form.body);
    expect(page.status).toBe(200);
    const session = /name="session" value="([^"]+)"/.exec(page.text)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const created = await post(`${url}/api/placement/create`, new URLSearchParams({ session, dialog: 'chat2', title: 'Where the VPN keys live', body: 'Vault, shelf 3' }).toString());
    expect(created.status).toBe(200);
    const reopened = await post(`${url}/api/placement?${form.query}`, form.body);
    expect(reopened.text).toContain('Where the VPN keys live');

    expect(await sim.uninstall(true)).toBe(200); // ONAPPUNINSTALL with "delete data"
    expect((await post(`${url}/api/placement?${form.query}`, form.body)).status).toBe(403);

    expect(identity.issued.length).toBeGreaterThan(0);
    expect(identity.issued.every((token) => token.resource === storageResource && token.audience === storageResource)).toBe(true);
  });

  it('answers 503 on an instance whose identity gets tokens for another audience: the token is what opens the tables', async () => {
    const { url, identity } = await startInstance('https://vault.azure.net');

    const form = sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    const answer = await post(`${url}/api/placement?${form.query}`, form.body);

    expect(answer.status).toBe(503);
    expect(answer.text).toContain('The knowledge base is temporarily unavailable');
    expect(identity.issued.length).toBeGreaterThan(0);
  });
});
