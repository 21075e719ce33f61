/**
 * Draws an explained image's heat maps again at a run's shared scale, from
 * what the run wrote: the input's bytes and the label image.
 *
 * @packageDocumentation
 */
import sharp from 'sharp';
import type { SucceededImageRecord } from '../analysis/document.js';
import { ImageDecodeError } from '../errors.js';
import { drawHeatMap, enlargeForDrawing, enlargeSegments } from './heat-map-drawing.js';
import { decodeRgb } from './image-codec.js';
import type { ImageTaskResult, OutputFile } from './image-task-types.js';

/**
 * Draws the heat maps of an explained image again at a given scale (a run's
 * shared max |φ|), from the input's bytes and the label image the run wrote;
 * returns the files to write, one per explanation or object, and the record
 * with `heat_map_scale` set to that scale. With `fadeUncertain`, segments whose
 * 95% interval (from the record's `standard_errors`) contains 0 are faded. One image is held at a time.
 *
 * @throws {@link ImageDecodeError} when the input or the label image no longer decodes, or they disagree in size.
 */
export async function renderHeatMapFiles(
  record: SucceededImageRecord,
  inputBytes: Uint8Array,
  labelPng: Uint8Array,
  scale: number,
  options: { readonly maxPixels: number; readonly segmentNumbers?: boolean; readonly fadeUncertain?: boolean },
): Promise<ImageTaskResult> {
  const image = await decodeRgb(inputBytes, record.file, options.maxPixels);
  const labels = await decodeLabelPng(labelPng, record);
  if (image.width !== record.width || image.height !== record.height) {
    throw new ImageDecodeError(`Cannot draw the heat maps of ${record.file}: it is ${image.width}x${image.height} now, ${record.width}x${record.height} when it was explained`);
  }
  const { large, factor } = enlargeForDrawing(image);
  const largeSegments = enlargeSegments(labels, image, factor);
  const files: OutputFile[] = [];
  const draw = async <T extends { readonly shap_values: number[]; readonly standard_errors?: number[]; readonly heat_map: string }>(e: T): Promise<T & { heat_map_scale: number }> => {
    const uncertain = options.fadeUncertain === true && e.standard_errors !== undefined ? { fadeUncertain: true, standardErrors: e.standard_errors } : {};
    files.push({ path: e.heat_map, body: await drawHeatMap(large, largeSegments, e.shap_values, scale, options.segmentNumbers === true, uncertain) });
    return { ...e, heat_map_scale: scale };
  };
  const explanations = record.explanations === undefined ? undefined : await sequential(record.explanations, draw);
  const objects = record.objects === undefined ? undefined : await sequential(record.objects, draw);
  return {
    record: { ...record, ...(explanations ? { explanations } : {}), ...(objects ? { objects } : {}) },
    files,
  };
}

/** Maps `items` one at a time, so that one heat map is held at a time. */
async function sequential<T, U>(items: readonly T[], f: (item: T) => Promise<U>): Promise<U[]> {
  const out: U[] = [];
  for (const item of items) out.push(await f(item));
  return out;
}

/** The segment of each pixel, from the 16-bit grey label image the run wrote. */
async function decodeLabelPng(png: Uint8Array, record: SucceededImageRecord): Promise<Int32Array> {
  try {
    const { data, info } = await sharp(png).toColourspace('grey16').raw({ depth: 'ushort' }).toUint8Array();
    if (info.width !== record.width || info.height !== record.height || info.channels !== 1) throw new Error(`it is ${info.width}x${info.height}x${info.channels}, not ${record.width}x${record.height}x1`);
    const samples = new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return Int32Array.from(samples);
  } catch (err) {
    throw new ImageDecodeError(`Cannot read the label image ${record.label_image} of ${record.file}: ${(err as Error).message}`, { cause: err });
  }
}
