import path from 'node:path';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { openSidebar, see } from '../support/browserSidebar';

const docsDir = path.resolve(__dirname, '../../../docs');
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

describeInBrowser('“Save to knowledge base” in the simulator’s message menu (Chromium)', () => {
  const ctx = useBrowserStack({ install: true });

  async function openMenu(dialogId: string, messageId: number, options: { lang?: string; user?: string } = {}): Promise<void> {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    if (options.lang) await ctx.page.selectOption('#lang-select', options.lang);
    if (options.user) await ctx.page.selectOption('#user-select', options.user);
    await ctx.page.click(`[data-dialog-id="${dialogId}"]`);
    await ctx.page.click(`[data-message-menu="${messageId}"]`);
    await ctx.page.locator(`[data-message-id="${messageId}"] [data-message-menu-item]`).waitFor();
  }

  it('opens the editor in the slider with the message as the article it makes, previews it in place, saves it and leads back to the message', async () => {
    await openMenu('chat2', 202);
    const item = ctx.page.locator(`[data-message-id="202"] [data-message-menu-item]`);
    await expect(item.textContent()).resolves.toBe('Save to knowledge base');
    if (updateScreenshots) await ctx.page.screenshot({ path: path.join(docsDir, 'simulator-message-menu.png') });
    await item.click();

    await ctx.page.locator('#app-page:not([hidden]) #app-page-title', { hasText: 'Save to knowledge base' }).waitFor();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('#title').inputValue()).resolves.toBe('VPN setup');
    await expect(slider.locator('[data-testid="source-link"]').textContent()).resolves.toMatch(/^From a message by Anna Schmidt, May 6, 2024/);
    const link = slider.locator('[data-testid="preview-body"] a');
    await expect(link.getAttribute('href')).resolves.toBe('https://intranet.example.com/vpn');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // The editor holds the message as a reader of the chat knows it: the title not repeated, a list, no backslashes.
    await expect(slider.locator('#body').inputValue()).resolves.toBe(
      '1. Install the client from [the intranet page](https://intranet.example.com/vpn)\n2. Sign in with your *work* account\n' +
        '3. Pick the **Frankfurt** gateway\n\nIf it fails, ask Boris Ivanov.',
    );
    await expect(slider.locator('[data-testid="preview-body"] ol li').allTextContents()).resolves.toEqual([
      'Install the client from the intranet page',
      'Sign in with your work account',
      'Pick the Frankfurt gateway',
    ]);
    await expect(slider.locator('[data-testid="preview-body"] strong').allTextContents()).resolves.toEqual(['Frankfurt']);

    // Preview in place: the server renders the new text, the page stays (what was typed, and a mark set in it).
    const body = slider.locator('#body');
    await body.fill(`${await body.inputValue()}\n\n## Gateways\n- Frankfurt\n- Paris`);
    await slider.locator('html').evaluate(() => document.documentElement.setAttribute('data-still-here', 'yes'));
    await slider.locator('[data-testid="preview-button"]').click();
    await slider.locator('[data-testid="preview-body"] h4', { hasText: 'Gateways' }).waitFor();
    await expect(slider.locator('[data-testid="preview-body"] ul li').allTextContents()).resolves.toEqual(['Frankfurt', 'Paris']);
    await expect(slider.locator('html').getAttribute('data-still-here')).resolves.toBe('yes');
    await expect(body.inputValue()).resolves.toContain('- Paris');

    await slider.locator('[data-testid="save"]').click();
    // Saved: the slider says so and offers Close (and the article, a click away).
    await see(slider, 'saved-title', 'VPN setup');
    await expect(slider.locator('[data-testid="capture-saved"] h1').textContent()).resolves.toBe('Saved to the chat’s knowledge base');
    await slider.locator('[data-testid="open-saved"]').click();
    await expect(slider.locator('[data-testid="article-body"] h4').textContent()).resolves.toBe('Gateways');

    // In the chat's sidebar for everyone, formatted.
    await ctx.page.click('#app-page-close');
    const frame = await openSidebar(ctx, 'chat2', { user: '2' });
    await frame.locator('[data-testid="article-item"] button', { hasText: 'VPN setup' }).click();
    await frame.locator('[data-testid="article-body"] li', { hasText: 'Paris' }).waitFor();
    await expect(frame.locator('[data-testid="article-body"] a').getAttribute('href')).resolves.toBe('https://intranet.example.com/vpn');
    if (updateScreenshots) await ctx.page.locator('#app-frame').screenshot({ path: path.join(docsDir, 'sidebar-formatted-article.png') });

    // "From a message by …" opens the messenger at that message (the whole portal window, as its own links do).
    await frame.locator('[data-testid="source-link"]').click();
    await ctx.page.waitForURL(/\/online\/\?IM_DIALOG=chat2&IM_MESSAGE=202$/);
    await ctx.page.locator('#messages [data-message-id="202"][data-focused]').waitFor();
    await expect(ctx.page.locator('#user-select').inputValue()).resolves.toBe('2');
    expect(ctx.dialogs).toEqual([]);
  });

  it('names the item in the user’s language and works for a one-to-one chat', async () => {
    await openMenu('1', 231, { lang: 'de', user: '2' });
    const item = ctx.page.locator(`[data-message-id="231"] [data-message-menu-item]`);
    await expect(item.textContent()).resolves.toBe('In der Wissensdatenbank speichern');
    await item.click();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('[data-testid="source-link"]').textContent()).resolves.toMatch(/^Aus einer Nachricht von Boris Ivanov/);
    await expect(slider.locator('[data-testid="preview-body"] em').textContent()).resolves.toBe('onboarding');
    await slider.locator('[data-testid="save"]').click();
    await expect(slider.locator('[data-testid="capture-saved"] h1').textContent()).resolves.toBe('In der Wissensdatenbank des Chats gespeichert');
    // Close closes the slider, as Bitrix24's own sliders do.
    await slider.locator('[data-testid="close"]').click();
    await ctx.page.locator('#app-page').waitFor({ state: 'hidden' });
    await ctx.page.locator('#bx24-log li', { hasText: /^closeApplication$/ }).waitFor();
  });

  it('closes the slider on Cancel, saving nothing; without JavaScript Cancel says the window can be closed', async () => {
    await openMenu('chat5', 211);
    await ctx.page.locator('[data-message-id="211"] [data-message-menu-item]').click();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await slider.locator('#title').waitFor();
    await slider.locator('[data-testid="cancel"]').click();
    await ctx.page.locator('#app-page').waitFor({ state: 'hidden' });
    // Without the BX24 library (or JavaScript) the same button shows a page that says so.
    await ctx.page.route(ctx.stack.sim.bx24ScriptUrl, (route) => route.abort());
    await ctx.page.click('[data-message-menu="211"]');
    await ctx.page.locator('[data-message-id="211"] [data-message-menu-item]').click();
    await slider.locator('#title').waitFor();
    await slider.locator('[data-testid="cancel"]').click();
    await see(slider, 'capture-closed', 'Nothing was saved. You can close this window.Close');
    await ctx.page.unroute(ctx.stack.sim.bx24ScriptUrl);
    const frame = await openSidebar(ctx, 'chat5');
    await frame.locator('[data-testid="empty-state"]').waitFor();
  });

  it('shows a hostile message as text, in the chat and in the app, running nothing', async () => {
    await openMenu('chat5', 211);
    await expect(ctx.page.locator('[data-message-id="211"] .message-text a').count()).resolves.toBe(0);
    await ctx.page.locator('[data-message-id="211"] [data-message-menu-item]').click();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('[data-testid="preview-body"]').textContent()).resolves.toBe('Click me everyone kick # not a heading <img src=x onerror=alert(2)>');
    await expect(slider.locator('[data-testid="preview-body"] a, [data-testid="preview-body"] img').count()).resolves.toBe(0);
    await slider.locator('[data-testid="save"]').click();
    await slider.locator('[data-testid="open-saved"]').click();
    await expect(slider.locator('[data-testid="article-body"] a, [data-testid="article-body"] img').count()).resolves.toBe(0);
    expect(ctx.dialogs).toEqual([]);
  });
});
