/**
 * Deep copy of an analysis-config fragment: Python's getters return `copy.deepcopy`, so a
 * caller who edits what a getter returned never changes the config object.
 *
 * @internal
 * @packageDocumentation
 */
import { PyFloat } from '../python/float.js';

/** Copies arrays and plain objects; strings, numbers and (immutable) {@link PyFloat}s are shared. */
export function cloneConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneConfig(item)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) copy[key] = cloneConfig(member);
    return copy as T;
  }
  return value;
}
