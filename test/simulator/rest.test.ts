import { startSimulator, type Simulator } from '../../local/simulator';
import { fixtureJson, postForm, rest } from './helpers';

const HANDLER = 'http://127.0.0.1:7071/api/placement';

describe('simulator REST', () => {
  let sim: Simulator;
  let admin: string;

  beforeEach(async () => {
    sim = await startSimulator();
    admin = sim.issueTokens(1).accessToken;
  });

  afterEach(async () => {
    await sim.close();
  });

  describe('batch', () => {
    test('has the portal shape: empty maps are [], errors per command', async () => {
      const chen = sim.issueTokens(3).accessToken;
      const answer = await rest(sim, 'batch', {
        halt: 0,
        cmd: { user: 'user.current', dialog: 'im.dialog.get?DIALOG_ID=chat2', group: 'im.dialog.get?DIALOG_ID=sg7' },
      }, chen);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(fixtureJson('rest-batch.json')).sort());
      const batch = answer.body.result;
      expect(Object.keys(batch).sort()).toEqual(['result', 'result_error', 'result_next', 'result_time', 'result_total']);
      expect(batch.result_total).toEqual([]);
      expect(batch.result_next).toEqual([]);
      expect(batch.result.user.ID).toBe('3');
      expect(batch.result.group).toMatchObject({ id: 7, name: 'Project Apollo', entity_type: 'SONET_GROUP', role: 'owner' });
      expect(batch.result.dialog).toBeUndefined();
      expect(batch.result_error).toEqual({ dialog: fixtureJson('rest-dialog-access-error.json') });
      expect(Object.keys(batch.result_time).sort()).toEqual(['dialog', 'group', 'user']);
      expect(sim.restLog.map((entry) => entry.method)).toEqual(['batch', 'user.current', 'im.dialog.get', 'im.dialog.get']);
      expect(sim.restLog.every((entry) => entry.userId === 3)).toBe(true);
      expect(sim.stats.restCalls).toBe(1);
    });

    test('result_error is [] when nothing failed; the dialog matches the fixture shape', async () => {
      const answer = await rest(sim, 'batch', { halt: 0, cmd: { user: 'user.current', dialog: 'im.dialog.get?DIALOG_ID=chat2' } }, admin);
      const batch = answer.body.result;
      expect(batch.result_error).toEqual([]);
      const sample = (fixtureJson('rest-batch.json') as any).result.result;
      for (const key of Object.keys(sample.dialog)) expect(batch.result.dialog).toHaveProperty(key);
      expect(batch.result.dialog).toMatchObject({ id: 2, dialog_id: 'chat2', name: 'General chat', type: 'open', owner: 1, role: 'owner', manager_list: [1] });
      for (const key of Object.keys(sample.user)) expect(batch.result.user).toHaveProperty(key);
    });

    test('halt stops at the first error; form-encoded cmd works', async () => {
      const boris = sim.issueTokens(2).accessToken;
      const answer = await postForm(`${sim.clientEndpoint}batch.json`, {
        auth: boris,
        halt: '1',
        'cmd[a]': 'im.dialog.get?DIALOG_ID=sg7',
        'cmd[b]': 'user.current',
      });
      expect(answer.body.result.result).toEqual([]);
      expect(Object.keys(answer.body.result.result_error)).toEqual(['a']);
    });

    test('an expired token fails the whole batch', async () => {
      sim.expireAccessTokens();
      const answer = await rest(sim, 'batch', { cmd: { user: 'user.current' } }, admin);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('expired_token');
    });

    test('more than 50 commands are refused', async () => {
      const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, 'user.current']));
      const answer = await rest(sim, 'batch', { cmd }, admin);
      expect(answer.status).toBe(400);
    });
  });

  describe('placement.bind', () => {
    const bind = { PLACEMENT: 'IM_SIDEBAR', HANDLER, TITLE: 'Knowledge base', OPTIONS: { iconName: 'fa-book', context: 'ALL' } };

    test('a duplicate answers ERROR_CORE "Handler already binded"', async () => {
      expect((await rest(sim, 'placement.bind', bind, admin)).body.result).toBe(true);
      const duplicate = await rest(sim, 'placement.bind', bind, admin);
      expect(duplicate).toEqual({ status: 400, body: fixtureJson('rest-placement-already-bound.json') });
      expect(sim.placements).toHaveLength(1);
    });

    test('reads bracketed form keys into nested objects', async () => {
      const answer = await postForm(`${sim.clientEndpoint}placement.bind`, {
        auth: admin,
        PLACEMENT: 'IM_SIDEBAR',
        HANDLER,
        TITLE: 'KB',
        'LANG_ALL[en][TITLE]': 'Knowledge base',
        'LANG_ALL[de][TITLE]': 'Wissensdatenbank',
        'OPTIONS[iconName]': 'fa-book',
      });
      expect(answer.body.result).toBe(true);
      expect(sim.placements[0]).toEqual({
        placement: 'IM_SIDEBAR',
        handler: HANDLER,
        title: 'KB',
        description: '',
        langAll: { en: { TITLE: 'Knowledge base' }, de: { TITLE: 'Wissensdatenbank' } },
        options: { iconName: 'fa-book' },
      });
      const listed = await rest(sim, 'placement.get', {}, admin);
      expect(listed.body.result[0]).toMatchObject({ placement: 'IM_SIDEBAR', handler: HANDLER, langAll: { de: { TITLE: 'Wissensdatenbank' } } });
    });

    test('refuses non-admins, unknown placements, bad handlers and a missing iconName', async () => {
      const boris = sim.issueTokens(2).accessToken;
      expect(await rest(sim, 'placement.bind', bind, boris)).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } });
      expect(await rest(sim, 'placement.bind', { ...bind, PLACEMENT: 'CRM_DEAL_DETAIL_TAB' }, admin)).toMatchObject({ status: 400, body: { error: 'ERROR_PLACEMENT_NOT_FOUND' } });
      expect(await rest(sim, 'placement.bind', { ...bind, HANDLER: 'ftp://x/y' }, admin)).toMatchObject({ status: 400, body: { error: 'ERROR_WRONG_HANDLER_URL' } });
      expect(await rest(sim, 'placement.bind', { ...bind, OPTIONS: {} }, admin)).toMatchObject({ status: 400, body: { error: 'ERROR_ARGUMENT', argument: 'iconName' } });
      expect(sim.placements).toHaveLength(0);
    });

    test('unbind removes by placement and handler', async () => {
      await rest(sim, 'placement.bind', bind, admin);
      const answer = await rest(sim, 'placement.unbind', { PLACEMENT: 'IM_SIDEBAR', HANDLER }, admin);
      expect(answer.body.result).toEqual({ count: 1 });
      expect(sim.placements).toEqual([]);
    });
  });

  test('event.bind: duplicates are ERROR_CORE, event.get lists, unbind counts', async () => {
    const params = { event: 'ONAPPINSTALL', handler: 'http://127.0.0.1:7071/api/install' };
    expect((await rest(sim, 'event.bind', params, admin)).body.result).toBe(true);
    const duplicate = await rest(sim, 'event.bind', params, admin);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toEqual({ error: 'ERROR_CORE', error_description: expect.stringContaining('Handler already binded') });
    expect((await rest(sim, 'event.get', {}, admin)).body.result).toEqual([expect.objectContaining(params)]);
    expect((await rest(sim, 'event.unbind', params, admin)).body.result).toEqual({ count: 1 });
    expect(sim.eventBindings).toEqual([]);
  });

  describe('dialogs', () => {
    test('im.dialog.get errors: empty id, own id, missing user', async () => {
      expect(await rest(sim, 'im.dialog.get', { DIALOG_ID: '' }, admin)).toMatchObject({ status: 400, body: { error: 'DIALOG_ID_EMPTY' } });
      expect((await rest(sim, 'im.dialog.get', { DIALOG_ID: '1' }, admin)).status).toBe(403);
      expect((await rest(sim, 'im.dialog.get', { DIALOG_ID: '99' }, admin)).status).toBe(403);
    });

    test('one-to-one dialogs and their members', async () => {
      const dialog = await rest(sim, 'im.dialog.get', { DIALOG_ID: '2' }, admin);
      expect(dialog.body.result).toMatchObject({ type: 'private', dialog_id: '2', name: 'Boris Ivanov' });
      const users = await rest(sim, 'im.dialog.users.list', { DIALOG_ID: 'chat5' }, admin);
      expect(users.body.result.map((user: { id: number; name: string }) => [user.id, user.name])).toEqual([[1, 'Anna Schmidt'], [2, 'Boris Ivanov']]);
    });

    test('im.message.add posts as the token user, members only', async () => {
      const boris = sim.issueTokens(2).accessToken;
      const added = await rest(sim, 'im.message.add', { DIALOG_ID: 'chat2', MESSAGE: 'Hello [b]all[/b]' }, boris);
      expect(typeof added.body.result).toBe('number');
      expect(sim.messages).toEqual([expect.objectContaining({ dialogId: 'chat2', userId: 2, message: 'Hello [b]all[/b]', id: added.body.result })]);
      const chen = sim.issueTokens(3).accessToken;
      expect((await rest(sim, 'im.message.add', { DIALOG_ID: 'chat2', MESSAGE: 'hi' }, chen)).body.error).toBe('ACCESS_ERROR');
    });
  });

  test('auth in the query is accepted and logged; unknown methods are 404', async () => {
    const response = await fetch(`${sim.clientEndpoint}user.current.json?auth=${admin}`);
    expect(response.status).toBe(200);
    expect(sim.requestLog).toEqual([{ server: 'portal', listener: 'original', path: '/rest/user.current.json', hadAuthInUrl: true }]);
    expect(await rest(sim, 'no.such.method', {}, admin)).toMatchObject({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND' } });
  });

  test('app.info on the portal is the portal variant', async () => {
    const info = await rest(sim, 'app.info', {}, admin);
    expect(info.body.result).toMatchObject({ CODE: sim.clientId, STATUS: 'L', INSTALLED: false, LANGUAGE_ID: 'en' });
  });
});

test('latencyMs delays every REST answer', async () => {
  const sim = await startSimulator({ latencyMs: 80 });
  try {
    const started = Date.now();
    await rest(sim, 'user.current', {}, sim.issueTokens(1).accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  } finally {
    await sim.close();
  }
});
