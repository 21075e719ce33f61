/**
 * The worker-thread pool (piscina) that explains images in parallel. It works
 * from the TypeScript sources (tests, `tsx`) and from the built `dist/`.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AbortError, ClarifyError, throwIfAborted } from '../errors.js';
import type { ProbeOutcome } from './image-probe.js';
import type { ImageTaskResult } from './image-task.js';
import type { PostedWorkerTask, WorkerAnswer, WorkerFailure, WorkerTask } from './worker.js';

/**
 * Explains images on worker threads.
 *
 * Aborting is cooperative: a worker thread is never terminated while it runs
 * a task, because terminating one inside an onnxruntime-node call kills the
 * whole process (`terminate called after throwing an instance of 'Napi::Error'`).
 */
export interface WorkerPool {
  /**
   * Explains one image on a worker. When `signal` fires, the worker is told to
   * stop: a model batch already running finishes, the next one is not started,
   * and the promise then rejects with {@link AbortError}.
   *
   * @throws {@link AbortError} when `signal` fires before the worker has answered, or the pool is closed meanwhile.
   */
  run(task: WorkerTask, signal?: AbortSignal): Promise<ImageTaskResult | WorkerFailure>;
  /**
   * Asks the model about one image once (`probeImage` in a worker), aborted like {@link WorkerPool.run}.
   *
   * @throws {@link AbortError} when `signal` fires before the worker has answered, or the pool is closed meanwhile.
   */
  probe(task: WorkerTask, signal?: AbortSignal): Promise<ProbeOutcome>;
  /** Tells running tasks to stop, waits until they have, then stops the worker threads. */
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
  // Idle workers may be ended by the idle timeout: a thread waiting for its next
  // task is outside any native call, so terminating it is safe.
  const pool = new Piscina<PostedWorkerTask, WorkerAnswer>({ filename, minThreads: 0, maxThreads: threads, idleTimeout: 1000, execArgv });
  // Each task in flight: its abort port, and a promise that settles when its worker is done with it.
  const running = new Map<MessagePort, Promise<unknown>>();
  let closed = false;
  const post = async (task: PostedWorkerTask, signal: AbortSignal | undefined): Promise<Exclude<WorkerAnswer, { aborted: true }>> => {
    throwIfAborted(signal);
    if (closed) throw new AbortError('The worker pool is closed');
    const { port1, port2 } = new MessageChannel();
    const stop = () => port1.postMessage('abort');
    signal?.addEventListener('abort', stop, { once: true });
    // The signal is not handed to piscina: piscina would abort by terminating the thread.
    // Input bytes are copied, not transferred: a small file's Buffer may share Node's pool.
    const posted = pool.run({ ...task, abort: port2 }, { transferList: [port2] });
    running.set(port1, posted.catch(() => undefined));
    try {
      const answer = await posted;
      if ('aborted' in answer) throw new AbortError('The run was aborted', { cause: signal?.aborted ? signal.reason : 'the worker pool was closed' });
      return answer;
    } finally {
      signal?.removeEventListener('abort', stop);
      running.delete(port1);
      port1.close();
    }
  };
  // The worker answers a probe with a ProbeOutcome and an explanation with the other kinds.
  return {
    run: (task, signal) => post(task, signal) as Promise<ImageTaskResult | WorkerFailure>,
    probe: (task, signal) => post({ ...task, probe: true }, signal) as Promise<ProbeOutcome>,
    close: async () => {
      closed = true;
      for (const port of running.keys()) port.postMessage('abort');
      // Waited for here, not by piscina's close(): in piscina 5.3.2 that counts a worker as
      // done once per listener it registered, so it can return while another worker is still
      // in a task, and then terminate it. Told to abort, a task ends after its model batch.
      await Promise.all(running.values());
      // Every thread is idle now, outside any native call: terminating it is safe.
      await pool.destroy();
    },
  };
}
