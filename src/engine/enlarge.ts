/**
 * Nearest-neighbour enlargement by an integer factor, so that small inputs
 * (the demo's 64 × 64) give legible result images with thin segment outlines.
 *
 * @packageDocumentation
 */

/** Result images' shorter side is enlarged to at least this many pixels. */
export const MIN_RESULT_SIDE = 256;

/** The integer factor that brings the shorter side to at least {@link MIN_RESULT_SIDE}. */
export function enlargeFactor(width: number, height: number): number {
  return Math.max(1, Math.floor(MIN_RESULT_SIDE / Math.min(width, height)));
}

/** Repeats every sample `factor × factor` times; works for pixels and for segment labels alike. */
export function enlarge<T extends Uint8Array | Int32Array>(
  image: { width: number; height: number; channels: number; data: T },
  factor: number,
): { width: number; height: number; channels: number; data: T } {
  if (factor === 1) return image;
  const { width, height, channels, data } = image;
  const W = width * factor;
  const out = new (data.constructor as new (n: number) => T)(W * height * factor * channels);
  for (let y = 0; y < height * factor; y++) {
    const sy = Math.floor(y / factor);
    for (let x = 0; x < W; x++) {
      const s = (sy * width + Math.floor(x / factor)) * channels;
      out.set(data.subarray(s, s + channels), (y * W + x) * channels);
    }
  }
  return { width: W, height: height * factor, channels, data: out };
}
