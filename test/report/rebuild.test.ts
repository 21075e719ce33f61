/**
 * rebuildReports on a tabular run's output: the reports come from analysis.json alone
 * (bare NaN tokens included), and a damaged tabular analysis.json is refused by field.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TabularAnalysisDocument, isTabularAnalysisDocument, stringifyTabularAnalysis } from '../../src/analysis/tabular-document.js';
import { runTabularAnalysis } from '../../src/engine/run-tabular-analysis.js';
import { ValidationError } from '../../src/errors.js';
import { rebuildReports } from '../../src/report/rebuild.js';
import { SHARED_BIAS_CASES } from '../bias/helpers/fixture-table.js';
import { HOSTILE_VALUE, hostileDocument } from './bias/hostile-document.js';

// A whole tabular run of the engine over a shared fixture.
vi.setConfig({ testTimeout: 60_000 });

// Both sections, threshold facets and label: `(40, 75]`-like intervals.
const CASE = join(SHARED_BIAS_CASES, '03_continuous_label_and_facet_thresholds');
const RUN_DATE = new Date('2026-05-06T07:08:00.000Z');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'clarify-ts-rebuild-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CASE))('rebuildReports of a tabular run', () => {
  it('builds report.html and report.pdf from the analysis.json runTabularAnalysis wrote, dated with the run', async () => {
    const output = join(root, 'run');
    const run = await runTabularAnalysis({
      config: join(CASE, 'analysis_config.json'), data: join(CASE, 'data'), output, now: () => RUN_DATE,
    });
    // Whether or not the run wrote reports, the rebuild writes them afresh.
    await rm(join(output, 'report.html'), { force: true });
    await rm(join(output, 'report.pdf'), { force: true });
    const before = await readdir(output);
    const result = await rebuildReports({ output });
    expect(result.files).toEqual(['report.html', 'report.pdf']);
    expect((await readdir(output)).sort()).toEqual([...before, 'report.html', 'report.pdf'].sort());
    expect(isTabularAnalysisDocument(result.document)).toBe(true);
    expect(result.document).toEqual(run.document);

    const html = await readFile(join(output, 'report.html'), 'utf8');
    const tabular = result.document as TabularAnalysisDocument;
    expect(html).toContain(`<time datetime="${RUN_DATE.toISOString()}">`);
    expect(html).toContain('id="pre-training"');
    expect(html).toContain('id="post-training"');
    for (const section of [tabular.pre_training_bias_metrics!, tabular.post_training_bias_metrics!]) {
      for (const [facet, entries] of Object.entries(section.facets)) {
        for (const entry of entries) {
          expect(html).toContain(`<table class="bias" data-facet="${facet}" data-value="${entry.value_or_threshold}">`);
          for (const m of entry.metrics) expect(html).toContain(`<td>${m.description}</td>`);
        }
      }
    }
    const pdf = await PDFDocument.load(await readFile(join(output, 'report.pdf')), { updateMetadata: false });
    expect(pdf.getCreationDate()?.toISOString()).toBe(RUN_DATE.toISOString());
  });
});

describe('rebuildReports of a tabular analysis.json', () => {
  it('reads the bare NaN tokens and ±Infinity strings the engine writes, and shows them', async () => {
    const output = join(root, 'nan');
    const document = await hostileDocument();
    const pre = document.pre_training_bias_metrics!;
    const [facet, entries] = Object.entries(pre.facets)[0]!;
    const withNaN: TabularAnalysisDocument = {
      ...document,
      pre_training_bias_metrics: { ...pre, facets: { ...pre.facets, [facet]: [{ ...entries[0]!, metrics: entries[0]!.metrics.map((m) => (m.name === 'JS' ? { ...m, value: Number.NaN } : m)) }] } },
    };
    await mkdir(output);
    await writeFile(join(output, 'analysis.json'), `${stringifyTabularAnalysis(withNaN)}\n`);
    const result = await rebuildReports({ output, note: 'rebuilt' });
    const js = (result.document as TabularAnalysisDocument).pre_training_bias_metrics!.facets[facet]![0]!.metrics.find((m) => m.name === 'JS')!;
    expect(js.value).toBeNaN();
    const html = await readFile(join(output, 'report.html'), 'utf8');
    expect(html).toContain('<th scope="row">JS</th><td>Jensen-Shannon Divergence (JS)</td><td class="num">NaN</td>');
    expect(html).toContain('<td class="num">∞</td>');
    expect(html).toContain('<p class="note">rebuilt</p>');
    expect(html).not.toContain(HOSTILE_VALUE);
  });

  it('refuses a damaged tabular analysis.json by field, and writes no report', async () => {
    const output = join(root, 'bad');
    const document = await hostileDocument();
    const post = document.post_training_bias_metrics!;
    const broken = { ...document, post_training_bias_metrics: { ...post, facets: { age: [{ value_or_threshold: '(40, 63]', metrics: [{ name: 'DI', description: 'Disparate Impact (DI)', value: 'big' }] }] } } };
    await mkdir(output);
    await writeFile(join(output, 'analysis.json'), JSON.stringify(broken));
    const error = await rebuildReports({ output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('analysis.json: post_training_bias_metrics.facets["age"][0].metrics[0].value');
    expect((error as Error).message).toContain('allowed: a number, NaN, "Infinity", "-Infinity" or null');
    await writeFile(join(output, 'analysis.json'), JSON.stringify({ ...document, dataset: { ...document.dataset, rows: -1 } }));
    await expect(rebuildReports({ output })).rejects.toThrow(/^Invalid analysis\.json: dataset\.rows: got -1; allowed: an integer >= 0$/);
    expect(await readdir(output)).toEqual(['analysis.json']);
  });
});
