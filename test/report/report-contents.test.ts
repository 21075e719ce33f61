/**
 * What the reports tell a reader, read back from the real files: report.pdf
 * through poppler's pdftotext and pdf-lib (summary table, colour legend, the
 * colour bars' φ, the run's date), report.html in headless Chromium (a row per
 * explained class, colour bars and bar charts beside each heat map, the tooltip
 * in the reports' number format).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SucceededImageRecord } from '../../src/analysis/document.js';
import { type RunAnalysisResult, runAnalysis } from '../../src/engine/run-analysis.js';
import { formatPhi, formatScore } from '../../src/report/number-format.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');

let output: string;
let result: RunAnalysisResult;
let explained: SucceededImageRecord[];
beforeAll(async () => {
  const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(6), 'z-broken.png': 'not an image' });
  output = join(await folderWith({}), 'out');
  result = await runAnalysis({
    config: classificationConfig('m'), data, output, models: { m: brightness }, concurrency: 1, topK: 2, sharedScale: true, now: () => RUN_DATE,
  });
  explained = result.document.images.filter((r): r is SucceededImageRecord => r.status === 'succeeded');
});

/** The text of report.pdf as pdftotext lays it out. */
const pdfText = () => execFileSync('pdftotext', ['-layout', join(output, 'report.pdf'), '-'], { encoding: 'utf8' });

describe.skipIf(!existsSync('/usr/bin/pdftotext'))('report.pdf', () => {
  it("is dated with the run's time, not 1970", async () => {
    const pdf = await PDFDocument.load(await readFile(join(output, 'report.pdf')), { updateMetadata: false });
    expect(pdf.getCreationDate()?.toISOString()).toBe(RUN_DATE.toISOString());
    expect(pdf.getModificationDate()?.toISOString()).toBe(RUN_DATE.toISOString());
    expect(pdfText()).toContain('Created 2026-04-05 06:07 UTC');
  });

  it('has the colour legend: what blue and red mean, and that the scale is shared', () => {
    const text = pdfText();
    expect(text).toContain('blue: raises the score (phi > 0)');
    expect(text).toContain('red: lowers it (phi < 0)');
    expect(text.replace(/\s+/g, ' ')).toContain("Full colour is the same |phi| on every heat map (a shared scale: the run's largest |phi|)");
  });

  it("has the HTML report's summary table: every explained class of every image, and the failed one", () => {
    const lines = pdfText().split('\n');
    const header = lines.findIndex((l) => /image\s+class\s+score\s+top segments \(phi\)\s+seconds/.test(l));
    expect(header).toBeGreaterThan(0);
    const rows = lines.slice(header + 1).filter((l) => l.trim() !== '').slice(0, 5).map((l) => l.trim().replace(/\s+/g, ' '));
    for (const [k, record] of explained.entries()) {
      expect(rows[2 * k].startsWith(`${record.file} `)).toBe(true);
      record.explanations!.forEach((e, c) => {
        const top = [...e.shap_values.entries()].sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]) || x[0] - y[0]).slice(0, 3);
        expect(rows[2 * k + c]).toContain(`${e.label} ${formatScore(e.score)} ${top.map(([j, v]) => `#${j} ${formatPhi(v)}`).join(' ')}`);
      });
    }
    expect(rows[4]).toMatch(/^z-broken\.png failed: ImageDecodeError/);
  });

  it("shows each heat map's colour bar with the φ of full colour, and its bar chart of top segments", () => {
    const text = pdfText();
    const scale = explained[0].explanations![0].heat_map_scale!;
    // Four heat maps, one bar each: -scale, 0, +scale under every one.
    expect(text.split(formatPhi(scale)).length - 1).toBeGreaterThanOrEqual(4);
    expect(text.split(formatPhi(-scale)).length - 1).toBeGreaterThanOrEqual(4);
    expect(text.split('top segments (phi)').length - 1).toBe(1 + 4);
    for (const e of explained.flatMap((r) => r.explanations!)) {
      const top = [...e.shap_values].sort((x, y) => Math.abs(y) - Math.abs(x)).slice(0, 8);
      for (const v of top) expect(text).toContain(formatPhi(v));
    }
  });
});

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  it('shows a row per explained class, a colour bar and a bar chart beside each heat map, and φ in one format', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(pathToFileURL(join(output, 'report.html')).href);

      // 2 images × 2 classes + the failed image.
      expect(await page.locator('#summary tbody tr').count()).toBe(5);
      const rows = await page.$$eval('#summary tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
      const e = explained[0].explanations![1];
      expect(rows[1]).toEqual([e.label, formatScore(e.score), expect.stringContaining(formatPhi(e.shap_values.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0)))]);
      expect(await page.locator('#legend').textContent()).toMatch(/blue: raises the score \(φ > 0\).*red: lowers it \(φ < 0\).*shared scale/s);
      expect(await page.locator('time').getAttribute('datetime')).toBe(RUN_DATE.toISOString());

      const bars = await page.$$eval('.explanation', (all) => all.map((x) => ({
        scale: Number(x.querySelector('.colorbar')?.getAttribute('data-scale')),
        ticks: [...(x.querySelectorAll('.colorbar .ticks span') ?? [])].map((s) => s.textContent),
        rampWidth: x.querySelector('.colorbar .ramp')?.getBoundingClientRect().width ?? 0,
        heatWidth: x.querySelector('img.heatmap')?.getBoundingClientRect().width ?? 0,
        chartLeft: x.querySelector('svg.bars')?.getBoundingClientRect().left ?? 0,
        heatRight: x.querySelector('img.heatmap')?.getBoundingClientRect().right ?? 0,
        bars: [...x.querySelectorAll('svg.bars g.bar')].map((g) => ({ segment: Number(g.getAttribute('data-segment')), value: Number(g.getAttribute('data-value')), text: g.querySelectorAll('text')[1]?.textContent })),
      })));
      expect(bars).toHaveLength(4);
      const all = explained.flatMap((r) => r.explanations!);
      bars.forEach((b, k) => {
        expect(b.scale).toBe(all[k].heat_map_scale);
        expect(b.ticks).toEqual([formatPhi(-b.scale), '0', formatPhi(b.scale)]);
        expect(b.rampWidth).toBeCloseTo(b.heatWidth, 0);
        // Beside the heat map, not under it.
        expect(b.chartLeft).toBeGreaterThanOrEqual(b.heatRight);
        expect(b.bars.length).toBe(Math.min(8, all[k].shap_values.length));
        for (const bar of b.bars) {
          expect(bar.value).toBe(all[k].shap_values[bar.segment]);
          expect(bar.text).toBe(formatPhi(bar.value));
        }
      });

      const heat = page.locator('#image-0 img.heatmap').first();
      const box = (await heat.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tip = page.locator('#tooltip');
      await expect.poll(() => tip.getAttribute('data-segment')).not.toBeNull();
      const value = Number(await tip.getAttribute('data-value'));
      expect(await tip.textContent()).toBe(`segment ${await tip.getAttribute('data-segment')}: φ = ${formatPhi(value)}`);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
