/**
 * Segment numbers drawn on a heat map, so that a row of a report's segment
 * table ("segment 7: φ = +0.120") can be found on the image. Plain typed-array
 * code (no Node APIs), like the rest of `clarify-ts/explain`.
 *
 * @packageDocumentation
 */

// 3 × 5 bitmap digits, row by row, '1' = ink. Small enough for segments of a
// 256-pixel image, legible once scaled and outlined.
const GLYPHS = [
  '111101101101111', '010110010010111', '111001111100111', '111001111001111', '101101111001001',
  '111100111001111', '111100111101111', '111001001001001', '111101111101111', '111101111001111',
] as const;
const GLYPH_W = 3;
const GLYPH_H = 5;

/** Where a segment's number goes: the pixel (x, y) at the centre of its text. */
export interface SegmentAnchor {
  readonly segment: number;
  readonly x: number;
  readonly y: number;
}

/** Options of {@link drawSegmentNumbers}. */
export interface SegmentNumberOptions {
  /**
   * Size of one font pixel, in image pixels (digits are 3 × 5 font pixels).
   * @default max(1, round(min(width, height) / 128)): 2 on the engine's 256-pixel heat maps
   */
  readonly scale?: number;
  /**
   * Colour of the digits; they are outlined in the opposite of black or white.
   * @default [255, 255, 255] (white, outlined in black)
   */
  readonly color?: readonly [number, number, number];
}

/** The text box of a number at a font scale, in pixels. */
function textSize(segment: number, scale: number): { w: number; h: number } {
  const digits = String(segment).length;
  return { w: (digits * (GLYPH_W + 1) - 1) * scale, h: GLYPH_H * scale };
}

/**
 * Picks, for each segment, where its number reads best: the pixel deepest
 * inside the segment (chessboard distance to another segment or the image's
 * edge), counting depth only up to what the number's box needs, and among
 * those the one nearest the segment's centroid. A centroid alone may lie
 * outside a curved segment, or on its edge where the digits would cover a
 * neighbour.
 *
 * @param segments - Dense segment index per pixel (0..K−1).
 * @param scale - Font scale the numbers will be drawn at.
 * @returns One anchor per segment present, by segment index.
 */
export function segmentAnchors(segments: Int32Array, width: number, height: number, scale: number): SegmentAnchor[] {
  const n = width * height;
  let count = 0;
  for (let p = 0; p < n; p++) if (segments[p] + 1 > count) count = segments[p] + 1;
  const sumX = new Float64Array(count);
  const sumY = new Float64Array(count);
  const size = new Float64Array(count);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const j = segments[p];
      sumX[j] += x;
      sumY[j] += y;
      size[j]++;
    }
  }
  const depth = depthInSegment(segments, width, height);
  const need = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const { w, h } = textSize(j, scale);
    // Half the box (plus the outline) fits around the anchor at this depth.
    need[j] = Math.ceil(Math.max(w, h) / 2) + 2;
  }
  const bestScore = new Float64Array(count).fill(-1);
  const bestDist = new Float64Array(count).fill(Infinity);
  const bestP = new Int32Array(count).fill(-1);
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      const j = segments[p];
      const score = Math.min(depth[p], need[j]);
      const dx = x - sumX[j] / size[j];
      const dy = y - sumY[j] / size[j];
      const dist = dx * dx + dy * dy;
      if (score > bestScore[j] || (score === bestScore[j] && dist < bestDist[j])) {
        bestScore[j] = score;
        bestDist[j] = dist;
        bestP[j] = p;
      }
    }
  }
  const anchors: SegmentAnchor[] = [];
  for (let j = 0; j < count; j++) if (bestP[j] >= 0) anchors.push({ segment: j, x: bestP[j] % width, y: Math.floor(bestP[j] / width) });
  return anchors;
}

/** Chessboard distance (1 at a segment's edge) from each pixel to the nearest pixel of another segment or outside the image. */
function depthInSegment(segments: Int32Array, width: number, height: number): Uint32Array {
  const d = new Uint32Array(width * height);
  const same = (p: number, x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && segments[y * width + x] === segments[p];
  const edge = (p: number, x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if ((dx !== 0 || dy !== 0) && !same(p, x + dx, y + dy)) return true;
    return false;
  };
  // Two passes: every neighbour of an inner pixel is in its segment, so no label test is needed in them.
  for (let y = 0, p = 0; y < height; y++) {
    for (let x = 0; x < width; x++, p++) {
      d[p] = edge(p, x, y) ? 1 : Math.min(d[p - 1], d[p - width - 1], d[p - width], d[p - width + 1]) + 1;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const p = y * width + x;
      if (d[p] === 1) continue;
      d[p] = Math.min(d[p], d[p + 1] + 1, d[p + width - 1] + 1, d[p + width] + 1, d[p + width + 1] + 1);
    }
  }
  return d;
}

/**
 * Draws each segment's index (the number of its row in the report's tables and
 * of its `shap_values` entry) onto an RGBA or RGB image, in place: small digits
 * with a one-pixel outline, centred on {@link segmentAnchors}' pixel and kept
 * inside the image.
 *
 * @param data - Interleaved pixels, `channels` per pixel; alpha (if any) is left as it is.
 * @param segments - Dense segment index per pixel.
 */
export function drawSegmentNumbers(
  data: Uint8Array,
  width: number,
  height: number,
  channels: 3 | 4,
  segments: Int32Array,
  options: SegmentNumberOptions = {},
): void {
  const scale = options.scale ?? Math.max(1, Math.round(Math.min(width, height) / 128));
  const ink = options.color ?? [255, 255, 255];
  const luma = 0.299 * ink[0] + 0.587 * ink[1] + 0.114 * ink[2];
  const outline = luma >= 128 ? [0, 0, 0] : [255, 255, 255];
  for (const anchor of segmentAnchors(segments, width, height, scale)) {
    const text = String(anchor.segment);
    const { w, h } = textSize(anchor.segment, scale);
    // Clamped so that the digits and their outline stay inside the image.
    const left = Math.max(1, Math.min(width - w - 1, anchor.x - Math.floor(w / 2)));
    const top = Math.max(1, Math.min(height - h - 1, anchor.y - Math.floor(h / 2)));
    const mask = new Uint8Array((w + 2) * (h + 2));
    for (let k = 0; k < text.length; k++) {
      const glyph = GLYPHS[text.charCodeAt(k) - 48];
      for (let gy = 0; gy < GLYPH_H; gy++) {
        for (let gx = 0; gx < GLYPH_W; gx++) {
          if (glyph[gy * GLYPH_W + gx] !== '1') continue;
          for (let sy = 0; sy < scale; sy++) {
            for (let sx = 0; sx < scale; sx++) mask[(1 + gy * scale + sy) * (w + 2) + 1 + (k * (GLYPH_W + 1) + gx) * scale + sx] = 1;
          }
        }
      }
    }
    for (let my = 0; my < h + 2; my++) {
      for (let mx = 0; mx < w + 2; mx++) {
        const x = left - 1 + mx;
        const y = top - 1 + my;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        let colour: readonly number[] | undefined;
        if (mask[my * (w + 2) + mx] === 1) colour = ink;
        else if (touchesInk(mask, w + 2, h + 2, mx, my)) colour = outline;
        if (colour === undefined) continue;
        const o = (y * width + x) * channels;
        data[o] = colour[0];
        data[o + 1] = colour[1];
        data[o + 2] = colour[2];
      }
    }
  }
}

function touchesInk(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx >= 0 && yy >= 0 && xx < w && yy < h && mask[yy * w + xx] === 1) return true;
    }
  }
  return false;
}
