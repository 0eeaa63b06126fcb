import { startApp, type AppHarness } from '../support/appHarness';

/** A pair as a sidebar open brings it; `expiresAt` orders pairs (unix seconds). */
const pair = (name: string, expiresAt: number) => ({ accessToken: `access-${name}`, refreshToken: `refresh-${name}`, expiresAt });

describe('a user’s stored tokens, kept by two instances', () => {
  let a: AppHarness;
  let b: AppHarness;
  beforeEach(async () => {
    a = await startApp();
    b = await startApp({ runtime: { tablePrefix: a.tablePrefix } });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  const member = 'member0000000000000000000000000001';
  const stored = async () => (await a.runtime.userTokens.get(member, '2'))?.tokens.refreshToken;

  it('keeps the newest pair, whatever each instance saw last', async () => {
    await a.runtime.userTokens.keepNewest(member, '2', pair('one', 1000));
    await b.runtime.userTokens.keepNewest(member, '2', pair('three', 3000));
    // a last saw "one": "two" is newer than that, but not than what b stored meanwhile.
    await a.runtime.userTokens.keepNewest(member, '2', pair('two', 2000));
    expect(await stored()).toBe('refresh-three');
    await a.runtime.userTokens.keepNewest(member, '2', pair('four', 4000));
    expect(await stored()).toBe('refresh-four');
    // Same expiry: the pair already stored stays.
    await b.runtime.userTokens.keepNewest(member, '2', pair('four-again', 4000));
    expect(await stored()).toBe('refresh-four');
  });

  it('stores the next pair after another instance deleted the row, and leaves a row being refreshed alone', async () => {
    await a.runtime.userTokens.keepNewest(member, '2', pair('one', 1000));
    await b.runtime.userTokens.deletePortal(member);
    await a.runtime.userTokens.keepNewest(member, '2', pair('two', 2000));
    expect(await stored()).toBe('refresh-two');

    const lineage = b.runtime.userTokens.lineage(member, '2');
    await lineage.takeLease((await lineage.load())!.etag, { owner: 'instance-b', until: Date.now() + 10_000 });
    await a.runtime.userTokens.keepNewest(member, '2', pair('three', 3000));
    const row = await a.runtime.userTokens.get(member, '2');
    expect(row?.tokens.refreshToken).toBe('refresh-two');
    expect(row?.lease?.owner).toBe('instance-b');
  });
});
