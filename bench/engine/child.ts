/**
 * One process of bench/engine's "two separate processes" reference: runs
 * `runAnalysis` at concurrency 1 on the files it is given and prints the seconds it
 * took as one JSON line. Arguments: one JSON object
 * `{ config, data, files, output, modelName, spec }`. Like the parent, it runs the
 * built package (`dist/`), which the parent has just built.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { runAnalysis as RunAnalysis } from '../../src/engine/run-analysis.js';

const dist = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist/index.js');
const { runAnalysis } = (await import(pathToFileURL(dist).href)) as { runAnalysis: typeof RunAnalysis };

const job = JSON.parse(process.argv[2] as string);
const started = performance.now();
await runAnalysis({
  config: job.config,
  data: job.data,
  files: job.files,
  output: job.output,
  models: { [job.modelName]: job.spec },
  concurrency: 1,
  report: false,
});
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
