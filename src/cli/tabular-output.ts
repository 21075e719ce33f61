/**
 * What `run` and `process` print after a tabular run: each bias section as a table of
 * facet entries and metrics, the global SHAP values, the PDP features, then where
 * `analysis.json` is; or one JSON line with `--json`.
 *
 * @packageDocumentation
 */
import { join } from 'node:path';
import type { BiasMetricsSection, TabularAnalysisDocument } from '../analysis/tabular-document.js';
import type { KernelShapSection } from '../analysis/tabular-explanations.js';
import { formatScore } from '../report/number-format.js';
import type { OutputFlags } from './run-output.js';

/** A metric value as the table shows it: 3 significant digits, ∞, NaN, or `error` (the message is listed below the table). */
function cell(value: number | string | null): string {
  if (value === null) return 'error';
  if (typeof value === 'string') return value === 'Infinity' ? '∞' : '−∞';
  return Number.isNaN(value) ? 'NaN' : formatScore(value);
}

/** One bias section as aligned text: a row per facet entry, a column per metric. */
export function biasTable(title: string, section: BiasMetricsSection): string {
  const lines = [`${title} (label ${section.label} = ${section.label_value_or_threshold})`];
  for (const [facet, entries] of Object.entries(section.facets)) {
    const names = [...new Set(entries.flatMap((e) => e.metrics.map((m) => m.name)))];
    const rows = [['facet', ...names]];
    const errors: string[] = [];
    for (const entry of entries) {
      rows.push([`${facet} = ${entry.value_or_threshold}`, ...names.map((n) => {
        const metric = entry.metrics.find((m) => m.name === n);
        if (metric?.error !== undefined) errors.push(`  ${metric.name} (${facet} = ${entry.value_or_threshold}): ${metric.error}`);
        return metric === undefined ? '' : cell(metric.value);
      })]);
    }
    const widths = (rows[0] as string[]).map((_, c) => Math.max(...rows.map((row) => (row[c] as string).length)));
    lines.push('', ...rows.map((row) => row.map((text, c) => (c === 0 ? text.padEnd(widths[c] as number) : text.padStart(widths[c] as number))).join('  ').trimEnd()));
    if (errors.length > 0) lines.push('errors:', ...errors);
  }
  return lines.join('\n');
}

/** The global SHAP values of each label as aligned text, largest |value| first (at most `top`). */
export function shapTable(kernelShap: KernelShapSection, top = 10): string {
  const lines: string[] = [];
  for (const [label, record] of Object.entries(kernelShap)) {
    const ranked = Object.entries(record.global_shap_values).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
    const shown = ranked.slice(0, top);
    const width = Math.max(7, ...shown.map(([name]) => name.length));
    lines.push(`Global SHAP values (${label}; expected value ${formatScore(record.expected_value)})`, '');
    lines.push(...shown.map(([name, value]) => `${name.padEnd(width)}  ${formatScore(value)}`));
    if (ranked.length > top) lines.push(`… ${ranked.length - top} more features`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/**
 * Prints the outcome of a tabular run whose results are at `output`.
 *
 * @param hasReport - Whether the run wrote report.html, whose path is then printed.
 */
export function printTabularOutput(document: TabularAnalysisDocument, output: string, flags: OutputFlags, warnings: readonly string[], hasReport = false): void {
  if (!flags.quiet) for (const w of warnings) console.error(`clarify-ts: warning: ${w}`);
  if (flags.json) {
    const { pre_training_bias_metrics, post_training_bias_metrics, explanations, dataset } = document;
    console.log(JSON.stringify({ output, dataset, pre_training_bias_metrics, post_training_bias_metrics, explanations, warnings }));
    return;
  }
  if (flags.quiet) return;
  const parts: string[] = [];
  if (document.pre_training_bias_metrics) parts.push(biasTable('Pre-training bias', document.pre_training_bias_metrics));
  if (document.post_training_bias_metrics) parts.push(biasTable('Post-training bias', document.post_training_bias_metrics));
  if (document.explanations?.kernel_shap) parts.push(shapTable(document.explanations.kernel_shap));
  if (document.explanations?.pdp) parts.push(`Partial dependence plots: ${document.explanations.pdp.map((p) => p.feature_name).join(', ')} (in the report)`);
  console.log(parts.join('\n\n'));
  console.log(`\n${document.dataset.rows} rows analysed (${document.dataset.rows_dropped} with a missing value left out).`);
  const at = (file: string) => (output.startsWith('s3://') ? `${output.replace(/\/+$/, '')}/${file}` : join(output, file));
  console.log(`Analysis: ${at('analysis.json')}`);
  if (hasReport) console.log(`Report: ${at('report.html')}`);
}
