/**
 * The images and options bench/slic measures, shared by `index.ts` (ours against
 * scikit-image) and `compare-builds.mjs` (one build against another). Plain JavaScript
 * because `compare-builds.mjs` runs in plain Node: tsx's loader would detach an
 * ArrayBuffer and change the code V8 compiles (see bench/README.md).
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

/** Clarify's defaults and scikit-image's, as our options and as scikit-image's keyword arguments. */
export const configs = [
  { name: 'clarify (20, 5)', options: { nSegments: 20, compactness: 5 }, kwargs: { n_segments: 20, compactness: 5 } },
  { name: 'skimage defaults (100, 10)', options: {}, kwargs: {} },
];

/** The 512×512 astronaut photo of the SLIC fixtures, and the same photo resized (Lanczos) to 1448×1448. */
export async function loadImages() {
  const src = fileURLToPath(new URL('../../test/fixtures/slic/astronaut.png', import.meta.url));
  const small = await sharp(src).removeAlpha().raw().toUint8Array();
  const big = await sharp(src).resize(1448, 1448, { kernel: 'lanczos3' }).removeAlpha().raw().toUint8Array();
  return [
    { name: 'astronaut 512x512', width: small.info.width, height: small.info.height, data: small.data },
    { name: 'astronaut 1448x1448', width: big.info.width, height: big.info.height, data: big.data },
  ];
}
