/**
 * A tabular run's document made by the real bias engine over a table whose facet
 * column name and facet value are HTML, for the bias report tests: both sections,
 * a categorical facet and a threshold facet, metrics that fail (no group variable),
 * and an infinite one.
 */
import type { TabularAnalysisDocument } from '../../../src/analysis/tabular-document.js';
import { resolveBiasConfig } from '../../../src/bias/config.js';
import { InMemoryTableSource } from '../../../src/bias/in-memory-source.js';
import { runBiasAnalysis } from '../../../src/bias/run.js';

/** The facet column's name. */
export const HOSTILE_FACET = 'sex<b onmouseover="alert(1)">';
/** The facet value the config names. */
export const HOSTILE_VALUE = '<script>alert("x")</script>';
/** When the document says the run started. */
export const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');

/** The document, with `dataset` and `engine` as the engine writes them. */
export async function hostileDocument(): Promise<TabularAnalysisDocument> {
  // The facet value: FN 2, FP 0 (TE = ∞); the rest: one of each.
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => ({ [HOSTILE_FACET]: 'Male', age: 20 + i, y: i % 2, p: i % 2 })),
    { [HOSTILE_FACET]: 'Male', age: 33, y: 1, p: 0 },
    { [HOSTILE_FACET]: 'Male', age: 61, y: 0, p: 1 },
    ...Array.from({ length: 20 }, (_, i) => ({ [HOSTILE_FACET]: HOSTILE_VALUE, age: 25 + 2 * i, y: i % 2, p: i % 2 })),
    { [HOSTILE_FACET]: HOSTILE_VALUE, age: 41, y: 1, p: 0 },
    { [HOSTILE_FACET]: HOSTILE_VALUE, age: 58, y: 1, p: 0 },
  ];
  const settings = resolveBiasConfig({
    label: 'y',
    label_values_or_threshold: [1],
    predicted_label: 'p',
    facet: [
      { name_or_index: HOSTILE_FACET, value_or_threshold: [HOSTILE_VALUE] },
      { name_or_index: 'age', value_or_threshold: [40] },
    ],
    methods: { pre_training_bias: { methods: 'all' }, post_training_bias: { methods: 'all' } },
  });
  const bias = await runBiasAnalysis(settings, InMemoryTableSource.fromRows(rows));
  return {
    version: '1.0',
    engine: { name: 'clarify-ts', version: '9.8.7-test' },
    created_at: RUN_DATE.toISOString(),
    dataset: { dataset_type: 'text/csv', files: ['data/<i>train</i>.csv'], rows: rows.length, rows_dropped: 3 },
    ...(bias.pre_training_bias_metrics ? { pre_training_bias_metrics: bias.pre_training_bias_metrics } : {}),
    ...(bias.post_training_bias_metrics ? { post_training_bias_metrics: bias.post_training_bias_metrics } : {}),
  };
}
