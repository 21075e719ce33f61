/**
 * Where a `slic` call's time goes, by function, from V8's sampling profiler: cheaper
 * than callgrind (seconds, not minutes) and timing real CPU, mispredictions and cache
 * misses included, at the cost of sampling noise. Calls the built package (run
 * `npm run build` first) on one bench image and options: 3 warm-up calls, then `N`
 * (default 8) profiled calls.
 *
 *   taskset -c 1 node bench/slic/profile.mjs [image 0|1] [options 0|1]
 *
 * Image 0 is the 512×512 photo, 1 the 1448×1448 one; options 0 are Clarify's (20, 5),
 * 1 scikit-image's defaults. Prints the median CPU time of the profiled calls and each
 * function's share of the profiler's samples during them (functions under 0.5% left
 * out). Names are the bundle's (esbuild appends a digit to some).
 */
import { Session } from 'node:inspector/promises';
import { slic } from '../../dist/explain/index.js';
import { median } from '../median.mjs';
import { configs, loadImages } from './cases.mjs';

const [imageArg = '0', configArg = '0'] = process.argv.slice(2);
const images = await loadImages();
const im = images[Number(imageArg)];
const config = configs[Number(configArg)];
if (!im || !config) {
  console.error('usage: node bench/slic/profile.mjs [image 0|1] [options 0|1]');
  process.exit(2);
}
const image = { width: im.width, height: im.height, channels: 3, data: im.data };
const calls = Number(process.env.N ?? 8);
for (let i = 0; i < 3; i++) slic(image, config.options);

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const ms = [];
for (let i = 0; i < calls; i++) {
  const t0 = process.cpuUsage();
  slic(image, config.options);
  const t = process.cpuUsage(t0);
  ms.push((t.user + t.system) / 1000);
}
const { profile } = await session.post('Profiler.stop');
session.disconnect();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const samples = new Map();
for (const id of profile.samples) {
  const { functionName } = byId.get(id).callFrame;
  const name = functionName || '(anonymous)';
  samples.set(name, (samples.get(name) ?? 0) + 1);
}
const total = profile.samples.length;
console.log(`${im.name}, ${config.name}: median ${median(ms).toFixed(1)} ms CPU per call over ${calls} calls`);
for (const [name, count] of [...samples].sort((a, b) => b[1] - a[1])) {
  if (count / total < 0.005) break;
  console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
}
