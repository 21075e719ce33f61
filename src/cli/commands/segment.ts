/**
 * `clarify-ts segment`: segments an image with SLIC and draws the superpixel
 * boundaries on it.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { ImageDecodeError, ValidationError } from '../../errors.js';
import { drawSegmentBoundaries } from '../../explain/image/boundaries.js';
import { slic, type SlicOptions } from '../../explain/slic/slic.js';
import { readRgbImage, writeImage } from '../image-io.js';
import { mustExist } from '../missing-file.js';
import { integerParser, numberParser } from '../option-parsers.js';

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

/** The options of `segment`, as commander parses them. */
interface SegmentFlags {
  numSegments: number;
  compactness: number;
  sigma: number;
  maxNumIter: number;
  startLabel: number;
  slicZero: boolean;
  enforceConnectivity: boolean;
  out: string;
  json: boolean;
}

/** Adds `segment` to the program. */
export function addSegmentCommand(program: Command): void {
  program
    .command('segment')
    .description('Segment an image into SLIC superpixels (bit-identical to scikit-image) and draw their boundaries.')
    .argument('<image>', 'input image (PNG, JPEG, WebP, TIFF, ...)')
    .option('--num-segments <n>', 'requested number of superpixels', integerParser('--num-segments'), 20)
    .option('--compactness <m>', 'colour vs space balance (higher = squarer)', numberParser('--compactness'), 5)
    .option('--sigma <s>', 'Gaussian pre-smoothing width', numberParser('--sigma'), 0)
    .option('--max-num-iter <n>', 'k-means rounds', integerParser('--max-num-iter'), 10)
    .option('--start-label <n>', 'first label (0 or 1)', integerParser('--start-label'), 1)
    .option('--slic-zero', 'SLICO: adaptive compactness', false)
    .option('--no-enforce-connectivity', 'keep disconnected fragments')
    .option('--out <file>', 'output image with boundaries drawn', 'segments.png')
    .option('--json', 'print the summary as JSON', false)
    .action(segmentAndPrint);
}

async function segmentAndPrint(image: string, o: SegmentFlags): Promise<void> {
  await mustExist('<image>', image, 'image');
  const summary = await segmentCommand(image, {
    nSegments: o.numSegments,
    compactness: o.compactness,
    sigma: o.sigma,
    maxNumIter: o.maxNumIter,
    // Any integer parses; slic refuses all but 0 and 1 with a ValidationError naming startLabel.
    startLabel: o.startLabel as 0 | 1,
    slicZero: o.slicZero,
    enforceConnectivity: o.enforceConnectivity,
    out: o.out,
  }).catch((err: unknown) => {
    // The one image is the user's input: unreadable is bad input (exit 2), not a failed run.
    if (err instanceof ImageDecodeError) throw new ValidationError('<image>', image, 'a readable image file (PNG, JPEG, WebP, TIFF, ...)', err.message);
    throw err;
  });
  if (o.json) console.log(JSON.stringify(summary));
  else {
    console.log(
      `${summary.input}: ${summary.width}x${summary.height}, ${summary.numSegments} superpixels ` +
        `in ${summary.milliseconds.toFixed(0)} ms -> ${summary.out}`,
    );
  }
}
