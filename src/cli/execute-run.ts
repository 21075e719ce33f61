/**
 * Runs the engine for a command: progress on stderr, Ctrl-C stopping the run
 * cleanly, then the outcome printed ({@link printRunOutput}, or
 * {@link printTabularOutput} for a tabular run).
 *
 * @packageDocumentation
 */
import { AbortError } from '../errors.js';
import { isTabularAnalysisDocument } from '../analysis/tabular-document.js';
import type { RunAnalysisResult } from '../engine/run-analysis.js';
import type { RunTabularAnalysisResult } from '../engine/run-tabular-analysis.js';
import { InterruptedError } from './exit-status.js';
import { interruptOnSignals } from './interrupt.js';
import { progressReporter } from './progress.js';
import { type OutputFlags, printRunOutput } from './run-output.js';
import { printTabularOutput } from './tabular-output.js';

/** What a run gets from the command: progress display and Ctrl-C. */
export interface RunHooks {
  readonly signal: AbortSignal;
  readonly onProgress?: NonNullable<ReturnType<typeof progressReporter>['onProgress']>;
}

/**
 * Calls `run` with the command's hooks and prints its outcome; results are at `output`.
 *
 * @throws {@link InterruptedError} when SIGINT or SIGTERM stopped the run.
 */
export async function executeRun(flags: OutputFlags, run: (hooks: RunHooks) => Promise<RunAnalysisResult | RunTabularAnalysisResult>, output: string): Promise<void> {
  const progress = progressReporter(flags.quiet || flags.json ? 'quiet' : 'auto');
  const interrupt = interruptOnSignals(() => progress.stop());
  let result: RunAnalysisResult | RunTabularAnalysisResult;
  try {
    result = await run({ signal: interrupt.signal, ...(progress.onProgress ? { onProgress: progress.onProgress } : {}) });
  } catch (err) {
    if (interrupt.received !== undefined && err instanceof AbortError) throw new InterruptedError(interrupt.received, { cause: err });
    throw err;
  } finally {
    interrupt.dispose();
    progress.stop();
  }
  if (isTabularAnalysisDocument(result.document)) printTabularOutput(result.document, output, flags, warningsOf(result), result.files.includes('report.html'));
  else printRunOutput(result.document, output, flags, result.files.includes('report.html'), warningsOf(result));
}

/** The run's warnings, each once (the engine promises as much; the CLI's output depends on it). */
function warningsOf(result: RunAnalysisResult | RunTabularAnalysisResult): readonly string[] {
  return [...new Set(result.warnings ?? [])];
}
