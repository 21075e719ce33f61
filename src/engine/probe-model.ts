/**
 * The probe of a run: the model is asked about one input image before any
 * output is written. Images that cannot be read or decoded are skipped (they
 * fail on their own later); a model that cannot be loaded, or that fails on the
 * first few images it sees, fails the run at once.
 *
 * @packageDocumentation
 */
import { ModelError, throwIfAborted } from '../errors.js';
import { reviveError } from './image-probe.js';
import type { ImageRunner } from './image-runner.js';
import type { ImageTaskSettings } from './image-task.js';
import type { Storage } from '../storage/storage.js';

/** What the probe learnt. */
export interface ModelProbe {
  /** The image the model answered about. */
  readonly file: string;
  /** A classifier's number of scores. */
  readonly numClasses?: number;
}

/** Images tried before the probe gives up looking for one that decodes. */
const MAX_IMAGES_TRIED = 10;
/** Model failures on distinct images before the run is failed. */
const MAX_MODEL_FAILURES = 3;

/**
 * Probes the model with the first input image that decodes.
 * @returns undefined when no image answered within the first ones tried (each then fails on its own).
 * @throws the load error when the model cannot be loaded; {@link ModelError}
 *   when it fails on {@link MAX_MODEL_FAILURES} images.
 */
export async function probeModel(
  runner: ImageRunner,
  input: Storage,
  files: readonly string[],
  settings: ImageTaskSettings,
  signal: AbortSignal | undefined,
): Promise<ModelProbe | undefined> {
  const failures: string[] = [];
  for (const file of files.slice(0, MAX_IMAGES_TRIED)) {
    throwIfAborted(signal);
    const bytes = await input.read(file, signal).catch(() => undefined);
    if (bytes === undefined) continue;
    const outcome = await runner.probe(file, bytes, settings, signal);
    if (outcome.ok) return { file, ...(outcome.numClasses !== undefined ? { numClasses: outcome.numClasses } : {}) };
    if (outcome.stage === 'load') throw reviveError(outcome.error);
    if (outcome.stage === 'model') {
      failures.push(`${file}: ${outcome.error.message}`);
      if (failures.length === MAX_MODEL_FAILURES) {
        throw new ModelError(`The model failed on the first ${failures.length} images it was asked about, before the run started: ${failures.join('; ')}`);
      }
    }
  }
  // Too few images to tell a broken model from images it rejects: each fails on its own.
  return undefined;
}
