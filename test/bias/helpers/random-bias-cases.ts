/**
 * Random bias cases for the live parity test: a CSV dataset and an analysis config, drawn
 * from a seed. They mix what smclarify's rules make interesting: binary, multi-valued,
 * string, bool and continuous labels; facets with one or more values, none, absent values,
 * int and float thresholds, values of the wrong type (converted on no match); group
 * variables; predicted labels and scores with `probability_threshold`; small tables where
 * the 5% rule turns int columns continuous; missing cells; `headers` without a header row;
 * numeric-only tables so that FT runs (float features, so no k-NN distance ties).
 */
import { SeededRandom } from '../../../src/explain/numeric/random.js';
import { pythonFloatRepr } from '../../../src/bias/python-values.js';

/** A float written as Python writes a float: `40.0`. */
export class Float {
  constructor(readonly value: number) {}
}

export interface RandomBiasCase {
  readonly description: string;
  /** The config, floats as {@link Float}. */
  readonly config: Record<string, unknown>;
  readonly csv: string;
}

/** JSON as Python's json.dumps writes the config: {@link Float} with a decimal point. */
export function pythonJson(value: unknown): string {
  if (value instanceof Float) return pythonFloatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

type Cell = string | number | null;

class Draw {
  readonly #r: SeededRandom;
  constructor(seed: number) {
    this.#r = new SeededRandom(seed);
  }
  float(): number {
    return this.#r.nextFloat();
  }
  int(lo: number, hi: number): number {
    return lo + this.#r.nextBelow(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.#r.nextFloat() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.#r.nextBelow(items.length)] as T;
  }
  subset<T>(items: readonly T[]): T[] {
    const out = items.filter(() => this.chance(0.5));
    return out.length > 0 ? out : [this.pick(items)];
  }
}

const PRE = ['CDDL', 'CI', 'DPL', 'JS', 'KL', 'KS', 'LP', 'TVD'];
const POST = ['AD', 'CDDPL', 'DAR', 'DCA', 'DCR', 'DI', 'DPPL', 'DRR', 'FT', 'GE', 'RD', 'SD', 'TE'];

const round2 = (x: number): number => Math.round(x * 100) / 100;
const fmt = (v: Cell, float: boolean): string => (v === null ? '' : typeof v === 'number' && float ? pythonFloatRepr(v) : String(v));

/** One random case. */
export function makeBiasCase(seed: number): RandomBiasCase {
  const d = new Draw(seed);
  const n = d.pick([12, 25, 45, 80, 150, 400]);
  const numericOnly = d.chance(0.45);
  const columns = new Map<string, { values: Cell[]; float: boolean }>();
  const add = (name: string, values: Cell[], float = false): void => void columns.set(name, { values, float });

  const age = Array.from({ length: n }, () => d.int(18, 75));
  add('age', age);
  const female = Array.from({ length: n }, () => (d.chance(0.45) ? 1 : 0));
  add('female', female);
  add('code', Array.from({ length: n }, () => d.int(0, 2)));
  const income = Array.from({ length: n }, (_, i) => round2(15000 + 60000 * d.float() + 8000 * (female[i] as number)));
  add('income', income, true);
  add('x1', Array.from({ length: n }, () => round2(d.float() * 10)), true);
  if (!numericOnly) {
    add('sex', female.map((f) => (f === 1 ? 'Female' : 'Male')));
    add('race', Array.from({ length: n }, () => d.pick(['White', 'White', 'Black', 'Asian', 'Hispanic', 'Other'])));
  }
  const regionIsInt = numericOnly || d.chance(0.3);
  add('region', Array.from({ length: n }, () => (regionIsInt ? d.int(1, 4) : d.pick(['North', 'South', 'East', 'West']))));

  // The label and its predictions.
  const labelMode = numericOnly
    ? d.pick(['binary-int', 'binary-int', 'continuous', 'int-threshold'])
    : d.pick(['binary-int', 'binary-str', 'multi', 'continuous', 'int-threshold', 'bool']);
  const latent = Array.from({ length: n }, (_, i) => d.float() * 0.7 + 0.3 * (female[i] as number) + 0.2 * d.float());
  let label: Cell[];
  let labelValues: unknown[];
  let predicted: Cell[] | undefined;
  let predictedFloat = false;
  let probabilityThreshold: Float | undefined;
  const noisy = (x: number): number => x + (d.float() - 0.5) * 0.5;
  switch (labelMode) {
    case 'binary-int':
      label = latent.map((x) => (x > 0.6 ? 1 : 0));
      labelValues = d.pick([[1], [1], [0], ['1'], [1, 0]]);
      if (d.chance(0.4)) {
        predicted = latent.map((x) => Math.round(Math.min(1, Math.max(0, noisy(x))) * 10000) / 10000);
        predictedFloat = true;
        // Now and then the threshold is left out: scores then are a continuous column (a whole-run failure).
        if (d.chance(0.9)) probabilityThreshold = new Float(d.pick([0.5, 0.6, 0.3]));
      } else predicted = latent.map((x) => (noisy(x) > 0.6 ? 1 : 0));
      if (d.chance(0.05)) predicted = predicted.map(() => 0); // every prediction negative
      break;
    case 'binary-str':
      label = latent.map((x) => (x > 0.6 ? 'yes' : 'no'));
      labelValues = d.pick([['yes'], ['no'], ['maybe']]);
      predicted = latent.map((x) => (noisy(x) > 0.6 ? 'yes' : 'no'));
      break;
    case 'multi':
      label = latent.map((x) => 'EDCBA'[Math.min(4, Math.floor(x * 5))] as string);
      labelValues = d.pick([['A', 'B'], ['C'], ['A', 'Z'], ['B', 'D', 'E']]);
      predicted = latent.map((x) => 'EDCBA'[Math.min(4, Math.max(0, Math.floor(noisy(x) * 5)))] as string);
      break;
    case 'continuous':
      label = latent.map((x) => round2(x * 100000));
      labelValues = d.pick([[50000], [new Float(60000)], ['55000'], [new Float(12345.5)]]);
      predicted = latent.map((x) => round2(noisy(x) * 100000));
      predictedFloat = true;
      break;
    case 'int-threshold':
      label = latent.map((x) => Math.round(x * 1000));
      labelValues = d.pick([[500], [new Float(450)], [700]]);
      predicted = d.chance(0.5) ? latent.map((x) => Math.round(noisy(x) * 1000)) : latent.map((x) => round2(noisy(x) * 1000));
      predictedFloat = predicted.some((v) => !Number.isInteger(v));
      break;
    default: // bool
      label = latent.map((x) => (x > 0.6 ? 'True' : 'False'));
      labelValues = d.pick([['True'], [1], ['False']]);
      predicted = latent.map((x) => (noisy(x) > 0.6 ? 'True' : 'False'));
      break;
  }
  add('target', label, labelMode === 'continuous');
  if (predicted !== undefined) add('prediction', predicted, predictedFloat);

  // Facets.
  const facetChoices: Record<string, unknown>[] = numericOnly
    ? [
        { name_or_index: 'female', value_or_threshold: [1] },
        { name_or_index: 'female' },
        { name_or_index: 'code', value_or_threshold: [1, 2] },
        { name_or_index: 'code' },
        { name_or_index: 'age', value_or_threshold: [40] },
        { name_or_index: 'age', value_or_threshold: [new Float(40)] },
        { name_or_index: 'income', value_or_threshold: [new Float(45000.5)] },
        { name_or_index: 'income', value_or_threshold: ['45000'] },
        { name_or_index: 'female', value_or_threshold: ['1'] },
        { name_or_index: 1, value_or_threshold: [1] },
      ]
    : [
        { name_or_index: 'sex', value_or_threshold: ['Female'] },
        { name_or_index: 'sex' },
        { name_or_index: 'race', value_or_threshold: ['Black', 'Hispanic'] },
        { name_or_index: 'race', value_or_threshold: ['Nobody'] },
        { name_or_index: 'race' },
        { name_or_index: 'age', value_or_threshold: [40] },
        { name_or_index: 'female', value_or_threshold: [1] },
        { name_or_index: 'income', value_or_threshold: [30000] },
        { name_or_index: 'region', value_or_threshold: [d.pick(['North', 2])] },
      ];
  const facets: Record<string, unknown>[] = [];
  for (const f of [d.pick(facetChoices), ...(d.chance(0.4) ? [d.pick(facetChoices)] : [])]) {
    if (!facets.some((g) => g.name_or_index === f.name_or_index)) facets.push(f);
  }

  // Missing cells (rows dropped).
  const withMissing = d.chance(0.2);
  if (withMissing) {
    const names = [...columns.keys()];
    for (let k = 0; k < Math.max(1, Math.floor(n / 10)); k++) {
      const col = columns.get(d.pick(names)) as { values: Cell[] };
      col.values[d.int(0, n - 1)] = null;
    }
  }

  const methods: Record<string, unknown> = {};
  const stage = d.pick(['pre', 'post', 'both']);
  if (stage !== 'post') methods.pre_training_bias = { methods: d.chance(0.6) ? 'all' : d.subset(PRE) };
  if (stage !== 'pre') methods.post_training_bias = { methods: d.chance(0.6) ? 'all' : d.subset(POST) };

  const names = [...columns.keys()];
  const withHeaders = d.chance(0.3);
  const config: Record<string, unknown> = {
    dataset_type: 'text/csv',
    ...(withHeaders ? { headers: names } : {}),
    label: 'target',
    ...(stage !== 'pre' ? { predicted_label: 'prediction' } : {}),
    label_values_or_threshold: labelValues,
    facet: facets,
    ...(d.chance(0.5) ? { group_variable: 'region' } : {}),
    methods,
    ...(probabilityThreshold !== undefined && stage !== 'pre' ? { probability_threshold: probabilityThreshold } : {}),
  };
  const lines = withHeaders ? [] : [names.join(',')];
  for (let i = 0; i < n; i++) lines.push(names.map((name) => fmt((columns.get(name) as { values: Cell[]; float: boolean }).values[i] ?? null, (columns.get(name) as { float: boolean }).float)).join(','));
  const description = `seed ${seed}: ${n} rows, ${numericOnly ? 'numeric' : 'mixed'} table, label ${labelMode} ${pythonJson(labelValues)}, facets ${pythonJson(facets)}, ${stage}${config.group_variable !== undefined ? ', group' : ''}${probabilityThreshold !== undefined && stage !== 'pre' ? ', scores' : ''}${withHeaders ? ', headers' : ''}${withMissing ? ', missing cells' : ''}`;
  return { description, config, csv: `${lines.join('\n')}\n` };
}
