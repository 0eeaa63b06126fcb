import type { FrameLocator, Locator, Page } from 'playwright-core';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { articleMenu, frameHeightBecomes, newArticleButton, openSidebar, see, write } from '../support/browserSidebar';

/** Where an element of the sidebar frame is in the portal's window: its top and bottom in the viewport (px). */
async function inPortalView(page: Page, element: Locator): Promise<{ top: number; viewport: number }> {
  const frameTop = await page.locator('#app-frame').evaluate((frame) => frame.getBoundingClientRect().top);
  const top = await element.evaluate((el) => el.getBoundingClientRect().top);
  return { top: Math.round(frameTop + top), viewport: await page.evaluate(() => window.innerHeight) };
}

/** Waits until the element's top is in the portal's view (the portal scrolls when the app asks it to). */
async function comesIntoView(page: Page, element: Locator): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { top, viewport } = await inPortalView(page, element);
    if (top >= 0 && top < viewport - 100) return top;
    if (Date.now() > deadline) throw new Error(`its top stayed at ${top} px of a ${viewport} px view`);
    await page.waitForTimeout(50);
  }
}

/** Sideways overflow of the sidebar frame's page (px): 0 when nothing sticks out of the 320 px panel. */
function overflow(frame: FrameLocator): Promise<number> {
  return frame.locator('html').evaluate((root) => root.scrollWidth - root.clientWidth);
}

const longText = Array.from({ length: 150 }, (_, i) => `Line ${i + 1} of the handbook.`).join('\n');

describeInBrowser('the portal shows what the sidebar shows (Chromium, 320 px frame, BX24 stand-in)', () => {
  const ctx = useBrowserStack({ install: true });

  it('brings the top of a new page into the portal’s view after acting from low on a long one (BX24 setScroll)', async () => {
    const frame = await openSidebar(ctx, 'chat2', { user: '2' });
    await write(frame, 'new', 'Long read', longText);
    await frameHeightBecomes(ctx.page, (height) => height > 2000);
    // The user reads to the end, where "Post to chat" is, and posts from there.
    await ctx.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect((await inPortalView(ctx.page, frame.locator('main'))).top).toBeLessThan(0);
    await frame.locator('[data-testid="post-bottom"]').click();
    await see(frame, 'notice', 'Posted to the chat.');
    // The notice at the top of the new page is what the portal shows now, not the end of the old one.
    await comesIntoView(ctx.page, frame.locator('[data-testid="notice"]'));
    await ctx.page.locator('#bx24-log li', { hasText: /^setScroll 0$/ }).waitFor();
  });

  it('leaves the portal where it is when the new page’s top is in view already', async () => {
    const frame = await openSidebar(ctx, 'chat5', { user: '2' });
    await write(frame, 'new', 'Short', 'One line.');
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="article-item"]').waitFor();
    await expect(ctx.page.locator('#bx24-log li', { hasText: 'setScroll' }).count()).resolves.toBe(0);
  });

  it('brings the preview into view when it appears below what the portal shows', async () => {
    const frame = await openSidebar(ctx, 'sg7', { user: '3' });
    await frame.locator(newArticleButton).first().click();
    await frame.locator('#title').fill('Preview me');
    await frame.locator('#body').fill('# Heading\n\n**bold** text');
    // A tall text box: the Preview button is near the bottom of the portal's view, the preview below it.
    await frame.locator('#body').evaluate((box) => ((box as HTMLElement).style.height = '1200px'));
    await frameHeightBecomes(ctx.page, (height) => height > 1300);
    const button = frame.locator('[data-testid="preview-button"]');
    const { top, viewport } = await inPortalView(ctx.page, button);
    await ctx.page.evaluate((by) => window.scrollBy(0, by), top - (viewport - 60));
    await button.click();
    await frame.locator('[data-testid="preview-title"]', { hasText: 'Preview me' }).waitFor();
    await comesIntoView(ctx.page, frame.locator('[data-testid="preview"]'));
  });

  it('keeps Post and Edit in sight and History and Delete in a “⋯” menu, on one row in German and Russian', async () => {
    for (const lang of ['de', 'ru']) {
      const frame = await openSidebar(ctx, 'chat5', { lang, user: '2' });
      await write(frame, 'new', `Aktionen ${lang}`, 'Ein Text, der gleich unter den Knöpfen steht.');
      // One row: the three buttons' middles at one height.
      const middles = await Promise.all(
        ['post', 'edit', 'more-actions-button'].map((id) => frame.locator(`[data-testid="${id}"]`).evaluate((el) => el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2)),
      );
      expect(Math.max(...middles) - Math.min(...middles)).toBeLessThan(4);
      await expect(frame.locator('[data-testid="delete"]').isVisible()).resolves.toBe(false);
      // Room between the buttons and the text.
      const rowBottom = await frame.locator('[data-testid="article-actions"]').evaluate((el) => el.getBoundingClientRect().bottom);
      const textTop = await frame.locator('[data-testid="article-body"]').evaluate((el) => el.getBoundingClientRect().top);
      expect(textTop - rowBottom).toBeGreaterThanOrEqual(8);
      await frame.locator('[data-testid="more-actions-button"]').click();
      await expect(frame.locator('[data-testid="delete"]').isVisible()).resolves.toBe(true);
      expect(await overflow(frame)).toBe(0);
      await frame.locator('[data-testid="history"]').click();
      await frame.locator('[data-testid="current-version"]').waitFor();
    }
  }, 60_000);

  it('puts the cursor in the title after “+ New”, and in the text when the title is filled in', async () => {
    const frame = await openSidebar(ctx, 'chat5', { user: '2' });
    await frame.locator(newArticleButton).first().click();
    await frame.locator('#title').waitFor();
    await expect(frame.locator(':focus').getAttribute('id')).resolves.toBe('title');
    await frame.locator('#title').fill('A title');
    await frame.locator('[data-testid="cancel"]').click();
    await write(frame, 'new', 'Filled', 'text');
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').waitFor();
    await expect(frame.locator(':focus').getAttribute('id')).resolves.toBe('body');
  });

  it('never scrolls sideways at 320 px: a long title on the history, a version, the trash and the delete confirmation', async () => {
    const frame = await openSidebar(ctx, 'chat2', { lang: 'de', user: '1' });
    const title = 'Einrichtung der Donaudampfschifffahrtsgesellschaftskapitänsmütze für neue Mitarbeitende im Außendienst';
    await write(frame, 'new', title, 'Erste Fassung');
    expect(await overflow(frame)).toBe(0);
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').fill('Zweite Fassung');
    expect(await overflow(frame)).toBe(0);
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('[data-testid="article-body"]', { hasText: 'Zweite' }).waitFor();
    await articleMenu(frame, 'history');
    await frame.locator('[data-testid="current-version"]').waitFor();
    expect(await overflow(frame)).toBe(0);
    await frame.locator('[data-testid="view-version"]').click();
    await frame.locator('[data-testid="version-body"]').waitFor();
    expect(await overflow(frame)).toBe(0);
    await frame.locator('[data-testid="back"]').click();
    await frame.locator('[data-testid="back"]').click();
    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm"]').waitFor();
    expect(await overflow(frame)).toBe(0);
    await frame.locator('[data-testid="confirm"]').click();
    await frame.locator('[data-testid="trash"]').first().click();
    await frame.locator('[data-testid="trash-entry"]').waitFor();
    expect(await overflow(frame)).toBe(0);
  });

  /** Writes `count` articles into the sidebar's chat straight through the app's own form posts (as Save does). */
  async function seed(frame: FrameLocator, count: number, title: (i: number) => string): Promise<void> {
    const session = await frame.locator('input[name="session"]').first().inputValue();
    const dialog = await frame.locator('input[name="dialog"]').first().inputValue();
    for (let i = 1; i <= count; i++) {
      const body = new URLSearchParams({ session, dialog, key: `seed-${dialog}-${i}`, title: title(i), body: `Body of article ${i}.`, format: 'markdown' });
      const answer = await fetch(`${ctx.stack.host.url}/api/placement/create`, { method: 'POST', body });
      expect(answer.status).toBe(200);
    }
  }

  it('adds the next articles below on “Show more”, and Back from a search result returns to the results with the query', async () => {
    let frame = await openSidebar(ctx, 'chat2', { user: '1' });
    await seed(frame, 52, (i) => (i % 10 === 0 ? `Printer note ${i}` : `Note ${i}`));
    frame = await openSidebar(ctx, 'chat2', { user: '1' });
    const items = frame.locator('[data-testid="article-item"]');
    const first = await items.count();
    expect(first).toBe(50);
    await frame.locator('[data-testid="more"]').click();
    await frame.locator(`[data-testid="article-item"] >> nth=${first}`).waitFor();
    // The list grew: the first articles are still there, the rest below them, and no "First page" to go back to.
    const total = await items.count();
    await expect(frame.locator('[data-testid="article-count"]').textContent()).resolves.toBe(`${total} articles`);
    await expect(frame.locator('[data-testid="first-page"]').count()).resolves.toBe(0);
    await expect(frame.locator('[data-testid="more"]').count()).resolves.toBe(0);

    await frame.locator('[data-testid="search-input"]').fill('printer');
    await frame.locator('[data-testid="search"]').click();
    await see(frame, 'article-count', '5 articles found');
    await frame.locator('[data-testid="article-item"] button', { hasText: 'Printer note 30' }).click();
    await see(frame, 'article-title', 'Printer note 30');
    await frame.locator('[data-testid="back"]').click();
    await see(frame, 'article-count', '5 articles found');
    await expect(frame.locator('[data-testid="search-input"]').inputValue()).resolves.toBe('printer');
  }, 90_000);
});
