import type { TokenAnswer } from '../../../shared/bitrix24/oauthClient';
import { RestError } from '../../../shared/bitrix24/restClient';
import { readRows } from '../../../shared/storage/partitionRows';
import { createTables } from '../../../shared/storage/tableStorage';
import { createTokenCipher } from '../../../shared/storage/tokenCipher';
import { createVisitorRefreshes, maxUnsettledPerPortal, sharedRefreshKeepMs } from '../../../shared/storage/visitorRefreshes';
import { testTokenKey } from '../../support/appHarness';
import { testStorageConnectionString, uniqueTableSuffix } from '../../support/testStorage';

const memberId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('a sidebar frame’s shared refresh', () => {
  const tables = createTables({ kind: 'connectionString', connectionString: testStorageConnectionString() });
  let tableName: string;
  let clock: number;
  let calls: string[];
  beforeEach(() => {
    tableName = `${uniqueTableSuffix()}usertokens`;
    clock = Date.parse('2025-01-01T10:00:00Z');
    calls = [];
  });
  const refreshes = () => createVisitorRefreshes(tables, createTokenCipher(testTokenKey), tableName, { nowMs: () => clock });
  /** An OAuth server that grants a new pair for every refresh token it is given, counting the calls. */
  const granting = (refreshToken: string) => async (): Promise<TokenAnswer> => {
    calls.push(refreshToken);
    return { accessToken: `access-for-${refreshToken}-${calls.length}`, refreshToken: `next-${calls.length}`, expiresAt: clock / 1000 + 3600, memberId };
  };
  /** An OAuth server that knows none of them (made-up REFRESH_IDs). */
  const refusing = (refreshToken: string) => async (): Promise<TokenAnswer> => {
    calls.push(refreshToken);
    throw new RestError('invalid_grant', 'Invalid refresh token', 'token endpoint', 400);
  };
  const rowKeys = async () => (await readRows(await tables.table(tableName), 'test', `PartitionKey eq '${memberId}'`)).map((row) => row.rowKey);

  it('hands out the kept access token for a minute only, and its row goes with the portal’s next refresh, timer or not', async () => {
    const store = refreshes();
    const first = await store.refreshOnce(memberId, 'R1', granting('R1'));
    expect((await store.refreshOnce(memberId, 'R1', granting('R1'))).accessToken).toBe(first.accessToken); // another open of the frame
    expect(calls).toEqual(['R1']);

    // The instance that kept it was recycled: no timer removed the row. A minute later it is worth nothing.
    clock += sharedRefreshKeepMs + 1;
    const again = await refreshes().refreshOnce(memberId, 'R1', granting('R1'));
    expect(again.accessToken).not.toBe(first.accessToken);
    clock += sharedRefreshKeepMs + 1;
    await refreshes().refreshOnce(memberId, 'R2', granting('R2'));
    expect(await rowKeys()).toHaveLength(1); // only R2's: R1's expired row was swept
  });

  it('asks the OAuth server at most a bounded number of times a minute for REFRESH_IDs it refuses, however many arrive at once', async () => {
    const store = refreshes();
    const burst = Array.from({ length: maxUnsettledPerPortal * 2 }, (_, i) => store.refreshOnce(memberId, `made-up-${i}`, refusing(`made-up-${i}`)));
    expect((await Promise.allSettled(burst)).every((answer) => answer.status === 'rejected')).toBe(true);
    expect(calls.length).toBeLessThanOrEqual(maxUnsettledPerPortal);
    expect((await rowKeys()).length).toBeLessThanOrEqual(maxUnsettledPerPortal);
  });

  it('refuses new REFRESH_IDs of a portal unasked once it has that many refused, until their minute is over', async () => {
    const store = refreshes();
    for (let i = 0; i < maxUnsettledPerPortal; i++) await expect(store.refreshOnce(memberId, `made-up-${i}`, refusing(`made-up-${i}`))).rejects.toBeDefined();
    expect(calls).toHaveLength(maxUnsettledPerPortal);
    await expect(store.refreshOnce(memberId, 'one-more', refusing('one-more'))).rejects.toMatchObject({ code: 'invalid_auth' });
    // A real frame of the portal meanwhile is refused too (its user reopens the sidebar, which brings a valid token).
    await expect(store.refreshOnce(memberId, 'real', granting('real'))).rejects.toMatchObject({ code: 'invalid_auth' });
    expect(calls).toHaveLength(maxUnsettledPerPortal);
    expect(await rowKeys()).toHaveLength(maxUnsettledPerPortal);

    clock += sharedRefreshKeepMs + 1;
    expect((await store.refreshOnce(memberId, 'real', granting('real'))).accessToken).toMatch(/^access-for-real/);
    expect(await rowKeys()).toHaveLength(1);
  });

  it('lets any number of real refreshes of a portal through: only those under way or refused count', async () => {
    const store = refreshes();
    for (let i = 0; i < maxUnsettledPerPortal * 2; i++) await store.refreshOnce(memberId, `R${i}`, granting(`R${i}`));
    expect(calls).toHaveLength(maxUnsettledPerPortal * 2);
  });
});
