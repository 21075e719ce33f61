/**
 * Global SHAP values ± their standard errors in a tabular run's reports (issue 30, item 6):
 * with `global_shap_standard_errors` each shown feature's value carries its se and a †
 * (report.pdf: `+/-` and `*`) when the value is at most 1.96·se, indistinguishable from
 * sampling noise, under a one-line legend; a document without the key renders byte for
 * byte as before (hashes of the reports rendered by the code before the key existed).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { TabularAnalysisDocument } from '../../src/analysis/tabular-document.js';
import { ValidationError } from '../../src/errors.js';
import { checkTabularAnalysisDocument } from '../../src/report/bias/check-document.js';
import { renderTabularReports } from '../../src/report/bias/write-reports.js';
import { escapeHtml } from '../../src/report/html-escape.js';
import { formatPhiSe } from '../../src/report/number-format.js';
import { FEATURES, LABEL0_VALUES, explanationsDocument } from './bias/explanations-document.js';
import { hostileDocument } from './bias/hostile-document.js';

vi.setConfig({ testTimeout: 60_000 });

const sha256 = (bytes: string | Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('reports of a tabular document without global_shap_standard_errors', () => {
  it('are byte for byte those rendered before standard errors were shown', async () => {
    const only = await renderTabularReports(explanationsDocument());
    expect(sha256(only['report.html'])).toBe('6053e2f308263fe9525f4b0c11425d3499b42925118c0af7bcf578c680df5497');
    expect(sha256(only['report.pdf'])).toBe('084fc1b493d733e25b5398421261ff4f59a3e9744c5ba38ea24d1a5e9f61810b');
    const both = await renderTabularReports({ ...(await hostileDocument()), explanations: explanationsDocument().explanations! });
    expect(sha256(both['report.html'])).toBe('395f8fcb177b119cfc29596e23825b8aee26f5b279b295e4067b3b6a3693b941');
    expect(sha256(both['report.pdf'])).toBe('3b1af8040cad51d16ff30ef598d6ed443219f74db8ddff0bd12f4c401fd2c5e3');
  });
});

/** The feature whose value is within 1.96 se (capital_gain, the largest), and one that is not (marital_status). */
const NOISY = 'capital_gain';
const SETTLED = 'marital_status';
const seOf = (feature: string, value: number) => (feature === NOISY ? Math.abs(value) / 1.5 : Math.abs(value) / 10);

/** The explanations document with standard errors for label0 only. */
function withErrors(): TabularAnalysisDocument {
  const errors = Object.fromEntries(FEATURES.map((f, j) => [f, seOf(f, LABEL0_VALUES[j]!)]));
  const { shap_seed, ...rest } = explanationsDocument();
  return { ...rest, global_shap_standard_errors: { label0: errors }, shap_seed } as TabularAnalysisDocument;
}
const valueOf = (feature: string) => LABEL0_VALUES[FEATURES.indexOf(feature)]!;

describe('reports of a tabular document with global_shap_standard_errors', () => {
  it('report.html shows value ± se, † on the feature within 1.96 se only, and the legend', async () => {
    const html = (await renderTabularReports(withErrors()))['report.html'];
    const noisy = formatPhiSe(valueOf(NOISY), seOf(NOISY, valueOf(NOISY)));
    const settled = formatPhiSe(valueOf(SETTLED), seOf(SETTLED, valueOf(SETTLED)));
    expect(html).toContain(`>${escapeHtml(noisy)}†</text>`);
    expect(html).toContain(`>${escapeHtml(settled)}</text>`);
    expect(html).not.toContain(`>${escapeHtml(settled)}†</text>`);
    expect(html).toContain(`data-se="${seOf(NOISY, valueOf(NOISY))}"`);
    expect(html).toContain('† marks a feature whose value is at most 1.96 se: indistinguishable from sampling noise.');
    expect(html).toContain('global SHAP value ± se († indistinguishable from sampling noise)');
    expect(html.match(/id="shap-errors"/g)).toHaveLength(1);
    // label1 has no standard errors: its chart is as before.
    const label1 = html.slice(html.indexOf('data-label="label1"'));
    expect(label1.slice(0, label1.indexOf('</figure>'))).not.toContain('±');
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('report.pdf shows value +/- se, * on the feature within 1.96 se only, and the legend', async () => {
    const pdf = (await renderTabularReports(withErrors()))['report.pdf'];
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
    expect(text).toContain(`${formatPhiSe(valueOf(NOISY), seOf(NOISY, valueOf(NOISY)), '+/-')}*`);
    const settled = formatPhiSe(valueOf(SETTLED), seOf(SETTLED, valueOf(SETTLED)), '+/-');
    expect(text).toContain(settled);
    expect(text).not.toContain(`${settled}*`);
    expect(text).toContain('global SHAP value +/- se (* indistinguishable from sampling noise)');
    expect(text.replace(/\s+/g, ' ')).toContain('* marks a feature whose value is at most 1.96 se: indistinguishable from sampling noise.');
    expect(text).not.toContain('±');
  });

  it('is refused by field when a standard error is not a number >= 0', () => {
    const bad = { ...withErrors(), global_shap_standard_errors: { label0: { age: -1 } } };
    expect(() => checkTabularAnalysisDocument(JSON.parse(JSON.stringify(bad)), 'analysis.json')).toThrow(ValidationError);
    expect(() => checkTabularAnalysisDocument(JSON.parse(JSON.stringify(bad)), 'analysis.json')).toThrow(/global_shap_standard_errors\["label0"\]\["age"\]/);
  });
});
