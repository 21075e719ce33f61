import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { encodeNpy } from '../../src/python/npy.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/npy/${name}.npy`, import.meta.url)));
const values = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);

describe('encodeNpy of uint8 arrays (the image models\' application/x-npy bodies)', () => {
  it.each([
    ['u8-2x3x3', [2, 3, 3]],
    ['u8-1x2x2x3', [1, 2, 2, 3]],
    ['u8-5', [5]],
  ])('writes the bytes numpy.save writes for %s', (name, shape) => {
    const count = shape.reduce((a, b) => a * b, 1);
    expect(Buffer.from(encodeNpy({ data: values(count), shape })).equals(Buffer.from(fixture(name)))).toBe(true);
  });

  it('refuses data that does not fill the shape', () => {
    expect(() => encodeNpy({ data: new Uint8Array(5), shape: [2, 3] })).toThrow(ValidationError);
  });
});
