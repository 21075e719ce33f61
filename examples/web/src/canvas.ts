/** Puts an 8-bit RGB or RGBA raster on a canvas at its own size. */
export function putRaster(canvas: HTMLCanvasElement, raster: { width: number; height: number; channels: number; data: Uint8Array }): void {
  const { width, height, channels, data } = raster;
  const rgba = new Uint8ClampedArray(width * height * 4);
  if (channels === 4) rgba.set(data);
  else {
    for (let p = 0; p < width * height; p++) {
      rgba[p * 4] = data[p * channels];
      rgba[p * 4 + 1] = data[p * channels + 1];
      rgba[p * 4 + 2] = data[p * channels + 2];
      rgba[p * 4 + 3] = 255;
    }
  }
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
}

/** The pixel (of an image `width` × `height` drawn over the whole element) under a mouse event, or null outside. */
export function pixelAt(element: Element, event: MouseEvent, width: number, height: number): { x: number; y: number } | null {
  const rect = element.getBoundingClientRect();
  const x = Math.floor(((event.clientX - rect.left) / rect.width) * width);
  const y = Math.floor(((event.clientY - rect.top) / rect.height) * height);
  return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : null;
}
