/**
 * Decoding as Clarify's container does: EXIF orientation applied, alpha
 * dropped, gray expanded to RGB, 16-bit reduced to 8-bit.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src/engine/image-codec.js';
import { encodeLabelPng } from '../../src/engine/label-png.js';
import { ImageDecodeError } from '../../src/errors.js';

describe('decodeRgb', () => {
  it('applies the EXIF orientation', async () => {
    // 4 wide, 2 high; orientation 6 = rotate 90° clockwise to display.
    const raw = Buffer.alloc(4 * 2 * 3, 0);
    raw.fill(255, 0, 3); // top-left pixel white
    const jpeg = await sharp(raw, { raw: { width: 4, height: 2, channels: 3 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer();
    const image = await decodeRgb(jpeg, 'rotated.jpg');
    expect([image.width, image.height, image.channels]).toEqual([2, 4, 3]);
    // After a clockwise quarter turn the old top-left corner is the top-right one.
    expect(image.data[(0 * 2 + 1) * 3]).toBeGreaterThan(150);
    expect(image.data[0]).toBeLessThan(100);
  });

  it('drops alpha without compositing, expands gray, and reduces 16-bit samples', async () => {
    const rgba = await sharp(Buffer.from([10, 20, 30, 0]), { raw: { width: 1, height: 1, channels: 4 } }).png().toBuffer();
    expect(Array.from((await decodeRgb(rgba, 'a.png')).data)).toEqual([10, 20, 30]);

    // A 16-bit grayscale PNG (the label-image encoder writes exactly that format).
    const png16 = encodeLabelPng([0, 65535, 257 * 100], 3, 1);
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    expect(Array.from((await decodeRgb(png16, 'g.png')).data)).toEqual([0, 0, 0, 255, 255, 255, 100, 100, 100]);
  });

  it('raises ImageDecodeError naming the file', async () => {
    await expect(decodeRgb(new Uint8Array([1, 2, 3]), 'x/broken.png')).rejects.toThrow(ImageDecodeError);
    await expect(decodeRgb(new Uint8Array([1, 2, 3]), 'x/broken.png')).rejects.toThrow(/x\/broken\.png/);
  });
});
