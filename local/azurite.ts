import { spawn } from 'node:child_process';
import { freePort, portAccepts } from './freePort';

export interface AzuriteOptions {
  /** Keep tables in memory only (default true unless `location` is given). */
  inMemory?: boolean;
  /** Workspace folder for persisted tables; not allowed together with `inMemory: true`. */
  location?: string;
  /** Suppress Azurite's access log and console output (default true). Its stderr is still kept for errors. */
  silent?: boolean;
  /** How long to wait for the port to accept connections (default 20 000 ms). */
  startTimeoutMs?: number;
  /** Serve https with this certificate and its key (PEM files). */
  https?: { certPath: string; keyPath: string };
  /**
   * Also accept OAuth bearer tokens (needs `https`). 'basic' checks a token's issuer, audience (the storage
   * resource) and lifetime, not its signature; shared-key requests keep working.
   */
  oauth?: 'basic';
}

export interface Azurite {
  port: number;
  pid: number;
  /** http(s)://127.0.0.1:<port>/devstoreaccount1 */
  tableEndpoint: string;
  connectionString: string;
  stop(): Promise<void>;
}

/** Azurite's well-known development account; public, documented, and only accepted by the emulator. */
const devAccountName = 'devstoreaccount1';
const devAccountKey = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const stderrLimitChars = 4000;
const stopTimeoutMs = 5000;

export function azuriteConnectionString(tableEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${devAccountName};AccountKey=${devAccountKey};TableEndpoint=${tableEndpoint};`;
}

/**
 * Starts Azurite's table service (only that: blob and queue are not used) on a free port of 127.0.0.1 in a
 * child process. Telemetry is always disabled: Azurite otherwise reports to Microsoft.
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const inMemory = options.inMemory ?? options.location === undefined;
  if (inMemory && options.location !== undefined) throw new Error('startAzurite: inMemory and location exclude each other');
  if (options.oauth && !options.https) throw new Error('startAzurite: oauth needs https');
  const silent = options.silent ?? true;
  const port = await freePort();
  const args = ['--tableHost', '127.0.0.1', '--tablePort', String(port), '--disableTelemetry', '--skipApiVersionCheck', '--loose'];
  if (inMemory) args.push('--inMemoryPersistence');
  if (options.location !== undefined) args.push('--location', options.location);
  if (silent) args.push('--silent');
  if (options.https) args.push('--cert', options.https.certPath, '--key', options.https.keyPath);
  if (options.oauth) args.push('--oauth', options.oauth);

  const child = spawn(process.execPath, [require.resolve('./azuriteProcess'), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-stderrLimitChars);
    if (!silent) process.stderr.write(prefixLines(chunk));
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (!silent) process.stdout.write(prefixLines(chunk));
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    // Spawning itself failed: no 'exit' follows.
    child.once('error', (error) => {
      stderr += `\n${error.message}`;
      resolve();
    });
  });
  // stop() must not fail on an already closed stdin (the child may have died on its own).
  child.stdin.on('error', () => undefined);

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitForPort(port, options.startTimeoutMs ?? 20_000, exited);
  } catch (error) {
    await stop();
    const output = stderr.trim() ? `\nAzurite's stderr:\n${stderr.trim()}` : '';
    throw new Error(`Azurite did not start: ${(error as Error).message}${output}`);
  }
  const tableEndpoint = `${options.https ? 'https' : 'http'}://127.0.0.1:${port}/${devAccountName}`;
  return { port, pid: child.pid as number, tableEndpoint, connectionString: azuriteConnectionString(tableEndpoint), stop };
}

/**
 * Stops an Azurite started by startAzurite in a process that may no longer hold its handle, by pid; waits
 * (bounded) until it is gone. A pid that is not running is fine.
 */
export async function stopAzuriteProcess(pid: number, timeoutMs = stopTimeoutMs): Promise<void> {
  if (!signal(pid, 'SIGTERM')) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await delay(50);
    if (!signal(pid, 0)) return;
  }
  signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<void>): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (!hasExited) {
    if (await portAccepts(port)) return;
    if (Date.now() > deadline) throw new Error(`port ${port} did not accept connections within ${timeoutMs} ms`);
    await delay(100);
  }
  throw new Error('the process exited');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function prefixLines(chunk: string): string {
  return chunk.replace(/^(?=.)/gm, '[azurite] ');
}
