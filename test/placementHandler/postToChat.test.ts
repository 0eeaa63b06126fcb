import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { postedMarkupViolations } from '../abuse/support/postedMarkup';
import { chatTagsOf } from '../support/chatTags';
import { hostileBodies } from '../support/hostileTexts';
import { act, createArticle, openSidebar } from '../support/sidebarDriver';

describe('“Post to chat” with hostile article text', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterAll(() => app.close());

  it('posts only the app’s own formatting: the author’s tags, mentions, buttons and quotes arrive as plain words', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const title = 'Handbook[/B] [URL=javascript:alert(1)]Open[/URL] [USER=all]all[/USER]';
    const body = '[SEND=/leave]Leave[/SEND] [PUT=/x]x[/PUT] [CALL=+100]call[/CALL] [CHAT=5]chat[/CHAT] [ICON=i] [B]bold\n>> a quote #BR#>> another **bold** https://evil.example/card_preview';
    const id = await createArticle(app, page, title, body);
    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Posted to the chat.');
    const [message] = app.sim.messages;
    expect(message?.userId).toBe(2);
    expect(chatTagsOf(message?.message ?? '')).toEqual(['[B]', '[/B]', '[I]', '[/I]']);
    expect(postedMarkupViolations(app.sim.messages)).toEqual([]); // no quote, no Markdown, no link preview card
    expect(message?.urlPreview).toBe(false);
    // The words are all there, readable.
    expect(message?.message).toContain('Handbook［/B］ ［URL=javascript:alert(1)］Open［/URL］ ［USER=all］all［/USER］');
    expect(message?.message).toContain('［SEND=/leave］Leave［/SEND］');
  });

  it.each(Object.entries(hostileBodies))('saves, opens and posts an article of %s at the largest size', async (_name, body) => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const id = await createArticle(app, page, 'Hostile', body);
    expect((await act(app, page, 'open', { id })).status).toBe(200);
    const before = app.sim.messages.length;
    expect(visibleText((await act(app, page, 'post', { id })).body)).toContain('Posted to the chat.');
    const posted = app.sim.messages[before];
    expect(chatTagsOf(posted?.message ?? '')).toEqual(['[B]', '[/B]', '[I]', '[/I]']);
    expect(postedMarkupViolations(posted ? [posted] : [])).toEqual([]);
  });
});
