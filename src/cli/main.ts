/**
 * The `clarify-ts` program: its commands (one module each under commands/)
 * and how it turns any error into one line and an exit status.
 *
 * @packageDocumentation
 */
import { Command } from 'commander';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { addDemoCommand } from './commands/demo.js';
import { addExplainCommand } from './commands/explain.js';
import { addProcessCommand } from './commands/process.js';
import { addReportCommand } from './commands/report.js';
import { addRunCommand } from './commands/run.js';
import { addSegmentCommand } from './commands/segment.js';
import { reportError } from './exit-status.js';

/** Builds the `clarify-ts` command line program. */
export function buildProgram(): Command {
  const program = new Command('clarify-ts')
    .description('Explain image models the way Amazon SageMaker Clarify does.')
    .version(ENGINE_VERSION, '-V, --version', 'print the version of clarify-ts')
    // Commander would call process.exit itself; main() decides the status (a usage error is 2).
    .exitOverride();
  // In the order `clarify-ts --help` lists them; each inherits exitOverride from the program.
  for (const addCommand of [addSegmentCommand, addDemoCommand, addExplainCommand, addRunCommand, addProcessCommand, addReportCommand]) addCommand(program);
  for (const command of [program, ...program.commands]) oneLineUsageErrors(command);
  return program;
}

/**
 * Commander's usage errors as one `clarify-ts: …` line that points at the help,
 * instead of the error followed by the whole help text; commander's suggestion
 * for a misspelt command or option becomes part of the sentence.
 */
function oneLineUsageErrors(command: Command): void {
  const help = command.parent ? `clarify-ts ${command.name()} --help` : 'clarify-ts --help';
  command.configureOutput({ outputError: (message, write) => write(`${usageLine(message, help)}\n`) });
}

/**
 * One commander error message as the CLI prints it, e.g. `clarify-ts: unknown
 * command 'exlpain'; did you mean explain? (see clarify-ts --help)`.
 */
export function usageLine(message: string, help: string): string {
  const text = message.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  const suggested = /^(.*?)\s*\(Did you mean (.+?)\?\)$/.exec(text);
  const sentence = suggested ? `${suggested[1]}; did you mean ${suggested[2]}?` : text;
  return `clarify-ts: ${sentence} (see ${help})`;
}

/**
 * Runs the CLI. Any error ends as one `clarify-ts: …` line on stderr and an
 * exit status from `ExitCode` (exit-status.ts); stack traces only with `CLARIFY_TS_DEBUG=1`.
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (err) {
    process.exitCode = reportError(err, (line) => console.error(line));
  }
}
