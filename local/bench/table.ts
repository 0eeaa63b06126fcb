import type { Machine } from './machine';
import type { Ratio, Row, Unit } from './results';

export interface Report {
  machine: Machine;
  /** the portal round trip the simulator injects, ms */
  r: number;
  startedAt: string;
  durationSeconds: number;
  rows: Row[];
}

function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  if (unit === 'ms') return `${value < 1 ? value.toFixed(3) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === 'KB') return `${value.toFixed(1)} KB`;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function formatRatio(ratio: Ratio | undefined): string {
  if (!ratio) return '';
  if (ratio.of === 'r') return `${ratio.value.toFixed(2)} r`;
  return ratio.of === 'base' ? `${ratio.value.toFixed(2)}×` : `${ratio.value.toFixed(2)}× ${ratio.of}`;
}

/** The columns as Markdown, so the same text serves the terminal and docs/benchmarks.md. */
export function formatTable(report: Report): string {
  const header = ['measure', 'n', 'median', 'p95', 'ratio', 'target', 'result'];
  const lines = report.rows.map((row) => [
    row.measure,
    String(row.samples),
    formatValue(row.median, row.unit),
    formatValue(row.p95, row.unit),
    formatRatio(row.ratio),
    row.target,
    row.verdict,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const render = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  const table = [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
  const notes = report.rows.filter((row) => row.note).map((row) => `- ${row.measure}: ${row.note}`);
  const { machine } = report;
  return [
    `r = ${report.r} ms; ${machine.cpus} × ${machine.cpuModel}, ${machine.memory}, Node ${machine.node}; ${report.durationSeconds.toFixed(0)} s`,
    '',
    table,
    '',
    ...notes,
  ].join('\n');
}
