/**
 * Turns a `pattern` trait of an AWS API model into a JavaScript RegExp.
 *
 * The services compile these as Java regular expressions and test them with
 * `Matcher.matches()`, i.e. against the whole value: `my_job` fails
 * `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` on the real service even though a prefix
 * matches. So every pattern is wrapped in `^(?:…)$`.
 */

const compiled = new Map<string, RegExp | null>();

/**
 * The whole-value RegExp for a model pattern, or `null` for the few Java-only
 * patterns JavaScript cannot compile (such values are not pattern-checked).
 */
export function modelPattern(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex !== undefined) return regex;
  regex = null;
  // `u` first: Java's \p{L} classes need it. Some patterns escape characters
  // that the `u` flag forbids escaping (`\_`), which Java and non-`u` JS allow.
  for (const flags of ['u', '']) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      continue; // try the next dialect; null means "cannot check"
    }
  }
  compiled.set(pattern, regex);
  return regex;
}
