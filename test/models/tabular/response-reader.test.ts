import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors.js';
import { csvResponseValue } from '../../../src/models/tabular/csv-response.js';
import { predictedLabel } from '../../../src/models/tabular/predicted-label.js';
import { ResponseFormatError } from '../../../src/models/tabular/prediction-values.js';
import { type TabularResponseOptions, tabularResponseReader } from '../../../src/models/tabular/response-reader.js';
import type { TabularContentType } from '../../../src/models/tabular/request-format.js';

function read(acceptType: TabularContentType, options: Omit<TabularResponseOptions, 'acceptType'>, body: string, count: number) {
  return tabularResponseReader({ acceptType, ...options }, 'text/csv')(new TextEncoder().encode(body), count);
}

// Every answer below is an example of the page "Endpoint response for tabular data"
// (clarify-processing-job-data-format-tabular-response), with the configuration it gives.
describe('text/csv answers', () => {
  it('reads one score a record, on one line or on several', () => {
    expect(read('text/csv', { probability: 0 }, '0.6', 1)).toEqual([{ scores: [0.6] }]);
    expect(read('text/csv', { probability: 0 }, '0.6,0.3', 2)).toEqual([{ scores: [0.6] }, { scores: [0.3] }]);
    expect(read('text/csv', { probability: 0 }, '0.6\n0.3', 2)).toEqual([{ scores: [0.6] }, { scores: [0.3] }]);
    expect(read('text/csv', {}, '0.6,0.3\n', 2)).toEqual([{ scores: [0.6] }, { scores: [0.3] }]);
  });

  it('takes the whole line as the scores of a multiclass model without probability', () => {
    expect(read('text/csv', {}, '0.1,0.6,0.3\n0.2,0.5,0.3', 2)).toEqual([{ scores: [0.1, 0.6, 0.3] }, { scores: [0.2, 0.5, 0.3] }]);
  });

  it('reads predicted labels by column, and a label followed by its probability', () => {
    expect(read('text/csv', { label: 0 }, '1,0', 2)).toEqual([{ label: 1 }, { label: 0 }]);
    expect(read('text/csv', { label: 0 }, '1\n0', 2)).toEqual([{ label: 1 }, { label: 0 }]);
    expect(read('text/csv', { label: 0, probability: 1 }, '1,0.6\n0,0.3', 2)).toEqual([{ label: 1, scores: [0.6] }, { label: 0, scores: [0.3] }]);
  });

  it("reads Autopilot's quoted lists and picks the label of the highest probability", () => {
    const body = `"dog",0.6,"['cat', 'dog', 'fish']","[0.1, 0.6, 0.3]"\n"cat",0.7,"['cat', 'dog', 'fish']","[0.7, 0.2, 0.1]"`;
    expect(read('text/csv', { label: 0 }, body, 2)).toEqual([{ label: 'dog' }, { label: 'cat' }]);
    expect(read('text/csv', { label: 2, probability: 3 }, body, 2)).toEqual([
      { label: 'dog', scores: [0.1, 0.6, 0.3] },
      { label: 'cat', scores: [0.7, 0.2, 0.1] },
    ]);
    expect(read('text/csv', { probability: 3 }, body, 2)).toEqual([{ scores: [0.1, 0.6, 0.3] }, { scores: [0.7, 0.2, 0.1] }]);
    expect(csvResponseValue("['it\\'s', 'b']")).toEqual(["it's", 'b']);
    expect(csvResponseValue('[1, 2')).toBe('[1, 2');
  });

  it('refuses a line count that does not match, or a column that is not there', () => {
    expect(() => read('text/csv', { probability: 0 }, '0.6\n0.3\n0.1', 2)).toThrow(/3 CSV lines for 2 records/);
    expect(() => read('text/csv', { probability: 1 }, '0.6,0.3', 2)).toThrow(/1 CSV lines for 2 records/);
    expect(() => read('text/csv', { probability: 2 }, '1,0.6', 1)).toThrow(/for record 0 undefined at probability 2/);
    expect(() => read('text/csv', { probability: 0 }, '"dog"', 1)).toThrow(ResponseFormatError);
  });

  it('wants column indexes, not expressions, for CSV', () => {
    expect(() => tabularResponseReader({ acceptType: 'text/csv', label: 'predicted_label' }, 'text/csv')).toThrow(ValidationError);
    expect(() => tabularResponseReader({ acceptType: 'text/csv', probability: -1 }, 'text/csv')).toThrow(/zero-based column index/);
  });
});

describe('application/jsonlines answers', () => {
  it('reads each line with JMESPath', () => {
    expect(read('application/jsonlines', { probability: 'score' }, '{"score":0.6}\n{"score":0.3}', 2)).toEqual([{ scores: [0.6] }, { scores: [0.3] }]);
    expect(read('application/jsonlines', { label: 'prediction' }, '{"prediction":1}\n{"prediction":0}', 2)).toEqual([{ label: 1 }, { label: 0 }]);
    expect(read('application/jsonlines', { label: 'prediction', probability: 'score' }, '{"prediction":1,"score":0.6}\n{"prediction":0,"score":0.3}\n', 2)).toEqual([
      { label: 1, scores: [0.6] },
      { label: 0, scores: [0.3] },
    ]);
  });

  it('reads a multiclass answer three ways', () => {
    const body =
      '{"predicted_label":"dog","probability":0.6,"predicted_labels":["cat","dog","fish"],"probabilities":[0.1,0.6,0.3]}\n' +
      '{"predicted_label":"cat","probability":0.7,"predicted_labels":["cat","dog","fish"],"probabilities":[0.7,0.2,0.1]}';
    expect(read('application/jsonlines', { label: 'predicted_label' }, body, 2)).toEqual([{ label: 'dog' }, { label: 'cat' }]);
    expect(read('application/jsonlines', { label: 'predicted_labels', probability: 'probabilities' }, body, 2)).toEqual([
      { label: 'dog', scores: [0.1, 0.6, 0.3] },
      { label: 'cat', scores: [0.7, 0.2, 0.1] },
    ]);
    const scoresOnly = read('application/jsonlines', { probability: 'probabilities' }, body, 2);
    expect(scoresOnly.map((p) => predictedLabel(p, { labelHeaders: ['cat', 'dog', 'fish'] }))).toEqual(['dog', 'cat']);
  });

  it('names the record whose line is not JSON or lacks the value, and refuses bad expressions up front', () => {
    expect(() => read('application/jsonlines', { probability: 'score' }, '{"score":0.6}\n{oops', 2)).toThrow(/for record 1 a line that is not JSON/);
    expect(() => read('application/jsonlines', { probability: 'score' }, '{"score":0.6}\n{"s":1}', 2)).toThrow(/for record 1 undefined at probability 'score'/);
    expect(() => read('application/jsonlines', { label: 'predicted_labels' }, '{"predicted_labels":["a","b"]}', 1)).toThrow(/a list needs probability/);
    expect(() => read('application/jsonlines', { probability: 'score' }, '{"score":0.6}', 2)).toThrow(/1 JSON lines for 2 records/);
    expect(() => tabularResponseReader({ acceptType: 'application/jsonlines', label: 'a[' }, 'text/csv')).toThrow(expect.objectContaining({ field: 'label' }));
  });
});

describe('application/json answers', () => {
  it('evaluates the expressions on the whole answer, one entry a record', () => {
    expect(read('application/json', { probability: '[*]' }, '[0.6,0.3]', 2)).toEqual([{ scores: [0.6] }, { scores: [0.3] }]);
    expect(read('application/json', { probability: '[*]' }, '[0.6]', 1)).toEqual([{ scores: [0.6] }]);
    expect(read('application/json', { label: 'predicted_labels' }, '{"predicted_labels":[1,0]}', 2)).toEqual([{ label: 1 }, { label: 0 }]);
    expect(read('application/json', { label: 'predictions[*].label', probability: 'predictions[*].score' }, '{"predictions":[{"label":1,"score":0.6},{"label":0,"score":0.3}]}', 2)).toEqual([
      { label: 1, scores: [0.6] },
      { label: 0, scores: [0.3] },
    ]);
  });

  it('reads a multiclass answer by [*].…', () => {
    const body =
      '[{"predicted_label":"dog","probability":0.6,"predicted_labels":["cat","dog","fish"],"probabilities":[0.1,0.6,0.3]},' +
      '{"predicted_label":"cat","probability":0.7,"predicted_labels":["cat","dog","fish"],"probabilities":[0.7,0.2,0.1]}]';
    expect(read('application/json', { label: '[*].predicted_label' }, body, 2)).toEqual([{ label: 'dog' }, { label: 'cat' }]);
    expect(read('application/json', { label: '[*].predicted_labels', probability: '[*].probabilities' }, body, 2)).toEqual([
      { label: 'dog', scores: [0.1, 0.6, 0.3] },
      { label: 'cat', scores: [0.7, 0.2, 0.1] },
    ]);
  });

  it("takes a single record's answer as it is, and the whole answer as the records' outputs without expressions", () => {
    expect(read('application/json', { probability: 'probabilities' }, '{"probabilities":[0.1,0.6,0.3]}', 1)).toEqual([{ scores: [0.1, 0.6, 0.3] }]);
    expect(read('application/json', { probability: 'score' }, '{"score":0.6}', 1)).toEqual([{ scores: [0.6] }]);
    expect(read('application/json', {}, '[[0.1,0.9],[0.8,0.2]]', 2)).toEqual([{ scores: [0.1, 0.9] }, { scores: [0.8, 0.2] }]);
    expect(read('application/json', { label: 0, probability: 1 }, '[[1,0.9],[0,0.2]]', 2)).toEqual([{ label: 1, scores: [0.9] }, { label: 0, scores: [0.2] }]);
  });

  it('refuses an answer with the wrong number of entries', () => {
    expect(() => read('application/json', { probability: '[*]' }, '[0.6,0.3,0.1]', 2)).toThrow(/a list of 3 at probability '\[\*\]'; expected a list with one entry per record \(2\)/);
    expect(() => read('application/json', { probability: 'nope' }, '{"score":[1,2]}', 2)).toThrow(/nothing at probability 'nope'/);
    expect(() => read('application/json', {}, 'not json', 1)).toThrow(/a body that is not JSON/);
  });
});

describe('predictedLabel', () => {
  it('follows Clarify: the label, the threshold of one score, the header of the highest score', () => {
    expect(predictedLabel({ label: 'dog', scores: [0.2, 0.8] })).toBe('dog');
    expect(predictedLabel({ label: 0.3 }, { probabilityThreshold: 0.5 })).toBe(0);
    expect(predictedLabel({ label: 0.7 }, { probabilityThreshold: 0.5 })).toBe(1);
    expect(predictedLabel({ scores: [0.5] }, { probabilityThreshold: 0.5 })).toBe(0); // "less than or equal to the threshold is converted to 0"
    expect(predictedLabel({ scores: [0.51] }, { probabilityThreshold: 0.5 })).toBe(1);
    expect(predictedLabel({ scores: [12.5] })).toBe(12.5);
    expect(predictedLabel({ scores: [0.1, 0.6, 0.3] })).toBe(1);
    expect(predictedLabel({ scores: [0.1, 0.6, 0.3] }, { labelHeaders: ['cat', 'dog', 'fish'] })).toBe('dog');
    expect(predictedLabel({})).toBeUndefined();
  });
});
