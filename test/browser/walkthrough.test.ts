import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../local/localStack';
import { settingNames } from '../../shared/config';
import { describeInBrowser, launchChromium } from '../support/browser';
import { testStorageConnectionString } from '../support/testStorage';

const docsDir = path.resolve(__dirname, '../../../docs');

describeInBrowser('the portal simulator in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    for (const name of settingNames) delete process.env[name];
    process.env.AzureWebJobsStorage = testStorageConnectionString();
    process.env.PORT = '';
    stack = await startLocalStack(process.env, { log: () => undefined });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterEach(() => page.close());

  it('installs the app: the install page runs and calls installFinish', async () => {
    await page.goto(stack.sim.portalUrl);
    await page.click('#install');
    await page.locator('#install-status', { hasText: 'Installed' }).waitFor();
    await page.frameLocator('#install-frame').locator('[data-install="done"]').waitFor();
    expect(await page.locator('#bx24-log').textContent()).toContain('setInstallFinish');
    expect(stack.sim.installed).toBe(true);
    expect(stack.sim.placements.map((p) => p.placement)).toEqual(['IM_SIDEBAR']);
  });

  it('opens the app in a chat’s sidebar and shows that chat and that user', async () => {
    await page.goto(stack.sim.portalUrl);
    await page.click('[data-dialog-id="chat2"]');
    await page.click('[data-placement-item]');
    const sidebar = page.frameLocator('#app-frame');
    await expect(sidebar.locator('[data-testid="chat-name"]').textContent()).resolves.toBe('General chat');
    await expect(sidebar.locator('[data-testid="user-name"]').textContent()).resolves.toBe('You: Anna Schmidt');
    await page.locator('#bx24-log', { hasText: 'resizeWindow' }).waitFor();
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(docsDir, 'simulator-sidebar.png') });
  });

  it('shows the sidebar in the user’s language and a hostile chat name as text', async () => {
    await page.goto(stack.sim.portalUrl);
    await page.selectOption('#lang-select', 'de');
    await page.selectOption('#user-select', '2');
    await page.click('[data-dialog-id="chat5"]');
    await page.click('[data-placement-item]');
    const sidebar = page.frameLocator('#app-frame');
    await expect(sidebar.locator('[data-testid="chat-name"]').textContent()).resolves.toBe('<script>alert(1)</script>');
    await expect(sidebar.locator('[data-testid="user-name"]').textContent()).resolves.toBe('Sie: Boris Ivanov');
    expect(dialogs).toEqual([]);
  });

  it('fits a 320 px wide sidebar without horizontal scrolling', async () => {
    const narrow = await browser.newPage({ viewport: { width: 320, height: 640 } });
    try {
      const form = stack.sim.sidebarForm({ dialogId: 'chat2' });
      // Submit the exact form Bitrix24 posts, then measure the page it answers with.
      await narrow.evaluate(({ action, body }) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = action;
        for (const [key, value] of new URLSearchParams(body)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = key;
          input.value = value;
          f.appendChild(input);
        }
        document.body.appendChild(f);
        f.submit();
      }, { action: form.url ?? '', body: form.body });
      await narrow.locator('[data-testid="chat-name"]').waitFor();
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
    } finally {
      await narrow.close();
    }
  });
});
