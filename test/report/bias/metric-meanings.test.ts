/**
 * Every metric the engine computes has a meaning in the reports, in words the PDF's
 * standard fonts can draw.
 */
import { describe, expect, it } from 'vitest';
import { POST_TRAINING_METRICS, PRE_TRAINING_METRICS } from '../../../src/bias/metric-names.js';
import { METRIC_MEANINGS, metricMeaning } from '../../../src/report/bias/metric-meanings.js';

const ALL = [...PRE_TRAINING_METRICS, ...POST_TRAINING_METRICS];

describe('METRIC_MEANINGS', () => {
  it('has a meaning for every pre- and post-training metric, and for nothing else', () => {
    for (const name of ALL) expect(metricMeaning(name), name).toMatch(/\S{3}/);
    expect(Object.keys(METRIC_MEANINGS).sort()).toEqual([...ALL].sort());
  });

  it('is printable ASCII, so that report.pdf shows it as report.html does', () => {
    for (const name of ALL) expect(METRIC_MEANINGS[name], name).toMatch(/^[\x20-\x7e]+$/);
  });

  it('says what a signed metric\'s sign means, and a distance\'s zero', () => {
    for (const name of ['CI', 'DPL', 'CDDL', 'DPPL', 'DCA', 'DCR', 'RD', 'SD', 'DAR', 'DRR', 'AD', 'TE', 'CDDPL', 'FT'] as const) {
      expect(METRIC_MEANINGS[name], name).toMatch(/Positive: .*negative: /);
    }
    for (const name of ['KL', 'JS', 'LP', 'TVD', 'KS'] as const) expect(METRIC_MEANINGS[name], name).toContain('0: the same distribution');
    expect(METRIC_MEANINGS.DI).toContain('1: parity');
  });

  it('has no meaning for an unknown name, nor for inherited properties', () => {
    expect(metricMeaning('XYZ')).toBeUndefined();
    expect(metricMeaning('toString')).toBeUndefined();
    expect(metricMeaning('__proto__')).toBeUndefined();
  });
});
