/**
 * A tabular run's document with explanations, built by hand in the layout the engine
 * writes (`kernelShapSection`, `pdpFeatureRecord`), for the report tests: a binary
 * classifier of an adult-census-like table with 24 features (so that a label's chart
 * leaves 4 out), two labels, a feature whose name is HTML, partial dependence plots of a
 * numerical and a categorical feature (one of whose categories is HTML), and a feature
 * Clarify could not plot.
 */
import type { TabularAnalysisDocument } from '../../../src/analysis/tabular-document.js';
import { type TabularExplanationsSection, kernelShapSection, pdpFeatureRecord } from '../../../src/analysis/tabular-explanations.js';
import { RUN_DATE } from './hostile-document.js';

/** A feature whose name is markup. */
export const HOSTILE_FEATURE = '<img src=x onerror=alert(1)>';
/** A category that is markup. */
export const HOSTILE_CATEGORY = '<b>HS-grad</b>';

/** The features, in the dataset's order. */
export const FEATURES = [
  'age', 'workclass', 'fnlwgt', 'education', 'education_num', 'marital_status', 'occupation', 'relationship',
  'race', 'sex', 'capital_gain', 'capital_loss', 'hours_per_week', 'native_country', HOSTILE_FEATURE, 'tenure_months',
  'num_dependents', 'credit_lines', 'region_code', 'employer_size', 'commute_km', 'savings', 'debt_ratio', 'größe_cm',
];

/** Global SHAP values of label0 and label1 (label1's are label0's negated: a two-output classifier). */
export const LABEL0_VALUES = [
  0.0412, 0.00731, 0.000418, 0.0187, 0.0391, 0.0622, 0.0288, 0.0534,
  0.00294, 0.0171, 0.0811, 0.0113, 0.0256, 0.00157, 0.0342, 0.00962,
  0.00051, 0.00433, 0.000087, 0.00219, 0.00118, 0.0139, -0.0201, 0.00588,
];

/** The explanations section. */
export function explanationsSection(): TabularExplanationsSection {
  const labels = ['label0', 'label1'];
  const ages = [20.4, 23.2, 26, 28.799999999999997, 31.599999999999998, 34.4, 37.2, 40, 42.8, 45.6];
  const p1 = ages.map((a) => 0.12 + 0.5 / (1 + Math.exp(-(a - 34) / 4)));
  const education = ['Bachelors', HOSTILE_CATEGORY, 'Masters', 'Some-college'];
  const e1 = [0.41, 0.19, 0.52, 0.24];
  return {
    kernel_shap: kernelShapSection({
      featureNames: FEATURES,
      labels,
      globalShapValues: [LABEL0_VALUES, LABEL0_VALUES.map((v) => -v)],
      expectedValue: [0.2408, 0.7592],
    }),
    pdp: [
      pdpFeatureRecord({
        featureName: 'age', dataType: 'numerical', featureValues: ages, labels,
        modelPredictions: [p1, p1.map((p) => 1 - p)],
        dataDistribution: [0.08, 0.12, 0.14, 0.13, 0.12, 0.11, 0.1, 0.09, 0.06, 0.05],
      }),
      pdpFeatureRecord({
        featureName: 'education', dataType: 'categorical', featureValues: education, labels,
        modelPredictions: [e1, e1.map((p) => 1 - p)],
        dataDistribution: [0.31, 0.42, 0.09, 0.18],
      }),
      { feature_name: 'occupation_notes', data_type: 'free_text', error: 'Partial dependence plots are not supported for free_text features.' },
      pdpFeatureRecord({
        featureName: HOSTILE_FEATURE, dataType: 'numerical', featureValues: [1, 3, 5, 7, 9], labels,
        modelPredictions: [[0.3, 0.31, 0.33, 0.36, 0.4], [0.7, 0.69, 0.67, 0.64, 0.6]],
        dataDistribution: [0.4, 0.4, 0, 0, 0.2],
      }),
    ],
  };
}

/** The document of a run with explanations only (no bias section), as the engine writes it. */
export function explanationsDocument(): TabularAnalysisDocument {
  return {
    version: '1.0',
    engine: { name: 'clarify-ts', version: '9.8.7-test' },
    created_at: RUN_DATE.toISOString(),
    dataset: { dataset_type: 'text/csv', files: ['data/adult.csv'], rows: 1000, rows_dropped: 0 },
    explanations: explanationsSection(),
    shap_seed: 7,
  };
}
