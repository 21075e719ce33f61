/**
 * A requestAnimationFrame loop: proof that the main thread stays free while the
 * worker explains. It counts frames and the longest gap between two frames of a run.
 */
export class FrameCounter {
  frames = 0;
  #last = 0;
  #runGap = 0;
  #running = false;

  start(): void {
    const tick = (now: number) => {
      if (this.#running && this.#last > 0) this.#runGap = Math.max(this.#runGap, now - this.#last);
      this.#last = now;
      this.frames++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** Starts measuring a run; returns the frame count now. */
  beginRun(): number {
    this.#running = true;
    this.#runGap = 0;
    return this.frames;
  }

  /** Ends the run: the frame count now and the longest gap (ms) between frames during it. */
  endRun(): { frames: number; maxFrameGapMs: number } {
    this.#running = false;
    return { frames: this.frames, maxFrameGapMs: this.#runGap };
  }
}
