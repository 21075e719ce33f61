import { ValidationError } from '../../errors.js';

/** The typed arrays a {@link RasterImage} may hold. */
export type PixelArray = Uint8Array | Uint8ClampedArray | Uint16Array | Float32Array | Float64Array;

/**
 * A decoded image in memory: row-major, channels interleaved
 * (`data[(y * width + x) * channels + c]`).
 *
 * - `Uint8Array` / `Uint8ClampedArray`: 0..255
 * - `Uint16Array`: 0..65535
 * - `Float32Array` / `Float64Array`: any finite values (SLIC rescales globally)
 *
 * @example
 * ```ts
 * // toUint8Array, not toBuffer: toBuffer detaches an ArrayBuffer, after which V8 adds a
 * // check to every typed-array access in the thread (docs/segmentation.md, "Speed").
 * const { data, info } = await sharp('cat.png').raw().toUint8Array();
 * const image: RasterImage = { width: info.width, height: info.height, channels: info.channels, data };
 * ```
 */
export interface RasterImage {
  /** Width in pixels (integer >= 1). */
  readonly width: number;
  /** Height in pixels (integer >= 1). */
  readonly height: number;
  /** Interleaved channels per pixel (integer >= 1): 1 gray, 3 RGB, 4 RGBA. */
  readonly channels: number;
  /** `width * height * channels` samples. */
  readonly data: PixelArray;
}

/**
 * The fields of a scijs `ndarray` that clarify-ts reads: a view of `shape`
 * over `data`, where element `(i, j, k)` is `data[offset + i·stride[0] +
 * j·stride[1] + k·stride[2]]`. Any such object is accepted, so an `ndarray`
 * from the `ndarray` package, one from another copy or version of it, or a
 * plain object works, and no `@types/ndarray` is needed.
 *
 * @typeParam D - the array the view reads.
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const view: NdArrayLike<Uint8Array> = ndarray(new Uint8Array(h * w * 3), [h, w, 3]);
 * ```
 */
export interface NdArrayLike<D = PixelArray> {
  /** The samples the view reads (possibly shared with other views). */
  readonly data: D;
  /** Size per axis, e.g. `[height, width, channels]`. */
  readonly shape: readonly number[];
  /** Step in `data` per axis; may be negative (flipped views) or not row-major (transposed views). */
  readonly stride: readonly number[];
  /** Index in `data` of element `(0, 0, …)`. */
  readonly offset: number;
}

/**
 * An image as clarify-ts accepts it: a {@link RasterImage}, or an ndarray of
 * shape `[height, width, channels]` (channels last) or `[height, width]`
 * (gray), holding one of the {@link PixelArray} types. Views (crops with
 * `.hi().lo()`, `.step()`, `.transpose()`) are read through their strides;
 * they are converted once, where they enter, by {@link toRasterImage}.
 *
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * const raster: ImageInput = { width: 640, height: 480, channels: 3, data: pixels };
 * const view: ImageInput = ndarray(pixels, [480, 640, 3]).hi(200, 300).lo(100, 150);
 * slic(raster); slic(view); // the view is the 100 × 150 crop at row 100, column 150
 * ```
 */
export type ImageInput = RasterImage | NdArrayLike<PixelArray>;

/**
 * Whether `value` is read as an ndarray: an object with a `shape` and without
 * the `width` of a {@link RasterImage}. Only the kind is decided here; the
 * fields are checked by {@link toRasterImage}.
 *
 * @example
 * ```ts
 * isNdArrayLike(ndarray(new Uint8Array(12), [2, 2, 3])); // true
 * isNdArrayLike({ width: 2, height: 2, channels: 3, data: new Uint8Array(12) }); // false
 * ```
 */
export function isNdArrayLike(value: unknown): value is NdArrayLike<unknown> {
  return value !== null && typeof value === 'object' && 'shape' in value && !('width' in value);
}

/**
 * Brings an {@link ImageInput} to a checked {@link RasterImage}.
 *
 * A `RasterImage` is checked ({@link validateRaster}) and returned as is. An
 * ndarray of shape `[height, width, channels]` or `[height, width]` is checked
 * (dimensions, strides within `data`, array type, finite floats) and copied
 * into row-major interleaved order with the same array type, so its samples
 * keep their exact bits; a view that is already row-major and contiguous is
 * wrapped without a copy (it then shares memory with the ndarray).
 *
 * @param field - name used in validation errors, e.g. `image` gives `image.shape[2]`.
 * @default field 'image'
 * @throws {@link ValidationError} naming the field: `image.shape` (not 2 or 3
 *   dimensions), `image.shape[i]` (an empty axis), `image.stride` / `image.offset`
 *   (a view that reaches outside `data`), `image.data` (an array type other than
 *   Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array, Float64Array) or
 *   `image.data[i]` (NaN or infinity).
 * @example
 * ```ts
 * import ndarray from 'ndarray';
 * import { slic, toRasterImage } from 'clarify-ts/explain';
 *
 * const pixels = ndarray(new Uint8Array(480 * 640 * 3), [480, 640, 3]);
 * const crop = pixels.hi(200, 300).lo(100, 150); // a 100 × 150 view, not a copy
 * const image = toRasterImage(crop); // convert once, reuse for several calls
 * const segments = slic(image, { nSegments: 20, compactness: 5 });
 * ```
 */
export function toRasterImage(image: ImageInput, field = 'image'): RasterImage {
  if (isNdArrayLike(image)) return fromNdArray(image, field);
  validateRaster(image, field);
  return image;
}

/** The field naming the channel count of `image` in errors: `image.shape[2]` for an ndarray. @internal */
export function channelsField(image: ImageInput, field: string): string {
  return isNdArrayLike(image) ? `${field}.shape[2]` : `${field}.channels`;
}

const NDARRAY_SHAPES = '[height, width, channels] (channels last) or [height, width] (gray)';

function fromNdArray(view: NdArrayLike<unknown>, field: string): RasterImage {
  const { shape, stride, offset, data } = view;
  if (!Array.isArray(shape) || (shape.length !== 2 && shape.length !== 3)) {
    const hint = Array.isArray(shape)
      ? shape.length === 4
        ? `got shape [${shape.join(', ')}]: one image at a time, e.g. .pick(0)`
        : `got shape [${shape.join(', ')}]`
      : undefined;
    throw new ValidationError(`${field}.shape`, shape, NDARRAY_SHAPES, hint);
  }
  shape.forEach((n, i) => {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
      throw new ValidationError(`${field}.shape[${i}]`, n, 'an integer >= 1 (an image must not be empty)');
    }
  });
  if (!isPixelArray(data)) {
    throw new ValidationError(
      `${field}.data`,
      data,
      'Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array or Float64Array',
      foreignRealmHint(data) ?? `an ndarray of dtype ${dtypeOf(data)}; copy it into one of these first`,
    );
  }
  if (!Array.isArray(stride) || stride.length !== shape.length || !stride.every((s) => typeof s === 'number' && Number.isSafeInteger(s))) {
    throw new ValidationError(`${field}.stride`, stride, `${shape.length} integers, one per axis of shape [${shape.join(', ')}]`);
  }
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset)) {
    throw new ValidationError(`${field}.offset`, offset, 'an integer index into data');
  }
  const height = shape[0];
  const width = shape[1];
  const channels = shape.length === 3 ? shape[2] : 1;
  const sy = stride[0];
  const sx = stride[1];
  const sc = shape.length === 3 ? stride[2] : 0;
  // The view's extreme indices: every element lies between them, so checking
  // both bounds once makes every read in the copy below lie inside `data`.
  let lowest = offset;
  let highest = offset;
  for (const [n, s] of [[height, sy], [width, sx], [channels, sc]]) {
    if (s < 0) lowest += (n - 1) * s;
    else highest += (n - 1) * s;
  }
  if (lowest < 0 || highest >= data.length) {
    throw new ValidationError(
      `${field}.stride`,
      stride,
      `strides and offset that keep every element of shape [${shape.join(', ')}] inside data (length ${data.length})`,
      `offset ${offset} with these strides reaches indices ${lowest}..${highest}`,
    );
  }
  const size = height * width * channels;
  // Row-major and contiguous (an axis of length 1 may have any stride): wrap, do not copy.
  const contiguous = (height === 1 || sy === width * channels) && (width === 1 || sx === channels) && (channels === 1 || sc === 1);
  const out = contiguous ? data.subarray(offset, offset + size) : gather(data, height, width, channels, sy, sx, sc, offset);
  if (out instanceof Float32Array || out instanceof Float64Array) {
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(out[i])) {
        const c = i % channels;
        const x = ((i - c) / channels) % width;
        const y = Math.floor(i / (channels * width));
        const at = offset + y * sy + x * sx + c * sc;
        throw new ValidationError(
          `${field}.data[${at}]`,
          out[i],
          'finite numbers (no NaN or Infinity)',
          shape.length === 3 ? `element (${y}, ${x}, ${c}) of the view` : `element (${y}, ${x}) of the view`,
        );
      }
    }
  }
  return { width, height, channels, data: out };
}

/** Copies a strided view into row-major interleaved order, keeping the array type. */
function gather(
  data: PixelArray,
  height: number,
  width: number,
  channels: number,
  sy: number,
  sx: number,
  sc: number,
  offset: number,
): PixelArray {
  const out = emptyLike(data, height * width * channels);
  const rowLength = width * channels;
  for (let y = 0; y < height; y++) {
    const row = offset + y * sy;
    const at = y * rowLength;
    if (sx === channels && (sc === 1 || channels === 1)) {
      // A crop keeps whole rows contiguous: one block copy per row.
      out.set(data.subarray(row, row + rowLength), at);
      continue;
    }
    for (let x = 0, o = at; x < width; x++) {
      const pixel = row + x * sx;
      for (let c = 0; c < channels; c++) out[o++] = data[pixel + c * sc];
    }
  }
  return out;
}

/** A zeroed array of the same kind; a Node Buffer becomes a plain Uint8Array. */
function emptyLike(data: PixelArray, length: number): PixelArray {
  if (data instanceof Uint8ClampedArray) return new Uint8ClampedArray(length);
  if (data instanceof Uint16Array) return new Uint16Array(length);
  if (data instanceof Float32Array) return new Float32Array(length);
  if (data instanceof Float64Array) return new Float64Array(length);
  return new Uint8Array(length);
}

function isPixelArray(data: unknown): data is PixelArray {
  return (
    data instanceof Uint8Array ||
    data instanceof Uint8ClampedArray ||
    data instanceof Uint16Array ||
    data instanceof Float32Array ||
    data instanceof Float64Array
  );
}

const PIXEL_ARRAY_NAMES = ['Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Float32Array', 'Float64Array'];

/**
 * For an array of an accepted type made in another JavaScript realm (an iframe, a vm
 * context), which fails the `instanceof` checks: a hint to copy it. Structured cloning
 * (`postMessage` to or from a worker) re-creates arrays in the receiving realm, so it never
 * meets this. Read with `Object.prototype.toString`, which works across realms.
 */
function foreignRealmHint(data: unknown): string | undefined {
  if (!ArrayBuffer.isView(data)) return undefined;
  const kind = Object.prototype.toString.call(data).slice(8, -1);
  return PIXEL_ARRAY_NAMES.includes(kind)
    ? `a ${kind} from another JavaScript realm (an iframe or a vm context); copy it into this one's, e.g. new ${kind}(data), or pass it through postMessage`
    : undefined;
}

/** ndarray's name for the array type, for error messages. */
function dtypeOf(data: unknown): string {
  if (Array.isArray(data)) return 'array (a plain JavaScript array)';
  if (ArrayBuffer.isView(data)) return (data as { constructor: { name: string } }).constructor.name;
  return 'generic';
}

/**
 * Checks an image: for a {@link RasterImage}, the shape, the array type and
 * (for float arrays) that every sample is finite; an ndarray is checked as
 * {@link toRasterImage} checks it. Throws {@link ValidationError} naming the field.
 *
 * @param name - prefix for field names in errors, e.g. `image`.
 * @default name 'image'
 * @example
 * ```ts
 * validateRaster({ width: 2, height: 1, channels: 3, data: new Uint8Array(6) }); // passes
 * ```
 */
export function validateRaster(image: ImageInput, name = 'image'): void {
  if (isNdArrayLike(image)) {
    fromNdArray(image, name);
    return;
  }
  if (image === null || typeof image !== 'object') {
    throw new ValidationError(
      name,
      image,
      `an object { width, height, channels, data } or an ndarray of shape ${NDARRAY_SHAPES}`,
    );
  }
  for (const key of ['width', 'height', 'channels'] as const) {
    const v = image[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new ValidationError(`${name}.${key}`, v, 'an integer >= 1 (an image must not be empty)');
    }
  }
  const { data } = image;
  if (
    !(data instanceof Uint8Array) &&
    !(data instanceof Uint16Array) &&
    !(data instanceof Float32Array) &&
    !(data instanceof Float64Array) &&
    !(data instanceof Uint8ClampedArray)
  ) {
    throw new ValidationError(
      `${name}.data`,
      data,
      'Uint8Array, Uint8ClampedArray, Uint16Array, Float32Array or Float64Array',
      foreignRealmHint(data),
    );
  }
  const expected = image.width * image.height * image.channels;
  if (data.length !== expected) {
    throw new ValidationError(
      `${name}.data`,
      data,
      `length width*height*channels = ${image.width}*${image.height}*${image.channels} = ${expected}`,
      `got length ${data.length}`,
    );
  }
  if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (!Number.isFinite(v)) {
        throw new ValidationError(`${name}.data[${i}]`, v, 'finite numbers (no NaN or Infinity)');
      }
    }
  }
}

/**
 * Converts samples to float64 exactly as scikit-image's `img_as_float` does:
 * unsigned integers are multiplied by the reciprocal of their maximum
 * (`v * (1/255)`, which differs from `v / 255` in the last bit for 24 of the 256
 * byte values); float64 is copied; float32 is widened exactly.
 *
 * scikit-image keeps float32 input in float32 for the rest of its pipeline;
 * clarify-ts always computes in float64, so float32 input may differ from
 * scikit-image in rare near-ties. Feed integers or float64 for exact parity.
 */
export function toFloat64(data: PixelArray): Float64Array {
  const out = new Float64Array(data.length);
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) {
    // A lookup table keeps the exact `v * (1/255)` products and avoids a multiply per sample.
    const scale = 1 / 255;
    const table = new Float64Array(256);
    for (let v = 0; v < 256; v++) table[v] = v * scale;
    for (let i = 0; i < data.length; i++) out[i] = table[data[i]];
  } else if (data instanceof Uint16Array) {
    const scale = 1 / 65535;
    for (let i = 0; i < data.length; i++) out[i] = data[i] * scale;
  } else {
    out.set(data);
  }
  return out;
}
