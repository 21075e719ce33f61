/**
 * Timers of the emulator's simulated work (job phases, endpoint creation), all
 * cancelled at once when the emulator stops so no callback outlives it.
 */

/** Thrown into pending {@link Scheduler.sleep} calls when the emulator stops. */
export class EmulatorStopped extends Error {
  constructor() {
    super('the local AWS emulator stopped');
    this.name = 'EmulatorStopped';
  }
}

export class Scheduler {
  readonly #pending = new Map<NodeJS.Timeout, () => void>();
  #stopped = false;

  /**
   * Resolves after `ms`, or as soon as `wake` fires; rejects with
   * {@link EmulatorStopped} if the emulator stops first.
   */
  sleep(ms: number, wake?: AbortSignal): Promise<void> {
    if (this.#stopped) return Promise.reject(new EmulatorStopped());
    if (wake?.aborted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#pending.delete(timer);
        wake?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake?.addEventListener('abort', done, { once: true });
      this.#pending.set(timer, () => {
        wake?.removeEventListener('abort', done);
        reject(new EmulatorStopped());
      });
    });
  }

  /** Runs `work` in the background; stopping the emulator ends it quietly, anything else is reported. */
  spawn(work: () => Promise<void>, onError: (error: unknown) => void): void {
    work().catch((error: unknown) => {
      if (!(error instanceof EmulatorStopped)) onError(error);
    });
  }

  stop(): void {
    this.#stopped = true;
    for (const [timer, cancel] of this.#pending) {
      clearTimeout(timer);
      cancel();
    }
    this.#pending.clear();
  }
}
