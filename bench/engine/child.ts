/**
 * One process of bench/engine's "two separate processes" reference: runs
 * `runAnalysis` at concurrency 1 on the files it is given and prints the seconds it
 * took as one JSON line. Arguments: one JSON object
 * `{ config, data, files, output, modelName, spec }`.
 */
import { runAnalysis } from '../../src/engine/run-analysis.js';

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
