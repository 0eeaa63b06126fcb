import path from 'node:path';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';

const docsDir = path.resolve(__dirname, '../../../docs');

describeInBrowser('the portal simulator in Chromium', () => {
  const ctx = useBrowserStack();

  it('installs the app: the install page runs and calls installFinish', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.click('#install');
    await ctx.page.locator('#install-status', { hasText: 'Installed' }).waitFor();
    await ctx.page.frameLocator('#install-frame').locator('[data-install="done"]').waitFor();
    expect(await ctx.page.locator('#bx24-log').textContent()).toContain('setInstallFinish');
    expect(ctx.stack.sim.installed).toBe(true);
    expect(ctx.stack.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR', 'IM_CONTEXT_MENU']);
  });

  it('opens the app in a chat’s sidebar and shows that chat and that user', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.click('[data-dialog-id="chat2"]');
    await ctx.page.click('[data-placement-item]');
    const sidebar = ctx.page.frameLocator('#app-frame');
    await expect(sidebar.locator('[data-testid="chat-name"]').textContent()).resolves.toBe('General chat');
    await expect(sidebar.locator('[data-testid="user-name"]').textContent()).resolves.toBe('You: Anna Schmidt');
    await ctx.page.locator('#bx24-log', { hasText: 'resizeWindow' }).waitFor();
    if (process.env.UPDATE_SCREENSHOTS === '1') await ctx.page.screenshot({ path: path.join(docsDir, 'simulator-sidebar.png') });
  });

  it('shows the sidebar in the user’s language and a hostile chat name as text', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.selectOption('#lang-select', 'de');
    await ctx.page.selectOption('#user-select', '2');
    await ctx.page.click('[data-dialog-id="chat5"]');
    await ctx.page.click('[data-placement-item]');
    const sidebar = ctx.page.frameLocator('#app-frame');
    await expect(sidebar.locator('[data-testid="chat-name"]').textContent()).resolves.toBe('<script>alert(1)</script>');
    await expect(sidebar.locator('[data-testid="user-name"]').textContent()).resolves.toBe('Sie: Boris Ivanov');
    expect(ctx.dialogs).toEqual([]);
  });

});
