#!/usr/bin/env node
// Checks that `clarify-ts/explain` and `clarify-ts/web`, as built in dist/, are browser-ready,
// and measures them.
// Run after `npm run build`: node scripts/check-browser-bundle.mjs [--json] [--entry FILE]
// CLARIFY_DIST=DIR checks a build in DIR instead of dist/ (e.g. `npx tsup --out-dir DIR`):
// the entries are still found through package.json's `exports` (browser, import, default),
// with its `./dist/` read as DIR.
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
// Measured on 2026-12-07 (esbuild 0.27.7, Node 20): the whole entry 98,574 bytes minified,
// 35,522 gzipped; just `slic` 26,698 / 11,508; just `kernelShap` 31,989 / 12,719. The budget,
// 39,000 bytes gzipped, was set about 18% above the whole entry's first figure (33,100); raise
// it on purpose (and record the new figures here and in docs/browser.md), not to make a
// failing build pass.
//
// `clarify-ts/web` (onnxruntime-web's classifier and the Web Worker runner) gets the same
// checks, with its own budget: no Node built-in and no package in its import graph
// (onnxruntime-web is passed in by the app, never imported), it loads and runs without Node's
// globals (its error classes keep their names minified: `new AbortError().name`), importing
// just `ExplanationWorker` (the page's side) is at most TREE_SHAKEN_MAX of the whole entry,
// and the whole entry, gzipped, is within WEB_BUDGET_GZIP_BYTES. Measured on 2026-12-07: the
// whole entry 80,143 bytes minified, 29,626 gzipped; just `ExplanationWorker` 5,085 / 1,852. Its
// budget, 35,000 bytes, is about 18% above.
//
// --entry FILE bundles FILE in place of the built explain entry, and skips the web entry (the
// test checks with it that a Node import is caught); --json adds a last line with the results
// as JSON (`web` holds the web entry's).
// Prints one line per figure; exits 0 when all is well, 1 on a failure, 2 without dist/.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const MEASURED_GZIP_BYTES = 35_522;
const BUDGET_GZIP_BYTES = 39_000;
const WEB_MEASURED_GZIP_BYTES = 29_626;
const WEB_BUDGET_GZIP_BYTES = 35_000;
const TREE_SHAKEN_MAX = 0.5;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const entryArg = args.indexOf('--entry') >= 0 ? args[args.indexOf('--entry') + 1] : undefined;
const dist = process.env.CLARIFY_DIST ? resolve(process.env.CLARIFY_DIST) : join(root, 'dist');
const ownDist = dist === join(root, 'dist');
const exportsMap = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
/** The file a browser bundler picks for `clarify-ts/<subpath>`: conditions browser, import, default; `./dist/` read as `dist`. */
function exportTarget(subpath) {
  let target = exportsMap[`./${subpath}`];
  while (typeof target === 'object' && target !== null) target = target.browser ?? target.import ?? target.default;
  if (typeof target !== 'string' || !target.startsWith('./dist/')) throw new Error(`package.json has no browser export of ./${subpath} in dist/`);
  return join(dist, target.slice('./dist/'.length));
}
const builtEntry = exportTarget('explain');
const webEntry = exportTarget('web');
const entryFile = entryArg === undefined ? builtEntry : resolve(entryArg);
// The built entries by the package's name (resolved through package.json's `exports`, as a
// consumer's bundler does; for CLARIFY_DIST, by the plugin below, from the same map); another
// file by its path.
const specifier = entryArg === undefined ? 'clarify-ts/explain' : entryFile;
const checkWeb = entryArg === undefined;

for (const file of checkWeb ? [entryFile, webEntry] : [entryFile]) {
  if (!existsSync(file)) {
    console.error(`check-browser-bundle: ${relative(root, file)} is missing; run \`npm run build\` first`);
    process.exit(2);
  }
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (path) => path.startsWith('node:') || builtins.has(path);
const OWN = new Set(['clarify-ts/explain', 'clarify-ts/web']);
const isPackage = (path) => !path.startsWith('.') && !isAbsolute(path) && !OWN.has(path);
const show = (file) => (file.startsWith(root) ? relative(root, file) : file);
/** esbuild's input paths are relative to the root; show a build outside it by its absolute path. */
const showInput = (file) => (file.startsWith('..') ? resolve(root, file) : file);

/** Every import of a Node built-in or a package in the graph, as "what (imported by whom)". */
const problems = new Set();
const guard = {
  name: 'browser-guard',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (a) => {
      // A build outside dist/ (CLARIFY_DIST): the package's own entries from the exports map.
      if (!ownDist && OWN.has(a.path)) return { path: exportTarget(a.path.slice('clarify-ts/'.length)) };
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
async function bundle(contents, format = 'esm', globalName = 'clarifyExplain') {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, sourcefile: 'browser-app.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    ...(format === 'iife' ? { globalName } : {}),
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
      ? ` (budget ${BUDGET_GZIP_BYTES.toLocaleString('en-US')}; ${MEASURED_GZIP_BYTES.toLocaleString('en-US')} when last measured)`
      : ` (${((100 * f.gzipped) / whole.gzipped).toFixed(0)}% of the whole entry)`;
  rows.push(`${label.padEnd(16)} gzipped  ${bytes(f.gzipped)}${note}`);
  if (name !== 'whole' && f.gzipped > TREE_SHAKEN_MAX * whole.gzipped) {
    problems.add(`importing ${label} is not tree-shaken: ${f.gzipped} bytes gzipped, over ${TREE_SHAKEN_MAX * 100}% of the whole entry's ${whole.gzipped}`);
  }
}
if (whole !== undefined && whole.gzipped > BUDGET_GZIP_BYTES) {
  problems.add(`the whole entry is ${whole.gzipped} bytes gzipped, over the budget of ${BUDGET_GZIP_BYTES}`);
}


// clarify-ts/web: the same checks, its own budget.
const webProblems = new Set();
let web;
if (checkWeb) {
  const before = new Set(problems);
  const w = JSON.stringify('clarify-ts/web');
  let webWhole, workerOnly;
  try {
    webWhole = await bundle(`export * from ${w};`);
    workerOnly = await bundle(`export { ExplanationWorker } from ${w};`);
  } catch (error) {
    for (const e of error.errors ?? [{ text: String(error) }]) problems.add(`esbuild (clarify-ts/web): ${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`);
  }
  let webRuns = false;
  if (webWhole !== undefined && problems.size === before.size) {
    try {
      const iife = await bundle(`export * from ${w};`, 'iife', 'clarifyWeb');
      const context = {};
      runInNewContext(Buffer.from(iife.code).toString('utf8'), context, { filename: 'clarify-web.iife.js' });
      const found = runInNewContext(
        "[typeof clarifyWeb.ExplanationWorker, typeof clarifyWeb.serveExplanations, typeof clarifyWeb.WebOnnxImageClassifier, new clarifyWeb.AbortError().name, new clarifyWeb.ValidationError('f', 1, 'x').name, Array.from(clarifyWeb.softmax([0, 0])).join(',')].join(' ')",
        context,
      );
      if (found !== 'function function function AbortError ValidationError 0.5,0.5') throw new Error(`unexpected exports or names: ${found}`);
      webRuns = true;
    } catch (error) {
      problems.add(`clarify-ts/web does not run without Node's globals: ${error instanceof Error ? error.message : error}`);
    }
  }
  if (webWhole !== undefined && workerOnly !== undefined) {
    rows.push(`${'clarify-ts/web'.padEnd(16)} minified ${bytes(webWhole.minified)}`);
    rows.push(
      `${'clarify-ts/web'.padEnd(16)} gzipped  ${bytes(webWhole.gzipped)} (budget ${WEB_BUDGET_GZIP_BYTES.toLocaleString('en-US')}; ${WEB_MEASURED_GZIP_BYTES.toLocaleString('en-US')} when the budget was set)`,
    );
    rows.push(`${'web: ExplanationWorker only'.padEnd(16)} gzipped  ${bytes(workerOnly.gzipped)} (${((100 * workerOnly.gzipped) / webWhole.gzipped).toFixed(0)}% of the web entry)`);
    if (workerOnly.gzipped > TREE_SHAKEN_MAX * webWhole.gzipped) {
      problems.add(`importing just ExplanationWorker from clarify-ts/web is not tree-shaken: ${workerOnly.gzipped} bytes gzipped, over ${TREE_SHAKEN_MAX * 100}% of the web entry's ${webWhole.gzipped}`);
    }
    if (webWhole.gzipped > WEB_BUDGET_GZIP_BYTES) {
      problems.add(`clarify-ts/web is ${webWhole.gzipped} bytes gzipped, over its budget of ${WEB_BUDGET_GZIP_BYTES}`);
    }
  }
  for (const p of problems) if (!before.has(p)) webProblems.add(p);
  web = {
    ok: webProblems.size === 0,
    problems: [...webProblems],
    runsWithoutNodeGlobals: webRuns,
    budgetGzipBytes: WEB_BUDGET_GZIP_BYTES,
    files: webWhole?.files ?? [],
    sizes: Object.fromEntries(Object.entries({ whole: webWhole, explanationWorker: workerOnly }).filter(([, f]) => f !== undefined).map(([k, f]) => [k, { minified: f.minified, gzipped: f.gzipped }])),
  };
}

if (whole !== undefined) {
  const chunks = whole.files.filter((f) => f !== relative(root, entryFile)).map(showInput);
  console.log(`clarify-ts/explain for the browser: ${show(entryFile)} and ${chunks.length} shared chunk(s) (${chunks.join(', ')})`);
}
for (const row of rows) console.log(row);
for (const problem of problems) console.error(`FAIL: ${problem}`);
if (problems.size === 0) console.log(`ok: no Node built-ins or packages in the import graph${checkWeb ? 's (explain, web)' : ''}; runs without Node globals; tree-shakeable; within budget`);
if (json) {
  console.log(
    JSON.stringify({
      ok: problems.size === 0,
      problems: [...problems],
      runsWithoutNodeGlobals: runs,
      budgetGzipBytes: BUDGET_GZIP_BYTES,
      files: whole?.files ?? [],
      sizes: Object.fromEntries(Object.entries(figures).filter(([, f]) => f !== undefined).map(([k, f]) => [k, { minified: f.minified, gzipped: f.gzipped }])),
      ...(web === undefined ? {} : { web }),
    }),
  );
}
process.exit(problems.size === 0 ? 0 : 1);
