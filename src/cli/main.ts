import { Command, InvalidArgumentError } from 'commander';
import { ENGINE_VERSION } from '../engine/engine-version.js';
import { ImageDecodeError, ValidationError } from '../errors.js';
import { addEngineCommands } from './engine-commands.js';
import { reportError } from './exit-status.js';
import { mustExist } from './missing-file.js';
import { segmentCommand } from './segment.js';

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got "${value}".`);
    return n;
  };
}

function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${value}".`);
    return n;
  };
}

/** Builds the `clarify-ts` command line program. */
export function buildProgram(): Command {
  const program = new Command('clarify-ts')
    .description('Explain image models the way Amazon SageMaker Clarify does.')
    .version(ENGINE_VERSION, '-V, --version', 'print the version of clarify-ts')
    // Commander would call process.exit itself; main() decides the status (a usage error is 2).
    .exitOverride();

  program
    .command('segment')
    .description('Segment an image into SLIC superpixels (bit-identical to scikit-image) and draw their boundaries.')
    .argument('<image>', 'input image (PNG, JPEG, WebP, TIFF, ...)')
    .option('--num-segments <n>', 'requested number of superpixels', integer('--num-segments'), 20)
    .option('--compactness <m>', 'colour vs space balance (higher = squarer)', number('--compactness'), 5)
    .option('--sigma <s>', 'Gaussian pre-smoothing width', number('--sigma'), 0)
    .option('--max-num-iter <n>', 'k-means rounds', integer('--max-num-iter'), 10)
    .option('--start-label <n>', 'first label (0 or 1)', integer('--start-label'), 1)
    .option('--slic-zero', 'SLICO: adaptive compactness', false)
    .option('--no-enforce-connectivity', 'keep disconnected fragments')
    .option('--out <file>', 'output image with boundaries drawn', 'segments.png')
    .option('--json', 'print the summary as JSON', false)
    .action(async (image: string, o) => {
      await mustExist('<image>', image, 'image');
      const summary = await segmentCommand(image, {
        nSegments: o.numSegments,
        compactness: o.compactness,
        sigma: o.sigma,
        maxNumIter: o.maxNumIter,
        startLabel: o.startLabel,
        slicZero: o.slicZero,
        enforceConnectivity: o.enforceConnectivity,
        out: o.out,
      }).catch((err: unknown) => {
        // The one image is the user's input: unreadable is bad input (exit 2), not a failed run.
        if (err instanceof ImageDecodeError) throw new ValidationError('<image>', image, 'a readable image file (PNG, JPEG, WebP, TIFF, ...)', err.message);
        throw err;
      });
      if (o.json) console.log(JSON.stringify(summary));
      else {
        console.log(
          `${summary.input}: ${summary.width}x${summary.height}, ${summary.numSegments} superpixels ` +
            `in ${summary.milliseconds.toFixed(0)} ms -> ${summary.out}`,
        );
      }
    });
  addEngineCommands(program);
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

