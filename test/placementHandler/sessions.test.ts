import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, createArticle, openSidebar } from '../support/sidebarDriver';

describe('sidebar sessions', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  it('are taken from the form body only: a session in the URL is refused and changes nothing', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const query = new URLSearchParams({ session: page.session, dialog: page.dialog }).toString();
    const inUrl = await app.placement({ query, body: new URLSearchParams({ dialog: page.dialog, title: 'From a URL' }).toString() }, 'create');
    expect(inUrl.status).toBe(401);
    expect(visibleText(inUrl.body)).toContain('Your session has ended');
    // Both: the body's wins, the URL's is not even looked at.
    const both = await app.placement({ query: new URLSearchParams({ session: 'forged' }).toString(), body: new URLSearchParams({ session: page.session, dialog: page.dialog }).toString() }, 'list');
    expect(both.status).toBe(200);
    expect(await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 }).then((page) => page.articles)).toEqual([]);
  });

  it('end with an uninstall: a session issued before an uninstall and reinstall is refused, for reading and writing', async () => {
    const before = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, before, 'Kept across the reinstall');
    expect((await app.install(app.sim.eventForm('ONAPPUNINSTALL', { clean: false }))).status).toBe(200);
    await app.installApp();
    const after = await openSidebar(app, { dialogId: 'chat2' });
    expect(articleIds(after)).toEqual([id]);

    for (const [action, fields] of [['list', {}], ['open', { id }], ['create', { title: 'From an old page' }]] as const) {
      const answer = await act(app, before, action, fields);
      expect({ action, status: answer.status }).toEqual({ action, status: 401 });
      expect(visibleText(answer.body)).toContain('Your session has ended');
    }
    expect((await act(app, after, 'list')).status).toBe(200);
    expect(articleIds(await act(app, after, 'list'))).toEqual([id]);
  });

  it('hold a chat named with 255 emoji and a user named with 100 emoji: every action works', async () => {
    const chatName = '\u{1F4DA}'.repeat(255);
    app.sim.renameChat('chat2', chatName);
    app.sim.renameUser(2, '\u{1F600}'.repeat(50), '\u{1F680}'.repeat(50));
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    expect(visibleText(page.body)).toContain(chatName);
    const id = await createArticle(app, page, 'Emoji everywhere', 'Still works.');
    expect(id).not.toBe('');
    for (const [action, fields] of [['list', {}], ['open', { id }], ['edit', { id }], ['post', { id }]] as const) {
      const answer = await act(app, page, action, fields);
      expect({ action, status: answer.status }).toEqual({ action, status: 200 });
    }
    expect(visibleText((await act(app, page, 'open', { id })).body)).toContain(`Written by ${'\u{1F600}'.repeat(50)} ${'\u{1F680}'.repeat(50)}`);
  });

  it('hold names of family emoji far longer than a session carries, cut at a whole character', async () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
    app.sim.renameChat('chat2', family.repeat(255));
    const page = await openSidebar(app, { dialogId: 'chat2' });
    expect((await act(app, page, 'list')).status).toBe(200);
    expect((await act(app, page, 'create', { title: 'Family' })).status).toBe(200);
  });
});
