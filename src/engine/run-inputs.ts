/**
 * Input-side checks of a run: where the output lies within the input, and the
 * baseline image.
 *
 * @packageDocumentation
 */
import { posix } from 'node:path';
import { ValidationError } from '../errors.js';
import type { RgbImage } from '../explain/image/rgb.js';
import type { Session } from '../sagemaker/session.js';
import { decodeRgb } from './image-codec.js';
import { type Location, formatLocation, parseLocation } from '../storage/location.js';
import { storageFor } from '../storage/storage-for.js';

/** The output's path relative to the input location when it lies inside it (the notebook's layout). */
export function outputPrefixWithin(data: Location, output: Location): string | undefined {
  if (data.kind === 'local' && output.kind === 'local') {
    const rel = posix.relative(data.path.split('\\').join('/'), output.path.split('\\').join('/'));
    return rel === '' ? '' : rel.startsWith('..') || posix.isAbsolute(rel) ? undefined : rel;
  }
  if (data.kind === 's3' && output.kind === 's3' && data.bucket === output.bucket) {
    if (data.key === output.key) return '';
    if (data.key === '') return output.key;
    return output.key.startsWith(`${data.key}/`) ? output.key.slice(data.key.length + 1) : undefined;
  }
  return undefined;
}

/** Reads and decodes `shap.baseline`; a missing or undecodable file is a {@link ValidationError}. */
export async function readBaseline(uri: string, session: Session | undefined, signal: AbortSignal | undefined): Promise<RgbImage> {
  const location = parseLocation('$.methods.shap.baseline', uri);
  let bytes: Uint8Array;
  try {
    bytes = await storageFor(location, session?.s3Client, '$.methods.shap.baseline').read('', signal);
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new ValidationError('$.methods.shap.baseline', uri, 'a readable image file or S3 object', (err as Error).message);
  }
  try {
    return await decodeRgb(bytes, formatLocation(location));
  } catch (err) {
    throw new ValidationError('$.methods.shap.baseline', uri, 'a JPEG or PNG image', (err as Error).message);
  }
}
