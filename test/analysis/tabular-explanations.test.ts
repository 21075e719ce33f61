import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  defaultLabelNames,
  kernelShapSection,
  localShapCsvHeader,
  localShapCsvLine,
  pdpFeatureRecord,
  type TabularExplanationsSection,
} from '../../src/analysis/tabular-explanations.js';

describe('explanations.kernel_shap', () => {
  it("has the developer guide's layout: label → global_shap_values by feature, expected_value", () => {
    const section = kernelShapSection({
      featureNames: ['feature_0', 'feature_1', 'feature_2'],
      labels: defaultLabelNames(1),
      globalShapValues: [Float64Array.of(0.022486410860333206, 0.007381025261958729, 0.006843906804137847)],
      expectedValue: [0.508233428001],
    });
    const explanations: TabularExplanationsSection = { kernel_shap: section };
    expect(JSON.stringify(explanations)).toBe(
      '{"kernel_shap":{"label0":{"global_shap_values":{"feature_0":0.022486410860333206,"feature_1":0.007381025261958729,' +
        '"feature_2":0.006843906804137847},"expected_value":0.508233428001}}}',
    );
  });

  it('has one entry per label, in order', () => {
    const section = kernelShapSection({ featureNames: ['a', 'b'], labels: ['label0', 'label1'], globalShapValues: [[1, 2], [3, 4]], expectedValue: [0.25, 0.75] });
    expect(Object.keys(section)).toEqual(['label0', 'label1']);
    expect(section.label1).toEqual({ global_shap_values: { a: 3, b: 4 }, expected_value: 0.75 });
    expect(() => kernelShapSection({ featureNames: ['a'], labels: ['label0'], globalShapValues: [[1, 2]], expectedValue: [0] })).toThrow(ValidationError);
    expect(() => kernelShapSection({ featureNames: ['a'], labels: ['label0'], globalShapValues: [[1]], expectedValue: [] })).toThrow(ValidationError);
  });
});

describe('explanations.pdp', () => {
  it("has the developer guide's keys, plus label_headers (read by the SDK's model-card parser)", () => {
    const record = pdpFeatureRecord({
      featureName: 'Age',
      dataType: 'numerical',
      featureValues: [20.4, 23.2],
      modelPredictions: [[0.68, 0.69]],
      dataDistribution: [0.4, 0.6],
      labels: ['label0'],
    });
    expect(Object.keys(record)).toEqual(['feature_name', 'data_type', 'feature_values', 'model_predictions', 'data_distribution', 'label_headers']);
    expect(record).toEqual({
      feature_name: 'Age',
      data_type: 'numerical',
      feature_values: [20.4, 23.2],
      model_predictions: [[0.68, 0.69]],
      data_distribution: [0.4, 0.6],
      label_headers: ['label0'],
    });
    expect(() => pdpFeatureRecord({ ...record, featureName: 'x', dataType: 'categorical', featureValues: ['a'], modelPredictions: [[1]], dataDistribution: [0.5, 0.5], labels: ['label0'] })).toThrow(ValidationError);
  });
});

describe('explanations_shap/out.csv', () => {
  it("has the header the example notebook reads, <feature>_label0, and one line of floats per record", () => {
    const layout = { featureNames: ['Age', 'Workclass', 'Capital Gain'], labels: ['label0'] };
    expect(localShapCsvHeader(layout)).toBe('Age_label0,Workclass_label0,Capital Gain_label0');
    expect(localShapCsvLine(layout, [Float64Array.of(0.125, 0, -1e-5)])).toBe('0.125,0.0,-1e-05');
  });

  it('puts labels one after another, quotes names only when needed, and writes a join-source column first', () => {
    const layout = { featureNames: ['a', 'b,c'], labels: ['label0', 'label1'], joinSource: 'id' };
    expect(localShapCsvHeader(layout)).toBe('id,a_label0,"b,c_label0",a_label1,"b,c_label1"');
    expect(localShapCsvLine(layout, [[1, 2], [3, 4.5]], 17)).toBe('17,1.0,2.0,3.0,4.5');
    expect(localShapCsvLine(layout, [[1, 2], [3, 4.5]], 'row "7"')).toBe('"row ""7""",1.0,2.0,3.0,4.5');
    expect(() => localShapCsvLine(layout, [[1, 2], [3, 4.5]])).toThrow(ValidationError);
    expect(() => localShapCsvLine(layout, [[1, 2]], 1)).toThrow(ValidationError);
  });
});
