/**
 * runAnalysis end to end on real files: layout, failures recorded, outputs
 * readable by an independent decoder, inputs under the output never picked up.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { AbortError } from '../../src/errors.js';
import { functionClassifier } from '../../src/models/function.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

async function allFiles(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
}

describe('runAnalysis', () => {
  it('explains every image recursively in sorted order, records failures and writes the Clarify layout', async () => {
    const data = await folderWith({
      'b.png': await squarePng(4),
      'a.png': await squarePng(0),
      'nested/c.JPG': await sharp(await squarePng(8)).jpeg().toBuffer(),
      'broken.png': 'not an image',
      'notes.txt': 'ignored',
      // A previous run's output inside the input folder (the notebook's layout).
      'out/shap_a.jpeg': await sharp(await squarePng(0)).jpeg().toBuffer(),
    });
    const output = join(data, 'out');
    const result = await runAnalysis({ config: classificationConfig('bright'), data, output, models: { bright: brightness }, concurrency: 2 });

    const doc = JSON.parse(await readFile(join(output, 'analysis.json'), 'utf8')) as AnalysisDocument;
    expect(doc.images.map((i) => i.file)).toEqual(['a.png', 'b.png', 'broken.png', 'nested/c.JPG']);
    expect(doc.summary).toEqual({ images: 4, succeeded: 3, failed: 1 });
    expect(result.failed).toBe(1);
    const broken = doc.images[2];
    expect(broken).toMatchObject({ status: 'failed', error: 'ImageDecodeError' });

    const a = doc.images[0] as SucceededImageRecord;
    expect(a.predicted_label?.label).toBe('dark');
    const top = a.explanations![0];
    // Efficiency: the φ add up to the full value minus the expected value.
    const sum = top.shap_values.reduce((s, v) => s + v, 0);
    expect(sum).toBeCloseTo(top.full_value - top.expected_value, 9);
    // The model is linear in the pixels, so the score of the full image is the mean brightness
    // computed here independently.
    const { data: pixels } = await sharp(await squarePng(0)).raw().toBuffer({ resolveWithObject: true });
    const mean = pixels.reduce((s, v) => s + v, 0) / pixels.length / 255;
    expect(top.score).toBeCloseTo(1 - mean, 12);

    // The label image is a 16-bit PNG of segment indices 0..K-1, read by sharp independently.
    expect(await sharp(join(output, a.label_image)).metadata()).toMatchObject({ format: 'png', width: 32, height: 32, channels: 1, depth: 'ushort' });
    const label = await sharp(join(output, a.label_image)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    expect(label.info).toMatchObject({ width: 32, height: 32, channels: 1 });
    const indices = new Set(new Uint16Array(label.data.buffer, label.data.byteOffset, label.data.byteLength / 2));
    expect([...indices].sort((x, y) => x - y)).toEqual([...Array(a.num_segments).keys()]);

    const files = await allFiles(output);
    expect(files).toEqual(
      expect.arrayContaining(['analysis.json', 'report.html', 'report.pdf', 'shap_a.jpeg', 'shap_b.jpeg', 'nested/shap_c.jpeg', 'a_segments.png', 'nested/c_segments.png']),
    );
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect((await sharp(join(output, 'nested/shap_c.jpeg')).metadata()).format).toBe('jpeg');
  });

  it('records an image the model fails on and goes on', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(6) });
    let calls = 0;
    const flaky = functionClassifier((images) => {
      // Call 0 is the run's probe of the model; call 1 is the first of a.png's explanation.
      if (calls++ === 1) throw new Error('endpoint returned 500');
      return images.map(() => [0.3, 0.7]);
    }, ['dark', 'bright']);
    const output = join(data, 'results');
    const result = await runAnalysis({ config: classificationConfig('flaky'), data, output, models: { flaky }, concurrency: 1 });
    expect(result.failed).toBe(1);
    expect(result.document.images[0]).toMatchObject({ file: 'a.png', status: 'failed', error: 'ModelError' });
    expect((result.document.images[0] as { reason: string }).reason).toContain('endpoint returned 500');
    expect(result.document.images[1].status).toBe('succeeded');
  });

  it('gives the same bytes of φ for the same seed, and a baseline image changes them', async () => {
    const data = await folderWith({ 'a.png': await squarePng(2), 'gray.png': await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer() });
    const run = (config = classificationConfig('m'), out = 'o1') =>
      runAnalysis({ config, data, output: join(data, out), files: ['a.png'], models: { m: brightness }, report: false });
    const first = await run();
    const second = await run(undefined, 'o2');
    const phi = (r: typeof first) => (r.document.images[0] as SucceededImageRecord).explanations![0];
    expect(phi(second).shap_values).toEqual(phi(first).shap_values);
    const withBaseline = await run(classificationConfig('m', { baseline: join(data, 'gray.png') }), 'o3');
    // Against a uniform gray baseline the expected value is that gray's darkness, exactly.
    expect(phi(withBaseline).expected_value).toBeCloseTo(1 - 128 / 255, 12);
    expect(withBaseline.document.settings.baseline).toBe(join(data, 'gray.png'));
    // use_logit explains log-odds: the expected value becomes logit(p) of that same score.
    const logit = await run(classificationConfig('m', { baseline: join(data, 'gray.png'), use_logit: true }), 'o4');
    const p = 1 - 128 / 255;
    expect(phi(logit).expected_value).toBeCloseTo(Math.log(p / (1 - p)), 9);
    expect(logit.document.settings.use_logit).toBe(true);
  });

  it('stops on abort with an AbortError and leaves no temporary files', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(2), 'c.png': await squarePng(4) });
    const controller = new AbortController();
    const slow = functionClassifier(async (images) => {
      controller.abort();
      return images.map(() => [0.5, 0.5]);
    });
    const output = join(data, 'out');
    await expect(runAnalysis({ config: classificationConfig('slow'), data, output, models: { slow }, concurrency: 1, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    const files = await allFiles(output).catch(() => []);
    expect(files.filter((f) => f.endsWith('.tmp') || f === 'analysis.json')).toEqual([]);
  });
});
