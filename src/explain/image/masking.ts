/**
 * Renders coalitions of segments into images: present segments keep the
 * input's pixels, absent ones take the baseline's co-located pixels.
 *
 * @packageDocumentation
 */
import type { RgbImage } from './rgb.js';
import type { SegmentMap } from './segments.js';

/**
 * Renders masked images into a fixed set of reused buffers, so that memory is
 * `batchSize` images whatever the number of coalitions.
 *
 * Each segment is copied as whole row runs (`TypedArray#set` of a span), never
 * pixel by pixel, and nothing is allocated per mask.
 *
 * @example
 * ```ts
 * const batch = new MaskedBatch(image, buildBaseline(image, 'noise', segments, 7), segments, 32);
 * const images = batch.render(masks); // masks[i][j] === 1 keeps segment j
 * ```
 */
export class MaskedBatch {
  /** Images handed out by {@link MaskedBatch.render}; their buffers are overwritten by the next call. */
  private readonly images: RgbImage[];
  private readonly source: Uint8Array;
  private readonly baseline: Uint8Array;
  private readonly segments: SegmentMap;

  /**
   * @param image - the input, 8-bit RGB.
   * @param baseline - same size as `image`; see {@link buildBaseline}.
   * @param segments - the features.
   * @param capacity - most masks per {@link MaskedBatch.render} call.
   */
  constructor(image: RgbImage, baseline: RgbImage, segments: SegmentMap, capacity: number) {
    this.source = image.data;
    this.baseline = baseline.data;
    this.segments = segments;
    const size = image.width * image.height * 3;
    const buffer = new Uint8Array(size * capacity);
    this.images = Array.from({ length: capacity }, (_, i) => ({
      width: image.width,
      height: image.height,
      channels: 3 as const,
      data: buffer.subarray(i * size, (i + 1) * size),
    }));
  }

  /** Most masks one {@link MaskedBatch.render} call accepts. */
  get capacity(): number {
    return this.images.length;
  }

  /**
   * Renders one image per mask (`mask[j] !== 0` keeps segment j). The returned
   * images share this batch's buffers: they stay valid until the next call.
   */
  render(masks: readonly ArrayLike<number>[]): RgbImage[] {
    if (masks.length > this.images.length) {
      throw new RangeError(`render() got ${masks.length} masks; this batch holds ${this.images.length}`);
    }
    for (let i = 0; i < masks.length; i++) this.renderInto(masks[i], this.images[i].data);
    return masks.length === this.images.length ? this.images : this.images.slice(0, masks.length);
  }

  /** Renders one mask into `out` (`width · height · 3` bytes). */
  renderInto(mask: ArrayLike<number>, out: Uint8Array): void {
    const { runStarts, runs, numSegments } = this.segments;
    for (let j = 0; j < numSegments; j++) {
      const from = mask[j] !== 0 ? this.source : this.baseline;
      for (let r = runStarts[j]; r < runStarts[j + 1]; r++) {
        const start = runs[2 * r] * 3;
        const end = start + runs[2 * r + 1] * 3;
        // Short runs: a plain loop beats creating a subarray view for `set`.
        if (end - start < 96) for (let i = start; i < end; i++) out[i] = from[i];
        else out.set(from.subarray(start, end), start);
      }
    }
  }
}
