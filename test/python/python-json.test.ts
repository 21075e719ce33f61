import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { PyFloat, pyFloat, pythonFloatRepr } from '../../src/python/float.js';
import { toPythonJson } from '../../src/python/json-dump.js';
import { catchError } from '../helpers/catch-error.js';

// Written by CPython's own repr() and json.dumps() (see generate.py next to it).
interface Cases {
  floats: { bits: string; repr: string; json: string }[];
  strings: { utf16: number[]; json: string }[];
  documents: string[];
}
const cases = JSON.parse(
  readFileSync(new URL('../fixtures/python-json/cases.json', import.meta.url), 'utf8'),
) as Cases;

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('pythonFloatRepr', () => {
  it(`matches CPython repr() for all ${cases.floats.length} reference doubles`, () => {
    const mismatches = cases.floats
      .map(({ bits, repr }) => ({ bits, repr, got: pythonFloatRepr(fromBits(bits)) }))
      .filter(({ repr, got }) => repr !== got);
    expect(mismatches).toEqual([]);
  });

  it('writes the exponent forms JavaScript spells differently', () => {
    expect(pythonFloatRepr(0.00001)).toBe('1e-05');
    expect(pythonFloatRepr(1e16)).toBe('1e+16');
    expect(pythonFloatRepr(1e20)).toBe('1e+20');
    expect(pythonFloatRepr(1e15)).toBe('1000000000000000.0');
    expect(pythonFloatRepr(-0)).toBe('-0.0');
  });

  it('refuses NaN and infinities', () => {
    expect(() => pythonFloatRepr(Number.NaN)).toThrow(ValidationError);
    expect(() => pythonFloatRepr(Number.POSITIVE_INFINITY)).toThrow(ValidationError);
  });
});

describe('toPythonJson', () => {
  it('writes PyFloat values like CPython json.dumps writes floats', () => {
    for (const { bits, json } of cases.floats) expect(toPythonJson(pyFloat(fromBits(bits)))).toBe(json);
  });

  it(`escapes all ${cases.strings.length} reference strings like json.dumps (ensure_ascii)`, () => {
    for (const { utf16, json } of cases.strings) {
      expect(toPythonJson(String.fromCharCode(...utf16))).toBe(json);
    }
  });

  it('writes documents with Python separators, key order and int/float spelling', () => {
    const [first, second] = cases.documents;
    expect(
      toPythonJson({ a: [1, pyFloat(2), 'x', null, true, false], b: {}, c: [], d: { e: { f: [[]] } } }),
    ).toBe(first);
    expect(
      toPythonJson({
        dataset_type: 'application/x-image',
        probability_threshold: pyFloat(1),
        seed: -1,
        num_segments: 12345678901234567890n,
        context: pyFloat(1e20),
        iou_threshold: 0.1,
        pt: 0.00001,
      }),
    ).toBe(second);
  });

  it('treats integral plain numbers as ints and non-integral ones as floats', () => {
    expect(toPythonJson([5, 5.5, -0, 2 ** 60])).toBe('[5, 5.5, 0, 1152921504606846976]');
  });

  it('leaves out undefined properties, as an omitted option', () => {
    expect(toPythonJson({ a: 1, b: undefined, c: 2 })).toBe('{"a": 1, "c": 2}');
  });

  it('names the JSON path of a value it cannot write', () => {
    const bad = { methods: { shap: { seeds: [1, Number.NaN] } } };
    const error = catchError(() => toPythonJson(bad));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('$.methods.shap.seeds[1]');
    expect(() => toPythonJson({ when: new Date(0) } as never)).toThrow(/\$\.when/);
  });

  it('refuses cycles instead of overflowing the stack', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => toPythonJson(loop as never)).toThrow(/circular/);
  });

  it('keeps PyFloat usable as a number', () => {
    const half = new PyFloat(0.5);
    expect(+half * 2).toBe(1);
    expect(JSON.stringify({ half })).toBe('{"half":0.5}');
    expect(() => new PyFloat(Number.NaN)).toThrow(ValidationError);
  });
});
