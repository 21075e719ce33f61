/**
 * The median of `values` (the mean of the two middle values for an even count),
 * shared by the benchmarks. Plain JavaScript, so that a script run by plain Node
 * (without tsx, whose loader changes the code V8 compiles; see docs/internals/slic.md)
 * can use it too.
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
