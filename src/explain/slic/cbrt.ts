/**
 * The cube root of glibc's `cbrt` (sysdeps/ieee754/dbl-64/s_cbrt.c), reproduced
 * operation for operation so that it returns the same bits as NumPy's `np.cbrt` on
 * Linux, which scikit-image's Lab conversion uses. V8's `Math.cbrt` differs from it
 * in the last bit for about half of all inputs, and those differences can flip exact
 * ties in SLIC.
 */

const CBRT2 = 1.2599210498948731648; // 2^(1/3)
const SQR_CBRT2 = 1.5874010519681994748; // 2^(2/3)
/** glibc's `factor`, indexed by `2 + xe % 3` (C's remainder keeps the sign of xe). */
const FACTOR = new Float64Array([1.0 / SQR_CBRT2, 1.0 / CBRT2, 1.0, CBRT2, SQR_CBRT2]);
/** 2^(i − 1024): `ldexp` by a table, exact for every exponent a cube root can have. */
const POW2 = new Float64Array(2048);
for (let i = 0; i < 2048; i++) POW2[i] = 2 ** (i - 1024);

/**
 * Per biased exponent `e` of a normal double, at `3e`, `3e + 1`, `3e + 2`: the power of
 * two that scales it to glibc's mantissa in [0.5, 1) (`frexp`), glibc's
 * `factor[2 + xe % 3]`, and `2^(xe / 3)` (C's truncating division), so that one table
 * serves the whole computation.
 */
const EXPONENT_TABLE = new Float64Array(3 * 2048);
for (let biased = 1; biased < 2047; biased++) {
  const xe = biased - 1022;
  EXPONENT_TABLE[3 * biased] = POW2[2046 - biased];
  EXPONENT_TABLE[3 * biased + 1] = FACTOR[2 + (xe % 3)];
  EXPONENT_TABLE[3 * biased + 2] = POW2[1024 + Math.trunc(xe / 3)];
}

// frexp by reinterpreting the float's bits (little-endian, as every JS engine is).
const word = new Float64Array(1);
const half = new Int32Array(word.buffer);

/**
 * The arrays {@link cbrtWith} reads. A caller converting many values keeps them as
 * constants of a closure made once (`createLabConverter` in color.ts; see
 * docs/internals/slic.md, "Closure constants").
 */
export const cbrtArrays = { table: EXPONENT_TABLE, word, half } as const;

/** `cbrt(x)` with glibc's bits. Zero, subnormal, infinite and NaN inputs use `Math.cbrt`. */
export function glibcCbrt(x: number): number {
  return cbrtWith(x, EXPONENT_TABLE, word, half);
}

/**
 * {@link glibcCbrt} with its arrays passed in ({@link cbrtArrays}). `|x| = xm · 2^xe`
 * with xm in [0.5, 1): scaling by a power of two is exact, and reading the mantissa
 * this way avoids writing the bits back (a store-forwarding stall).
 */
export function cbrtWith(x: number, table: Float64Array, bits: Float64Array, high: Int32Array): number {
  bits[0] = x;
  const biased = (high[1] >> 20) & 0x7ff;
  if (biased === 0 || biased === 0x7ff) return Math.cbrt(x);
  const o = 3 * biased;
  const xm = (x < 0 ? -x : x) * table[o];
  // glibc's literals, kept digit for digit.
  const u =
    0.354895765043919860 +
    (1.50819193781584896 +
      (-2.11499494167371287 +
        (2.44693122563534430 +
          (-1.83469277483613086 + (0.784932344976639262 - 0.145263899385486377 * xm) * xm) * xm) *
          xm) *
        xm) *
      xm;
  const t2 = u * u * u;
  const ym = ((u * (t2 + 2.0 * xm)) / (2.0 * t2 + xm)) * table[o + 1];
  const r = ym * table[o + 2];
  return x < 0 ? -r : r;
}
