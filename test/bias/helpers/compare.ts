/**
 * Compares bias sections as the acceptance check does: label and label string exactly;
 * per (facet, value_or_threshold, metric): numbers within 1e-9 relative or 1e-12
 * absolute, Infinity/-Infinity/NaN in kind, an expected error as `null` + a message; no
 * extra sections, facets, entries or metrics. Returns the differences (empty when equal).
 */
type Json = Record<string, unknown>;

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === 'Infinity' || value === Infinity) return 'Infinity';
  if (value === '-Infinity' || value === -Infinity) return '-Infinity';
  if (value === 'NaN' || (typeof value === 'number' && Number.isNaN(value))) return 'NaN';
  return typeof value;
}

export function closeEnough(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(1e-12, 1e-9 * Math.abs(expected));
}

export function compareSections(actual: Json, expected: Json): string[] {
  const diffs: string[] = [];
  for (const section of ['pre_training_bias_metrics', 'post_training_bias_metrics']) {
    const e = expected[section] as Json | undefined;
    const a = actual[section] as Json | undefined;
    if (e === undefined) {
      if (a !== undefined) diffs.push(`${section}: not expected`);
      continue;
    }
    if (a === undefined) {
      diffs.push(`${section}: missing`);
      continue;
    }
    if (a.label !== e.label) diffs.push(`${section}.label: ${String(a.label)} != ${String(e.label)}`);
    if (a.label_value_or_threshold !== e.label_value_or_threshold) {
      diffs.push(`${section}.label_value_or_threshold: ${JSON.stringify(a.label_value_or_threshold)} != ${JSON.stringify(e.label_value_or_threshold)}`);
    }
    const ef = e.facets as Record<string, Json[]>;
    const af = (a.facets ?? {}) as Record<string, Json[]>;
    for (const name of new Set([...Object.keys(ef), ...Object.keys(af)])) {
      const eEntries = ef[name];
      const aEntries = af[name];
      if (eEntries === undefined || aEntries === undefined) {
        diffs.push(`${section}.facets.${name}: ${eEntries === undefined ? 'not expected' : 'missing'}`);
        continue;
      }
      const key = (entry: Json): string => String(entry.value_or_threshold);
      const eMap = new Map(eEntries.map((x) => [key(x), x]));
      const aMap = new Map(aEntries.map((x) => [key(x), x]));
      for (const v of new Set([...eMap.keys(), ...aMap.keys()])) {
        const ee = eMap.get(v);
        const ae = aMap.get(v);
        const where = `${section}.${name}[${JSON.stringify(v)}]`;
        if (ee === undefined || ae === undefined) {
          diffs.push(`${where}: ${ee === undefined ? 'not expected' : 'missing'}`);
          continue;
        }
        const em = new Map((ee.metrics as Json[]).map((m) => [m.name as string, m]));
        const am = new Map((ae.metrics as Json[]).map((m) => [m.name as string, m]));
        for (const metric of new Set([...em.keys(), ...am.keys()])) {
          const x = em.get(metric);
          const y = am.get(metric);
          if (x === undefined || y === undefined) {
            diffs.push(`${where}.${metric}: ${x === undefined ? 'not expected' : 'missing'}`);
            continue;
          }
          if (x.error !== undefined) {
            if (y.value !== null || typeof y.error !== 'string' || y.error === '') {
              diffs.push(`${where}.${metric}: expected an error (${String(x.error)}), got ${JSON.stringify(y)}`);
            }
            continue;
          }
          const kx = kindOf(x.value);
          const ky = kindOf(y.value);
          if (kx !== ky) diffs.push(`${where}.${metric}: ${JSON.stringify(y.value)} (${ky}) != ${JSON.stringify(x.value)} (${kx})${y.error !== undefined ? ` error: ${String(y.error)}` : ''}`);
          else if (kx === 'number' && !closeEnough(y.value as number, x.value as number)) {
            diffs.push(`${where}.${metric}: ${String(y.value)} != ${String(x.value)}`);
          }
        }
      }
    }
  }
  return diffs;
}
