import { join } from 'node:path';
import { freePort } from '../../local/freePort';
import { projectRoot } from '../../local/projectRoot';
import { startSimulator } from '../../local/simulator';
import type { Simulator } from '../../local/simulator/Simulator';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime';
import { startNodeProcess, type NodeProcess } from '../../local/nodeProcess';
import { testStorageConnectionString } from '../support/testStorage';

const instances = 3;
const concurrentActions = 60;
const root = projectRoot();

/**
 * Several Functions instances serving one portal: three local host processes share one Azurite and one
 * simulator whose refresh tokens are single-use. Right after the tokens expire, 60 actions by one user (and
 * then 60 by an admin using the installation's tokens) are spread across them at once.
 */
describe('tokens across instances', () => {
  let sim: Simulator;
  let hosts: { url: string; process: NodeProcess }[] = [];
  let runtime: Runtime;

  beforeAll(async () => {
    sim = await startSimulator();
    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
    const env = {
      PATH: process.env.PATH ?? '',
      BITRIX24_CLIENT_ID: sim.clientId,
      BITRIX24_CLIENT_SECRET: sim.clientSecret,
      PUBLIC_BASE_URL: `http://127.0.0.1:${ports[0]}`,
      SESSION_SECRET: 'multi-instance-session-secret-0123456789abcdef',
      AzureWebJobsStorage: testStorageConnectionString(),
      BITRIX24_OAUTH_URL: sim.oauthUrl,
      BITRIX24_ALLOW_HTTP: 'true',
      BITRIX24_JS_URL: sim.bx24ScriptUrl,
      TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
    };
    hosts = ports.map((port) => ({
      url: `http://127.0.0.1:${port}`,
      process: startNodeProcess(join(root, 'dist', 'local', 'serve.js'), { ...env, PORT: String(port) }, root),
    }));
    await Promise.all(hosts.map((host) => host.process.waitForOutput(/Functions host listening/)));
    sim.setAppUrl(hosts[0]!.url);
    runtime = createRuntime(loadConfig(env));
    // A little latency widens the window in which the instances race for the refresh.
    sim.setLatency(15);

    const install = sim.installForm();
    expect((await post(`${hosts[0]!.url}/api/install?${install.query}`, install.body)).status).toBe(200);
    expect(await sim.markInstalled()).toBe(200); // installFinish → ONAPPINSTALL to the first instance
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.process.stop()));
    await sim?.close();
  });

  async function post(url: string, body: string) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return { status: response.status, text: await response.text() };
  }

  const sessionOf = (page: string) => /name="session" value="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? '';

  it('one user: every action succeeds, exactly one refresh reaches the OAuth server, the newest token is stored', async () => {
    const form = sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    const page = await post(`${hosts[1]!.url}/api/placement?${form.query}`, form.body);
    expect(page.status).toBe(200);
    const session = sessionOf(page.text);
    const created = await post(`${hosts[2]!.url}/api/placement/create`, new URLSearchParams({ session, dialog: 'chat2', title: 'Shared runbook', body: 'Step 1' }).toString());
    const id = /name="id" value="([^"]+)"/.exec(created.text)?.[1] ?? '';
    expect(id).not.toBe('');

    sim.expireAccessTokens();
    sim.clearLogs();
    const answers = await Promise.all(
      Array.from({ length: concurrentActions }, (_, i) =>
        post(`${hosts[i % instances]!.url}/api/placement/post`, new URLSearchParams({ session, dialog: 'chat2', id }).toString()),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(concurrentActions).fill(200));
    expect(answers.filter((a) => a.text.includes('Posted to the chat.'))).toHaveLength(concurrentActions);
    expect(sim.stats.refreshes).toBe(1);
    expect(sim.stats.successfulRefreshes).toBe(1);
    expect(sim.messages.filter((m) => m.userId === 2)).toHaveLength(concurrentActions);
    const stored = await runtime.userTokens.get(sim.memberId, '2');
    expect(stored?.tokens.refreshToken).toBe(sim.lastIssuedRefreshToken(2));
    expect(stored?.lease).toBeUndefined();
  });

  it('the installation: every rebind succeeds, exactly one refresh, the newest token is stored', async () => {
    sim.placements.splice(0); // "Add the sidebar item again" is offered when the item is missing
    const form = sim.appPageForm();
    const page = await post(`${hosts[0]!.url}/api/placement?${form.query}`, form.body);
    const session = sessionOf(page.text);
    expect(session).not.toBe('');

    sim.expireAccessTokens();
    sim.clearLogs();
    const answers = await Promise.all(
      Array.from({ length: concurrentActions }, (_, i) =>
        post(`${hosts[i % instances]!.url}/api/placement/rebind`, new URLSearchParams({ session }).toString()),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(concurrentActions).fill(200));
    expect(sim.stats.refreshes).toBe(1);
    const stored = await runtime.installations.get(sim.memberId);
    expect(stored?.installation.refreshToken).toBe(sim.lastIssuedRefreshToken(1));
    expect(stored?.installation.status).toBe('active');
    expect(stored?.lease).toBeUndefined();
  });
});
