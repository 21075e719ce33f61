/**
 * Reads an `analysis.json` as Python's `json.load` does: besides JSON, the bare tokens
 * `NaN`, `Infinity` and `-Infinity` that Python's `json.dump` writes (and the engine
 * writes for a NaN bias metric), which `JSON.parse` refuses.
 *
 * @packageDocumentation
 */

// A private-use prefix that no real string of a document starts with: marks the
// bare tokens between the rewrite and the reviver.
const MARK = '\u{F0000}pynumber:';
const TOKEN = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN|[^"IN-]+|[\s\S]/gy;
const VALUES: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

/**
 * Parses JSON text that may hold bare `NaN` / `Infinity` / `-Infinity` tokens (outside
 * strings), returning them as numbers.
 *
 * @throws SyntaxError as `JSON.parse` does, when the text is not such JSON.
 */
export function parseAnalysisJson(text: string): unknown {
  let rewritten = '';
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match !== null; match = TOKEN.exec(text)) {
    const token = match[0];
    rewritten += Object.hasOwn(VALUES, token) ? JSON.stringify(MARK + token) : token;
  }
  return JSON.parse(rewritten, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) ? VALUES[value.slice(MARK.length)] : value,
  );
}
