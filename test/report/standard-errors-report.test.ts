/**
 * φ ± se in the image report (issue 30, item 6): with `standard_errors` each listed
 * segment's φ shows its standard error and a † (report.pdf: `+/-` and `*`, each with its
 * footnote) when its 95% interval φ ± 1.96·se contains 0; without them the page is the
 * same as before.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { formatPhi, formatPhiSe, formatSe } from '../../src/report/number-format.js';
import type { ReportImage } from '../../src/report/report-data.js';
import { rebuildReports } from '../../src/report/rebuild.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// A whole run of the engine (worker threads, ONNX, report).
vi.setConfig({ testTimeout: 120_000 });

const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');

/** A document and its images built by hand, without standard errors: nothing read from files. */
function handBuilt(): { document: AnalysisDocument; images: ReportImage[] } {
  const record: SucceededImageRecord = {
    file: 'a.png', status: 'succeeded', width: 2, height: 2, image: 'a.jpeg', seed: 7, num_segments: 3, label_image: 'a_labels.png', num_evaluations: 9,
    predicted_label: { label_index: 1, label: 'circle', score: 0.97 }, scores: [0.03, 0.97],
    explanations: [{ label_index: 1, label: 'circle', score: 0.97, expected_value: 0.2, full_value: 0.97, shap_values: [0.5, -0.0004, 0.2704], heat_map: 'a_1.jpeg', heat_map_scale: 0.5 }],
    timings: { decode_ms: 1, explain_ms: 2, render_ms: 3 },
  };
  const document: AnalysisDocument = {
    version: '1.0', engine: { name: 'clarify-ts', version: '0.0.0' }, created_at: RUN_DATE.toISOString(),
    settings: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 3, segment_compactness: 10, num_samples: 16, use_logit: false, baseline: 'noise', seed: 7 },
    summary: { images: 1, succeeded: 1, failed: 0 },
    images: [record],
  };
  const e = record.explanations![0];
  const images: ReportImage[] = [{
    record, seconds: 0.006, image: Uint8Array.of(0xff, 0xd8, 0xff, 1),
    explanations: [{ title: 'circle (0.970)', heatMap: Uint8Array.of(0xff, 0xd8, 0xff, 2), shapValues: e.shap_values, expectedValue: e.expected_value, fullValue: e.full_value, scale: 0.5 }],
  }];
  return { document, images };
}

describe('report.html without standard_errors', () => {
  it('is byte for byte the page rendered before standard errors were shown', () => {
    const { document, images } = handBuilt();
    const html = renderHtmlReport(document, images, { createdAt: RUN_DATE });
    // The embedded script holds the formatter's source as the transpiler wrote it: left out of the hash.
    const stable = html.replace(/<script>[\s\S]*<\/script>/, '<script></script>');
    expect(createHash('sha256').update(stable).digest('hex')).toBe('6c5fd1b75f3769fa9101478517f1c4799d66dee813bd21a225725af80d6e4547');
  });
});

describe('formatSe and formatPhiSe', () => {
  it('write a standard error with two significant digits in the reports’ notation', () => {
    expect(formatSe(0.01234)).toBe('0.012');
    expect(formatSe(0.000361)).toBe('0.00036');
    expect(formatSe(0.0996)).toBe('0.10');
    expect(formatSe(1.5e-5)).toBe('1.5e-5');
    expect(formatSe(23456)).toBe('2.3e4');
    expect(formatSe(0)).toBe('0');
    expect(formatPhiSe(0.45, 0.01234)).toBe(`${formatPhi(0.45)} ± 0.012`);
    expect(formatPhiSe(-0.0067, 0.0031, '+/-')).toBe('-0.00670 +/- 0.0031');
  });
});

describe('reports of a document with standard_errors', () => {
  let output: string;
  let phi: number[];
  let errors: number[];
  /** The segment whose interval holds 0, and the one whose interval does not. */
  let open: number;
  let settled: number;
  beforeAll(async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    output = join(await folderWith({}), 'out');
    await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, concurrency: 1, now: () => RUN_DATE });
    const document = JSON.parse(await readFile(join(output, 'analysis.json'), 'utf8')) as AnalysisDocument;
    const record = document.images[0] as SucceededImageRecord;
    const explanation = record.explanations![0];
    phi = explanation.shap_values;
    const order = [...phi.keys()].sort((x, y) => Math.abs(phi[y]) - Math.abs(phi[x]) || x - y);
    [settled, open] = order;
    // A tenth of |φ| everywhere (settled), but |φ| itself for the second segment: 1.96·se > |φ|.
    errors = phi.map((v, k) => (k === open ? Math.abs(v) : Math.abs(v) / 10 + 1e-6));
    const withErrors = { ...document, images: [{ ...record, explanations: [{ ...explanation, standard_errors: errors }, ...record.explanations!.slice(1)] }] };
    await writeFile(join(output, 'analysis.json'), `${JSON.stringify(withErrors, null, 2)}\n`);
    const rebuilt = await rebuildReports({ output });
    expect(rebuilt.files).toEqual(['report.html', 'report.pdf']);
    expect(((rebuilt.document as AnalysisDocument).images[0] as SucceededImageRecord).explanations![0].standard_errors).toEqual(errors);
  });

  it('report.html shows φ ± se for every segment, and † on the segment whose interval contains 0 only', async () => {
    expect(phi.length).toBeGreaterThan(2);
    expect(Math.abs(phi[open])).toBeGreaterThan(0);
    const html = await readFile(join(output, 'report.html'), 'utf8');
    const dagger = '<span class="zero-interval" title="the 95% interval φ ± 1.96·se contains 0">†</span>';
    expect(html).toContain('<th>φ ± se</th>');
    for (const [k, v] of phi.entries()) {
      const mark = Math.abs(v) <= 1.96 * errors[k] ? dagger : '';
      expect(html).toContain(`<tr><td>${k}</td><td class="num">${formatPhiSe(v, errors[k])}${mark}</td></tr>`);
    }
    expect(html).toContain(`<tr><td>${open}</td><td class="num">${formatPhiSe(phi[open], errors[open])}${dagger}</td></tr>`);
    expect(html).toContain(`<tr><td>${settled}</td><td class="num">${formatPhiSe(phi[settled], errors[settled])}</td></tr>`);
    expect(html).toContain('<tfoot><tr><td colspan="2"><span class="zero-interval"');
    expect(html).toContain('interval contains 0: φ ± 1.96·se, the 95% interval, holds 0');
    // The bar chart: the value's text is φ ± se, with † on the open segment only.
    expect(html).toContain(`>${formatPhiSe(phi[open], errors[open])}†</text>`);
    expect(html).toContain(`>${formatPhiSe(phi[settled], errors[settled])}</text>`);
    expect(html).toContain('† marks a segment whose 95% interval φ ± 1.96·se contains 0.');
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('report.pdf shows φ +/- se, * on the open segment only, and the footnote', () => {
    const text = execFileSync('pdftotext', ['-layout', join(output, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('top segments (phi +/- se)');
    expect(text).toContain(`${formatPhiSe(phi[open], errors[open], '+/-')}*`);
    expect(text).toContain(formatPhiSe(phi[settled], errors[settled], '+/-'));
    expect(text).not.toContain(`${formatPhiSe(phi[settled], errors[settled], '+/-')}*`);
    expect(text).toContain('* interval contains 0: phi +/- 1.96 se, the 95% interval, holds 0.');
    expect(text).not.toContain('±');
  });
});
