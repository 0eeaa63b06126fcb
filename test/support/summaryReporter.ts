import type { AggregatedResult } from '@jest/test-result';

/**
 * Ends every run with one plain line, `jest: N passed, N failed, N skipped`, that tools reading a run's
 * closing lines (CI) understand without knowing Jest's own summary.
 */
class SummaryReporter {
  onRunComplete(_contexts: unknown, results: AggregatedResult): void {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}

export = SummaryReporter;
