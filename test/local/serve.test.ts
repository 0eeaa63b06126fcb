import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../local/freePort';
import { projectRoot } from '../../local/projectRoot';
import { startNodeProcess } from '../../local/nodeProcess';
import { noLocalSettings } from '../support/noLocalSettings';
import { testStorageConnectionString } from '../support/testStorage';

const root = projectRoot();
const serveScript = join(root, 'dist', 'local', 'serve.js');
const sessionSecret = 'a-session-secret-that-is-long-enough-0123456789';

describe('npm run serve', () => {
  it('refuses invalid settings with exit code 1, naming every bad key and no value', async () => {
    const serve = startNodeProcess(serveScript, { ...noLocalSettings, PATH: process.env.PATH ?? '', SESSION_SECRET: 'short-secret-value', PORT: 'eighty' }, root);

    const code = await serve.exited;

    expect(code).toBe(1);
    const output = serve.output();
    expect(output).toMatch(/BITRIX24_CLIENT_ID is missing/);
    expect(output).toMatch(/SESSION_SECRET must be at least 32 characters/);
    expect(output).toMatch(/PORT must be a port number/);
    expect(output).not.toContain('short-secret-value');
  });

  it('reads the settings file LOCAL_SETTINGS_FILE names underneath the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-settings-'));
    try {
      const file = join(dir, 'other.settings.json');
      writeFileSync(file, JSON.stringify({ IsEncrypted: false, Values: { BITRIX24_CLIENT_ID: 'local.from-file', SESSION_SECRET: 'short-in-file', PORT: 'eighty' } }));
      const serve = startNodeProcess(serveScript, { PATH: process.env.PATH ?? '', LOCAL_SETTINGS_FILE: file, PORT: '7071' }, root);

      expect(await serve.exited).toBe(1);
      const output = serve.output();
      expect(output).toMatch(/SESSION_SECRET must be at least 32 characters/); // from the file
      expect(output).not.toMatch(/PORT must be a port number/); // the environment's PORT wins over the file's
      expect(output).not.toMatch(/BITRIX24_CLIENT_ID is missing/);
      expect(output).not.toContain('short-in-file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start when LOCAL_SETTINGS_FILE names a file that does not exist', async () => {
    const missing = join(tmpdir(), 'no-such-dir', 'local.settings.json');
    const serve = startNodeProcess(serveScript, { PATH: process.env.PATH ?? '', LOCAL_SETTINGS_FILE: missing }, root);

    expect(await serve.exited).toBe(1);
    expect(serve.output()).toContain(`LOCAL_SETTINGS_FILE names ${missing}, which does not exist`);
  });

  it('serves the functions of package.json main on PORT and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const serve = startNodeProcess(
      serveScript,
      {
        ...noLocalSettings,
        PATH: process.env.PATH ?? '',
        BITRIX24_CLIENT_ID: 'local.test',
        BITRIX24_CLIENT_SECRET: 'test-secret',
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        BITRIX24_ALLOW_HTTP: 'true',
        SESSION_SECRET: sessionSecret,
        AzureWebJobsStorage: testStorageConnectionString(),
        TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
        PORT: String(port),
      },
      root,
    );
    try {
      const output = await serve.waitForOutput(/placementHandler: \[GET,POST\] \S+/);

      expect(output).toContain(`Functions host listening on http://127.0.0.1:${port}`);
      expect(output).toContain(`installHandler: [POST] http://127.0.0.1:${port}/api/install`);
      expect((await fetch(`http://127.0.0.1:${port}/api/nothing`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/api/install`, { method: 'GET' })).status).toBe(405);
      expect(await serve.stop('SIGTERM')).toBe(0);
    } finally {
      await serve.stop('SIGKILL');
    }
  });
});
