/**
 * `npm run bench`: runs every benchmark script (`bench/<name>/index.ts`) one after
 * another, each in a fresh Node process, so one benchmark's JIT state and heap never
 * colour another's figures. Each prints its table and writes
 * `bench/results/<name>.json`.
 *
 * `npm run bench -- slic kernel-shap` runs a subset; other arguments starting with
 * `--` are passed to every benchmark (e.g. `--quick` for bench/explain).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const wanted = args.filter((a) => !a.startsWith('--'));
const names = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(benchDir, d.name, 'index.ts')))
  .map((d) => d.name)
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

let failed = 0;
for (const name of names) {
  console.log(`\n=== bench/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, name, 'index.ts'), ...flags], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.error(`bench/${name} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
