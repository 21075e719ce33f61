/**
 * Python's int/float distinction, carried through JavaScript's single number type.
 *
 * The analysis config is checked by a schema (in the SDK and again inside the Clarify
 * container) that tests Python types: `probability_threshold: 1` is an int and is refused,
 * `1.0` is a float and is accepted. A JavaScript `1` cannot say which one it means, so a
 * value that must be a float travels as a {@link PyFloat}.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';

/**
 * A number that is written to the analysis config as a Python `float`: always with a
 * decimal point or an exponent (`1.0`, `1e-05`, `1e+20`), never as an int.
 *
 * The config classes wrap their float-typed options (`probabilityThreshold`, `iouThreshold`,
 * `context`) for you; use {@link pyFloat} yourself only where Python would see a float that
 * happens to be integral, e.g. a baseline row `[1.0, 2]` or a facet threshold `[40.0]`.
 *
 * @example
 * ```ts
 * new SHAPConfig({ baseline: [[pyFloat(1), 2]] }); // written as [[1.0, 2]]
 * ```
 */
export class PyFloat {
  /** The number itself. */
  readonly value: number;

  constructor(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError('value', value, 'a finite number', 'PyFloat');
    }
    this.value = value;
  }

  /** Lets a `PyFloat` take part in arithmetic and comparisons like a number. */
  valueOf(): number {
    return this.value;
  }

  /** `JSON.stringify` writes the plain number (use `analysisConfigToJson` for Python bytes). */
  toJSON(): number {
    return this.value;
  }

  /** Python's `repr` of this float, e.g. `1.0`, `1e-05`. */
  toString(): string {
    return pythonFloatRepr(this.value);
  }
}

/**
 * Marks `value` as a Python float. See {@link PyFloat}.
 *
 * @example
 * ```ts
 * new BiasConfig({ labelValuesOrThreshold: [1], facetName: 'age', facetValuesOrThreshold: [pyFloat(40)] });
 * ```
 */
export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

/**
 * Writes a finite double exactly as Python's `repr(float)` does: the shortest digits that
 * read back to the same double (the same digits `Number.prototype.toString` picks), laid
 * out by Python's rules: scientific notation when the decimal exponent is below -4 or at
 * least 16, a two-digit signed exponent (`1e-05`, `1e+16`), and `.0` on integral values.
 *
 * @example
 * ```ts
 * pythonFloatRepr(1e-5); // '1e-05'
 * pythonFloatRepr(1e16); // '1e+16'
 * pythonFloatRepr(5);    // '5.0'
 * ```
 */
export function pythonFloatRepr(value: number): string {
  if (!Number.isFinite(value)) {
    throw new ValidationError('value', value, 'a finite number', 'Python JSON has no spelling for NaN or infinity the service accepts');
  }
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-tripping digits.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // Python's 'r' format: fixed notation for 1e-4 <= |x| < 1e16, else scientific.
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const pointAt = exponent + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}.0`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
