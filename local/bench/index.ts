import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { onShutdownSignal } from '../onShutdownSignal';
import { projectRoot } from '../projectRoot';
import { parseArgs } from './args';
import { startBenchStack, type BenchStack } from './benchStack';
import { describeMachine } from './machine';
import { errorRow, type Row } from './results';
import { measureActions } from './scenarios/actions';
import { measureColdStart } from './scenarios/coldStart';
import { measureRenderCpu, measureRenderMemory } from './scenarios/render';
import { measureRestOverhead } from './scenarios/restOverhead';
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
    served.actions = await attempt('actions', () => measureActions(bench));
    served.rest = await attempt('REST client overhead', () => measureRestOverhead(bench));
    served.relay = await attempt('counting relay overhead', () => measureStorageProxyOverhead(bench));
  } finally {
    await bench.stop();
  }
  const cpu = await attempt('render CPU', () => measureRenderCpu(root));
  const memory = await attempt('render memory', () => measureRenderMemory(root));
  const coldStart = await attempt('cold start', () => measureColdStart(root));

  // The order: opens (the baseline next to the first open), actions, render, REST client, cold start,
  // memory; the relay's own cost last.
  const opens = served.opens ?? [];
  const rows = [
    ...opens.slice(0, 1),
    ...(served.sequential ?? []),
    ...opens.slice(1),
    ...(served.actions ?? []),
    ...cpu,
    ...(served.rest ?? []),
    ...coldStart,
    ...memory,
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
