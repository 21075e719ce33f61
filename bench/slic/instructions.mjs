/**
 * A fixed workload for instruction counts, which unlike timings do not drift on a
 * shared machine: `N` calls (default 3) of the built package's `slic` on the 512×512
 * astronaut photo at Clarify's settings. `DETACH=1` first detaches an ArrayBuffer, as
 * sharp's `toBuffer()` or tsx's loader would. Run it under callgrind (see bench/README.md):
 *
 *   npm run build
 *   N=3 valgrind --tool=callgrind --callgrind-out-file=/tmp/slic.cg node --single-threaded \
 *     --perf-basic-prof bench/slic/instructions.mjs
 *   python3 bench/slic/callgrind_by_function.py /tmp/slic.cg /tmp/perf-<pid>.map
 *
 * and subtract a run with N=0 (node startup and the image decode) from the total.
 */
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { slic } from '../../dist/explain/index.js';

const { data, info } = await sharp(fileURLToPath(new URL('../../test/fixtures/slic/astronaut.png', import.meta.url)))
  .removeAlpha()
  .raw()
  .toUint8Array();
if (process.env.DETACH === '1') {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
}
const image = { width: info.width, height: info.height, channels: 3, data };
for (let i = 0, n = Number(process.env.N ?? 3); i < n; i++) slic(image, { nSegments: 20, compactness: 5 });
