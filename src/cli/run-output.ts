/**
 * What a command prints once a run is over: warnings, then the summary table
 * and the report's path, or one JSON line with `--json`, or nothing but errors
 * with `--quiet`; and exit status 3 when some images failed.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import type { AnalysisDocument } from '../analysis/document.js';
import { ExitCode } from './exit-status.js';
import { summaryTable } from './summary-table.js';

/** The flags that choose what a command prints (`--quiet`, `--json`). */
export interface OutputFlags {
  quiet?: boolean;
  json?: boolean;
}

/** Adds `--quiet` and `--json` to a command. */
export function addOutputOptions(command: Command): Command {
  return command.option('--quiet', 'print nothing but errors', false).option('--json', 'print the result as one JSON line', false);
}

/**
 * Prints the outcome of a run whose results are at `output`, and sets the exit
 * status to {@link ExitCode.someImagesFailed} when an image failed.
 *
 * @param hasReport - Whether the run wrote report.html, whose path is then printed.
 * @param warnings - What the run adjusted or doubts, each printed once to stderr.
 */
export function printRunOutput(document: AnalysisDocument, output: string, flags: OutputFlags, hasReport: boolean, warnings: readonly string[] = []): void {
  const failed = document.summary.failed;
  if (!flags.quiet) for (const w of warnings) console.error(`clarify-ts: warning: ${w}`);
  // The JSON line comes whatever the outcome: a script reads which images failed from it.
  if (flags.json) console.log(JSON.stringify({ output, summary: document.summary, images: document.images, warnings }));
  else if (!flags.quiet) {
    console.log(summaryTable(document));
    console.log(`\n${document.summary.succeeded} explained, ${failed} failed.`);
    if (hasReport) console.log(`Report: ${output.startsWith('s3://') ? `${output}/report.html` : join(output, 'report.html')}`);
  }
  if (failed > 0) process.exitCode = ExitCode.someImagesFailed;
}
