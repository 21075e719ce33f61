/**
 * From checked settings and the columns' facts to a plan: which columns each role reads,
 * whether each is categorical or continuous (smclarify's rules), the selectors that turn
 * rows into codes, the strings analysis.json prints, and the flip test's feature columns.
 * Everything smclarify refuses before computing metrics is refused here, as a
 * {@link BiasDataError}.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import type { ColumnDtype, TableProfile } from '../table/table.js';
import { ColumnFactsBuilder, factsFromProfile, factsFromProfileBounds, type ColumnFacts, type RoleColumn } from './column-facts.js';
import type { BiasSettings, ColumnRef } from './config.js';
import { BiasDataError } from '../errors.js';
import {
  convertValues,
  parsePythonFloat,
  pyStr,
  pythonFloatRepr,
  pythonIntStr,
  targetTypeOf,
  type PyValue,
} from './python-values.js';
import { eachSelector, matchSelector, type Selector } from './selectors.js';

/** smclarify's `UNIQUENESS_THRESHOLD`: an int column with at least this share of distinct values is continuous. */
export const UNIQUENESS_THRESHOLD = 0.05;

/** The table columns each role of the analysis reads. */
export interface ResolvedColumns {
  readonly label: string;
  readonly facets: readonly string[];
  readonly group?: string;
  readonly predicted?: string;
  readonly joinsource?: string;
}

function resolveColumn(ref: ColumnRef, profile: TableProfile, field: string): string {
  const names = profile.columns.map((c) => c.name);
  if (typeof ref === 'number') {
    const name = names[ref];
    if (name === undefined) throw new ValidationError(field, ref, `a column index from 0 to ${names.length - 1}`);
    return name;
  }
  if (!names.includes(ref)) throw new ValidationError(field, ref, `a column of the dataset (${names.join(', ')})`);
  return ref;
}

/**
 * The settings' columns by name, checked against the table. The dataset's own keys (label,
 * predicted label, joinsource, excluded columns) take the names the reader gave them
 * (`profile.roles`, which the `src/data/` readers set: a JSON Lines label is a JMESPath, its
 * column is named by `headers`); facets and the group variable are names or indices of the
 * table's columns.
 * @throws {@link ValidationError} naming the config key of a column the table lacks.
 */
export function resolveColumns(settings: BiasSettings, profile: TableProfile): ResolvedColumns {
  const roles = profile.roles;
  const group = settings.groupVariable;
  const predicted = settings.predictedLabel;
  const joinsource = settings.joinsource;
  if (roles === undefined) settings.excludedColumns.forEach((c, i) => resolveColumn(c, profile, `$.excluded_columns[${i}]`));
  const predictedName =
    predicted === undefined
      ? undefined
      : settings.predictionsAdded !== true && roles?.predictedLabel !== undefined
        ? roles.predictedLabel
        : resolveColumn(predicted, profile, settings.predictionsAdded === true ? 'predictedLabel' : '$.predicted_label');
  return {
    label: roles?.label ?? resolveColumn(settings.label, profile, '$.label'),
    facets: settings.facets.map((f) => resolveColumn(f.column, profile, `${f.path}.name_or_index`)),
    ...(group !== undefined ? { group: resolveColumn(group, profile, '$.group_variable') } : {}),
    ...(predictedName !== undefined ? { predicted: predictedName } : {}),
    ...(joinsource !== undefined ? { joinsource: roles?.joinsource ?? resolveColumn(joinsource, profile, '$.joinsource_name_or_index') } : {}),
  };
}

/** A role whose facts the plan needs: its column, how many distinct values to keep, which value lists to probe. */
export interface FactsRequest {
  readonly role: RoleColumn;
  readonly cap: number;
  readonly probes: readonly (readonly PyValue[])[];
}

/** The roles of an analysis, keyed `label`, `predicted`, `facet:<i>`. */
export function factsRequests(settings: BiasSettings, columns: ResolvedColumns, profile: TableProfile): Map<string, FactsRequest> {
  const dtype = (name: string): ColumnDtype => profile.columns.find((c) => c.name === name)?.dtype ?? 'object';
  const cap = Math.max(1, Math.ceil(UNIQUENESS_THRESHOLD * profile.rows));
  const requests = new Map<string, FactsRequest>();
  requests.set('label', { role: { name: columns.label, dtype: dtype(columns.label) }, cap, probes: [settings.labelValues] });
  if (settings.postTraining !== undefined && columns.predicted !== undefined) {
    const threshold = settings.probabilityThreshold;
    const role: RoleColumn =
      threshold !== undefined ? { name: columns.predicted, dtype: 'int64', threshold } : { name: columns.predicted, dtype: dtype(columns.predicted) };
    requests.set('predicted', { role, cap, probes: [settings.labelValues] });
  }
  settings.facets.forEach((facet, i) => {
    const name = columns.facets[i] as string;
    requests.set(`facet:${i}`, {
      role: { name, dtype: dtype(name) },
      cap: facet.values === undefined ? Infinity : cap,
      probes: facet.values === undefined ? [] : [facet.values],
    });
  });
  return requests;
}

/**
 * The facts the profile gives, by role; roles it cannot answer are missing from the map
 * (they need a pass over their columns: {@link ColumnFactsBuilder}).
 */
export function factsFromTableProfile(requests: ReadonlyMap<string, FactsRequest>, profile: TableProfile): Map<string, ColumnFacts> {
  const out = new Map<string, ColumnFacts>();
  for (const [key, request] of requests) {
    const column = profile.columns.find((c) => c.name === request.role.name);
    if (column === undefined) continue;
    // A float column with at most one value is continuous whatever its values: its max and first suffice
    // (without a threshold it fails the run, whatever its values).
    if (request.role.dtype === 'float64' && request.probes.every((p) => p.length <= 1)) {
      const bounds = factsFromProfileBounds(request.role, column, profile.rows);
      if (bounds !== undefined) {
        out.set(key, bounds);
        continue;
      }
    }
    const full = factsFromProfile(request.role, column, profile.rows, request.probes, request.cap);
    if (full !== undefined) out.set(key, full);
  }
  return out;
}

/** A builder for each request, for the pass that gathers what the profile lacks. */
export function factsBuilders(requests: ReadonlyMap<string, FactsRequest>): Map<string, ColumnFactsBuilder> {
  return new Map([...requests].map(([key, r]) => [key, new ColumnFactsBuilder(r.role.dtype, r.cap, r.probes)]));
}

/** How smclarify reads a column: values to match, or a threshold. */
export type ColumnKind = 'categorical' | 'continuous';

/** smclarify's `series_datatype`: categorical or continuous, from the dtype, the values and the 5% rule. */
export function columnKind(facts: ColumnFacts, values: readonly PyValue[] | undefined): ColumnKind {
  if (values !== undefined && values.length > 1) return 'categorical';
  const uniqueness = facts.distinct === undefined ? Infinity : facts.rows === 0 ? 0 : facts.distinct / facts.rows;
  switch (facts.dtype) {
    case 'bool':
      return 'categorical';
    case 'float64':
      return 'continuous';
    case 'int64':
      return uniqueness >= UNIQUENESS_THRESHOLD ? 'continuous' : 'categorical';
    case 'object':
      return facts.castsToInt && uniqueness >= UNIQUENESS_THRESHOLD ? 'continuous' : 'categorical';
  }
}

/** Whether a continuous column's numbers are ints (int64, or strings of ints): its interval prints ints. */
function continuousIsInt(facts: ColumnFacts): boolean {
  return facts.dtype === 'int64' || (facts.dtype === 'object' && facts.numericIsInt);
}

/** The configured values a categorical column matches: as configured, or converted when none matched. */
function categoricalValues(facts: ColumnFacts, values: readonly PyValue[]): readonly PyValue[] {
  if (facts.matches[0] === true || facts.first === undefined) return values;
  return convertValues(values, targetTypeOf(facts.dtype, facts.first));
}

/** A continuous column's interval, `(threshold, max]` as smclarify's `_interval_index` builds it. */
interface Interval {
  readonly left: number;
  readonly right: number;
  readonly empty: boolean;
  /** pandas' string of the interval index: `(40, 75]`, `(50000.0, 132867.65]`, or `''` when empty. */
  readonly text: string;
}

/** The threshold of a continuous column: the first value, a string parsed as Python's `float()`. */
function thresholdOf(values: readonly PyValue[] | undefined): { value: number; isInt: boolean } {
  const first = values?.[0];
  if (first === undefined) throw new BiasDataError('Threshold values must be provided for continuous features');
  if (first.type === 'str') {
    const parsed = parsePythonFloat(first.value);
    if (parsed === undefined) throw new BiasDataError('Facet/label value provided must be a single numeric threshold for continuous data');
    return { value: parsed, isInt: false };
  }
  if (first.type === 'bool') return { value: first.value ? 1 : 0, isInt: true };
  return { value: first.value, isInt: first.type === 'int' };
}

function intervalOf(threshold: { value: number; isInt: boolean }, max: number, maxIsInt: boolean): Interval {
  if (Math.abs(max) === threshold.value) return { left: threshold.value, right: threshold.value, empty: true, text: '' };
  const [lo, hi] = threshold.value <= max ? [threshold.value, max] : [max, threshold.value];
  const ints = threshold.isInt && maxIsInt;
  const fmt = (x: number): string => (ints ? pythonIntStr(x) : pythonFloatRepr(x));
  return { left: lo, right: hi, empty: false, text: `(${fmt(lo)}, ${fmt(hi)}]` };
}

function intervalSelector(interval: Interval, truncate: boolean): Selector {
  return { kind: 'interval', left: interval.left, right: interval.right, empty: interval.empty, truncate };
}

/** One entry of a facet's report: its `value_or_threshold` and the code its rows carry. */
export interface FacetEntryPlan {
  readonly text: string;
  readonly code: number;
}

/** How one facet is read and reported. */
export interface FacetPlan {
  /** The facet's column, also its key under `facets` in analysis.json. */
  readonly column: string;
  readonly selector: Selector;
  /** Codes a row can carry: 2 (selected or not) or the number of distinct values. */
  readonly codes: number;
  readonly entries: readonly FacetEntryPlan[];
}

/** The flip test's features: every numeric or bool column FT's table keeps. */
export interface FlipTestPlan {
  /** Candidate feature columns, in table order. */
  readonly columns: readonly string[];
  /** Per facet: the indices into `columns` its k-NN uses, or smclarify's error. */
  readonly perFacet: readonly ({ readonly dims: readonly number[] } | { readonly error: string })[];
}

/** Everything the counting pass and the report need. Built by {@link planBias}. */
export interface BiasPlan {
  readonly settings: BiasSettings;
  readonly columns: ResolvedColumns;
  readonly label: { readonly role: RoleColumn; readonly selector: Selector; readonly text: string };
  readonly predicted?: { readonly role: RoleColumn; readonly selector: Selector };
  readonly facets: readonly FacetPlan[];
  readonly group?: { readonly column: string; readonly dtype: ColumnDtype };
  readonly flipTest?: FlipTestPlan;
  /** The columns the counting pass reads. */
  readonly readColumns: readonly string[];
}

/**
 * The plan, from settings, resolved columns, the table's profile and every role's facts.
 *
 * @throws {@link BiasDataError} where smclarify fails the whole run: a continuous facet
 *   without a threshold, a non-numeric threshold, predicted labels of another kind than the
 *   labels, configured values that convert to nothing.
 */
export function planBias(
  settings: BiasSettings,
  columns: ResolvedColumns,
  profile: TableProfile,
  facts: ReadonlyMap<string, ColumnFacts>,
): BiasPlan {
  const factsOf = (key: string): ColumnFacts => {
    const f = facts.get(key);
    if (f === undefined) throw new Error(`bias plan: no facts for ${key}`);
    return f;
  };
  const dtypeOf = (name: string): ColumnDtype => profile.columns.find((c) => c.name === name)?.dtype ?? 'object';

  // The label.
  const labelFacts = factsOf('label');
  const labelRole: RoleColumn = { name: columns.label, dtype: labelFacts.dtype };
  const labelKind = columnKind(labelFacts, settings.labelValues);
  let labelSelector: Selector;
  let labelText: string;
  let labelThreshold: { value: number; isInt: boolean } | undefined;
  if (labelKind === 'categorical') {
    labelSelector = matchSelector(labelFacts.dtype, categoricalValues(labelFacts, settings.labelValues));
    labelText = settings.labelValues.map(pyStr).join(',');
  } else {
    labelThreshold = thresholdOf(settings.labelValues);
    const interval = intervalOf(labelThreshold, labelFacts.max as number, continuousIsInt(labelFacts));
    labelSelector = intervalSelector(interval, false);
    labelText = interval.text;
  }

  // The predicted label (post-training).
  let predicted: BiasPlan['predicted'];
  const predictedFacts = facts.get('predicted');
  if (settings.postTraining !== undefined && predictedFacts !== undefined && columns.predicted !== undefined) {
    const role: RoleColumn =
      settings.probabilityThreshold !== undefined
        ? { name: columns.predicted, dtype: 'int64', threshold: settings.probabilityThreshold }
        : { name: columns.predicted, dtype: predictedFacts.dtype };
    const kind = columnKind(predictedFacts, settings.labelValues);
    if (kind !== labelKind) throw new BiasDataError('Predicted Label Column series datatype is not the same as Label Column series');
    if (kind === 'categorical') {
      predicted = { role, selector: matchSelector(predictedFacts.dtype, categoricalValues(predictedFacts, settings.labelValues)) };
    } else {
      const labelIsInt = continuousIsInt(labelFacts);
      const predictedMax = labelIsInt ? Math.trunc(predictedFacts.max as number) : (predictedFacts.max as number);
      const max = Math.max(labelFacts.max as number, predictedMax);
      const interval = intervalOf(labelThreshold as { value: number; isInt: boolean }, max, labelIsInt);
      predicted = { role, selector: intervalSelector(interval, labelIsInt && !continuousIsInt(predictedFacts)) };
    }
  }

  // The facets.
  const facetPlans = settings.facets.map((facet, i): FacetPlan => {
    const column = columns.facets[i] as string;
    const f = factsOf(`facet:${i}`);
    if (columnKind(f, facet.values) === 'categorical') {
      if (facet.values !== undefined) {
        return {
          column,
          selector: matchSelector(f.dtype, categoricalValues(f, facet.values)),
          codes: 2,
          entries: [{ text: facet.values.map(pyStr).join(','), code: 1 }],
        };
      }
      const values = f.values ?? [];
      return { column, selector: eachSelector(values), codes: Math.max(values.length, 1), entries: values.map((v, code) => ({ text: pyStr(v), code })) };
    }
    const interval = intervalOf(thresholdOf(facet.values), f.max as number, continuousIsInt(f));
    return { column, selector: intervalSelector(interval, false), codes: 2, entries: [{ text: interval.text, code: 1 }] };
  });

  // The flip test's table: every column but the joinsource, the label, the predictions and the facet itself.
  let flipTest: FlipTestPlan | undefined;
  if (settings.postTraining?.includes('FT') === true) {
    const dropped = new Set([columns.label, columns.predicted, columns.joinsource].filter((c): c is string => c !== undefined));
    const kept = profile.columns.filter((c) => !dropped.has(c.name));
    const candidates = kept.filter((c) => c.dtype !== 'object').map((c) => c.name);
    flipTest = {
      columns: candidates,
      perFacet: columns.facets.map((facetColumn) => {
        const table = kept.filter((c) => c.name !== facetColumn);
        if (table.some((c) => c.dtype === 'object')) return { error: 'FlipTest does not support non-numeric columns' };
        return { dims: table.map((c) => candidates.indexOf(c.name)) };
      }),
    };
    if (flipTest.perFacet.every((p) => 'error' in p)) flipTest = { columns: [], perFacet: flipTest.perFacet };
  }

  const group = columns.group !== undefined ? { column: columns.group, dtype: dtypeOf(columns.group) } : undefined;
  const readColumns = [
    ...new Set([
      columns.label,
      ...(predicted !== undefined ? [predicted.role.name] : []),
      ...columns.facets,
      ...(group !== undefined ? [group.column] : []),
      ...(flipTest?.columns ?? []),
    ]),
  ];
  return {
    settings,
    columns,
    label: { role: labelRole, selector: labelSelector, text: labelText },
    ...(predicted !== undefined ? { predicted } : {}),
    facets: facetPlans,
    ...(group !== undefined ? { group } : {}),
    ...(flipTest !== undefined ? { flipTest } : {}),
    readColumns,
  };
}
