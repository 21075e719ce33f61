/**
 * The sufficient statistics of one facet entry: row counts by (sensitive facet or not,
 * positive label or not, positive prediction or not, group of the group variable). Every
 * bias metric but FT is a function of them, so they are all a shard has to send.
 *
 * @packageDocumentation
 */

/** Index of a cell in a group's 8 counts: `s * 4 + l * 2 + p`. */
export function cellIndex(sensitive: 0 | 1, label: 0 | 1, predicted: 0 | 1): number {
  return sensitive * 4 + label * 2 + predicted;
}

/** One facet entry's counts. */
export interface FacetCounts {
  /**
   * Per group of the group variable, in `np.unique` order (one group when there is no group
   * variable): 8 counts, indexed by {@link cellIndex}.
   */
  readonly groups: readonly Float64Array[];
  /** Whether a group variable was given (CDDL/CDDPL need one). */
  readonly hasGroupVariable: boolean;
  /** Why the groups cannot be ordered as `np.unique` orders them (mixed strings and numbers), if so. */
  readonly groupOrderError?: string;
}

/** A selection of cells: `undefined` in a position means "either". */
export type CellFilter = readonly [sensitive?: 0 | 1 | undefined, label?: 0 | 1 | undefined, predicted?: 0 | 1 | undefined];

/** Rows whose cells pass `filter`, over all groups (or one group's counts). */
export function countOf(counts: FacetCounts | Float64Array, filter: CellFilter): number {
  const [s, l, p] = filter;
  const sum = (cells: Float64Array): number => {
    let total = 0;
    for (let si = 0; si < 2; si++) {
      if (s !== undefined && si !== s) continue;
      for (let li = 0; li < 2; li++) {
        if (l !== undefined && li !== l) continue;
        for (let pi = 0; pi < 2; pi++) {
          if (p !== undefined && pi !== p) continue;
          total += cells[si * 4 + li * 2 + pi] as number;
        }
      }
    }
    return total;
  };
  if (counts instanceof Float64Array) return sum(counts);
  let total = 0;
  for (const cells of counts.groups) total += sum(cells);
  return total;
}

/** The eight cells of the confusion matrix per facet side, named as smclarify names them. */
export interface Quadrants {
  readonly TP: number;
  readonly FP: number;
  readonly FN: number;
  readonly TN: number;
}

/** TP/FP/FN/TN of the advantaged (`sensitive = 0`) or disadvantaged (`1`) rows. */
export function quadrants(counts: FacetCounts, sensitive: 0 | 1): Quadrants {
  return {
    TP: countOf(counts, [sensitive, 1, 1]),
    FP: countOf(counts, [sensitive, 0, 1]),
    FN: countOf(counts, [sensitive, 1, 0]),
    TN: countOf(counts, [sensitive, 0, 0]),
  };
}
