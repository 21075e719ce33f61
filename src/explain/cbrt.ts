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

// frexp by reinterpreting the float's bits (little-endian, as every JS engine is).
const word = new Float64Array(1);
const half = new Int32Array(word.buffer);

/** `cbrt(x)` with glibc's bits. Zero, subnormal, infinite and NaN inputs use `Math.cbrt`. */
export function glibcCbrt(x: number): number {
  word[0] = x;
  const hi = half[1];
  const biased = (hi >> 20) & 0x7ff;
  if (biased === 0 || biased === 0x7ff) return Math.cbrt(x);
  // |x| = xm · 2^xe with xm in [0.5, 1).
  const xe = biased - 1022;
  half[1] = (hi & 0x000fffff) | 0x3fe00000;
  const xm = word[0];
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
  const ym = ((u * (t2 + 2.0 * xm)) / (2.0 * t2 + xm)) * FACTOR[2 + (xe % 3)];
  const r = ym * POW2[1024 + ((xe / 3) | 0)];
  return x < 0 ? -r : r;
}
