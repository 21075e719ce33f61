/**
 * The demo page: wires the form, the canvases and the table to the explanation
 * worker (explainer.ts). Exposes `window.__clarify` for the Chromium test.
 */
import type { ImageExplanationProgress, RgbImage, Segmentation } from 'clarify-ts/explain';
import { type DemoAssets, loadDemoAssets } from './assets.js';
import { pixelAt } from './canvas.js';
import { type DecodedImage, decodeImage } from './decode.js';
import { Explainer, isAbort } from './explainer.js';
import { formatNumber, formatPhi } from './format.js';
import { FrameCounter } from './frames.js';
import type { ClarifyHook } from './hook.js';
import { drawColorBar, drawHeatmap } from './heatmap-view.js';
import { DEMO_MODEL_NAME } from './model.js';
import { DEFAULT_SETTINGS, type RunSettings } from './options.js';
import { fillPhiTable, highlightRow } from './phi-table.js';
import { type ResultDocument, resultDocument } from './result-json.js';
import { drawSegments, previewSegments } from './segments-view.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  demo: $<HTMLSelectElement>('demo'),
  file: $<HTMLInputElement>('file'),
  drop: $<HTMLDivElement>('drop'),
  segments: $<HTMLCanvasElement>('segments'),
  imageInfo: $<HTMLParagraphElement>('image-info'),
  form: $<HTMLFormElement>('form'),
  numSamples: $<HTMLInputElement>('numSamples'),
  numSegments: $<HTMLInputElement>('numSegments'),
  seed: $<HTMLInputElement>('seed'),
  segmentNumbers: $<HTMLInputElement>('segmentNumbers'),
  fadeUncertain: $<HTMLInputElement>('fadeUncertain'),
  run: $<HTMLButtonElement>('run'),
  abort: $<HTMLButtonElement>('abort'),
  progress: $<HTMLProgressElement>('progress'),
  progressText: $<HTMLSpanElement>('progress-text'),
  status: $<HTMLParagraphElement>('status'),
  summary: $<HTMLParagraphElement>('summary'),
  heatmap: $<HTMLCanvasElement>('heatmap'),
  colorbar: $<HTMLDivElement>('colorbar'),
  colorbarLabels: [$('cb-min'), $('cb-zero'), $('cb-max')] as [HTMLElement, HTMLElement, HTMLElement],
  table: $<HTMLTableElement>('phi').tBodies[0],
  download: $<HTMLButtonElement>('download'),
  tooltip: $<HTMLDivElement>('tooltip'),
  modelName: $<HTMLSpanElement>('model-name'),
};

const frames = new FrameCounter();
frames.start();
const hook: ClarifyHook = {
  ready: false,
  state: 'loading',
  get frames() {
    return frames.frames;
  },
  lastResult: null,
  lastRun: null,
  progress: null,
  error: null,
  image: null,
};
(window as unknown as { __clarify: ClarifyHook }).__clarify = hook;

let assets: DemoAssets;
let explainer: Explainer;
/** The image shown, its name and the segmentation for the current settings. */
let current: { name: string; image: RgbImage; segmentation: Segmentation } | null = null;
/** The last result, with the image and labels it was computed on (for drawing and hover). */
let shown: { doc: ResultDocument; image: RgbImage; labels: Int32Array } | null = null;

function setStatus(text: string, error = false): void {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
}

function readSettings(): RunSettings {
  return { numSamples: ui.numSamples.valueAsNumber, numSegments: ui.numSegments.valueAsNumber, seed: ui.seed.valueAsNumber };
}

function showImage(name: string, decoded: DecodedImage): void {
  const { image } = decoded;
  const segmentation = previewSegments(image, readSettings().numSegments);
  current = { name, image, segmentation };
  hook.image = { name, width: image.width, height: image.height, data: image.data };
  drawSegments(ui.segments, image, segmentation.labels);
  const scaled = decoded.scaledFrom ? ` (scaled down from ${decoded.scaledFrom.width} × ${decoded.scaledFrom.height})` : '';
  ui.imageInfo.textContent = `${name}: ${image.width} × ${image.height}${scaled}, ${segmentation.numSegments} segments.`;
  ui.run.disabled = explainer.busy;
  setStatus('Ready to run.');
}

async function openBlob(name: string, blob: Blob): Promise<void> {
  try {
    showImage(name, await decodeImage(blob));
  } catch (error) {
    setStatus(`Could not read ${name}: ${(error as Error).message}`, true);
  }
}

function showProgress(p: ImageExplanationProgress): void {
  hook.progress = p;
  ui.progress.max = p.total;
  ui.progress.value = p.evaluated;
  ui.progressText.textContent = `${Math.floor((100 * p.evaluated) / p.total)}% (${p.evaluated} / ${p.total} images)`;
}

async function run(): Promise<void> {
  if (current === null || explainer.busy || !ui.form.reportValidity()) return;
  const settings = readSettings();
  const { name, image } = current;
  ui.run.disabled = true;
  ui.abort.disabled = false;
  ui.progress.max = 1;
  ui.progress.value = 0;
  ui.progressText.textContent = '0%';
  hook.state = 'running';
  hook.progress = null;
  hook.error = null;
  setStatus(`Explaining ${name}…`);
  const framesAtStart = frames.beginRun();
  let progressEvents = 0;
  try {
    const { result, ms } = await explainer.run({ width: image.width, height: image.height, channels: 3, data: image.data }, settings, (p) => {
      progressEvents++;
      showProgress(p);
    });
    const end = frames.endRun();
    const doc = resultDocument(result, { name, width: image.width, height: image.height }, settings, DEMO_MODEL_NAME);
    shown = { doc, image, labels: result.segmentation.labels };
    drawResult();
    hook.lastRun = { framesAtStart, framesAtEnd: end.frames, maxFrameGapMs: end.maxFrameGapMs, progressEvents, ms };
    hook.lastResult = doc;
    hook.state = 'done';
    ui.download.disabled = false;
    setStatus(`Done in ${(ms / 1000).toFixed(2)} s: ${doc.numEvaluations} images evaluated.`);
  } catch (error) {
    frames.endRun();
    if (isAbort(error)) {
      hook.state = 'aborted';
      setStatus('Aborted.');
    } else {
      hook.state = 'error';
      hook.error = (error as Error).message;
      setStatus(`The explanation failed: ${(error as Error).message}`, true);
    }
  } finally {
    ui.run.disabled = current === null;
    ui.abort.disabled = true;
  }
}

function drawResult(): void {
  if (shown === null) return;
  const { doc, image, labels } = shown;
  drawHeatmap(ui.heatmap, image, labels, doc.shapValues, ui.segmentNumbers.checked, ui.fadeUncertain.checked ? doc.standardErrors : undefined);
  drawColorBar(ui.colorbar, ui.colorbarLabels, doc.shapValues);
  fillPhiTable(ui.table, doc);
  const name = doc.label.name ?? `class ${doc.label.index}`;
  ui.summary.textContent =
    `${doc.image.name}: ${name} (class ${doc.label.index}), score ${formatNumber(doc.label.score, false)}; ` +
    `expected value ${formatNumber(doc.expectedValue, false)}, Σφ ${formatPhi(doc.fullValue - doc.expectedValue)}; seed ${doc.seed}` +
    (doc.exact ? ', exact Shapley values.' : '.');
}

function download(): void {
  if (shown === null) return;
  const blob = new Blob([JSON.stringify(shown.doc, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${shown.doc.image.name.replace(/\.[^.]+$/, '')}-explanation.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function hover(event: MouseEvent): void {
  if (shown === null) return;
  const { image, labels, doc } = shown;
  const at = pixelAt(ui.heatmap, event, image.width, image.height);
  if (at === null) return leave();
  const segment = labels[at.y * image.width + at.x];
  const value = doc.shapValues[segment];
  ui.tooltip.textContent = `segment ${segment}: φ = ${formatPhi(value)}`;
  ui.tooltip.dataset.segment = String(segment);
  ui.tooltip.dataset.value = String(value);
  ui.tooltip.style.left = `${event.pageX + 12}px`;
  ui.tooltip.style.top = `${event.pageY + 12}px`;
  ui.tooltip.hidden = false;
  highlightRow(ui.table, segment);
}

function leave(): void {
  ui.tooltip.hidden = true;
  highlightRow(ui.table, null);
}

function wire(): void {
  ui.numSamples.value = String(DEFAULT_SETTINGS.numSamples);
  ui.numSegments.value = String(DEFAULT_SETTINGS.numSegments);
  ui.seed.value = String(DEFAULT_SETTINGS.seed);
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  ui.abort.addEventListener('click', () => explainer.abort());
  ui.download.addEventListener('click', download);
  ui.segmentNumbers.addEventListener('change', drawResult);
  ui.fadeUncertain.addEventListener('change', drawResult);
  ui.numSegments.addEventListener('change', () => {
    if (current !== null && ui.numSegments.validity.valid) {
      current = { ...current, segmentation: previewSegments(current.image, ui.numSegments.valueAsNumber) };
      drawSegments(ui.segments, current.image, current.segmentation.labels);
      ui.imageInfo.textContent = `${current.name}: ${current.image.width} × ${current.image.height}, ${current.segmentation.numSegments} segments.`;
    }
  });
  ui.demo.addEventListener('change', () => {
    const demo = assets.images.find((d) => d.image === ui.demo.value);
    if (demo !== undefined) void openBlob(demo.image, demo.blob);
  });
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file !== undefined) void openBlob(file.name, file);
  });
  ui.drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    ui.drop.classList.add('over');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  ui.drop.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void openBlob(file.name, file);
  });
  ui.heatmap.addEventListener('mousemove', hover);
  ui.heatmap.addEventListener('mouseleave', leave);
}

async function start(): Promise<void> {
  wire();
  assets = await loadDemoAssets();
  explainer = new Explainer(assets.model);
  for (const d of assets.images) ui.demo.add(new Option(`${d.image} (${d.class})`, d.image));
  ui.modelName.textContent = `Model: ${DEMO_MODEL_NAME}.`;
  await explainer.ready;
  hook.ready = true;
  hook.state = 'idle';
  setStatus('Choose a demo image, open a file or drop one.');
}

start().catch((error: Error) => {
  hook.state = 'error';
  hook.error = error.message;
  setStatus(`The page could not start: ${error.message}`, true);
});
