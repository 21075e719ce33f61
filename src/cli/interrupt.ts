/**
 * Ctrl-C during a run: the first SIGINT (or SIGTERM) aborts the run through its
 * `AbortSignal`, so the engine stops its workers, deletes a temporary endpoint
 * and leaves no half-written file; a second one exits at once.
 *
 * @packageDocumentation
 */
import { exitCodeForSignal } from './exit-status.js';

/** A run's link to the process's signals. */
export interface Interrupt {
  /** Fires on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, once one was. */
  readonly received: 'SIGINT' | 'SIGTERM' | undefined;
  /** Gives SIGINT and SIGTERM back to Node's defaults. */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** What {@link interruptOnSignals} needs of `process`; tests pass a stand-in. */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: (signal: 'SIGINT' | 'SIGTERM') => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: (signal: 'SIGINT' | 'SIGTERM') => void): unknown;
  exit(code: number): never | void;
}

/**
 * Listens for SIGINT and SIGTERM until `dispose`. `beforeExit` runs before the
 * forced exit of a second signal (e.g. to restore the terminal's cursor).
 */
export function interruptOnSignals(
  beforeExit: () => void = () => {},
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  source: SignalSource = process,
): Interrupt {
  const controller = new AbortController();
  let received: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received === undefined) {
      received = signal;
      write(`clarify-ts: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}; stopping the run (press Ctrl-C again to quit at once)`);
      controller.abort(new Error(`clarify-ts received ${signal}`));
      return;
    }
    // The run did not stop in time for the user: leave now, cleanup or not.
    beforeExit();
    write('clarify-ts: interrupted again; quitting at once');
    source.exit(exitCodeForSignal(received));
  };
  for (const s of SIGNALS) source.on(s, onSignal);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose: () => {
      for (const s of SIGNALS) source.off(s, onSignal);
    },
  };
}
