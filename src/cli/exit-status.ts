/**
 * What the `clarify-ts` command exits with, and the one line it prints for an
 * error. The table is part of the CLI's contract (docs/cli.md, "Exit codes"):
 * scripts branch on it, so a code never changes meaning.
 *
 * @packageDocumentation
 */
import { CommanderError } from 'commander';
import { AbortError, ClarifyError, ValidationError } from '../errors.js';

/** The exit statuses of `clarify-ts`. */
export const ExitCode = {
  /** Every image was explained (or help was asked for). */
  ok: 0,
  /** The run could not start or finish: model, AWS, file system, or a bug in clarify-ts. */
  failed: 1,
  /** Bad input or usage, found before anything was written: a `ValidationError` or a command-line mistake. */
  usage: 2,
  /** The run finished and wrote `analysis.json`, but some images failed (each with its reason). */
  someImagesFailed: 3,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as a shell reports it. */
  interrupted: 130,
  /** Stopped by SIGTERM (e.g. a stopped SageMaker job or container): 128 + 15. */
  terminated: 143,
} as const;

/** The environment variable that makes the CLI print stack traces. */
export const DEBUG_VARIABLE = 'CLARIFY_TS_DEBUG';

/**
 * A run stopped cleanly after SIGINT or SIGTERM. The CLI already said so when
 * the signal arrived, so nothing more is printed for it.
 */
export class InterruptedError extends ClarifyError {
  /** The signal that stopped the run. */
  readonly signal: 'SIGINT' | 'SIGTERM';

  constructor(signal: 'SIGINT' | 'SIGTERM', options?: { cause?: unknown }) {
    super(`interrupted by ${signal}`, options);
    this.signal = signal;
  }
}

/** Exit status for a signal, as a shell would report a process it killed. */
export function exitCodeForSignal(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}

/** Whether `CLARIFY_TS_DEBUG` asks for stack traces (set, and not empty, `0` or `false`). */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[DEBUG_VARIABLE]?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/**
 * Prints what went wrong as one `clarify-ts: …` line (plus the stack trace in
 * debug mode) and returns the exit status for it.
 *
 * A `ClarifyError` or a file-system error is the user's to fix and is shown as
 * its message; anything else is a bug in clarify-ts, shown as an internal
 * error whose stack trace `CLARIFY_TS_DEBUG=1` reveals.
 */
export function reportError(err: unknown, write: (line: string) => void, debug = debugEnabled()): number {
  if (err instanceof CommanderError) {
    // Commander printed its own (one-line) message through the program's output configuration.
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  let code: number;
  if (err instanceof InterruptedError) {
    code = exitCodeForSignal(err.signal);
  } else if (err instanceof AbortError) {
    write(`clarify-ts: ${oneLine(err.message)}`);
    code = ExitCode.interrupted;
  } else if (err instanceof ValidationError) {
    write(`clarify-ts: ${oneLine(err.message)}`);
    code = ExitCode.usage;
  } else if (err instanceof ClarifyError || isSystemError(err)) {
    write(`clarify-ts: ${oneLine((err as Error).message)}`);
    code = ExitCode.failed;
  } else {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    write(
      `clarify-ts: internal error (a bug in clarify-ts): ${oneLine(message)}` +
        (debug ? '' : `; rerun with ${DEBUG_VARIABLE}=1 to print its stack trace`),
    );
    code = ExitCode.failed;
  }
  if (debug) for (const trace of stackTraces(err)) write(trace);
  return code;
}

/** Node's errors from a system call (ENOENT, EACCES, ENOSPC, ...): the environment's fault, not a bug. */
function isSystemError(err: unknown): boolean {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string' && typeof (err as NodeJS.ErrnoException).code === 'string';
}

/** Messages may quote files or service answers that span lines; the CLI promises one. */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function stackTraces(err: unknown): string[] {
  const traces: string[] = [];
  const seen = new Set<unknown>();
  for (let e = err; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    traces.push((traces.length > 0 ? 'caused by: ' : '') + (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e)));
  }
  return traces;
}
