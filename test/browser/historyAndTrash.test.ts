import path from 'node:path';
import { describeInBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browserStack';
import { readRows } from '../../shared/storage/partitionRows';
import { createTables } from '../../shared/storage/tableStorage';
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

  it('shows a deleted article as it was and deletes it permanently, with its history, after a confirmation that names it', async () => {
    const frame = await openSidebar(ctx, 'chat2');
    await write(frame, 'new', 'Wifi password', 'The password is **hunter2**');
    await frame.locator('[data-testid="edit"]').click();
    await frame.locator('#body').fill('Ask the office manager.');
    await frame.locator('[data-testid="save"]').click();
    await frame.locator('[data-testid="article-body"]', { hasText: 'office manager' }).waitFor();
    await articleMenu(frame, 'delete');
    await frame.locator('[data-testid="confirm"]').click();
    await see(frame, 'notice', 'The article is in the trash now.');

    await frame.locator('[data-testid="trash"]').click();
    await frame.locator('[data-testid="view-entry"]').click();
    await frame.locator('[data-testid="trash-entry-title"]', { hasText: 'Wifi password' }).waitFor();
    await frame.locator('[data-testid="trash-entry-body"]', { hasText: 'office manager' }).waitFor();
    await expect(frame.locator('[data-testid="edit"]').count()).resolves.toBe(0);
    if (updateScreenshots) await ctx.page.locator('#app-frame').screenshot({ path: path.join(docsDir, 'sidebar-trash-entry.png') });
    await frame.locator('[data-testid="erase"]').click();
    await see(frame, 'erase-text', '“Wifi password” is deleted for good, with its whole history, for everyone in this chat. This cannot be undone.');
    await frame.locator('[data-testid="confirm"]').click();
    await see(frame, 'notice', 'The article and its history are deleted for good.');
    await frame.locator('[data-testid="trash-empty"]').waitFor();
    expect((await ctx.page.locator('#app-frame').boundingBox())!.width).toBe(320);
    // Nothing of it is left in storage: no row holds its title or either version's text.
    const client = await createTables(ctx.stack.config.storage).table('articles');
    const stored = JSON.stringify(await readRows(client, 'test', `PartitionKey eq '${ctx.stack.sim.memberId}_2'`));
    expect(stored).toContain('"rowKey":"s"');
    expect(stored).not.toMatch(/Wifi password|hunter2|office manager/);
    expect(ctx.dialogs).toEqual([]);
  });
});
