import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface NodeProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything written to stdout and stderr so far, interleaved. */
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects (with the output) on exit or timeout. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** Sends `signal` and waits for the exit, SIGKILL after `timeoutMs`. Safe to call when already exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

/** Runs a Node script as a child process with exactly `env` (nothing inherited) and collects its output. */
export function startNodeProcess(script: string, env: Record<string, string>, cwd?: string): NodeProcess {
  const child = spawn(process.execPath, [script], { env, cwd, stdio: 'pipe' });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      hasExited = true;
      for (const listener of listeners) listener();
      resolve(code);
    }),
  );

  const waitForOutput = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (pattern.test(text)) finish(() => resolve(text));
        else if (hasExited) finish(() => reject(new Error(`Process exited before printing ${pattern}:\n${text}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`Timed out waiting for ${pattern}:\n${text}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) => {
    if (!hasExited) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return { child, output: () => text, waitForOutput, exited, stop };
}
