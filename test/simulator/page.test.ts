import type { Browser, Page } from 'playwright-core';
import { startSimulator, type Simulator } from '../../local/simulator';
import { describeInBrowser, launchChromium } from '../support/browser';
import { startFakeApp, type FakeApp } from './fakeApp';

// The portal page in a real headless Chromium: install through the iframe and BX24.installFinish(), then
// the messenger, the sidebar app and uninstall. Skipped loudly where no Chromium is installed (a failure in CI).

/** What the fake app received in the iframe `selector`, once its page has rendered. */
async function receivedIn(page: Page, selector: string): Promise<Record<string, string>> {
  const frame = await (await page.waitForSelector(selector)).contentFrame();
  if (frame === null) throw new Error(`${selector} has no frame`);
  const text = await (await frame.waitForSelector('#received:not(:empty)')).textContent();
  return JSON.parse(text ?? '{}') as Record<string, string>;
}

describeInBrowser('simulator page in Chromium', () => {
  let sim: Simulator;
  let app: FakeApp;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator();
    app = await startFakeApp(sim);
    sim.setAppUrl(app.url);
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sim?.close();
  });

  test('installs through the install frame and BX24.installFinish()', async () => {
    await page.goto(sim.portalUrl);
    await page.click('#install');
    await page.waitForFunction(() => document.querySelector('#install-status')?.textContent === 'Installed');
    expect(sim.installed).toBe(true);
    const frameName = await page.getAttribute('#install-frame', 'name');
    expect(frameName).toMatch(new RegExp(`^${sim.domain.replace(/\./g, '\\.')}\\|0\\|[0-9a-f]{32}$`));
    const log = await page.textContent('#bx24-log');
    expect(log).toContain('getInitData');
    expect(log).toContain('setInstallFinish');
    const frame = page.frame({ name: frameName ?? '' });
    const bx24 = JSON.parse((await frame?.textContent('#bx24')) ?? '{}');
    expect(bx24).toMatchObject({ info: { placement: 'DEFAULT' }, auth: true, admin: true });
    expect(app.events[0]?.get('event')).toBe('ONAPPINSTALL');
    expect(sim.lastEventStatus).toBe(200);
  });

  test('lists chats, escapes names and opens the sidebar app', async () => {
    await page.waitForSelector('#chat-list [data-dialog-id="chat5"]');
    for (const id of ['chat2', 'chat5', 'sg7', '2', '3']) {
      expect(await page.$(`#chat-list [data-dialog-id="${id}"]`)).not.toBeNull();
    }
    await page.click('#chat-list [data-dialog-id="chat5"]');
    expect(await page.textContent('#chat-title')).toBe('<script>alert(1)</script>');
    await page.click('[data-placement-item]');
    await page.waitForFunction(() => document.querySelector('#bx24-log')?.textContent?.includes('resizeWindow'));
    const received = await receivedIn(page, '#app-frame');
    const frame = await (await page.$('#app-frame'))?.contentFrame();
    expect(received).toMatchObject({ PLACEMENT: 'IM_SIDEBAR', DOMAIN: sim.domain, PROTOCOL: '0', LANG: 'en' });
    expect(JSON.parse(received['PLACEMENT_OPTIONS'] ?? '')).toEqual({ dialogId: 'chat5', URI: '/online/' });
    expect(received['APPLICATION_TOKEN']).toBe(sim.applicationToken);
    const bx24 = JSON.parse((await frame?.textContent('#bx24')) ?? '{}');
    expect(bx24.info).toEqual({ placement: 'IM_SIDEBAR', options: { dialogId: 'chat5', URI: '/online/' } });
    // fitWindow made the frame as tall as its content.
    const height = await page.$eval('#app-frame', (element) => element.getBoundingClientRect().height);
    expect(height).toBeGreaterThan(700);
    expect(dialogs).toEqual([]);
  });

  test('titles follow the language; other users open the app with their own tokens', async () => {
    await page.selectOption('#lang-select', 'de');
    expect(await page.textContent('[data-placement-item]')).toContain('Wissensdatenbank');
    await page.selectOption('#user-select', '3');
    await page.click('#chat-list [data-dialog-id="sg7"]');
    await page.click('[data-placement-item]');
    const received = await receivedIn(page, '#app-frame');
    expect(received['LANG']).toBe('de');
    const user = await fetch(`${sim.clientEndpoint}user.current`, { method: 'POST', body: JSON.stringify({ auth: received['AUTH_ID'] }) });
    expect(((await user.json()) as { result: { ID: string } }).result.ID).toBe('3');
  });

  test('posts messages and opens the app page', async () => {
    await page.selectOption('#user-select', '1');
    await page.click('#chat-list [data-dialog-id="chat2"]');
    await page.fill('#message-input', 'Hello <b>team</b>');
    await page.click('#send-message');
    await page.waitForFunction(() => document.querySelector('#messages')?.textContent?.includes('Hello <b>team</b>'));
    expect(sim.messages.at(-1)).toMatchObject({ dialogId: 'chat2', userId: 1, message: 'Hello <b>team</b>' });
    await page.click('#open-app');
    const received = await receivedIn(page, '#app-page-frame');
    expect(received['PLACEMENT']).toBe('DEFAULT');
    expect(received['PLACEMENT_OPTIONS']).toBeUndefined();
    await page.click('#app-page-close');
  });

  test('opened outside a portal frame, the BX24 stand-in is a harmless no-op', async () => {
    const standalone = await browser.newPage();
    try {
      await standalone.goto(`${app.url}/api/placement`);
      const text = await (await standalone.waitForSelector('#bx24:not(:empty)')).textContent();
      expect(JSON.parse(text ?? '{}')).toMatchObject({ auth: false, admin: false, info: { options: {} } });
    } finally {
      await standalone.close();
    }
  });

  test('uninstalls with CLEAN', async () => {
    await page.check('#uninstall-clean');
    await page.click('#uninstall');
    await page.waitForFunction(() => document.querySelector('#uninstall-status')?.textContent?.startsWith('Uninstalled'));
    expect(sim.installed).toBe(false);
    expect(app.events.at(-1)?.get('event')).toBe('ONAPPUNINSTALL');
    expect(app.events.at(-1)?.get('data[CLEAN]')).toBe('1');
    await page.waitForSelector('#install', { state: 'visible' });
  });
});
