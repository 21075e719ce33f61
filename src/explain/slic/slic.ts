import { enforceConnectivity } from './connectivity.js';
import { regularGrid } from './grid.js';
import { type ImageInput, isNdArrayLike, toRasterImage } from '../image/raster.js';
import { computeSlicFeatures } from './slic-features.js';
import { slicKMeans } from './slic-kmeans.js';
import { resolveSlicOptions } from './slic-options.js';

export type { SlicOptions } from './slic-options.js';
import type { SlicOptions } from './slic-options.js';

/** A label image returned by {@link slic}. */
export interface Segmentation {
  /** `height * width` labels, row-major, exactly as scikit-image returns them. As a `[height, width]` ndarray: {@link labelsAsNdarray}. */
  readonly labels: Int32Array;
  readonly width: number;
  readonly height: number;
  /** Number of distinct labels in `labels`. */
  readonly numSegments: number;
  /** Number of seeds the regular grid placed (the k of k-means). */
  readonly numSeeds: number;
}

/**
 * Segments an image into superpixels with SLIC, producing exactly the labels of
 * scikit-image's `skimage.segmentation.slic` for the same pixels and options
 * (2-D images, no mask; grayscale images correspond to `channel_axis=None`).
 *
 * `image` may also be an ndarray `[height, width, channels]` or `[height, width]`,
 * a strided view included: its pixels are read once through the strides, and
 * the labels are those of the same pixels stored contiguously.
 *
 * @example
 * ```ts
 * import { slic } from 'clarify-ts/explain';
 * // Clarify's defaults for image explanations:
 * const seg = slic(image, { nSegments: 20, compactness: 5 });
 * console.log(seg.numSegments, seg.labels[0]);
 * ```
 *
 * @throws {@link ValidationError} for an empty or malformed image, NaN/infinite
 *   samples, and option values scikit-image rejects (or that would crash it).
 */
export function slic(input: ImageInput, options: SlicOptions = {}): Segmentation {
  // A RasterImage goes straight to resolveSlicOptions, which checks it: one pass over its samples.
  const image = isNdArrayLike(input) ? toRasterImage(input, 'image') : input;
  const o = resolveSlicOptions(image, options);
  const { width, height, channels } = image;
  // Colour scaled by 1/compactness after smoothing, as scikit-image does.
  const { features } = computeSlicFeatures(image, o, false, 1 / o.compactness);

  // Seeds from the requested count; windows from the count actually placed.
  const [, gy, gx] = regularGrid([1, height, width], o.nSegments);
  const seedY: number[] = [];
  const seedX: number[] = [];
  for (let y = gy.start; y < height; y += gy.step) {
    for (let x = gx.start; x < width; x += gx.step) {
      seedY.push(y);
      seedX.push(x);
    }
  }
  const numSeeds = seedY.length;
  const step = Math.max(1, gy.step, gx.step);

  const [, wy, wx] = regularGrid([1, height, width], numSeeds);
  const labels = slicKMeans({
    features,
    width,
    height,
    channels,
    seedY: Float64Array.from(seedY),
    seedX: Float64Array.from(seedX),
    windowY: wy.step,
    windowX: wx.step,
    step,
    spacing: o.spacing,
    maxNumIter: o.maxNumIter,
    slicZero: o.slicZero,
    startLabel: o.startLabel,
  });

  if (o.enforceConnectivity) {
    const segmentSize = (width * height) / numSeeds;
    const connected = enforceConnectivity(
      labels,
      width,
      height,
      Math.trunc(o.minSizeFactor * segmentSize),
      Math.trunc(o.maxSizeFactor * segmentSize),
      o.startLabel,
    );
    return { labels: connected.labels, width, height, numSegments: connected.count, numSeeds };
  }
  return { labels, width, height, numSegments: countDistinct(labels), numSeeds };
}

function countDistinct(labels: Int32Array): number {
  // Labels are small integers from -1 (unassigned with startLabel 0) to the pixel count.
  let max = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  const seen = new Uint8Array(max + 2);
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const slot = labels[i] + 1;
    if (seen[slot] === 0) {
      seen[slot] = 1;
      count++;
    }
  }
  return count;
}
