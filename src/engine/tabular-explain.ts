/**
 * The explanations of a tabular run: Kernel SHAP for every record against the config's
 * baseline (or one computed by clustering the dataset), global values by `agg_method`,
 * partial dependence plots, and the files Clarify writes beside `analysis.json`.
 *
 * @packageDocumentation
 */
import type { BaselineRow } from '../clarify/analysis-config.js';
import { ValidationError, throwIfAborted } from '../errors.js';
import type { TabularPredictor, TabularRow, TabularValue } from '../explain/tabular/tabular-predictor.js';
import { explainTabularRecord } from '../explain/tabular/tabular-shap.js';
import { recordSeed } from '../explain/tabular/record-seed.js';
import { type ShapAggMethod, type ShapAggregate, accumulateShap, finishShapAggregate } from '../explain/tabular/shap-aggregate.js';
import { ExactSum } from '../explain/tabular/exact-sum.js';
import { computeBaseline } from '../explain/tabular/computed-baseline.js';
import { pdpGrid } from '../explain/tabular/pdp-grid.js';
import { partialDependence } from '../explain/tabular/partial-dependence.js';
import { selectPdpFeatures } from '../explain/tabular/pdp-features.js';
import { drawSeed } from '../explain/numeric/random.js';
import { maxCoalitions } from '../explain/shap/kernel-shap-sampler.js';
import {
  type PdpRecord,
  type TabularExplanationsSection,
  globalShapStandardErrorsSection,
  kernelShapSection,
  localShapCsvHeader,
  localShapCsvLine,
  pandasCsvCell,
  pdpFeatureRecord,
} from '../analysis/tabular-explanations.js';
import type { GlobalShapStandardErrors } from '../analysis/tabular-document.js';
import type { TabularExplainSettings } from './tabular-explain-settings.js';
import { notConvergedWarning } from './not-converged-warning.js';

/** What {@link explainTable} needs. */
export interface ExplainTableInput {
  readonly settings: TabularExplainSettings;
  /** The features' names, in row order. */
  readonly featureNames: readonly string[];
  /** Every record's feature values. */
  readonly rows: readonly TabularRow[];
  /** Each record's join-source value, when the config names `joinsource_name_or_index`. */
  readonly joinSource?: { readonly name: string; readonly values: readonly TabularValue[] };
  /** The model, on the outputs to explain. */
  readonly predict: TabularPredictor;
  /** One name per explained output (`label_headers`, or `label0`, …). */
  readonly labels: readonly string[];
  /** Baseline rows read from the config's baseline file, when it names one. */
  readonly baselineFileRows?: readonly TabularRow[];
  readonly signal?: AbortSignal | undefined;
  /** Called after each explained record. */
  readonly onRecord?: ((done: number, total: number) => void) | undefined;
  /**
   * This host's share of a run over several hosts: records i with i mod `count` = `index`
   * are explained here; PDP runs on host 0 only.
   * @default { index: 0, count: 1 } (every record)
   */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
}

/** What {@link explainTable} returns: `analysis.json`'s `explanations` and the files to write. */
export interface TableExplanations {
  readonly explanations: TabularExplanationsSection;
  /** `explanations_shap/out.csv`, when local values are saved. */
  readonly localShapCsv?: string;
  /**
   * `explanations_shap/out_standard_errors.csv`: each local value's standard error, with
   * out.csv's header and row order; only when local values are saved and some record's
   * values were sampled (not every coalition enumerated), or, on a sharded run, always.
   */
  readonly localStandardErrorsCsv?: string;
  /** `explanations_shap/baseline.csv`, when the baseline was computed. */
  readonly baselineCsv?: string;
  /** The SHAP seed used (the config's, or the one drawn). */
  readonly seed?: number;
  /** The global values' mergeable form over the records explained here (for a sharded run's merge). */
  readonly shapAggregate?: ShapAggregate;
  /**
   * `global_shap_standard_errors`: the global values' standard errors (coalition sampling
   * only, see {@link globalShapErrors}); only for `mean_abs` / `mean_sq` and when some is above 0.
   */
  readonly globalShapStandardErrors?: GlobalShapStandardErrors;
  /** Their mergeable form over the records explained here (see `shap_error_sums`); present with them. */
  readonly shapErrorSums?: number[][][];
  /** The indices of the records explained here, in the order of `localShapCsv`'s lines. */
  readonly records?: number[];
  /** What the run adjusted (e.g. `num_samples` raised to the minimum). */
  readonly warnings: string[];
  /** Model rows sent, for the log. */
  readonly modelRows: number;
}

/** A baseline row of the config, checked against the features. */
function configBaselineRow(row: BaselineRow, i: number, width: number): TabularRow {
  const values = row as readonly unknown[];
  if (values.length !== width) {
    throw new ValidationError(`$.methods.shap.baseline[${i}]`, row, `${width} values, one per feature`, `it has ${values.length}`);
  }
  return values.map((v, j) => {
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (v !== null && typeof v === 'object' && typeof (v as { value?: unknown }).value === 'number') return (v as { value: number }).value;
    throw new ValidationError(`$.methods.shap.baseline[${i}][${j}]`, v, 'a number, a string or a boolean');
  });
}


/**
 * Explains every record with Kernel SHAP (when `settings.shap`) and plots the partial
 * dependence of the chosen features (when `settings.pdp`). Records are explained one after
 * another, each with its own seed (`recordSeed`), so a record's values do not depend on the
 * others or on how a run is split.
 */
export async function explainTable(input: ExplainTableInput): Promise<TableExplanations> {
  const { settings, featureNames, rows, predict, labels, signal } = input;
  const width = featureNames.length;
  let explanations: TabularExplanationsSection = {};
  let localShapCsv: string | undefined;
  let localStandardErrorsCsv: string | undefined;
  let baselineCsv: string | undefined;
  let seed: number | undefined;
  let modelRows = 0;
  let globalShapValues: Float64Array[] | undefined;
  let shapAggregate: ShapAggregate | undefined;
  const warnings: string[] = [];
  let recordsExplained: number[] | undefined;
  let shapErrorSums: number[][][] | undefined;
  let globalShapStandardErrors: GlobalShapStandardErrors | undefined;

  if (settings.shap !== undefined) {
    const shap = settings.shap;
    seed = shap.seed ?? drawSeed();
    let baseline: readonly TabularRow[];
    let baselineWeights: readonly number[] | undefined;
    if (shap.baselineRows !== undefined) baseline = shap.baselineRows.map((row, i) => configBaselineRow(row, i, width));
    else if (input.baselineFileRows !== undefined) baseline = input.baselineFileRows;
    else {
      // Seeded apart from the SHAP seed, so that every host of a sharded run computes the same baseline.
      const computed = computeBaseline({ rows, numClusters: Math.min(shap.numClusters, rows.length), seed: 0 });
      baseline = computed.rows;
      baselineWeights = computed.weights;
      baselineCsv = [featureNames.map(pandasCsvCell).join(','), ...computed.rows.map((row) => row.map(pandasCsvCell).join(','))].join('\n') + '\n';
    }
    // Every record needs at least M + 2 coalitions (or all of them when fewer), M its varying
    // features, at most the features: raised once for all records, as images raise it per image.
    const minimum = Math.max(1, Math.min(width + 2, maxCoalitions(width)));
    const numSamples = shap.numSamples !== undefined && shap.numSamples < minimum ? minimum : shap.numSamples;
    if (numSamples !== shap.numSamples) {
      warnings.push(`num_samples ${shap.numSamples} is below the ${minimum} coalitions ${width} features need (M + 2): using ${minimum}`);
    }
    const layout = { featureNames, labels, ...(input.joinSource ? { joinSource: input.joinSource.name } : {}) };
    const lines = shap.saveLocal ? [localShapCsvHeader(layout)] : undefined;
    const errorLines = shap.saveLocal ? [localShapCsvHeader(layout)] : undefined;
    let sampled = false;
    const local: Float64Array[][] = [];
    const records: number[] = [];
    let expectedValue: number[] | undefined;
    // Σ_i t_i² per output and feature (t_i the record's delta-method term), exactly: a sharded
    // run's merge then gives the one-pass result bit for bit.
    const errorSums = shap.aggMethod === 'median' ? undefined : labels.map(() => featureNames.map(() => new ExactSum()));
    const { index: shardIndex, count: shardCount } = input.shard ?? { index: 0, count: 1 };
    let unconverged = 0;
    for (let i = shardIndex; i < rows.length; i += shardCount) {
      throwIfAborted(signal);
      const result = await explainTabularRecord({
        record: rows[i] as TabularRow,
        baseline,
        baselineWeights,
        predict,
        numSamples,
        seed: recordSeed(seed, i),
        useLogit: shap.useLogit,
        ...(shap.tolerance !== undefined ? { tolerance: shap.tolerance } : {}),
        ...(shap.relativeTolerance !== undefined ? { relativeTolerance: shap.relativeTolerance } : {}),
        signal,
      });
      if (result.converged === false) unconverged++;
      if (result.shapValues.length !== labels.length) {
        throw new ValidationError('$.predictor.label_headers', labels, `${result.shapValues.length} names, one per model output`);
      }
      expectedValue ??= result.expectedValue;
      modelRows += result.modelRows;
      local.push(result.shapValues);
      records.push(i);
      lines?.push(localShapCsvLine(layout, result.shapValues, input.joinSource?.values[i]));
      errorLines?.push(localShapCsvLine(layout, result.standardErrors, input.joinSource?.values[i]));
      if (!result.exact) sampled = true;
      if (errorSums !== undefined) addErrorTerms(errorSums, shap.aggMethod, result.shapValues, result.standardErrors);
      input.onRecord?.(records.length, Math.ceil((rows.length - shardIndex) / shardCount));
    }
    if (unconverged > 0) {
      warnings.push(notConvergedWarning({
        count: unconverged, of: records.length, what: 'records', tolerance: shap.tolerance, relativeTolerance: shap.relativeTolerance,
        numSamples: numSamples ?? '2M + 2048', where: 'see explanations_shap/out_standard_errors.csv',
      }));
    }
    shapAggregate = accumulateShap(local, shap.aggMethod);
    recordsExplained = records;
    if (local.length > 0) {
      globalShapValues = finishShapAggregate(shapAggregate);
      explanations = {
        kernel_shap: kernelShapSection({ featureNames, labels, globalShapValues, expectedValue: expectedValue ?? [] }),
      };
      const sums = errorSums?.map((row) => row.map((sum) => sum.partials));
      if (sums !== undefined && sums.some((row) => row.some((partials) => partials.length > 0))) {
        shapErrorSums = sums;
        globalShapStandardErrors = globalShapStandardErrorsSection({ featureNames, labels, standardErrors: globalShapErrors(sums, local.length) });
      }
    }
    if (lines !== undefined) localShapCsv = `${lines.join('\n')}\n`;
    // A sharded host writes its part either way: the merge needs every host's lines, and
    // writes the merged file only when some value is not 0.
    if (errorLines !== undefined && (sampled || input.shard !== undefined)) localStandardErrorsCsv = `${errorLines.join('\n')}\n`;
  }

  if (settings.pdp !== undefined && (input.shard?.index ?? 0) === 0) {
    const pdp = settings.pdp;
    const features = pdp.features?.map((ref, i) => featureIndex(ref, featureNames, `$.methods.pdp.features[${i}]`));
    const chosen = selectPdpFeatures({ ...(features ? { features } : {}), ...(globalShapValues ? { globalShapValues } : {}), topK: pdp.topK });
    const records: PdpRecord[] = [];
    for (const j of chosen) {
      throwIfAborted(signal);
      const grid = pdpGrid(rows.map((row) => row[j] as TabularValue), { gridResolution: pdp.gridResolution });
      const dependence = await partialDependence({ rows, feature: j, featureValues: grid.featureValues, predict, signal });
      modelRows += dependence.modelRows;
      records.push(pdpFeatureRecord({
        featureName: featureNames[j] as string,
        dataType: grid.dataType,
        featureValues: grid.featureValues,
        modelPredictions: dependence.modelPredictions,
        dataDistribution: grid.dataDistribution,
        labels,
      }));
    }
    explanations = { ...explanations, pdp: records };
  }
  return {
    explanations,
    modelRows,
    warnings,
    ...(localShapCsv !== undefined ? { localShapCsv } : {}),
    ...(localStandardErrorsCsv !== undefined ? { localStandardErrorsCsv } : {}),
    ...(baselineCsv !== undefined ? { baselineCsv } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(shapAggregate !== undefined ? { shapAggregate } : {}),
    ...(recordsExplained !== undefined ? { records: recordsExplained } : {}),
    ...(globalShapStandardErrors !== undefined ? { globalShapStandardErrors } : {}),
    ...(shapErrorSums !== undefined ? { shapErrorSums } : {}),
  };
}

/**
 * Adds one record's squared delta-method terms to `sums` (`[output][feature]`): the global
 * value g = (1/n) Σ_i h(φ_i) has, the records' sampling errors being independent (each record
 * has its own seed), var g ≈ (1/n²) Σ_i h'(φ_i)² se_i², with h = |·| for `mean_abs` (|h'| = 1:
 * an upper bound where φ_i is near 0) and h = (·)² for `mean_sq` (h' = 2φ_i). Terms of 0 (exact
 * records, features that do not vary, standard errors skipped) are not added.
 */
function addErrorTerms(sums: ExactSum[][], aggMethod: ShapAggMethod, shapValues: readonly ArrayLike<number>[], standardErrors: readonly ArrayLike<number>[] | undefined): void {
  sums.forEach((row, d) => {
    const phi = shapValues[d];
    const errors = standardErrors?.[d];
    if (phi === undefined || errors === undefined || errors.length !== phi.length) return;
    row.forEach((sum, j) => {
      const se = errors[j] as number;
      if (!(se > 0)) return;
      const term = aggMethod === 'mean_sq' ? 2 * (phi[j] as number) * se : se;
      if (term !== 0) sum.add(term * term);
    });
  });
}

/**
 * The standard errors of global SHAP values, `[output][feature]`: √(Σ_i t_i²) / n from the
 * exact-sum partials of Σ_i t_i² (see `shap_error_sums`) over n records. Coalition sampling
 * only: it says how far the run's global values may be from those of infinitely many
 * samples on these records, not how they would vary over other records.
 */
export function globalShapErrors(sums: readonly (readonly (readonly number[])[])[], count: number): Float64Array[] {
  return sums.map((row) => Float64Array.from(row, (partials) => Math.sqrt(new ExactSum(partials).value()) / count));
}

/** A feature named or indexed in the config, as its position among the features. */
function featureIndex(ref: string | number, featureNames: readonly string[], field: string): number {
  const index = typeof ref === 'number' ? ref : featureNames.indexOf(ref);
  if (!Number.isSafeInteger(index) || index < 0 || index >= featureNames.length) {
    throw new ValidationError(field, ref, `one of the features: ${featureNames.join(', ')} (or an index below ${featureNames.length})`);
  }
  return index;
}
