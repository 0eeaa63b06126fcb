import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine a run was made on, so numbers from different machines are not compared by accident. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memory: string;
  node: string;
  platform: string;
}

/** /proc/cpuinfo names the model even where os.cpus() reports only a generic one (some VMs). */
function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((entry) => entry.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall through
  }
  return os.cpus()[0]?.model.trim() ?? 'unknown CPU';
}

export function describeMachine(): Machine {
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
