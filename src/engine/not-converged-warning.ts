/**
 * The warning of a run with `shap.tolerance` / `relative_tolerance` when some images or
 * records reached `num_samples` before their standard errors came within the tolerance.
 *
 * @packageDocumentation
 */

/** What the warning names. */
export interface NotConverged {
  /** Images or records that did not converge, and how many were explained. */
  readonly count: number;
  readonly of: number;
  /** `'images'` or `'records'`. */
  readonly what: string;
  readonly tolerance?: number | undefined;
  readonly relativeTolerance?: number | undefined;
  /** The ceiling as the config states it (a number, or the default's formula). */
  readonly numSamples: number | string;
  /** Where the user finds which ones, e.g. `each has "converged": false in analysis.json`. */
  readonly where: string;
}

/** E.g. `3 of 8 images did not converge: … after num_samples 500 (…); raise num_samples or loosen the tolerance`. */
export function notConvergedWarning(n: NotConverged): string {
  const tolerance = [
    ...(n.tolerance !== undefined ? [`tolerance ${n.tolerance}`] : []),
    ...(n.relativeTolerance !== undefined ? [`relative_tolerance ${n.relativeTolerance}`] : []),
  ].join(' + ');
  return (
    `${n.count} of ${n.of} ${n.what} did not converge: their standard errors were still above ${tolerance} ` +
    `after num_samples ${n.numSamples} (${n.where}); raise num_samples or loosen the tolerance`
  );
}
