import { drawSegmentBoundaries } from '../explain/boundaries.js';
import { slic, type SlicOptions } from '../explain/slic.js';
import { readRgbImage, writeImage } from './image-io.js';

/** Options of the `clarify-ts segment` command. */
export interface SegmentCommandOptions extends SlicOptions {
  /** Where to write the image with boundaries drawn (PNG, or JPEG by extension). */
  readonly out: string;
}

/** What `segment` did, for printing. */
export interface SegmentSummary {
  readonly input: string;
  readonly out: string;
  readonly width: number;
  readonly height: number;
  readonly numSegments: number;
  readonly milliseconds: number;
}

/** Segments one image file with SLIC and writes it with the superpixel boundaries drawn. */
export async function segmentCommand(input: string, options: SegmentCommandOptions): Promise<SegmentSummary> {
  const { out, ...slicOptions } = options;
  const image = await readRgbImage(input);
  const started = performance.now();
  const segmentation = slic(image, slicOptions);
  const milliseconds = performance.now() - started;
  await writeImage(out, drawSegmentBoundaries(image, segmentation.labels));
  return { input, out, width: image.width, height: image.height, numSegments: segmentation.numSegments, milliseconds };
}
