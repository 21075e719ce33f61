/**
 * `window.__clarify`: what the page exposes for the Chromium test (and for anyone
 * curious, from the console).
 */
import type { ImageExplanationProgress } from 'clarify-ts/explain';
import type { ResultDocument } from './result-json.js';

export interface ClarifyHook {
  /** The demo files are loaded and the worker has started. */
  ready: boolean;
  state: 'loading' | 'idle' | 'running' | 'done' | 'aborted' | 'error';
  /** Frames drawn so far (a requestAnimationFrame loop). */
  readonly frames: number;
  /** The last result, as the download writes it. */
  lastResult: ResultDocument | null;
  /** The last finished run: frames at its start and end, the longest gap between frames (ms), progress events, worker time (ms). */
  lastRun: { framesAtStart: number; framesAtEnd: number; maxFrameGapMs: number; progressEvents: number; ms: number } | null;
  /** The last progress report of the current or last run. */
  progress: ImageExplanationProgress | null;
  error: string | null;
  /** The pixels the page explains (8-bit RGB), to compare with Node's decoding. */
  image: { name: string; width: number; height: number; data: Uint8Array } | null;
}
