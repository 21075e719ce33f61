/**
 * Merges the parts of a tabular run over several hosts into what one host writes:
 * `analysis.json` (the bias metrics and PDP of the first host, global SHAP values merged
 * exactly from every host's sums or local values, and their standard errors from every
 * host's sums of squared terms), `explanations_shap/out.csv` (every
 * host's lines in the dataset's order), `explanations_shap/out_standard_errors.csv`
 * likewise when some value is not 0, and the reports.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { type ShapAggregate, finishShapAggregate, mergeShapAggregates } from '../explain/tabular/shap-aggregate.js';
import { ExactSum } from '../explain/tabular/exact-sum.js';
import { globalShapStandardErrorsSection, kernelShapSection } from '../analysis/tabular-explanations.js';
import { type GlobalShapStandardErrors, type TabularAnalysisDocument, stringifyTabularAnalysis } from '../analysis/tabular-document.js';
import { globalShapErrors } from './tabular-explain.js';
import { parseAnalysisJson } from '../report/bias/parse-analysis-json.js';
import { renderTabularReports } from '../report/bias/write-reports.js';
import { saveReports } from '../report/write-reports.js';
import type { Storage } from '../storage/storage.js';

/** One part as read, with its file name for messages. */
interface Part {
  readonly name: string;
  readonly document: TabularAnalysisDocument;
}

/** Reads and checks the parts named `names` (each `analysis.part-<host>.json`). */
async function readParts(storage: Storage, names: readonly string[], signal: AbortSignal | undefined): Promise<Part[]> {
  const parts: Part[] = [];
  for (const name of names) {
    let document: TabularAnalysisDocument;
    try {
      document = parseAnalysisJson(new TextDecoder().decode(await storage.read(name, signal))) as TabularAnalysisDocument;
    } catch (err) {
      throw new ValidationError(name, '(not JSON)', 'an analysis part written by clarify-ts', (err as Error).message);
    }
    if (document.shard === undefined || typeof document.shard.host !== 'string' || !Array.isArray(document.shard.hosts)) {
      throw new ValidationError(`${name}: shard`, document.shard, 'the part of a tabular run over several hosts: { host, hosts }');
    }
    parts.push({ name, document });
  }
  return parts;
}

/** The lines of a host's `out.part-<host>.csv` after its header, checked against its record list. */
function partLines(part: Part, text: string): { header: string; lines: string[] } {
  const [header = '', ...lines] = text.replace(/\n$/, '').split('\n');
  const records = part.document.shap_records ?? [];
  if (lines.length !== records.length) {
    throw new ValidationError(`${part.name}: shap_records`, records.length, `one record per line of its out.part CSV (${lines.length})`);
  }
  return { header, lines };
}

/**
 * The hosts' `explanations_shap/<name>.part-<host>.csv` as one file, lines in record order;
 * undefined when no host wrote one (the standard errors' file is written only when sampled).
 */
async function mergeLocalCsv(storage: Storage, parts: readonly Part[], name: string, valueCells: number, signal: AbortSignal | undefined): Promise<string | undefined> {
  const byRecord = new Map<number, string>();
  let header: string | undefined;
  for (const part of parts) {
    const file = `explanations_shap/${name}.part-${part.document.shard?.host}.csv`;
    if (part.document.shap_records === undefined || !(await storage.exists(file, signal))) continue;
    const read = partLines(part, new TextDecoder().decode(await storage.read(file, signal)));
    if (header !== undefined && read.header !== header) throw new ValidationError(file, read.header, `the header of the other parts (${header})`);
    header = read.header;
    part.document.shap_records.forEach((record, k) => byRecord.set(record, read.lines[k] as string));
  }
  if (header === undefined) return undefined;
  const lines = [...byRecord.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line);
  // The standard errors' file is kept only when some value is not 0 (some record was sampled).
  // The values are a line's last cells: a join-source cell before them may hold commas.
  if (name === 'out_standard_errors' && !lines.some((line) => line.split(',').slice(-valueCells).some((cell) => Number(cell) !== 0))) return undefined;
  return `${[header, ...lines].join('\n')}\n`;
}

/**
 * The hosts' `shap_error_sums` added up, `[output][feature]` partials; undefined when no host
 * sampled a record (then no standard errors are written).
 */
function mergeErrorSums(parts: readonly Part[], outputs: number, features: number): number[][][] | undefined {
  const withSums = parts.map((p) => ({ name: p.name, sums: p.document.shap_error_sums })).filter((p) => p.sums !== undefined);
  if (withSums.length === 0) return undefined;
  const total = Array.from({ length: outputs }, () => Array.from({ length: features }, () => new ExactSum()));
  for (const { name, sums } of withSums) {
    const ok = Array.isArray(sums) && sums.length === outputs && sums.every((row) => Array.isArray(row) && row.length === features &&
      row.every((partials) => Array.isArray(partials) && partials.every((x) => typeof x === 'number' && Number.isFinite(x))));
    if (!ok) throw new ValidationError(`${name}: shap_error_sums`, '(malformed)', `${outputs} lists of ${features} lists of finite numbers`);
    sums?.forEach((row, d) => row.forEach((partials, j) => total[d]?.[j]?.merge(partials)));
  }
  return total.map((row) => row.map((sum) => sum.partials));
}

/**
 * Merges tabular parts (see the module comment).
 *
 * @throws {@link ValidationError} when a host's part is missing, parts disagree, or a part's files do not match it.
 */
export async function mergeTabularParts(storage: Storage, names: readonly string[], options: { readonly report: boolean; readonly signal?: AbortSignal | undefined }): Promise<TabularAnalysisDocument> {
  const { signal } = options;
  const parts = await readParts(storage, names, signal);
  const hosts = (parts[0] as Part).document.shard?.hosts ?? [];
  const seen = parts.map((p) => p.document.shard?.host ?? '').sort();
  if (JSON.stringify(seen) !== JSON.stringify([...hosts].sort())) {
    throw new ValidationError('output', storage.description, `one part from each host of ${hosts.join(', ')}`, `found parts of ${seen.join(', ')}`);
  }
  const first = parts.find((p) => p.document.shard?.host === hosts[0]) as Part;
  const seeds = new Set(parts.map((p) => p.document.shap_seed));
  if (seeds.size > 1) throw new ValidationError('shap_seed', [...seeds], 'one seed for every host (set methods.shap.seed)');

  let explanations = first.document.explanations;
  let localShapCsv: string | undefined;
  let localErrorsCsv: string | undefined;
  let globalErrors: GlobalShapStandardErrors | undefined;
  const aggregates = parts.map((p) => p.document.shap_aggregate).filter((a): a is ShapAggregate => a !== undefined);
  if (aggregates.length > 0) {
    const withShap = parts.find((p) => p.document.explanations?.kernel_shap !== undefined);
    const shapOf = withShap?.document.explanations?.kernel_shap ?? {};
    const labels = Object.keys(shapOf);
    const featureNames = Object.keys(shapOf[labels[0] as string]?.global_shap_values ?? {});
    const globalShapValues = finishShapAggregate(mergeShapAggregates(aggregates));
    const expectedValue = labels.map((label) => shapOf[label]?.expected_value as number);
    explanations = { ...explanations, kernel_shap: kernelShapSection({ featureNames, labels, globalShapValues, expectedValue }) };
    const count = aggregates.reduce((n, a) => n + a.count, 0);
    const errorSums = mergeErrorSums(parts, labels.length, featureNames.length);
    if (errorSums !== undefined && aggregates[0]?.aggMethod !== 'median' && count > 0) {
      globalErrors = globalShapStandardErrorsSection({ featureNames, labels, standardErrors: globalShapErrors(errorSums, count) });
    }

    const valueCells = labels.length * featureNames.length;
    localShapCsv = await mergeLocalCsv(storage, parts, 'out', valueCells, signal);
    localErrorsCsv = await mergeLocalCsv(storage, parts, 'out_standard_errors', valueCells, signal);
  }
  const {
    shard: _shard, shap_records: _records, shap_aggregate: _aggregate, shap_error_sums: _errorSums,
    global_shap_standard_errors: _errors, shap_seed: shapSeed, ...rest
  } = first.document;
  // Keys in the order a run on one host writes them.
  const merged: TabularAnalysisDocument = {
    ...rest,
    ...(explanations ? { explanations } : {}),
    ...(globalErrors ? { global_shap_standard_errors: globalErrors } : {}),
    ...(shapSeed !== undefined ? { shap_seed: shapSeed } : {}),
  };
  const reports = options.report ? await renderTabularReports(merged) : undefined;
  await storage.write('analysis.json', `${stringifyTabularAnalysis(merged)}\n`, signal);
  if (localShapCsv !== undefined) await storage.write('explanations_shap/out.csv', localShapCsv, signal);
  if (localErrorsCsv !== undefined) await storage.write('explanations_shap/out_standard_errors.csv', localErrorsCsv, signal);
  if (reports) await saveReports(reports, storage, signal);
  return merged;
}
