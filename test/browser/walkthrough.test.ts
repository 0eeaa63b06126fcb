import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { sidebarFrame } from '../support/browserSidebar';

describeInBrowser('the portal simulator in Chromium', () => {
  const ctx = useBrowserStack();

  it('installs the app: the install page runs and calls installFinish', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.click('#install');
    await ctx.page.locator('#install-status', { hasText: 'Installed' }).waitFor();
    await ctx.page.frameLocator('#install-frame').locator('[data-install="done"]').waitFor();
    expect(await ctx.page.locator('#bx24-log').textContent()).toContain('setInstallFinish');
    expect(ctx.stack.sim.installed).toBe(true);
    expect(ctx.stack.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR']);
  });

  it('opens the app in a chat’s sidebar, for that chat, and fits the frame to it', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.click('[data-dialog-id="chat2"]');
    await ctx.page.click('[data-placement-item]');
    const sidebar = ctx.page.frameLocator('#app-frame');
    await sidebar.locator('[data-testid="empty-state"]').waitFor();
    await expect((await sidebarFrame(ctx.page)).title()).resolves.toBe('Knowledge base · General chat');
    await ctx.page.locator('#bx24-log', { hasText: 'resizeWindow' }).waitFor();
  });

  it('shows the sidebar in the user’s language and a hostile chat name as text', async () => {
    await ctx.page.goto(ctx.stack.sim.portalUrl);
    await ctx.page.selectOption('#lang-select', 'de');
    await ctx.page.selectOption('#user-select', '2');
    await ctx.page.click('[data-dialog-id="chat5"]');
    await ctx.page.click('[data-placement-item]');
    const sidebar = ctx.page.frameLocator('#app-frame');
    await sidebar.locator('[data-testid="empty-state"]', { hasText: 'Noch keine Artikel' }).waitFor();
    await expect((await sidebarFrame(ctx.page)).title()).resolves.toBe('Wissensdatenbank · <script>alert(1)</script>');
    expect(ctx.dialogs).toEqual([]);
  });

});
