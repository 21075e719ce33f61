/**
 * The shared smclarify goldens (test/fixtures/bias): each case's config and data,
 * through resolveBiasConfig and runBiasAnalysis, must give expected.json's sections (1e-9
 * relative / 1e-12 absolute; Infinity/NaN in kind; errors as null + message). Run twice:
 * in one batch, and in batches of 97 rows, so that folding across batches is covered.
 */
import { describe, expect, it } from 'vitest';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';
import { runBiasAnalysis } from '../../src/bias/run.js';
import { compareSections } from './helpers/compare.js';
import { readBiasCases, type BiasCase } from './helpers/fixture-table.js';

for (const batchRows of [65536, 97]) {
  describe(`shared bias cases (batches of ${batchRows} rows)`, () => {
    const cases = readBiasCases(undefined, batchRows);
    it('finds the 6 shared cases', () => {
      expect(cases.map((c) => c.name)).toHaveLength(6);
    });
    for (const c of cases) {
      it(c.name, async () => {
        const result = await runBiasAnalysis(resolveBiasConfig(c.config as BiasConfigInput), c.table);
        const golden = c.expected._golden as { rows_used: number };
        expect(result.counts.rows).toBe(golden.rows_used);
        expect(compareSections(result as unknown as Record<string, unknown>, c.expected)).toEqual([]);
      });
    }
  });
}

describe('the comparison itself', () => {
  const [first] = readBiasCases();
  it('fails on a value off by 1e-8 relative, on a kind, on a missing error and on an extra metric', async () => {
    const c = first as BiasCase;
    const result = JSON.parse(JSON.stringify(await runBiasAnalysis(resolveBiasConfig(c.config as BiasConfigInput), c.table))) as Record<string, unknown>;
    const metrics = (result.pre_training_bias_metrics as { facets: Record<string, { metrics: { name: string; value: unknown; error?: string }[] }[]> }).facets.sex?.[0]?.metrics ?? [];
    const ci = metrics.find((m) => m.name === 'CI') as { value: number };
    const original = ci.value;
    ci.value = original * (1 + 1e-8);
    expect(compareSections(result, c.expected)).toHaveLength(1);
    ci.value = Infinity;
    expect(compareSections(result, c.expected)).toHaveLength(1);
    ci.value = original;
    const cddl = metrics.find((m) => m.name === 'CDDL') as { value: unknown; error?: string };
    cddl.value = 0;
    delete cddl.error;
    expect(compareSections(result, c.expected)).toHaveLength(1);
    cddl.value = null;
    cddl.error = 'x';
    metrics.push({ name: 'XX', value: 1 });
    expect(compareSections(result, c.expected)).toEqual(['pre_training_bias_metrics.sex["Female"].XX: not expected']);
  });
});
