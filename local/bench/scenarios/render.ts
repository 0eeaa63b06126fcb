import { join } from 'node:path';
import { runNode } from '../childProcess';
import { renderedArticles } from '../renderFixture';
import type { CpuResult, MemoryResult } from '../renderWorker';
import { verdict, type Row } from '../results';
import { summarize } from '../stats';

const worker = join(__dirname, '..', 'renderWorker.js');

/** CPU per sidebar render with 200 articles: 10 batches of 200 renders after 300 warm-up, in a fresh process. */
export function measureRenderCpu(cwd: string): Row[] {
  const result = JSON.parse(runNode([worker, 'cpu'], cwd)) as CpuResult;
  const summary = summarize(result.perRenderMs);
  return [
    {
      id: 'render.cpu',
      measure: `CPU per sidebar render (${renderedArticles} articles)`,
      unit: 'ms',
      median: summary.median,
      p95: summary.p95,
      samples: summary.n,
      target: '< 1 ms',
      verdict: verdict(summary.median < 1),
      note: `median of ${summary.n} batches of 200 renders (process.cpuUsage); page ${(result.pageBytes / 1024).toFixed(0)} KB`,
    },
  ];
}

/**
 * RSS after 10,000 renders against RSS before them, both read in steady state (after warm-up and 1,000 renders
 * that let the young generation regrow after a full GC), in a fresh process; heap used after a full GC at both
 * ends shows whether anything is kept.
 */
export function measureRenderMemory(cwd: string): Row[] {
  const result = JSON.parse(runNode(['--expose-gc', worker, 'memory'], cwd)) as MemoryResult;
  const growth = result.rssAfterMb - result.rssBeforeMb;
  return [
    {
      id: 'render.memory',
      measure: `RSS growth over ${result.renders.toLocaleString('en')} renders`,
      unit: 'MB',
      median: growth,
      p95: null,
      samples: 1,
      target: '< 20 MB',
      verdict: verdict(growth < 20),
      note: `RSS ${result.rssBeforeMb.toFixed(1)} → ${result.rssAfterMb.toFixed(1)} MB (peak ${result.rssPeakMb.toFixed(1)}); heap ${result.heapBeforeMb.toFixed(1)} → ${result.heapAfterMb.toFixed(1)} MB`,
    },
  ];
}
