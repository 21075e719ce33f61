/**
 * A synthetic photo for memory and speed runs (a 5 × 4 grid of colour blocks
 * with mild seeded noise, on which SLIC at Clarify's defaults finds ~20 segments)
 * and a model whose cost is negligible beside the explainer's.
 */
import type { ImageClassifier } from '../../src/explain/model/image-model.js';
import type { RasterImage } from '../../src/explain/image/raster.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';

/** A 5 × 4 grid of colour blocks with mild seeded noise: SLIC at Clarify's defaults finds ~20 segments. */
export function blocks(width: number, height: number): RasterImage {
  const random = new SeededRandom(5);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const by = Math.floor((y * 4) / height);
    for (let x = 0; x < width; x++) {
      const block = Math.floor((x * 5) / width) + 5 * by;
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) data[o + c] = ((block * (37 + 61 * c)) % 200) + 20 + random.nextBelow(16);
    }
  }
  return { width, height, channels: 3, data };
}

/** A model that reads a sparse grid of pixels, so that the time and memory measured are the explainer's. */
export const sparseGridModel: ImageClassifier = {
  predict: async (images) =>
    images.map((im) => {
      let s = 0;
      for (let i = 0; i < im.data.length; i += 9973) s += im.data[i];
      return [s, 1];
    }),
};
