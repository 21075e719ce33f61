import { describe, expect, it } from 'vitest';
import { ModelError, ValidationError } from '../../../src/errors.js';
import { csvField, csvRecord } from '../../../src/models/tabular/csv-record.js';
import { compileTemplate, CONTENT_PLACEHOLDERS, RECORD_PLACEHOLDERS } from '../../../src/models/tabular/json-template.js';
import { type TabularRequestOptions, tabularRequestFormat } from '../../../src/models/tabular/request-format.js';
import type { TabularRow } from '../../../src/models/tabular/tabular-model.js';

/** The whole body of one request holding `rows`, as the endpoint models frame it. */
function body(options: TabularRequestOptions, rows: readonly TabularRow[]): string {
  const format = tabularRequestFormat(options);
  return format.before + rows.map((r, i) => format.record(r, i)).join(format.between) + format.after;
}

describe('text/csv requests', () => {
  it('writes the documentation examples byte for byte', () => {
    // clarify-processing-job-data-format-tabular-request: '1,2,3,4\n5,6,7,8' and '"This is a good product",5'.
    expect(body({ contentType: 'text/csv' }, [[1, 2, 3, 4], [5, 6, 7, 8]])).toBe('1,2,3,4\n5,6,7,8');
    expect(body({}, [['This is a good product', 5], ['Bad shopping experience', 1]])).toBe('"This is a good product",5\n"Bad shopping experience",1');
  });

  it('quotes every string (QUOTE_NONNUMERIC), doubles quotes, and writes numbers as Python does', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvField('42')).toBe('"42"');
    expect(csvField('')).toBe('""');
    expect(csvField(40)).toBe('40');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(1e-5)).toBe('1e-05');
    expect(csvField(2 ** 60)).toBe('1.152921504606847e+18');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(csvField(Number.NEGATIVE_INFINITY)).toBe('-inf');
    expect(csvField(true)).toBe('True');
    expect(csvField(false)).toBe('False');
    expect(csvRecord([39, 'State-gov', 0.5, true, Number.NaN])).toBe('39,"State-gov",0.5,True,');
  });
});

describe('application/jsonlines requests', () => {
  it('fills content_template per record, one line each, as the documentation shows', () => {
    expect(body({ contentType: 'application/jsonlines', contentTemplate: '{"data":{"features":$features}}' }, [[1, 2, 3, 4], [5, 6, 7, 8]])).toBe(
      '{"data":{"features":[1,2,3,4]}}\n{"data":{"features":[5,6,7,8]}}',
    );
    expect(body({ contentType: 'application/jsonlines', contentTemplate: '{"features":$features}' }, [['This is a good product', 5]])).toBe(
      '{"features":["This is a good product",5]}',
    );
  });

  it('writes NaN and infinities as null, booleans as JSON, and keeps non-ASCII text', () => {
    expect(body({ contentType: 'application/jsonlines', contentTemplate: '$features' }, [[Number.NaN, Number.NEGATIVE_INFINITY, true, 'café "x"']])).toBe(
      '[null,null,true,"café \\"x\\""]',
    );
  });

  it('takes $features_kvp, $feature_names and "${name}" given the feature names', () => {
    const featureNames = ['A', 'B'];
    expect(body({ contentType: 'application/jsonlines', contentTemplate: '{"in":$features_kvp,"names":$feature_names}', featureNames }, [[0, 'x']])).toBe(
      '{"in":{"A":0,"B":"x"},"names":["A","B"]}',
    );
    expect(body({ contentType: 'application/jsonlines', contentTemplate: '{"b":"${B}","a":"${A}","cost":"$$5"}', featureNames }, [[0, 'x']])).toBe(
      '{"b":"x","a":0,"cost":"$5"}',
    );
  });

  it('refuses missing or unusable templates, naming the option', () => {
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines' })).toThrow(expect.objectContaining({ field: 'contentTemplate' }));
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '{"x":1}' })).toThrow(/holds no feature values/);
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '{"x":$feature}' })).toThrow(/it has \$feature\b/);
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '{"x":$features, "y": $1}' })).toThrow(/write \$\$ for a \$/);
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '$features_kvp' })).toThrow(expect.objectContaining({ field: 'featureNames' }));
    expect(() => tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '{"a":"${Z}"}', featureNames: ['A'] })).toThrow(/names that include 'Z'/);
    expect(() => tabularRequestFormat({ contentType: 'text/plain' as never })).toThrow(ValidationError);
  });

  it('fails a row whose length is not the number of feature names, naming the record', () => {
    const format = tabularRequestFormat({ contentType: 'application/jsonlines', contentTemplate: '$features_kvp', featureNames: ['A', 'B'] });
    expect(() => format.record([1], 7)).toThrow(ModelError);
    expect(() => format.record([1], 7)).toThrow(/record 7 has 1 values for 2 feature names/);
  });
});

describe('application/json requests', () => {
  const featureNames = ['A', 'B'];
  const rows = [[0, 1], [3, 4]];

  it('builds the three bodies of the analysis-config documentation', () => {
    // {"instances": [[0, 1], [3, 4]], "feature_names": ["A", "B"]}, compactly.
    expect(body({ contentType: 'application/json', contentTemplate: '{"instances":$records,"feature_names":$feature_names}', recordTemplate: '$features', featureNames }, rows)).toBe(
      '{"instances":[[0,1],[3,4]],"feature_names":["A","B"]}',
    );
    expect(body({ contentType: 'application/json', contentTemplate: '$records', recordTemplate: '$features_kvp', featureNames }, rows)).toBe('[{"A":0,"B":1},{"A":3,"B":4}]');
    expect(body({ contentType: 'application/json', contentTemplate: '$records', recordTemplate: '{"A": "${A}", "B": "${B}"}', featureNames }, rows)).toBe(
      '[{"A": 0, "B": 1},{"A": 3, "B": 4}]',
    );
    const single = tabularRequestFormat({ contentType: 'application/json', contentTemplate: '$record', recordTemplate: '$features_kvp', featureNames });
    expect(single.singleRecord).toBe(true);
    expect(single.before + single.record([0, 1], 0) + single.after).toBe('{"A":0,"B":1}');
  });

  it('needs both templates and exactly one $record or $records', () => {
    expect(() => tabularRequestFormat({ contentType: 'application/json', contentTemplate: '$records' })).toThrow(expect.objectContaining({ field: 'recordTemplate' }));
    expect(() => tabularRequestFormat({ contentType: 'application/json', recordTemplate: '$features' })).toThrow(expect.objectContaining({ field: 'contentTemplate' }));
    expect(() => tabularRequestFormat({ contentType: 'application/json', contentTemplate: '{"a":$records,"b":$record}', recordTemplate: '$features' })).toThrow(/it has 2/);
    expect(() => tabularRequestFormat({ contentType: 'application/json', contentTemplate: '{"a":$features}', recordTemplate: '$features' })).toThrow(/it has \$features/);
  });

  it('compiles templates as Python string.Template reads $ and $$', () => {
    expect(compileTemplate('{"x":$records}', CONTENT_PLACEHOLDERS, false, 't')).toEqual([{ text: '{"x":' }, { placeholder: 'records' }, { text: '}' }]);
    expect(compileTemplate('$$features', RECORD_PLACEHOLDERS, true, 't')).toEqual([{ text: '$features' }]);
    expect(compileTemplate('"${a b}"', RECORD_PLACEHOLDERS, true, 't')).toEqual([{ feature: 'a b' }]);
    expect(() => compileTemplate('${a}', RECORD_PLACEHOLDERS, true, 't')).toThrow(/malformed placeholder/);
  });
});
