/**
 * An `application/jsonlines` dataset: one JSON value per line (blank lines skipped). On each
 * line the config's `features` expression (JMESPath) finds the feature array, and `label` and
 * `predicted_label` (JMESPath) the label and the prediction. The columns are named as the
 * docs' convention and the fixtures README (A2) say: `headers` lists the feature names, then
 * the label's, then the predicted label's. Without `headers` the features are `column_0`,
 * `column_1`, … (Clarify's placeholder names) and the label and predicted-label columns are
 * named by their expressions.
 *
 * Values keep their JSON types as Python's `json` reads them: an integer literal is an int,
 * a literal with a `.` or an exponent a float (`27157.0` too), strings and booleans as they
 * are, `null` (or nothing found) missing. Columns are typed as pandas' DataFrame constructor
 * types such values (see `TypedColumnProfiler`), and rows with a missing value are dropped.
 *
 * A line that is not JSON, a feature array of another length than the first line's, or a
 * value that is an object or an array fails the run, naming the file and line.
 *
 * @packageDocumentation
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import { PyFloat } from '../python/float.js';
import { parsePythonJson } from '../python/json-load.js';
import type { TableBatch, TableProfile } from '../table/table.js';
import { type CellReading, TypedColumnProfiler, type TypedCell, dtypeOf } from './column-profiler.js';
import type { DatasetSettings } from './dataset-config.js';
import type { DatasetFile } from './dataset-files.js';
import {
  BatchBuilder,
  type Dataset,
  type DatasetProfile,
  type ProfileOptions,
  type ReadingState,
  type ResolvedDatasetOptions,
  changedSinceProfile,
  profiledColumns,
  readingsFor,
  selectColumns,
} from './dataset.js';
import { jmesPathGetter } from './jmes-path.js';
import { tableRoles } from './roles.js';

/** Rows of one stretch of a file: each row's cells (`null`: missing) and its line number. */
interface Rows {
  readonly file: DatasetFile;
  readonly rows: readonly (readonly (TypedCell | null)[])[];
}

// A float literal whose value is integral (`27157.0`, `1e5`, `1.5e3`), which JSON.parse cannot
// tell from an int. Matching text elsewhere (inside a string) only costs the slower exact parse.
const INTEGRAL_FLOAT = /[0-9][eE][-+]?[0-9]|\.0+(?![0-9])/;
const BLANK = /^[ \t\r]*$/;
const INT64_LIMIT = 2 ** 63;

/** A JSON Lines dataset (see the module's description). */
export class JsonLinesDataset implements Dataset {
  private readonly states = new WeakMap<TableProfile, ReadingState>();
  private readonly features: (record: unknown) => unknown;
  private readonly label: ((record: unknown) => unknown) | undefined;
  private readonly predicted: ((record: unknown) => unknown) | undefined;
  /** Features per line, fixed by the first line. */
  private width: number | undefined;
  private names: readonly string[] | undefined;

  constructor(
    readonly settings: DatasetSettings,
    readonly files: readonly DatasetFile[],
    private readonly options: ResolvedDatasetOptions,
  ) {
    this.features = jmesPathGetter(settings.features!);
    this.label = settings.label === undefined ? undefined : jmesPathGetter(String(settings.label));
    this.predicted = settings.predictedLabel === undefined ? undefined : jmesPathGetter(String(settings.predictedLabel));
  }

  async profile(signal?: AbortSignal, options?: ProfileOptions): Promise<DatasetProfile> {
    const { distinctLimit } = this.options;
    let profilers: TypedColumnProfiler[] | undefined;
    let rows = 0;
    let rowsRead = 0;
    for await (const chunk of this.rows(signal)) {
      if (profilers === undefined) {
        // Names are known from the first line on: check the references before reading on.
        this.roles(this.names!);
        profiledColumns(this.names!, options);
        profilers = this.names!.map((name) => new TypedColumnProfiler(name, distinctLimit));
      }
      const n = profilers.length;
      for (const row of chunk.rows) {
        rowsRead++;
        let kept = true;
        for (let c = 0; c < n; c++) {
          if (row[c] === null) {
            kept = false;
            break;
          }
        }
        if (kept) rows++;
        for (let c = 0; c < n; c++) {
          const cell = row[c]!;
          if (cell === null) profilers[c]!.missingCell();
          else profilers[c]!.cell(cell, kept);
        }
      }
    }
    if (profilers === undefined) {
      throw new ValidationError('dataset', this.files.map((f) => f.uri), 'JSON Lines files with at least one record', 'every file is empty');
    }
    const results = profilers.map((p) => p.result());
    const names = this.names!;
    const roles = this.roles(names);
    const profiled = profiledColumns(names, options);
    const profile: DatasetProfile = {
      columns: results.flatMap((r, i) => (profiled.has(i) ? [r.profile] : [])),
      rows,
      rowsRead,
      roles,
    };
    this.states.set(profile, { names, readings: results.map((r, i) => (profiled.has(i) ? r.reading : undefined)) });
    return profile;
  }

  async *batches(profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncGenerator<TableBatch> {
    let names = this.names;
    let builder: BatchBuilder | undefined;
    let wanted: number[] = [];
    let wantedNames: string[] = [];
    let readings: readonly (CellReading | undefined)[] = [];
    const start = (known: readonly string[]) => {
      readings = readingsFor(this.states.get(profile), profile, known);
      wanted = selectColumns(known, columns, readings);
      wantedNames = wanted.map((i) => known[i]!);
      return new BatchBuilder(wantedNames, wanted.map((i) => dtypeOf(readings[i]!)), this.options.batchRows);
    };
    if (names !== undefined) builder = start(names);
    for await (const chunk of this.rows(signal)) {
      names ??= this.names!;
      builder ??= start(names);
      for (const row of chunk.rows) {
        if (row.some((cell) => cell === null)) continue;
        for (let k = 0; k < wanted.length; k++) {
          const column = wanted[k]!;
          setCell(builder, k, readings[column]!, row[column]!, chunk.file, wantedNames[k]!);
        }
        builder.rows++;
        if (builder.full) {
          yield builder.build();
          builder = start(names);
        }
      }
    }
    if (builder !== undefined && builder.rows > 0) yield builder.build();
  }

  private roles(names: readonly string[]) {
    const k = this.width!;
    const label = this.label === undefined ? undefined : names[k]!;
    const predictedLabel = this.predicted === undefined ? undefined : names[k + (label === undefined ? 0 : 1)]!;
    return tableRoles(this.settings, names, {
      ...(label !== undefined ? { label } : {}),
      ...(predictedLabel !== undefined ? { predictedLabel } : {}),
    });
  }

  /** Column names once the feature count is known, checked against `headers`. */
  private name(width: number, file: DatasetFile): readonly string[] {
    const { headers, label, predictedLabel } = this.settings;
    const extra = (label !== undefined ? 1 : 0) + (predictedLabel !== undefined ? 1 : 0);
    if (headers !== undefined) {
      if (headers.length !== width + extra) {
        throw new ValidationError('$.headers', headers,
          `${width + extra} names: the ${width} features' (the feature array of ${file.uri}'s first line has ${width} values)` +
          `${label !== undefined ? ", then the label's" : ''}${predictedLabel !== undefined ? ", then the predicted label's" : ''}`);
      }
      return headers;
    }
    const names = Array.from({ length: width }, (_, i) => `column_${i}`);
    if (label !== undefined) names.push(String(label));
    if (predictedLabel !== undefined) names.push(String(predictedLabel));
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined) {
      throw new ValidationError('$.headers', undefined, 'column names (the default names collide)', `two columns would be named ${JSON.stringify(duplicate)}`);
    }
    return names;
  }

  /** Every line of every file as a row of cells. */
  private async *rows(signal: AbortSignal | undefined): AsyncGenerator<Rows> {
    for (const file of this.files) {
      throwIfAborted(signal);
      let lineNumber = 0;
      for await (const lines of textLines(file.stream(signal), file.uri)) {
        throwIfAborted(signal);
        const rows: (TypedCell | null)[][] = [];
        for (const line of lines) {
          lineNumber++;
          if (BLANK.test(line)) continue;
          rows.push(this.row(line, file, lineNumber));
        }
        if (rows.length > 0) yield { file, rows };
      }
    }
  }

  private row(line: string, file: DatasetFile, lineNumber: number): (TypedCell | null)[] {
    const where = `${file.uri} line ${lineNumber}`;
    let record: unknown;
    if (INTEGRAL_FLOAT.test(line)) record = parsePythonJson(line, where);
    else {
      try {
        record = JSON.parse(line);
      } catch (err) {
        throw new ValidationError(where, line, 'one JSON value per line', (err as Error).message);
      }
    }
    const features = this.features(record);
    if (!Array.isArray(features)) {
      throw new ValidationError(where, features, `a feature array found by the features expression ${JSON.stringify(this.settings.features)}`);
    }
    if (this.width === undefined) {
      this.width = features.length;
      this.names = this.name(features.length, file);
    } else if (features.length !== this.width) {
      throw new ValidationError(where, `a feature array of ${features.length} values`, `${this.width} values, as on the dataset's first line`);
    }
    const row: (TypedCell | null)[] = features.map((value, i) => cellOf(value, where, this.names![i]!));
    if (this.label !== undefined) row.push(cellOf(this.label(record), where, this.names![row.length]!));
    if (this.predicted !== undefined) row.push(cellOf(this.predicted(record), where, this.names![row.length]!));
    return row;
  }
}

function cellOf(value: unknown, where: string, column: string): TypedCell | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) >= INT64_LIMIT) {
      throw new ValidationError(`${where} column ${JSON.stringify(column)}`, value, 'an integer within the int64 range',
        'pandas would hold it as a Python int in an object or uint64 column, which the engine does not support');
    }
    return value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof PyFloat) return value;
  throw new ValidationError(`${where} column ${JSON.stringify(column)}`, value, 'a number, a string, a boolean or null');
}

function setCell(builder: BatchBuilder, k: number, reading: CellReading, cell: TypedCell, file: DatasetFile, name: string): void {
  switch (reading) {
    case 'int':
    case 'int-as-float':
    case 'float': {
      // A plain number is an int literal (a Python int has no -0) or a non-integral float.
      const value = typeof cell === 'number' ? cell + 0 : cell instanceof PyFloat ? cell.value : Number.NaN;
      if (value !== value) throw changedSinceProfile(file.uri, name, cell);
      builder.setNumber(k, value);
      return;
    }
    case 'bool':
      if (typeof cell !== 'boolean') throw changedSinceProfile(file.uri, name, cell);
      builder.setBool(k, cell);
      return;
    default:
      builder.setObject(k, cell instanceof PyFloat ? cell.value : cell);
  }
}

/** The lines of UTF-8 bytes in batches (`\n` or `\r\n` ends; a BOM dropped). */
async function* textLines(bytes: AsyncIterable<Uint8Array>, uri: string): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  try {
    for await (const chunk of bytes) {
      const text = rest + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      rest = lines.pop()!;
      if (lines.length > 0) yield lines;
    }
    rest += decoder.decode();
  } catch (err) {
    if (err instanceof TypeError) throw new ValidationError(uri, '(its bytes)', 'UTF-8 text', err.message);
    throw err;
  }
  if (rest.length > 0) yield [rest];
}
