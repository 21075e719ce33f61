/**
 * The images and options bench/slic measures: the 512×512 astronaut photo of the SLIC
 * fixtures and the same photo resized (Lanczos) to 1448×1448 (~2.1 megapixels), at
 * Clarify's defaults and at scikit-image's.
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { SlicOptions } from '../../src/explain/slic/slic-options.js';

/** One set of options, as ours and as scikit-image's keyword arguments. */
export interface Config {
  readonly name: string;
  readonly options: SlicOptions;
  readonly kwargs: Record<string, number>;
}

/** A decoded RGB bench image. */
export interface BenchImage {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Clarify's defaults and scikit-image's. */
export const configs: readonly Config[] = [
  { name: 'clarify (20, 5)', options: { nSegments: 20, compactness: 5 }, kwargs: { n_segments: 20, compactness: 5 } },
  { name: 'skimage defaults (100, 10)', options: {}, kwargs: {} },
];

/** The 512×512 astronaut photo of the SLIC fixtures, and the same photo resized (Lanczos) to 1448×1448. */
export async function loadImages(): Promise<BenchImage[]> {
  const src = fileURLToPath(new URL('../../test/fixtures/slic/astronaut.png', import.meta.url));
  const small = await sharp(src).removeAlpha().raw().toUint8Array();
  const big = await sharp(src).resize(1448, 1448, { kernel: 'lanczos3' }).removeAlpha().raw().toUint8Array();
  return [
    { name: 'astronaut 512x512', width: small.info.width, height: small.info.height, data: small.data },
    { name: 'astronaut 1448x1448', width: big.info.width, height: big.info.height, data: big.data },
  ];
}
