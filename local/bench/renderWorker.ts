import { renderArticleList } from '../../placementHandler/views/articleListView';
import { renderFixture } from './renderFixture';

/**
 * Runs in a fresh child process (`node --expose-gc renderWorker.js cpu|memory`), away from the host, Azurite
 * and the simulator, so neither their CPU nor their heap is in the numbers. Prints one JSON line.
 */
export interface CpuResult {
  /** CPU time (user + system) per render, ms, one value per batch */
  perRenderMs: number[];
  pageBytes: number;
}

export interface MemoryResult {
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  renders: number;
}

const { context, view } = renderFixture();
/** Keeps every page's length, so no render can be optimised away. */
let sink = 0;
const render = () => {
  sink += String(renderArticleList(context, view).body).length;
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => bytes / 2 ** 20;

function cpu(): CpuResult {
  for (let i = 0; i < 300; i++) render();
  const perRenderMs: number[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const before = process.cpuUsage();
    for (let i = 0; i < 200; i++) render();
    const used = process.cpuUsage(before);
    perRenderMs.push((used.user + used.system) / 1000 / 200);
  }
  return { perRenderMs, pageBytes: Buffer.byteLength(String(renderArticleList(context, view).body)) };
}

function memory(): MemoryResult {
  const renders = 10_000;
  for (let i = 0; i < 500; i++) render();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  // A full GC gives the young generation back; the renders after it grow it again to the size this
  // allocation rate keeps. Both RSS readings are taken in that steady state, so a one-time resize is not
  // counted as growth across the renders.
  for (let i = 0; i < 1000; i++) render();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  for (let i = 0; i < renders; i++) {
    render();
    if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const rssAfter = process.memoryUsage.rss();
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    rssBeforeMb: mb(rssBefore),
    rssAfterMb: mb(rssAfter),
    rssPeakMb: mb(Math.max(peak, rssAfter)),
    heapBeforeMb: mb(heapBefore),
    heapAfterMb: mb(heapAfter),
    renders,
  };
}

const mode = process.argv[2];
if (mode !== 'cpu' && mode !== 'memory') throw new Error('usage: renderWorker.js cpu|memory');
const result = mode === 'cpu' ? cpu() : memory();
process.stdout.write(`${JSON.stringify({ ...result, sink })}\n`);
