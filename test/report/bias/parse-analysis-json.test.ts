/** analysis.json as Python's json.load reads it: bare NaN and ±Infinity tokens. */
import { describe, expect, it } from 'vitest';
import { parseAnalysisJson } from '../../../src/report/bias/parse-analysis-json.js';

describe('parseAnalysisJson', () => {
  it('reads bare NaN, Infinity and -Infinity as numbers, and leaves strings alone', () => {
    const value = parseAnalysisJson('{"a": NaN, "b": [-Infinity, Infinity, -1.5e-3], "NaN": "x NaN \\" Infinity", "c": "-Infinity"}') as Record<string, unknown>;
    expect(value.a).toBeNaN();
    expect(value.b).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -0.0015]);
    expect(value.NaN).toBe('x NaN " Infinity');
    expect(value.c).toBe('-Infinity');
  });

  it('reads what JSON.stringify writes exactly as JSON.parse does', () => {
    const document = { version: '1.0', nested: [{ value: -0.0687492775401688, error: null, s: 'Infinity NaN ∞ \u2028 \\' }], n: 1e-300 };
    const text = JSON.stringify(document, null, 2);
    expect(parseAnalysisJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses what is not JSON', () => {
    expect(() => parseAnalysisJson('{"a": NaNx}')).toThrow(SyntaxError);
    expect(() => parseAnalysisJson('{"a": Nope}')).toThrow(SyntaxError);
    expect(() => parseAnalysisJson('')).toThrow(SyntaxError);
  });
});
