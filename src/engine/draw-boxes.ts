/**
 * Draws detection boxes on an image (the `<stem>_objects.jpeg` of a detection
 * run): 2-pixel outlines, one colour per explained rank.
 *
 * @packageDocumentation
 */
import type { RgbImage } from '../explain/image/rgb.js';

const PALETTE: readonly (readonly [number, number, number])[] = [
  [0, 200, 0],
  [255, 140, 0],
  [200, 0, 200],
  [0, 160, 255],
  [255, 0, 0],
];

/** A copy of `image` with each normalised box `[x0, y0, x1, y1]` outlined. */
export function drawBoxes(image: RgbImage, boxes: readonly (readonly [number, number, number, number])[]): RgbImage {
  const { width, height } = image;
  const data = Uint8Array.from(image.data);
  boxes.forEach((box, k) => {
    const color = PALETTE[k % PALETTE.length];
    const x0 = clamp(Math.round(box[0] * width), width);
    const y0 = clamp(Math.round(box[1] * height), height);
    const x1 = clamp(Math.round(box[2] * width) - 1, width);
    const y1 = clamp(Math.round(box[3] * height) - 1, height);
    const paint = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= width || y >= height) return;
      data.set(color, (y * width + x) * 3);
    };
    for (let t = 0; t < 2; t++) {
      for (let x = x0; x <= x1; x++) {
        paint(x, y0 + t);
        paint(x, y1 - t);
      }
      for (let y = y0; y <= y1; y++) {
        paint(x0 + t, y);
        paint(x1 - t, y);
      }
    }
  });
  return { width, height, channels: 3, data };
}

function clamp(v: number, size: number): number {
  return Math.min(size - 1, Math.max(0, v));
}
