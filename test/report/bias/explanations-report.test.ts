/**
 * The explanations in a tabular run's reports, read back as a reader sees them:
 * report.html as text (a bar per shown feature with its global SHAP value, the rest
 * counted, an SVG per partial dependence plot, the error of a feature without one, every
 * document string escaped) and in headless Chromium (no console errors, no requests, no
 * script, the hostile strings as text), report.pdf through poppler's pdftotext (the
 * features' names and values, the plots' features, the error); a document with
 * explanations only, one with nothing to show, and `rebuildReports` of a folder whose
 * analysis.json has explanations (and of a damaged one, refused by field).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TabularAnalysisDocument, stringifyTabularAnalysis } from '../../../src/analysis/tabular-document.js';
import type { PdpFeatureRecord } from '../../../src/analysis/tabular-explanations.js';
import { ValidationError } from '../../../src/errors.js';
import { NOTHING_TO_SHOW, SHAP_FEATURES } from '../../../src/report/bias/explanations-data.js';
import { renderTabularReports } from '../../../src/report/bias/write-reports.js';
import { escapeHtml } from '../../../src/report/html-escape.js';
import { formatPhi, formatScore } from '../../../src/report/number-format.js';
import { ascii } from '../../../src/report/pdf-writer.js';
import { rebuildReports } from '../../../src/report/rebuild.js';
import type { RenderedReports } from '../../../src/report/write-reports.js';
import { hasChromium, launchChromium } from '../../helpers/chromium.js';
import { FEATURES, HOSTILE_CATEGORY, HOSTILE_FEATURE, LABEL0_VALUES, explanationsDocument } from './explanations-document.js';
import { RUN_DATE, hostileDocument } from './hostile-document.js';

// A browser and poppler per test.
vi.setConfig({ testTimeout: 60_000 });

/** What a label's chart should show: the top features by |value|, document order on ties. */
function expectedBars(values: readonly number[]): { feature: string; value: number }[] {
  return FEATURES.map((feature, j) => ({ feature, value: values[j]! }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, SHAP_FEATURES);
}
const LABELS = [
  { label: 'label0', expected: 0.2408, bars: expectedBars(LABEL0_VALUES) },
  { label: 'label1', expected: 0.7592, bars: expectedBars(LABEL0_VALUES.map((v) => -v)) },
];

let both: TabularAnalysisDocument;
let reports: RenderedReports;
let only: RenderedReports;
let folder: string;
beforeAll(async () => {
  both = { ...(await hostileDocument()), explanations: explanationsDocument().explanations! };
  reports = await renderTabularReports(both);
  only = await renderTabularReports(explanationsDocument());
  folder = await mkdtemp(join(tmpdir(), 'clarify-ts-explanations-report-'));
  await writeFile(join(folder, 'report.html'), reports['report.html']);
  await writeFile(join(folder, 'only.html'), only['report.html']);
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The `<figure …>…</figure>` elements of a class, in order. */
const figures = (html: string, className: string) => html.split(`<figure class="${className}`).slice(1).map((f) => f.slice(0, f.indexOf('</figure>')));

describe('report.html', () => {
  it("shows per label a bar per top feature with its global SHAP value, the expected value, and the rest counted", () => {
    const html = reports['report.html'];
    expect(html).toContain('<section id="global-shap">\n<h2>Global SHAP values</h2>');
    const shap = figures(html, 'shap');
    expect(shap).toHaveLength(2);
    shap.forEach((figure, k) => {
      const { label, expected, bars } = LABELS[k]!;
      expect(figure).toContain(`" data-label="${label}">\n<figcaption>Label <code>${label}</code>: expected value <span class="num" data-value="${expected}">${formatScore(expected)}</span>, 24 features</figcaption>`);
      const groups = [...figure.matchAll(/<g class="bar" data-feature="([^"]*)" data-value="([^"]*)">(.*?)<\/g>/g)];
      expect(groups.map((g) => [g[1], Number(g[2])])).toEqual(bars.map((b) => [escapeHtml(b.feature), b.value]));
      groups.forEach((g, j) => expect(g[3]).toMatch(new RegExp(`>${formatPhi(bars[j]!.value).replace('+', '\\+')}</text>$`)));
      expect(figure).toContain('<p class="more">and 4 more features with a smaller |global SHAP value|, not shown.</p>');
    });
    expect(html).toContain('>+0.0811</text>');
    expect(html).toContain('text-anchor="end">-0.00157</text>');
    expect(html).not.toContain('commute_km');
  });

  it('has an SVG per partial dependence plot: a line per label (numerical) or bars (categorical), the data underneath, axis labels; the error of a feature without one', () => {
    const html = reports['report.html'];
    expect(html).toContain('<section id="pdp">\n<h2>Partial dependence plots</h2>');
    const pdp = figures(html, 'pdp');
    const entries = explanationsDocument().explanations!.pdp!;
    expect(pdp).toHaveLength(entries.length);
    entries.forEach((entry, k) => {
      const figure = pdp[k]!;
      expect(figure).toContain(`data-feature="${escapeHtml(entry.feature_name)}"`);
      expect(figure).toContain(`<figcaption><code>${escapeHtml(entry.feature_name)}</code> (${entry.data_type})</figcaption>`);
      if ('error' in entry) {
        expect(figure.startsWith(' failed"')).toBe(true);
        expect(figure).toContain(`<p class="failed">No plot: ${escapeHtml(entry.error)}</p>`);
        expect(figure).not.toContain('<svg');
        return;
      }
      const plot = entry as PdpFeatureRecord;
      const svg = figure.slice(figure.indexOf('<svg class="pdp"'));
      expect(svg).toMatch(/^<svg class="pdp" role="img" width="250" height="[\d.]+" viewBox="0 0 250 [\d.]+" aria-label="partial dependence of the model&#39;s output on /);
      expect(svg.split('<rect class="share"').length - 1).toBe(plot.feature_values.length);
      plot.data_distribution.forEach((share, i) => expect(svg).toContain(`<rect class="share" data-index="${i}" data-share="${share}"`));
      if (plot.data_type === 'numerical') {
        expect(svg.split('<polyline class="prediction"').length - 1).toBe(2);
        expect(svg.split('<circle class="point"').length - 1).toBe(2 * plot.feature_values.length);
      } else {
        expect(svg.split('<rect class="prediction"').length - 1).toBe(2 * plot.feature_values.length);
      }
      plot.model_predictions.forEach((row, d) => row.forEach((p, i) => expect(svg).toContain(`data-label="label${d}" data-index="${i}" data-value="${p}"`)));
      expect(svg).toContain(`>${plot.label_headers.length === 1 ? 'mean output' : 'mean outputs'}</text>`);
      expect(svg).toContain(`<text class="axis"`);
      expect(figure).toContain('<div class="pdp-legend"><span class="swatch" style="background:rgb(');
    });
    // The categorical plot names its categories under the plot (cut to their room).
    expect(pdp[1]).toContain('>Masters</text>');
    expect(pdp[1]).toContain('&lt;b&gt;HS-g…</text>');
  });

  it('escapes feature names and categories: no markup of theirs survives', () => {
    for (const html of [reports['report.html'], only['report.html']]) {
      expect(html).not.toContain('<img');
      expect(html).not.toContain('<b>');
      expect(html).toContain(`data-feature="${escapeHtml(HOSTILE_FEATURE)}"`);
      expect(html).toContain('<title>&lt;img src=x onerror=alert(1)&gt;: +0.0342</title>');
      expect(html).toContain(`<title>label0 at ${escapeHtml(HOSTILE_CATEGORY)}: 0.190</title>`);
    }
  });

  it('shows a document with explanations only, and one with nothing to show', async () => {
    const html = only['report.html'];
    expect(html).toContain('<p id="dataset">Dataset: text/csv, 1 file (data/adult.csv): 1000 rows analysed, 0 rows with a missing value left out.</p>');
    expect(html).not.toContain('id="reading-guide"');
    expect(html).not.toContain('id="pre-training"');
    expect(html).toContain('<section id="global-shap">');
    expect(html).toContain('<section id="pdp">');
    expect(html).not.toContain(NOTHING_TO_SHOW);

    const { explanations: _, ...bare } = explanationsDocument();
    const nothing = await renderTabularReports(bare as TabularAnalysisDocument);
    expect(nothing['report.html']).toContain('<p id="dataset">Dataset: text/csv');
    expect(nothing['report.html']).toContain(`<p id="nothing">${NOTHING_TO_SHOW}</p>`);
    expect(nothing['report.html']).not.toContain('<section');
    expect(pdfText(nothing['report.pdf'])).toContain(NOTHING_TO_SHOW);
    // An empty explanations section is nothing to show too.
    const empty = await renderTabularReports({ ...bare, explanations: {} } as TabularAnalysisDocument);
    expect(empty['report.html']).toContain(NOTHING_TO_SHOW);
  });
});

describe('unusual explanations', () => {
  it('draws a one-value grid, gaps for NaN outputs, many categories, many labels, infinite and missing SHAP values', async () => {
    const labels = Array.from({ length: 10 }, (_, d) => `class_${d}`);
    const categories = Array.from({ length: 30 }, (_, i) => `category-${i}`);
    const document = {
      ...explanationsDocument(),
      explanations: {
        kernel_shap: {
          label0: { global_shap_values: { a: Number.POSITIVE_INFINITY, b: 0, c: -1e-7 }, expected_value: Number.NaN },
          label1: { global_shap_values: {}, expected_value: 0 },
        },
        pdp: [
          { feature_name: 'constant', data_type: 'numerical', feature_values: [5], model_predictions: [[0.25]], data_distribution: [1], label_headers: ['label0'] },
          { feature_name: 'gappy', data_type: 'numerical', feature_values: [0, 1, 2, 3, 4], model_predictions: [[0.1, Number.NaN, 0.3, 0.4, Number.NaN]], data_distribution: [0.2, 0.2, 0.2, 0.2, 0.2], label_headers: ['label0'] },
          { feature_name: 'flat', data_type: 'numerical', feature_values: [-3, 3], model_predictions: [[7, 7]], data_distribution: [0, 0], label_headers: ['label0'] },
          {
            feature_name: 'city', data_type: 'categorical', feature_values: categories,
            model_predictions: labels.map((_, d) => categories.map((_, i) => ((d + i) % 7) / 7 - 0.2)),
            data_distribution: categories.map(() => 1 / 30), label_headers: labels,
          },
        ],
      },
    } as unknown as TabularAnalysisDocument;
    const r = await renderTabularReports(document);
    const html = r['report.html'];
    expect(html).not.toMatch(/="[^"]*NaN[^"]*" (?:x|y|width|height|cx|cy|points)=|(?:x|y|width|height|cx|cy|points|x1|y1|x2|y2)="[^"]*NaN/);
    expect(html).toContain('<g class="bar" data-feature="a" data-value="Infinity">');
    expect(html).toContain('expected value <span class="num" data-value="NaN">NaN</span>, 3 features');
    expect(html).toContain('<figcaption>Label <code>label1</code>: expected value <span class="num" data-value="0">0</span>, 0 features</figcaption>');
    const pdps = figures(html, 'pdp');
    expect(pdps[1]!.split('<polyline').length - 1).toBe(2);
    expect(pdps[3]!.split('<rect class="prediction"').length - 1).toBe(300);
    // 30 categories in 196 px: every other one is named, turned.
    expect(pdps[3]!.split('rotate(-90)" dominant-baseline="middle" text-anchor="end">category-').length - 1).toBe(15);
    expect(pdps[3]).toContain('text-anchor="end">category-28</text>');
    if (existsSync('/usr/bin/pdftotext')) {
      const text = pdfText(r['report.pdf']);
      for (const name of ['constant (numerical)', 'gappy (numerical)', 'flat (numerical)', 'city (categorical)', 'Label label1: expected value 0, 0 features']) expect(text).toContain(name);
      expect(text).toMatch(/^\s*a\s+Infinity\s*$/m);
    }
  });
});

/** The text of a PDF as pdftotext lays it out. */
const pdfText = (pdf: Uint8Array) => execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('report.pdf', () => {
  it("shows per label its expected value and a row per top feature with its name and global SHAP value", () => {
    for (const pdf of [reports['report.pdf'], only['report.pdf']]) {
      const lines = pdfText(pdf).split('\n');
      let at = lines.findIndex((l) => l.trim() === 'Global SHAP values');
      expect(at).toBeGreaterThan(0);
      for (const { label, expected, bars } of LABELS) {
        const caption = lines.findIndex((l, i) => i > at && l.trim() === `Label ${label}: expected value ${formatScore(expected)}, 24 features`);
        expect(caption, label).toBeGreaterThan(at);
        expect(lines[caption + 1]?.trim()).toBe('global SHAP value');
        const rows = lines.slice(caption + 2, caption + 2 + SHAP_FEATURES);
        rows.forEach((row, j) => expect(row).toMatch(new RegExp(`^\\s*${escapeRegExp(ascii(bars[j]!.feature))}\\s+${escapeRegExp(formatPhi(bars[j]!.value))}\\s*$`)));
        const more = lines.findIndex((l, i) => i > caption && l.trim() !== '' && i >= caption + 2 + SHAP_FEATURES);
        expect(lines[more]?.trim()).toBe('and 4 more features with a smaller |global SHAP value|, not shown.');
        at = more;
      }
    }
    // Names the standard fonts cannot draw are replaced, as everywhere in the PDF.
    expect(pdfText(only['report.pdf'])).toMatch(/^\s*gr\?\?e_cm\s+\+0\.00588\s*$/m);
  });

  it('names every partial dependence plot by its feature, its axes, and the error of a feature without one', () => {
    const text = pdfText(only['report.pdf']);
    expect(text).toContain('Partial dependence plots');
    for (const entry of explanationsDocument().explanations!.pdp!) expect(text).toContain(`${entry.feature_name} (${entry.data_type})`);
    // The error is wrapped to its cell, beside the next plot.
    expect(text).toMatch(/^occupation_notes \(free_text\)\s+\S.*\nNo plot: Partial dependence plots are not supported for free_text\s.*\nfeatures\.\s/m);
    expect(text.split('mean outputs').length - 1).toBe(3);
    expect(text.split(/\bdata\b/).length - 1).toBeGreaterThanOrEqual(3);
    // Ticks: round values of the output, the grid's ends, the categories.
    expect(text).toMatch(/\b20\.4\b[^\n]*\b45\.6\b/);
    expect(text).toContain('Masters');
  });
});

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  it('loads without console errors or requests, runs no script, shows the charts and the hostile strings as text', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      const requests: string[] = [];
      page.on('request', (r) => !r.url().startsWith('file:') && requests.push(r.url()));
      for (const name of ['report.html', 'only.html']) {
        await page.goto(pathToFileURL(join(folder, name)).href);
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('img, b, i, em').count()).toBe(0);
        const charts = await page.$$eval('figure.shap', (all) => all.map((f) => ({
          label: f.getAttribute('data-label'),
          bars: [...f.querySelectorAll('g.bar')].map((g) => ({
            feature: g.getAttribute('data-feature'),
            value: Number(g.getAttribute('data-value')),
            text: g.querySelectorAll('text')[1]?.textContent,
            width: g.querySelector('rect')?.getBoundingClientRect().width ?? 0,
          })),
          more: f.querySelector('p.more')?.textContent,
        })));
        expect(charts.map((c) => c.label)).toEqual(['label0', 'label1']);
        charts.forEach((c, k) => {
          expect(c.bars.map((b) => [b.feature, b.value, b.text])).toEqual(LABELS[k]!.bars.map((b) => [b.feature, b.value, formatPhi(b.value)]));
          // Longer bars for larger |value|: the bars get shorter down the chart.
          c.bars.slice(1).forEach((b, j) => expect(b.width).toBeLessThanOrEqual(c.bars[j]!.width + 0.01));
          expect(c.bars[0]!.width).toBeGreaterThan(50);
          expect(c.more).toBe('and 4 more features with a smaller |global SHAP value|, not shown.');
        });
        const plots = await page.$$eval('figure.pdp', (all) => all.map((f) => ({
          feature: f.getAttribute('data-feature'),
          caption: f.querySelector('figcaption')?.textContent,
          svg: f.querySelector('svg.pdp')?.getBoundingClientRect().width ?? 0,
          points: f.querySelectorAll('circle.point').length,
          bars: f.querySelectorAll('rect.prediction').length,
          shares: f.querySelectorAll('rect.share').length,
          error: f.querySelector('p.failed')?.textContent,
        })));
        expect(plots).toEqual([
          { feature: 'age', caption: 'age (numerical)', svg: 250, points: 20, bars: 0, shares: 10, error: undefined },
          { feature: 'education', caption: 'education (categorical)', svg: 250, points: 0, bars: 8, shares: 4, error: undefined },
          { feature: 'occupation_notes', caption: 'occupation_notes (free_text)', svg: 0, points: 0, bars: 0, shares: 0, error: 'No plot: Partial dependence plots are not supported for free_text features.' },
          { feature: HOSTILE_FEATURE, caption: `${HOSTILE_FEATURE} (numerical)`, svg: 250, points: 10, bars: 0, shares: 5, error: undefined },
        ]);
        expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(1200);
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('rebuildReports of an analysis.json with explanations', () => {
  it('builds both reports from the document the engine writes (bare NaN tokens included)', async () => {
    const output = join(folder, 'engine');
    await mkdir(output);
    const withNaN: TabularAnalysisDocument = {
      ...both,
      explanations: { ...both.explanations!, kernel_shap: { label0: { global_shap_values: { age: 0.0412, race: Number.NaN, sex: -0.0171 }, expected_value: 0.2408 } } },
    };
    await writeFile(join(output, 'analysis.json'), `${stringifyTabularAnalysis(withNaN)}\n`);
    expect(await readFile(join(output, 'analysis.json'), 'utf8')).toContain('"race": NaN');
    const result = await rebuildReports({ output, note: 'rebuilt' });
    expect(result.files).toEqual(['report.html', 'report.pdf']);
    expect((result.document as TabularAnalysisDocument).explanations!.kernel_shap!['label0']!.global_shap_values['race']).toBeNaN();
    const html = await readFile(join(output, 'report.html'), 'utf8');
    expect(html).toContain('<section id="pre-training">');
    expect(html).toContain('<section id="global-shap">');
    expect(html).toContain('<p class="note">rebuilt</p>');
    // A NaN is shown as such, last, without a bar.
    expect(html).toMatch(/<g class="bar" data-feature="race" data-value="NaN">.*?width="0.5".*?>NaN<\/text><\/g><\/svg>/);
    if (existsSync('/usr/bin/pdftotext')) {
      const text = pdfText(await readFile(join(output, 'report.pdf')));
      expect(text).toMatch(/^\s*race\s+NaN\s*$/m);
      expect(text).toContain('education (categorical)');
    }
  });

  it("builds them from SageMaker Clarify's analysis.json of explanations alone (no bias section, no dataset)", async () => {
    const output = join(folder, 'clarify');
    await mkdir(output);
    await writeFile(join(output, 'analysis.json'), JSON.stringify({ version: '1.0', explanations: explanationsDocument().explanations }));
    await rebuildReports({ output, createdAt: RUN_DATE });
    const html = await readFile(join(output, 'report.html'), 'utf8');
    expect(html).not.toContain('id="dataset"');
    expect(html.split('<figure class="shap"').length - 1).toBe(2);
    expect(html.split('<figure class="pdp').length - 1).toBe(4);
  });

  it('refuses damaged explanations by field, and writes no report', async () => {
    const output = join(folder, 'bad');
    await mkdir(output);
    const good = explanationsDocument();
    const [age, ...rest] = good.explanations!.pdp! as [PdpFeatureRecord, ...unknown[]];
    const cases: [unknown, string, RegExp][] = [
      [{ ...good.explanations, pdp: [{ ...age, model_predictions: [age.model_predictions[0], [0.5]] }, ...rest] },
        'analysis.json: explanations.pdp[0].model_predictions[1]', /allowed: a list of 10 numbers \(one per feature value\)/],
      [{ ...good.explanations, pdp: [{ ...age, data_type: 'numerical', feature_values: ['young', ...age.feature_values.slice(1)] }] },
        'analysis.json: explanations.pdp[0].feature_values', /allowed: a non-empty list of finite numbers/],
      [{ ...good.explanations, pdp: [{ ...age, label_headers: ['label0'] }] },
        'analysis.json: explanations.pdp[0].label_headers', /allowed: a list of 2 strings/],
      [{ ...good.explanations, pdp: [{ feature_name: 'notes', data_type: 'free_text', error: 7 }] },
        'analysis.json: explanations.pdp[0].error', /allowed: a string/],
      [{ kernel_shap: { label0: { global_shap_values: { age: '0.1' }, expected_value: 0.5 } } },
        'analysis.json: explanations.kernel_shap["label0"].global_shap_values["age"]', /allowed: a number/],
      [{ kernel_shap: { label0: { global_shap_values: { age: 0.1 } } } },
        'analysis.json: explanations.kernel_shap["label0"].expected_value', /allowed: a number/],
      [{ pdp: {} }, 'analysis.json: explanations.pdp', /allowed: a list of partial dependence plots/],
      [[], 'analysis.json: explanations', /allowed: \{ kernel_shap\?, pdp\? \}/],
    ];
    for (const [explanations, field, message] of cases) {
      await writeFile(join(output, 'analysis.json'), JSON.stringify({ ...good, explanations }));
      const error = await rebuildReports({ output }).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
    expect(await readdir(output)).toEqual(['analysis.json']);
  });
});
