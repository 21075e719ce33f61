/**
 * Times our SLIC for bench/slic/index.ts, one run per request: the built package
 * (`dist/explain`), in a plain Node process, as the CLI and the engine's workers run it.
 * (Under tsx the loader detaches ArrayBuffers, which makes V8 add a check to every
 * typed-array access in optimised code: docs/internals/slic.md, "No detached buffers".)
 *
 * Reads JSON requests from stdin, one per line:
 *   {"raw": path, "height": h, "width": w, "options": {...}, "labels_out": path or null}
 * runs `slic` once on the raw RGB image and answers one JSON line
 *   {"cpu_ms": t, "wall_ms": t}
 * writing the labels (int32, little-endian, row-major) to labels_out when given.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { slic } from '../../dist/explain/index.js';

const images = new Map();
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  const key = `${request.raw}:${request.width}x${request.height}`;
  if (!images.has(key)) {
    const bytes = readFileSync(request.raw);
    images.set(key, { width: request.width, height: request.height, channels: 3, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  }
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { labels } = slic(images.get(key), request.options);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  if (request.labels_out) writeFileSync(request.labels_out, new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  process.stdout.write(JSON.stringify({ cpu_ms: (cpu.user + cpu.system) / 1000, wall_ms: wall }) + '\n');
}
