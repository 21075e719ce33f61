/**
 * Live parity against smclarify (../shared/reference/smclarify, run unmodified by Debian's
 * Python with pandas and scikit-learn): random datasets and configs
 * (helpers/random-bias-cases.ts) go through smclarify, fed as a Clarify job feeds it
 * (smclarify_driver.py, assumptions A1-A7 of test/fixtures/bias/README.md), and
 * through resolveBiasConfig + runBiasAnalysis. Sections must agree as the acceptance check
 * compares them (1e-9 relative / 1e-12 absolute, Infinity/NaN in kind, errors as null +
 * message), and a run smclarify fails as a whole must fail here with a BiasDataError.
 *
 * Skipped, with the reason, when python3-pandas / python3-sklearn are missing. In CI (`CI`
 * set) the base seed is fixed; elsewhere a fresh one is drawn and printed in the test's
 * name. BIAS_PARITY_SEED replays a run; BIAS_PARITY_CASES sets the number of cases.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drawSeed } from '../../src/explain/numeric/random.js';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';
import { BiasDataError } from '../../src/errors.js';
import { runBiasAnalysis } from '../../src/bias/run.js';
import type { TableProfile, TableSource } from '../../src/table/table.js';
import { PYTHON } from '../helpers/python.js';
import { compareSections } from './helpers/compare.js';
import { csvTable } from './helpers/fixture-table.js';
import { Float, makeBiasCase, pythonJson } from './helpers/random-bias-cases.js';

const SMCLARIFY = join(import.meta.dirname, '..', '..', '..', 'shared', 'reference', 'smclarify');
const DRIVER = join(import.meta.dirname, 'smclarify_driver.py');

function unavailableReason(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, sklearn, smclarify.bias.report'], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: SMCLARIFY },
  });
  if (probe.error) return `${PYTHON} not found (${probe.error.message})`;
  if (probe.status !== 0) {
    return /smclarify/.test(probe.stderr)
      ? `smclarify is not at ${SMCLARIFY}`
      : 'python3-pandas / python3-sklearn are not installed (apt-get install -y --no-install-recommends python3-pandas python3-sklearn)';
  }
  return undefined;
}

const unavailable = unavailableReason();
const CI_SEED = 20261207;
const baseSeed = process.env.BIAS_PARITY_SEED ? Number(process.env.BIAS_PARITY_SEED) : process.env.CI ? CI_SEED : drawSeed() % 1_000_000_000;
const caseCount = Number(process.env.BIAS_PARITY_CASES ?? 120);

/** A profile without distinct values or counts. */
function blind(profile: TableProfile): TableProfile {
  return { ...profile, columns: profile.columns.map(({ values: _values, ...c }) => ({ ...c, distinct: undefined })) };
}

/** Our config object: {@link Float} as the engine's PyFloat-like `{ value }`. */
function ourConfig(value: unknown): unknown {
  if (value instanceof Float) return { value: value.value };
  if (Array.isArray(value)) return value.map(ourConfig);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ourConfig(v)]));
  return value;
}

describe.skipIf(unavailable !== undefined)(`bias live parity with smclarify${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'clarify-ts-bias-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`runs ${caseCount} random cases (base seed ${baseSeed}) through both implementations`, { timeout: 300_000 }, async () => {
    const cases = Array.from({ length: caseCount }, (_, i) => makeBiasCase(baseSeed + i));
    const job = cases.map((c, i) => {
      const path = join(dir, `case-${i}.csv`);
      writeFileSync(path, c.csv);
      return `{"config": ${pythonJson(c.config)}, "data": ${JSON.stringify(path)}}`;
    });
    const output = execFileSync(PYTHON, [DRIVER], {
      input: `[${job.join(', ')}]`,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      env: { ...process.env, PYTHONPATH: SMCLARIFY, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    });
    const theirs = JSON.parse(output) as ({ sections: Record<string, unknown> } | { failure: string })[];
    const problems: string[] = [];
    let failures = 0;
    let ftValues = 0;
    for (const [i, c] of cases.entries()) {
      const reference = theirs[i] as { sections: Record<string, unknown> } | { failure: string };
      const config = ourConfig(c.config) as BiasConfigInput & { headers?: string[] };
      let ours: Record<string, unknown> | Error;
      try {
        const table = csvTable(c.csv, config.headers, 37);
        // Every other case hides the distinct values from the profile, as a reader does past its
        // distinct limit: the analysis then gathers its facts in a pass of its own.
        const source: TableSource = i % 2 === 0 ? table : { profile: async () => blind(await table.profile()), batches: (p, cols) => table.batches(p, cols) };
        ours = (await runBiasAnalysis(resolveBiasConfig(config), source)) as unknown as Record<string, unknown>;
      } catch (err) {
        ours = err as Error;
      }
      if ('failure' in reference) {
        failures++;
        if (!(ours instanceof BiasDataError)) problems.push(`${c.description}: smclarify failed (${reference.failure}), ours ${ours instanceof Error ? `threw ${ours.name}: ${ours.message}` : 'did not'}`);
        continue;
      }
      if (ours instanceof Error) {
        problems.push(`${c.description}: ours threw ${ours.name}: ${ours.message}`);
        continue;
      }
      ftValues += JSON.stringify(reference.sections).split('"FT"').length - 1;
      const diffs = compareSections(ours, reference.sections);
      if (diffs.length > 0) problems.push(`${c.description}:\n    ${diffs.join('\n    ')}`);
    }
    expect(problems, `replay with BIAS_PARITY_SEED=${baseSeed}`).toEqual([]);
    // The draw covers both outcomes and FT.
    expect(failures).toBeLessThan(caseCount);
    expect(ftValues).toBeGreaterThan(0);
  });
});
