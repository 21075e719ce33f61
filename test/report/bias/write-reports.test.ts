/**
 * The bias reports of a tabular run, read back as a reader sees them: report.html as
 * text (every metric's row, description and meaning; every document string escaped)
 * and in headless Chromium (no console errors, no script, the hostile strings shown as
 * text), report.pdf through poppler's pdftotext (the header, the dataset, a table row
 * per metric, the errors and meanings) and pdf-lib (dated with the run's time).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BiasMetricRecord, TabularAnalysisDocument } from '../../../src/analysis/tabular-document.js';
import { AbortError } from '../../../src/errors.js';
import { escapeHtml } from '../../../src/report/html-escape.js';
import { METRIC_MEANINGS } from '../../../src/report/bias/metric-meanings.js';
import { metricValueText, readMetricValue } from '../../../src/report/bias/metric-value.js';
import { renderTabularReports, writeTabularReports } from '../../../src/report/bias/write-reports.js';
import type { RenderedReports } from '../../../src/report/write-reports.js';
import { hasChromium, launchChromium } from '../../helpers/chromium.js';
import { HOSTILE_FACET, HOSTILE_VALUE, RUN_DATE, hostileDocument } from './hostile-document.js';

// A browser and poppler per test.
vi.setConfig({ testTimeout: 60_000 });

type Entry = { section: 'pre_training_bias_metrics' | 'post_training_bias_metrics'; facet: string; value: string; metrics: BiasMetricRecord[] };

let document: TabularAnalysisDocument;
let reports: RenderedReports;
let folder: string;
let entries: Entry[];
beforeAll(async () => {
  document = await hostileDocument();
  reports = await renderTabularReports(document, { note: 'A note <em>as text</em>.' });
  folder = await mkdtemp(join(tmpdir(), 'clarify-ts-bias-report-'));
  await writeFile(join(folder, 'report.html'), reports['report.html']);
  await writeFile(join(folder, 'report.pdf'), reports['report.pdf']);
  entries = (['pre_training_bias_metrics', 'post_training_bias_metrics'] as const).flatMap((section) =>
    Object.entries(document[section]!.facets).flatMap(([facet, list]) => list.map((e) => ({ section, facet, value: e.value_or_threshold, metrics: e.metrics }))),
  );
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('report.html', () => {
  it('has the run: its date, the engine, the dataset, and the note', () => {
    const html = reports['report.html'];
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<time datetime="${RUN_DATE.toISOString()}">2026-04-05 06:07 UTC</time> by clarify-ts 9.8.7-test.`);
    expect(html).toContain('Dataset: text/csv, 1 file (data/&lt;i&gt;train&lt;/i&gt;.csv): 54 rows analysed, 3 rows with a missing value left out.');
    expect(html).toContain('<p class="note">A note &lt;em&gt;as text&lt;/em&gt;.</p>');
  });

  it('has a table per facet entry, and in it a row per metric with its description, value and meaning', () => {
    const html = reports['report.html'];
    const sections = html.split('<section ').slice(1);
    expect(sections).toHaveLength(2);
    expect(sections[0]).toMatch(/^id="pre-training">\n<h2>Pre-training bias<\/h2>\n<p class="label">Label <code>y<\/code>, positive value\(s\) or threshold <code>1<\/code>/);
    expect(sections[1]).toMatch(/^id="post-training">\n<h2>Post-training bias<\/h2>/);
    const tables = html.split('<table class="bias"').slice(1);
    expect(tables).toHaveLength(entries.length);
    tables.forEach((table, t) => {
      const entry = entries[t]!;
      expect(table.startsWith(` data-facet="${escapeHtml(entry.facet)}" data-value="${escapeHtml(entry.value)}">`)).toBe(true);
      const rows = table.split('<tr data-metric=').slice(1);
      expect(rows).toHaveLength(entry.metrics.length);
      entry.metrics.forEach((m, k) => {
        const row = rows[k]!;
        expect(row.startsWith(`"${m.name}"`)).toBe(true);
        expect(row).toContain(`<th scope="row">${m.name}</th><td>${escapeHtml(m.description)}</td>`);
        expect(row).toContain(`>${escapeHtml(metricValueText(readMetricValue(m)))}</td>`);
        expect(row).toContain(`<td class="meaning">${escapeHtml(METRIC_MEANINGS[m.name as keyof typeof METRIC_MEANINGS])}</td>`);
      });
    });
    // Values as the document has them: an error, ±∞, numbers with 3 significant digits.
    expect(html).toContain('<td class="error">error: Group variable is empty or not provided</td>');
    expect(html).toContain('<td class="num">∞</td>');
    expect(html).toContain('<td class="num">−∞</td>');
    expect(html).toContain('<td class="num" data-value="0.18518518518518517">0.185</td>');
  });

  it('escapes the facet column name, the facet value and the file names: no markup of theirs survives', () => {
    const html = reports['report.html'];
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b onmouseover');
    expect(html).not.toContain('<i>train');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('<caption>Facet <code>sex&lt;b onmouseover=&quot;alert(1)&quot;&gt;</code>, value(s) or threshold <code>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</code></caption>');
  });

  it('shows NaN, and a document without the engine\'s additions (as Clarify writes it)', async () => {
    const pre = document.pre_training_bias_metrics!;
    const [facet, list] = Object.entries(pre.facets)[0]!;
    const metrics = list[0]!.metrics.map((m) => (m.name === 'KL' ? { ...m, value: Number.NaN } : m));
    const clarify = { version: '1.0', pre_training_bias_metrics: { ...pre, facets: { [facet]: [{ ...list[0]!, metrics }] } } } as unknown as TabularAnalysisDocument;
    const r = await renderTabularReports(clarify, { createdAt: RUN_DATE });
    expect(r['report.html']).toContain('<th scope="row">KL</th><td>Kullback-Liebler Divergence (KL)</td><td class="num">NaN</td>');
    expect(r['report.html']).toContain(`<time datetime="${RUN_DATE.toISOString()}">2026-04-05 06:07 UTC</time>.</p>`);
    expect(r['report.html']).not.toContain('id="dataset"');
    expect(r['report.html']).not.toContain('id="post-training"');
    expect(execFileSync('pdftotext', ['-layout', '-', '-'], { input: r['report.pdf'], encoding: 'utf8' })).toMatch(/^\s*KL\s+Kullback-Liebler Divergence \(KL\)\s+NaN$/m);
  });
});

/** The text of report.pdf as pdftotext lays it out. */
const pdfText = () => execFileSync('pdftotext', ['-layout', join(folder, 'report.pdf'), '-'], { encoding: 'utf8' });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('report.pdf', () => {
  it("is dated with the run's time, names the engine, the dataset and the note", async () => {
    const pdf = await PDFDocument.load(reports['report.pdf'], { updateMetadata: false });
    expect(pdf.getCreationDate()?.toISOString()).toBe(RUN_DATE.toISOString());
    expect(pdf.getCreator()).toBe('clarify-ts 9.8.7-test');
    const text = pdfText();
    expect(text).toContain('Created 2026-04-05 06:07 UTC by clarify-ts 9.8.7-test.');
    expect(text.replace(/\s+/g, ' ')).toContain('Dataset: text/csv, 1 file (data/<i>train</i>.csv): 54 rows analysed, 3 rows with a missing value left out.');
    expect(text).toContain('A note <em>as text</em>.');
  });

  it('has both sections, each with its label, and a table per facet entry with a row per metric', () => {
    const text = pdfText();
    const lines = text.split('\n');
    const pre = lines.findIndex((l) => l.trim() === 'Pre-training bias');
    const post = lines.findIndex((l) => l.trim() === 'Post-training bias');
    expect(pre).toBeGreaterThan(0);
    expect(post).toBeGreaterThan(pre);
    expect(lines[pre + 1]?.trim()).toBe('Label y, positive value(s) or threshold 1.');
    let at = 0;
    for (const entry of entries) {
      // Captions in order: the hostile strings are plain text here.
      const caption = lines.findIndex((l, i) => i >= at && l.trim() === `Facet ${entry.facet}, value(s) or threshold ${entry.value}`);
      expect(caption, `${entry.facet} = ${entry.value}`).toBeGreaterThanOrEqual(at);
      expect(caption > post).toBe(entry.section === 'post_training_bias_metrics');
      expect(lines[caption + 1]).toMatch(/^\s*metric\s+description, and what the value means\s+value$/);
      for (const m of entry.metrics) {
        const value = m.value === null ? 'error' : metricValueText(readMetricValue(m), true);
        const row = new RegExp(`^\\s*${m.name}\\s+${escapeRegExp(m.description)}\\s+${escapeRegExp(value)}$`);
        const found = lines.findIndex((l, i) => i > caption && row.test(l));
        expect(found, `${m.name} of ${entry.facet} = ${entry.value}`).toBeGreaterThan(caption);
        at = found;
      }
    }
  });

  it('shows the errors and what each metric means', () => {
    const text = pdfText().replace(/\s+/g, ' ');
    expect(text).toContain('error: Group variable is empty or not provided');
    expect(text).toContain('error: FlipTest does not support non-numeric columns');
    for (const meaning of Object.values(METRIC_MEANINGS)) expect(text).toContain(meaning);
  });
});

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  it('loads without console errors or requests, runs no script, and shows the hostile strings as text', async () => {
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
      await page.goto(pathToFileURL(join(folder, 'report.html')).href);

      expect(await page.locator('script').count()).toBe(0);
      expect(await page.locator('b, i, em').count()).toBe(0);
      const tables = await page.$$eval('table.bias', (all) => all.map((t) => ({
        facet: t.getAttribute('data-facet'),
        value: t.getAttribute('data-value'),
        caption: t.querySelector('caption')?.textContent,
        rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
      })));
      expect(tables).toHaveLength(entries.length);
      tables.forEach((t, k) => {
        const entry = entries[k]!;
        expect(t.facet).toBe(entry.facet);
        expect(t.value).toBe(entry.value);
        expect(t.caption).toBe(`Facet ${entry.facet}, value(s) or threshold ${entry.value}`);
        expect(t.rows).toEqual(entry.metrics.map((m) => [m.name, m.description, metricValueText(readMetricValue(m)), METRIC_MEANINGS[m.name as keyof typeof METRIC_MEANINGS]]));
      });
      expect(tables[0]!.facet).toBe(HOSTILE_FACET);
      expect(tables[0]!.value).toBe(HOSTILE_VALUE);
      expect(await page.locator('time').getAttribute('datetime')).toBe(RUN_DATE.toISOString());
      // The page fits its width: no table runs off to the right.
      expect(await page.$eval('html', (html) => html.scrollWidth)).toBeLessThanOrEqual(1200);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('writeTabularReports', () => {
  it('writes report.html and report.pdf and returns their names', async () => {
    const written = new Map<string, Uint8Array | string>();
    const names = await writeTabularReports(document, { write: async (path, body) => void written.set(path, body) }, undefined, { note: 'A note <em>as text</em>.' });
    expect(names).toEqual(['report.html', 'report.pdf']);
    expect(written.get('report.html')).toBe(reports['report.html']);
    expect((written.get('report.pdf') as Uint8Array).byteLength).toBeGreaterThan(1000);
  });

  it('writes nothing once the signal has fired', async () => {
    const written: string[] = [];
    const controller = new AbortController();
    controller.abort();
    await expect(writeTabularReports(document, { write: async (path) => void written.push(path) }, controller.signal)).rejects.toBeInstanceOf(AbortError);
    expect(written).toEqual([]);
  });
});
