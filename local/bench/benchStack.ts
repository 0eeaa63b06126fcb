import { azuriteConnectionString, startAzurite } from '../azurite';
import { freePort } from '../freePort';
import { startLocalStack, type LocalStack } from '../localStack';
import { settingNames, loadConfig } from '../../shared/config';
import { createRuntime, type Runtime } from '../../shared/runtime';
import { postForm } from './hostClient';
import { articleBody } from './articleText';
import { startCountingProxy, type CountingProxy } from './countingProxy';

export interface BenchStack {
  stack: LocalStack;
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

/**
 * The `npm start` stack (simulator, local functions host loading the compiled entry files) on an in-memory
 * Azurite of our own, reached through the counting relay, with the app installed and the chat seeded.
 */
export async function startBenchStack(): Promise<BenchStack> {
  // Only what this run sets: a developer's shell or local.settings.json must not point the bench elsewhere.
  for (const name of settingNames) delete process.env[name];
  const azurite = await startAzurite({ inMemory: true });
  let proxy: CountingProxy | undefined;
  try {
    proxy = await startCountingProxy(azurite.port);
    process.env.AzureWebJobsStorage = azuriteConnectionString(`http://127.0.0.1:${proxy.port}/devstoreaccount1`);
    // Not 7071: a developer's `npm start` may be using it.
    process.env.PORT = String(await freePort());
    const stack = await startLocalStack(process.env, { log: () => undefined });
    const runtime = createRuntime(loadConfig(process.env));
    const started: BenchStack = {
      stack,
      proxy,
      runtime,
      directStorage: azurite.connectionString,
      stop: async () => {
        await stack.stop();
        await proxy?.close();
        await azurite.stop();
      },
    };
    try {
      await install(stack);
      await seed(started);
    } catch (error) {
      await started.stop().catch(() => undefined);
      throw error;
    }
    return started;
  } catch (error) {
    await proxy?.close();
    await azurite.stop();
    throw error;
  }
}

/** The admin's install page, then installFinish (ONAPPINSTALL), as the portal does it. */
async function install(stack: LocalStack): Promise<void> {
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
    });
  }
}
