import { hiddenField } from '../../local/bench/hostClient';
import { startSimulator } from '../../local/simulator';
import type { Simulator } from '../../local/simulator/Simulator';
import { postForm, startHostProcesses, type HostProcess } from '../support/hostProcesses';

/**
 * Two Functions instances serving one portal, each with its own memory of the chats it searched: two local
 * host processes share one Azurite and one simulator, and the user's forms go to either of them.
 */
describe('search across instances', () => {
  let sim: Simulator;
  let hosts: HostProcess[] = [];

  beforeAll(async () => {
    sim = await startSimulator();
    ({ hosts } = await startHostProcesses(sim, 2, { sessionSecret: 'search-instances-session-secret-0123456789abcdef', tokenKey: Buffer.alloc(32, 4) }));
    const install = sim.installForm();
    expect((await postForm(`${hosts[0]!.url}/api/install?${install.query}`, install.body)).status).toBe(200);
    expect(await sim.markInstalled()).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.process.stop()));
    await sim?.close();
  });

  const idsOn = (page: string) => [...page.matchAll(/name="id" value="(\w+)" class="article-link/g)].map((match) => match[1]);

  it('finds through one instance what was just written through the other, and never what was changed or deleted there', async () => {
    const form = sim.sidebarForm({ dialogId: 'chat2' });
    const opened = await postForm(`${hosts[0]!.url}/api/placement?${form.query}`, form.body);
    expect(opened.status).toBe(200);
    const session = hiddenField(opened.text, 'session');
    const act = (host: number, action: string, fields: Record<string, string>) =>
      postForm(`${hosts[host]!.url}/api/placement/${action}`, new URLSearchParams({ session, dialog: 'chat2', ...fields }).toString());

    const printer = hiddenField((await act(0, 'create', { title: 'Printer', body: 'Second floor, room 204.' })).text, 'id');
    // The second instance searches now, and from then on keeps the chat's folded text.
    expect(idsOn((await act(1, 'list', { q: 'ROOM 204' })).text)).toEqual([printer]);

    const created = await act(0, 'create', { title: 'VPN', body: `${'Install the client. '.repeat(200)}The password hint is zebrafish.` });
    const vpn = hiddenField(created.text, 'id');
    expect(idsOn((await act(1, 'list', { q: 'ZEBRAFISH' })).text)).toEqual([vpn]);

    const edit = await act(0, 'edit', { id: vpn });
    expect((await act(0, 'update', { id: vpn, etag: hiddenField(edit.text, 'etag'), title: 'VPN', body: 'Ask the admin for access.' })).status).toBe(200);
    expect(idsOn((await act(1, 'list', { q: 'zebrafish' })).text)).toEqual([]);
    expect(idsOn((await act(1, 'list', { q: 'ADMIN' })).text)).toEqual([vpn]);

    const confirm = await act(0, 'delete', { id: vpn });
    expect((await act(0, 'remove', { id: vpn, etag: hiddenField(confirm.text, 'etag') })).status).toBe(200);
    expect(idsOn((await act(1, 'list', { q: 'admin' })).text)).toEqual([]);
    expect(idsOn((await act(1, 'list', {})).text)).toEqual([printer]);

    // And the other way round.
    const fax = hiddenField((await act(1, 'create', { title: 'Fax', body: 'There is no fax.' })).text, 'id');
    expect(idsOn((await act(0, 'list', { q: 'NO FAX' })).text)).toEqual([fax]);
  });

  it('shows through one instance the history and trash written through the other, and restores across them', async () => {
    const form = sim.sidebarForm({ dialogId: 'chat5' });
    const session = hiddenField((await postForm(`${hosts[0]!.url}/api/placement?${form.query}`, form.body)).text, 'session');
    const act = (host: number, action: string, fields: Record<string, string>) =>
      postForm(`${hosts[host]!.url}/api/placement/${action}`, new URLSearchParams({ session, dialog: 'chat5', ...fields }).toString());

    const id = hiddenField((await act(0, 'create', { title: 'Wifi', body: 'Password: first', format: 'markdown' })).text, 'id');
    const editor = await act(1, 'edit', { id });
    expect((await act(1, 'update', { id, etag: hiddenField(editor.text, 'etag'), title: 'Wifi', body: 'Password: second', format: 'markdown' })).status).toBe(200);
    const history = await act(0, 'history', { id });
    expect(history.text).toContain('data-testid="version"');
    const restore = (page: string) => ({ id, version: hiddenField(page, 'version'), etag: hiddenField(page, 'etag'), key: hiddenField(page, 'key') });
    expect((await act(1, 'revert', restore(history.text))).status).toBe(200);
    expect(idsOn((await act(0, 'list', { q: 'first' })).text)).toEqual([id]);

    const confirm = await act(0, 'delete', { id });
    const removed = await act(0, 'remove', { id, etag: hiddenField(confirm.text, 'etag'), key: hiddenField(confirm.text, 'key') });
    expect(removed.text).toContain('data-testid="undo"');
    const trash = await act(1, 'trash', {});
    expect(trash.text).toContain('data-testid="trash-entry"');
    expect((await act(1, 'untrash', { entry: hiddenField(trash.text, 'entry'), key: hiddenField(trash.text, 'key') })).status).toBe(200);
    expect(idsOn((await act(0, 'list', { q: 'FIRST' })).text)).toEqual([id]);
    expect([...(await act(0, 'history', { id })).text.matchAll(/data-testid="version"/g)]).toHaveLength(2);
  });
});
