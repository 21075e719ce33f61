/**
 * Writes NumPy `.npy` files (format version 1.0) as `numpy.save` does: the
 * `application/x-npy` request body of SageMaker endpoints (`NumpySerializer`) and
 * of the image model backends.
 */
import { ValidationError } from '../errors.js';

/** A typed array NumPy has a little-endian dtype for. */
export type NpyTypedArray = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

/** An n-dimensional array: flat data in C order and its shape. */
export interface NpyArray {
  readonly data: NpyTypedArray;
  readonly shape: readonly number[];
}

function descr(data: NpyTypedArray): string {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int8Array) return '|i1';
  if (data instanceof Int16Array) return '<i2';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint16Array) return '<u2';
  return '<u4';
}

/**
 * The `.npy` bytes of `array`.
 * @throws {@link ValidationError} when the shape does not match the data's length.
 */
export function encodeNpy(array: NpyArray): Uint8Array {
  const { data, shape } = array;
  if (!shape.every((n) => Number.isInteger(n) && n >= 0) || shape.reduce((a, b) => a * b, 1) !== data.length) {
    throw new ValidationError('shape', shape, `non-negative integers whose product is the data length ${data.length}`);
  }
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr(data)}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces and a newline to a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, ...new TextEncoder().encode('NUMPY'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Node and browsers run little-endian, which is the dtype order written above.
  out.set(bytes, 10 + header.length);
  return out;
}
