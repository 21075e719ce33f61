/**
 * `npm run bench`: bundles each benchmark (`bench/<name>/index.ts`, exporting
 * `run()`) with esbuild into `bench/.build/` — so the code measured is optimised
 * JavaScript as a user's bundle or `dist/` would run it, not a loader-transformed
 * module — and runs them one after another in a fresh Node process each.
 * Pass names to run a subset: `npm run bench -- slic`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const benchDir = dirname(fileURLToPath(import.meta.url));
const outDir = join(benchDir, '.build');
mkdirSync(outDir, { recursive: true });

const wanted = process.argv.slice(2);
const names = readdirSync(benchDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('.') && d.name !== 'results')
  .map((d) => d.name)
  .filter((n) => existsSync(join(benchDir, n, 'index.ts')))
  .filter((n) => wanted.length === 0 || wanted.includes(n))
  .sort();

for (const name of names) {
  const entry = join(outDir, `${name}.entry.ts`);
  writeFileSync(entry, `import { run } from '../${name}/index.js';\nawait run();\n`);
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  console.log(`\n=== bench/${name}`);
  execFileSync(process.execPath, [outfile], { stdio: 'inherit' });
}
