import { startSimulator } from '../../local/simulator';
import type { Simulator } from '../../local/simulator/Simulator';
import { loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime';
import { postForm, startHostProcesses, type HostProcess } from '../support/hostProcesses';

const instances = 3;
const concurrentActions = 60;

/**
 * Several Functions instances serving one portal: three local host processes share one Azurite and one
 * simulator whose refresh tokens are single-use. Right after the tokens expire, 60 actions by one user (and
 * then 60 by an admin using the installation's tokens) are spread across them at once.
 */
describe('tokens across instances', () => {
  let sim: Simulator;
  let hosts: HostProcess[] = [];
  let runtime: Runtime;

  beforeAll(async () => {
    sim = await startSimulator();
    const started = await startHostProcesses(sim, instances, { sessionSecret: 'multi-instance-session-secret-0123456789abcdef', tokenKey: Buffer.alloc(32, 3) });
    hosts = started.hosts;
    runtime = createRuntime(loadConfig(started.env));
    // A little latency widens the window in which the instances race for the refresh.
    sim.setLatency(15);

    const install = sim.installForm();
    expect((await postForm(`${hosts[0]!.url}/api/install?${install.query}`, install.body)).status).toBe(200);
    expect(await sim.markInstalled()).toBe(200); // installFinish → ONAPPINSTALL to the first instance
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.process.stop()));
    await sim?.close();
  });

  const sessionOf = (page: string) => /name="session" value="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? '';

  it('one user: every action succeeds, exactly one refresh reaches the OAuth server, the newest token is stored', async () => {
    const form = sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    const page = await postForm(`${hosts[1]!.url}/api/placement?${form.query}`, form.body);
    expect(page.status).toBe(200);
    const session = sessionOf(page.text);
    const created = await postForm(`${hosts[2]!.url}/api/placement/create`, new URLSearchParams({ session, dialog: 'chat2', title: 'Shared runbook', body: 'Step 1' }).toString());
    const id = /name="id" value="([^"]+)"/.exec(created.text)?.[1] ?? '';
    expect(id).not.toBe('');

    sim.expireAccessTokens();
    sim.clearLogs();
    const answers = await Promise.all(
      Array.from({ length: concurrentActions }, (_, i) =>
        postForm(`${hosts[i % instances]!.url}/api/placement/post`, new URLSearchParams({ session, dialog: 'chat2', id }).toString()),
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

  it('one frame opened 60 times at once with an expired AUTH_ID: exactly one refresh of its REFRESH_ID, every open answers', async () => {
    // Anna, who has no stored tokens yet: what the burst stores is the rotated pair, not an older one kept.
    const form = sim.sidebarForm({ dialogId: 'chat2', userId: 1 });
    sim.expireAccessTokens();
    sim.clearLogs();
    const answers = await Promise.all(
      Array.from({ length: concurrentActions }, (_, i) => postForm(`${hosts[i % instances]!.url}/api/placement?${form.query}`, form.body)),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(concurrentActions).fill(200));
    expect(answers.every((a) => a.text.includes('data-testid="knowledge-base"'))).toBe(true);
    expect(sim.stats.refreshes).toBe(1);
    // The rotated refresh token is the user's from now on (the shared access token is not).
    expect((await runtime.userTokens.get(sim.memberId, '1'))?.tokens.refreshToken).toBe(sim.lastIssuedRefreshToken(1));
  });

  it('the installation: every rebind succeeds, exactly one refresh per lineage, the newest token is stored', async () => {
    sim.placements.splice(0); // "Add the sidebar item again" is offered when the item is missing
    const form = sim.appPageForm();
    const page = await postForm(`${hosts[0]!.url}/api/placement?${form.query}`, form.body);
    const session = sessionOf(page.text);
    expect(session).not.toBe('');

    sim.expireAccessTokens();
    sim.clearLogs();
    const answers = await Promise.all(
      Array.from({ length: concurrentActions }, (_, i) =>
        postForm(`${hosts[i % instances]!.url}/api/placement/rebind`, new URLSearchParams({ session }).toString()),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(concurrentActions).fill(200));
    // One for the admin's own tokens (each rebind asks the portal whether they are still an admin), then one for
    // the installation's (the binding).
    expect(sim.stats.refreshes).toBe(2);
    const stored = await runtime.installations.get(sim.memberId);
    expect(stored?.installation.refreshToken).toBe(sim.lastIssuedRefreshToken(1));
    expect(stored?.installation.status).toBe('active');
    expect(stored?.lease).toBeUndefined();
  });
});
