/** Seeded random SLIC inputs and options for the live parity test (and for replaying one). */
import { SeededRandom } from '../../src/explain/numeric/random.js';
import type { PixelArray, RasterImage } from '../../src/explain/image/raster.js';
import type { SlicOptions } from '../../src/explain/slic/slic.js';

export interface ParityCase {
  readonly image: RasterImage;
  readonly options: SlicOptions;
  readonly kwargs: Record<string, unknown>;
  readonly description: string;
}

function pick<T>(r: SeededRandom, items: readonly T[]): T {
  return items[r.nextBelow(items.length)];
}

function uniform(r: SeededRandom, lo: number, hi: number): number {
  return lo + (hi - lo) * r.nextFloat();
}

function makeImage(r: SeededRandom): { image: RasterImage; dtype: string; kind: string } {
  const sizeClass = r.nextFloat();
  const [maxW, maxH] = sizeClass < 0.2 ? [8, 8] : sizeClass < 0.7 ? [96, 96] : [400, 300];
  const width = 1 + r.nextBelow(maxW);
  const height = 1 + r.nextBelow(maxH);
  const channels = r.nextFloat() < 0.3 ? 1 : 3;
  const dtype = pick(r, ['uint8', 'uint8', 'uint8', 'uint8', 'uint16', 'float64']);
  const kind = pick(r, ['noise', 'gradient', 'blocks', 'gradient+noise']);
  const n = width * height * channels;
  const values = new Float64Array(n); // in [0, 1]
  const blocks = Array.from({ length: 1 + r.nextBelow(6) }, () => ({
    x0: r.nextBelow(width), y0: r.nextBelow(height), w: 1 + r.nextBelow(width), h: 1 + r.nextBelow(height),
    colour: Array.from({ length: channels }, () => r.nextFloat()),
  }));
  const slope = Array.from({ length: channels }, () => [uniform(r, -1, 1), uniform(r, -1, 1)]);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const i = (y * width + x) * channels + c;
        const g = 0.5 + 0.5 * (slope[c][0] * (x / Math.max(1, width - 1) - 0.5) + slope[c][1] * (y / Math.max(1, height - 1) - 0.5));
        let v: number;
        if (kind === 'noise') v = r.nextFloat();
        else if (kind === 'gradient') v = g;
        else if (kind === 'blocks') {
          v = 0.2;
          for (const b of blocks) if (x >= b.x0 && x < b.x0 + b.w && y >= b.y0 && y < b.y0 + b.h) v = b.colour[c];
        } else v = Math.min(1, Math.max(0, g + 0.15 * (r.nextFloat() - 0.5)));
        values[i] = v;
      }
    }
  }
  let data: PixelArray;
  if (dtype === 'uint8') data = Uint8Array.from(values, (v) => Math.round(v * 255));
  else if (dtype === 'uint16') data = Uint16Array.from(values, (v) => Math.round(v * 65535));
  else {
    const lo = uniform(r, -5, 5), span = uniform(r, 0.01, 10);
    data = Float64Array.from(values, (v) => lo + span * v);
  }
  return { image: { width, height, channels, data }, dtype, kind };
}

function makeOptions(r: SeededRandom, channels: number): { options: SlicOptions; kwargs: Record<string, unknown> } {
  const options: Record<string, unknown> = {};
  const kwargs: Record<string, unknown> = {};
  const set = (ts: string, py: string, v: unknown) => {
    options[ts] = v;
    kwargs[py] = v;
  };
  set('nSegments', 'n_segments', 1 + r.nextBelow(r.nextFloat() < 0.5 ? 40 : 400));
  const compactness = pick(r, [0.01, 0.1, 1, 5, 10, 20, 100, uniform(r, 0.05, 50)]);
  set('compactness', 'compactness', r.nextFloat() < 0.1 ? -compactness : compactness);
  if (r.nextFloat() < 0.3) set('maxNumIter', 'max_num_iter', r.nextBelow(13));
  const sigmaRoll = r.nextFloat();
  if (sigmaRoll < 0.2) set('sigma', 'sigma', uniform(r, 0.3, 3));
  else if (sigmaRoll < 0.3) set('sigma', 'sigma', [uniform(r, 0, 2), uniform(r, 0, 2)]);
  if (r.nextFloat() < 0.2) set('spacing', 'spacing', [uniform(r, 0.5, 2), uniform(r, 0.5, 2)]);
  if (r.nextFloat() < 0.2) set('enforceConnectivity', 'enforce_connectivity', false);
  if (r.nextFloat() < 0.3) set('minSizeFactor', 'min_size_factor', uniform(r, 0.1, 1));
  if (r.nextFloat() < 0.3) set('maxSizeFactor', 'max_size_factor', uniform(r, 1.5, 5));
  if (r.nextFloat() < 0.15) set('slicZero', 'slic_zero', true);
  if (r.nextFloat() < 0.3) set('startLabel', 'start_label', 0);
  if (channels === 3 && r.nextFloat() < 0.15) set('convert2lab', 'convert2lab', false);
  return { options: options as SlicOptions, kwargs };
}

export function makeCases(baseSeed: number, caseCount: number): ParityCase[] {
  const r = new SeededRandom(baseSeed);
  return Array.from({ length: caseCount }, (_, i) => {
    const { image, dtype, kind } = makeImage(r);
    const { options, kwargs } = makeOptions(r, image.channels);
    return {
      image,
      options,
      kwargs,
      description: `case ${i} (seed ${baseSeed}): ${image.width}x${image.height}x${image.channels} ${dtype} ${kind} ${JSON.stringify(kwargs)}`,
    };
  });
}

