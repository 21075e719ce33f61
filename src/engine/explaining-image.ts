/**
 * One image on its way through the image task: decoded, named and enlarged,
 * collecting the files its classification or detection step renders.
 *
 * @packageDocumentation
 */
import { resolveScale } from '../explain/image/heatmap.js';
import type { RgbImage } from '../explain/image/rgb.js';
import { drawHeatMap, enlargeForDrawing, enlargeSegments } from './heat-map-drawing.js';
import { decodeRgb, encodeJpeg } from './image-codec.js';
import type { ImageTaskSettings, OutputFile } from './image-task-types.js';
import { encodeLabelPng } from './label-png.js';
import { type OutputNames, assignOutputStems, outputNames } from './output-names.js';

/** What the classification and detection steps share for one image: its pixels, names, files and timings. */
export class ExplainingImage {
  #largeSegments: Int32Array | undefined;

  private constructor(
    /** The input's name, as the run lists it. */
    readonly file: string,
    /** The decoded input. */
    readonly image: RgbImage,
    /** The names of the image's output files. */
    readonly names: OutputNames,
    /** The input enlarged to the result size; heat maps and boxes are drawn over it. */
    readonly large: RgbImage,
    /** The files rendered so far, in the order they were rendered (the enlarged input first). */
    readonly files: OutputFile[],
    private readonly factor: number,
    private readonly settings: ImageTaskSettings,
    private readonly startedAt: number,
    private readonly decodedAt: number,
  ) {}

  /**
   * Decodes `bytes` and renders the first output file: the input as the report
   * shows it, enlarged like the heat maps (the report may be built where the
   * inputs are not).
   *
   * @throws {@link ImageDecodeError} when the bytes are not an image.
   */
  static async decode(file: string, bytes: Uint8Array, settings: ImageTaskSettings): Promise<ExplainingImage> {
    const startedAt = performance.now();
    const image = await decodeRgb(bytes, file, settings.maxPixels);
    const decodedAt = performance.now();
    const names = outputNames(settings.outputStem ?? (assignOutputStems([file]).get(file) as string));
    const { large, factor } = enlargeForDrawing(image);
    const files: OutputFile[] = [{ path: names.image, body: await encodeJpeg(large) }];
    return new ExplainingImage(file, image, names, large, files, factor, settings, startedAt, decodedAt);
  }

  /** Adds a rendered file. */
  addFile(path: string, body: Uint8Array): void {
    this.files.push({ path, body });
  }

  /**
   * Renders one heat map at its own max |φ|, unless the settings defer heat maps
   * to a shared scale; returns that scale either way. `standardErrors` (φ's, when
   * sampled) fade uncertain segments when the settings ask (`fadeUncertain`).
   */
  async heatMap(path: string, segments: Int32Array, shapValues: Float64Array, standardErrors?: Float64Array): Promise<number> {
    const scale = resolveScale('max-abs', shapValues);
    if (this.settings.deferHeatMaps === true) return scale;
    // Enlarged once, at the first heat map: a deferred run never needs it.
    this.#largeSegments ??= enlargeSegments(segments, this.image, this.factor);
    const uncertain = this.settings.fadeUncertain === true && standardErrors !== undefined ? { fadeUncertain: true, standardErrors } : {};
    this.addFile(path, await drawHeatMap(this.large, this.#largeSegments, shapValues, scale, this.settings.segmentNumbers === true, uncertain));
    return scale;
  }

  /** Adds the label image, each pixel's segment: what a later redraw at a shared scale reads back. */
  addLabelImage(segments: Int32Array): void {
    this.addFile(this.names.labelImage, encodeLabelPng(segments, this.image.width, this.image.height));
  }

  /** The fields every succeeded image record starts with, in analysis.json's order. */
  recordBase(seed: number, numSegments: number, numEvaluations: number) {
    const { file, image, names } = this;
    return { file, status: 'succeeded' as const, width: image.width, height: image.height, image: names.image, seed, num_segments: numSegments, label_image: names.labelImage, num_evaluations: numEvaluations };
  }

  /** The record's timings: explaining ended at `explainedAt`, rendering ends now. */
  timings(explainedAt: number): { decode_ms: number; explain_ms: number; render_ms: number } {
    return { decode_ms: this.decodedAt - this.startedAt, explain_ms: explainedAt - this.decodedAt, render_ms: performance.now() - explainedAt };
  }
}
