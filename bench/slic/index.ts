/**
 * bench/slic: our SLIC against scikit-image 0.19.3 on the same pixels, in the same run.
 *
 * Images: the 512×512 astronaut photo from the SLIC fixtures, and the same photo
 * resized (Lanczos) to 1448×1448 (~2.1 megapixels). Options: Clarify's defaults
 * (nSegments 20, compactness 5) and scikit-image's defaults. Each configuration runs
 * `RUNS` times in each implementation; we report medians of CPU time (single thread:
 * scikit-image is run with BLAS/OpenMP threads pinned to 1) in ms per megapixel, the
 * speed-up ratio, and whether the label images are bit-identical.
 *
 * Run: `node --import tsx bench/slic/index.ts` (or `npm run bench -- slic`). Writes
 * `bench/results/slic.json`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { slic, type SlicOptions } from '../../src/explain/slic.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Config {
  readonly name: string;
  readonly options: SlicOptions;
  readonly kwargs: Record<string, number>;
}

const configs: Config[] = [
  { name: 'clarify (20, 5)', options: { nSegments: 20, compactness: 5 }, kwargs: { n_segments: 20, compactness: 5 } },
  { name: 'skimage defaults (100, 10)', options: {}, kwargs: {} },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function loadImages(): Promise<{ name: string; width: number; height: number; data: Uint8Array }[]> {
  const src = join(root, 'test/fixtures/slic/astronaut.png');
  const small = await sharp(src).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const big = await sharp(src).resize(1448, 1448, { kernel: 'lanczos3' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [
    { name: 'astronaut 512x512', width: small.info.width, height: small.info.height, data: new Uint8Array(small.data) },
    { name: 'astronaut 1448x1448', width: big.info.width, height: big.info.height, data: new Uint8Array(big.data) },
  ];
}

function skimageAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import skimage'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const images = await loadImages();
  const work = mkdtempSync(join(tmpdir(), 'bench-slic-'));
  const haveSkimage = skimageAvailable();
  const rows: Record<string, unknown>[] = [];
  try {
    for (const img of images) {
      const raw = join(work, `${img.width}x${img.height}.rgb`);
      writeFileSync(raw, img.data);
      const cases = configs.map((c, i) => ({
        raw,
        height: img.height,
        width: img.width,
        kwargs: c.kwargs,
        labels_out: join(work, `labels-${img.width}-${i}.i32`),
      }));
      let sk: { skimage: string; results: { wall_ms: number[]; cpu_ms: number[] }[] } | undefined;
      if (haveSkimage) {
        const job = join(work, 'job.json');
        writeFileSync(job, JSON.stringify({ cases, runs: RUNS }));
        const out = execFileSync('/usr/bin/python3', [join(root, 'bench/slic/skimage_timing.py'), job], {
          env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
          encoding: 'utf8',
        });
        sk = JSON.parse(out.trim().split('\n').pop() as string);
      }
      const megapixels = (img.width * img.height) / 1e6;
      configs.forEach((c, i) => {
        const raster = { width: img.width, height: img.height, channels: 3, data: img.data };
        slic(raster, c.options); // warm-up (JIT)
        const cpu: number[] = [];
        let labels: Int32Array = new Int32Array(0);
        for (let r = 0; r < RUNS; r++) {
          const t0 = process.cpuUsage();
          labels = slic(raster, c.options).labels;
          const t = process.cpuUsage(t0);
          cpu.push((t.user + t.system) / 1000);
        }
        const ours = median(cpu) / megapixels;
        let identical: boolean | string = 'skimage not installed';
        let theirs: number | undefined;
        if (sk) {
          theirs = median(sk.results[i].cpu_ms) / megapixels;
          const ref = readFileSync(cases[i].labels_out);
          const refLabels = new Int32Array(ref.buffer, ref.byteOffset, ref.length / 4);
          identical = refLabels.length === labels.length && refLabels.every((v, j) => v === labels[j]);
        }
        rows.push({
          image: img.name,
          options: c.name,
          'ours ms/MP': Number(ours.toFixed(1)),
          'skimage ms/MP': theirs === undefined ? null : Number(theirs.toFixed(1)),
          speedup: theirs === undefined ? null : Number((theirs / ours).toFixed(2)),
          'bit-identical': identical,
        });
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nbench/slic — median CPU time of ${RUNS} runs each, single-threaded`);
  console.table(rows);
  const outDir = join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'slic.json'),
    JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, rows }, null, 2) + '\n',
  );
}

await main();
