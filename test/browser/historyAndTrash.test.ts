import path from 'node:path';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { articleMenu, openSidebar, see, write } from '../support/browserSidebar';

const docsDir = path.resolve(__dirname, '../../../docs');
const updateScreenshots = process.env.UPDATE_SCREENSHOTS === '1';

describeInBrowser('history and trash in the simulator’s 320 px sidebar (Chromium)', () => {
  const ctx = useBrowserStack({ install: true });

  it('restores an earlier version and a deleted article, and undoes a delete', async () => {
    const frame = await openSidebar(ctx, 'chat2');
    await write(frame, 'new', 'Office hours', '**Monday** to Friday, 9 to 5');
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').fill('**Monday** to Thursday, 10 to 6');
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('[data-testid="article-body"]', { hasText: 'Thursday' }).waitFor();

    await articleMenu(frame, 'history');
    await frame.locator('[data-testid="current-version"]').waitFor();
    await expect(frame.locator('[data-testid="version"]').count()).resolves.toBe(1);
    if (updateScreenshots) await ctx.page.locator('#app-frame').screenshot({ path: path.join(docsDir, 'sidebar-history.png') });
    await frame.locator('[data-testid="view-version"]').click();
    await expect(frame.locator('[data-testid="version-body"] strong').textContent()).resolves.toBe('Monday');
    await frame.locator('[data-testid="version-body"]', { hasText: 'Friday, 9 to 5' }).waitFor();
    await frame.locator('[data-testid="restore-version"]').click();
    await see(frame, 'notice', 'The earlier version is the current one again. The text it replaced is in the history, so this can be undone.');
    await frame.locator('[data-testid="article-body"]', { hasText: 'Friday, 9 to 5' }).waitFor();

    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm"]').click();
    await see(frame, 'notice', 'The article is in the trash now.');
    await frame.locator('[data-testid="undo"]').click();
    await see(frame, 'notice', 'The article is back, with its history.');

    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm"]').click();
    await frame.locator('[data-testid="empty-state"]').waitFor();
    // Not the first-time welcome: the trash has it, and one button to write a new one.
    await see(frame, 'trash-holds', 'The trash holds 1 deleted article.');
    await expect(frame.locator('[data-testid="empty-state"]').textContent()).resolves.not.toContain('No articles yet');
    await expect(frame.locator('[data-testid="new-article"], [data-testid="write-first"]').count()).resolves.toBe(1);
    await frame.locator('[data-testid="trash"]').click();
    await frame.locator('[data-testid="trash-entry"]', { hasText: 'Office hours' }).waitFor();
    await frame.locator('[data-testid="untrash"]').click();
    await see(frame, 'notice', 'The article is back, with its history.');
    await expect(frame.locator('[data-testid="history"]').textContent()).resolves.toBe('History (2)');
    await articleMenu(frame, 'history');
    await frame.locator('[data-testid="current-version"]').waitFor();
    await expect(frame.locator('[data-testid="version"]').count()).resolves.toBe(2);
    expect((await ctx.page.locator('#app-frame').boundingBox())!.width).toBe(320);
    expect(ctx.dialogs).toEqual([]);
  });
});
