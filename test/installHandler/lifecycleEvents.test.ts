import { startApp, type AppHarness } from '../support/appHarness';
import { httpFixture } from '../support/fixtures';

function withoutEvent(body: string): string {
  const params = new URLSearchParams(body);
  params.delete('event');
  return params.toString();
}

function replaceParam(body: string, key: string, value: string): string {
  const params = new URLSearchParams(body);
  params.set(key, value);
  return params.toString();
}

describe('lifecycle events and script-only installs (server posts to /api/install)', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
  });
  afterEach(() => app.close());

  it('ONAPPINSTALL stores the application token on the installation the install page created', async () => {
    await app.install(app.sim.installForm());
    const answer = await app.install(app.sim.eventForm('ONAPPINSTALL'));
    expect(answer).toMatchObject({ status: 200, body: 'OK' });
    expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const stored = await app.runtime.installations.get(app.sim.memberId);
    expect(stored?.installation.applicationToken).toBe(app.sim.applicationToken);
    expect(stored?.installation.placementBound).toBe(true);
  });

  it('ONAPPINSTALL creates the installation when the install page never ran', async () => {
    expect((await app.install(app.sim.eventForm('ONAPPINSTALL'))).status).toBe(200);
    const stored = await app.runtime.installations.get(app.sim.memberId);
    expect(stored?.installation).toMatchObject({ domain: app.sim.domain, clientEndpoint: app.sim.clientEndpoint, applicationToken: app.sim.applicationToken });
  });

  it('ONAPPINSTALL with a non-admin user’s token cannot set the application token', async () => {
    await app.install(app.sim.installForm());
    const forged = replaceParam(app.sim.eventForm('ONAPPINSTALL', { userId: 2 }), 'auth[application_token]', 'a'.repeat(32));
    const answer = await app.install(forged);
    expect(answer.status).toBe(403);
    expect((await app.runtime.installations.get(app.sim.memberId))?.installation.applicationToken).toBe('');
  });

  it('refuses the documented ONAPPINSTALL sample: its OAuth server is not one this deployment allows, so nothing is sent', async () => {
    app.sim.clearLogs();
    const answer = await app.install(httpFixture('onappinstall.docs.http'));
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('Die Region dieses Bitrix24 wird hier nicht bedient.'); // the sample's data[LANGUAGE_ID] is de
    expect(app.sim.requestLog).toEqual([]);
  });

  it('refuses the documented ONAPPINSTALL sample sent for an allowed OAuth server, whose token that server does not know', async () => {
    const sample = httpFixture('onappinstall.docs.http');
    const body = new URLSearchParams(sample.body);
    body.set('auth[server_endpoint]', app.sim.serverEndpoint);
    const answer = await app.install({ query: sample.query, body: body.toString() });
    expect(answer.status).toBe(403);
    expect(answer.body).toBe('Zugriff verweigert.');
  });

  it('a script-only install verifies, binds and stores, answering without a page', async () => {
    const answer = await app.install(withoutEvent(app.sim.eventForm('ONAPPINSTALL')));
    expect(answer).toMatchObject({ status: 200, body: 'Installed.' });
    expect(app.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR']);
    const stored = await app.runtime.installations.get(app.sim.memberId);
    expect(stored?.installation).toMatchObject({ placementBound: true, applicationToken: app.sim.applicationToken });
  });

  it('ONAPPUNINSTALL with the stored application token deletes the installation', async () => {
    await app.installApp();
    const answer = await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: true }));
    expect(answer.status).toBe(200);
    expect(await app.runtime.installations.get(app.sim.memberId)).toBeNull();
  });

  it('ONAPPUNINSTALL with a wrong, missing or unknown portal’s token deletes nothing', async () => {
    await app.installApp();
    const uninstall = app.sim.eventForm('ONAPPUNINSTALL');
    for (const body of [
      replaceParam(uninstall, 'auth[application_token]', 'b'.repeat(32)),
      replaceParam(uninstall, 'auth[application_token]', ''),
      replaceParam(uninstall, 'auth[member_id]', 'c'.repeat(32)),
    ]) {
      expect((await app.install(body)).status).toBe(403);
    }
    expect(await app.runtime.installations.get(app.sim.memberId)).not.toBeNull();
  });

  it('ONAPPUNINSTALL is refused while no application token is known', async () => {
    await app.install(app.sim.installForm());
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL'))).status).toBe(403);
    expect(await app.runtime.installations.get(app.sim.memberId)).not.toBeNull();
  });

  it('other events are acknowledged and ignored only with the right application token', async () => {
    await app.installApp();
    const event = new URLSearchParams(httpFixture('event-crm-contact-add.real.http').body);
    event.set('auth[member_id]', app.sim.memberId);
    event.set('auth[domain]', app.sim.domain);
    expect((await app.install(event.toString())).status).toBe(403);
    event.set('auth[application_token]', app.sim.applicationToken);
    expect(await app.install(event.toString())).toMatchObject({ status: 200, body: 'Ignored.' });
  });

  it('answers malformed events with short text, never a page or a stack trace', async () => {
    for (const body of ['event=ONAPPUNINSTALL', 'event=ONAPPINSTALL&auth[domain]=x', 'event=%00&auth[member_id]=1', 'auth=1']) {
      const answer = await app.install(body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(answer.body).toBe('This request could not be read.');
    }
  });
});
