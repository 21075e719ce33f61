import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { slic, type SlicOptions } from '../../../src/explain/slic/slic.js';
import type { RasterImage } from '../../../src/explain/image/raster.js';

const rgb: RasterImage = { width: 4, height: 3, channels: 3, data: new Uint8Array(36).map((_, i) => (i * 37) % 256) };

function rejection(image: RasterImage, options: SlicOptions = {}): ValidationError {
  try {
    slic(image, options);
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('slic rejects bad input with a ValidationError naming the field', () => {
  it.each([
    ['empty image (width 0)', { ...rgb, width: 0, data: new Uint8Array(0) }, 'image.width'],
    ['non-integer height', { ...rgb, height: 2.5 }, 'image.height'],
    ['wrong data length', { ...rgb, data: new Uint8Array(35) }, 'image.data'],
    ['unsupported array type', { ...rgb, data: new Int16Array(36) as unknown as Uint8Array }, 'image.data'],
    ['NaN pixel', { ...rgb, data: Float64Array.from({ length: 36 }, (_, i) => (i === 7 ? NaN : i)) }, 'image.data[7]'],
    ['infinite pixel', { ...rgb, data: Float32Array.from({ length: 36 }, (_, i) => (i === 3 ? -Infinity : i)) }, 'image.data[3]'],
  ] as const)('%s', (_name, image, field) => {
    const err = rejection(image as RasterImage);
    expect(err.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it.each([
    ['nSegments', { nSegments: 0 }, '>= 1'],
    ['nSegments', { nSegments: 2.5 }, 'integer'],
    ['nSegments', { nSegments: Number.NaN }, 'integer'],
    ['maxNumIter', { maxNumIter: -1 }, '>= 0'],
    ['maxNumIter', { maxNumIter: 1.5 }, 'integer'],
    ['startLabel', { startLabel: 2 as 0 }, '0 or 1'],
    ['minSizeFactor', { minSizeFactor: 0 }, '> 0'],
    ['maxSizeFactor', { maxSizeFactor: -3 }, '> 0'],
    ['compactness', { compactness: 0 }, 'other than 0'],
    ['compactness', { compactness: Number.POSITIVE_INFINITY }, 'finite'],
    ['sigma', { sigma: -1 }, '>= 0'],
    ['sigma', { sigma: [1] as unknown as [number, number] }, '2 ([y, x]) or 3'],
    ['spacing', { spacing: [1, 0] }, '> 0'],
    ['convert2lab', { convert2lab: 'yes' as unknown as boolean }, 'true, false'],
  ] as const)('%s = %j', (field, options, allowed) => {
    const err = rejection(rgb, options as SlicOptions);
    expect(err.field.startsWith(field)).toBe(true);
    expect(err.allowed).toContain(allowed);
  });

  it('refuses convert2lab=true without exactly 3 channels, as scikit-image does', () => {
    const gray: RasterImage = { width: 3, height: 3, channels: 1, data: new Uint8Array(9) };
    expect(rejection(gray, { convert2lab: true }).field).toBe('convert2lab');
  });

  it('mirrors scikit-image where it accepts odd values: negative compactness equals its absolute value', () => {
    const noisy: RasterImage = {
      width: 24,
      height: 16,
      channels: 3,
      data: Uint8Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 7919) % 251),
    };
    expect(slic(noisy, { nSegments: 6, compactness: -3 }).labels).toEqual(slic(noisy, { nSegments: 6, compactness: 3 }).labels);
  });
});

describe('slic on degenerate images', () => {
  it('labels a 1x1 image with the start label', () => {
    const one: RasterImage = { width: 1, height: 1, channels: 3, data: new Uint8Array([10, 20, 30]) };
    expect(Array.from(slic(one).labels)).toEqual([1]);
    expect(Array.from(slic(one, { startLabel: 0 }).labels)).toEqual([0]);
  });

  it('leaves every pixel at startLabel - 1 when maxNumIter is 0', () => {
    const labels = slic(rgb, { maxNumIter: 0, enforceConnectivity: false, startLabel: 1 }).labels;
    expect(Array.from(new Set(labels))).toEqual([0]);
    // With startLabel 0 the unassigned label is -1, and it still counts as one segment.
    const zero = slic(rgb, { maxNumIter: 0, enforceConnectivity: false, startLabel: 0 });
    expect(Array.from(new Set(zero.labels))).toEqual([-1]);
    expect(zero.numSegments).toBe(1);
  });

  it('gives every pixel its own label when nSegments covers every pixel', () => {
    const labels = slic(rgb, { nSegments: 12 }).labels;
    expect(Array.from(labels)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
