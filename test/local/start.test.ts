import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from '../../local/freePort';
import { projectRoot } from '../../local/projectRoot';
import { startNodeProcess } from '../../local/nodeProcess';

const root = projectRoot();
const startScript = join(root, 'dist', 'local', 'start.js');

async function refusesConnections(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('npm start', () => {
  it('runs Azurite, the simulator and the functions host wired together, and Ctrl-C stops them all', async () => {
    const port = await freePort();
    const start = startNodeProcess(startScript, { PATH: process.env.PATH ?? '', PORT: String(port) }, root);
    try {
      const output = await start.waitForOutput(/Ctrl-C stops everything/, 30_000);
      const portalUrl = /Open (\S+) and click Install/.exec(output)?.[1];

      expect(portalUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(output).toContain(`installHandler: [POST] http://127.0.0.1:${port}/api/install`);
      expect((await fetch(portalUrl as string)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/api/install`)).status).toBe(405);

      expect(await start.stop('SIGINT')).toBe(0);
      expect(await refusesConnections(portalUrl as string)).toBe(true);
      expect(await refusesConnections(`http://127.0.0.1:${port}/api/install`)).toBe(true);
    } finally {
      await start.stop('SIGKILL');
    }
  });

  it('fails with exit code 1 when an explicitly set PORT is taken, after stopping what it started', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const start = startNodeProcess(startScript, { PATH: process.env.PATH ?? '', PORT: String(port) }, root);
    try {
      expect(await start.exited).toBe(1);
      expect(start.output()).toContain(`PORT ${port} is already in use`);
    } finally {
      await start.stop('SIGKILL');
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
