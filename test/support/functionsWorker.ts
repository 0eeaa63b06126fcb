import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What a Functions worker saw after loading a package's main entries (see functionsWorkerStandIn.ts). */
export interface WorkerView {
  programmingModel: string | null;
  functions: { name: string }[];
  /** what the programming model told the host; `HttpUri` is where the host streams request bodies to */
  capabilities: Record<string, string> | null;
}

/** Loads the entries of `packageJson` the way the Azure Functions Node.js worker does, in a process of its own. */
export function loadLikeTheWorker(packageJson: string): WorkerView {
  const worker = spawnSync(process.execPath, [join(__dirname, 'functionsWorkerStandIn.js'), packageJson], { encoding: 'utf8', timeout: 20_000 });
  if (worker.status !== 0 || worker.stderr) throw new Error(`the worker stand-in failed: ${worker.stderr}`);
  return JSON.parse(worker.stdout) as WorkerView;
}
