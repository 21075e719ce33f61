#!/usr/bin/env node
// Checks that `clarify-ts/explain`, as built in dist/, is browser-ready, and measures it.
// Run after `npm run build`: node scripts/check-browser-bundle.mjs [--json] [--entry FILE]
//
// It bundles the entry for the browser with esbuild as a web app's bundler would (platform
// browser, ES module, bundled, minified, no externals), importing it by the package's name so
// that the `exports` map and its conditions are exercised, and fails when
// - any module of its import graph (the entry and the chunks tsup shares between entries)
//   imports a Node built-in (`fs`, `node:fs`, …) or any package at all: the entry is meant to
//   be self-contained, with nothing to resolve but its own files;
// - the bundle cannot be loaded and run (a `slic` call) in a bare JavaScript context that has
//   none of Node's globals (`process`, `Buffer`, `require`);
// - importing just `slic`, or just `kernelShap`, is not clearly smaller than the whole entry
//   (at most TREE_SHAKEN_MAX of its gzipped size): tree shaking, which package.json's
//   `"sideEffects": false` allows, must work across tsup's chunks;
// - the whole entry, minified and gzipped (node:zlib, level 9), exceeds BUDGET_GZIP_BYTES.
//
// Measured on 2026-12-07 (esbuild 0.27.7, Node 20): the whole entry 91,385 bytes minified,
// 33,100 gzipped; just `slic` 26,176 / 11,289; just `kernelShap` 27,305 / 11,108. The budget,
// 39,000 bytes gzipped, is about 18% above the whole entry's figure; raise it on purpose (and
// record the new figures here and in docs/browser.md), not to make a failing build pass.
//
// --entry FILE bundles FILE in place of the built entry (the test checks with it that a Node
// import is caught); --json adds a last line with the results as JSON.
// Prints one line per figure; exits 0 when all is well, 1 on a failure, 2 without dist/.
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const MEASURED_GZIP_BYTES = 33_100;
const BUDGET_GZIP_BYTES = 39_000;
const TREE_SHAKEN_MAX = 0.5;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const entryArg = args.indexOf('--entry') >= 0 ? args[args.indexOf('--entry') + 1] : undefined;
const builtEntry = join(root, 'dist/explain/index.js');
const entryFile = entryArg === undefined ? builtEntry : resolve(entryArg);
// The built entry by the package's name (resolved through package.json's `exports`, as a
// consumer's bundler does); another file by its path.
const specifier = entryArg === undefined ? 'clarify-ts/explain' : entryFile;

if (!existsSync(entryFile)) {
  console.error(`check-browser-bundle: ${relative(root, entryFile)} is missing; run \`npm run build\` first`);
  process.exit(2);
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (path) => path.startsWith('node:') || builtins.has(path);
const isPackage = (path) => !path.startsWith('.') && !isAbsolute(path) && path !== 'clarify-ts/explain';
const show = (file) => (file.startsWith(root) ? relative(root, file) : file);

/** Every import of a Node built-in or a package in the graph, as "what (imported by whom)". */
const problems = new Set();
const guard = {
  name: 'browser-guard',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (a) => {
      if (isBuiltin(a.path)) {
        problems.add(`Node built-in '${a.path}' imported by ${show(a.importer)}`);
        return { path: a.path, external: true };
      }
      if (isPackage(a.path)) {
        problems.add(`package '${a.path}' imported by ${show(a.importer)} (the entry should import only its own files)`);
        return { path: a.path, external: true };
      }
      return undefined;
    });
  },
};

/** Bundles `contents` for the browser; returns the minified code and the files it read. */
async function bundle(contents, format = 'esm') {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: 'browser-app.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    ...(format === 'iife' ? { globalName: 'clarifyExplain' } : {}),
    minify: true,
    metafile: true,
    logLevel: 'silent',
    plugins: [guard],
  });
  const code = result.outputFiles[0].contents;
  const files = Object.keys(result.metafile.inputs).filter((f) => f !== '<stdin>' && !f.startsWith('browser-app'));
  return { code, files, minified: code.length, gzipped: gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length };
}

const q = JSON.stringify(specifier);
let whole, slicOnly, kernelShapOnly;
try {
  whole = await bundle(`export * from ${q};`);
  slicOnly = await bundle(`export { slic } from ${q};`);
  kernelShapOnly = await bundle(`export { kernelShap } from ${q};`);
} catch (error) {
  for (const e of error.errors ?? [{ text: String(error) }]) problems.add(`esbuild: ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
}

// Load the whole entry where none of Node's globals exist, and run SLIC on a 4×4 image.
let runs = false;
if (whole !== undefined && problems.size === 0) {
  try {
    const iife = await bundle(`export * from ${q};`, 'iife');
    const context = {};
    runInNewContext(Buffer.from(iife.code).toString('utf8'), context, { filename: 'clarify-explain.iife.js' });
    const api = context.clarifyExplain;
    if (typeof api?.kernelShap !== 'function') throw new Error('the bundle exports no kernelShap');
    // The image is made inside the context: its typed arrays are not Node's.
    const labels = runInNewContext(
      'clarifyExplain.slic({ data: new Uint8Array(48).map((_, i) => (i < 24 ? 0 : 255)), width: 4, height: 4, channels: 3 }, { nSegments: 2 }).labels',
      context,
    );
    if (labels?.length !== 16) throw new Error(`slic returned ${labels?.length} labels for 16 pixels`);
    runs = true;
  } catch (error) {
    problems.add(`the bundle does not run without Node's globals: ${error instanceof Error ? error.message : error}`);
  }
}

const figures = { whole, slic: slicOnly, kernelShap: kernelShapOnly };
const rows = [];
const bytes = (n) => `${n.toLocaleString('en-US').padStart(8)} bytes`;
for (const [name, label] of [['whole', 'the whole entry'], ['slic', 'just slic'], ['kernelShap', 'just kernelShap']]) {
  const f = figures[name];
  if (f === undefined) continue;
  rows.push(`${label.padEnd(16)} minified ${bytes(f.minified)}`);
  const note =
    name === 'whole'
      ? ` (budget ${BUDGET_GZIP_BYTES.toLocaleString('en-US')}; ${MEASURED_GZIP_BYTES.toLocaleString('en-US')} when the budget was set)`
      : ` (${((100 * f.gzipped) / whole.gzipped).toFixed(0)}% of the whole entry)`;
  rows.push(`${label.padEnd(16)} gzipped  ${bytes(f.gzipped)}${note}`);
  if (name !== 'whole' && f.gzipped > TREE_SHAKEN_MAX * whole.gzipped) {
    problems.add(`importing ${label} is not tree-shaken: ${f.gzipped} bytes gzipped, over ${TREE_SHAKEN_MAX * 100}% of the whole entry's ${whole.gzipped}`);
  }
}
if (whole !== undefined && whole.gzipped > BUDGET_GZIP_BYTES) {
  problems.add(`the whole entry is ${whole.gzipped} bytes gzipped, over the budget of ${BUDGET_GZIP_BYTES}`);
}

if (whole !== undefined) {
  const chunks = whole.files.filter((f) => f !== relative(root, entryFile));
  console.log(`clarify-ts/explain for the browser: ${show(entryFile)} and ${chunks.length} shared chunk(s) (${chunks.join(', ')})`);
}
for (const row of rows) console.log(row);
for (const problem of problems) console.error(`FAIL: ${problem}`);
if (problems.size === 0) console.log('ok: no Node built-ins or packages in the import graph; runs without Node globals; tree-shakeable; within budget');
if (json) {
  console.log(
    JSON.stringify({
      ok: problems.size === 0,
      problems: [...problems],
      runsWithoutNodeGlobals: runs,
      budgetGzipBytes: BUDGET_GZIP_BYTES,
      files: whole?.files ?? [],
      sizes: Object.fromEntries(Object.entries(figures).filter(([, f]) => f !== undefined).map(([k, f]) => [k, { minified: f.minified, gzipped: f.gzipped }])),
    }),
  );
}
process.exit(problems.size === 0 ? 0 : 1);
