import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import type { SlicOptions } from '../../src/explain/slic/slic.js';
import type { RasterImage } from '../../src/explain/image/raster.js';

export const SLIC_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'slic');

export interface SlicFixtureCase {
  readonly image: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly slic_kwargs: Record<string, unknown>;
  readonly labels: string;
  readonly num_labels: number;
}

export function readManifest(): { cases: SlicFixtureCase[] } {
  return JSON.parse(readFileSync(join(SLIC_FIXTURES, 'manifest.json'), 'utf8'));
}

/** Decodes a fixture PNG losslessly, with the channel count the manifest records. */
export async function readFixtureImage(c: SlicFixtureCase): Promise<RasterImage> {
  let pipeline = sharp(join(SLIC_FIXTURES, c.image));
  // sharp expands 8-bit grayscale PNGs to sRGB on output unless asked for one band.
  pipeline = c.channels === 1 ? pipeline.extractChannel(0) : pipeline.removeAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels, data: new Uint8Array(data) };
}

export function readFixtureLabels(c: SlicFixtureCase): Int32Array {
  const raw = gunzipSync(readFileSync(join(SLIC_FIXTURES, c.labels)));
  const copy = new Uint8Array(raw); // own buffer, aligned
  return new Int32Array(copy.buffer, 0, copy.length / 4);
}

const KWARG_NAMES: Record<string, keyof SlicOptions | null> = {
  n_segments: 'nSegments',
  compactness: 'compactness',
  max_num_iter: 'maxNumIter',
  sigma: 'sigma',
  spacing: 'spacing',
  convert2lab: 'convert2lab',
  enforce_connectivity: 'enforceConnectivity',
  min_size_factor: 'minSizeFactor',
  max_size_factor: 'maxSizeFactor',
  slic_zero: 'slicZero',
  start_label: 'startLabel',
  // Grayscale fixtures pass channel_axis=None: our 1-channel raster is the same thing.
  channel_axis: null,
};

/** Python keyword arguments → {@link SlicOptions}; an unknown keyword is an error. */
export function toSlicOptions(kwargs: Record<string, unknown>): SlicOptions {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(kwargs)) {
    if (!(key in KWARG_NAMES)) throw new Error(`unknown slic keyword in fixture: ${key}`);
    const name = KWARG_NAMES[key];
    if (name) options[name] = value;
  }
  return options as SlicOptions;
}
