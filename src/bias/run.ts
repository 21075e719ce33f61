/**
 * The whole bias analysis over a {@link TableSource}: profile, facts (only where the
 * profile lacks them), one counting pass, the report.
 *
 * @packageDocumentation
 */
import { AbortError, type ValidationError } from '../errors.js';
import type { TableProfile, TableSource } from '../table/table.js';
import { roleValues, type ColumnFacts, type RoleColumn } from './column-facts.js';
import type { BiasSettings } from './config.js';
import { BiasAccumulator, type BiasCounts } from './counts.js';
import { BiasDataError } from '../errors.js';
import { factsBuilders, factsFromTableProfile, factsRequests, planBias, resolveColumns, type BiasPlan } from './plan.js';
import { biasReport, type BiasReport } from './report.js';

/** Options of {@link runBiasAnalysis}. */
export interface BiasAnalysisOptions {
  /** Stops between batches with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The source's profile, when the caller has it already (the engine profiles once for
   * every analysis).
   * @default `await source.profile(signal)`
   */
  readonly profile?: TableProfile | undefined;
  /** Called after each batch of the counting pass with the rows counted so far. */
  readonly onProgress?: ((rows: number, total: number) => void) | undefined;
}

/** What {@link runBiasAnalysis} returns: the report, and what it was computed from. */
export interface BiasAnalysisResult extends BiasReport {
  /** The plan (columns, kinds, intervals) the counts were made with. */
  readonly plan: BiasPlan;
  /** The counts every metric but FT comes from (mergeable, JSON). */
  readonly counts: BiasCounts;
  /** Passes over the data: 1 (counting) or 2 (facts the profile lacked, then counting), the profile's own not included. */
  readonly passes: number;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new AbortError();
}

/**
 * The facts of every role, from the profile where it lists distinct values, otherwise from
 * one pass over the columns that need them.
 */
export async function collectFacts(
  settings: BiasSettings,
  source: TableSource,
  profile: TableProfile,
  signal?: AbortSignal,
): Promise<{ facts: Map<string, ColumnFacts>; passes: number }> {
  const columns = resolveColumns(settings, profile);
  const requests = factsRequests(settings, columns, profile);
  const facts = factsFromTableProfile(requests, profile);
  const missing = new Map([...requests].filter(([key]) => !facts.has(key)));
  if (missing.size === 0) return { facts, passes: 0 };
  const builders = factsBuilders(missing);
  const names = [...new Set([...missing.values()].map((r) => r.role.name))];
  for await (const batch of source.batches(profile, names, signal)) {
    throwIfAborted(signal);
    for (const [key, builder] of builders) {
      const role = (missing.get(key) as { role: RoleColumn }).role;
      const column = batch.columns.get(role.name);
      if (column !== undefined) builder.add(roleValues(role, column));
    }
  }
  for (const [key, builder] of builders) facts.set(key, builder.facts());
  return { facts, passes: 1 };
}

/**
 * Runs the bias analysis the settings describe over a table and returns analysis.json's
 * `pre_training_bias_metrics` / `post_training_bias_metrics` (each when requested).
 *
 * Memory does not grow with the number of rows (counts only), except for FT, which keeps
 * its feature columns' values (8 bytes per value) for its k-NN.
 *
 * @throws {@link ValidationError} when a configured column is not in the table (field: the
 *   config key, e.g. `$.facet[1].name_or_index`), before any batch is read.
 * @throws {@link BiasDataError} where smclarify fails the whole run (see `planBias` and
 *   `biasReport`), or when the table has no rows.
 * @throws {@link AbortError} when `signal` fires.
 *
 * @example
 * ```ts
 * const source = InMemoryTableSource.fromRows([
 *   { sex: 'Female', approved: 'yes' }, { sex: 'Male', approved: 'no' }, { sex: 'Male', approved: 'yes' },
 * ]);
 * const settings = resolveBiasConfig({
 *   label: 'approved', label_values_or_threshold: ['yes'],
 *   facet: [{ name_or_index: 'sex', value_or_threshold: ['Female'] }],
 *   methods: { pre_training_bias: { methods: ['CI', 'DPL'] } },
 * });
 * const { pre_training_bias_metrics } = await runBiasAnalysis(settings, source);
 * // pre_training_bias_metrics.facets.sex[0]: value_or_threshold 'Female', CI 1/3, DPL 1/2 − 1 = −0.5
 * ```
 */
export async function runBiasAnalysis(settings: BiasSettings, source: TableSource, options: BiasAnalysisOptions = {}): Promise<BiasAnalysisResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const profile = options.profile ?? (await source.profile(signal));
  const columns = resolveColumns(settings, profile);
  if (profile.rows === 0) throw new BiasDataError('The dataset has no rows (after dropping rows with missing values)');
  const { facts, passes } = await collectFacts(settings, source, profile, signal);
  const plan = planBias(settings, columns, profile, facts);
  const accumulator = new BiasAccumulator(plan);
  let counted = 0;
  for await (const batch of source.batches(profile, plan.readColumns, signal)) {
    throwIfAborted(signal);
    accumulator.add(batch);
    counted += batch.rows;
    options.onProgress?.(counted, profile.rows);
  }
  const counts = accumulator.counts();
  const report = biasReport(plan, counts, accumulator.flipTestRows());
  return { ...report, plan, counts, passes: passes + 1 };
}
