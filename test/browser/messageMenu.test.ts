import path from 'node:path';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';

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

  it('opens the app in the slider with the message, converted into the article it makes', async () => {
    await openMenu('chat2', 202);
    const item = ctx.page.locator(`[data-message-id="202"] [data-message-menu-item]`);
    await expect(item.textContent()).resolves.toBe('Save to knowledge base');
    if (updateScreenshots) await ctx.page.screenshot({ path: path.join(docsDir, 'simulator-message-menu.png') });
    await item.click();

    await ctx.page.locator('#app-page:not([hidden]) #app-page-title', { hasText: 'Save to knowledge base' }).waitFor();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('[data-testid="captured-title"]').textContent()).resolves.toBe('VPN setup');
    await expect(slider.locator('[data-testid="captured-source"]').textContent()).resolves.toMatch(/^From a message by Anna Schmidt, May 6, 2024/);
    const link = slider.locator('[data-testid="captured-body"] a');
    await expect(link.getAttribute('href')).resolves.toBe('https://intranet.example.com/vpn');
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(slider.locator('[data-testid="captured-body"] strong').allTextContents()).resolves.toEqual(['VPN setup', 'Frankfurt']);
  });

  it('names the item in the user’s language and works for a one-to-one chat', async () => {
    await openMenu('1', 231, { lang: 'de', user: '2' });
    const item = ctx.page.locator(`[data-message-id="231"] [data-message-menu-item]`);
    await expect(item.textContent()).resolves.toBe('In der Wissensdatenbank speichern');
    await item.click();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('[data-testid="captured-source"]').textContent()).resolves.toMatch(/^Aus einer Nachricht von Boris Ivanov/);
    await expect(slider.locator('[data-testid="captured-body"] em').textContent()).resolves.toBe('onboarding');
  });

  it('shows a hostile message as text, in the chat and in the app, running nothing', async () => {
    await openMenu('chat5', 211);
    await expect(ctx.page.locator('[data-message-id="211"] .message-text a').count()).resolves.toBe(0);
    await ctx.page.locator('[data-message-id="211"] [data-message-menu-item]').click();
    const slider = ctx.page.frameLocator('#app-page-frame');
    await expect(slider.locator('[data-testid="captured-body"]').textContent()).resolves.toBe('Click me everyone kick # not a heading <img src=x onerror=alert(2)>');
    await expect(slider.locator('[data-testid="captured-body"] a, [data-testid="captured-body"] img').count()).resolves.toBe(0);
    expect(ctx.dialogs).toEqual([]);
  });
});
