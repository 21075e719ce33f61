/**
 * Reads the predictions of a request's records from the response body, per Clarify's
 * `accept_type`, `label` and `probability`:
 * - `text/csv`: one line a record; `label` and `probability` are column indexes. A single
 *   line with one value per record (`'0.6,0.3'` for two records) is one value a record.
 * - `application/jsonlines`: one JSON line a record; `label` and `probability` are JMESPath
 *   expressions evaluated on each line (`score`, `predicted_label`).
 * - `application/json`: one JSON document; `label` and `probability` are JMESPath
 *   expressions evaluated on the whole of it, giving one entry per record
 *   (`predictions[*].score`, `[*].probabilities`). Without them the document is the list of
 *   records' outputs.
 *
 * An integer `label` or `probability` with a JSON answer indexes each record's output
 * (a list). The rows (lines, entries) of a response must match the records of its request.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../../errors.js';
import { compileJmesPath, jmesPathGetter } from '../../data/jmes-path.js';
import { type CsvResponseValue, parseCsvResponse } from './csv-response.js';
import { type RecordValues, ResponseFormatError, predictionFromValues } from './prediction-values.js';
import { TABULAR_CONTENT_TYPES, type TabularContentType } from './request-format.js';
import type { TabularPrediction } from './tabular-model.js';

/** What decides how a response is read. */
export interface TabularResponseOptions {
  /**
   * The format of the answers (Clarify's `accept_type`).
   * @default the request's content type
   */
  readonly acceptType?: TabularContentType;
  /**
   * Where the predicted label is (Clarify's `label`): a zero-based column index for CSV
   * answers, a JMESPath expression for JSON ones.
   * @default undefined (no label is read)
   */
  readonly label?: string | number;
  /**
   * Where the probabilities or scores are (Clarify's `probability`): a column index for
   * CSV answers, a JMESPath expression for JSON ones.
   * @default undefined (no scores are read, unless `label` is also unset: then the whole answer is the scores)
   */
  readonly probability?: string | number;
}

/** The names validation errors give the options. @internal */
export interface ResponseFieldNames {
  readonly acceptType: string;
  readonly label: string;
  readonly probability: string;
}

/** Option names as they are. @internal */
export const RESPONSE_OPTION_FIELDS: ResponseFieldNames = { acceptType: 'acceptType', label: 'label', probability: 'probability' };

/**
 * Reads the predictions of `count` records from a body; `first` is the index of the first
 * among the rows of the call, for messages. @internal
 */
export type TabularResponseReader = (body: Uint8Array, count: number, first?: number) => TabularPrediction[];

type Selector = { readonly text: string; readonly get: (output: unknown) => unknown; readonly expression?: string; readonly index?: number };

function selector(value: string | number | undefined, field: string, accept: TabularContentType): Selector | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError(field, value, 'a zero-based column index, or a JMESPath expression for JSON answers');
    return {
      text: String(value),
      index: value,
      // A JSON answer that is a bare value (`0.6`) is its own column 0.
      get: (output) => (Array.isArray(output) ? output[value] : value === 0 ? output : undefined),
    };
  }
  if (accept === 'text/csv') throw new ValidationError(field, value, 'a zero-based column index (text/csv answers are read by column)');
  if (typeof value !== 'string' || value === '') throw new ValidationError(field, value, 'a JMESPath expression or a zero-based index');
  try {
    compileJmesPath(value);
  } catch (err) {
    throw new ValidationError(field, value, 'a JMESPath expression', err instanceof Error ? err.message : String(err));
  }
  const get = jmesPathGetter(value);
  return { text: `'${value}'`, expression: value, get: (output) => get(output) ?? undefined };
}

/**
 * Checks the options and returns the reader.
 * @throws {@link ValidationError} naming the option (as `fields` spells it).
 * @internal
 */
export function tabularResponseReader(
  options: TabularResponseOptions,
  contentType: TabularContentType,
  fields: ResponseFieldNames = RESPONSE_OPTION_FIELDS,
): TabularResponseReader {
  const accept = options.acceptType ?? contentType;
  if (!TABULAR_CONTENT_TYPES.includes(accept)) throw new ValidationError(fields.acceptType, accept, TABULAR_CONTENT_TYPES.map((t) => `'${t}'`).join(', '));
  const label = selector(options.label, fields.label, accept);
  const probability = selector(options.probability, fields.probability, accept);
  const what = { ...(label ? { label: label.text } : {}), ...(probability ? { probability: probability.text } : {}) };
  /** `output` is what the selectors read (a CSV row, a JSON line); `whole` what stands for the record without them. */
  const valuesOf = (output: unknown, whole: unknown = output): RecordValues => ({
    ...(label ? { label: label.get(output) } : {}),
    ...(probability ? { probability: probability.get(output) } : {}),
    whole,
  });
  const decode = (body: Uint8Array) => new TextDecoder().decode(body);
  if (accept === 'text/csv') {
    return (body, count, first = 0) =>
      csvRows(parseCsvResponse(decode(body)), count, label, probability).map((row, i) =>
        predictionFromValues(valuesOf(row, row.length === 1 ? row[0] : row), first + i, what),
      );
  }
  if (accept === 'application/jsonlines') {
    return (body, count, first = 0) => {
      const lines = decode(body).split(/\r?\n/).filter((line) => line.trim() !== '');
      if (lines.length !== count) throw new ResponseFormatError(`${lines.length} JSON lines for ${count} records`);
      return lines.map((line, i) => predictionFromValues(valuesOf(parseJson(line, first + i)), first + i, what));
    };
  }
  return (body, count, first = 0) => {
    const document = parseJson(decode(body));
    const column = (s: Selector | undefined, name: string): unknown[] | undefined => {
      if (s === undefined) return undefined;
      if (s.expression !== undefined) return asRecords(s.get(document), count, `${name} ${s.text}`);
      return asRecords(document, count, 'the answer').map((output) => s.get(output));
    };
    const labels = column(label, 'label');
    const scores = column(probability, 'probability');
    const wholes = label === undefined && probability === undefined ? asRecords(document, count, 'the answer') : undefined;
    return Array.from({ length: count }, (_, i) =>
      predictionFromValues(
        { ...(labels ? { label: labels[i] } : {}), ...(scores ? { probability: scores[i] } : {}), ...(wholes ? { whole: wholes[i] } : {}) },
        first + i,
        what,
      ),
    );
  };
}

/** Parses a body, or the line of record `record`. */
function parseJson(text: string, record?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const start = text.length > 80 ? `${text.slice(0, 80)}...` : text;
    const what = record === undefined ? 'a body' : `for record ${record} a line`;
    throw new ResponseFormatError(`${what} that is not JSON: ${start} (${err instanceof Error ? err.message : String(err)})`, record);
  }
}

/**
 * What an expression found for `count` records: a list of `count` entries. For a single
 * record anything else (a number, an object, a list of scores) is that record's.
 */
function asRecords(value: unknown, count: number, what: string): unknown[] {
  if (Array.isArray(value) && value.length === count) return value;
  if (count === 1 && value !== undefined && value !== null) return [value];
  const found = Array.isArray(value) ? `a list of ${value.length}` : value === undefined || value === null ? 'nothing' : typeof value;
  throw new ResponseFormatError(`${found} at ${what}; expected a list with one entry per record (${count})`);
}

/** The CSV rows of `count` records; one line of `count` values is one value a record. */
function csvRows(rows: CsvResponseValue[][], count: number, label: Selector | undefined, probability: Selector | undefined): CsvResponseValue[][] {
  if (rows.length === count) return rows;
  const firstColumnOnly = (label?.index ?? 0) === 0 && (probability?.index ?? 0) === 0;
  if (rows.length === 1 && count > 1 && rows[0].length === count && firstColumnOnly) return rows[0].map((v) => [v]);
  throw new ResponseFormatError(`${rows.length} CSV lines for ${count} records`);
}
