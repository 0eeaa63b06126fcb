import { createFormKeyStore, formKeyRetentionMs, newFormKey } from '../../../shared/storage/formKeyStore';
import { readRows } from '../../../shared/storage/partitionRows';
import { createTables } from '../../../shared/storage/tableStorage';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

const day = 86_400_000;
const chat = { memberId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', chatId: 7 };

describe('the forms’ one-time keys', () => {
  const tables = createTables({ kind: 'connectionString', connectionString: testStorageConnectionString() });
  let name: string;
  beforeEach(() => (name = `formkeys${uniqueTableSuffix()}`));
  const rowKeys = async () => (await readRows(await tables.table(name), 'test', `PartitionKey eq '${chat.memberId}_${chat.chatId}'`, { select: ['RowKey'] })).map((row) => row.rowKey ?? '');

  it(`refuses a form rendered more than ${formKeyRetentionMs / day} days ago, or one that claims a time to come`, async () => {
    const keys = createFormKeyStore(tables, name);
    const now = Date.now();
    expect(await keys.claim(chat, newFormKey(now - formKeyRetentionMs - 1000), 'update', '1', now)).toEqual({ state: 'expired' });
    expect(await keys.claim(chat, newFormKey(now + 2 * day), 'update', '1', now)).toEqual({ state: 'expired' });
    expect(await keys.claim(chat, newFormKey(now - formKeyRetentionMs + 60_000), 'update', '1', now)).toEqual({ state: 'claimed' });
    expect(await rowKeys()).toHaveLength(1);
  });

  it('deletes the rows of keys past their retention a few at a time with each claim, and keeps the others', async () => {
    const keys = createFormKeyStore(tables, name);
    const start = Date.now();
    const old = Array.from({ length: 7 }, (_, i) => newFormKey(start + i));
    for (const key of old) {
      expect(await keys.claim(chat, key, 'create', '1', start + 10)).toEqual({ state: 'claimed' });
      await keys.finish(chat, key, 'create', { articleId: '1' });
    }
    const week = start + formKeyRetentionMs + 1000;
    const recent = newFormKey(week - day);
    await keys.claim(chat, recent, 'create', '1', week - day);
    await keys.finish(chat, recent, 'create', { articleId: '9' });
    expect(await rowKeys()).toHaveLength(8);

    await keys.claim(chat, newFormKey(week), 'post', '1', week);
    expect(await rowKeys()).toHaveLength(4); // five of the seven old ones went, the oldest first
    expect((await rowKeys()).filter((key) => old.slice(0, 5).some((gone) => key.startsWith(gone)))).toEqual([]);
    await keys.claim(chat, newFormKey(week), 'post', '1', week);
    expect((await rowKeys()).filter((key) => old.some((gone) => key.startsWith(gone)))).toEqual([]);
    // What the recent form did is still known.
    expect(await keys.claim(chat, recent, 'create', '1', week)).toEqual({ state: 'done', outcome: { articleId: '9' } });
  });

  it('still writes a form rendered before keys carried their time once, and lets its row go after the retention', async () => {
    const keys = createFormKeyStore(tables, name);
    const legacy = 'A'.repeat(11) + 'b'.repeat(11);
    const now = Date.now();
    expect(await keys.claim(chat, legacy, 'update', '1', now)).toEqual({ state: 'claimed' });
    await keys.finish(chat, legacy, 'update', { articleId: '42' });
    expect(await keys.claim(chat, legacy, 'update', '1', now)).toEqual({ state: 'done', outcome: { articleId: '42' } });
    expect(await rowKeys()).toEqual([`update_${legacy}`]);

    const later = now + formKeyRetentionMs + day;
    await keys.claim(chat, newFormKey(later), 'post', '1', later);
    expect((await rowKeys()).filter((key) => key.includes(legacy))).toEqual([]);
  });
});
