import { describe, expect, it } from 'vitest';
import { AbortError, ClarifyError, ModelError, ValidationError } from '../src/index.js';
import { throwIfAborted } from '../src/errors.js';

describe('error hierarchy', () => {
  it('roots every error at ClarifyError with its own name', () => {
    const v = new ValidationError('nSegments', 0, 'an integer >= 1');
    expect(v).toBeInstanceOf(ClarifyError);
    expect(v).toBeInstanceOf(Error);
    expect(v.name).toBe('ValidationError');
    expect(new ModelError('bad', { call: 2, index: 130 })).toMatchObject({ name: 'ModelError', call: 2, index: 130 });
    expect(new AbortError()).toBeInstanceOf(ClarifyError);
  });

  it('ValidationError names the field, the value and what is allowed', () => {
    const v = new ValidationError('options.nSegments', 2.5, 'an integer >= 1');
    expect(v.field).toBe('options.nSegments');
    expect(v.value).toBe(2.5);
    expect(v.allowed).toBe('an integer >= 1');
    expect(v.message).toContain('options.nSegments');
    expect(v.message).toContain('2.5');
    expect(v.message).toContain('an integer >= 1');
  });

  it('throwIfAborted carries the signal reason', () => {
    const c = new AbortController();
    expect(() => throwIfAborted(c.signal)).not.toThrow();
    c.abort('stop now');
    try {
      throwIfAborted(c.signal);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AbortError);
      expect((err as AbortError).cause).toBe('stop now');
    }
  });
});
