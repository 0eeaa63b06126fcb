import { startSimulator, type Simulator } from '../../local/simulator';
import { fixtureJson, fixtureRequest, keysOf, rest } from './helpers';

const HANDLER = 'http://127.0.0.1:7071/api/placement';

describe('simulator: chat messages and the message menu', () => {
  let sim: Simulator;
  let anna: string;
  let boris: string;
  let chen: string;

  beforeEach(async () => {
    sim = await startSimulator();
    anna = sim.issueTokens(1).accessToken;
    boris = sim.issueTokens(2).accessToken;
    chen = sim.issueTokens(3).accessToken;
  });

  afterEach(() => sim.close());

  const ids = (answer: { body: Record<string, any> }) => (answer.body.result.messages as { id: number }[]).map((message) => message.id);

  test('im.dialog.messages.get answers in the documented shape, with the messages’ authors and raw BB-code', async () => {
    const answer = await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'chat2', LAST_ID: 203, LIMIT: 1 }, anna);
    expect(answer.status).toBe(200);
    const sample = (fixtureJson('rest-dialog-messages.docs.json') as any).result;
    expect(Object.keys(answer.body.result).sort()).toEqual(Object.keys(sample).sort());
    const [message] = answer.body.result.messages;
    for (const key of Object.keys(sample.messages[0])) expect(message).toHaveProperty(key);
    expect(message).toMatchObject({ id: 202, chat_id: 2, author_id: 1, text: expect.stringContaining('[B]VPN setup[/B]') });
    expect(answer.body.result.users).toEqual([expect.objectContaining({ id: 1, name: 'Anna Schmidt' })]);
  });

  test('LAST_ID reads older messages newest first, FIRST_ID newer ones oldest first, neither the newest; LIMIT is at most 50', async () => {
    const get = (params: Record<string, unknown>) => rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'chat2', ...params }, anna);
    expect(ids(await get({ LAST_ID: 204 }))).toEqual([203, 202, 201]);
    expect(ids(await get({ LAST_ID: 204, LIMIT: 2 }))).toEqual([203, 202]);
    expect(ids(await get({ FIRST_ID: 0, LIMIT: 2 }))).toEqual([201, 202]);
    expect(ids(await get({ FIRST_ID: 203 }))).toEqual([204, 205]);
    expect(ids(await get({ LIMIT: 2 }))).toEqual([205, 204]);
    expect(ids(await get({ LAST_ID: 10_000, LIMIT: 500 }))).toHaveLength(5);
    await rest(sim, 'im.message.add', { DIALOG_ID: 'chat2', MESSAGE: 'new' }, boris);
    expect(ids(await get({ LIMIT: 1 }))).toEqual([1001]);
  });

  test('answers only members, and shows a member only what was said since they joined', async () => {
    expect(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'chat2' }, chen)).toEqual({ status: 403, body: fixtureJson('rest-dialog-access-error.json') });
    expect((await rest(sim, 'im.dialog.messages.get', {}, anna)).body.error).toBe('DIALOG_ID_EMPTY');
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'sg7' }, chen))).toEqual([224, 223, 222, 221]);
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'sg7' }, anna))).toEqual([224, 223]);
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'sg7', LAST_ID: 223, LIMIT: 1 }, anna))).toEqual([]);
  });

  test('shows both sides of a one-to-one dialog the same messages', async () => {
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: '2' }, anna))).toEqual([232, 231]);
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: '1' }, boris))).toEqual([232, 231]);
    expect(ids(await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: '3' }, anna))).toEqual([]);
  });

  test('keeps a deleted message in place, without its text, flagged IS_DELETED', async () => {
    sim.deleteMessage(202);
    const [message] = (await rest(sim, 'im.dialog.messages.get', { DIALOG_ID: 'chat2', LAST_ID: 203, LIMIT: 1 }, anna)).body.result.messages;
    expect(message).toMatchObject({ id: 202, text: '', params: { IS_DELETED: 'Y' } });
  });

  test('binds the message menu without an icon, and refuses options it does not have', async () => {
    const bind = { PLACEMENT: 'IM_CONTEXT_MENU', HANDLER, TITLE: 'Save to knowledge base', OPTIONS: { context: 'USER;CHAT', role: 'USER', extranet: 'N' } };
    expect((await rest(sim, 'placement.bind', bind, anna)).body.result).toBe(true);
    expect(await rest(sim, 'placement.bind', { ...bind, HANDLER: `${HANDLER}?b`, OPTIONS: { iconName: 'fa-book' } }, anna)).toMatchObject({
      status: 400,
      body: { error: 'ERROR_ARGUMENT', argument: 'iconName' },
    });
    expect(sim.placements.map((placement) => placement.placement)).toEqual(['IM_CONTEXT_MENU']);
  });

  test('posts “Save to knowledge base” the way the documented sample does, to the bound handler', async () => {
    expect(sim.messageMenuForm({ dialogId: 'chat2', messageId: 202 }).url).toBeNull();
    await rest(sim, 'placement.bind', { PLACEMENT: 'IM_CONTEXT_MENU', HANDLER, OPTIONS: {} }, anna);
    await sim.markInstalled();
    const form = sim.messageMenuForm({ dialogId: 'chat2', messageId: '202', userId: 2, lang: 'de' });
    const sample = fixtureRequest('im-context-menu.docs.http');
    const body = new URLSearchParams(form.body);
    expect(keysOf(body)).toEqual(keysOf(sample.body));
    expect(keysOf(new URLSearchParams(form.query))).toEqual(keysOf(sample.query));
    expect(body.get('PLACEMENT')).toBe('IM_CONTEXT_MENU');
    expect(body.get('PLACEMENT_OPTIONS')).toBe('{"messageId":"202","dialogId":"chat2","URI":"\\/online\\/"}');
    expect(form.url).toMatch(/^http:\/\/127\.0\.0\.1:7071\/api\/placement\?DOMAIN=/);
  });
});
