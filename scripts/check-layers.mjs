#!/usr/bin/env node
// Checks the shape of src/: every import (type-only imports, `export … from` and `import()`
// included) points down the layer order below, and no files import each other in a cycle.
// Prints each offending edge and exits 1; prints one line and exits 0 when all is well.
// Usage: node scripts/check-layers.mjs
//
// The layers, lowest first. A file's layer is its folder under src/ (src/errors.ts and
// src/index.ts are layers of their own). A layer may import itself and any layer before it,
// except the pairs in APART. A new folder under src/ must be placed here before it can import
// or be imported.
//
//   errors    the error classes (leaf)
//   python    the bytes Python writes and reads: float repr, json.dump, JSON with floats, .npy
//   analysis  the analysis.json document: its types and its check (what the engine writes,
//             the reports and the CLI read)
//   table     the typed-column table that dataset readers produce and analyses consume (pure types)
//   explain   the pure algorithms (no Node APIs): SLIC, Kernel SHAP, heat maps (clarify-ts/explain)
//   web       the browser engine (no Node APIs, no packages; clarify-ts/web): the ONNX classifier's
//             Node-free core (settings, sidecar, preprocessing, session run) that models/ shares,
//             onnxruntime-web's classifier, the Web Worker runner
//   bias      the pre- and post-training bias metrics (pure, no Node APIs)
//   storage   where a run reads and writes: a local folder or an S3 prefix, paths, locks
//   data      dataset readers: CSV, JSON Lines, Parquet, from a file, a folder or an S3 prefix
//   sagemaker the `sagemaker` mirror: Session, Estimator, Model, Processor, waiters
//   clarify   the `sagemaker.clarify` mirror: config classes, analysis config, processor
//   models    model backends: functions, ONNX, SageMaker and HTTP endpoints
//   report    report.html and report.pdf from an analysis.json
//   engine    runs an analysis config: joins the layers above
//   testing   the local AWS emulator (clarify-ts/testing); it may run the engine as the work of
//             an emulated processing job, so it sits above it: nothing below imports testing
//   cli       the clarify-ts command
//   index     src/index.ts, the package's root entry
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const LAYERS = ['errors', 'python', 'analysis', 'table', 'explain', 'web', 'bias', 'storage', 'data', 'sagemaker', 'clarify', 'models', 'report', 'engine', 'testing', 'cli', 'index'];

// Lower layers a layer must not import although they come before it: explain/ depends on nothing
// of ours but the errors (it runs in a browser), web/ on nothing but the errors and explain/;
// clarify/ and sagemaker/ know nothing of explain/.
const APART = {
  explain: ['python', 'analysis'],
  web: ['python', 'analysis', 'table'],
  bias: ['python', 'explain'],
  storage: ['explain'],
  sagemaker: ['explain', 'analysis'],
  clarify: ['explain', 'analysis'],
};

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(path);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `errors`, `index` or the first folder below src/. */
function layerOf(file) {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

const show = (file) => relative(root, file).split(sep).join('/');
const files = listTs(src).sort();
const known = new Set(files);

/** The src file a relative specifier names, or undefined for packages and non-TypeScript files. */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.(c|m)?js$/, '.$1ts'), base, `${base}.ts`, join(base, 'index.ts')]) {
    if (known.has(candidate)) return candidate;
  }
  return /\.(json|node|wasm)$/.test(specifier) ? undefined : null;
}

const problems = [];
const graph = new Map(files.map((f) => [f, []]));
const rank = new Map(LAYERS.map((name, i) => [name, i]));

for (const file of files) {
  const from = layerOf(file);
  if (!rank.has(from)) problems.push(`${show(file)}: layer '${from}' is not in LAYERS (scripts/check-layers.mjs)`);
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName } of importedFiles) {
    const target = resolveImport(file, fileName);
    if (target === undefined) continue;
    if (target === null) {
      problems.push(`${show(file)} -> '${fileName}': no such file in src/`);
      continue;
    }
    graph.get(file).push(target);
    const to = layerOf(target);
    if (!rank.has(from) || !rank.has(to) || from === to) continue;
    if (rank.get(to) > rank.get(from)) problems.push(`upward: ${show(file)} (${from}) -> ${show(target)} (${to})`);
    else if (APART[from]?.includes(to)) problems.push(`apart: ${show(file)} (${from}) -> ${show(target)} (${to}): ${from} must not import ${to}`);
  }
}

// Cycles: the strongly connected components of the file graph (Tarjan), each shown as one
// shortest cycle through its first file plus the count of files it joins.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function connect(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!index.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) components.push(component.sort());
  }
}
for (const file of files) if (!index.has(file)) connect(file);

function shortestCycle(start, members) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}
for (const component of components) {
  const cycle = shortestCycle(component[0], new Set(component));
  problems.push(`cycle (${component.length} files): ${cycle.map(show).join(' -> ')}`);
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`check-layers: ${problems.length} problem(s) in ${files.length} files; the layer order is at the top of scripts/check-layers.mjs`);
  process.exit(1);
}
console.log(`check-layers: OK (${files.length} files, ${[...graph.values()].reduce((n, e) => n + e.length, 0)} imports; ${LAYERS.join(' < ')})`);
