import { describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/errors.js';
import { partialDependence } from '../../../src/explain/tabular/partial-dependence.js';
import { selectPdpFeatures } from '../../../src/explain/tabular/pdp-features.js';
import { pdpGrid } from '../../../src/explain/tabular/pdp-grid.js';
import type { TabularPredictor, TabularRow } from '../../../src/explain/tabular/tabular-predictor.js';

describe('pdpGrid', () => {
  it("reproduces the developer guide's example grid digit for digit (Age from 19 to 75, grid_resolution 20)", () => {
    const grid = pdpGrid([19, 40, 75, 33], { gridResolution: 20 });
    expect(grid.dataType).toBe('numerical');
    const shown = [20.4, 23.2, 26.0, 28.799999999999997, 31.599999999999998, 34.4];
    expect(grid.featureValues.slice(0, 6)).toEqual(shown);
    expect(grid.featureValues.slice(-2)).toEqual([70.8, 73.6]);
    expect(grid.featureValues.length).toBe(20);
  });

  it('counts the share of values per equal-width bucket, the maximum in the last one (as numpy.histogram)', () => {
    const grid = pdpGrid([0, 1, 2, 2, 3, 10, 4, 6], { gridResolution: 5 });
    // Buckets [0,2) [2,4) [4,6) [6,8) [8,10]
    expect(grid.featureValues).toEqual([1, 3, 5, 7, 9]);
    expect(grid.dataDistribution).toEqual([2 / 8, 3 / 8, 1 / 8, 1 / 8, 1 / 8]);
    // Values on bucket edges, where rounding decides: the counts numpy.histogram gives.
    const tenths = pdpGrid(Array.from({ length: 11 }, (_, i) => i / 10), { gridResolution: 10 });
    expect(tenths.dataDistribution.map((share) => Math.round(share * 11))).toEqual([1, 1, 2, 0, 1, 2, 1, 0, 1, 2]);
    const steps = pdpGrid(Array.from({ length: 11 }, (_, i) => 0.3 * i), { gridResolution: 7 });
    expect(steps.dataDistribution.map((share) => Math.round(share * 11))).toEqual([2, 1, 2, 1, 2, 1, 2]);
  });

  it('gives a categorical feature its distinct values in order of first appearance', () => {
    const grid = pdpGrid(['cat', 'dog', 'cat', 'bird', 'cat', 1, '1'], { gridResolution: 15 });
    expect(grid.dataType).toBe('categorical');
    expect(grid.featureValues).toEqual(['cat', 'dog', 'bird', 1, '1']);
    expect(grid.dataDistribution).toEqual([3 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7]);
    expect(pdpGrid([3, 1, 3], { gridResolution: 4, dataType: 'categorical' }).featureValues).toEqual([3, 1]);
  });

  it('gives a constant numerical feature one grid point, and refuses bad input', () => {
    expect(pdpGrid([5, 5, 5], { gridResolution: 10 })).toEqual({ dataType: 'numerical', featureValues: [5], dataDistribution: [1] });
    expect(() => pdpGrid([], { gridResolution: 3 })).toThrow(ValidationError);
    expect(() => pdpGrid([1, 2], { gridResolution: 0 })).toThrow(ValidationError);
    expect(() => pdpGrid([1, 'a'], { gridResolution: 3, dataType: 'numerical' })).toThrow(ValidationError);
    expect(() => pdpGrid([1, Number.POSITIVE_INFINITY], { gridResolution: 3 })).toThrow(ValidationError);
  });
});

describe('partialDependence', () => {
  const rows: TabularRow[] = [
    [1, 'a', 10],
    [2, 'b', 20],
    [4, 'a', 30],
  ];
  // f(x) = [2·x0 + 3·x2 + (x1 = 'a' ? 5 : 0), x0 − x2]
  const linear: TabularPredictor = (batch) =>
    batch.map(([x0, x1, x2]) => [2 * (x0 as number) + 3 * (x2 as number) + (x1 === 'a' ? 5 : 0), (x0 as number) - (x2 as number)]);

  it('is the mean output with the feature set to each grid value (a linear model, by hand)', async () => {
    const { modelPredictions, modelRows, modelCalls } = await partialDependence({ rows, feature: 0, featureValues: [0, 1.5, 3], predict: linear });
    // Row outputs at x0 = 0: 35, 60, 95; each grid step of 1.5 adds 3.
    expect(modelPredictions[0]).toEqual([190 / 3, 199 / 3, 208 / 3]);
    expect(modelPredictions[1]).toEqual([-20, -18.5, -17]);
    expect(modelRows).toBe(9);
    expect(modelCalls).toBe(1);
  });

  it('of a categorical feature: one mean per category', async () => {
    const { modelPredictions } = await partialDependence({ rows, feature: 1, featureValues: ['a', 'b', 'z'], predict: linear });
    // Mean of 2·x0 + 3·x2: (2 + 30 + 4 + 60 + 8 + 90) / 3 = 194 / 3.
    expect(modelPredictions[0]).toEqual([194 / 3 + 5, 194 / 3, 194 / 3]);
    expect(modelPredictions[1]).toEqual([-53 / 3, -53 / 3, -53 / 3]);
  });

  it('batches rows into calls of at most batchSize without changing the result', async () => {
    const sizes: number[] = [];
    const counting: TabularPredictor = (batch, signal) => {
      sizes.push(batch.length);
      return linear(batch, signal);
    };
    const whole = await partialDependence({ rows, feature: 2, featureValues: [0, 1, 2, 3], predict: linear });
    const batched = await partialDependence({ rows, feature: 2, featureValues: [0, 1, 2, 3], predict: counting, batchSize: 5 });
    expect(sizes).toEqual([5, 5, 2]);
    expect(batched.modelPredictions).toEqual(whole.modelPredictions);
    expect(batched.modelCalls).toBe(3);
  });

  it('leaves the rows as they were', async () => {
    const frozen = rows.map((row) => Object.freeze([...row]));
    await partialDependence({ rows: frozen, feature: 0, featureValues: [7], predict: linear });
    expect(frozen).toEqual(rows);
  });

  it('refuses bad models (ModelError) and bad input (ValidationError)', async () => {
    await expect(partialDependence({ rows, feature: 0, featureValues: [1], predict: (b) => b.slice(1).map(() => [1]) })).rejects.toBeInstanceOf(ModelError);
    await expect(partialDependence({ rows, feature: 0, featureValues: [1], predict: (b) => b.map((_, i) => (i === 1 ? [1, 2] : [1])) })).rejects.toBeInstanceOf(ModelError);
    await expect(partialDependence({ rows, feature: 0, featureValues: [1], predict: (b) => b.map(() => [Number.NaN]) })).rejects.toBeInstanceOf(ModelError);
    await expect(partialDependence({ rows, feature: 3, featureValues: [1], predict: linear })).rejects.toBeInstanceOf(ValidationError);
    await expect(partialDependence({ rows, feature: 0, featureValues: [], predict: linear })).rejects.toBeInstanceOf(ValidationError);
    await expect(partialDependence({ rows: [], feature: 0, featureValues: [1], predict: linear })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('selectPdpFeatures', () => {
  it('takes the configured features as they are', () => {
    expect(selectPdpFeatures({ features: [3, 0], globalShapValues: [[1, 2, 3, 4]], topK: 1 })).toEqual([3, 0]);
  });

  it('otherwise takes the top k of the global SHAP ranking (Σ |value| over outputs, ties to the lower index)', () => {
    const global = [
      [0.1, -0.5, 0.3, 0.2],
      [0.1, 0.0, 0.3, 0.1],
    ];
    expect(selectPdpFeatures({ globalShapValues: global, topK: 2 })).toEqual([2, 1]);
    expect(selectPdpFeatures({ globalShapValues: global, topK: 10 })).toEqual([2, 1, 3, 0]);
    expect(selectPdpFeatures({ globalShapValues: [[1, 1, 2]], topK: 2 })).toEqual([2, 0]);
    expect(selectPdpFeatures({ globalShapValues: [Array.from({ length: 12 }, (_, j) => j)] })).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  });

  it('needs features or SHAP values', () => {
    expect(() => selectPdpFeatures({})).toThrow(ValidationError);
    expect(() => selectPdpFeatures({ globalShapValues: [[1]], topK: 0 })).toThrow(ValidationError);
  });
});
