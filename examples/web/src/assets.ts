/**
 * The files the page ships with (served from examples/models and examples/images, see
 * vite.config.ts), all fetched once when the page loads so that it works offline after.
 */

/** One demo image of examples/images/manifest.json. */
export interface DemoImage {
  readonly image: string;
  readonly class: string;
  readonly blob: Blob;
}

import type { DemoModelFiles } from './model.js';

export type { DemoModelFiles };

export interface DemoAssets {
  readonly images: readonly DemoImage[];
  readonly model: DemoModelFiles;
}

const BASE = new URL('demo/', document.baseURI);

async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(new URL(path, BASE));
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response;
}

/** Fetches the manifest, every demo image and the model's files. */
export async function loadDemoAssets(): Promise<DemoAssets> {
  const manifest = (await (await fetchOk('images/manifest.json')).json()) as { image: string; class: string }[];
  const [images, sidecar, onnx] = await Promise.all([
    Promise.all(manifest.map(async (m) => ({ image: m.image, class: m.class, blob: await (await fetchOk(`images/${m.image}`)).blob() }))),
    fetchOk('models/shapes-cnn.json').then((r) => r.json() as Promise<DemoModelFiles['sidecar']>),
    fetchOk('models/shapes-cnn.onnx').then((r) => r.arrayBuffer()),
  ]);
  return { images, model: { sidecar, onnx } };
}
