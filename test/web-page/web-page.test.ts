/**
 * The demo page (examples/web, issue 31 items 4 and 5) in headless Chromium: built with
 * Vite's JS API, served on loopback, it explains a demo image in its Web Worker with the
 * demo CNN (examples/models/shapes-cnn.onnx) on onnxruntime-web, and its φ must equal,
 * bit for bit, what Node computes here for the same pixels, model, seed and options.
 * Node's side runs the same `WebOnnxImageClassifier` on onnxruntime-web's Node build: the
 * same WebAssembly file, one thread, so the logits are the same bits (onnxruntime-node's
 * native kernels differ from them at ~1e-7). The softmax runs in JavaScript (`Math.exp`,
 * whose last bit may differ between Node 20's V8 and Chromium's), but its result is stored
 * as float32: a float64 last-bit difference changes the float32 only where it crosses a
 * rounding boundary (about 1 value in 2^29). Every demo image gives identical bits, so the
 * comparison is exact (`Object.is`), not to a tolerance; should it ever fail by ~1e-16,
 * that is the reason.
 * Also: no console or page errors, nothing fetched from another origin (onnxruntime-web's
 * .wasm is served with the page), the page works offline once loaded, its frame loop keeps
 * ticking during the run, the progress bar reaches 100%, hovering the heat map shows a
 * segment's φ, fading uncertain segments redraws the heat map exactly when some interval
 * contains 0, the download is the result as valid JSON, and Abort stops a run.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { build, createServer as createViteServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as ort from 'onnxruntime-web';
import { explainImageClassification, slic } from '../../src/explain/index.js';
import { createDemoModel, DEMO_MODEL_NAME, type DemoModelFiles } from '../../examples/web/src/model.js';
import { explanationOptions, type RunSettings } from '../../examples/web/src/options.js';
import { resultDocument, type ResultDocument } from '../../examples/web/src/result-json.js';
import type { ClarifyHook } from '../../examples/web/src/hook.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { serveStatic } from '../helpers/static-server.js';

// The page's modules import `clarify-ts/explain` and `clarify-ts/web`, which the page's
// Vite config aliases to the source: here too, so that Node's side runs the same code and
// never a stale dist/.
vi.mock('clarify-ts/explain', () => import('../../src/explain/index.js'));
vi.mock('clarify-ts/web', () => import('../../src/web/index.js'));

// Node's side runs the demo CNN with onnxruntime-web too (its Node build: the same
// WebAssembly file the page's worker runs), on one thread as in the page.
ort.env.wasm.numThreads = 1;

// A Vite build, a browser and an explanation per test.
vi.setConfig({ testTimeout: 120_000 });

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const CONFIG = fileURLToPath(new URL('../../examples/web/vite.config.ts', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../examples/images/', import.meta.url));
const DEMO = '03-triangle.png';
/** Small enough for 2 cores, large enough that the run spans many frames. */
const SETTINGS: RunSettings = { numSamples: 1000, numSegments: 20, seed: 7 };

/** What Node computes for the demo image: sharp's lossless PNG decoding, the page's model and options. */
async function nodeResult(name = DEMO, settings = SETTINGS): Promise<{ doc: ResultDocument; pixels: Uint8Array; labels: Int32Array }> {
  const { data, info } = await sharp(join(IMAGES, name)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const image = { width: info.width, height: info.height, channels: 3 as const, data: new Uint8Array(data) };
  const model = await createDemoModel(ort, await modelFiles());
  const result = await explainImageClassification(explanationOptions(image, model, settings));
  const doc = resultDocument(result, { name, width: image.width, height: image.height }, settings, DEMO_MODEL_NAME);
  return { doc, pixels: image.data, labels: result.segmentation.labels };
}

let files: DemoModelFiles | undefined;
/** The demo model's files, as the page fetches them. */
async function modelFiles(): Promise<DemoModelFiles> {
  files ??= {
    sidecar: JSON.parse(await readFile(new URL('../../examples/models/shapes-cnn.json', import.meta.url), 'utf8')) as DemoModelFiles['sidecar'],
    onnx: new Uint8Array(await readFile(new URL('../../examples/models/shapes-cnn.onnx', import.meta.url))),
  };
  return files;
}

/** The page's hook, as page functions (serialised into the page) reach it. */
type Win = { __clarify: ClarifyHook };

let out: string;
let server: Server | undefined;
let origin: string;

beforeAll(async () => {
  // The mock took: the page's modules get the library's source.
  expect((await import('clarify-ts/explain')).slic).toBe(slic);
  out = await mkdtemp(join(tmpdir(), 'clarify-web-'));
  await build({ configFile: CONFIG, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
  ({ server, origin } = await serveStatic(out));
});

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await rm(out, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)('the demo page in Chromium', () => {
  it("explains a demo image offline in its worker, with Node's φ bit for bit", async () => {
    const expected = await nodeResult();
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 1400 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
      const foreign: string[] = [];
      context.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
      });

      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify?.ready === true, undefined, { timeout: 30_000 });
      // Everything the page needs is loaded: from here on it runs without a network.
      await context.setOffline(true);

      await page.selectOption('#demo', DEMO);
      await page.waitForFunction((name) => (globalThis as unknown as Win).__clarify.image?.name === name, DEMO);
      // The page explains the file's own pixels, the same sharp decodes in Node.
      const pixels = await page.evaluate(() => Array.from((globalThis as unknown as Win).__clarify.image!.data));
      expect(Buffer.from(pixels).equals(Buffer.from(expected.pixels))).toBe(true);
      expect(await page.locator('#image-info').textContent()).toContain(`${expected.doc.numSegments} segments`);

      await page.fill('#numSamples', String(SETTINGS.numSamples));
      await page.fill('#numSegments', String(SETTINGS.numSegments));
      await page.fill('#seed', String(SETTINGS.seed));
      const started = Date.now();
      await page.click('#run');
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify.state !== 'running', undefined, { timeout: 60_000 });
      const seconds = (Date.now() - started) / 1000;
      const state = await page.evaluate(() => ({ state: (globalThis as unknown as Win).__clarify.state, error: (globalThis as unknown as Win).__clarify.error, run: (globalThis as unknown as Win).__clarify.lastRun, result: (globalThis as unknown as Win).__clarify.lastResult }));
      expect(state.error).toBeNull();
      expect(state.state).toBe('done');
      const got = state.result!;

      // φ bit for bit (and every other number of the result).
      expect(got.shapValues).toHaveLength(expected.doc.shapValues.length);
      const differing = got.shapValues.filter((v, j) => !Object.is(v, expected.doc.shapValues[j]));
      expect(differing).toEqual([]);
      expect(got).toEqual(expected.doc);

      // The main thread stayed free: the frame loop kept ticking through the run.
      const run = state.run!;
      expect(run.progressEvents).toBeGreaterThan(1);
      // Counted, not timed (no wall-clock assertion): frames rendered while the worker ran. A
      // run that blocked the main thread would render none until it ended. The longest gap is logged.
      expect(run.framesAtEnd - run.framesAtStart).toBeGreaterThanOrEqual(3);
      console.log(
        `web page: ${expected.doc.numEvaluations} evaluations in ${run.ms.toFixed(0)} ms in the worker (${seconds.toFixed(2)} s from the click); ` +
          `${run.framesAtEnd - run.framesAtStart} frames, longest gap ${run.maxFrameGapMs.toFixed(1)} ms`,
      );

      // The progress bar reached 100% from the worker's own last report.
      const progress = page.locator('#progress');
      const bar = { value: Number(await progress.getAttribute('value')), max: Number(await progress.getAttribute('max')) };
      expect(bar.max).toBeGreaterThan(1);
      expect(bar.value).toBe(bar.max);
      expect(await page.locator('#progress-text').textContent()).toMatch(/^100%/);

      // The table lists every segment, largest |φ| first.
      const rows = await page.$$eval('#phi tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-segment'))));
      expect(rows).toHaveLength(expected.doc.numSegments);
      const abs = rows.map((j) => Math.abs(expected.doc.shapValues[j]));
      expect(abs).toEqual([...abs].sort((a, b) => b - a));

      // Hovering a pixel of the heat map shows its segment's φ and highlights its row.
      const heat = page.locator('#heatmap');
      await heat.scrollIntoViewIfNeeded();
      const box = (await heat.boundingBox())!;
      for (const [px, py] of [[32, 32], [5, 60]] as const) {
        await page.mouse.move(box.x + ((px + 0.5) / 64) * box.width, box.y + ((py + 0.5) / 64) * box.height);
        const segment = expected.labels[py * 64 + px];
        const tip = page.locator('#tooltip');
        await expect.poll(() => tip.getAttribute('data-segment')).toBe(String(segment));
        expect(Number(await tip.getAttribute('data-value'))).toBe(expected.doc.shapValues[segment]);
        expect(await tip.isVisible()).toBe(true);
        expect(await page.locator('#phi tbody tr.hover').getAttribute('data-segment')).toBe(String(segment));
      }

      // "Fade segments whose 95% interval contains 0" redraws the heat map with the library's
      // fadeUncertain: it changes pixels exactly when some segment's interval contains 0.
      type Doc = { document: { getElementById(id: string): { toDataURL(): string } } };
      const heatPixels = () => page.evaluate(() => (globalThis as unknown as Doc).document.getElementById('heatmap').toDataURL());
      const before = await heatPixels();
      await page.check('#fadeUncertain');
      const faded = await heatPixels();
      await page.uncheck('#fadeUncertain');
      expect(await heatPixels()).toBe(before);
      const uncertain = expected.doc.shapValues.some((v, j) => (expected.doc.standardErrors[j] as number) > 0 && Math.abs(v) <= 1.96 * (expected.doc.standardErrors[j] as number));
      expect(faded !== before).toBe(uncertain);
      console.log(`web page: fading ${uncertain ? 'changed' : 'left'} the heat map (${expected.doc.shapValues.filter((v, j) => Math.abs(v) <= 1.96 * (expected.doc.standardErrors[j] as number)).length} uncertain segments)`);

      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: fileURLToPath(new URL('web-page.png', ARTIFACTS)), fullPage: true });

      // The download is the result, as JSON.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      expect(download.suggestedFilename()).toBe('03-triangle-explanation.json');
      const file = await download.path();
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(expected.doc);

      // Abort stops a long run; the page can run again after.
      await page.fill('#numSamples', '100000');
      await page.click('#run');
      await page.waitForFunction(() => ((globalThis as unknown as Win).__clarify.progress?.evaluated ?? 0) > 0);
      await page.click('#abort');
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify.state !== 'running', undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => (globalThis as unknown as Win).__clarify.state)).toBe('aborted');
      expect(await page.locator('#status').textContent()).toBe('Aborted.');
      expect(await page.locator('#run').isEnabled()).toBe(true);

      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("gives Node's φ bit for bit on every demo image", async () => {
    const manifest = JSON.parse(await readFile(join(IMAGES, 'manifest.json'), 'utf8')) as { image: string }[];
    const settings: RunSettings = { numSamples: 100, numSegments: 20, seed: 3 };
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify?.ready === true, undefined, { timeout: 30_000 });
      await page.fill('#numSamples', String(settings.numSamples));
      await page.fill('#numSegments', String(settings.numSegments));
      await page.fill('#seed', String(settings.seed));
      for (const { image } of manifest) {
        await page.selectOption('#demo', image);
        await page.waitForFunction((name) => (globalThis as unknown as Win).__clarify.image?.name === name, image);
        await page.click('#run');
        await page.waitForFunction((name) => {
          const h = (globalThis as unknown as Win).__clarify;
          return h.state !== 'running' && h.lastResult?.image.name === name;
        }, image, { timeout: 60_000 });
        const got = await page.evaluate(() => (globalThis as unknown as Win).__clarify.lastResult);
        expect(got, image).toEqual((await nodeResult(image, settings)).doc);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('serves from the dev server too (npm run web): starts, and opens a demo image, a chosen file and a dropped one', async () => {
    const dev = await createViteServer({ configFile: CONFIG, logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } });
    await dev.listen();
    const browser = await launchChromium();
    try {
      const address = dev.httpServer!.address() as AddressInfo;
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()}: ${r.url()}`));
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify?.ready === true, undefined, { timeout: 60_000 });
      await page.selectOption('#demo', DEMO);
      await page.waitForFunction((name) => (globalThis as unknown as Win).__clarify.image?.name === name, DEMO);
      expect(await page.locator('#run').isEnabled()).toBe(true);

      // A file from the file input, and one dropped on the drop zone; the page's pixels are sharp's.
      await page.setInputFiles('#file', join(IMAGES, '05-star.png'));
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify.image?.name === '05-star.png');
      const bytes = [...(await readFile(join(IMAGES, '07-circle.png')))];
      const transfer = await page.evaluateHandle((b) => {
        // The page's DataTransfer and File (this program has Node's types, not the DOM's).
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
        };
        const t = new dom.DataTransfer();
        t.items.add(new dom.File([new Uint8Array(b)], '07-circle.png', { type: 'image/png' }));
        return t;
      }, bytes);
      await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
      await page.waitForFunction(() => (globalThis as unknown as Win).__clarify.image?.name === '07-circle.png');
      const pixels = await page.evaluate(() => Array.from((globalThis as unknown as Win).__clarify.image!.data));
      const { data } = await sharp(join(IMAGES, '07-circle.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(Buffer.from(pixels).equals(data)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await dev.close();
    }
  });
});
