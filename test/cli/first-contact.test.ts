/**
 * The CLI as a new user first meets it: `--version`, one-line usage errors that
 * suggest the right spelling, a missing image said plainly, a table row per
 * explained class, and `report <folder>` rebuilding a folder's reports.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { build } from 'tsup';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-status.js';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { formatPhi, formatScore } from '../../src/report/number-format.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { cli, demoModel, examples, lines } from '../helpers/run-cli.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const circle = fileURLToPath(new URL('images/01-circle.png', examples));
const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** Exit 2, nothing on stdout, one stderr line equal to `line`. */
function expectUsage(result: { code: number | null; stdout: string; stderr: string }, line: string | RegExp): void {
  expect(result.code, result.stderr).toBe(ExitCode.usage);
  expect(result.stdout).toBe('');
  expect(lines(result.stderr)).toHaveLength(1);
  if (typeof line === 'string') expect(result.stderr.trim()).toBe(line);
  else expect(result.stderr.trim()).toMatch(line);
  expect(result.stderr).not.toContain('Usage:');
}

describe('clarify-ts --version', () => {
  it("prints package.json's version from the sources (tsx)", async () => {
    for (const flag of ['--version', '-V']) {
      const result = await cli([flag]);
      expect(result.code).toBe(ExitCode.ok);
      expect(result.stdout).toBe(`${version}\n`);
      expect(result.stderr).toBe('');
    }
  });

  it('prints it from the built executable too (dist/cli/bin.js beside package.json)', async () => {
    const dir = await folderWith({});
    await copyFile(join(ROOT, 'package.json'), join(dir, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    // The executable's entry of tsup.config.ts, built into a scratch package.
    await build({ config: false, entry: { 'cli/bin': join(ROOT, 'src/cli/bin.ts') }, format: ['esm'], outDir: join(dir, 'dist'), target: 'node20', dts: false, silent: true, external: [/^[^./]/] });
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'dist/cli/bin.js'), '--version'], { encoding: 'utf8' });
    expect(stdout).toBe(`${version}\n`);
  });
});

describe('usage errors are one line with a hint, not the help', () => {
  it.each([
    [['exlpain', 'a.png'], "clarify-ts: unknown command 'exlpain'; did you mean explain? (see clarify-ts --help)"],
    [['explain', 'a.png', '--model', 'm.onnx', '--num-sample', '3'], "clarify-ts: unknown option '--num-sample'; did you mean --num-samples? (see clarify-ts explain --help)"],
    [['explain', 'a.png', '--model', 'm.onnx', '--frobnicate'], "clarify-ts: unknown option '--frobnicate' (see clarify-ts explain --help)"],
    [['report'], 'clarify-ts: report needs an output location (or --merge <location>) (see clarify-ts report --help)'],
    [['report', 'a', '--merge', 'b'], 'clarify-ts: give an output location or --merge <location>, not both (see clarify-ts report --help)'],
  ])('%j', async (args, line) => {
    expectUsage(await cli(args), line);
  });
});

describe('a path that is not there', () => {
  it.each([
    [(dir: string) => ['explain', join(dir, 'nope.jpg'), '--model', demoModel], (dir: string) => `clarify-ts: ${join(dir, 'nope.jpg')} does not exist`],
    [(_dir: string) => ['explain', 'nope.jpg', '--model', demoModel], (_dir: string) => 'clarify-ts: nope.jpg does not exist'],
    [(dir: string) => ['explain', circle, '--model', demoModel, '--labels', join(dir, 'labels.txt')], (dir: string) => `clarify-ts: ${join(dir, 'labels.txt')} does not exist (--labels)`],
    [(dir: string) => ['explain', circle, '--model', demoModel, '--baseline', join(dir, 'grey.png')], (dir: string) => `clarify-ts: ${join(dir, 'grey.png')} does not exist (--baseline)`],
    [(dir: string) => ['segment', join(dir, 'nope.png')], (dir: string) => `clarify-ts: ${join(dir, 'nope.png')} does not exist`],
    [(dir: string) => ['run', '--config', join(dir, 'c.json'), '--data', dir, '--output', join(dir, 'o')], (dir: string) => `clarify-ts: ${join(dir, 'c.json')} does not exist (--config)`],
    [(dir: string) => ['report', join(dir, 'results')], (dir: string) => `clarify-ts: ${join(dir, 'results')} does not exist`],
  ])('is said plainly, exit 2, nothing written (%#)', async (args, line) => {
    const dir = await folderWith({});
    const result = await cli(args(dir), {});
    expectUsage(result, line(dir));
    await expect(stat(join(dir, 'clarify-output'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('clarify-ts explain --top-k 3', () => {
  it('prints a table row for each explained class of each image', async () => {
    const dir = await folderWith({});
    await copyFile(circle, join(dir, 'circle.png'));
    await copyFile(fileURLToPath(new URL('images/02-square.png', examples)), join(dir, 'square.png'));
    const out = join(dir, 'out');
    const result = await cli(['explain', join(dir, 'circle.png'), join(dir, 'square.png'), '--model', demoModel, '--num-samples', '30', '--seed', '4', '--top-k', '3', '--out', out, '--concurrency', '1']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const doc = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as AnalysisDocument;
    const table = lines(result.stdout).slice(0, 1 + 6);
    expect(table[0]).toMatch(/^image\s+class\s+score\s+top segments \(φ\)\s+seconds$/);
    const records = doc.images as SucceededImageRecord[];
    records.forEach((record, k) => {
      expect(record.explanations).toHaveLength(3);
      record.explanations!.forEach((e, c) => {
        const row = table[1 + 3 * k + c];
        // The image's name on its first row only.
        if (c === 0) expect(row.startsWith(`${record.file} `)).toBe(true);
        else expect(row.startsWith(' ')).toBe(true);
        const top = [...e.shap_values.entries()].sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]) || x[0] - y[0]).slice(0, 3);
        expect(row.replace(/\s+/g, ' ').trim()).toContain(`${e.label} ${formatScore(e.score)} ${top.map(([j, v]) => `#${j} ${formatPhi(v)}`).join(' ')}`);
      });
    });
    expect(lines(result.stdout)[1 + 6]).toBe('2 explained, 0 failed.');
  });
});

describe('clarify-ts report <folder>', () => {
  let dir: string;
  let out: string;
  beforeAll(async () => {
    dir = await folderWith({});
    await copyFile(circle, join(dir, 'circle.png'));
    out = join(dir, 'out');
    const result = await cli(['explain', join(dir, 'circle.png'), '--model', demoModel, '--num-samples', '30', '--seed', '4', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
  });

  it("rebuilds report.html and report.pdf from analysis.json, dated with the run's time", async () => {
    await rm(join(out, 'report.html'));
    await rm(join(out, 'report.pdf'));
    const result = await cli(['report', out]);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    expect(result.stdout).toContain('circle.png');
    expect(result.stdout).toContain(`Report: ${join(out, 'report.html')}`);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    const doc = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as AnalysisDocument;
    const pdf = await PDFDocument.load(await readFile(join(out, 'report.pdf')), { updateMetadata: false });
    // PDF dates count whole seconds.
    expect(pdf.getCreationDate()?.getTime()).toBe(Math.floor(Date.parse(doc.created_at!) / 1000) * 1000);
  });

  it('rebuilds the reports of an analysis.json written before scales and dates were recorded', async () => {
    const old = join(dir, 'old');
    await mkdir(old);
    const doc = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as AnalysisDocument & Record<string, unknown>;
    const { created_at: _created, ...rest } = doc;
    const { heat_map_scale: _mode, segment_numbers: _numbers, ...settings } = doc.settings;
    const images = (doc.images as SucceededImageRecord[]).map((r) => ({ ...r, explanations: r.explanations!.map(({ heat_map_scale: _s, ...e }) => e) }));
    await writeFile(join(old, 'analysis.json'), JSON.stringify({ ...rest, settings, images }));
    const record = images[0];
    for (const f of [record.image, record.label_image, record.explanations[0].heat_map]) await copyFile(join(out, f), join(old, f));
    const result = await cli(['report', old, '--json']);
    expect(result.code, result.stderr).toBe(ExitCode.ok);
    const html = await readFile(join(old, 'report.html'), 'utf8');
    const max = Math.max(...record.explanations[0].shap_values.map(Math.abs));
    expect(html).toContain(`data-scale="${max}"`);
  });

  it('points at --merge for a folder holding only the parts of a sharded run', async () => {
    const parts = await folderWith({ 'analysis.part-algo-1.json': '{}' });
    expectUsage(await cli(['report', parts]), /^clarify-ts: Invalid output: .*merge them with clarify-ts report --merge\)$/);
  });

  it('refuses an analysis.json that clarify-ts did not write, by field', async () => {
    const bad = await folderWith({ 'analysis.json': JSON.stringify({ settings: { model_type: 'IMAGE_CLASSIFICATION' }, images: [] }) });
    expectUsage(await cli(['report', bad]), /^clarify-ts: Invalid analysis\.json: settings\.num_segments: got undefined; allowed: a number$/);
  });
});
