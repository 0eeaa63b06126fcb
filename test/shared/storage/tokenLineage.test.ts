import type { OAuthClient } from '../../../shared/bitrix24/oauthClient';
import { AppError } from '../../../shared/errors';
import type { Runtime } from '../../../shared/runtime';
import { withInstallationToken } from '../../../shared/storage/installationAuth';
import { uninstallReasons } from '../../../shared/storage/installationStore';
import { startApp, type AppHarness } from '../../support/appHarness';

describe('the installation’s tokens and an uninstall', () => {
  let app: AppHarness;
  beforeEach(async () => {
    app = await startApp();
    await app.installApp();
  });
  afterEach(() => app.close());

  /** The app with an OAuth server that lets `meanwhile` happen while it refreshes. */
  function refreshingWith(meanwhile: () => Promise<void>): Runtime {
    const oauth: OAuthClient = {
      appInfo: (server, token) => app.runtime.oauth.appInfo(server, token),
      async refresh(server, token, now, memberId) {
        const answer = await app.runtime.oauth.refresh(server, token, now, memberId);
        await meanwhile();
        return answer;
      },
    };
    return { ...app.runtime, oauth };
  }

  const stored = () => app.runtime.installations.get(app.sim.memberId, { fresh: true });

  async function expireStoredToken() {
    const current = await stored();
    await app.runtime.installations.save({ ...current!.installation, expiresAt: 0 }, current!.etag);
    return (await stored())!.installation;
  }

  it('a refresh that finishes after the uninstall marked the row stores nothing and leaves it uninstalled', async () => {
    const installation = await expireStoredToken();
    const runtime = refreshingWith(async () => {
      await app.runtime.installations.markStatus(app.sim.memberId, 'uninstalled', uninstallReasons.deleteData);
    });
    const used: string[] = [];
    const attempt = withInstallationToken(runtime, installation, async (token) => void used.push(token));
    await expect(attempt).rejects.toMatchObject({ code: 'invalid_auth' } satisfies Partial<AppError>);
    expect(used).toEqual([]);
    const after = (await stored())?.installation;
    expect(after).toMatchObject({ status: 'uninstalled', statusReason: uninstallReasons.deleteData, refreshToken: installation.refreshToken });
  });

  it('an uninstalled installation offers no tokens to act with, and a refused refresh does not unmark it', async () => {
    await app.runtime.installations.markStatus(app.sim.memberId, 'uninstalled', uninstallReasons.keepData);
    const lineage = app.runtime.installations.lineage(app.sim.memberId);
    expect(await lineage.load()).toBeNull();
    await lineage.revoked();
    expect((await stored())?.installation).toMatchObject({ status: 'uninstalled', statusReason: uninstallReasons.keepData });
  });

  it('deletes the marked installation whatever else changed on its row, and keeps one installed again meanwhile', async () => {
    const { installations } = app.runtime;
    const marked = await installations.markStatus(app.sim.memberId, 'uninstalled', uninstallReasons.keepData);
    await installations.markBound(app.sim.memberId); // the row's ETag moves on
    await installations.delete(app.sim.memberId, 'another-installation');
    expect(await stored()).not.toBeNull();
    await installations.delete(app.sim.memberId, marked?.installId);
    expect(await stored()).toBeNull();
  });
});
