/**
 * 16-bit label images decode, with libvips (sharp) as the independent reader,
 * to exactly the labels written, including values beyond 8 bits.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeLabelPng } from '../../src/engine/label-png.js';
import { ValidationError } from '../../src/errors.js';

describe('encodeLabelPng', () => {
  it('round-trips 0..65535 through a PNG decoder', async () => {
    const width = 7;
    const height = 5;
    const labels = Int32Array.from({ length: width * height }, (_, i) => (i * 1931) % 65536);
    labels[0] = 65535;
    labels[1] = 256;
    const png = encodeLabelPng(labels, width, height);
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width, height, channels: 1, depth: 'ushort' });
    const raw = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
    expect(Array.from(new Uint16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2))).toEqual(Array.from(labels));
  });

  it('refuses labels that do not fit 16 bits', () => {
    expect(() => encodeLabelPng([0, 65536], 2, 1)).toThrow(ValidationError);
    expect(() => encodeLabelPng([0, 1, 2], 2, 1)).toThrow(ValidationError);
  });
});
