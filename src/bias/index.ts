/**
 * The pre- and post-training bias metrics SageMaker Clarify computes, as AWS's smclarify
 * defines them, over any `TableSource`: pure (no Node APIs), streaming (counts, not
 * rows), mergeable across shards.
 *
 * The engine's path: {@link resolveBiasConfig} (the config, checked before any work), then
 * {@link runBiasAnalysis} (profile, facts, one counting pass, the report). The pieces it is
 * made of ({@link collectFacts}, {@link planBias}, {@link BiasAccumulator},
 * {@link mergeBiasCounts}, {@link biasReport}) let a sharded run count on every host and
 * report once.
 *
 * @packageDocumentation
 */
export { ClarifyError, ValidationError, AbortError } from '../errors.js';
export { BiasDataError } from '../errors.js';
export type { ColumnDtype, ColumnProfile, ColumnValues, TableBatch, TableProfile, TableRoles, TableSource } from '../table/table.js';
export type { BiasFacetRecord, BiasMetricRecord, BiasMetricsSection } from '../analysis/tabular-document.js';
export {
  resolveBiasConfig,
  type BiasConfigInput,
  type BiasConfigValue,
  type BiasMethodsInput,
  type BiasSettings,
  type ColumnRef,
  type FacetSettings,
  type PythonFloatLike,
  type ResolveBiasConfigOptions,
} from './config.js';
export {
  METRIC_DESCRIPTIONS,
  POST_TRAINING_METRICS,
  PRE_TRAINING_METRICS,
  type BiasMetricName,
  type PostTrainingMetric,
  type PreTrainingMetric,
} from './metric-names.js';
export { runBiasAnalysis, collectFacts, type BiasAnalysisOptions, type BiasAnalysisResult } from './run.js';
export {
  planBias,
  resolveColumns,
  factsRequests,
  factsFromTableProfile,
  factsBuilders,
  columnKind,
  UNIQUENESS_THRESHOLD,
  type ColumnKind,
  type BiasPlan,
  type FacetPlan,
  type FacetEntryPlan,
  type FlipTestPlan,
  type FactsRequest,
  type ResolvedColumns,
} from './plan.js';
export { ColumnFactsBuilder, mergeColumnFacts, type ColumnFacts, type RoleColumn } from './column-facts.js';
export { BiasAccumulator, mergeBiasCounts, type BiasCounts, type FlipTestRows, type GroupCounts } from './counts.js';
export { biasReport, facetEntryCounts, metricValue, METRICS_FROM_COUNTS, type BiasReport } from './report.js';
export { cellIndex, countOf, type CellFilter, type FacetCounts } from './facet-counts.js';
export type { Selector } from './selectors.js';
export { MetricFailure, divide } from './metrics.js';
export { flipTest, flipTestNeighbours, type FlipTestInput } from './flip-test.js';
export { KdTree } from './kd-tree.js';
export { InMemoryTableSource, type InMemoryCell, type InMemoryTableOptions } from './in-memory-source.js';
export { pythonFloatRepr, pyStr, type PyValue } from './python-values.js';
