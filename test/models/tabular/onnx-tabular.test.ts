import { describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/errors.js';
import { OnnxTabularModel } from '../../../src/models/tabular/onnx-tabular-model.js';
import { chooseOnnxOutputs } from '../../../src/models/tabular/onnx-outputs.js';
import {
  CLASS_LABELS,
  linearClassifierExpected,
  linearClassifierModel,
  linearRegressorModel,
  treeClassifierExpected,
  treeClassifierModel,
  treeRegressorModel,
} from '../../helpers/onnx-ml-models.js';

const f32 = (v: number) => Math.fround(v);

describe('OnnxTabularModel with ai.onnx.ml models built in the test', () => {
  const treeRows = [[0.2, 1], [3, 0.9], [0.5, 2.5], [0.5, 2], [Number.NaN, 0]];

  it('runs a TreeEnsembleClassifier: labels and probabilities as the leaves say', async () => {
    const model = await OnnxTabularModel.create({ model: treeClassifierModel(), labelHeaders: [0, 1, 2] });
    expect(model.outputs).toEqual({ label: 'output_label', probability: 'output_probability', regression: false });
    expect(model.describe).toMatch(/^ONNX model \(\d+ bytes\)$/);
    const predictions = await model.predict(treeRows.slice(0, 4));
    predictions.forEach((p, i) => {
      const expected = treeClassifierExpected(treeRows[i]);
      expect(p.label).toBe(CLASS_LABELS.int64[expected.index]);
      expect(p.scores).toEqual(expected.probabilities.map(f32));
    });
    expect(model.labelHeaders).toEqual([0, 1, 2]);
    await model.dispose();
    await model.dispose();
    await expect(model.predict([[0, 0]])).rejects.toThrow(/disposed/);
  });

  it('reads string labels, boolean features, and feeds NaN through', async () => {
    const model = await OnnxTabularModel.create({ model: treeClassifierModel({ labels: 'string' }) });
    const predictions = await model.predict([[true, 1], [false, 3], [Number.NaN, 0]]);
    expect(predictions[0]).toEqual({ label: 'c', scores: [0.1, 0.2, 0.7].map(f32) }); // true → 1 > 0.5
    expect(predictions[1]).toEqual({ label: 'b', scores: [0.25, 0.5, 0.25] });
    expect(typeof predictions[2].label).toBe('string');
    await model.dispose();
  });

  it('runs a float64 input in batches of maxBatch with the same results', async () => {
    const model = await OnnxTabularModel.create({ model: treeClassifierModel({ inputType: 'float64' }), maxBatch: 2 });
    const predictions = await model.predict(treeRows.slice(0, 4));
    expect(predictions.map((p) => p.label)).toEqual(treeRows.slice(0, 4).map((r) => treeClassifierExpected(r).index));
    await model.dispose();
  });

  it('runs a LinearClassifier with softmax: the probabilities of softmax(W·x + b)', async () => {
    const model = await OnnxTabularModel.create({ model: linearClassifierModel({ labels: 'string' }) });
    const rows = [[0.2, 1, 3], [0.9, 2.5, 1], [-1, 0, 2], [3, -2, 0.5]];
    const predictions = await model.predict(rows);
    predictions.forEach((p, i) => {
      const expected = linearClassifierExpected(rows[i]);
      expect(p.label).toBe(CLASS_LABELS.string[expected.index]);
      p.scores?.forEach((s, k) => expect(s).toBeCloseTo(expected.probabilities[k], 6));
    });
    await model.dispose();
  });

  it('runs regressors: their value is both the label and the one score', async () => {
    const linear = await OnnxTabularModel.create({ model: linearRegressorModel() });
    expect(linear.outputs).toEqual({ probability: 'variable', regression: true });
    const [a, b] = await linear.predict([[1, 2, 4], [0.5, 0, -2]]);
    expect(a).toEqual({ label: 3, scores: [3] }); // 2 − 2 + 2 + 1
    expect(b.scores?.[0]).toBeCloseTo(1, 6); // 1 − 0 − 1 + 1
    const tree = await OnnxTabularModel.create({ model: treeRegressorModel() });
    expect(await tree.predict([[1, 0], [1.5, 0]])).toEqual([{ label: 10, scores: [10] }, { label: 20, scores: [20] }]);
    await linear.dispose();
    await tree.dispose();
  });

  it('refuses a ZipMap output, naming zipmap=False, and reads the labels alone when asked', async () => {
    const zipped = treeClassifierModel({ zipmap: true });
    const error = await OnnxTabularModel.create({ model: zipped }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/'output_probability' is a sequence of maps \(skl2onnx's ZipMap\)/);
    expect((error as Error).message).toMatch(/zipmap=False/);
    await expect(OnnxTabularModel.create({ model: zipped, probabilityOutput: 'output_probability' })).rejects.toMatchObject({ field: 'probabilityOutput' });
    const labelsOnly = await OnnxTabularModel.create({ model: zipped, probabilityOutput: false });
    expect(await labelsOnly.predict([[0.2, 1], [3, 0.9]])).toEqual([{ label: 0 }, { label: 2 }]);
    await labelsOnly.dispose();
    const linear = await OnnxTabularModel.create({ model: linearClassifierModel({ zipmap: true, labels: 'string' }), labelOutput: 'output_label', probabilityOutput: false });
    expect((await linear.predict([[0.2, 1, 3]]))[0]).toEqual({ label: 'b' });
    await linear.dispose();
  });

  it('fails a string feature with a ModelError naming the record and the column', async () => {
    const model = await OnnxTabularModel.create({ model: treeClassifierModel(), featureNames: ['age', 'workclass'] });
    const error = await model.predict([[1, 2], [3, 'Private']]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/record 1 has "Private" in feature 'workclass' \(column 1\), but its input 'X' \(float32\) takes numbers only/);
    expect(error).toMatchObject({ index: 1 });
    await expect(model.predict([[1, 2, 3]])).rejects.toThrow(/record 0 has 3 values; its input 'X' \(float32\) takes 2 features a row/);
    const unnamed = await OnnxTabularModel.create({ model: treeClassifierModel() });
    await expect(unnamed.predict([['x', 1]])).rejects.toThrow(/in column 0,/);
    await model.dispose();
    await unnamed.dispose();
  });

  it('refuses bad options and models before running anything', async () => {
    await expect(OnnxTabularModel.create({ model: 42 as never })).rejects.toMatchObject({ field: 'model' });
    await expect(OnnxTabularModel.create({ model: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({ field: 'model' });
    await expect(OnnxTabularModel.create({ model: treeClassifierModel(), labelOutput: 'nope' })).rejects.toMatchObject({ field: 'labelOutput' });
    await expect(OnnxTabularModel.create({ model: treeClassifierModel(), inputName: 'Y' })).rejects.toMatchObject({ field: 'inputName' });
    await expect(OnnxTabularModel.create({ model: treeClassifierModel(), featureNames: ['just-one'] })).rejects.toMatchObject({ field: 'featureNames' });
    await expect(OnnxTabularModel.create({ model: treeClassifierModel({ inputType: 'int64' }) })).rejects.toThrow(/float32 or float64 tensor.*is int64/);
    await expect(OnnxTabularModel.create({ model: treeClassifierModel(), maxBatch: 0 })).rejects.toMatchObject({ field: 'maxBatch' });
  });
});

describe('chooseOnnxOutputs', () => {
  it('finds outputs by type when they have other names', () => {
    const outputs = [
      { name: 'Z', isTensor: true, type: 'float32', shape: ['', 3] },
      { name: 'Y', isTensor: true, type: 'int64', shape: [''] },
    ];
    expect(chooseOnnxOutputs(outputs, {}, 'm')).toEqual({ label: 'Y', probability: 'Z', regression: false });
    expect(chooseOnnxOutputs(outputs, { labelOutput: false }, 'm')).toEqual({ probability: 'Z', regression: false });
    expect(() => chooseOnnxOutputs([{ name: 'img', isTensor: true, type: 'uint8', shape: ['', 3, 4, 4] }], {}, 'm')).toThrow(/its outputs: 'img'/);
    expect(() => chooseOnnxOutputs(outputs, { labelOutput: 'Z', probabilityOutput: 'Y' }, 'm')).toThrow(/float scores/);
  });
});
