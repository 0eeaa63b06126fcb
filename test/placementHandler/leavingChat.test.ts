import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';

describe('leaving a chat takes effect', () => {
  let app: AppHarness;
  /** unix seconds, as the app sees them; tests move it forward */
  let clock = Math.floor(Date.now() / 1000);
  beforeEach(async () => {
    clock = Math.floor(Date.now() / 1000);
    app = await startApp({ runtime: { now: () => clock } });
    await app.installApp();
  });
  afterEach(() => app.close());

  const chat2 = () => app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 2 }).then((page) => page.articles);

  it('a member removed from the chat can no longer create, edit, delete or post, with the session they hold', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const id = await createArticle(app, page, 'Written while a member', 'Body');
    const etag = hiddenField(await act(app, page, 'edit', { id }), 'etag');
    app.sim.removeFromChat('chat2', 2);

    const attempts: [string, Record<string, string>][] = [
      ['create', { title: 'After leaving' }],
      ['update', { id, etag, title: 'Changed after leaving', body: 'x' }],
      ['remove', { id, etag }],
      ['post', { id }],
    ];
    for (const [action, fields] of attempts) {
      const answer = await act(app, page, action, fields);
      expect({ action, status: answer.status }).toEqual({ action, status: 403 });
      expect(visibleText(answer.body)).toContain('You are not a member of this chat');
    }
    const articles = await chat2();
    expect(articles.map((article) => article.title)).toEqual(['Written while a member']);
    expect(app.sim.messages).toEqual([]);
  });

  it('a manager who was demoted can no longer edit or delete other people’s articles, only their own', async () => {
    const anna = await openSidebar(app, { dialogId: 'chat5', userId: 1 });
    const annas = await createArticle(app, anna, 'Anna’s', 'a');
    const boris = await openSidebar(app, { dialogId: 'chat5', userId: 2 }); // owner and manager of chat5
    const own = await createArticle(app, boris, 'Boris’s', 'b');
    const annasEtag = hiddenField(await act(app, boris, 'edit', { id: annas }), 'etag');
    const ownEtag = hiddenField(await act(app, boris, 'edit', { id: own }), 'etag');
    app.sim.setChatRole('chat5', 2, 'member');

    const update = await act(app, boris, 'update', { id: annas, etag: annasEtag, title: 'Overwritten', body: 'x' });
    expect(update.status).toBe(403);
    const remove = await act(app, boris, 'remove', { id: annas, etag: annasEtag });
    expect(remove.status).toBe(403);
    expect((await act(app, boris, 'remove', { id: own, etag: ownEtag })).status).toBe(200);
    const left = await app.runtime.articles.page({ memberId: app.sim.memberId, chatId: 5 });
    expect(left.articles.map((article) => article.title)).toEqual(['Anna’s']);
  });

  it('a member promoted meanwhile may moderate at once', async () => {
    const anna = await openSidebar(app, { dialogId: 'chat5', userId: 1 });
    const boris = await openSidebar(app, { dialogId: 'chat5', userId: 2 });
    const borisArticle = await createArticle(app, boris, 'Boris’s', 'b');
    const etag = hiddenField(await act(app, boris, 'edit', { id: borisArticle }), 'etag');
    app.sim.setChatRole('chat5', 1, 'manager');
    expect((await act(app, anna, 'remove', { id: borisArticle, etag })).status).toBe(200);
  });

  it('reads are never more than a minute behind the portal, the repeat-open cache included', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    const first = await app.placement(form);
    expect(first.status).toBe(200);
    const page = { session: hiddenField(first, 'session'), dialog: 'chat2' };
    const id = await createArticle(app, { ...first, ...page }, 'Read me');
    app.sim.removeFromChat('chat2', 2);

    // Within the minute: what the portal said a moment ago still holds (the documented bound).
    clock += 30;
    expect((await act(app, page, 'open', { id })).status).toBe(200);
    expect((await app.placement(form)).status).toBe(200);

    // Past it: the portal is asked again, and the former member reads nothing.
    clock += 31;
    for (const [action, fields] of [['list', {}], ['open', { id }]] as const) {
      const answer = await act(app, page, action, fields);
      expect({ action, status: answer.status }).toEqual({ action, status: 403 });
    }
    const reopened = await app.placement(form);
    expect(reopened.status).toBe(403);
    expect(visibleText(reopened.body)).toContain('You are not a member of this chat');
  });

  it('a session from a remembered open counts from when the portal confirmed it, not from the reopen', async () => {
    const form = app.sim.sidebarForm({ dialogId: 'chat2', userId: 2 });
    expect((await app.placement(form)).status).toBe(200);
    clock += 50;
    const reopened = await app.placement(form); // served from memory, confirmed 50 s ago
    const page = { session: hiddenField(reopened, 'session'), dialog: 'chat2' };
    app.sim.removeFromChat('chat2', 2);
    clock += 11;
    expect((await act(app, page, 'list')).status).toBe(403);
  });
});
