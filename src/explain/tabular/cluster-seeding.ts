/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, with scikit-learn's greedy
 * trials): the first centre a uniform draw, each next one the best of 2 + ⌊ln k⌋ points
 * drawn with probability proportional to their distance to the nearest centre so far.
 *
 * @internal
 * @packageDocumentation
 */
import type { SeededRandom } from '../numeric/random.js';

/**
 * Picks `k` distinct points of `n` as initial centres.
 *
 * @param distance - the dissimilarity of points `i` and `c` (squared Euclidean for k-means,
 *   Huang's mixed cost for k-prototypes); 0 for identical points.
 * @returns the chosen points' indices, in the order chosen. Fewer than `k` when fewer
 *   than `k` points are distinct (every remaining point is at distance 0).
 */
export function seedCentres(n: number, k: number, distance: (i: number, c: number) => number, random: SeededRandom): number[] {
  const chosen = [random.nextBelow(n)];
  const closest = new Float64Array(n);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = distance(i, chosen[0]);
    potential += closest[i];
  }
  const trials = 2 + Math.floor(Math.log(k));
  const candidateDistance = new Float64Array(n);
  const bestDistance = new Float64Array(n);
  while (chosen.length < k && potential > 0) {
    let bestPotential = Number.POSITIVE_INFINITY;
    let best = -1;
    for (let t = 0; t < trials; t++) {
      const candidate = drawProportional(closest, potential, random);
      let candidatePotential = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.min(closest[i], distance(i, candidate));
        candidateDistance[i] = d;
        candidatePotential += d;
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential;
        best = candidate;
        bestDistance.set(candidateDistance);
      }
    }
    chosen.push(best);
    closest.set(bestDistance);
    potential = bestPotential;
  }
  return chosen;
}

/** A point drawn with probability weights[i] / total (a point of weight 0 is never drawn). */
function drawProportional(weights: Float64Array, total: number, random: SeededRandom): number {
  let target = random.nextFloat() * total;
  let last = -1;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] <= 0) continue;
    last = i;
    target -= weights[i];
    if (target < 0) return i;
  }
  return last; // rounding left a sliver: the last point of positive weight
}
