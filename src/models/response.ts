/**
 * Parses JSON endpoint responses into scores and detections.
 *
 * @packageDocumentation
 */
import { ModelError } from '../errors.js';
import type { Detection } from '../explain/model/image-model.js';

/** Where a response came from, for error messages. @internal */
export interface ResponseSite {
  readonly endpoint: string;
  readonly call: number;
  readonly index: number;
}

function fail(site: ResponseSite, what: string): never {
  throw new ModelError(`Endpoint ${site.endpoint} call ${site.call} (image ${site.index}) returned ${what}`, {
    call: site.call,
    index: site.index,
  });
}

/** Decodes UTF-8 JSON, failing with a {@link ModelError} naming the call. */
export function parseJson(body: Uint8Array, site: ResponseSite): unknown {
  const text = new TextDecoder().decode(body);
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail(site, `a body that is not JSON: ${text.slice(0, 80)}${text.length > 80 ? '...' : ''} (${String(err)})`);
  }
}

const isNumberArray = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * Score vectors of `count` images from a response: a probability array
 * (`[0.1, 0.9]`, one image), an array of arrays (a batch), or either under
 * `predictions`, `probabilities`, `probability` or `scores` (objects, or a
 * list of `{ probabilities | scores }` objects per image).
 */
export function parseScores(json: unknown, count: number, site: ResponseSite): Float32Array[] {
  const unwrapped = unwrap(json, ['predictions', 'probabilities', 'probability', 'scores']);
  let rows: unknown[];
  if (isNumberArray(unwrapped) && count === 1) rows = [unwrapped];
  else if (Array.isArray(unwrapped)) rows = unwrapped.map((r) => unwrap(r, ['probabilities', 'probability', 'scores']));
  else return fail(site, `${describe(json)}; expected a probability array or one per image`);
  if (rows.length !== count) fail(site, `${rows.length} score vectors for ${count} images`);
  return rows.map((r, i) => {
    if (!isNumberArray(r) || r.length === 0) fail({ ...site, index: site.index + i }, `${describe(r)}; expected an array of numbers`);
    return Float32Array.from(r as number[]);
  });
}

/**
 * Detections of `count` images from a response: rows
 * `[class_id, score, x0, y0, x1, y1]` (corners normalised), either bare (one
 * image), one list per image, or under `prediction` / `predictions` (the
 * SageMaker built-in object detector answers `{"prediction": [[...], ...]}`).
 */
export function parseDetections(json: unknown, count: number, site: ResponseSite): Detection[][] {
  const unwrapped = unwrap(json, ['prediction', 'predictions', 'detections']);
  if (!Array.isArray(unwrapped)) return fail(site, `${describe(json)}; expected detection rows [class_id, score, x0, y0, x1, y1]`);
  const isRow = (r: unknown) => isNumberArray(r) && r.length >= 6;
  const perImage: unknown[] =
    count === 1 && (unwrapped.length === 0 || isRow(unwrapped[0])) ? [unwrapped] : unwrapped.map((l) => unwrap(l, ['prediction', 'predictions', 'detections']));
  if (perImage.length !== count) fail(site, `${perImage.length} detection lists for ${count} images`);
  return perImage.map((list, i) => {
    const at = { ...site, index: site.index + i };
    if (!Array.isArray(list)) return fail(at, `${describe(list)}; expected a list of detection rows`);
    return list.map((row): Detection => {
      if (!isRow(row)) fail(at, `a detection ${describe(row)}; expected [class_id, score, x0, y0, x1, y1]`);
      const r = row as number[];
      return { classId: r[0], score: r[1], box: [r[2], r[3], r[4], r[5]] };
    });
  });
}

function unwrap(value: unknown, keys: readonly string[]): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of keys) if (key in value) return (value as Record<string, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json.length > 60 ? json.slice(0, 57) + '...' : json;
}
