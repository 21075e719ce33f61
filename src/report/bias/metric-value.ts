/**
 * A bias metric's value as the reports show it: a number in the reports' format
 * (three significant digits), ±∞, NaN, or the reason it could not be computed.
 *
 * @packageDocumentation
 */
import type { BiasMetricRecord } from '../../analysis/tabular-document.js';
import { formatNumber } from '../number-format.js';

/** What a metric's `value` (and `error`) hold, by kind. */
export type MetricValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'infinity'; readonly negative: boolean }
  | { readonly kind: 'nan' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Reads a metric record's value: the strings `"Infinity"` / `"-Infinity"` (and numbers
 * ±Infinity) are infinities, `null` an error with the record's message.
 */
export function readMetricValue(record: Pick<BiasMetricRecord, 'value' | 'error'>): MetricValue {
  const { value } = record;
  if (value === null) return { kind: 'error', message: record.error ?? 'not computed' };
  if (value === 'Infinity' || value === '-Infinity') return { kind: 'infinity', negative: value === '-Infinity' };
  if (Number.isNaN(value)) return { kind: 'nan' };
  if (!Number.isFinite(value)) return { kind: 'infinity', negative: value < 0 };
  return { kind: 'number', value };
}

/**
 * The value as text.
 *
 * @param ascii - Write infinities as `Infinity` / `-Infinity` (for the PDF's standard fonts) rather than `∞` / `−∞`.
 * @returns e.g. `0.124`, `-0.0687`, `∞`, `NaN`, `error: Group variable is empty or not provided`.
 */
export function metricValueText(value: MetricValue, ascii = false): string {
  switch (value.kind) {
    case 'number':
      return formatNumber(value.value, false);
    case 'infinity':
      return ascii ? (value.negative ? '-Infinity' : 'Infinity') : value.negative ? '−∞' : '∞';
    case 'nan':
      return 'NaN';
    case 'error':
      return `error: ${value.message}`;
  }
}
