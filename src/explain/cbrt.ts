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

/** glibc's `factor[2 + xe % 3]` and `2^(xe / 3)` (C's truncating division), per biased exponent. */
const FACTOR_BY_BIASED = new Float64Array(2048);
const ROOT_SCALE_BY_BIASED = new Float64Array(2048);
for (let biased = 1; biased < 2047; biased++) {
  const xe = biased - 1022;
  FACTOR_BY_BIASED[biased] = FACTOR[2 + (xe % 3)];
  ROOT_SCALE_BY_BIASED[biased] = POW2[1024 + Math.trunc(xe / 3)];
}

// frexp by reinterpreting the float's bits (little-endian, as every JS engine is).
const word = new Float64Array(1);
const half = new Int32Array(word.buffer);

/** `cbrt(x)` with glibc's bits. Zero, subnormal, infinite and NaN inputs use `Math.cbrt`. */
export function glibcCbrt(x: number): number {
  word[0] = x;
  const biased = (half[1] >> 20) & 0x7ff;
  if (biased === 0 || biased === 0x7ff) return Math.cbrt(x);
  const r = cbrtOfNormal(x < 0 ? -x : x, biased);
  return x < 0 ? -r : r;
}

/**
 * glibc's arithmetic for a positive normal `x` whose biased exponent is `biased`.
 * `|x| = xm · 2^xe` with xm in [0.5, 1): scaling by a power of two is exact, and
 * reading the mantissa this way avoids writing the bits back (a store-forwarding
 * stall). `xe % 3` and `xe / 3` come from tables, not integer divisions.
 */
function cbrtOfNormal(x: number, biased: number): number {
  const xm = x * POW2[2046 - biased];
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
  const ym = ((u * (t2 + 2.0 * xm)) / (2.0 * t2 + xm)) * FACTOR_BY_BIASED[biased];
  return ym * ROOT_SCALE_BY_BIASED[biased];
}
