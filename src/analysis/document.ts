/**
 * The `analysis.json` document the engine writes; documented field by field in
 * `docs/analysis-json.md`. Keys are snake_case like every file Clarify writes.
 *
 * @packageDocumentation
 */

/** Version of the document's layout; bumped when a field changes meaning. */
export const ANALYSIS_JSON_VERSION = '1.0';

/** One class explanation of an image classifier. */
export interface LabelRecord {
  /** Index in the model's score vector. */
  readonly label_index: number;
  /** Class name (`label_headers`), or the index as text when unknown. */
  readonly label: string;
  /** The model's score on the original image. */
  readonly score: number;
  /** Value with every segment replaced by the baseline (link space). */
  readonly expected_value: number;
  /** Value of the original image (link space); Σ shap_values = full_value − expected_value. */
  readonly full_value: number;
  /** φ per segment, indexed by the label image's values. */
  readonly shap_values: number[];
  /**
   * The standard error of each φ (same indexing): φ ± 1.96·se is a 95% interval. Present
   * only when the coalitions were sampled (not every one enumerated); ours, not Clarify's.
   */
  readonly standard_errors?: number[];
  /** Heat-map JPEG, relative to the output folder. */
  readonly heat_map: string;
  /**
   * The |φ| drawn at full colour in `heat_map` (its colour bar's end): this
   * explanation's max |φ|, or the run's with `settings.heat_map_scale: "shared"`.
   * Absent in documents written before it existed (their heat maps used the explanation's max |φ|).
   */
  readonly heat_map_scale?: number;
}

/** One detection of an object detector, Clarify's normalised box. */
export interface DetectionRecord {
  readonly class_id: number;
  readonly label: string;
  readonly score: number;
  /** `[x0/w, y0/h, x1/w, y1/h]`. */
  readonly box: [number, number, number, number];
}

/** One explained object of an object detector. */
export interface ObjectRecord extends DetectionRecord {
  readonly expected_value: number;
  readonly full_value: number;
  readonly shap_values: number[];
  /** As {@link LabelRecord.standard_errors}. */
  readonly standard_errors?: number[];
  /** `shap_<stem>_box<k>.jpeg`, relative to the output folder. */
  readonly heat_map: string;
  /** As {@link LabelRecord.heat_map_scale}. */
  readonly heat_map_scale?: number;
}

/** Wall-clock milliseconds spent per step on one image. */
export interface TimingsRecord {
  readonly decode_ms: number;
  readonly explain_ms: number;
  readonly render_ms: number;
}

/** An image that was explained. */
export interface SucceededImageRecord {
  /** Path relative to the input location, `/`-separated. */
  readonly file: string;
  readonly status: 'succeeded';
  readonly width: number;
  readonly height: number;
  /** The decoded input as JPEG (enlarged like the heat maps), relative to the output folder. */
  readonly image: string;
  /** Seed of the coalitions and the noise baseline. */
  readonly seed: number;
  /** Number of segments (features). */
  readonly num_segments: number;
  /** 16-bit grayscale PNG of dense segment indices 0..num_segments−1, relative to the output folder. */
  readonly label_image: string;
  /** Model evaluations, the original image included. */
  readonly num_evaluations: number;
  /**
   * With `methods.shap.tolerance` or `relative_tolerance` (clarify-ts additions): whether every
   * standard error came within the tolerance before `num_samples` ran out. Absent without one.
   */
  readonly converged?: boolean;
  /** Classification: the top class. */
  readonly predicted_label?: { readonly label_index: number; readonly label: string; readonly score: number };
  /** Classification: the model's scores on the original image. */
  readonly scores?: number[];
  /** Classification: one entry per explained class, the top class first. */
  readonly explanations?: LabelRecord[];
  /** Detection: every detection on the original image. */
  readonly detections?: DetectionRecord[];
  /** Detection: the explained objects (top `max_objects` above `probability_threshold`). */
  readonly objects?: ObjectRecord[];
  /** Detection: `<stem>_objects.jpeg` with the detections drawn. */
  readonly objects_image?: string;
  /** Detection: why `objects` is empty, when it is. */
  readonly no_objects_reason?: string;
  readonly timings: TimingsRecord;
}

/** An image that could not be decoded or predicted; the run went on. */
export interface FailedImageRecord {
  readonly file: string;
  readonly status: 'failed';
  /** The error's class name, e.g. `ImageDecodeError`, `ModelError`. */
  readonly error: string;
  /** The error's message. */
  readonly reason: string;
}

/** One image's entry. */
export type ImageRecord = SucceededImageRecord | FailedImageRecord;

/** The settings the run used (after defaults). */
export interface RunSettingsRecord {
  readonly model_type: 'IMAGE_CLASSIFICATION' | 'OBJECT_DETECTION';
  readonly num_segments: number;
  readonly segment_compactness: number;
  readonly num_samples: number;
  /** `shap.tolerance` (a clarify-ts addition), when the config set one: `num_samples` is then a ceiling. */
  readonly tolerance?: number;
  /** `shap.relative_tolerance` (a clarify-ts addition), when the config set one. */
  readonly relative_tolerance?: number;
  readonly use_logit: boolean;
  /** The baseline image URI, or `"noise"` (seeded white noise). */
  readonly baseline: string;
  readonly seed: number | null;
  readonly max_objects?: number;
  readonly iou_threshold?: number;
  readonly context?: number;
  readonly probability_threshold?: number;
  readonly label_headers?: string[];
  /**
   * What full colour means in the heat maps: `"per-heat-map"` (each its own max |φ|)
   * or `"shared"` (the run's max |φ|, so colours compare across images).
   * Absent in documents written before it existed (per heat map).
   */
  readonly heat_map_scale?: 'per-heat-map' | 'shared';
  /** Whether segment numbers are drawn on the heat maps. Absent in older documents (none were). */
  readonly segment_numbers?: boolean;
  /**
   * `true` when the heat maps fade the segments whose 95% interval φ ± 1.96·se contains 0
   * (`fadeUncertain`, CLI `--fade-uncertain`); written only then (absent: nothing faded).
   */
  readonly fade_uncertain?: true;
}

/** The whole `analysis.json` (or one host's `analysis.part-<host>.json`). */
export interface AnalysisDocument {
  readonly version: string;
  readonly engine: { readonly name: 'clarify-ts'; readonly version: string };
  /**
   * When the run started, ISO 8601 in UTC (`2026-12-07T15:49:04.000Z`); the
   * reports' date. Absent in documents written before it existed.
   */
  readonly created_at?: string;
  readonly settings: RunSettingsRecord;
  /** Counts over `images`. */
  readonly summary: { readonly images: number; readonly succeeded: number; readonly failed: number };
  /** For a part: the host that wrote it and the hosts of the job. */
  readonly shard?: { readonly host: string; readonly hosts: string[] };
  /** One entry per input image, sorted by `file`. */
  readonly images: ImageRecord[];
}

/** Counts the succeeded and failed images. */
export function summarize(images: readonly ImageRecord[]): AnalysisDocument['summary'] {
  const failed = images.filter((i) => i.status === 'failed').length;
  return { images: images.length, succeeded: images.length - failed, failed };
}
