/**
 * Fetching a model and its sidecar by URL, through whatever `fetch` the page, worker or
 * caller provides.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { SIDECAR_SHAPE, type OnnxSidecar, onnxSidecarPath, parseOnnxSidecar } from './sidecar.js';

/** The part of a `fetch` response the classifier reads. */
export interface FetchResponseLike {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status: 404 for a sidecar that is not there. */
  readonly status: number;
  /** The HTTP status text, for error messages. */
  readonly statusText: string;
  /** The body as bytes (the model). */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The body as text (the sidecar). */
  text(): Promise<string>;
}

/** A `fetch` function, as the page's or worker's global `fetch` is one. */
export type FetchLike = (url: string) => Promise<FetchResponseLike>;

/** The global `fetch`, when there is one. @internal */
export function globalFetch(): FetchLike | undefined {
  const candidate = (globalThis as { fetch?: unknown }).fetch;
  return typeof candidate === 'function' ? (candidate.bind(globalThis) as FetchLike) : undefined;
}

/** An error's message, or the thrown value as text. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The model's bytes from its URL. @internal */
export async function fetchModel(fetch: FetchLike, url: string): Promise<Uint8Array> {
  let response: FetchResponseLike;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new ValidationError('model', url, 'the URL of an ONNX model that can be fetched', errorMessage(err));
  }
  if (!response.ok) throw new ValidationError('model', url, 'the URL of an ONNX model that can be fetched', `HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The sidecar URL of a model URL: `.onnx` replaced by `.json` in its path, the query and
 * fragment kept (`m.onnx?v=2` → `m.json?v=2`), as {@link onnxSidecarPath} does for files.
 *
 * @example
 * ```ts
 * onnxSidecarUrl('/models/shapes-cnn.onnx?v=2'); // '/models/shapes-cnn.json?v=2'
 * ```
 */
export function onnxSidecarUrl(modelUrl: string): string {
  const cut = modelUrl.search(/[?#]/);
  return cut < 0 ? onnxSidecarPath(modelUrl) : onnxSidecarPath(modelUrl.slice(0, cut)) + modelUrl.slice(cut);
}

/**
 * Fetches and checks a sidecar. A response of 404 is "no sidecar" unless `required`
 * (the sidecar was named); any other failure is an error, as an unreadable sidecar file
 * is in Node.
 * @internal
 */
export async function fetchSidecar(fetch: FetchLike, url: string, required: boolean): Promise<OnnxSidecar | undefined> {
  const [field, allowed] = required ? ['sidecar', `the URL of a JSON file: ${SIDECAR_SHAPE}`] : ['model sidecar', `a URL that can be fetched, or a 404; when present: ${SIDECAR_SHAPE}`];
  let response: FetchResponseLike;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new ValidationError(field, url, allowed, errorMessage(err));
  }
  if (response.status === 404 && !required) return undefined;
  if (!response.ok) throw new ValidationError(field, url, allowed, `HTTP ${response.status} ${response.statusText}`.trim());
  return parseOnnxSidecar(await response.text(), url);
}
