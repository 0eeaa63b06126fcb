import { join } from 'node:path';
import { freePort } from '../../local/freePort';
import { startNodeProcess, type NodeProcess } from '../../local/nodeProcess';
import { projectRoot } from '../../local/projectRoot';
import type { Simulator } from '../../local/simulator/Simulator';
import { noLocalSettings } from './noLocalSettings';
import { testStorageConnectionString } from './testStorage';

export interface HostProcess {
  url: string;
  process: NodeProcess;
}

/**
 * Several Functions instances of one deployment: local host processes (`serve`, the compiled entries) sharing
 * the run's Azurite, one portal simulator and one set of settings. The simulator's app URL is the first one.
 */
export async function startHostProcesses(sim: Simulator, count: number, secrets: { sessionSecret: string; tokenKey: Buffer }) {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const env = {
    ...noLocalSettings,
    PATH: process.env.PATH ?? '',
    BITRIX24_CLIENT_ID: sim.clientId,
    BITRIX24_CLIENT_SECRET: sim.clientSecret,
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports[0]}`,
    SESSION_SECRET: secrets.sessionSecret,
    AzureWebJobsStorage: testStorageConnectionString(),
    BITRIX24_OAUTH_URL: sim.oauthUrl,
    BITRIX24_ALLOW_HTTP: 'true',
    BITRIX24_JS_URL: sim.bx24ScriptUrl,
    TOKEN_ENCRYPTION_KEY: secrets.tokenKey.toString('base64'),
  };
  const root = projectRoot();
  const hosts: HostProcess[] = ports.map((port) => ({
    url: `http://127.0.0.1:${port}`,
    process: startNodeProcess(join(root, 'dist', 'local', 'serve.js'), { ...env, PORT: String(port) }, root),
  }));
  await Promise.all(hosts.map((host) => host.process.waitForOutput(/Functions host listening/)));
  sim.setAppUrl(hosts[0]!.url);
  return { hosts, env };
}

/** POSTs a urlencoded form to a host. */
export async function postForm(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: response.status, text: await response.text() };
}
