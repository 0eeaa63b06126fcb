import { loadConfig } from '../../shared/config';
import { toHttpHandler } from '../../shared/web/functionsAdapter';
import { createInstallationStore } from '../../shared/storage/installationStore';
import { createTables } from '../../shared/storage/tableStorage';
import { createTokenCipher } from '../../shared/storage/tokenCipher';
import { HttpRequest, InvocationContext } from '@azure/functions';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApp, testTokenKey, visibleText, type AppHarness } from '../support/appHarness';

describe('when the world fails', () => {
  let app: AppHarness | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('says Bitrix24 did not answer, with a retry, when the portal is down', async () => {
    app = await startApp();
    await app.installApp();
    const form = app.sim.sidebarForm({ dialogId: 'chat2' });
    const stored = await app.runtime.installations.get(app.sim.memberId);
    // The portal's endpoint now leads nowhere (a closed port).
    await app.runtime.installations.save({ ...stored!.installation, clientEndpoint: 'http://127.0.0.1:9/rest/' }, stored!.etag);
    const answer = await app.placement(form);
    expect(answer.status).toBe(502);
    expect(visibleText(answer.body)).toMatch(/Bitrix24 did not answer.*Try again/);
    expect(answer.body).toContain('data-retry');
  });

  it('gives up on a hanging portal within the call timeout', async () => {
    app = await startApp({ runtime: { timeoutMs: 300 } });
    await app.installApp();
    const hanging = http.createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const stored = await app.runtime.installations.get(app.sim.memberId);
      const endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/rest/`;
      await app.runtime.installations.save({ ...stored!.installation, clientEndpoint: endpoint }, stored!.etag);
      const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
      expect(answer.status).toBe(502);
      expect(visibleText(answer.body)).toContain('Bitrix24 did not answer');
    } finally {
      hanging.closeAllConnections();
      await new Promise((resolve) => hanging.close(resolve));
    }
  });

  it('answers 503 when storage is unavailable', async () => {
    app = await startApp({
      patch: (runtime) => ({
        ...runtime,
        installations: createInstallationStore(
          createTables({
            kind: 'connectionString',
            connectionString: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;',
          }),
          createTokenCipher(testTokenKey),
        ),
      }),
    });
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(answer.status).toBe(503);
    expect(visibleText(answer.body)).toContain('The knowledge base is temporarily unavailable');
  });

  it('answers an unexpected error with a 500 page that shows the invocation id and nothing else', async () => {
    app = await startApp({
      patch: (runtime) => ({
        ...runtime,
        installations: { ...runtime.installations, get: () => Promise.reject(new TypeError('secret internals at /srv/x.js:1')) },
      }),
    });
    const answer = await app.placement(app.sim.sidebarForm({ dialogId: 'chat2' }));
    expect(answer.status).toBe(500);
    const id = /Reference: ([0-9a-f-]{36})/.exec(visibleText(answer.body))?.[1];
    expect(id).toBeDefined();
    expect(answer.body).not.toContain('secret internals');
    expect(app.logs.some((line) => line.includes(id!) && line.includes('TypeError'))).toBe(true);
  });

  it('answers with the configuration page, naming no value, when settings are invalid', async () => {
    const lines: string[] = [];
    const handler = toHttpHandler(
      () => {
        loadConfig({ BITRIX24_CLIENT_SECRET: 'super-secret-value', SESSION_SECRET: 'short' });
        throw new Error('unreachable');
      },
      { maxBodyBytes: 1024, errorFormat: () => 'html' },
    );
    const response = await handler(
      new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/placement', body: { string: 'LANG=en' } }),
      new InvocationContext({ invocationId: 'inv-1', functionName: 'placementHandler', logHandler: (_level, ...args) => lines.push(args.join(' ')) }),
    );
    expect(response.status).toBe(500);
    expect(visibleText(String(response.body))).toContain('The app is not configured');
    const log = lines.join('\n');
    expect(log).toMatch(/BITRIX24_CLIENT_ID is missing.*SESSION_SECRET must be at least 32 characters/);
    expect(log).not.toContain('super-secret-value');
  });
});
