import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { onShutdownSignal } from '../onShutdownSignal';
import { projectRoot } from '../projectRoot';
import { parseArgs } from './args';
import { startBenchStack, type BenchStack } from './benchStack';
import { describeMachine } from './machine';
import { errorRow, type Row } from './results';
import { seedBigChats } from './bigChats';
import { measureActions } from './scenarios/actions';
import { measureBigChatArticle } from './scenarios/bigChatArticle';
import { measureBigChatOpens } from './scenarios/bigChatOpens';
import { measureBigChatSearch } from './scenarios/bigChatSearch';
import { measureColdStart } from './scenarios/coldStart';
import { measureRenderCpu, measureRenderMemory } from './scenarios/render';
import { measureRestOverhead } from './scenarios/restOverhead';
import { measureSearchMemory } from './scenarios/searchMemory';
import { measureSequentialPattern } from './scenarios/sequentialPattern';
import { measureSidebarOpens } from './scenarios/sidebarOpens';
import { measureStorageProxyOverhead } from './scenarios/storageProxyOverhead';
import { formatTable, type Report } from './table';

/** The portal round trip the simulator injects for the open scenarios, ms. */
const r = 50;

// Progress goes to stderr so `--json` on stdout stays parseable.
const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** A scenario that fails yields an ERROR row and the run goes on: one broken path must not hide the others. */
async function attempt(name: string, run: () => Promise<Row[]> | Row[]): Promise<Row[]> {
  const started = performance.now();
  progress(`${name}...`);
  try {
    const rows = await run();
    progress(`${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return rows;
  } catch (error) {
    progress(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
    return [errorRow(name, name, error)];
  }
}

/**
 * `npm run bench`: the scenarios that need the app served run first, against one stack (Azurite behind a
 * counting relay, the simulator at r, the local functions host); then, with the stack stopped so it cannot
 * take CPU from them, the ones that run in fresh child processes (render CPU and memory, cold start).
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = projectRoot(__dirname);
  const startedAt = new Date();
  const clock = performance.now();

  progress('starting Azurite, the simulator and the local functions host...');
  const bench: BenchStack = await startBenchStack();
  onShutdownSignal(() => bench.stop(), progress);
  bench.stack.sim.setLatency(r);
  const served: Record<string, Row[]> = {};
  try {
    served.opens = await attempt('sidebar opens', () => measureSidebarOpens(bench, r));
    served.sequential = await attempt('sequential pattern', () => measureSequentialPattern(bench, r));
    // Rows as the previous version stored them: the first open of each chat indexes it, as after a deploy.
    await attempt('seeding the big chats', async () => {
      await seedBigChats(bench);
      return [];
    });
    served.bigOpens = await attempt('big chats: first touch and first opens', () => measureBigChatOpens(bench, r));
    served.bigSearch = await attempt('big chats: search', () => measureBigChatSearch(bench));
    served.bigArticle = await attempt('big chats: open one article', () => measureBigChatArticle(bench));
    served.actions = await attempt('actions at 10 and 1,000 articles', () => measureActions(bench));
    served.searchMemory = await attempt('search memory', () => measureSearchMemory(bench, root));
    served.rest = await attempt('REST client overhead', () => measureRestOverhead(bench));
    served.relay = await attempt('counting relay overhead', () => measureStorageProxyOverhead(bench));
  } finally {
    await bench.stop();
  }
  const cpu = await attempt('render CPU', () => measureRenderCpu(root));
  const memory = await attempt('render memory', () => measureRenderMemory(root));
  const coldStart = await attempt('cold start', () => measureColdStart(root));

  // The issues' order: opens (the baseline next to the first open), big chats side by side, actions at 10 and
  // 1,000 articles, render, REST client, cold start, memory; the relay's own cost last.
  const opens = served.opens ?? [];
  const rows = [
    ...opens.slice(0, 1),
    ...(served.sequential ?? []),
    ...opens.slice(1),
    ...(served.bigOpens ?? []),
    ...(served.bigSearch ?? []),
    ...(served.bigArticle ?? []),
    ...(served.actions ?? []),
    ...cpu,
    ...(served.rest ?? []),
    ...coldStart,
    ...memory,
    ...(served.searchMemory ?? []),
    ...(served.relay ?? []),
  ];
  const report: Report = { machine: describeMachine(), r, startedAt: startedAt.toISOString(), durationSeconds: (performance.now() - clock) / 1000, rows };

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (args.json?.to === 'stdout') {
    process.stdout.write(json);
  } else {
    process.stdout.write(`${formatTable(report)}\n`);
    if (args.json?.to === 'file') writeFileSync(args.json.path, json);
  }
  // FAIL is a finding, not a crash; ERROR means a scenario could not measure at all.
  if (rows.some((row) => row.verdict === 'ERROR')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
