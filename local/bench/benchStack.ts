import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { azuriteConnectionString, startAzurite } from '../azurite';
import { freePort } from '../freePort';
import { startNodeProcess } from '../nodeProcess';
import { projectRoot } from '../projectRoot';
import { startSimulator } from '../simulator';
import type { Simulator } from '../simulator/Simulator';
import { loadConfig, type settingNames } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime';
import { postForm } from './hostClient';
import { articleBody } from './articleText';
import { startCountingProxy, type CountingProxy } from './countingProxy';

/** The app's functions host, running in a process of its own. */
export interface BenchHost {
  url: string;
}

export interface BenchStack {
  stack: { sim: Simulator; host: BenchHost };
  /** counts the storage round trips of the app (and of `runtime`) */
  proxy: CountingProxy;
  /** the bench's own view of the app's tables and REST client, configured exactly like the host's */
  runtime: Runtime;
  /** Azurite without the counting relay, to measure what the relay costs */
  directStorage: string;
  stop(): Promise<void>;
}

/** Articles the benchmarked chat starts with, so an open reads and renders a realistic list, not the empty state. */
export const seededArticles = 20;
export const benchDialogId = 'chat2';
export const benchChatId = 2;

type Cleanup = () => Promise<unknown>;

/**
 * Three processes, as in production three machines: in-memory Azurite (behind the counting relay), the portal
 * simulator (in the bench's own process, with the relay and the client that times the requests), and the
 * app's functions host (`serve`, loading the compiled entry files) in a process of its own. Sharing one event
 * loop, the app's work would hold up the simulated portal and lengthen its round trip beyond r. The app is
 * installed and the chat seeded before any scenario runs.
 */
export async function startBenchStack(): Promise<BenchStack> {
  const cleanups: Cleanup[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const azurite = await startAzurite({ inMemory: true });
    cleanups.push(azurite.stop);
    const proxy = await startCountingProxy(azurite.port);
    cleanups.push(proxy.close);
    const sim = await startSimulator();
    cleanups.push(() => sim.close());

    const port = await freePort();
    // Every setting named, so neither the bench's environment nor a developer's local.settings.json (which
    // `serve` reads underneath the environment) can point the bench elsewhere.
    const env: Record<(typeof settingNames)[number], string> & { PATH: string } = {
      PATH: process.env.PATH ?? '',
      BITRIX24_CLIENT_ID: sim.clientId,
      BITRIX24_CLIENT_SECRET: sim.clientSecret,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      AzureWebJobsStorage: azuriteConnectionString(`http://127.0.0.1:${proxy.port}/devstoreaccount1`),
      AzureWebJobsStorage__tableServiceUri: '',
      AzureWebJobsStorage__accountName: '',
      AzureWebJobsStorage__credential: '',
      AzureWebJobsStorage__clientId: '',
      BITRIX24_OAUTH_URL: sim.oauthUrl,
      BITRIX24_OAUTH_URLS: '',
      BITRIX24_ALLOW_HTTP: 'true',
      BITRIX24_JS_URL: sim.bx24ScriptUrl,
      PORT: String(port),
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TOKEN_ENCRYPTION_KEY_PREVIOUS: '',
    };
    const root = projectRoot(__dirname);
    const app = startNodeProcess(join(root, 'dist', 'local', 'serve.js'), env, root);
    cleanups.push(() => app.stop());
    await app.waitForOutput(/Functions host listening/);
    sim.setAppUrl(env.PUBLIC_BASE_URL);

    const started: BenchStack = {
      stack: { sim, host: { url: env.PUBLIC_BASE_URL } },
      proxy,
      runtime: createRuntime(loadConfig(env)),
      directStorage: azurite.connectionString,
      stop,
    };
    await install(started.stack);
    await seed(started);
    return started;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The admin's install page, then installFinish (ONAPPINSTALL), as the portal does it. */
async function install(stack: BenchStack['stack']): Promise<void> {
  const form = stack.sim.installForm();
  const page = await postForm(`${stack.host.url}/api/install?${form.query}`, form.body);
  if (page.status !== 200) throw new Error(`install page answered ${page.status}`);
  const event = await stack.sim.markInstalled();
  if (event !== 200) throw new Error(`ONAPPINSTALL answered ${event}`);
}

async function seed({ runtime, stack }: BenchStack): Promise<void> {
  const chat = { memberId: stack.sim.memberId, chatId: benchChatId };
  for (let i = 0; i < seededArticles; i++) {
    const at = new Date(Date.now() - (seededArticles - i) * 60_000).toISOString();
    await runtime.articles.create(chat, {
      title: `Runbook ${i + 1}: how we do things`,
      body: articleBody(i),
      authorId: '2',
      authorName: 'Boris Ivanov',
      editorId: '2',
      editorName: 'Boris Ivanov',
      createdAt: at,
      updatedAt: at,
    }, seededArticles);
  }
}
