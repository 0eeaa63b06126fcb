import { maxAttachLength } from '../../placementHandler/articleCard';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { postedMarkupViolations } from '../abuse/support/postedMarkup';
import { chatTagsOf } from '../support/chatTags';
import { hostileMarkdown } from '../support/hostileMarkdown';
import { hostileBodies } from '../support/hostileTexts';
import { act, createArticle, hiddenField, openSidebar } from '../support/sidebarDriver';

describe('“Post to chat”: the article as a card', () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterAll(() => app.close());
  const chat = { memberId: '', chatId: 2 };
  beforeAll(() => {
    chat.memberId = app.sim.memberId;
  });

  /** Posts the article as Boris from the sidebar and returns what the chat got. */
  async function post(id: string) {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2 });
    const before = app.sim.messages.length;
    const answer = await act(app, page, 'post', { id });
    expect(visibleText(answer.body)).toContain('Posted to the chat.');
    expect(app.sim.messages).toHaveLength(before + 1);
    return app.sim.messages[before]!;
  }

  /** An article Anna saved from her message 202. */
  const sourced = {
    title: 'VPN setup',
    body: '## Steps\n1. Install the **client** from [the intranet](https://intranet.example.com/vpn)\n2. Run `vpn up`\n\n> Ask Boris',
    format: 'markdown' as const,
    source: { messageId: '202', authorId: 1, authorName: 'Anna Schmidt', date: '2024-05-06T09:20:00+02:00' },
    authorId: '1',
    authorName: 'Anna Schmidt',
    editorId: '1',
    editorName: 'Anna Schmidt',
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-02T23:30:00.000Z',
  };

  it('sends one im.message.add as the user: a short message, and a card with title, formatted start, author, date and source', async () => {
    const { article } = await app.runtime.articles.create(chat, sourced, 1000);
    app.sim.clearLogs();
    const posted = await post(article.id);
    expect(app.sim.restLog.filter((entry) => entry.method === 'im.message.add').map((entry) => entry.userId)).toEqual([2]);
    expect(posted).toMatchObject({ userId: 2, dialogId: 'chat2', urlPreview: false, message: 'From the chat’s knowledge base: [B]VPN setup[/B]' });
    expect(posted.attach).toEqual({
      ID: 1,
      COLOR_TOKEN: 'primary',
      BLOCKS: [
        { MESSAGE: '[B]VPN setup[/B]' },
        { MESSAGE: '[B]Steps[/B][BR][BR]1. Install the [B]client[/B] from [URL=https://intranet.example.com/vpn]the intranet[/URL][BR]2. Run vpn up[BR][BR]» Ask Boris' },
        { DELIMITER: { SIZE: 200, COLOR: '#c6cdd3' } },
        {
          GRID: [
            { NAME: 'Written by', VALUE: 'Anna Schmidt', DISPLAY: 'LINE' },
            { NAME: 'Last changed', VALUE: 'Mar 2, 2026', DISPLAY: 'LINE' },
          ],
        },
        { LINK: { NAME: 'The message it came from', LINK: '/online/?IM_DIALOG=chat2&IM_MESSAGE=202' } },
        { MESSAGE: '[I]The whole article is in the chat’s sidebar: About chat → Applications → Knowledge base[/I]' },
      ],
    });
    expect(postedMarkupViolations([posted])).toEqual([]);
  });

  it('names the source message in a one-to-one chat without a link: each of the two opens that chat by the other’s id', async () => {
    const oneToOne = { memberId: app.sim.memberId, chatId: 112 }; // the simulator's chat of users 1 and 2
    const { article } = await app.runtime.articles.create(
      oneToOne,
      { ...sourced, title: 'Onboarding', body: 'The link is on the wiki.', source: { ...sourced.source, messageId: '231', authorName: 'Anna [USER=all]Schmidt' } },
      1000,
    );
    const page = await openSidebar(app, { dialogId: '1', userId: 2 });
    const before = app.sim.messages.length;
    const answer = await act(app, page, 'post', { id: article.id });
    expect(visibleText(answer.body)).toContain('Posted to the chat.');
    const posted = app.sim.messages[before]!;
    expect(posted).toMatchObject({ userId: 2, dialogId: '1' });
    const blocks = (posted.attach as { BLOCKS: Record<string, unknown>[] }).BLOCKS;
    expect(blocks.filter((block) => 'LINK' in block)).toEqual([]);
    expect(blocks).toContainEqual({ MESSAGE: '[I]From a message by Anna ［USER=all］Schmidt, May 6, 2024[/I]' });
    expect(postedMarkupViolations([posted])).toEqual([]);
  });

  it('shows a plain-text article’s start as typed, and speaks the poster’s language', async () => {
    const page = await openSidebar(app, { dialogId: 'chat2', userId: 2, lang: 'de' });
    const id = await createArticle(app, page, 'Drucker', 'Zweiter Stock, Raum 204.\n\nDer *Toner* liegt daneben.');
    const before = app.sim.messages.length;
    await act(app, page, 'post', { id });
    const posted = app.sim.messages[before]!;
    expect(posted.message).toBe('Aus der Wissensdatenbank des Chats: [B]Drucker[/B]');
    const blocks = (posted.attach as { BLOCKS: Record<string, unknown>[] }).BLOCKS;
    // A blank line parts the start's paragraphs as the list's excerpt does.
    expect(blocks[1]).toEqual({ MESSAGE: 'Zweiter Stock, Raum 204. · Der *Toner* liegt daneben.' });
    expect(blocks[3]).toMatchObject({ GRID: [{ NAME: 'Geschrieben von', VALUE: 'Boris Ivanov' }, { NAME: 'Zuletzt geändert' }] });
  });

  it('neutralises the author’s tags, mentions, buttons and quotes in the message and in every block of the card', async () => {
    const title = 'Handbook[/B] [URL=javascript:alert(1)]Open[/URL] [USER=all]all[/USER] **x** #BR#>> q';
    const body = '[SEND=/leave]Leave[/SEND] [PUT=/x]x[/PUT] [CALL=+100]call[/CALL] [CHAT=5]chat[/CHAT] [ICON=i] [B]bold\n>> a quote #BR#>> another **bold** https://evil.example/card_preview';
    for (const format of ['text', 'markdown'] as const) {
      const { article } = await app.runtime.articles.create(
        chat,
        { title, body, format, authorId: '9', authorName: '[USER=all]Mallory[/USER] **#BR#>>**', editorId: '9', editorName: 'x', createdAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-01T10:00:00.000Z' },
        1000,
      );
      const posted = await post(article.id);
      expect(chatTagsOf(posted.message)).toEqual(['[B]', '[/B]']);
      expect(postedMarkupViolations([posted])).toEqual([]);
      // The words are all there, readable.
      expect(posted.message).toContain('Handbook［/B］ ［URL=javascript:alert(1)］Open［/URL］ ［USER=all］all［/USER］');
      const grid = (posted.attach as { BLOCKS: { GRID?: { VALUE: string }[] }[] }).BLOCKS.find((block) => block.GRID)!.GRID!;
      expect(grid[0]!.VALUE).toBe('［USER=all］Mallory［/USER］ **＃BR#›>**');
    }
  });

  it('stays within 60,000 characters with the largest title, text and names of the worst characters to serialise', async () => {
    const worst = '\u0001"\\';
    const { article } = await app.runtime.articles.create(
      chat,
      {
        title: worst.repeat(67).slice(0, 200),
        body: Object.values(hostileMarkdown()).find((text) => text.startsWith('**'))!.replace(/\*/g, `*${worst}`).slice(0, 20_000),
        format: 'markdown',
        source: { messageId: '99999999999999999', authorId: 1, authorName: '"'.repeat(500), date: '2024-05-06T09:20:00+02:00' },
        authorId: '1',
        authorName: '\\'.repeat(500),
        editorId: '1',
        editorName: '\\'.repeat(500),
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:00:00.000Z',
      },
      1000,
    );
    const posted = await post(article.id);
    expect(JSON.stringify(posted.attach).length).toBeLessThan(maxAttachLength / 4);
    expect(posted.message.length).toBeLessThan(1000);
  });

  it.each(Object.entries(hostileBodies))('saves, opens and posts an article of %s at the largest size, plain and formatted', async (_name, body) => {
    const page = await openSidebar(app, { dialogId: 'chat2' });
    for (const format of ['', 'markdown']) {
      const saved = await act(app, page, 'create', { title: 'Hostile', body, format });
      const id = hiddenField(saved, 'id');
      expect((await act(app, page, 'open', { id })).status).toBe(200);
      const posted = await post(id);
      expect(chatTagsOf(posted.message)).toEqual(['[B]', '[/B]']);
      expect(postedMarkupViolations([posted])).toEqual([]);
    }
  });
});
