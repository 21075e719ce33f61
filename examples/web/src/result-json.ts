/**
 * The downloadable result: one explanation as plain JSON. Numbers are written by
 * `JSON.stringify`, whose shortest round-trip form gives back the same doubles.
 */
import type { ImageClassificationExplanation } from 'clarify-ts/explain';
import type { RunSettings } from './options.js';

export interface ResultDocument {
  readonly format: 'clarify-ts-web-explanation';
  readonly version: 1;
  readonly image: { readonly name: string; readonly width: number; readonly height: number };
  readonly model: string;
  /** The form's settings, as asked. */
  readonly options: RunSettings & { readonly compactness: 5; readonly baseline: 'noise'; readonly labels: 'top' };
  readonly seed: number;
  readonly numSamples: number;
  readonly numSegments: number;
  readonly numEvaluations: number;
  readonly exact: boolean;
  readonly rankDeficient: boolean;
  /** The explained class: its index, name and score. */
  readonly label: { readonly index: number; readonly name: string | null; readonly score: number };
  /** The model's scores on the image, every class. */
  readonly scores: number[];
  readonly expectedValue: number;
  readonly fullValue: number;
  /** φ per segment (dense segment index). */
  readonly shapValues: number[];
  /** Standard error of each φ (zeros when exact). */
  readonly standardErrors: number[];
  /** Pixels per segment. */
  readonly segmentPixels: number[];
}

export function resultDocument(
  result: ImageClassificationExplanation,
  image: { name: string; width: number; height: number },
  settings: RunSettings,
  model: string,
): ResultDocument {
  const e = result.explanations[0];
  const segmentPixels = new Array<number>(result.segmentation.numSegments).fill(0);
  for (const l of result.segmentation.labels) segmentPixels[l]++;
  return {
    format: 'clarify-ts-web-explanation',
    version: 1,
    image,
    model,
    options: { ...settings, compactness: 5, baseline: 'noise', labels: 'top' },
    seed: result.seed,
    numSamples: settings.numSamples,
    numSegments: result.segmentation.numSegments,
    numEvaluations: result.numEvaluations,
    exact: result.exact,
    rankDeficient: result.rankDeficient,
    label: { index: e.label, name: e.name ?? null, score: e.score },
    scores: Array.from(result.scores),
    expectedValue: e.expectedValue,
    fullValue: e.fullValue,
    shapValues: Array.from(e.shapValues),
    standardErrors: Array.from(e.standardErrors),
    segmentPixels,
  };
}
