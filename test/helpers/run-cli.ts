/**
 * Runs the real `clarify-ts` executable (src/cli/bin.ts under tsx) in a child
 * process, so that exit statuses, stderr and signals are the user's.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

/** The demo model and sample images of the repository. */
export const examples = new URL('../../examples/', import.meta.url);
export const demoModel = fileURLToPath(new URL('models/shapes-cnn.onnx', examples));

/** What a finished CLI run left. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `clarify-ts <args>` to its end. `CLARIFY_TS_DEBUG` is cleared unless `env` sets it. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, BIN, ...args], { encoding: 'utf8', env: { ...process.env, CLARIFY_TS_DEBUG: '', ...env } }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: NodeJS.Signals }) | null;
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : null, signal: e?.signal ?? null, stdout, stderr });
    });
  });
}

/** Starts `clarify-ts <args>` and hands back the child, for tests that signal it. */
export function startCli(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['--import', TSX, BIN, ...args], { env: { ...process.env, CLARIFY_TS_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The lines of a stream's text, without the empty last one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
