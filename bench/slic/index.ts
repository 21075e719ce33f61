/**
 * bench/slic: our SLIC against scikit-image 0.19.3 on the same pixels, in the same run,
 * and the speed-ups against the figures recorded in `bench/slic/baseline.json`.
 *
 * Images: the 512×512 astronaut photo from the SLIC fixtures, and the same photo
 * resized (Lanczos) to 1448×1448 (~2.1 megapixels). Options: Clarify's defaults
 * (nSegments 20, compactness 5) and scikit-image's defaults. For each configuration
 * both implementations run `WARM_UP` times untimed (`BENCH_WARM_UP`, 3), then `RUNS`
 * times each (`BENCH_RUNS`, 7), alternating, each in a long-lived process (scikit-image
 * in Python, ours from the built package in a plain Node process, as the CLI and the
 * engine run it), so that the machine's speed drifting during the run affects both
 * alike. We report medians of CPU time (single thread: scikit-image with BLAS/OpenMP
 * threads pinned to 1) in ms per megapixel, the speed-up ratio, the median and range
 * of the per-pair ratios, and whether the label images are bit-identical; the results
 * file also keeps every run's time. Then each case's pair speed-up against the recorded
 * one: "regression" when it is below `regressionBelow` times it (a report, not a test:
 * the exit code stays 0; rerun to confirm, as single runs move by ±20%).
 *
 * Run: `npm run bench -- slic` (or `node --import tsx bench/slic/index.ts`); it runs
 * `npm run build` first unless `--no-build` is given. `--record` writes this run's pair
 * speed-ups to `bench/slic/baseline.json`. Writes `bench/results/slic.json`.
 * See bench/slic/README.md.
 */
import { type ChildProcessByStdio, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { configs, loadImages } from './cases.js';
import { median } from '../median.mjs';

/** A positive integer from environment variable `name`, or `fallback` when it is unset. */
function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${JSON.stringify(raw)}: expected an integer >= 1`);
  return value;
}

const RUNS = positiveIntegerFromEnv('BENCH_RUNS', 7);
/**
 * Untimed calls per configuration before the timed ones (at least one: the last writes
 * the label images that the identity check compares). V8 is still compiling SLIC's
 * loops during a process's first two calls (the second is still ~2× slower than later
 * ones), so one would leave a compiling call among the timed runs.
 */
const WARM_UP = positiveIntegerFromEnv('BENCH_WARM_UP', 3);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * A long-lived timing process (bench/slic/skimage_timing.py or ours_timing.mjs)
 * answering one timed run per JSON request line.
 */
class TimingProcess {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: AsyncIterator<string>;
  version = '';

  constructor(
    private readonly name: string,
    command: string,
    args: string[],
  ) {
    // Both processes on the same CPU (they never run at once): the two vCPUs of this
    // VM differ in speed from minute to minute, and CPU time follows the one a run gets.
    if (PIN_CPU !== undefined) [command, args] = ['taskset', ['-c', PIN_CPU, command, ...args]];
    this.child = spawn(command, args, {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** CPU milliseconds of one run. */
  async run(request: Record<string, unknown>): Promise<number> {
    this.child.stdin.write(JSON.stringify(request) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error(`${this.name} exited early`);
    const reply = JSON.parse(next.value) as { skimage?: string; cpu_ms: number };
    this.version = reply.skimage ?? this.version;
    return reply.cpu_ms;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** The CPU both timing processes are pinned to (the last one), when `taskset` exists. */
const PIN_CPU = ((): string | undefined => {
  if (process.env.BENCH_PIN === '0' || spawnSync('taskset', ['-c', '0', 'true']).status !== 0) return undefined;
  return String(availableParallelism() - 1);
})();

/** The labels a timing process wrote (int32, little-endian). */
function readLabels(path: string): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function skimageAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import skimage'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** bench/slic/baseline.json: the recorded pair speed-up of each case. */
interface Baseline {
  about: string;
  recorded: string;
  regressionBelow: number;
  cases: { image: string; options: string; pairSpeedup: number }[];
}

const BASELINE = join(root, 'bench/slic/baseline.json');

/**
 * Prints each case's pair speed-up against the recorded one, "regression" where it is
 * below `regressionBelow` times it; with `record`, writes this run's figures instead.
 */
function compareWithBaseline(rows: Record<string, unknown>[], record: boolean): void {
  const baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as Baseline;
  const recorded = (image: unknown, options: unknown) => baseline.cases.find((c) => c.image === image && c.options === options);
  const table = rows.map((row) => {
    const figure = recorded(row.image, row.options)?.pairSpeedup;
    const current = row['pair speedup'] as number;
    const ratio = figure === undefined ? undefined : current / figure;
    const verdict =
      row['bit-identical'] !== true ? 'labels differ' : ratio === undefined ? 'not recorded' : ratio < baseline.regressionBelow ? 'regression' : 'ok';
    return {
      image: row.image,
      options: row.options,
      'pair speedup': current,
      recorded: figure ?? null,
      'current / recorded': ratio === undefined ? null : Number(ratio.toFixed(2)),
      verdict,
    };
  });
  console.log(`\nagainst bench/slic/baseline.json (${baseline.recorded}; "regression" below ${baseline.regressionBelow} × the recorded figure)`);
  console.table(table);
  if (table.some((t) => t.verdict === 'regression')) {
    console.log('regression: a case is clearly slower than recorded. Rerun to rule out the machine; see bench/slic/README.md.');
  }
  if (record) {
    const cases = rows.map((row) => ({ image: row.image as string, options: row.options as string, pairSpeedup: row['pair speedup'] as number }));
    const recordedOn = `${new Date().toISOString().slice(0, 10)}: one run of \`npm run bench -- slic --record\` (Node ${process.version})`;
    writeFileSync(BASELINE, JSON.stringify({ ...baseline, recorded: recordedOn, cases }, null, 2) + '\n');
    console.log(`recorded this run's pair speed-ups in ${BASELINE}`);
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
  }
  const images = await loadImages();
  const work = mkdtempSync(join(tmpdir(), 'bench-slic-'));
  const sk = skimageAvailable()
    ? new TimingProcess('skimage_timing.py', '/usr/bin/python3', [join(root, 'bench/slic/skimage_timing.py')])
    : undefined;
  const ours = new TimingProcess('ours_timing.mjs', process.execPath, [join(root, 'bench/slic/ours_timing.mjs')]);
  const rows: Record<string, unknown>[] = [];
  try {
    for (const img of images) {
      const raw = join(work, `${img.width}x${img.height}.rgb`);
      writeFileSync(raw, img.data);
      const megapixels = (img.width * img.height) / 1e6;
      for (const c of configs) {
        const request = { raw, height: img.height, width: img.width, kwargs: c.kwargs, options: c.options };
        const labelsOut = join(work, 'labels.i32');
        const oursOut = join(work, 'ours.i32');
        // Warm-up (JIT, caches); the last call writes both label images for the identity check.
        for (let w = 1; w <= WARM_UP; w++) {
          await ours.run(w === WARM_UP ? { ...request, labels_out: oursOut } : request);
          if (sk) await sk.run(w === WARM_UP ? { ...request, labels_out: labelsOut } : request);
        }
        const oursTimes: number[] = [];
        const theirs: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          if (sk) theirs.push(await sk.run(request));
          oursTimes.push(await ours.run(request));
        }
        let identical: boolean | string = 'skimage not installed';
        if (sk) {
          const refLabels = readLabels(labelsOut);
          const labels = readLabels(oursOut);
          identical = refLabels.length === labels.length && refLabels.every((v, j) => v === labels[j]);
        }
        const oursMs = median(oursTimes) / megapixels;
        const theirsMs = sk ? median(theirs) / megapixels : undefined;
        const pairRatios = sk ? theirs.map((t, r) => t / oursTimes[r]) : [];
        rows.push({
          image: img.name,
          options: c.name,
          'ours ms/MP': Number(oursMs.toFixed(1)),
          'skimage ms/MP': theirsMs === undefined ? null : Number(theirsMs.toFixed(1)),
          speedup: theirsMs === undefined ? null : Number((theirsMs / oursMs).toFixed(2)),
          // Each run of ours against the scikit-image run just before it: steadier than
          // the ratio of medians when the machine's speed drifts.
          'pair speedup': sk ? Number(median(pairRatios).toFixed(2)) : null,
          // The spread of the per-pair ratios shows how much the machine's speed moved
          // during this configuration's runs.
          'pair range': sk ? `${Math.min(...pairRatios).toFixed(2)}–${Math.max(...pairRatios).toFixed(2)}` : null,
          'bit-identical': identical,
          // Every run's CPU time in ms, in order (results file only).
          oursRunsMs: oursTimes.map((t) => Number(t.toFixed(1))),
          skimageRunsMs: theirs.map((t) => Number(t.toFixed(1))),
        });
      }
    }
  } finally {
    sk?.close();
    ours.close();
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nbench/slic — median CPU time of ${RUNS} alternating runs each, single-threaded${PIN_CPU === undefined ? '' : `, both on CPU ${PIN_CPU}`}`);
  console.table(rows, ['image', 'options', 'ours ms/MP', 'skimage ms/MP', 'speedup', 'pair speedup', 'pair range', 'bit-identical']);
  if (sk) compareWithBaseline(rows, process.argv.includes('--record'));
  else console.log('\nscikit-image is not installed: no speed-up, so no comparison with bench/slic/baseline.json.');
  const outDir = join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'slic.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, skimage: sk?.version, warmUp: WARM_UP, runs: RUNS, pinnedCpu: PIN_CPU ?? null, rows }, null, 2) + '\n',
  );
}

await main();
