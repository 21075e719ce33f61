/**
 * The worker-thread pool (piscina) that explains images in parallel. It works
 * from the TypeScript sources (tests, `tsx`) and from the built `dist/`.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { ClarifyError } from '../errors.js';
import type { ImageTaskResult } from './image-task.js';
import type { WorkerFailure, WorkerTask } from './worker.js';

/** Explains images on worker threads. */
export interface WorkerPool {
  run(task: WorkerTask, signal?: AbortSignal): Promise<ImageTaskResult | WorkerFailure>;
  close(): Promise<void>;
}

/**
 * Where the worker module is. From sources it is `worker.ts`, which workers can
 * only load through tsx; from a bundle (`dist/index.js`, `dist/cli/bin.js`) it
 * is the separately built `dist/engine/worker.cjs`. The CommonJS build is preferred
 * because it `require`s sharp: importing a CommonJS package from an ES module makes
 * Node lex its sources for named exports, which costs each worker ~0.1 s on its
 * thread and ~0.3 s of V8 compilation on background threads (measured with
 * `--trace-opt`), CPU that concurrent workers would otherwise share.
 */
export function locateWorker(here: string = moduleUrl()): { filename: string; execArgv: string[] } {
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', tsxLoader(here)] };
  for (const candidate of ['./worker.cjs', './engine/worker.cjs', '../engine/worker.cjs', './worker.js', './engine/worker.js', '../engine/worker.js']) {
    const path = fileURLToPath(new URL(candidate, here));
    if (existsSync(path)) return { filename: path, execArgv: [] };
  }
  throw new ClarifyError(`The engine's worker module is missing next to ${here} (expected engine/worker.cjs or engine/worker.js in the build)`);
}

// Resolved from this file, not from the working directory the process started in.
function tsxLoader(here: string): string {
  try {
    return import.meta.resolve('tsx', here);
  } catch {
    return 'tsx';
  }
}

// The CommonJS build has no import.meta; its __filename says the same.
function moduleUrl(): string {
  return typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
}

/** Starts a pool of `threads` workers (started lazily, kept until `close`). */
export function createWorkerPool(threads: number): WorkerPool {
  const { filename, execArgv } = locateWorker();
  const pool = new Piscina({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 1000, execArgv });
  return {
    // Input bytes are copied, not transferred: a small file's Buffer may share Node's pool.
    run: (task, signal) => pool.run(task, signal ? { signal } : {}) as Promise<ImageTaskResult | WorkerFailure>,
    close: () => pool.destroy(),
  };
}
