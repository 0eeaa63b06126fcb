import { writeLegacyArticles } from '../../local/legacyArticles';
import type { ArticleDraft } from '../../shared/storage/articleStore';
import { createTables } from '../../shared/storage/tableStorage';
import { startApp, visibleText, type AppHarness } from '../support/appHarness';
import { act, articleIds, hiddenField, openSidebar, unescape, type SidebarPage } from '../support/sidebarDriver';

const maxPageBytes = 150 * 1024;

function draft(title: string, body: string, minute: number, name = 'Boris Ivanov'): ArticleDraft {
  const at = new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
  return { title, body, authorId: '2', authorName: name, editorId: '2', editorName: name, createdAt: at, updatedAt: at };
}

/** About `length` characters of Latin and Cyrillic text, one line in ten. */
function text(seed: number, length: number): string {
  const line = `Step ${seed}: check the settings and save. Шаг ${seed}: проверьте настройки. `;
  return line.repeat(Math.ceil(length / line.length)).slice(0, length);
}

/** Follows "Show more" from a page until the last one; the ids of every page in order, and the pages. */
async function walk(app: AppHarness, first: SidebarPage): Promise<{ ids: string[]; pages: SidebarPage[] }> {
  const pages = [first];
  for (let page = first; page.body.includes('data-testid="more"'); ) {
    const q = unescape(/name="q" value="([^"]*)"><input type="hidden" name="after"/.exec(page.body)?.[1] ?? '');
    page = await act(app, page, 'list', { after: hiddenField(page, 'after'), ...(q ? { q } : {}) });
    expect(page.status).toBe(200);
    pages.push(page);
    if (pages.length > 40) throw new Error('more than 40 pages');
  }
  return { ids: pages.flatMap(articleIds), pages };
}

describe('a big chat', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  const addChat = (chatId: number, name: string) =>
    app.sim.addChat({ id: chatId, dialogId: `chat${chatId}`, name, description: '', type: 'chat', owner: 1, managers: [1], members: [1, 2], entityType: '', entityId: '', dateCreate: '2024-01-10T10:00:00+01:00' });

  const seed = async (chatId: number, drafts: ArticleDraft[]) =>
    writeLegacyArticles(await createTables(app.config.storage).table(`${app.tablePrefix}articles`), { memberId: app.sim.memberId, chatId }, drafts);

  it('opens with 1,000 articles of 4,000 characters on a first page under 150 KB; Show more, a plain form, walks the rest', async () => {
    const ids = await seed(2, Array.from({ length: 1000 }, (_, i) => draft(`Runbook ${i}`, text(i, 4000), i)));
    const first = await openSidebar(app, { dialogId: 'chat2' });
    expect(Buffer.byteLength(first.body)).toBeLessThan(maxPageBytes);
    expect(visibleText(first.body)).toContain('1,000 articles');
    expect(articleIds(first)).toHaveLength(50);
    expect(first.body).toMatch(/<form method="post" action="\/api\/placement\/list" class="more" data-more>.*name="after".*data-testid="more"/);
    expect(first.body).not.toContain('data-testid="first-page"');

    const { ids: shown, pages } = await walk(app, first);
    expect(shown).toEqual([...ids].reverse());
    expect(pages).toHaveLength(20);
    for (const page of pages.slice(1)) {
      expect(Buffer.byteLength(page.body)).toBeLessThan(maxPageBytes);
      expect(page.body).toContain('data-testid="first-page"');
    }
    expect(articleIds(await act(app, pages[7]!, 'list'))).toEqual(articleIds(first));
  }, 60_000);

  it('pages what a search finds, with how many in all, the query staying in the box on every page', async () => {
    await seed(2, Array.from({ length: 130 }, (_, i) => draft(`Note ${i}`, `${text(i, 3000)} ${i % 2 ? 'See the wiki.' : 'Nothing else.'}`, i)));
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const found = await act(app, page, 'list', { q: 'WIKI' });
    expect(visibleText(found.body)).toContain('65 articles found');
    expect(found.body).toContain('value="WIKI"');
    const { ids, pages } = await walk(app, found);
    expect(pages).toHaveLength(2);
    expect(ids).toHaveLength(65);
    expect(new Set(ids).size).toBe(65);
    expect(pages[1]!.body).toContain('data-testid="search-input"');
    expect(pages[1]!.body).toMatch(/name="q" value="WIKI" maxlength="200"/);
    expect(visibleText(pages[1]!.body)).toContain('65 articles found');
  });

  it('pages what a search for several words finds in list order, each word in the title or anywhere in the text', async () => {
    // Every third article has both words (one in its title, one at the end of its text), the others one of them.
    await seed(2, Array.from({ length: 180 }, (_, i) => draft(i % 3 === 1 ? `Note ${i}` : `Gateway ${i}`, `${text(i, 2000)} ${i % 3 === 2 ? '' : 'Frankfurt.'}`, i)));
    const page = await openSidebar(app, { dialogId: 'chat2' });
    const found = await act(app, page, 'list', { q: 'frankfurt, GATEWAY' });
    expect(visibleText(found.body)).toContain('60 articles found');
    const { pages } = await walk(app, found);
    expect(pages).toHaveLength(2);
    const titles = pages.flatMap((each) => [...each.body.matchAll(/class="article-link user-text" dir="auto">([^<]*)</g)].map((match) => match[1]));
    // Newest change first: the articles were written one a minute, in order.
    expect(titles).toEqual(Array.from({ length: 60 }, (_, k) => `Gateway ${177 - 3 * k}`));
    expect(pages[1]!.body).toMatch(/name="q" value="frankfurt, GATEWAY" maxlength="200"/);
    expect(visibleText(pages[1]!.body)).toContain('60 articles found');
  });

  it('keeps the first page under 150 KB whatever the titles, excerpts and names are made of', async () => {
    const name = '&'.repeat(300);
    await seed(2, Array.from({ length: 60 }, (_, i) => draft('&'.repeat(199) + i, '<&'.repeat(10_000), i, name)));
    const first = await openSidebar(app, { dialogId: 'chat2' });
    expect(Buffer.byteLength(first.body)).toBeLessThan(maxPageBytes);
    const { ids, pages } = await walk(app, first);
    expect(new Set(ids).size).toBe(60);
    for (const page of pages) expect(Buffer.byteLength(page.body)).toBeLessThan(maxPageBytes);
  });

  it('keeps every list and search page under 150 KB with the longest names a session carries, whatever they are made of', async () => {
    // 3-byte characters take the most room in the session each form carries; quotes the most in the page's text.
    for (const [chatId, char] of [[3, '€'], [4, '"']] as const) {
      addChat(chatId, char.repeat(1200));
      app.sim.renameUser(1, char.repeat(300), char.repeat(300));
      await seed(chatId, Array.from({ length: 60 }, (_, i) => draft(`${char.repeat(196)}${i}`, '<&"'.repeat(6_000), i, '"'.repeat(300))));
      const first = await openSidebar(app, { dialogId: `chat${chatId}` });
      expect(first.session.length).toBeGreaterThan(4_000);
      const found = await act(app, first, 'list', { q: char.repeat(196) });
      expect(visibleText(found.body)).toContain('60 articles found');
      for (const start of [first, found]) {
        const { ids, pages } = await walk(app, start);
        expect({ chatId, shown: new Set(ids).size }).toEqual({ chatId, shown: 60 });
        for (const page of pages) expect({ chatId, bytes: Buffer.byteLength(page.body) <= maxPageBytes }).toEqual({ chatId, bytes: true });
      }
    }
  }, 60_000);

  it('shows the first page, without a way back to it, when the place to continue from is not one', async () => {
    await seed(2, Array.from({ length: 60 }, (_, i) => draft(`Note ${i}`, text(i, 100), i)));
    const first = await openSidebar(app, { dialogId: 'chat2' });
    const forged = await act(app, first, 'list', { after: 'forged' });
    expect(forged.status).toBe(200);
    expect(articleIds(forged)).toEqual(articleIds(first));
    expect(forged.body).not.toContain('data-testid="first-page"');
  });

  it('answers a search beyond what the instance may load at once with a localized “busy, try again”, and the retry finds it', async () => {
    await app.close();
    app = await startApp({ runtime: { searchLoads: { running: 1, waiting: 0, perPortal: 1 } } });
    await app.installApp();
    addChat(3, 'Second');
    for (const chatId of [2, 3]) await seed(chatId, Array.from({ length: 100 }, (_, i) => draft(`Note ${i}`, `${text(i, 2000)} zebra${i}`, i)));
    const pages = [await openSidebar(app, { dialogId: 'chat2', lang: 'de' }), await openSidebar(app, { dialogId: 'chat3', lang: 'de' })];
    const answers = await Promise.all(pages.map((page) => act(app, page, 'list', { q: 'ZEBRA7' })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 503]);
    const busy = answers.find((answer) => answer.status === 503)!;
    expect(busy.body).toContain('data-error-code="search_busy"');
    expect(visibleText(busy.body)).toMatch(/Search is busy|Die Suche ist ausgelastet/);
    expect(busy.body).toContain('data-retry');
    const retried = await act(app, pages[answers.indexOf(busy)]!, 'list', { q: 'ZEBRA7' });
    expect(visibleText(retried.body)).toContain('1 Artikel gefunden');
  });

  it('keeps articles stored before this version working: listed, found in any case, opened, edited and deleted', async () => {
    const [street, size] = await seed(2, [draft('Straße', 'Die Hauptstraße ist gesperrt.', 1), draft('Größe', 'Welche Größe hat der Raum?', 2)]);
    const page = await openSidebar(app, { dialogId: 'chat2', lang: 'de' });
    expect(articleIds(page)).toEqual([size, street]);
    expect(articleIds(await act(app, page, 'list', { q: 'HAUPTSTRASSE' }))).toEqual([street]);
    expect(articleIds(await act(app, page, 'list', { q: 'GRÖSSE' }))).toEqual([size]);
    expect(visibleText((await act(app, page, 'open', { id: street! })).body)).toContain('Die Hauptstraße ist gesperrt.');

    const edit = await act(app, page, 'edit', { id: street! });
    expect((await act(app, page, 'update', { id: street!, etag: hiddenField(edit, 'etag'), title: 'Straße', body: 'Wieder offen.' })).status).toBe(200);
    expect(articleIds(await act(app, page, 'list', { q: 'OFFEN' }))).toEqual([street]);
    const confirm = await act(app, page, 'delete', { id: size! });
    const done = await act(app, page, 'remove', { id: size!, etag: hiddenField(confirm, 'etag') });
    expect(articleIds(done)).toEqual([street]);
    expect(articleIds(await act(app, page, 'list', { q: 'größe' }))).toEqual([]);
  });
});
