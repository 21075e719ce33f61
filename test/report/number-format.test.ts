/**
 * The one number format of the reports and the CLI table: three significant
 * digits, signed φ, fixed notation from 1e-4 to 1e4 and exponent form outside,
 * so that `3.61e-4` never stands next to `-0.0067`.
 */
import { describe, expect, it } from 'vitest';
import { dateText, formatNumber, formatPhi, formatScore } from '../../src/report/number-format.js';

describe('formatPhi', () => {
  it.each([
    [0.45, '+0.450'],
    [-0.0067, '-0.00670'],
    [0.000361, '+0.000361'],
    [-0.0001, '-0.000100'],
    [0.00009996, '+0.000100'],
    [0.009996, '+0.0100'],
    [3.61e-5, '+3.61e-5'],
    [-1.234e-7, '-1.23e-7'],
    [1.5, '+1.50'],
    [-12.345, '-12.3'],
    [1234.5, '+1230'],
    [12345, '+1.23e4'],
    [0, '0'],
    [-0, '0'],
  ])('%s -> %s', (value, text) => {
    expect(formatPhi(value)).toBe(text);
  });

  it('never mixes notations within fixed range, and keeps three significant digits', () => {
    for (let e = -4; e < 3; e++) {
      for (const m of [1, 2.5, 9.99]) {
        const text = formatPhi(m * 10 ** e);
        expect(text).not.toContain('e');
        expect(text.replace(/^[+-]0?\.?0*/, '').replace('.', '')).toHaveLength(3);
      }
    }
    for (const v of [9.9e-5, 1e-9, 5e4]) expect(formatPhi(v)).toMatch(/^\+\d\.\d\de-?\d+$/);
  });

  it('writes NaN and infinities as they are', () => {
    expect(formatPhi(Number.NaN)).toBe('NaN');
    expect(formatPhi(-Infinity)).toBe('-Infinity');
  });
});

describe('formatScore', () => {
  it('is the same format without a plus sign', () => {
    expect(formatScore(0.977)).toBe('0.977');
    expect(formatScore(0.99962)).toBe('1.00');
    expect(formatScore(2.42e-5)).toBe('2.42e-5');
    expect(formatScore(-1.5)).toBe('-1.50');
  });
});

describe('formatNumber in the browser', () => {
  it('is self-contained: its source, evaluated alone as report.html does, formats alike', () => {
    const standalone = new Function(`return (${formatNumber.toString()});`)() as typeof formatNumber;
    for (const v of [0, 0.45, -0.0067, 0.000361, 3.61e-5, -12345, 0.009996]) {
      expect(standalone(v, true)).toBe(formatNumber(v, true));
      expect(standalone(v, false)).toBe(formatNumber(v, false));
    }
  });
});

describe('dateText', () => {
  it('is UTC to the minute', () => {
    expect(dateText(new Date('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04 05:06 UTC');
  });
});
