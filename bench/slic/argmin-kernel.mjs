/**
 * How far V8's code is from gcc's on the scans' kernel: per pixel of a 16×16 block,
 * the previous centre's distance and then every candidate's (8), scikit-image's
 * expression, ties to the lower index — the same loop in JavaScript (its arrays
 * constants of a closure made once, as in `slic-scan.ts`) and in C (the loop in
 * `argmin-kernel.h`, run by `argmin-kernel.c`, `gcc -O2 -ffp-contract=off`), on the
 * same synthetic blocks, which this script makes and hands to the C program in a file
 * (64 blocks; colours clustered in runs, centres scattered around the block, each
 * pixel's previous centre its true argmin except for a random 10%).
 *
 *   taskset -c 1 node bench/slic/argmin-kernel.mjs
 *
 * Where clang with wasm-ld is installed (Debian: clang-14 lld-14), the same kernel also
 * runs as WebAssembly (`argmin-kernel-wasm.c`), scalar and with 128-bit SIMD (two
 * pixels per f64x2), in this Node process — the one way left to go faster than V8's
 * JavaScript in a browser or a worker. Without clang those two lines say skipped.
 *
 * Alternates 5 runs of each and prints the median and the smallest ns per distance of
 * each and their ratios (on a shared VM both move by up to ±50%; the smallest shows
 * each at the machine's fast speed). All compute a checksum of their labels, which
 * must agree. Needs gcc.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../median.mjs';

const BLOCK = 16, CANDIDATES = 8, PACKED = 3 + 2 * BLOCK, BLOCKS = 64, REPEATS = 200, RUNS = 7, WEIGHT = 0.3;

function createScan() {
  const packed = new Float64Array(CANDIDATES * PACKED);
  function load(candidates) {
    packed.set(candidates);
  }
  function scan(features, labels, previous, w) {
    const P = packed;
    const size = PACKED | 0, count = CANDIDATES | 0;
    for (let y = 0; y < BLOCK; y++) {
      const yo = (3 + y) | 0;
      for (let x = 0; x < BLOCK; x++) {
        const p = (y * BLOCK + x) | 0, f = (3 * p) | 0, xo = (3 + BLOCK + x) | 0;
        const f0 = features[f], f1 = features[(f + 1) | 0], f2 = features[(f + 2) | 0];
        const q = previous[p], oq = Math.imul(q, size);
        const a = f0 - P[oq], b = f1 - P[(oq + 1) | 0], c = f2 - P[(oq + 2) | 0];
        let best = (P[(oq + yo) | 0] + P[(oq + xo) | 0]) * w + (a * a + b * b + c * c);
        let bestI = q;
        for (let i = 0, o = 0; i < count; i = (i + 1) | 0, o = (o + size) | 0) {
          const a = f0 - P[o], b = f1 - P[(o + 1) | 0], c = f2 - P[(o + 2) | 0];
          const d = (P[(o + yo) | 0] + P[(o + xo) | 0]) * w + (a * a + b * b + c * c);
          if (d < best || (d === best && i < bestI)) {
            best = d;
            bestI = i;
          }
        }
        labels[p] = bestI;
      }
    }
  }
  return { load, scan };
}
const { load, scan } = createScan();

// Synthetic blocks from a fixed-seed 32-bit LCG; the C program reads them from a file.
let seed = 1;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const packs = [], features = [], previous = [];
for (let k = 0; k < BLOCKS; k++) {
  const cand = new Float64Array(CANDIDATES * PACKED);
  for (let i = 0; i < CANDIDATES; i++) {
    const o = i * PACKED;
    cand[o] = rnd() * 20;
    cand[o + 1] = rnd() * 20 - 10;
    cand[o + 2] = rnd() * 20 - 10;
    const cy = rnd() * 40 - 12, cx = rnd() * 40 - 12;
    for (let y = 0; y < BLOCK; y++) cand[o + 3 + y] = ((y - cy) * (y - cy)) / 100;
    for (let x = 0; x < BLOCK; x++) cand[o + 3 + BLOCK + x] = ((x - cx) * (x - cx)) / 100;
  }
  const f = new Float64Array(BLOCK * BLOCK * 3);
  let b0 = rnd() * 20, b1 = rnd() * 20 - 10, b2 = rnd() * 20 - 10;
  for (let p = 0; p < BLOCK * BLOCK; p++) {
    if (rnd() < 0.2) {
      b0 = rnd() * 20;
      b1 = rnd() * 20 - 10;
      b2 = rnd() * 20 - 10;
    }
    f[3 * p] = b0 + rnd() * 3;
    f[3 * p + 1] = b1 + rnd() * 3;
    f[3 * p + 2] = b2 + rnd() * 3;
  }
  packs.push(cand);
  features.push(f);
}
const labels = new Int32Array(BLOCK * BLOCK);
const zeros = new Int32Array(BLOCK * BLOCK);
for (let k = 0; k < BLOCKS; k++) {
  load(packs[k]);
  scan(features[k], labels, zeros, WEIGHT);
  const pr = new Int32Array(BLOCK * BLOCK);
  for (let p = 0; p < BLOCK * BLOCK; p++) pr[p] = rnd() < 0.1 ? Math.trunc(rnd() * CANDIDATES) : labels[p];
  previous.push(pr);
}
let checksum = 0;
for (let k = 0; k < BLOCKS; k++) {
  load(packs[k]);
  scan(features[k], labels, previous[k], WEIGHT);
  for (let p = 0; p < BLOCK * BLOCK; p++) checksum += labels[p] * (p + 1);
}

/**
 * Median ns per distance over RUNS timed passes, CPU time, as the C program measures:
 * `loadBlock(k)` makes block k current, `scanBlock(k)` scans it.
 */
function timePasses(loadBlock, scanBlock) {
  const times = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.cpuUsage();
    for (let k = 0; k < BLOCKS; k++) {
      loadBlock(k);
      for (let j = 0; j < REPEATS; j++) scanBlock(k);
    }
    const t = process.cpuUsage(t0);
    times.push(((t.user + t.system) * 1000) / (BLOCKS * REPEATS * BLOCK * BLOCK * (CANDIDATES + 1)));
  }
  return median(times);
}
const timeJs = () =>
  timePasses(
    (k) => load(packs[k]),
    (k) => scan(features[k], labels, previous[k], WEIGHT),
  );

/** The first clang on PATH, or undefined (building for wasm32 also needs wasm-ld, from lld). */
function findClang() {
  for (const name of ['clang', 'clang-14', 'clang-15', 'clang-16']) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore' });
      return name;
    } catch (error) {
      if (error.code !== 'ENOENT') throw error; // installed but broken: say so
    }
  }
  return undefined;
}

/**
 * Builds argmin-kernel-wasm.c (with `extra` flags) into `dir`, instantiates it, checks
 * its checksum against the JavaScript one, and returns its timer.
 */
function wasmKernel(clang, dir, name, extra) {
  const out = join(dir, `${name}.wasm`);
  const source = fileURLToPath(new URL('argmin-kernel-wasm.c', import.meta.url));
  const exports = ['scanBlock', 'packed', 'features', 'previous', 'labels'].map((e) => `-Wl,--export=${e}`);
  execFileSync(clang, ['--target=wasm32', '-O2', '-ffp-contract=off', '-nostdlib', ...extra, '-Wl,--no-entry', ...exports, '-o', out, source]);
  const { exports: kernel } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(out)));
  const view = (global, Type, length) => new Type(kernel.memory.buffer, global.value, length);
  const P = view(kernel.packed, Float64Array, CANDIDATES * PACKED), F = view(kernel.features, Float64Array, BLOCK * BLOCK * 3);
  const Q = view(kernel.previous, Int32Array, BLOCK * BLOCK), L = view(kernel.labels, Int32Array, BLOCK * BLOCK);
  const loadBlock = (k) => {
    P.set(packs[k]);
    F.set(features[k]);
    Q.set(previous[k]);
  };
  let sum = 0;
  for (let b = 0; b < BLOCKS; b++) {
    loadBlock(b);
    kernel.scanBlock(WEIGHT);
    for (let p = 0; p < BLOCK * BLOCK; p++) sum += L[p] * (p + 1);
  }
  if (sum !== checksum) throw new Error(`checksums differ: JavaScript ${checksum}, WebAssembly ${name} ${sum}`);
  const scanBlock = () => kernel.scanBlock(WEIGHT);
  timePasses(loadBlock, scanBlock); // warm-up: V8 compiles the module's code
  return () => timePasses(loadBlock, scanBlock);
}

const dir = mkdtempSync(join(tmpdir(), 'argmin-kernel-'));
try {
  const binary = join(dir, 'argmin-kernel');
  const source = fileURLToPath(new URL('argmin-kernel.c', import.meta.url));
  execFileSync('gcc', ['-O2', '-ffp-contract=off', '-o', binary, source]);
  // Candidates, features and previous centres of every block, in that order, in the
  // machine's byte order (the C program reads them back with fread).
  const blocksFile = join(dir, 'blocks.bin');
  const parts = [...packs, ...features, ...previous].map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  writeFileSync(blocksFile, Buffer.concat(parts));
  timeJs(); // warm-up: V8 compiles the scan
  const clang = findClang();
  const wasm = clang
    ? { scalar: wasmKernel(clang, dir, 'scalar', []), simd: wasmKernel(clang, dir, 'simd', ['-DSIMD', '-msimd128']) }
    : undefined;
  const js = [], c = [], wasmScalar = [], wasmSimd = [];
  for (let round = 0; round < 5; round++) {
    js.push(timeJs());
    const [cChecksum, cNs] = execFileSync(binary, [blocksFile], { encoding: 'utf8' }).trim().split(' ').map(Number);
    if (cChecksum !== checksum) throw new Error(`checksums differ: JavaScript ${checksum}, C ${cChecksum}`);
    c.push(cNs);
    if (wasm) {
      wasmScalar.push(wasm.scalar());
      wasmSimd.push(wasm.simd());
    }
  }
  const line = (name, runs) =>
    `${name}: median ${median(runs).toFixed(2)}, smallest ${Math.min(...runs).toFixed(2)} ns per distance; runs ${runs.map((v) => v.toFixed(2)).join(', ')}`;
  const ratio = (name, a, b) =>
    `${name}: ${(median(a) / median(b)).toFixed(2)} (medians), ${(Math.min(...a) / Math.min(...b)).toFixed(2)} (smallest)`;
  console.log(`labels agree (checksum ${checksum})`);
  console.log(line(`JavaScript (V8 ${process.versions.v8})`, js));
  console.log(line('C (gcc -O2 -ffp-contract=off)', c));
  if (wasm) {
    console.log(line(`WebAssembly scalar (${clang})`, wasmScalar));
    console.log(line(`WebAssembly SIMD, f64x2 (${clang})`, wasmSimd));
  } else {
    console.log('WebAssembly: skipped (needs clang and wasm-ld; on Debian: apt-get install clang-14 lld-14)');
  }
  console.log(ratio('JavaScript / C', js, c));
  if (wasm) {
    console.log(ratio('JavaScript / WebAssembly scalar', js, wasmScalar));
    console.log(ratio('JavaScript / WebAssembly SIMD', js, wasmSimd));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
