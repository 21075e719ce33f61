/**
 * A/B of two builds of `slic` in one process: this checkout's `dist/` and a
 * baseline build's `explain/index.js`, called alternately on the bench images and
 * options, so that the machine's drifting speed affects both alike. It also checks that
 * both give the same labels.
 *
 * Instruction counts (see bench/README.md) do not see branch mispredictions or cache
 * misses; this does. A change that cut instructions but made SLIC slower shows here.
 *
 *   git worktree add /tmp/base HEAD && (cd /tmp/base && npm ci && npm run build)
 *   npm run build
 *   taskset -c 1 node bench/slic/compare-builds.mjs /tmp/base/dist [runs]
 *
 * Prints, per image and options, the median milliseconds of each build, the ratio of
 * the medians (baseline / this build: above 1 means this build is faster) and the
 * median of the per-pair ratios. The first two calls of each configuration are warm-up;
 * which build goes first alternates from pair to pair.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { slic } from '../../dist/explain/index.js';
import { median } from '../median.mjs';
import { configs, loadImages } from './cases.mjs';

const [baselineDir, runsArg] = process.argv.slice(2);
if (!baselineDir) {
  console.error('usage: node bench/slic/compare-builds.mjs <baseline dist folder> [runs]');
  process.exit(2);
}
const baseline = await import(pathToFileURL(resolve(baselineDir, 'explain/index.js')).href);
const runs = Number(runsArg ?? 7);
const warmUp = 2;

const rows = [];
for (const { name: imageName, width, height, data } of await loadImages()) {
  const image = { width, height, channels: 3, data };
  for (const { name, options } of configs) {
    const ours = [];
    const theirs = [];
    let identical = true;
    for (let r = 0; r < warmUp + runs; r++) {
      // Which build goes first alternates: the second call of a pair runs on caches the
      // first has filled.
      // CPU time of the process (the bench's measure too): on this shared VM it leaves
      // out the time the hypervisor runs other guests, which wall-clock time includes.
      const timed = (f) => {
        const cpu = process.cpuUsage();
        const labels = f(image, options).labels;
        const used = process.cpuUsage(cpu);
        return [labels, (used.user + used.system) / 1000];
      };
      let a, b, oursMs, theirsMs;
      if (r % 2 === 0) {
        [b, theirsMs] = timed(baseline.slic);
        [a, oursMs] = timed(slic);
      } else {
        [a, oursMs] = timed(slic);
        [b, theirsMs] = timed(baseline.slic);
      }
      if (r === 0) identical = a.length === b.length && a.every((v, i) => v === b[i]);
      if (r >= warmUp) {
        ours.push(oursMs);
        theirs.push(theirsMs);
      }
    }
    rows.push({
      image: imageName,
      options: name,
      'this build ms': Number(median(ours).toFixed(1)),
      'baseline ms': Number(median(theirs).toFixed(1)),
      'baseline / this': Number((median(theirs) / median(ours)).toFixed(2)),
      'pair ratio': Number(median(theirs.map((t, i) => t / ours[i])).toFixed(2)),
      'same labels': identical,
    });
  }
}
console.log(`slic: this build against ${baselineDir}, median CPU ms of ${runs} alternating calls each`);
console.table(rows);
