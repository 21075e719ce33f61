/**
 * How records become a request body, per Clarify's `content_type`:
 * - `text/csv`: one CSV line a record ({@link csvRecord}), lines joined by `\n`;
 * - `application/jsonlines`: one JSON line a record, `content_template` filled in for
 *   each (`{"features":$features}` → `{"features":[1,2,3]}`), lines joined by `\n`;
 * - `application/json`: `content_template` once, its `$records` a JSON list of the
 *   records (each `record_template` filled in), or its `$record` one record (then every
 *   request carries one record).
 *
 * A body has no trailing line end, as the documentation's examples show
 * (`'1,2,3,4\n5,6,7,8'`).
 *
 * @packageDocumentation
 */
import { ModelError, ValidationError } from '../../errors.js';
import { csvRecord } from './csv-record.js';
import {
  CONTENT_PLACEHOLDERS,
  RECORD_PLACEHOLDERS,
  type TemplatePart,
  compileTemplate,
  jsonArray,
  jsonKeyValuePairs,
  jsonValue,
  placeholdersOf,
} from './json-template.js';
import type { TabularRow } from './tabular-model.js';

/** The request and response formats of a tabular endpoint (Clarify's `content_type`, `accept_type`). */
export type TabularContentType = 'text/csv' | 'application/jsonlines' | 'application/json';

/** The values {@link TabularContentType} allows. */
export const TABULAR_CONTENT_TYPES: readonly TabularContentType[] = ['text/csv', 'application/jsonlines', 'application/json'];

/** What decides the body of a request. */
export interface TabularRequestOptions {
  /**
   * How records are sent (Clarify's `content_type`).
   * @default 'text/csv'
   */
  readonly contentType?: TabularContentType;
  /**
   * The JSON of a JSON Lines record, or of an `application/json` body (Clarify's
   * `content_template`); required for both.
   * @default undefined
   */
  readonly contentTemplate?: string;
  /**
   * The JSON of one record of an `application/json` body (Clarify's `record_template`); required for it.
   * @default undefined
   */
  readonly recordTemplate?: string;
  /**
   * Feature names, in row order: needed by `$feature_names`, `$features_kvp` and `"${name}"`.
   * @default undefined
   */
  readonly featureNames?: readonly string[];
}

/** The names validation errors give the options (camelCase options, or `$.predictor.…` keys). @internal */
export interface RequestFieldNames {
  readonly contentType: string;
  readonly contentTemplate: string;
  readonly recordTemplate: string;
  readonly featureNames: string;
}

/** Option names as they are. @internal */
export const OPTION_FIELDS: RequestFieldNames = {
  contentType: 'contentType',
  contentTemplate: 'contentTemplate',
  recordTemplate: 'recordTemplate',
  featureNames: 'featureNames',
};

/** A resolved request format: records are written one by one, then framed. @internal */
export interface TabularRequestFormat {
  readonly contentType: TabularContentType;
  /** True when a request holds one record (an `application/json` `$record` template). */
  readonly singleRecord: boolean;
  /** The text before the records, between two, and after them. */
  readonly before: string;
  readonly between: string;
  readonly after: string;
  /**
   * One record's text. `index` names it in errors.
   * @throws {@link ModelError} for a row whose length differs from the feature names a template needs.
   */
  record(row: TabularRow, index: number): string;
}

/**
 * Checks the options and compiles the templates once.
 * @throws {@link ValidationError} naming the option (as `fields` spells it).
 * @internal
 */
export function tabularRequestFormat(options: TabularRequestOptions, fields: RequestFieldNames = OPTION_FIELDS): TabularRequestFormat {
  const contentType = options.contentType ?? 'text/csv';
  if (!TABULAR_CONTENT_TYPES.includes(contentType)) {
    throw new ValidationError(fields.contentType, contentType, TABULAR_CONTENT_TYPES.map((t) => `'${t}'`).join(', '));
  }
  const names = options.featureNames;
  if (names !== undefined && (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))) {
    throw new ValidationError(fields.featureNames, names, 'an array of feature names');
  }
  if (contentType === 'text/csv') {
    return { contentType, singleRecord: false, before: '', between: '\n', after: '', record: (row) => csvRecord(row) };
  }
  const needNames = (parts: readonly TemplatePart[], field: string): readonly string[] | undefined => {
    const used = placeholdersOf(parts);
    if (!used.has('feature_names') && !used.has('features_kvp') && !used.has('feature')) return undefined;
    if (names === undefined) throw new ValidationError(fields.featureNames, names, 'the feature names', `${field} uses them`);
    return names;
  };
  if (contentType === 'application/jsonlines') {
    const template = required(options.contentTemplate, fields.contentTemplate, 'application/jsonlines');
    const parts = compileTemplate(template, RECORD_PLACEHOLDERS, true, fields.contentTemplate);
    requireRecordPlaceholder(parts, template, fields.contentTemplate);
    const record = recordWriter(parts, needNames(parts, fields.contentTemplate), fields);
    return { contentType, singleRecord: false, before: '', between: '\n', after: '', record };
  }
  const contentTemplate = required(options.contentTemplate, fields.contentTemplate, 'application/json');
  const recordTemplate = required(options.recordTemplate, fields.recordTemplate, 'application/json');
  const content = compileTemplate(contentTemplate, CONTENT_PLACEHOLDERS, false, fields.contentTemplate);
  const slots = content.filter((p) => 'placeholder' in p && (p.placeholder === 'record' || p.placeholder === 'records'));
  if (slots.length !== 1) {
    throw new ValidationError(fields.contentTemplate, contentTemplate, 'a template with one $record or $records placeholder', `it has ${slots.length}`);
  }
  const contentNames = needNames(content, fields.contentTemplate);
  const recordParts = compileTemplate(recordTemplate, RECORD_PLACEHOLDERS, true, fields.recordTemplate);
  requireRecordPlaceholder(recordParts, recordTemplate, fields.recordTemplate);
  const record = recordWriter(recordParts, needNames(recordParts, fields.recordTemplate), fields);
  const slot = content.indexOf(slots[0]);
  const render = (parts: readonly TemplatePart[]) =>
    parts.map((p) => ('text' in p ? p.text : jsonArray(contentNames ?? []))).join('');
  const single = (slots[0] as { placeholder: string }).placeholder === 'record';
  return {
    contentType,
    singleRecord: single,
    before: render(content.slice(0, slot)) + (single ? '' : '['),
    between: ',',
    after: (single ? '' : ']') + render(content.slice(slot + 1)),
    record,
  };
}

function required(template: string | undefined, field: string, contentType: string): string {
  if (typeof template !== 'string' || template === '') throw new ValidationError(field, template, `a template string (required with ${contentType})`);
  return template;
}

function requireRecordPlaceholder(parts: readonly TemplatePart[], template: string, field: string): void {
  const used = placeholdersOf(parts);
  if (!used.has('features') && !used.has('features_kvp') && !used.has('feature')) {
    throw new ValidationError(field, template, 'a template with $features, $features_kvp or "${<feature name>}"', 'it holds no feature values');
  }
}

/** Writes one record by a compiled record template. */
function recordWriter(parts: readonly TemplatePart[], names: readonly string[] | undefined, fields: RequestFieldNames): (row: TabularRow, index: number) => string {
  const positions = new Map<string, number>();
  for (const part of parts) {
    if (!('feature' in part)) continue;
    const at = names?.indexOf(part.feature) ?? -1;
    if (at < 0) throw new ValidationError(fields.featureNames, names, `names that include '${part.feature}'`, `the template uses "\${${part.feature}}"`);
    positions.set(part.feature, at);
  }
  return (row, index) => {
    if (names !== undefined && row.length !== names.length) {
      throw new ModelError(`record ${index} has ${row.length} values for ${names.length} feature names`, { index });
    }
    return parts
      .map((p) => {
        if ('text' in p) return p.text;
        if ('feature' in p) return jsonValue(row[positions.get(p.feature) as number]);
        if (p.placeholder === 'features') return jsonArray(row);
        if (p.placeholder === 'feature_names') return jsonArray(names ?? []);
        return jsonKeyValuePairs(names ?? [], row);
      })
      .join('');
  };
}
