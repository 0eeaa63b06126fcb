import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** The ids of a process's children and their children (ps), for checking that none outlives a stop. */
function childrenOf(pid: number): number[] {
  if (!pid) return [];
  let lines: string[];
  try {
    lines = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return [];
  }
  const pairs = lines.map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of pairs) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Alive and not a zombie waiting for a parent to collect it. */
function isRunning(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).trim().startsWith('Z');
  } catch {
    return false; // ps exits 1 when there is no such process
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await sleep(100);
  }
}

/** Each test waits up to 30 s for the stack to start and then for it to stop: more than jest's default 30 s. */
const startTimeoutMs = 90_000;

describe('npm start', () => {
  it('runs Azurite, the simulator and the functions host wired together, and Ctrl-C stops them all', async () => {
    const port = await freePort();
    const start = startNodeProcess(startScript, { PATH: process.env.PATH ?? '', PORT: String(port) }, root);
    try {
      const output = await start.waitForOutput(/stops everything/, 30_000);
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
  }, startTimeoutMs);

  it('stops everything it started when npm start is stopped with SIGTERM (npm passes it only to its shell)', async () => {
    const port = await freePort();
    // What `npm start` runs: a shell that runs node. npm forwards SIGTERM to that shell, which ends without
    // passing it on; everything the node process started must still stop.
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${startScript}"`], { cwd: root, env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: 'pipe' });
    let output = '';
    shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const closed = new Promise((resolve) => shell.once('close', resolve));
    let children: number[] = [];
    try {
      await until(() => /stops everything/.test(output), 30_000);
      const portalUrl = /Open (\S+) and click Install/.exec(output)?.[1] as string;
      const azurite = /Storage:\s+Azurite/.test(output);
      children = childrenOf(shell.pid ?? 0);
      expect(children.length).toBeGreaterThan(0);
      expect(azurite).toBe(true);

      shell.kill('SIGTERM');
      await closed;
      await until(async () => (await refusesConnections(portalUrl)) && (await refusesConnections(`http://127.0.0.1:${port}/api/install`)), 15_000);
      await until(() => children.every((pid) => !isRunning(pid) && childrenOf(pid).length === 0), 15_000);
    } finally {
      shell.kill('SIGKILL');
      for (const pid of children) killQuietly(pid);
    }
  }, startTimeoutMs);

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
