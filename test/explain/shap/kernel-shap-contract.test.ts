import { describe, expect, it } from 'vitest';
import { AbortError, ModelError, ValidationError } from '../../../src/errors.js';
import { kernelShap } from '../../../src/explain/shap/kernel-shap.js';
import type { CoalitionModel, KernelShapOptions } from '../../../src/explain/shap/kernel-shap-types.js';
import { randomNonlinearGame } from '../../helpers/random-games.js';

const game = randomNonlinearGame(20, 2, 42);
const model: CoalitionModel = (masks) => masks.map(game);
const bytes = (arrays: Float64Array[]) => arrays.map((a) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));

async function rejection(options: KernelShapOptions): Promise<unknown> {
  try {
    await kernelShap(options);
  } catch (err) {
    return err;
  }
  throw new Error('expected kernelShap to reject');
}

describe('kernelShap: reproducibility', () => {
  it('gives identical bytes for the same seed and different values for another seed', async () => {
    const a = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 400, seed: 12 });
    const b = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 400, seed: 12 });
    const c = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 400, seed: 13 });
    expect(bytes(b.shapValues)).toEqual(bytes(a.shapValues));
    expect(bytes(c.shapValues)).not.toEqual(bytes(a.shapValues));
  });

  it('does not depend on batchSize, for a sync or an async model', async () => {
    const reference = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 400, seed: 5 });
    for (const batchSize of [1, 3, 64, 401, 10_000]) {
      const asyncModel: CoalitionModel = async (masks) => masks.map(game);
      for (const evaluate of [model, asyncModel]) {
        const result = await kernelShap({ numFeatures: 20, evaluate, numSamples: 400, seed: 5, batchSize });
        expect(bytes(result.shapValues)).toEqual(bytes(reference.shapValues));
        expect(result.numEvaluations).toBe(reference.numEvaluations);
      }
    }
  });

  it('is not disturbed by a model that overwrites its masks', async () => {
    const reference = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 300, seed: 8, batchSize: 16 });
    const scribbler: CoalitionModel = (masks) => {
      const out = masks.map(game);
      for (const mask of masks) mask.fill(1);
      return out;
    };
    const result = await kernelShap({ numFeatures: 20, evaluate: scribbler, numSamples: 300, seed: 8, batchSize: 16 });
    expect(bytes(result.shapValues)).toEqual(bytes(reference.shapValues));
  });

  it('draws a seed when none is given and returns it so the run can be repeated', async () => {
    const first = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 300 });
    expect(Number.isSafeInteger(first.seed) && first.seed >= 0).toBe(true);
    const again = await kernelShap({ numFeatures: 20, evaluate: model, numSamples: 300, seed: first.seed });
    expect(bytes(again.shapValues)).toEqual(bytes(first.shapValues));
  });

  it('reports progress after every call, ending at numEvaluations', async () => {
    const events: { evaluated: number; total: number }[] = [];
    const result = await kernelShap({
      numFeatures: 20,
      evaluate: model,
      numSamples: 200,
      seed: 1,
      batchSize: 50,
      onProgress: (e) => events.push(e),
    });
    expect(events.map((e) => e.evaluated)).toEqual([50, 100, 150, 200, 202]);
    expect(events.every((e) => e.total === result.numEvaluations)).toBe(true);
  });
});

describe('kernelShap: abort', () => {
  it('rejects with an AbortError between model calls and returns nothing', async () => {
    const controller = new AbortController();
    let calls = 0;
    const err = await rejection({
      numFeatures: 20,
      numSamples: 400,
      seed: 1,
      batchSize: 10,
      signal: controller.signal,
      evaluate: (masks, signal) => {
        expect(signal).toBe(controller.signal);
        if (++calls === 3) controller.abort('user stop');
        return masks.map(game);
      },
    });
    expect(err).toBeInstanceOf(AbortError);
    expect((err as AbortError).cause).toBe('user stop');
    expect(calls).toBe(3);
  });

  it('does not call the model when the signal has already fired', async () => {
    let calls = 0;
    const err = await rejection({
      numFeatures: 5,
      signal: AbortSignal.abort(),
      evaluate: (masks) => {
        calls++;
        return masks.map(() => [0]);
      },
    });
    expect(err).toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
  });

  it('reports an abort (not a model failure) when the model throws because of the signal', async () => {
    const controller = new AbortController();
    const err = await rejection({
      numFeatures: 8,
      signal: controller.signal,
      evaluate: () => {
        controller.abort();
        throw new Error('fetch aborted');
      },
    });
    expect(err).toBeInstanceOf(AbortError);
  });
});

describe('kernelShap: bad input', () => {
  const cases: [string, Partial<KernelShapOptions>, RegExp][] = [
    ['numFeatures', { numFeatures: 0 }, /integer >= 1/],
    ['numFeatures', { numFeatures: 2.5 }, /integer >= 1/],
    ['numSamples', { numFeatures: 20, numSamples: 21 }, /integer from 22 to 1000000/],
    ['numSamples', { numFeatures: 20, numSamples: 100.5 }, /integer from 22 to 1000000/],
    ['numSamples', { numFeatures: 20, numSamples: 1e9 }, /integer from 22 to 1000000/],
    ['batchSize', { batchSize: 0 }, /integer >= 1/],
    ['seed', { seed: -3 }, /integer from 0/],
    ['link', { link: 'probit' as never }, /'identity' or 'logit'/],
    ['sampler', { sampler: 'random' as never }, /'paired', 'shap' or 'leverage'/],
    ['l1Reg', { l1Reg: 'num_features(10)' as never }, /false/],
    ['evaluate', { evaluate: 'model' as never }, /function/],
    ['onProgress', { onProgress: 1 as never }, /function/],
  ];
  it.each(cases)('names %s and what is allowed (%o)', async (field, patch, allowed) => {
    let called = false;
    const err = await rejection({
      numFeatures: 20,
      evaluate: (masks) => {
        called = true;
        return masks.map(game);
      },
      ...patch,
    });
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
    expect((err as ValidationError).message).toMatch(allowed);
    expect(called).toBe(false);
  });

  it('accepts the smallest budgets: min(M + 2, 2^M − 2)', async () => {
    const sum = (masks: readonly Uint8Array[]) => masks.map((m) => [m.reduce((s, v) => s + v, 0)]);
    await expect(kernelShap({ numFeatures: 2, evaluate: sum, numSamples: 2 })).resolves.toMatchObject({ exact: true });
    await expect(kernelShap({ numFeatures: 10, evaluate: sum, numSamples: 12 })).resolves.toMatchObject({ exact: false });
    const err = await rejection({ numFeatures: 10, evaluate: sum, numSamples: 11 });
    expect((err as ValidationError).message).toMatch(/the minimum is 12/);
  });
});

describe('kernelShap: model errors', () => {
  const run = (evaluate: CoalitionModel, extra: Partial<KernelShapOptions> = {}) =>
    rejection({ numFeatures: 20, numSamples: 200, seed: 1, batchSize: 16, evaluate, ...extra });

  it('names the call when the model returns the wrong number of vectors', async () => {
    const err = await run((masks) => masks.map(game).slice(1));
    expect(err).toBeInstanceOf(ModelError);
    expect((err as ModelError).call).toBe(0);
    expect((err as ModelError).message).toMatch(/returned 15 vectors for 16 coalitions/);
  });

  it('names the call and the coalition for a vector of another length', async () => {
    let call = 0;
    const err = await run((masks) => {
      const out = masks.map(game);
      if (call++ === 2) out[5] = [1, 2, 3];
      return out;
    });
    expect(err).toMatchObject({ name: 'ModelError', call: 2, index: 2 * 16 + 5 });
    expect((err as ModelError).message).toMatch(/coalition 37; expected 2 outputs/);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('names the call and the coalition for %s', async (bad) => {
    let call = 0;
    const err = await run((masks) => {
      const out = masks.map(game);
      if (call++ === 4) out[9] = [0, bad];
      return out;
    });
    expect(err).toMatchObject({ name: 'ModelError', call: 4, index: 4 * 16 + 9 });
    expect((err as ModelError).message).toMatch(new RegExp(`${bad} at output 1 for coalition 73`));
  });

  it("rejects outputs outside [0, 1] under link 'logit'", async () => {
    const err = await run((masks) => masks.map((m) => [m[0] ? 1.2 : 0.5]), { link: 'logit' });
    expect(err).toMatchObject({ name: 'ModelError', call: 0, index: 1 });
  });

  it('wraps an exception thrown by the model, keeping it as the cause', async () => {
    const boom = new TypeError('tensor shape mismatch');
    const err = await run(() => {
      throw boom;
    });
    expect(err).toMatchObject({ name: 'ModelError', call: 0 });
    expect((err as ModelError).cause).toBe(boom);
  });
});
