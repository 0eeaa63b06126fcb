import { spawnSync } from 'node:child_process';

/**
 * Runs node with `args` to completion and returns its last stdout line. Synchronous on purpose: the bench
 * runs these with nothing else going on, and a blocked event loop cannot disturb a child's timing.
 */
export function runNode(args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`node ${args[0]} exited with ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
  const lines = result.stdout.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
