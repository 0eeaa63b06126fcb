import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../local/localStack';
import { settingNames } from '../../shared/config';
import { launchChromium } from './browser';
import { testStorageConnectionString } from './testStorage';

export interface BrowserStack {
  stack: LocalStack;
  browser: Browser;
  /** a fresh page per test, 1280 px wide */
  page: Page;
  /** every alert/confirm/prompt any page opened: an XSS would show up here */
  dialogs: string[];
}

/**
 * The `npm start` stack (on the run's Azurite) and Chromium for one test file, with a fresh page per test.
 * Call inside a describe; the returned object is filled in by its hooks.
 */
export function useBrowserStack(options: { install?: boolean } = {}): BrowserStack {
  const state = { dialogs: [] as string[] } as BrowserStack;
  beforeAll(async () => {
    for (const name of settingNames) delete process.env[name];
    process.env.AzureWebJobsStorage = testStorageConnectionString();
    state.stack = await startLocalStack(process.env, { log: () => undefined });
    state.browser = await launchChromium();
    if (options.install) {
      const setup = await state.browser.newPage();
      await setup.goto(state.stack.sim.portalUrl);
      await setup.click('#install');
      await setup.locator('#install-status', { hasText: 'Installed' }).waitFor();
      await setup.close();
    }
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.stack?.stop();
  });
  beforeEach(async () => {
    state.page = await state.browser.newPage({ viewport: { width: 1280, height: 900 } });
    state.page.on('dialog', (dialog) => {
      state.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });
  afterEach(() => state.page.close());
  return state;
}
