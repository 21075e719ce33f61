// How one CSV cell reads in pandas 1.5 (read_csv defaults). Every expectation here was
// observed with pandas 1.5.3 (Debian bookworm, the fixtures' version); pandas-parity.test.ts
// checks the same rules live where pandas is installed.
import { describe, expect, it } from 'vitest';
import {
  INT_OVERFLOW,
  NA_STRINGS,
  Uint64Cell,
  isNaString,
  pandasHeaderNames,
  parseBool,
  parseFloat64,
  parseFloat64RoundTrip,
  parseInt64,
  uint64Cell,
} from '../../src/data/pandas-text.js';

describe('missing cells', () => {
  it("are exactly pandas 1.5's default na_values", () => {
    expect([...NA_STRINGS].sort()).toEqual(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN',
      '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'n/a', 'nan', 'null']);
    for (const na of NA_STRINGS) expect(isNaString(na)).toBe(true);
  });

  it('are compared untrimmed and case-sensitively; None and NAN are strings in pandas 1.5', () => {
    for (const text of [' NA', 'NA ', 'NAN', 'Nan', 'None', 'none', ' ', '0', 'na']) expect(isNaString(text)).toBe(false);
  });
});

describe('parseInt64 (str_to_int64)', () => {
  it('reads signs, leading zeros and surrounding ASCII spaces', () => {
    expect(parseInt64('1')).toBe(1);
    expect(parseInt64('+5')).toBe(5);
    expect(parseInt64('007')).toBe(7);
    expect(parseInt64(' 8 ')).toBe(8);
    expect(parseInt64('\t2\t')).toBe(2);
    expect(Object.is(parseInt64('-0'), 0)).toBe(true);
    expect(parseInt64('-42')).toBe(-42);
  });

  it('refuses anything but an optionally signed run of digits', () => {
    for (const text of ['', ' ', '1.0', '1e5', '0x10', '1_000', '+', '-', '+-1', '1 2', 'inf', '٣']) {
      expect(parseInt64(text), text).toBeNaN();
    }
  });

  it('knows the int64 range exactly', () => {
    expect(parseInt64('9223372036854775807')).toBe(9223372036854775807);
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808);
    expect(parseInt64('0009223372036854775807')).toBe(9223372036854775807);
    expect(parseInt64('9223372036854775808')).toBe(INT_OVERFLOW);
    expect(parseInt64('-9223372036854775809')).toBe(INT_OVERFLOW);
    expect(parseInt64('99999999999999999999999')).toBe(INT_OVERFLOW);
  });

  it('gives the nearest double beyond 2^53', () => {
    expect(parseInt64('9007199254740993')).toBe(9007199254740992);
  });
});

describe('uint64Cell (str_to_uint64)', () => {
  it('classifies cells as pandas` uint64 pass does', () => {
    expect(uint64Cell('18446744073709551615')).toBe(Uint64Cell.Ok);
    expect(uint64Cell('18446744073709551616')).toBe(Uint64Cell.Overflow);
    expect(uint64Cell('-1')).toBe(Uint64Cell.Negative);
    expect(uint64Cell('-abc')).toBe(Uint64Cell.Negative);
    expect(uint64Cell('1.5')).toBe(Uint64Cell.Invalid);
  });
});

describe('parseFloat64 (precise_xstrtod, pandas` default float parser)', () => {
  it('reads decimal, exponent and signed forms', () => {
    expect(parseFloat64('1.5')).toBe(1.5);
    expect(parseFloat64('1e5')).toBe(100000);
    expect(parseFloat64('1.5E+3')).toBe(1500);
    expect(parseFloat64('.5')).toBe(0.5);
    expect(parseFloat64('5.')).toBe(5);
    expect(parseFloat64('+1.5')).toBe(1.5);
    expect(parseFloat64(' 2.5 ')).toBe(2.5);
    expect(Object.is(parseFloat64('-0.0'), -0)).toBe(true);
    expect(parseFloat64('1e-400')).toBe(0);
  });

  it('is not correctly rounded past 17 significant digits, as pandas', () => {
    // pandas 1.5.3: read_csv reads 0.30000000000000004 as 0.3 and 0.00000000000000001234 as 0.0.
    expect(parseFloat64('0.30000000000000004')).toBe(0.3);
    expect(Number('0.30000000000000004')).not.toBe(0.3);
    expect(parseFloat64('0.00000000000000001234')).toBe(0);
    expect(parseFloat64RoundTrip('0.30000000000000004')).toBe(0.30000000000000004);
  });

  it('agrees with a correctly rounded parse for what Python`s repr writes of ordinary data', () => {
    for (const text of ['53454.87', '0.634', '132867.65', '0.1', '1e-05', '2.5e-10', '123456789012345.6']) {
      expect(parseFloat64(text), text).toBe(Number(text));
    }
  });

  it('reads the infinity spellings case-insensitively, and nothing else non-numeric', () => {
    for (const text of ['inf', 'INF', '+inf', 'Infinity', '+INFINITY', 'iNf']) expect(parseFloat64(text), text).toBe(Infinity);
    for (const text of ['-inf', '-Infinity', '-INF']) expect(parseFloat64(text), text).toBe(-Infinity);
    for (const text of ['', ' ', 'NAN', 'nan1', '1e', '1e+', '.', '-', '1..5', '1.5x', '0x10', '1_0', ' inf', 'infinit']) {
      expect(parseFloat64(text), JSON.stringify(text)).toBeNaN();
    }
  });

  it('refuses an exponent past 308 or an overflow to infinity (pandas then reads strings)', () => {
    expect(parseFloat64('1e400')).toBeNaN();
    expect(parseFloat64('10e308')).toBeNaN();
    expect(parseFloat64('1e308')).toBe(1e308);
  });
});

describe('parseBool', () => {
  it('knows the three spellings of each', () => {
    for (const text of ['True', 'TRUE', 'true']) expect(parseBool(text)).toBe(1);
    for (const text of ['False', 'FALSE', 'false']) expect(parseBool(text)).toBe(0);
    for (const text of ['T', 'F', 'yes', '1', ' True', 'tRUE']) expect(parseBool(text)).toBe(-1);
  });
});

describe('pandasHeaderNames', () => {
  it('mangles duplicates around names the header already has, and names empty headers', () => {
    expect(pandasHeaderNames(['a', 'a', 'b'])).toEqual(['a', 'a.1', 'b']);
    expect(pandasHeaderNames(['a', 'a', 'a.1'])).toEqual(['a', 'a.2', 'a.1']);
    expect(pandasHeaderNames(['a', '', 'b'])).toEqual(['a', 'Unnamed: 1', 'b']);
    expect(pandasHeaderNames(['x', 'x', 'x'])).toEqual(['x', 'x.1', 'x.2']);
  });
});
