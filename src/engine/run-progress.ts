/**
 * The progress events of a run, in a module of their own: `runAnalysis` takes
 * their handler and `explainAll` sends them.
 *
 * @packageDocumentation
 */
import type { ImageRecord } from '../analysis/document.js';

/** Progress of a run, one event per image. */
export type RunProgressEvent =
  | { readonly type: 'start'; readonly total: number; readonly model: string }
  | { readonly type: 'image'; readonly file: string; readonly done: number; readonly total: number; readonly record: ImageRecord };
