/**
 * runBiasAnalysis end to end on in-memory tables: the report's shape, the facts pass when
 * the profile lacks distinct values, exact merging of shards' counts, memory that does not
 * grow with rows, and aborting.
 */
import { describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors.js';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';
import { BiasAccumulator, mergeBiasCounts } from '../../src/bias/counts.js';
import { InMemoryTableSource } from '../../src/bias/in-memory-source.js';
import { biasReport } from '../../src/bias/report.js';
import { runBiasAnalysis } from '../../src/bias/run.js';
import type { TableProfile, TableSource } from '../../src/table/table.js';

describe('runBiasAnalysis', () => {
  it('runs the documented example', async () => {
    const source = InMemoryTableSource.fromRows([
      { sex: 'Female', approved: 'yes' },
      { sex: 'Male', approved: 'no' },
      { sex: 'Male', approved: 'yes' },
    ]);
    const settings = resolveBiasConfig({
      label: 'approved',
      label_values_or_threshold: ['yes'],
      facet: [{ name_or_index: 'sex', value_or_threshold: ['Female'] }],
      methods: { pre_training_bias: { methods: ['CI', 'DPL'] } },
    });
    const { pre_training_bias_metrics, post_training_bias_metrics } = await runBiasAnalysis(settings, source);
    expect(post_training_bias_metrics).toBeUndefined();
    expect(pre_training_bias_metrics).toEqual({
      label: 'approved',
      label_value_or_threshold: 'yes',
      facets: {
        sex: [
          {
            value_or_threshold: 'Female',
            metrics: [
              { name: 'CI', description: 'Class Imbalance (CI)', value: 1 / 3 },
              { name: 'DPL', description: 'Difference in Positive Proportions in Labels (DPL)', value: -0.5 },
            ],
          },
        ],
      },
    });
  });

  it('writes infinities as strings and failed metrics as null with the error', async () => {
    // Disadvantaged (f = 1): FN 2, FP 0 → FN/FP = ∞; advantaged FN 1, FP 1.
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => ({ f: 0, y: i % 2, p: i % 2 })),
      { f: 0, y: 1, p: 0 },
      { f: 0, y: 0, p: 1 },
      ...Array.from({ length: 20 }, (_, i) => ({ f: 1, y: i % 2, p: i % 2 })),
      { f: 1, y: 1, p: 0 },
      { f: 1, y: 1, p: 0 },
    ];
    const settings = resolveBiasConfig({
      label: 'y',
      label_values_or_threshold: [1],
      predicted_label: 'p',
      facet: [{ name_or_index: 'f', value_or_threshold: [1] }],
      methods: { post_training_bias: { methods: ['TE', 'CDDPL'] } },
    });
    const r = await runBiasAnalysis(settings, InMemoryTableSource.fromRows(rows));
    expect(r.post_training_bias_metrics?.facets.f?.[0]?.metrics).toEqual([
      {
        name: 'CDDPL',
        description: 'Conditional Demographic Disparity in Predicted Labels (CDDPL)',
        value: null,
        error: 'Group variable is empty or not provided',
      },
      { name: 'TE', description: 'Treatment Equality (TE)', value: 'Infinity' },
    ]);
  });

  it('gathers facts in a pass of its own when the profile does not list distinct values', async () => {
    const table = InMemoryTableSource.fromColumns({
      race: Array.from({ length: 300 }, (_, i) => ['a', 'b', 'c'][i % 3] as string),
      age: Array.from({ length: 300 }, (_, i) => 18 + (i % 50)),
      y: Array.from({ length: 300 }, (_, i) => (i % 7 < 3 ? 1 : 0)),
    });
    const blind: TableSource = {
      profile: async () => {
        const p = await table.profile();
        return { ...p, columns: p.columns.map(({ values: _values, ...c }) => ({ ...c, distinct: undefined })) };
      },
      batches: (profile: TableProfile, columns?: readonly string[]) => table.batches(profile, columns),
    };
    const config: BiasConfigInput = {
      label: 'y',
      label_values_or_threshold: [1],
      facet: [{ name_or_index: 'race' }, { name_or_index: 'age', value_or_threshold: [40] }],
      methods: { pre_training_bias: { methods: 'all' } },
    };
    const seen = await runBiasAnalysis(resolveBiasConfig(config), table);
    const counted = await runBiasAnalysis(resolveBiasConfig(config), blind);
    expect(seen.passes).toBe(1);
    expect(counted.passes).toBe(2);
    expect(counted.pre_training_bias_metrics).toEqual(seen.pre_training_bias_metrics);
    expect(seen.pre_training_bias_metrics?.facets.age?.[0]?.value_or_threshold).toBe('(40, 67]');
  });

  it('reports abort with an AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const settings = resolveBiasConfig({ label: 'y', label_values_or_threshold: [1], facet: [{ name_or_index: 'f' }], methods: { pre_training_bias: { methods: 'all' } } });
    await expect(runBiasAnalysis(settings, InMemoryTableSource.fromColumns({ f: [1, 0], y: [1, 0] }), { signal: controller.signal })).rejects.toThrow(AbortError);
  });
});

/** A random table of `n` rows with a group variable, predictions and numeric features. */
function randomTable(n: number, seed: number, batchRows = 4096): InMemoryTableSource {
  const r = new SeededRandom(seed);
  return InMemoryTableSource.fromColumns(
    {
      race: Array.from({ length: n }, () => ['White', 'Black', 'Asian', 'Other'][r.nextBelow(4)] as string),
      region: Array.from({ length: n }, () => ['N', 'S', 'E', 'W'][r.nextBelow(4)] as string),
      age: Array.from({ length: n }, () => 18 + r.nextBelow(60)),
      income: Array.from({ length: n }, () => Math.round(r.nextFloat() * 1e7) / 100),
      y: Array.from({ length: n }, () => r.nextBelow(2)),
      p: Array.from({ length: n }, () => r.nextBelow(2)),
    },
    { batchRows },
  );
}

const ALL: BiasConfigInput = {
  label: 'y',
  label_values_or_threshold: [1],
  predicted_label: 'p',
  facet: [{ name_or_index: 'race' }, { name_or_index: 'age', value_or_threshold: [40] }],
  group_variable: 'region',
  methods: { pre_training_bias: { methods: 'all' }, post_training_bias: { methods: ['AD', 'CDDPL', 'DI', 'DPPL', 'GE', 'TE'] } },
};

describe('shards', () => {
  it('three shards’ merged counts give the single run’s report exactly', async () => {
    const whole = randomTable(3000, 5);
    const single = await runBiasAnalysis(resolveBiasConfig(ALL), whole);
    // Each host counts its rows with the plan made from the whole dataset's facts.
    const profile = await whole.profile();
    const shardCounts = [];
    for (let h = 0; h < 3; h++) {
      const accumulator = new BiasAccumulator(single.plan);
      let row = 0;
      for await (const batch of whole.batches(profile, single.plan.readColumns)) {
        // Batches of 4096 rows; split the rows of the one batch by host instead.
        const keep = (i: number): boolean => (row + i) % 3 === h;
        const columns = new Map([...batch.columns].map(([name, c]) => {
          const values = Array.from(c.values as ArrayLike<unknown>).filter((_, i) => keep(i));
          return [name, c.dtype === 'object' ? { dtype: c.dtype, values: values as string[] } : c.dtype === 'bool' ? { dtype: c.dtype, values: Uint8Array.from(values as number[]) } : { dtype: c.dtype, values: Float64Array.from(values as number[]) }];
        }));
        const rows = Array.from({ length: batch.rows }, (_, i) => i).filter(keep).length;
        accumulator.add({ rows, columns: columns as never });
        row += batch.rows;
      }
      shardCounts.push(accumulator.counts());
    }
    const merged = mergeBiasCounts(mergeBiasCounts(shardCounts[2]!, shardCounts[0]!), shardCounts[1]!);
    expect(merged.rows).toBe(3000);
    const report = biasReport(single.plan, merged);
    expect(report.pre_training_bias_metrics).toEqual(single.pre_training_bias_metrics);
    expect(report.post_training_bias_metrics).toEqual(single.post_training_bias_metrics);
  });

  it('counts take the same room for 1,000 rows and 100,000 (memory does not grow with rows)', async () => {
    const small = await runBiasAnalysis(resolveBiasConfig(ALL), randomTable(1000, 1));
    const large = await runBiasAnalysis(resolveBiasConfig(ALL), randomTable(100_000, 1));
    const cells = (c: typeof small.counts): number => c.groups.reduce((sum, g) => sum + g.cells.reduce((s, x) => s + x.length, 0), 0);
    expect(large.counts.rows).toBe(100_000);
    expect(large.counts.groups).toHaveLength(small.counts.groups.length);
    expect(cells(large.counts)).toBe(cells(small.counts));
  });
});

describe('columns', () => {
  it('takes the label, predicted label and joinsource from the reader’s roles (a JSON Lines label is a JMESPath)', async () => {
    const table = InMemoryTableSource.fromColumns({
      f: Array.from({ length: 60 }, (_, i) => i % 2),
      target: Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? 1 : 0)),
      guess: Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 1 : 0)),
    });
    const withRoles: TableSource = {
      profile: async () => ({ ...(await table.profile()), roles: { label: 'target', predictedLabel: 'guess', excluded: [], features: ['f'] } }),
      batches: (profile: TableProfile, columns?: readonly string[]) => table.batches(profile, columns),
    };
    const settings = resolveBiasConfig({
      label: 'data.label',
      predicted_label: 'data.prediction',
      label_values_or_threshold: [1],
      facet: [{ name_or_index: 'f', value_or_threshold: [1] }],
      methods: { pre_training_bias: { methods: ['CI'] }, post_training_bias: { methods: ['DPPL'] } },
    });
    const r = await runBiasAnalysis(settings, withRoles);
    expect(r.pre_training_bias_metrics?.label).toBe('target');
    expect(r.plan.columns.predicted).toBe('guess');
    // A column the engine adds for a model's predictions is taken by name, not from the roles.
    const added = resolveBiasConfig({ ...settingsInput(), methods: { post_training_bias: { methods: ['DPPL'] } } }, { predictedLabel: 'f' });
    expect((await runBiasAnalysis(added, withRoles)).plan.columns.predicted).toBe('f');
  });
});

function settingsInput(): BiasConfigInput {
  return { label: 'target', label_values_or_threshold: [1], facet: [{ name_or_index: 'f', value_or_threshold: [1] }] };
}

describe('the flip test’s table', () => {
  // 60 rows: 0/1 columns are categorical (2 distinct values < 5% of the rows).
  const rows = Array.from({ length: 60 }, (_, i) => ({
    id: `row-${i}`,
    note: i % 2 ? 'odd' : 'even',
    x: (i * 37) % 11,
    z: (i * 13) % 7,
    f: i % 3 === 0 ? 1 : 0,
    y: i % 2,
    p: (i * 7) % 5 < 2 ? 1 : 0,
  }));
  const config = (extra: Partial<BiasConfigInput>): BiasConfigInput => ({
    label: 'y',
    label_values_or_threshold: [1],
    predicted_label: 'p',
    facet: [{ name_or_index: 'f', value_or_threshold: [1] }],
    methods: { post_training_bias: { methods: ['FT'] } },
    ...extra,
  });
  const ft = async (extra: Partial<BiasConfigInput>, drop: string[] = []) => {
    const table = InMemoryTableSource.fromRows(rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k)))));
    const r = await runBiasAnalysis(resolveBiasConfig(config(extra)), table);
    return { metric: r.post_training_bias_metrics?.facets.f?.[0]?.metrics[0], plan: r.plan };
  };

  it('keeps every column but the joinsource, label, predictions and facet; a string column among them is an error', async () => {
    const withStrings = await ft({ joinsource_name_or_index: 'id' });
    expect(withStrings.metric?.error).toBe('FlipTest does not support non-numeric columns'); // `note` stays
    const numeric = await ft({ joinsource_name_or_index: 'id' }, ['note']);
    expect(numeric.plan.flipTest?.columns).toEqual(['x', 'z', 'f']);
    expect(numeric.plan.flipTest?.perFacet).toEqual([{ dims: [0, 1] }]);
    expect(typeof numeric.metric?.value).toBe('number');
    // excluded_columns stay in the table (assumption A4): an excluded string column is still an error.
    expect((await ft({ joinsource_name_or_index: 'id', excluded_columns: ['note'] })).metric?.error).toMatch(/non-numeric/);
  });
});
