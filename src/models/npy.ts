/**
 * Writes NumPy `.npy` files (format version 1.0) for `application/x-npy` requests.
 *
 * @packageDocumentation
 */

/**
 * Encodes a C-order uint8 array of `shape` as `.npy` bytes: the magic
 * `\x93NUMPY`, version 1.0, a little-endian header length, then the header
 * dict `{'descr': '|u1', 'fortran_order': False, 'shape': (…), }` padded with
 * spaces and a newline so that the data starts at a multiple of 64 bytes, as
 * `numpy.save` writes it.
 */
export function encodeNpyUint8(data: Uint8Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new RangeError(`shape [${shape.join(', ')}] holds ${count} values, data has ${data.length}`);
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(data, 10 + header.length);
  return out;
}
