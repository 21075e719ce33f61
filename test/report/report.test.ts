/**
 * The reports as a reader sees them: report.html in headless Chromium (no
 * console errors, every image loaded, hovering a segment shows its φ) and
 * report.pdf rendered by poppler's pdftoppm (one page per image).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SucceededImageRecord } from '../../src/analysis/document.js';
import { type RunAnalysisResult, runAnalysis } from '../../src/engine/run-analysis.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

let output: string;
let result: RunAnalysisResult;
beforeAll(async () => {
  const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(6), 'z-broken.png': 'not an image' });
  output = join(data, 'out');
  result = await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, concurrency: 1 });
});

describe.skipIf(!hasChromium)('report.html in Chromium', () => {
  it('loads without console errors, shows every image, and shows φ of the hovered segment', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (r) => !r.url().startsWith('data:') && !r.url().startsWith('file:') && requests.push(r.url()));
      await page.goto(pathToFileURL(join(output, 'report.html')).href);

      const images = await page.$$eval('img', (all) => all.map((i) => ({ complete: i.complete, width: i.naturalWidth, cls: i.className })));
      // Two explained images: input + heat map each.
      expect(images.filter((i) => i.cls === 'input')).toHaveLength(2);
      expect(images.filter((i) => i.cls === 'heatmap')).toHaveLength(2);
      expect(images.every((i) => i.complete && i.width > 0)).toBe(true);
      expect(await page.locator('#summary tbody tr').count()).toBe(3);
      expect(await page.locator('#summary tbody tr.failed').textContent()).toContain('z-broken.png');

      // Hover the centre of pixel (10, 12) of a.png's heat map: the tooltip names that pixel's
      // segment (read from the label PNG here) and its φ from analysis.json.
      const record = result.document.images[0] as SucceededImageRecord;
      const label = await sharp(join(output, record.label_image)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer();
      const labels = new Uint16Array(label.buffer, label.byteOffset, label.byteLength / 2);
      const heat = page.locator('#image-0 img.heatmap');
      const box = (await heat.boundingBox())!;
      for (const [px, py] of [[10, 12], [28, 28]] as const) {
        await page.mouse.move(box.x + ((px + 0.5) / record.width) * box.width, box.y + ((py + 0.5) / record.height) * box.height);
        const tip = page.locator('#tooltip');
        await expect.poll(() => tip.getAttribute('data-segment')).toBe(String(labels[py * record.width + px]));
        const value = Number(await tip.getAttribute('data-value'));
        expect(value).toBe(record.explanations![0].shap_values[labels[py * record.width + px]]);
        expect(await tip.isVisible()).toBe(true);
      }
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('report.png', ARTIFACTS).pathname, fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe.skipIf(!existsSync('/usr/bin/pdftoppm'))('report.pdf', () => {
  it('renders a summary page, then one page per image, with pdftoppm', async () => {
    const dir = join(output, 'pages');
    await mkdir(dir);
    execFileSync('pdftoppm', ['-r', '40', '-png', join(output, 'report.pdf'), join(dir, 'page')]);
    const pages = (await readdir(dir)).sort();
    expect(pages).toHaveLength(1 + 3);
    // The first image's page shows pictures: not a blank page.
    const stats = await sharp(await readFile(join(dir, pages[1]))).stats();
    expect(stats.channels[0].min).toBeLessThan(100);
  });
});
