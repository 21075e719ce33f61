/**
 * What both tabular reports show, taken from a tabular run's `analysis.json` once so
 * that report.html and report.pdf cannot disagree: the run, the dataset, per
 * bias section its label and one table per facet entry, a row per metric with its
 * value and meaning, and the explanations (`explanations-data.ts`).
 *
 * @packageDocumentation
 */
import type { BiasMetricsSection, TabularAnalysisDocument, TabularDatasetRecord } from '../../analysis/tabular-document.js';
import { type ExplanationsView, explanationsView } from './explanations-data.js';
import { metricMeaning } from './metric-meanings.js';
import { type MetricValue, readMetricValue } from './metric-value.js';

/** One metric of a facet entry, ready to show. */
export interface BiasMetricRow {
  /** Short name, e.g. `CI`. */
  readonly name: string;
  /** Long name, e.g. `Class Imbalance (CI)`. */
  readonly description: string;
  /** Its value: a number, ±∞, NaN, or the error it failed with. */
  readonly value: MetricValue;
  /** What its sign and size mean; `undefined` for a metric the reports do not know. */
  readonly meaning: string | undefined;
}

/** One facet entry (a value, a group of values or a threshold interval) and its metrics. */
export interface BiasFacetTable {
  /** The facet column's name. */
  readonly facet: string;
  /** The entry's `value_or_threshold`, e.g. `Female`, `Black,Hispanic`, `(40, 75]`. */
  readonly value: string;
  /** Its metrics, in the document's order (smclarify sorts them by name). */
  readonly rows: readonly BiasMetricRow[];
}

/** A bias section of the document. */
export interface BiasSectionView {
  /** The section's key in analysis.json. */
  readonly key: 'pre_training_bias_metrics' | 'post_training_bias_metrics';
  /** `Pre-training bias` or `Post-training bias`. */
  readonly title: string;
  /** The label column's name. */
  readonly label: string;
  /** Its positive value(s) or threshold interval, as analysis.json writes them. */
  readonly labelValue: string;
  /** In the document's order: facets, then their entries. */
  readonly tables: readonly BiasFacetTable[];
}

/** Everything the tabular reports show besides their title, note and date. */
export interface TabularReportData {
  /** The engine that wrote the document, e.g. `clarify-ts 0.4.0`; `undefined` when it does not say (Clarify's own analysis.json). */
  readonly engine: string | undefined;
  /** What the run read; `undefined` when the document does not say. */
  readonly dataset: TabularDatasetRecord | undefined;
  /** Pre-training, then post-training, each when present. */
  readonly sections: readonly BiasSectionView[];
  /** Global SHAP values and partial dependence plots (empty lists when the document has none). */
  readonly explanations: ExplanationsView;
}

/** How to read the tables: the words the meanings use (ASCII: the PDF shows it too). */
export const READING_GUIDE =
  'Each table compares the rows of one facet value (the rows whose facet column holds that value, one of those values, ' +
  'or a value in that interval: Clarify\'s facet d) with the rest of the rows (facet a). A positive label or prediction ' +
  'is one equal to one of the label values, or in the threshold interval, named at the top of its section; a label ' +
  'distribution is a side\'s shares of positive and negative labels. Values have 3 significant digits.';

const SECTIONS = [
  ['pre_training_bias_metrics', 'Pre-training bias'],
  ['post_training_bias_metrics', 'Post-training bias'],
] as const;

/**
 * The reports' view of a tabular document. Tolerates a document without the engine's
 * additions (`engine`, `dataset`), as Clarify itself writes it.
 */
export function tabularReportData(document: TabularAnalysisDocument): TabularReportData {
  const additions = document as Partial<Pick<TabularAnalysisDocument, 'engine' | 'dataset'>>;
  const sections: BiasSectionView[] = [];
  for (const [key, title] of SECTIONS) {
    const section = document[key];
    if (section !== undefined) sections.push({ key, title, label: section.label, labelValue: section.label_value_or_threshold, tables: tables(section) });
  }
  return {
    engine: additions.engine === undefined ? undefined : `${additions.engine.name} ${additions.engine.version}`,
    dataset: additions.dataset,
    sections,
    explanations: explanationsView(document.explanations, document.global_shap_standard_errors),
  };
}

function tables(section: BiasMetricsSection): BiasFacetTable[] {
  return Object.entries(section.facets).flatMap(([facet, entries]) =>
    entries.map((entry) => ({
      facet,
      value: entry.value_or_threshold,
      rows: entry.metrics.map((m) => ({ name: m.name, description: m.description, value: readMetricValue(m), meaning: metricMeaning(m.name) })),
    })),
  );
}

/**
 * The dataset in one sentence, e.g. `text/csv, 1 file (data/train.csv): 980 rows
 * analysed, 20 rows with a missing value left out.`
 */
export function datasetSentence(dataset: TabularDatasetRecord): string {
  const { files } = dataset;
  const count = files.length === 1 ? '1 file' : `${files.length} files`;
  const shown = files.slice(0, LISTED_FILES).join(', ') + (files.length > LISTED_FILES ? `, and ${files.length - LISTED_FILES} more` : '');
  const dropped = dataset.rows_dropped === 1 ? '1 row' : `${dataset.rows_dropped} rows`;
  return `${dataset.dataset_type}, ${count}${files.length > 0 ? ` (${shown})` : ''}: ${dataset.rows} rows analysed, ${dropped} with a missing value left out.`;
}

/** Files named in {@link datasetSentence}; the rest are counted. */
export const LISTED_FILES = 10;
