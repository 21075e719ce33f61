/**
 * An exact running sum of doubles (Shewchuk's algorithm, as Python's `math.fsum`): the
 * result is the correctly rounded sum of every value added, whatever their order, so
 * sums made on shards and merged equal the sum made in one pass, bit for bit.
 *
 * @packageDocumentation
 */

/**
 * A sum kept as non-overlapping partials, exact until {@link ExactSum.value} rounds it
 * once. Plain data: `partials` can be sent between processes and merged with
 * {@link ExactSum.merge}.
 *
 * @example
 * ```ts
 * const sum = new ExactSum();
 * for (const x of [1e100, 1, -1e100]) sum.add(x);
 * sum.value(); // 1 (a plain loop gives 0)
 * ```
 */
export class ExactSum {
  /** The partials, non-overlapping, in increasing magnitude. */
  readonly partials: number[];

  /** @param partials - another sum's `partials`, to continue from (copied). */
  constructor(partials: readonly number[] = []) {
    this.partials = [...partials];
  }

  /** Adds a finite number, exactly. */
  add(x: number): void {
    const partials = this.partials;
    let i = 0;
    for (let p = 0; p < partials.length; p++) {
      let y = partials[p];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }

  /** Adds every value of another sum, exactly. */
  merge(other: ExactSum | readonly number[]): void {
    for (const x of Array.isArray(other) ? other : (other as ExactSum).partials) this.add(x);
  }

  /** The sum, correctly rounded (round half to even), as `math.fsum` returns it. */
  value(): number {
    const partials = this.partials;
    let n = partials.length;
    if (n === 0) return 0;
    let hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way cases: the partials below decide which way the rounding goes.
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}
