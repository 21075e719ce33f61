/**
 * SageMaker resource names as the Python SDK generates them
 * (`sagemaker.utils.name_from_base`, `base_name_from_image`, `base_from_name`).
 */
import { ValidationError } from '../errors.js';
import { systemClock, type Clock } from './clock.js';

/** The longest SageMaker job, model or endpoint name. */
export const MAX_NAME_LENGTH = 63;

/** Names SageMaker accepts for jobs, models and endpoints. */
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * The UTC timestamp suffix `YYYY-MM-DD-HH-MM-SS-mmm` of generated names.
 *
 * The milliseconds are the first three digits after the point of the time's
 * shortest decimal form, as Python takes them from `repr(time.time())`: they are
 * truncated, not rounded, and shorter when the time has fewer decimals
 * (`…56.5` gives `-5`, a whole second gives `-0`).
 */
export function sagemakerTimestamp(clock: Clock = systemClock): string {
  const seconds = clock();
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ValidationError('clock()', seconds, 'a finite number of seconds since the Unix epoch >= 0');
  }
  const date = new Date(Math.floor(seconds) * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  // JavaScript and Python both print the shortest decimal that round-trips, so the digits agree.
  const fraction = String(seconds).split('.')[1] ?? '0';
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}-` +
    `${pad(date.getUTCHours())}-${pad(date.getUTCMinutes())}-${pad(date.getUTCSeconds())}-${fraction.slice(0, 3)}`
  );
}

/**
 * A unique-by-time name: `base` cut so that the whole name fits `maxLength`,
 * then `-` and {@link sagemakerTimestamp} (Python `name_from_base`).
 *
 * @param options.maxLength - The longest name allowed, timestamp included (default 63,
 *   the longest SageMaker job, model or endpoint name).
 * @example
 * ```ts
 * nameFromBase('Clarify-Explainability'); // 'Clarify-Explainability-2026-11-28-12-34-56-789'
 * ```
 */
export function nameFromBase(base: string, options: { clock?: Clock; maxLength?: number } = {}): string {
  const timestamp = sagemakerTimestamp(options.clock);
  const maxLength = options.maxLength ?? MAX_NAME_LENGTH;
  // Python slices with the 23-character timestamp length, whatever the milliseconds' length.
  const keep = Math.max(0, maxLength - 23 - 1);
  return `${base.slice(0, keep)}-${timestamp}`;
}

/**
 * The repository part of an image URI, the default base of training job names
 * (Python `base_name_from_image`): `…/image-classification:1` → `image-classification`.
 */
export function baseNameFromImage(imageUri: string): string {
  const match = /^(.+\/)?([^:/]+)(:[^:]+)?$/.exec(imageUri);
  return match ? match[2] : imageUri;
}

/**
 * A generated name without its timestamp suffix (Python `base_from_name`); a
 * name without one is returned as is.
 */
export function baseFromName(name: string): string {
  const match = /^(.+)-(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{3}|\d{6}-\d{4})$/.exec(name);
  return match ? match[1] : name;
}

/** Checks a SageMaker resource name before any request carries it. */
export function checkResourceName(field: string, name: unknown): string {
  if (typeof name !== 'string' || !RESOURCE_NAME_PATTERN.test(name)) {
    throw new ValidationError(field, name, '1-63 characters of a-z, A-Z, 0-9 and -, starting and ending with a letter or digit');
  }
  return name;
}
