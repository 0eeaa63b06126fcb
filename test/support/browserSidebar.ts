import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { BrowserStack } from './browserStack';

/** Opens the simulator's portal page on `page` and the knowledge base in a chat's sidebar, as a user would. */
export async function openSidebar(ctx: BrowserStack, dialogId: string, options: { lang?: string; user?: string; page?: Page } = {}): Promise<FrameLocator> {
  const page = options.page ?? ctx.page;
  await page.goto(ctx.stack.sim.portalUrl);
  if (options.lang) await page.selectOption('#lang-select', options.lang);
  if (options.user) await page.selectOption('#user-select', options.user);
  await page.click(`[data-dialog-id="${dialogId}"]`);
  await page.click('[data-placement-item]');
  const frame = page.frameLocator('#app-frame');
  await frame.locator('[data-testid="knowledge-base"]').waitFor();
  return frame;
}

/** Waits for the page after a click: the element with that test id showing exactly `text`. */
export async function see(frame: FrameLocator, testId: string, text: string): Promise<void> {
  const element = frame.locator(`[data-testid="${testId}"]`, { hasText: text });
  await element.waitFor();
  await expect(element.textContent()).resolves.toBe(text);
}

/**
 * Starts a new article with the button `start` (`new`: "+ New" or "Write the first article", whichever the
 * list shows), types it and saves it; resolves once it is shown.
 */
export async function write(frame: FrameLocator, start: string, title: string, body: string): Promise<void> {
  const button = start === 'new' ? newArticleButton : `[data-testid="${start}"]`;
  await frame.locator(button).first().click();
  await frame.locator('#title').fill(title);
  await frame.locator('#body').fill(body);
  await frame.locator('[data-testid="save"]').click();
  await frame.locator('[data-testid="article-title"]', { hasText: title }).waitFor();
}

/** The sidebar frame's height as the portal set it from the app's resizeWindow calls (px). */
function frameHeight(page: Page): Promise<number> {
  return page.locator('#app-frame').evaluate((frame) => (frame as HTMLElement).getBoundingClientRect().height);
}

/** Waits until the frame's height satisfies `check` (the page resizes it asynchronously, through the portal). */
export async function frameHeightBecomes(page: Page, check: (height: number) => boolean): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const height = await frameHeight(page);
    if (check(height)) return height;
    if (Date.now() > deadline) throw new Error(`frame height stayed ${height}`);
    await page.waitForTimeout(50);
  }
}

/** The sidebar frame itself (for its title, URL and scripts), not a locator into it. */
export async function sidebarFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('#app-frame').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no sidebar frame');
  return frame;
}

/** Clicks one of an article's secondary actions (History, Delete), opening its "⋯" menu first, as a user does. */
export async function articleMenu(frame: FrameLocator, testId: 'history' | 'delete'): Promise<void> {
  await frame.locator('[data-testid="more-actions-button"]').click();
  await frame.locator(`[data-testid="${testId}"]`).click();
}

/** "+ New", or the empty list's one button ("Write the first article"): whichever the list shows. */
export const newArticleButton = '[data-testid="new-article"], [data-testid="write-first"]';
