/** Resource tags, given as a list or a record (Python accepts both). */
import { ValidationError } from '../errors.js';

/** One tag as SageMaker takes it. */
export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Tags as a list of `{ Key, Value }`, or a record `{ key: value }`. */
export type Tags = readonly Tag[] | Readonly<Record<string, string | number | boolean>>;

/** The list form of `tags` (record entries in their order, values as strings), or `undefined`. */
export function formatTags(tags: Tags | undefined, field = 'tags'): Tag[] | undefined {
  if (tags === undefined) return undefined;
  if (Array.isArray(tags)) {
    return tags.map((tag: unknown, i) => {
      const t = tag as Partial<Tag>;
      if (typeof t !== 'object' || t === null || typeof t.Key !== 'string' || typeof t.Value !== 'string') {
        throw new ValidationError(`${field}[${i}]`, tag, '{ Key: string, Value: string }');
      }
      return { Key: t.Key, Value: t.Value };
    });
  }
  if (typeof tags !== 'object' || tags === null) throw new ValidationError(field, tags, 'a list of { Key, Value } or a record of strings');
  return Object.entries(tags).map(([Key, value]) => {
    if (!['string', 'number', 'boolean'].includes(typeof value)) throw new ValidationError(`${field}.${Key}`, value, 'a string');
    // Python str(): True → 'True'.
    return { Key, Value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value) };
  });
}
