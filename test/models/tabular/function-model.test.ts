import { describe, expect, it } from 'vitest';
import { AbortError, ModelError, ValidationError } from '../../../src/errors.js';
import { asTabularPredictor } from '../../../src/models/tabular/as-tabular-predictor.js';
import { functionTabularModel } from '../../../src/models/tabular/function-model.js';
import type { TabularRow } from '../../../src/models/tabular/tabular-model.js';

const rows: TabularRow[] = [[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd'], [5, 'e']];

describe('functionTabularModel', () => {
  it('passes rows through, in calls of at most maxBatch, and keeps the order', async () => {
    const calls: number[] = [];
    const model = functionTabularModel(
      async (batch) => {
        calls.push(batch.length);
        return batch.map((r) => ({ label: String(r[1]), scores: [Number(r[0]) / 10] }));
      },
      { maxBatch: 2, labelHeaders: ['yes'], describe: 'toy' },
    );
    expect(await model.predict(rows)).toEqual(rows.map((r) => ({ label: r[1], scores: [Number(r[0]) / 10] })));
    expect(calls).toEqual([2, 2, 1]);
    expect(model.labelHeaders).toEqual(['yes']);
    expect(model.describe).toBe('toy');
    expect(await model.predict([])).toEqual([]);
    await model.dispose();
  });

  it('accepts a synchronous function and typed-array scores', async () => {
    const model = functionTabularModel((batch) => batch.map(() => ({ scores: Float32Array.from([0.25, 0.75]) as unknown as number[] })));
    expect(await model.predict([[0]])).toEqual([{ scores: [0.25, 0.75] }]);
  });

  it('reports a bad answer as a ModelError naming the call and the records', async () => {
    const cases: [unknown, RegExp][] = [
      [[{ scores: [1] }], /function model call 0 \(records 0\.\.1\) returned 1 predictions for 2 rows/],
      [[{ scores: [1] }, { scores: [Number.NaN] }], /for record 1 the scores \[NaN\]|for record 1 the scores/],
      [[{ scores: [1, 2] }, { scores: [1] }], /for record 1 1 scores where record 0 has 2/],
      [[{ label: {} }, { label: 1 }], /for record 0 the label \{\}/],
      [[{}, { label: 1 }], /for record 0 neither a label nor scores/],
      ['nope', /"nope"; expected an array of predictions/],
    ];
    for (const [answer, message] of cases) {
      const model = functionTabularModel(() => answer as never);
      const error = await model.predict([[1], [2]]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('wraps what the function throws, and stops when aborted', async () => {
    const model = functionTabularModel(() => {
      throw new Error('boom');
    });
    await expect(model.predict([[1]])).rejects.toThrow(/function model call 0 \(record 0\) failed: boom/);
    const controller = new AbortController();
    controller.abort();
    await expect(functionTabularModel((b) => b.map(() => ({ label: 1 }))).predict([[1]], controller.signal)).rejects.toBeInstanceOf(AbortError);
  });

  it('refuses bad options', () => {
    expect(() => functionTabularModel(42 as never)).toThrow(ValidationError);
    expect(() => functionTabularModel(() => [], { maxBatch: 0 })).toThrow(/maxBatch/);
    expect(() => functionTabularModel(() => [], { labelHeaders: [{}] as never })).toThrow(/labelHeaders/);
  });
});

describe('asTabularPredictor', () => {
  it('gives the scores, or a numeric label as a one-number vector', async () => {
    const model = functionTabularModel((batch) => batch.map((r) => ({ label: Number(r[0]) * 2, scores: [0.5, Number(r[0])] })));
    expect(await asTabularPredictor(model, 'scores')([[1], [3]], undefined)).toEqual([[0.5, 1], [0.5, 3]]);
    expect(await asTabularPredictor(model, 'label')([[1], [3]], undefined)).toEqual([[2], [6]]);
  });

  it('says what is missing', async () => {
    const labels = functionTabularModel((batch) => batch.map(() => ({ label: 'dog' })));
    await expect(asTabularPredictor(labels, 'scores')([[1]], undefined)).rejects.toThrow(/gave no scores for record 0.*set the predictor's probability/);
    await expect(asTabularPredictor(labels, 'label')([[1]], undefined)).rejects.toThrow(/the label "dog", not a number/);
  });
});
