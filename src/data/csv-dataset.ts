/**
 * A `text/csv` dataset as pandas' `read_csv` reads it with its defaults, then `dropna()`
 * (fixtures README, assumptions A1-A3):
 * - with `headers` in the config the files have no header row and `headers` names the
 *   columns; without it each file's first row is its header (all files must have the same);
 * - a row with fewer fields than columns has missing cells; a row with more fails the run
 *   (pandas: "Expected N fields in line L, saw M");
 * - dtypes and values as `pandas-text.ts` and `column-profiler.ts` say;
 * - a row with a missing value in any column is dropped (counted in `rowsRead`, not `rows`).
 *
 * @packageDocumentation
 */
import { ValidationError, throwIfAborted } from '../errors.js';
import type { TableBatch, TableProfile } from '../table/table.js';
import { type CellReading, TextColumnProfiler, type TextColumnResult, dtypeOf, flat } from './column-profiler.js';
import { type CsvBlock, csvBlocks } from './csv-records.js';
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
import { isNaSpan, pandasHeaderNames, parseBoolSpan, parseFloat64RoundTrip, parseFloat64Span, parseInt64Span } from './pandas-text.js';
import { tableRoles } from './roles.js';

/** A block of one file's records, used from record `from` on (after a header row). */
interface FileBlock {
  readonly file: DatasetFile;
  readonly block: CsvBlock;
  readonly from: number;
}

/** A CSV dataset (see the module's description). */
export class CsvDataset implements Dataset {
  private readonly states = new WeakMap<TableProfile, ReadingState & { readonly keepNa: readonly boolean[] }>();
  private names: readonly string[] | undefined;

  constructor(
    readonly settings: DatasetSettings,
    readonly files: readonly DatasetFile[],
    private readonly options: ResolvedDatasetOptions,
  ) {
    if (settings.headers !== undefined) this.names = settings.headers;
  }

  async profile(signal?: AbortSignal, options?: ProfileOptions): Promise<DatasetProfile> {
    let keepNa = new Set<number>();
    let byText = new Set<number>();
    for (;;) {
      const pass = await this.pass(keepNa, byText, options, signal);
      const uint64 = pass.results.find((r, i) => r.uint64 !== undefined && pass.profiled.has(i));
      if (uint64 !== undefined) {
        throw new ValidationError(`${this.files[0]!.uri} column ${JSON.stringify(uint64.profile.name)}`, uint64.uint64,
          'integers within the int64 range', 'pandas reads this column as uint64, which the engine does not support');
      }
      // Rare cases take one more pass: a column pandas re-reads without missing-value detection
      // (an int64 overflow) keeps the rows it had dropped, so its NA strings become text; a
      // column that mixes numbers and text has its distinct values counted by text.
      const moreKeepNa = pass.results.flatMap((r, i) => (r.reading === 'string-keep-na' && !keepNa.has(i) && r.missingCells > 0 ? [i] : []));
      const moreByText = pass.results.flatMap((r, i) => (r.textLost && !byText.has(i) ? [i] : []));
      if (moreKeepNa.length > 0 || moreByText.length > 0) {
        keepNa = new Set([...keepNa, ...moreKeepNa]);
        byText = new Set([...byText, ...moreByText, ...moreKeepNa]);
        continue;
      }
      const names = pass.names;
      const readings = pass.results.map((r, i) => (!pass.profiled.has(i) ? undefined : keepNa.has(i) ? 'string-keep-na' : r.reading));
      const profile: DatasetProfile = {
        columns: pass.results.flatMap((r, i) => (pass.profiled.has(i) ? [r.profile] : [])),
        rows: pass.rows,
        rowsRead: pass.rowsRead,
        roles: tableRoles(this.settings, names),
      };
      this.states.set(profile, { names, readings, keepNa: names.map((_, i) => keepNa.has(i)) });
      return profile;
    }
  }

  private async pass(keepNa: ReadonlySet<number>, byText: ReadonlySet<number>, options: ProfileOptions | undefined, signal: AbortSignal | undefined) {
    const { distinctLimit, floatPrecision } = this.options;
    let profiled: ReadonlySet<number> = new Set();
    const profiler = (name: string, i: number) => new TextColumnProfiler(name, distinctLimit, floatPrecision, byText.has(i), !profiled.has(i));
    let profilers: TextColumnProfiler[] | undefined;
    let keep: boolean[] = [];
    let rows = 0;
    let rowsRead = 0;
    for await (const { file, block, from } of this.blocks(signal)) {
      if (profilers === undefined) {
        // Names are known once the first file's header is read: check the config's references first.
        tableRoles(this.settings, this.names!);
        profiled = profiledColumns(this.names!, options);
        profilers = this.names!.map(profiler);
        keep = this.names!.map((_, i) => keepNa.has(i));
      }
      const n = profilers.length;
      const { text, offsets, starts, ends } = block;
      for (let r = from; r < block.records; r++) {
        const first = offsets[r]!;
        const length = offsets[r + 1]! - first;
        if (length > n) throw tooManyFields(file, block.firstRecord + r, length, n);
        rowsRead++;
        let kept = length === n;
        if (kept) {
          for (let c = 0; c < n; c++) {
            if (!keep[c] && isNaSpan(text, starts[first + c]!, ends[first + c]!)) {
              kept = false;
              break;
            }
          }
        }
        if (kept) {
          rows++;
          for (let c = 0; c < n; c++) profilers[c]!.span(text, starts[first + c]!, ends[first + c]!, true);
          continue;
        }
        for (let c = 0; c < n; c++) {
          if (c >= length) {
            profilers[c]!.missingCell();
            continue;
          }
          const start = starts[first + c]!;
          const end = ends[first + c]!;
          if (!keep[c] && isNaSpan(text, start, end)) profilers[c]!.missingCell();
          else profilers[c]!.span(text, start, end, false);
        }
      }
    }
    if (profilers === undefined) {
      if (this.names === undefined) {
        throw new ValidationError('dataset', this.files.map((f) => f.uri), 'CSV files with a header row (no headers in the config)', 'every file is empty');
      }
      tableRoles(this.settings, this.names);
      profiled = profiledColumns(this.names, options);
      profilers = this.names.map(profiler);
    }
    const results: TextColumnResult[] = profilers.map((p, i) => p.result(keepNa.has(i)));
    return { names: this.names!, results, rows, rowsRead, profiled };
  }

  async *batches(profile: TableProfile, columns?: readonly string[], signal?: AbortSignal): AsyncGenerator<TableBatch> {
    const names = this.names ?? (await this.readNames(signal));
    const readings = readingsFor(this.states.get(profile), profile, names);
    const wanted = selectColumns(names, columns, readings);
    const wantedNames = wanted.map((i) => names[i]!);
    const dtypes = wanted.map((i) => dtypeOf(readings[i]!));
    const kinds = wanted.map((i) => readings[i]!);
    const keep = this.states.get(profile)?.keepNa ?? readings.map((r) => r === 'string-keep-na');
    const high = this.options.floatPrecision === 'high';
    const n = names.length;
    const w = wanted.length;
    let builder = new BatchBuilder(wantedNames, dtypes, this.options.batchRows);
    for await (const { file, block, from } of this.blocks(signal)) {
      const { text, offsets, starts, ends } = block;
      for (let r = from; r < block.records; r++) {
        const first = offsets[r]!;
        const length = offsets[r + 1]! - first;
        if (length > n) throw tooManyFields(file, block.firstRecord + r, length, n);
        if (length < n) continue;
        let kept = true;
        for (let c = 0; c < n; c++) {
          if (!keep[c] && isNaSpan(text, starts[first + c]!, ends[first + c]!)) {
            kept = false;
            break;
          }
        }
        if (!kept) continue;
        for (let k = 0; k < w; k++) {
          const field = first + wanted[k]!;
          setCell(builder, k, kinds[k]!, text, starts[field]!, ends[field]!, high, file, wantedNames[k]!);
        }
        builder.rows++;
        if (builder.full) {
          yield builder.build();
          builder = new BatchBuilder(wantedNames, dtypes, this.options.batchRows);
        }
      }
    }
    if (builder.rows > 0) yield builder.build();
  }

  /** The column names, when `batches` comes before `profile` (the first file's header). */
  private async readNames(signal: AbortSignal | undefined): Promise<readonly string[]> {
    for await (const _ of this.blocks(signal)) break;
    if (this.names === undefined) {
      throw new ValidationError('dataset', this.files.map((f) => f.uri), 'CSV files with a header row (no headers in the config)', 'every file is empty');
    }
    return this.names;
  }

  /**
   * The record blocks of every file in order, from record `from` of each block: each file's
   * header row is checked (against the first file's) and skipped.
   */
  private async *blocks(signal: AbortSignal | undefined): AsyncGenerator<FileBlock> {
    const headerless = this.settings.headers !== undefined;
    let firstHeader: { file: DatasetFile; row: readonly string[] } | undefined;
    for (const file of this.files) {
      throwIfAborted(signal);
      let header = headerless;
      for await (const block of csvBlocks(file.stream(signal), file.uri, signal)) {
        if (header) {
          yield { file, block, from: 0 };
          continue;
        }
        const row: string[] = [];
        for (let f = block.offsets[0]!; f < block.offsets[1]!; f++) row.push(flat(block.text.slice(block.starts[f]!, block.ends[f]!)));
        if (firstHeader === undefined) {
          firstHeader = { file, row };
          this.names ??= pandasHeaderNames(row);
        } else if (row.length !== firstHeader.row.length || row.some((name, i) => name !== firstHeader!.row[i])) {
          throw new ValidationError(`${file.uri} header row`, row.join(','),
            `the header row of ${firstHeader.file.uri}: ${firstHeader.row.join(',')}`, 'every file of a dataset has the same columns');
        }
        header = true;
        if (block.records > 1) yield { file, block, from: 1 };
      }
    }
  }
}

function setCell(
  builder: BatchBuilder,
  k: number,
  kind: CellReading,
  text: string,
  start: number,
  end: number,
  high: boolean,
  file: DatasetFile,
  name: string,
): void {
  switch (kind) {
    case 'int':
    case 'int-as-float': {
      const value = parseInt64Span(text, start, end);
      if (value !== value || value === Number.POSITIVE_INFINITY) throw changedSinceProfile(file.uri, name, text.slice(start, end));
      builder.setNumber(k, value);
      return;
    }
    case 'float': {
      const value = high ? parseFloat64Span(text, start, end) : parseFloat64RoundTrip(text, start, end);
      if (value !== value) throw changedSinceProfile(file.uri, name, text.slice(start, end));
      builder.setNumber(k, value);
      return;
    }
    case 'bool': {
      const value = parseBoolSpan(text, start, end);
      if (value < 0) throw changedSinceProfile(file.uri, name, text.slice(start, end));
      builder.setBool(k, value === 1);
      return;
    }
    case 'bool-as-object': {
      const value = parseBoolSpan(text, start, end);
      if (value < 0) throw changedSinceProfile(file.uri, name, text.slice(start, end));
      builder.setObject(k, value === 1);
      return;
    }
    default:
      builder.setObject(k, flat(text.slice(start, end)));
  }
}

function tooManyFields(file: DatasetFile, record: number, fields: number, columns: number): ValidationError {
  return new ValidationError(`${file.uri} record ${record}`, `${fields} fields`, `at most ${columns} fields, one per column`,
    'pandas: "Error tokenizing data. C error: Expected ' + `${columns} fields, saw ${fields}"; blank lines are not counted in the record number`);
}
