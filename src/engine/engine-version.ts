/**
 * The engine's version, recorded in every `analysis.json`.
 * @packageDocumentation
 */
import { createRequire } from 'node:module';

const require_ = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

/** `version` of clarify-ts's package.json. */
export const ENGINE_VERSION: string = (() => {
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      const pkg = require_(candidate) as { name?: string; version?: string };
      if (pkg.name === 'clarify-ts' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not at this depth in this build layout; try the next.
    }
  }
  return '0.0.0';
})();
