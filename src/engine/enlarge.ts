/**
 * Nearest-neighbour enlargement by an integer factor, so that small inputs
 * (the demo's 64 × 64) give legible result images with thin segment outlines.
 *
 * @packageDocumentation
 */

/** Result images' shorter side is enlarged to at least this many pixels… */
export const MIN_RESULT_SIDE = 256;

/**
 * …unless that would take the longer side past this many pixels. The bound holds
 * for thin inputs (600 × 2 would otherwise become 76800 × 256, past JPEG's 65535
 * and into gigabytes for 12000 × 1).
 */
export const MAX_RESULT_SIDE = 4096;

/** The integer factor (≥ 1) that brings the shorter side towards {@link MIN_RESULT_SIDE} within {@link MAX_RESULT_SIDE}. */
export function enlargeFactor(width: number, height: number): number {
  const wanted = Math.floor(MIN_RESULT_SIDE / Math.min(width, height));
  const allowed = Math.floor(MAX_RESULT_SIDE / Math.max(width, height));
  return Math.max(1, Math.min(wanted, allowed));
}

/** Repeats every sample `factor × factor` times; works for pixels and for segment labels alike. */
export function enlarge<T extends Uint8Array | Int32Array>(
  image: { width: number; height: number; channels: number; data: T },
  factor: number,
): { width: number; height: number; channels: number; data: T } {
  if (factor === 1) return image;
  const { width, height, channels, data } = image;
  const W = width * factor;
  const rowLength = W * channels;
  // A plain typed array, never `data.constructor`: for a Buffer that is the deprecated `Buffer(n)`.
  const out = (data instanceof Int32Array ? new Int32Array(rowLength * height * factor) : new Uint8Array(rowLength * height * factor)) as T;
  for (let y = 0; y < height; y++) {
    const first = y * factor * rowLength;
    let o = first;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * channels;
      for (let r = 0; r < factor; r++) for (let c = 0; c < channels; c++) out[o++] = data[s + c];
    }
    // The other rows of the block are copies of the first.
    for (let r = 1; r < factor; r++) out.copyWithin(first + r * rowLength, first, first + rowLength);
  }
  return { width: W, height: height * factor, channels, data: out };
}
