import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { signSession, type Session } from '../../shared/web/session';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { articleMenu, frameHeightBecomes, newArticleButton, openSidebar, see, sidebarFrame, write } from '../support/browserSidebar';

const docsDir = path.resolve(__dirname, '../../../docs');
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

describeInBrowser('the sidebar behaves like a native Bitrix24 panel (Chromium, 320 px frame, BX24 stand-in)', () => {
  const ctx = useBrowserStack({ install: true });
  const articlesIn = (frame: FrameLocator) => frame.locator('[data-testid="article-item"]').count();

  /** Ends the session the sidebar's forms carry, the way four hours left open would: signed, but expired. */
  async function endSession(frame: FrameLocator): Promise<string> {
    const inputs = frame.locator('input[name="session"]');
    const token = await inputs.first().inputValue();
    const session = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Session;
    const ended = signSession(ctx.stack.config.sessionSecret, { ...session, expiresAt: Math.floor(Date.now() / 1000) - 60 });
    await inputs.evaluateAll((elements, value) => elements.forEach((element) => ((element as HTMLInputElement).value = value)), ended);
    return ended;
  }

  /** The sidebar frame's document goes back one entry, as the browser's Back button does inside the frame. */
  async function goBack(page: Page): Promise<void> {
    await (await sidebarFrame(page)).evaluate(() => history.back());
  }

  it('1. shows an action’s error inside the sidebar, in the user’s language, with a way back', async () => {
    const frame = await openSidebar(ctx, 'chat2', { lang: 'de', user: '2' });
    await write(frame, 'new', 'Alt', 'wird gleich gelöscht');
    // Meanwhile the chat's owner deletes it in her own sidebar.
    const owner = await ctx.browser.newPage();
    try {
      const theirs = await openSidebar(ctx, 'chat2', { page: owner });
      await theirs.locator('[data-testid="article-item"] button').first().click();
      await articleMenu(theirs, 'delete');
      await theirs.locator('[data-testid="confirm"]').click();
      await theirs.locator('[data-testid="notice"]').waitFor();
    } finally {
      await owner.close();
    }
    await frame.locator('[data-testid="edit"]').click();
    // Not "not found": deleted, by whom and when, and where it is now.
    await frame.locator('[data-testid="error"]', { hasText: 'Dieser Artikel wurde gelöscht' }).waitFor();
    await expect(frame.locator('[data-testid="error"]').innerText()).resolves.toMatch(
      /Er liegt im Papierkorb des Chats.*„Alt“ wurde von Anna Schmidt am .*2\d\d\d.* gelöscht\./s,
    );
    expect((await sidebarFrame(ctx.page)).url()).not.toMatch(/^chrome-error:/);
    await frame.locator('[data-testid="to-trash"]').click();
    await frame.locator('[data-testid="trash-entry"]', { hasText: 'Alt' }).waitFor();
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="empty-state"]').waitFor();
    expect(ctx.dialogs).toEqual([]);
  });

  it('2. renews a session that ended with BX24.refreshAuth and carries on with what the user was doing', async () => {
    const frame = await openSidebar(ctx, 'chat5', { user: '2' });
    await frame.locator(newArticleButton).first().click();
    await frame.locator('#title').fill('Typed before lunch');
    await frame.locator('#body').fill('An hour of writing, not to be lost.');
    await endSession(frame);
    await frame.locator('[data-testid="save"]').click();
    await see(frame, 'notice', 'Article saved.');
    await see(frame, 'article-title', 'Typed before lunch');
    await ctx.page.locator('#bx24-log', { hasText: 'refreshAuth' }).waitFor();
    // The renewed page works on: its session is a new one.
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"]', { hasText: 'Typed before lunch' }).waitFor();
    expect(await articlesIn(frame)).toBe(1);
  });

  it('2. explains and keeps what was typed when a session cannot be renewed (no BX24 library, no JavaScript)', async () => {
    const frame = await openSidebar(ctx, 'chat5', { user: '2' });
    await frame.locator(newArticleButton).first().click();
    await frame.locator('#title').fill('Not lost');
    const ended = await endSession(frame);
    // The library does not load any more (blocked, offline): the page says so at once, and offers a button.
    await ctx.page.route(ctx.stack.sim.bx24ScriptUrl, (route) => route.abort());
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('[data-testid="renew-again"]').waitFor();
    await expect(frame.locator('[data-testid="renew"]').textContent()).resolves.toMatch(/could not be renewed here.*Not lost/s);

    // Without JavaScript at all: the same answer explains, shows the text and offers a button.
    const answer = await fetch(`${ctx.stack.host.url}/api/placement/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ session: ended, dialog: 'chat5', title: 'Not lost', body: 'typed without scripts' }).toString(),
    });
    expect(answer.status).toBe(401);
    const html = await answer.text();
    const noScript = await ctx.browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    try {
      const page = await noScript.newPage();
      await page.route('**/renew-without-js', (route) => route.fulfill({ contentType: 'text/html', body: html }));
      await page.goto(`${ctx.stack.sim.portalUrl}/renew-without-js`);
      const text = await page.locator('body').innerText();
      expect(text).toMatch(/^Your session has ended\s+Renewing the session needs JavaScript.*Not lost\s+Renew and continue\s*$/s);
      await expect(page.locator('textarea[readonly]:visible').inputValue()).resolves.toBe('typed without scripts');
      expect(text).not.toContain('Renewing your session…');
      expect(text).not.toContain('could not be renewed here');
    } finally {
      await noScript.close();
    }
  });

  it('3. fits the frame to the content on every page, shrinking too, when content changes and on error pages', async () => {
    const frame = await openSidebar(ctx, 'sg7');
    const empty = await frameHeightBecomes(ctx.page, (height) => height > 100);
    await write(frame, 'new', 'Long read', Array.from({ length: 150 }, (_, i) => `Line ${i + 1} of the handbook.`).join('\n'));
    const long = await frameHeightBecomes(ctx.page, (height) => height > 2000);
    await frame.locator('[data-testid="back-bottom"]').click();
    await frame.locator('[data-testid="article-item"]').waitFor();
    const list = await frameHeightBecomes(ctx.page, (height) => height < 500);
    expect(list).toBeGreaterThan(empty);
    // The frame is as tall as the page's content, not taller.
    const content = await frame.locator('main').evaluate((main) => Math.ceil(main.getBoundingClientRect().bottom));
    expect(Math.abs(list - content)).toBeLessThanOrEqual(2);
    expect(long).toBeGreaterThan(2000);

    // Content that changes size without a new page: the editor's text box dragged taller, then smaller.
    await frame.locator(newArticleButton).first().click();
    await frame.locator('#body').waitFor();
    await frame.locator('#body').evaluate((box) => ((box as HTMLElement).style.height = '1500px'));
    await frameHeightBecomes(ctx.page, (height) => height > 1500);
    await frame.locator('#body').evaluate((box) => ((box as HTMLElement).style.height = '120px'));
    await frameHeightBecomes(ctx.page, (height) => height < 700);

    // An error page is fitted too: an article that is not there (any more).
    await frame.locator('[data-testid="cancel"]').click();
    await frame.locator('[data-testid="article-item"] button').first().evaluate((button) => ((button as HTMLButtonElement).value = '0'.repeat(21)));
    await frame.locator('[data-testid="article-item"] button').first().click();
    await frame.locator('[data-testid="error"]').waitFor();
    await frameHeightBecomes(ctx.page, (height) => height < 400);
  });

  it('4. writes once when a form is sent twice, and Back or reload never asks to resubmit a form', async () => {
    // The one-to-one dialog with Chen: a chat of its own, empty so far.
    const frame = await openSidebar(ctx, '3');
    await frame.locator('[data-testid="write-first"]').click();
    await frame.locator('#title').fill('Double-clicked');
    await frame.locator('[data-testid="save"]').dblclick();
    await see(frame, 'article-title', 'Double-clicked');
    // Reloading the page a Save produced shows the article again, and does not save it again.
    await (await sidebarFrame(ctx.page)).evaluate(() => location.reload());
    await see(frame, 'article-title', 'Double-clicked');
    await frame.locator('[data-testid="post"]').click();
    await see(frame, 'notice', 'Posted to the chat.');
    await (await sidebarFrame(ctx.page)).evaluate(() => location.reload());
    await see(frame, 'article-title', 'Double-clicked');
    expect(ctx.stack.sim.messages.filter((message) => message.message.includes('Double-clicked'))).toHaveLength(1);
    // Back from the article to the list: shown again, not "Confirm Form Resubmission".
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"]').waitFor();
    await frame.locator('[data-testid="article-item"] button').first().click();
    await frame.locator('[data-testid="article-title"]').waitFor();
    await goBack(ctx.page);
    await frame.locator('[data-testid="article-item"]').waitFor();
    expect((await sidebarFrame(ctx.page)).url()).not.toMatch(/^chrome-error:/);
    expect(await articlesIn(frame)).toBe(1);
  });

  it('5. counts characters as the user sees them, shows the room left and says when a paste was cut', async () => {
    const frame = await openSidebar(ctx, 'chat5', { user: '2' });
    await frame.locator(newArticleButton).first().click();
    // 19,999 characters on 250 lines: the browser sends 20,248 with its CRLF line breaks.
    const text = Array.from({ length: 250 }, (_, i) => 'x'.repeat(i === 0 ? 19_999 - 249 - 249 * 79 : 79)).join('\n');
    await frame.locator('#title').fill('Just fits');
    await frame.locator('#body').fill(text);
    await see(frame, 'body-counter', '1 character left');
    await frame.locator('[data-testid="save"]').click();
    await see(frame, 'notice', 'Article saved.');

    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').fill('😀'.repeat(19_990));
    await see(frame, 'body-counter', '10 characters left');
    await frame.locator('#body').evaluate((box) => {
      const field = box as HTMLTextAreaElement;
      field.setSelectionRange(field.value.length, field.value.length);
      const data = new DataTransfer();
      data.setData('text/plain', 'y'.repeat(25));
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await see(frame, 'body-counter', '0 characters left');
    await frame.locator('[data-testid="body-cut"]').waitFor();
    await expect(frame.locator('#body').inputValue()).resolves.toBe(`${'😀'.repeat(19_990)}${'y'.repeat(10)}`);
  });

  it('7. shows times in the reader’s own time zone', async () => {
    const tokyo = await ctx.browser.newContext({ timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
    try {
      const page = await tokyo.newPage();
      const frame = await openSidebar(ctx, 'sg7', { page });
      await write(frame, 'new', 'Timed', 'When was this written?');
      const time = frame.locator('[data-testid="article"] time').first();
      const at = new Date((await time.getAttribute('datetime')) ?? '');
      const clock = (timeZone: string) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(at);
      const day = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'Asia/Tokyo' }).format(at);
      const shown = (await time.textContent()) ?? '';
      const hour = Number(clock('Asia/Tokyo').slice(0, 2));
      const twelve = String(hour % 12 === 0 ? 12 : hour % 12).padStart(2, '0');
      expect(shown).toContain(`${twelve}:${clock('Asia/Tokyo').slice(3)}`);
      expect(shown).toContain(day);
      expect(shown).not.toContain('UTC');
    } finally {
      await tokyo.close();
    }
  });

  it('8. looks like Bitrix24’s own sidebar: no repeated header, light “+ New”, room in the header, actions at the top, dates on one line', async () => {
    const frame = await openSidebar(ctx, 'chat2', { user: '2' });
    await expect(frame.locator('main').innerText()).resolves.not.toMatch(/General chat|members|Boris Ivanov/);
    await write(frame, 'new', 'Handbook', Array.from({ length: 200 }, (_, i) => `Chapter ${i}`).join('\n'));
    // Within the frame's first 200 px (the text is 200 lines long).
    const top = (await ctx.page.locator('#app-frame').boundingBox())!.y;
    for (const action of ['post', 'edit', 'delete']) {
      const box = await frame.locator(`[data-testid="article-actions"] [data-testid="${action}"]`).boundingBox();
      expect(box!.y - top).toBeLessThan(200);
    }
    await frame.locator('[data-testid="back"]').click();
    const newButton = frame.locator('[data-testid="new-article"]');
    const style = await newButton.evaluate((button) => {
      const computed = getComputedStyle(button);
      return { background: computed.backgroundColor, radius: parseFloat(computed.borderTopLeftRadius), weight: Number(computed.fontWeight) };
    });
    expect(style).toEqual({ background: 'rgb(233, 248, 254)', radius: 14, weight: 500 });
    const [button, search] = await Promise.all([newButton.boundingBox(), frame.locator('[data-testid="search-input"]').boundingBox()]);
    expect(button!.y + button!.height).toBeLessThanOrEqual(search!.y - 4);
    for (const time of await frame.locator('time').all()) {
      expect(await time.evaluate((element) => element.getClientRects().length)).toBe(1);
    }
  });

  it('9. the simulator: a 320 px frame, chat messages rendered like the chat, and a reload keeps the chat', async () => {
    const frame = await openSidebar(ctx, 'chat2');
    expect((await ctx.page.locator('#app-frame').boundingBox())!.width).toBe(320);
    await write(frame, 'new', 'VPN setup', 'Download the client from https://vpn.example.com/download\nThen sign in.');
    await frame.locator('[data-testid="back"]').click();
    await write(frame, 'new-article', 'Printer', 'Second floor, room 204.');
    await frame.locator('[data-testid="post"]').click();
    await see(frame, 'notice', 'Posted to the chat.');
    const posted = ctx.page.locator('#messages li', { hasText: 'Printer' });
    await posted.waitFor({ timeout: 10_000 });
    await expect(posted.locator('[data-testid="message-text"] b').first().textContent()).resolves.toBe('Printer');
    const card = posted.locator('[data-testid="message-card"]');
    await expect(card.locator('b').first().textContent()).resolves.toBe('Printer');
    await expect(card.locator('[data-testid="card-text"]').nth(1).textContent()).resolves.toBe('Second floor, room 204.');
    await expect(card.locator('[data-testid="card-grid"]').textContent()).resolves.toContain('Anna Schmidt');
    await expect(card.locator('i').first().textContent()).resolves.toContain('Knowledge base');
    await expect(posted.textContent()).resolves.not.toContain('[B]');
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"]').nth(1).waitFor();
    if (updateScreenshots) await ctx.page.screenshot({ path: path.join(docsDir, 'simulator-sidebar.png') });

    await ctx.page.fill('#message-input', '[b]bold[/b] [url=https://example.com/a]a link[/url] [url=javascript:alert(1)]not a link[/url] <img src=x onerror=alert(1)>');
    await ctx.page.click('#send-message');
    const typed = ctx.page.locator('#messages [data-testid="message-text"]', { hasText: 'not a link' });
    await typed.waitFor();
    await expect(typed.locator('b').textContent()).resolves.toBe('bold');
    await expect(typed.locator('a').evaluateAll((links) => links.map((link) => [link.textContent, link.getAttribute('href')]))).resolves.toEqual([['a link', 'https://example.com/a']]);
    await expect(typed.textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    expect(ctx.dialogs).toEqual([]);


    await ctx.page.click('[data-dialog-id="chat5"]');
    await ctx.page.reload();
    await ctx.page.locator('[data-dialog-id="chat5"][aria-current="true"]').waitFor();
    await expect(ctx.page.locator('#chat-title').textContent()).resolves.toBe('<script>alert(1)</script>');
  });
});
