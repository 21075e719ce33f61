/**
 * Nearest-neighbour enlargement, as the engine draws result images (src/engine/enlarge.ts):
 * small inputs (the demo's 64 × 64) are drawn 4× so that segment outlines stay one
 * pixel wide, as in the report.
 */

/** The integer factor that brings the shorter side towards 256 pixels, the longer at most 4096 (the engine's). */
export function enlargeFactor(width: number, height: number): number {
  const wanted = Math.floor(256 / Math.min(width, height));
  const allowed = Math.floor(4096 / Math.max(width, height));
  return Math.max(1, Math.min(wanted, allowed));
}

/** Repeats every sample `factor × factor` times; for pixels and for segment labels alike. */
export function enlarge<T extends Uint8Array | Int32Array>(data: T, width: number, height: number, channels: number, factor: number): T {
  if (factor === 1) return data;
  const rowLength = width * factor * channels;
  const out = (data instanceof Int32Array ? new Int32Array(rowLength * height * factor) : new Uint8Array(rowLength * height * factor)) as T;
  for (let y = 0; y < height; y++) {
    const first = y * factor * rowLength;
    let o = first;
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * channels;
      for (let r = 0; r < factor; r++) for (let c = 0; c < channels; c++) out[o++] = data[s + c];
    }
    for (let r = 1; r < factor; r++) out.copyWithin(first + r * rowLength, first, first + rowLength);
  }
  return out;
}
