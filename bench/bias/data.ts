/**
 * The benchmark's datasets, written once per size to the OS temp folder and reused:
 * - `income`: a 20-column income/credit table (4 string columns, 16 numeric), the
 *   pre-training benchmark of issue 29 item 11;
 * - `numeric`: label, predictions, a 0/1 facet and 6 float features, for FT's scaling.
 * Floats are written with Python's repr, so pandas and the engine read the same numbers.
 */
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { SeededRandom } from '../../src/explain/numeric/random.js';
import { pythonFloatRepr } from '../../src/bias/python-values.js';

export const BENCH_DIR = join(tmpdir(), 'clarify-ts-bench-bias');

const RACES = ['White', 'White', 'White', 'Black', 'Hispanic', 'Asian', 'Other'];
const REGIONS = ['North', 'South', 'East', 'West'];

async function writeRows(path: string, header: string, rows: number, row: (r: SeededRandom) => string): Promise<string> {
  if (existsSync(path)) return path;
  mkdirSync(BENCH_DIR, { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  const r = new SeededRandom(20261207);
  let chunk = `${header}\n`;
  for (let i = 0; i < rows; i++) {
    chunk += `${row(r)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  renameSync(partial, path);
  return path;
}

const f2 = (x: number): string => pythonFloatRepr(Math.round(x * 100) / 100);

/** The 20-column income table of `rows` rows (a CSV with a header row). */
export function incomeTable(rows: number): Promise<string> {
  const features = Array.from({ length: 11 }, (_, j) => `f${j + 1}`);
  const header = ['age', 'sex', 'race', 'region', 'education_years', 'income', 'debt_ratio', 'credit_score', ...features, 'approved'].join(',');
  return writeRows(join(BENCH_DIR, `income-${rows}.csv`), header, rows, (r) => {
    const female = r.nextFloat() < 0.48;
    const age = 18 + r.nextBelow(63);
    const education = 8 + r.nextBelow(13);
    const income = 12000 + education * 2500 + age * 300 + r.nextFloat() * 40000 - (female ? 6000 : 0);
    const debt = Math.round(r.nextFloat() * 1000) / 1000;
    const score = 300 + r.nextBelow(551);
    const approved = income / 100000 + score / 1700 - debt * 0.4 + r.nextFloat() * 0.3 > 0.75 ? 1 : 0;
    const extra = features.map((_, j) => (j % 3 === 0 ? String(r.nextBelow(100)) : f2(r.nextFloat() * 1000)));
    return [
      age,
      female ? 'Female' : 'Male',
      RACES[r.nextBelow(RACES.length)],
      REGIONS[r.nextBelow(REGIONS.length)],
      education,
      f2(income),
      pythonFloatRepr(debt),
      score,
      ...extra,
      approved,
    ].join(',');
  });
}

/** The numeric table for FT: `x1..x6` floats, `female` 0/1, `approved`, `predicted`. */
export function numericTable(rows: number): Promise<string> {
  const header = 'x1,x2,x3,x4,x5,x6,female,approved,predicted';
  return writeRows(join(BENCH_DIR, `numeric-${rows}.csv`), header, rows, (r) => {
    const x = Array.from({ length: 6 }, () => r.nextFloat() * 100);
    const female = r.nextFloat() < 0.45 ? 1 : 0;
    const latent = (x[0] as number) / 100 + (x[1] as number) / 200 + 0.2 * female + r.nextFloat() * 0.5;
    return [...x.map(f2), female, latent > 0.8 ? 1 : 0, latent + (r.nextFloat() - 0.5) * 0.3 > 0.8 ? 1 : 0].join(',');
  });
}
