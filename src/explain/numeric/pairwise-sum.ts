/**
 * NumPy's pairwise summation (`np.add.reduce` on a contiguous float64 array), so
 * sums that feed exact comparisons round exactly as NumPy's do: sequential below
 * 8 elements, eight interleaved accumulators up to 128, recursive halving above.
 */
export function pairwiseSum(a: Float64Array, offset = 0, n = a.length - offset): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[offset + i];
    return res;
  }
  if (n <= 128) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[offset + j];
    const limit = n - (n % 8);
    let i = 8;
    for (; i < limit; i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[offset + i + j];
    }
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[offset + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, offset, n2) + pairwiseSum(a, offset + n2, n - n2);
}
