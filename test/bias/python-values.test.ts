/** Python's str()/repr of values, conversions of configured values, and sort order (reference strings from CPython 3.11). */
import { describe, expect, it } from 'vitest';
import { BiasDataError } from '../../src/errors.js';
import {
  categoryKey,
  compareCodePoints,
  convertValues,
  parsePythonFloat,
  parsePythonInt,
  pyStr,
  pythonFloatRepr,
  pythonSortOrder,
} from '../../src/bias/python-values.js';

describe('pythonFloatRepr', () => {
  // [hex, repr] pairs printed by CPython 3.11.
  const cases: [number, string][] = [
    [1.0, '1.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [1e16, '1e+16'],
    [123456789012345680, '1.2345678901234568e+17'],
    [9999999999999998, '9999999999999998.0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [132867.65, '132867.65'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0, '-0.0'],
    [1e22, '1e+22'],
    [1.23456e-8, '1.23456e-08'],
    [2 ** 53, '9007199254740992.0'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ];
  it.each(cases)('%s → %s', (x, repr) => expect(pythonFloatRepr(x)).toBe(repr));
});

describe('pyStr', () => {
  it('writes ints, floats, strings and bools as Python str() does', () => {
    expect(pyStr({ type: 'int', value: 40 })).toBe('40');
    expect(pyStr({ type: 'int', value: 1e21 })).toBe('1000000000000000000000');
    expect(pyStr({ type: 'int', value: 2 ** 60, text: '1152921504606846977' })).toBe('1152921504606846977');
    expect(pyStr({ type: 'float', value: 40 })).toBe('40.0');
    expect(pyStr({ type: 'str', value: 'Black' })).toBe('Black');
    expect(pyStr({ type: 'bool', value: false })).toBe('False');
  });
});

describe('parsing as int() and float()', () => {
  it('int() takes signs, spaces and underscores, not decimals', () => {
    expect(parsePythonInt(' -12 ')).toBe(-12);
    expect(parsePythonInt('1_000')).toBe(1000);
    expect(parsePythonInt('1.0')).toBeUndefined();
    expect(parsePythonInt('')).toBeUndefined();
  });
  it('float() takes decimals, exponents, inf and nan', () => {
    expect(parsePythonFloat(' 1.5e3 ')).toBe(1500);
    expect(parsePythonFloat('.5')).toBe(0.5);
    expect(parsePythonFloat('-Infinity')).toBe(-Infinity);
    expect(parsePythonFloat('nan')).toBeNaN();
    expect(parsePythonFloat('abc')).toBeUndefined();
  });
});

describe('categoryKey (pandas categorical ==)', () => {
  it('int64 categories take ints and integral floats, not bools or strings', () => {
    expect(categoryKey('int64', { type: 'float', value: 1 })).toBe('n1');
    expect(categoryKey('int64', { type: 'float', value: 1.5 })).toBeUndefined();
    expect(categoryKey('int64', { type: 'str', value: '1' })).toBeUndefined();
  });
  it('bool categories take bools only; object categories anything Python calls equal', () => {
    expect(categoryKey('bool', { type: 'int', value: 1 })).toBeUndefined();
    expect(categoryKey('bool', { type: 'bool', value: true })).toBe('n1');
    expect(categoryKey('object', { type: 'bool', value: true })).toBe(categoryKey('object', { type: 'int', value: 1 }));
  });
});

describe('convertValues (smclarify convert_positive_label_values)', () => {
  it('to numpy int64: strings parse, floats truncate; one non-int string turns them all into floats', () => {
    expect(convertValues([{ type: 'str', value: '1' }], 'numpy-int')).toEqual([{ type: 'int', value: 1 }]);
    expect(convertValues([{ type: 'float', value: 1.7 }], 'numpy-int')).toEqual([{ type: 'int', value: 1 }]);
    expect(convertValues([{ type: 'str', value: '1.0' }, { type: 'int', value: 2 }], 'numpy-int')).toEqual([
      { type: 'float', value: 1 },
      { type: 'float', value: 2 },
    ]);
    expect(() => convertValues([{ type: 'str', value: 'abc' }], 'numpy-int')).toThrow(BiasDataError);
  });
  it('to numpy float64 and bool, to str; values already of a Python type are kept', () => {
    expect(convertValues([{ type: 'str', value: '2.5' }], 'numpy-float')).toEqual([{ type: 'float', value: 2.5 }]);
    expect(() => convertValues([{ type: 'str', value: 'x' }], 'numpy-float')).toThrow(/has not positive elements/);
    expect(convertValues([{ type: 'str', value: 'False' }], 'numpy-bool')).toEqual([{ type: 'bool', value: true }]);
    expect(convertValues([{ type: 'int', value: 1 }], 'str')).toEqual([{ type: 'str', value: '1' }]);
    expect(convertValues([{ type: 'str', value: 'a' }], 'str')).toEqual([{ type: 'str', value: 'a' }]);
    expect(convertValues([{ type: 'bool', value: true }], 'int')).toEqual([{ type: 'bool', value: true }]);
  });
});

describe('pythonSortOrder (np.unique)', () => {
  it('sorts numbers by value and strings by code point; refuses a mix', () => {
    expect(pythonSortOrder([{ type: 'int', value: 3 }, { type: 'float', value: 1.5 }, { type: 'bool', value: true }])).toEqual([2, 1, 0]);
    expect(pythonSortOrder([{ type: 'str', value: 'b' }, { type: 'str', value: 'B' }, { type: 'str', value: 'a' }])).toEqual([1, 2, 0]);
    expect(pythonSortOrder([{ type: 'str', value: 'b' }, { type: 'int', value: 1 }])).toBeUndefined();
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0); // JavaScript's < says otherwise
  });
});
