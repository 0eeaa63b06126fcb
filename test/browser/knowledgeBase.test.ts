import path from 'node:path';
import { describeInBrowser, submitLikeThePortal } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { articleMenu, openSidebar, see, sidebarFrame, write } from '../support/browserSidebar';

const docsDir = path.resolve(__dirname, '../../../docs');
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

describeInBrowser('the knowledge base in the simulator’s chat sidebar (Chromium)', () => {
  const ctx = useBrowserStack({ install: true });

  const open = (dialogId: string, options: { lang?: string; user?: string } = {}) => openSidebar(ctx, dialogId, options);

  it('writes, searches, opens, edits, posts and deletes articles in English', async () => {
    const frame = await open('chat2');
    await frame.locator('[data-testid="empty-state"]').waitFor();
    if (updateScreenshots) await ctx.page.locator('#app-frame').screenshot({ path: path.join(docsDir, 'sidebar-empty.png') });

    await write(frame, 'write-first', 'VPN setup', 'Download the client from https://vpn.example.com/download\nThen sign in with your portal account.');
    await see(frame, 'notice', 'Article saved.');
    await expect(frame.locator('[data-testid="article-body"] a').getAttribute('href')).resolves.toBe('https://vpn.example.com/download');

    await frame.locator('[data-testid="back"]').click();
    await write(frame, 'new-article', '<img src=x onerror=alert(1)>', 'Shown as text, never run.');
    await see(frame, 'article-title', '<img src=x onerror=alert(1)>');
    await frame.locator('[data-testid="back"]').click();
    await write(frame, 'new-article', 'Printer', 'Second floor, room 204.');
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"]').nth(2).waitFor();

    // Every word, in any order: one is in the title, the other in the text.
    await frame.locator('[data-testid="search-input"]').fill('account vpn');
    await frame.locator('[data-testid="search"]').click();
    await see(frame, 'article-count', '1 article found');
    await expect(frame.locator('[data-testid="article-item"]').allTextContents()).resolves.toEqual([expect.stringContaining('VPN setup')]);
    await expect(frame.locator('[data-testid="search-input"]').inputValue()).resolves.toBe('account vpn');

    await frame.locator('[data-testid="article-item"] button').first().click();
    await see(frame, 'article-title', 'VPN setup');
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').fill('Download the client from https://vpn.example.com/download\nUse the new address vpn2.example.com.');
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('[data-testid="article-body"]', { hasText: 'Use the new address vpn2.example.com.' }).waitFor();

    await frame.locator('[data-testid="post"]').click();
    await see(frame, 'notice', 'Posted to the chat.');
    // The first message posted while the simulator runs (the chat's own history has a "VPN setup" too).
    await ctx.page.locator('#messages [data-message-id="1001"]', { hasText: 'VPN setup' }).waitFor({ timeout: 10_000 });

    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"] button', { hasText: 'Printer' }).click();
    await see(frame, 'article-title', 'Printer');
    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm-delete"]').waitFor();
    await frame.locator('[data-testid="confirm"]').click();
    await see(frame, 'notice', 'The article is in the trash now.');
    await expect(frame.locator('[data-testid="article-item"]').count()).resolves.toBe(2);
    if (updateScreenshots) await ctx.page.locator('#app-frame').screenshot({ path: path.join(docsDir, 'sidebar-articles.png') });
    expect(ctx.dialogs).toEqual([]);
  });

  it('does the same in German, with German labels, counts and messages', async () => {
    const frame = await open('chat5', { lang: 'de', user: '2' });
    await expect((await sidebarFrame(ctx.page)).title()).resolves.toBe('Wissensdatenbank · <script>alert(1)</script>');
    await write(frame, 'write-first', 'Urlaubsplan', 'Bitte bis Freitag eintragen: https://intranet.example.de/urlaub');
    await see(frame, 'notice', 'Artikel gespeichert.');
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#title').fill('');
    await frame.locator('#title').evaluate((input) => input.removeAttribute('required'));
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('#title-error', { hasText: 'Geben Sie einen Titel ein.' }).waitFor();
    await frame.locator('#title').fill('Urlaubsplan 2027');
    await frame.locator('[data-testid="save"]').click();
    await see(frame, 'article-title', 'Urlaubsplan 2027');
    await frame.locator('[data-testid="post"]').click();
    await see(frame, 'notice', 'Im Chat gepostet.');
    await frame.locator('[data-testid="back"]').click();
    await see(frame, 'article-count', '1 Artikel');
    await frame.locator('[data-testid="search-input"]').fill('URLAUB');
    await frame.locator('[data-testid="search"]').click();
    await see(frame, 'article-count', '1 Artikel gefunden');
    await frame.locator('[data-testid="article-item"] button').click();
    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm"]').click();
    await frame.locator('[data-testid="empty-state"]').waitFor();
    await expect(frame.locator('[data-testid="empty-state"]').textContent()).resolves.toContain('Im Papierkorb liegt 1 gelöschter Artikel.');
    expect(ctx.dialogs).toEqual([]);
  });

  it('fits 320 px with long words and URLs: nothing scrolls sideways', async () => {
    const frame = await open('sg7');
    await write(frame, 'write-first', `A${'very'.repeat(40)}longtitle`, `https://example.com/${'segment/'.repeat(30)}\n${'Donaudampfschifffahrtsgesellschaft'.repeat(6)}`);
    const narrow = await ctx.browser.newPage({ viewport: { width: 320, height: 640 } });
    try {
      const form = ctx.stack.sim.sidebarForm({ dialogId: 'sg7' });
      await narrow.goto(ctx.stack.sim.portalUrl); // any page: the form is submitted from it like the portal does
      await submitLikeThePortal(narrow, form);
      await narrow.locator('[data-testid="article-item"]').waitFor();
      const overflow = () => narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(await overflow()).toBe(0);
      await narrow.locator('[data-testid="article-item"] button').first().click();
      await narrow.locator('[data-testid="article-body"]').waitFor();
      expect(await overflow()).toBe(0);
      await narrow.locator('[data-testid="edit"]').click();
      await narrow.locator('#body').waitFor();
      expect(await overflow()).toBe(0);
    } finally {
      await narrow.close();
    }
  });
});
