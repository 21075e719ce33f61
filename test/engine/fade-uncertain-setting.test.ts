/**
 * `fadeUncertain` is recorded (issue 30, item 6): `settings.fade_uncertain: true` in
 * analysis.json only when it is on, so that a default run's document is as before, and the
 * image reports add one legend sentence on faded segments then only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { isUncertain, UNCERTAIN_OPACITY } from '../../src/explain/index.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, report).
vi.setConfig({ testTimeout: 120_000 });

const RUN_DATE = new Date('2026-04-05T06:07:00.000Z');
const SENTENCE = 'Segments whose 95% interval contains 0 are drawn faded.';

describe('settings.fade_uncertain', () => {
  let data: string;
  const text = (output: string, file: string) => readFile(join(data, output, file), 'utf8');
  beforeAll(async () => {
    data = await folderWith({ 'a.png': await squarePng(0) });
    for (const fadeUncertain of [false, true]) {
      const output = join(data, fadeUncertain ? 'faded' : 'plain');
      await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, concurrency: 1, ...(fadeUncertain ? { fadeUncertain } : {}), now: () => RUN_DATE });
    }
  });

  it('is true in analysis.json with fadeUncertain and absent without it', async () => {
    const plain = JSON.parse(await text('plain', 'analysis.json')) as AnalysisDocument;
    const faded = JSON.parse(await text('faded', 'analysis.json')) as AnalysisDocument;
    expect(plain.settings).not.toHaveProperty('fade_uncertain');
    expect(faded.settings.fade_uncertain).toBe(true);
    // Otherwise the same settings, in the same order.
    const { fade_uncertain: _f, ...rest } = faded.settings;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plain.settings));
    expect(Object.keys(faded.settings).at(-1)).toBe('fade_uncertain');
  });

  it('adds one legend sentence to report.html then only', async () => {
    expect(await text('plain', 'report.html')).not.toContain(SENTENCE);
    const html = await text('faded', 'report.html');
    expect(html.split(SENTENCE)).toHaveLength(2);
    expect(html.slice(html.indexOf('id="legend"'), html.indexOf('<table id="summary"'))).toContain(SENTENCE);
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('adds it to report.pdf then only', () => {
    const pdf = (output: string) => execFileSync('pdftotext', [join(data, output, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdf('plain')).not.toContain(SENTENCE);
    expect(pdf('faded')).toContain(SENTENCE);
  });
});

describe('clarify-ts/explain exports', () => {
  it('isUncertain and UNCERTAIN_OPACITY, the rule and strength of the fading', () => {
    expect(UNCERTAIN_OPACITY).toBe(0.25);
    expect(isUncertain(0.01, 0.01)).toBe(true);
    expect(isUncertain(0.5, 0.01)).toBe(false);
    expect(isUncertain(0, 0)).toBe(false);
    expect(isUncertain(0.1, undefined)).toBe(false);
  });
});
