/**
 * Box geometry for object detection: IoU and the context window.
 *
 * @packageDocumentation
 */

/** `[x0, y0, x1, y1]`, normalised to [0, 1] by the image width and height. */
export type Box = readonly [number, number, number, number];

/** Intersection over union of two boxes (0 when either is empty). */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * The region left visible around a box for a given `context`, in pixels
 * `[x0, y0, x1, y1)` (end-exclusive), clipped to the image:
 * - `context = 1`: the whole image (Clarify: "1 masks nothing");
 * - `0 ≤ context < 1`: the box grown on each side by `context` times its own
 *   width (left, right) and height (top, bottom); `0` is the box alone
 *   (Clarify: "0 masks everything outside the box").
 *
 * A pixel is inside when its centre is.
 */
export function contextWindow(box: Box, context: number, width: number, height: number): [number, number, number, number] {
  if (context >= 1) return [0, 0, width, height];
  const bw = box[2] - box[0];
  const bh = box[3] - box[1];
  const x0 = (box[0] - context * bw) * width;
  const x1 = (box[2] + context * bw) * width;
  const y0 = (box[1] - context * bh) * height;
  const y1 = (box[3] + context * bh) * height;
  // Pixel x is inside when x + 0.5 ∈ [x0, x1].
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  return [
    clamp(Math.ceil(x0 - 0.5), width),
    clamp(Math.ceil(y0 - 0.5), height),
    clamp(Math.floor(x1 - 0.5) + 1, width),
    clamp(Math.floor(y1 - 0.5) + 1, height),
  ];
}
