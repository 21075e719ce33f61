/** A metric's value as the bias reports show it. */
import { describe, expect, it } from 'vitest';
import { metricValueText, readMetricValue } from '../../../src/report/bias/metric-value.js';

describe('readMetricValue / metricValueText', () => {
  it('formats numbers with 3 significant digits, as the image reports do', () => {
    expect(metricValueText(readMetricValue({ value: 0.12407407407407406 }))).toBe('0.124');
    expect(metricValueText(readMetricValue({ value: -0.0687492775401688 }))).toBe('-0.0687');
    expect(metricValueText(readMetricValue({ value: 0.08 }))).toBe('0.0800');
    expect(metricValueText(readMetricValue({ value: 0 }))).toBe('0');
    expect(metricValueText(readMetricValue({ value: 3.6e-5 }))).toBe('3.60e-5');
    expect(metricValueText(readMetricValue({ value: 12345 }))).toBe('1.23e4');
  });

  it('shows infinities as ∞ (or Infinity for the PDF), NaN as NaN', () => {
    expect(metricValueText(readMetricValue({ value: 'Infinity' }))).toBe('∞');
    expect(metricValueText(readMetricValue({ value: '-Infinity' }))).toBe('−∞');
    expect(metricValueText(readMetricValue({ value: 'Infinity' }), true)).toBe('Infinity');
    expect(metricValueText(readMetricValue({ value: '-Infinity' }), true)).toBe('-Infinity');
    expect(metricValueText(readMetricValue({ value: Number.NEGATIVE_INFINITY }), true)).toBe('-Infinity');
    expect(readMetricValue({ value: Number.NaN })).toEqual({ kind: 'nan' });
    expect(metricValueText(readMetricValue({ value: Number.NaN }))).toBe('NaN');
  });

  it('shows a metric that failed as its error', () => {
    expect(metricValueText(readMetricValue({ value: null, error: 'Group variable is empty or not provided' })))
      .toBe('error: Group variable is empty or not provided');
    expect(metricValueText(readMetricValue({ value: null }))).toBe('error: not computed');
  });
});
