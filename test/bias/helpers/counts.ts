/** Builds {@link FacetCounts} by hand for the metric tests. */
import { cellIndex, type FacetCounts } from '../../../src/bias/facet-counts.js';

/** Counts of one group: keys `s l p` as digits, e.g. `'111'` (sensitive, positive label, positive prediction). */
export type HandCells = Partial<Record<'000' | '001' | '010' | '011' | '100' | '101' | '110' | '111', number>>;

export function group(cells: HandCells): Float64Array {
  const out = new Float64Array(8);
  for (const [key, n] of Object.entries(cells)) {
    const [s, l, p] = key.split('').map(Number) as [0 | 1, 0 | 1, 0 | 1];
    out[cellIndex(s, l, p)] = n as number;
  }
  return out;
}

/** One facet entry's counts: one group per argument (no group variable when `hasGroupVariable` is false). */
export function facetCounts(groups: HandCells[], hasGroupVariable = groups.length > 1): FacetCounts {
  return { groups: groups.map(group), hasGroupVariable };
}
