/**
 * smclarify's rules as the plan applies them, through runBiasAnalysis on small in-memory
 * tables: categorical or continuous (the 5% rule), interval strings, value strings,
 * conversion of unmatched configured values, whole-run failures.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';
import { BiasDataError } from '../../src/errors.js';
import { InMemoryTableSource, type InMemoryCell } from '../../src/bias/in-memory-source.js';
import { runBiasAnalysis } from '../../src/bias/run.js';
import type { ColumnDtype } from '../../src/table/table.js';

async function run(columns: Record<string, InMemoryCell[]>, config: Partial<BiasConfigInput>, dtypes?: Record<string, ColumnDtype>) {
  const settings = resolveBiasConfig({ label: 'y', label_values_or_threshold: [1], methods: { pre_training_bias: { methods: ['CI', 'DPL'] } }, ...config } as BiasConfigInput);
  return runBiasAnalysis(settings, InMemoryTableSource.fromColumns(columns, dtypes ? { dtypes } : {}));
}

const range = (n: number, f: (i: number) => InMemoryCell): InMemoryCell[] => Array.from({ length: n }, (_, i) => f(i));

describe('categorical or continuous', () => {
  it('an int column with ≥ 5% distinct values is a threshold: "(40, 75]"', async () => {
    // 100 rows, 5 distinct ages (exactly 5%): continuous.
    const r = await run({ age: range(100, (i) => [30, 40, 50, 60, 75][i % 5] as number), y: range(100, (i) => i % 2) }, { facet: [{ name_or_index: 'age', value_or_threshold: [40] }] });
    expect(r.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('(40, 75]');
    // CI: 60 rows above 40 (sensitive), 40 not: (40 − 60) / 100.
    expect(r.pre_training_bias_metrics?.facets.age?.[0]?.metrics[0]?.value).toBeCloseTo(-0.2, 15);
  });

  it('the same column with < 5% distinct values is categorical: the value 40', async () => {
    const r = await run({ age: range(101, (i) => [30, 40, 50, 60, 75][i % 5] as number), y: range(101, (i) => i % 2) }, { facet: [{ name_or_index: 'age', value_or_threshold: [40] }] });
    expect(r.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('40');
  });

  it('a float threshold on an int column prints float breaks; float columns print repr', async () => {
    const r = await run(
      { age: range(20, (i) => 20 + i), income: range(20, (i) => (i === 7 ? 134885.35 : 50000 + i * 1000.5)), y: range(20, (i) => i % 2) },
      { facet: [{ name_or_index: 'age', value_or_threshold: [{ value: 30 }] }, { name_or_index: 'income', value_or_threshold: ['60000'] }] },
    );
    expect(r.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('(30.0, 39.0]');
    expect(r.pre_training_bias_metrics?.facets.income?.[0]?.value_or_threshold).toBe('(60000.0, 134885.35]');
  });

  it('a threshold equal to |max| leaves the interval empty; one above max makes (max, threshold]', async () => {
    const cols = { age: range(20, (i) => 20 + i), y: range(20, (i) => i % 2) };
    const equal = await run(cols, { facet: [{ name_or_index: 'age', value_or_threshold: [39] }] });
    expect(equal.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('');
    expect(equal.pre_training_bias_metrics?.facets.age?.[0]?.metrics[0]?.error).toMatch(/facet set is empty/);
    const above = await run(cols, { facet: [{ name_or_index: 'age', value_or_threshold: [50] }] });
    expect(above.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('(39, 50]');
  });

  it('a continuous label prints its interval over the label only', async () => {
    const r = await run({ s: range(20, (i) => (i < 8 ? 'a' : 'b')), y: range(20, (i) => 1000.5 * i) }, {
      label_values_or_threshold: [5000],
      facet: [{ name_or_index: 's', value_or_threshold: ['a'] }],
    });
    expect(r.pre_training_bias_metrics?.label_value_or_threshold).toBe('(5000.0, 19009.5]');
  });

  it('two values or more are categorical whatever the dtype', async () => {
    const r = await run({ x: range(20, (i) => i * 0.5), y: range(20, (i) => i % 2) }, { facet: [{ name_or_index: 'x', value_or_threshold: [0.5, 1] }] });
    expect(r.pre_training_bias_metrics?.facets.x?.[0]?.value_or_threshold).toBe('0.5,1');
  });
});

describe('value strings and matching', () => {
  it('a facet without values gets one entry per value, in order of first appearance, as str()', async () => {
    // 3 distinct of 61 rows (< 5%): categorical.
    const r = await run({ code: range(61, (i) => [2, 1, 3][i % 3] as number), y: range(61, (i) => i % 2) }, { facet: [{ name_or_index: 'code' }] });
    expect(r.pre_training_bias_metrics?.facets.code?.map((e) => e.value_or_threshold)).toEqual(['2', '1', '3']);
    const b = await run({ flag: range(60, (i) => i % 4 === 0), y: range(60, (i) => i % 2) }, { facet: [{ name_or_index: 'flag' }] });
    expect(b.pre_training_bias_metrics?.facets.flag?.map((e) => e.value_or_threshold)).toEqual(['True', 'False']);
  });

  it('unmatched values are converted to the column’s type: "1" on an int column, 1 on a string column', async () => {
    const ints = await run({ f: range(60, (i) => i % 2), y: range(60, (i) => (i % 3 === 0 ? 1 : 0)) }, { facet: [{ name_or_index: 'f', value_or_threshold: ['1'] }] });
    expect(ints.pre_training_bias_metrics?.facets.f?.[0]?.value_or_threshold).toBe('1');
    expect(ints.pre_training_bias_metrics?.facets.f?.[0]?.metrics[0]?.value).toBe(0);
    const strings = await run({ f: range(60, (i) => String(i % 3)), y: range(60, (i) => i % 2) }, { facet: [{ name_or_index: 'f', value_or_threshold: [1] }] });
    expect(strings.pre_training_bias_metrics?.facets.f?.[0]?.metrics[0]?.value).toBeCloseTo(1 / 3, 15); // 20 of 60 selected
    // "1.0" on an int column: int("1.0") fails, so it becomes the float 1.0, which matches 1.
    const decimal = await run({ f: range(60, (i) => i % 2), y: range(60, (i) => i % 2) }, { facet: [{ name_or_index: 'f', value_or_threshold: ['1.0'] }] });
    expect(decimal.pre_training_bias_metrics?.facets.f?.[0]?.metrics[0]?.value).toBe(0);
  });

  it('a value absent after conversion gives an empty facet: error entries, not a failure', async () => {
    const r = await run({ s: range(60, (i) => (i % 2 ? 'a' : 'b')), y: range(60, (i) => i % 2) }, { facet: [{ name_or_index: 's', value_or_threshold: ['c'] }] });
    expect(r.pre_training_bias_metrics?.facets.s?.[0]?.metrics.map((m) => m.value)).toEqual([null, null]);
  });
});

describe('whole-run failures', () => {
  it('a continuous facet without a threshold', async () => {
    await expect(run({ x: range(20, (i) => i + 0.5), y: range(20, (i) => i % 2) }, { facet: [{ name_or_index: 'x' }] })).rejects.toThrow(
      new BiasDataError('Threshold values must be provided for continuous features'),
    );
  });
  it('a non-numeric threshold of a continuous column', async () => {
    await expect(run({ x: range(20, (i) => i + 0.5), y: range(20, (i) => i % 2) }, { facet: [{ name_or_index: 'x', value_or_threshold: ['abc'] }] })).rejects.toThrow(
      /single numeric threshold/,
    );
  });
  it('an unmatched value that converts to nothing', async () => {
    await expect(run({ f: range(60, (i) => i % 2), y: range(60, (i) => i % 2) }, { facet: [{ name_or_index: 'f', value_or_threshold: ['abc'] }] })).rejects.toThrow(
      /could not convert string to float/,
    );
  });
  it('every prediction negative, or predictions of another kind than the labels', async () => {
    const post = { facet: [{ name_or_index: 'f', value_or_threshold: [1] }], predicted_label: 'p', methods: { post_training_bias: { methods: 'all' as const } } };
    await expect(run({ f: range(60, (i) => i % 2), y: range(60, (i) => i % 2), p: range(60, () => 0) }, post)).rejects.toThrow(/No Label values are present/);
    await expect(run({ f: range(60, (i) => i % 2), y: range(60, (i) => i % 2), p: range(60, (i) => i / 60) }, post)).rejects.toThrow(/datatype is not the same/);
  });
  it('an empty table', async () => {
    await expect(run({ f: [null], y: [1] }, { facet: [{ name_or_index: 'f', value_or_threshold: [1] }] })).rejects.toThrow(BiasDataError);
  });
  it('a configured column the table lacks is a ValidationError naming the key', async () => {
    const err = await run({ f: [1, 0], y: [1, 0] }, { facet: [{ name_or_index: 'f' }, { name_or_index: 'g' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('$.facet[1].name_or_index');
    const index = await run({ f: [1, 0], y: [1, 0] }, { facet: [{ name_or_index: 5 }] }).catch((e: unknown) => e);
    expect((index as ValidationError).field).toBe('$.facet[0].name_or_index');
  });
});

describe('predictions', () => {
  const scores = (p: number[]) => ({
    f: range(50, (i) => (i < 25 ? 1 : 0)),
    y: range(50, (i) => i % 2),
    p: range(50, (i) => p[i % p.length] as number),
  });
  const config = {
    facet: [{ name_or_index: 'f', value_or_threshold: [1] }],
    predicted_label: 'p',
    probability_threshold: { value: 0.6 },
    methods: { post_training_bias: { methods: ['DPPL' as const] } },
  };

  it('scores above probability_threshold are positive, equal ones are not', async () => {
    // Rows 0-24 (f = 1) get 0.6, 0.7, 0.6, 0.7, …: 12 of 25 positive (0.7); rows 25-49 get 0.61, 0.2, …: 13 of 25.
    const p = range(50, (i) => (i < 25 ? (i % 2 ? 0.7 : 0.6) : i % 2 ? 0.61 : 0.2)) as number[];
    const r = await runBiasAnalysis(
      resolveBiasConfig({ label: 'y', label_values_or_threshold: [1], ...config } as BiasConfigInput),
      InMemoryTableSource.fromColumns({ ...scores([0]), p }),
    );
    expect(r.post_training_bias_metrics?.facets.f?.[0]?.metrics[0]?.value).toBeCloseTo(13 / 25 - 12 / 25, 15) // DPPL = q̂_a − q̂_d;
  });

  it('on a tiny table 0/1 labels are continuous (2 distinct values ≥ 5% of the rows): the interval (1, 1] is empty', async () => {
    const tiny = { f: [1, 1, 0, 0], y: [1, 0, 1, 0], p: [0.6, 0.7, 0.2, 0.61] };
    await expect(run(tiny, config)).rejects.toThrow(/No Label values are present/);
  });
});
