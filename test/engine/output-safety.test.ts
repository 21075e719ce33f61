/**
 * What a run writes stays in its output folder, under names that never meet,
 * one run at a time, with nothing half-written left from a killed run.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { mergeAnalysisParts } from '../../src/engine/merge-parts.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { OutputLockedError, ValidationError } from '../../src/errors.js';
import { functionClassifier } from '../../src/models/function.js';
import { startTestAws } from '../helpers/test-aws.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

// Whole runs of the engine (worker threads, ONNX, report), a browser or an S3 server per test.
vi.setConfig({ testTimeout: 120_000 });

async function allFiles(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(root.length + 1)).sort();
}

describe('output confinement', () => {
  it('keeps outputs of an S3 key with ".." segments inside the output prefix', async () => {
    const test = await startTestAws();
    try {
      await test.aws.s3.createBucket('bucket');
      await test.aws.s3.putObject('s3://bucket/in/images/../../../x.png', await squarePng(0));
      await test.aws.s3.putObject('s3://bucket/in/ok.png', await squarePng(3));
      const result = await runAnalysis({
        config: classificationConfig('m'), data: 's3://bucket/in', output: 's3://bucket/deep/er/out', models: { m: brightness }, session: test.session, concurrency: 1,
      });
      expect(result.document.images.map((i) => [i.file, i.status])).toEqual([['images/../../../x.png', 'succeeded'], ['ok.png', 'succeeded']]);
      const keys = await test.aws.s3.listObjects('s3://bucket/');
      const outside = keys.filter((k) => !k.startsWith('s3://bucket/in/') && !k.startsWith('s3://bucket/deep/er/out/'));
      expect(outside).toEqual([]);
      expect(keys).toContain('s3://bucket/deep/er/out/images/__/__/__/shap_x.jpeg');
      expect((result.document.images[0] as SucceededImageRecord).explanations?.[0].heat_map).toBe('images/__/__/__/shap_x.jpeg');
    } finally {
      await test.close();
    }
  });

  it('refuses `files` that leave the data folder', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    await expect(runAnalysis({ config: classificationConfig('m'), data: join(data, 'sub'), files: ['../a.png'], output: join(data, 'out'), models: { m: brightness } }))
      .rejects.toMatchObject({ name: 'ValidationError', field: 'files', value: '../a.png' });
    expect(await readdir(data)).toEqual(['a.png']);
  });

  it('reads exactly the `files` given, without listing the folder', async () => {
    const data = await folderWith({ 'keep/a.png': await squarePng(0), 'other/b.png': await squarePng(3) });
    const result = await runAnalysis({ config: classificationConfig('m'), data, files: ['keep/a.png'], output: join(data, 'out'), models: { m: brightness }, report: false });
    expect(result.document.images.map((i) => i.file)).toEqual(['keep/a.png']);
    await expect(runAnalysis({ config: classificationConfig('m'), data, files: ['keep/nope.png'], output: join(data, 'out2'), models: { m: brightness } }))
      .rejects.toThrow(/Invalid files: got "keep\/nope.png".*it does not exist/);
  });

  it('gives x.png and x.jpg distinct result files, both recorded', async () => {
    const data = await folderWith({ 'x.png': await squarePng(0), 'x.jpg': await sharp(await squarePng(6)).jpeg().toBuffer(), 'y.png': await squarePng(2) });
    const output = join(data, 'out');
    const result = await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, concurrency: 2 });
    const maps = result.document.images.map((i) => (i as SucceededImageRecord).explanations?.[0].heat_map);
    expect(maps).toEqual(['shap_x_jpg.jpeg', 'shap_x_png.jpeg', 'shap_y.jpeg']);
    const files = await allFiles(output);
    expect(files).toEqual(expect.arrayContaining(['shap_x_jpg.jpeg', 'shap_x_png.jpeg', 'x_jpg_segments.png', 'x_png_segments.png', 'shap_y.jpeg']));
    // Each heat map is its own image's: the two inputs differ, so must their maps.
    const [a, b] = await Promise.all(['shap_x_jpg.jpeg', 'shap_x_png.jpeg'].map((f) => readFile(join(output, f))));
    expect(Buffer.compare(a, b)).not.toBe(0);
  });
});

describe('report --merge reads only the folder’s own images', () => {
  async function shardedOutput(): Promise<string> {
    const data = await folderWith({ 'a.png': await squarePng(0), 'b.png': await squarePng(4) });
    const output = join(data, 'out');
    for (const host of ['algo-1', 'algo-2']) {
      await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, shard: { host, hosts: ['algo-1', 'algo-2'] } });
    }
    return output;
  }

  it('refuses a part naming a file outside the folder, before writing anything', async () => {
    const output = await shardedOutput();
    await writeFile(join(dirname(output), 'secret.txt'), 'top secret');
    const partFile = join(output, 'analysis.part-algo-1.json');
    const part = JSON.parse(await readFile(partFile, 'utf8')) as AnalysisDocument;
    (part.images[0] as { image: string }).image = '../secret.txt';
    await writeFile(partFile, JSON.stringify(part));
    const before = await allFiles(output);
    const error = await mergeAnalysisParts({ output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('analysis.part-algo-1.json: images[0].image');
    expect(await allFiles(output)).toEqual(before);
  });

  it('refuses a part whose image is not the JPEG it names, with a typed error instead of a PDF crash', async () => {
    const output = await shardedOutput();
    const partFile = join(output, 'analysis.part-algo-2.json');
    const part = JSON.parse(await readFile(partFile, 'utf8')) as AnalysisDocument;
    const record = part.images[0] as SucceededImageRecord;
    await writeFile(join(output, record.image), 'not a jpeg');
    const error = await mergeAnalysisParts({ output }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/b_image\.jpeg.*not a JPEG image/);
    expect(await readdir(output)).not.toContain('analysis.json');
  });

  it('refuses a part that is not JSON with a typed error', async () => {
    const output = await shardedOutput();
    await writeFile(join(output, 'analysis.part-algo-1.json'), '{ nope');
    await expect(mergeAnalysisParts({ output })).rejects.toMatchObject({ name: 'ValidationError', field: 'analysis.part-algo-1.json' });
  });
});

describe('leftovers and locks', () => {
  it('removes the *.tmp files a killed run left, and only those', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const output = join(data, 'out');
    await mkdir(join(output, 'nested'), { recursive: true });
    await writeFile(join(output, 'shap_a.jpeg.0123456789ab.tmp'), 'half');
    await writeFile(join(output, 'nested', 'analysis.json.abcdefabcdef.tmp'), 'half');
    await writeFile(join(output, 'mine.tmp'), 'a user file');
    await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, report: false });
    const files = await allFiles(output);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual(['mine.tmp']);
    expect(files).not.toContain('.clarify-ts.lock');
  });

  it('lets one run at a time write to a folder; the second fails at once naming the first', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const output = join(data, 'out');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let calls = 0;
    const slow = functionClassifier(async (images) => {
      // Call 0 is the probe; the first call of the explanation holds the run until released.
      if (calls++ === 1) {
        entered();
        await gate;
      }
      return images.map(() => [0.4, 0.6]);
    }, ['dark', 'bright']);
    const first = runAnalysis({ config: classificationConfig('m'), data, output, models: { m: slow }, report: false });
    await inside;
    const error = await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, report: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputLockedError);
    expect((error as OutputLockedError).holder).toContain(`process ${process.pid} on ${hostname()}`);
    expect((error as Error).message).toContain(join(output, '.clarify-ts.lock'));
    release();
    await expect(first).resolves.toMatchObject({ succeeded: 1 });
    // Released: the next run goes ahead.
    await expect(runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, report: false })).resolves.toMatchObject({ succeeded: 1 });
  });

  it('takes over the lock of a run on this machine whose process is gone', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const output = join(data, 'out');
    const child = spawn(process.execPath, ['-e', '0']);
    const pid = child.pid as number;
    await new Promise((r) => child.on('exit', r));
    await mkdir(output);
    await writeFile(join(output, '.clarify-ts.lock'), JSON.stringify({ id: 'gone', pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
    await expect(runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, report: false })).resolves.toMatchObject({ succeeded: 1 });
    expect(await readdir(output)).not.toContain('.clarify-ts.lock');
  });

  it('does not take over a lock held on another machine', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const output = join(data, 'out');
    await mkdir(output);
    await writeFile(join(output, '.clarify-ts.lock'), JSON.stringify({ id: 'x', pid: 1, host: 'other-host', started: '2026-01-01T00:00:00.000Z' }));
    await expect(runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness } }))
      .rejects.toThrow(/held by process 1 on other-host since 2026-01-01T00:00:00.000Z.*delete the lock file/);
    expect((await readdir(output)).sort()).toEqual(['.clarify-ts.lock']);
  });

  it('locks an S3 output as a best effort', async () => {
    const test = await startTestAws();
    try {
      await test.aws.s3.createBucket('bucket');
      await test.aws.s3.putObject('s3://bucket/in/a.png', await squarePng(0));
      await test.aws.s3.putObject('s3://bucket/out/.clarify-ts.lock', JSON.stringify({ id: 'x', pid: 7, host: 'algo-1', started: '2026-01-01T00:00:00.000Z' }));
      const run = () => runAnalysis({ config: classificationConfig('m'), data: 's3://bucket/in', output: 's3://bucket/out', models: { m: brightness }, session: test.session, report: false });
      await expect(run()).rejects.toThrow(/s3:\/\/bucket\/out\/.clarify-ts.lock is held by process 7 on algo-1/);
      expect(await test.aws.s3.listObjects('s3://bucket/out/')).toEqual(['s3://bucket/out/.clarify-ts.lock']);
      await runAnalysis({ config: classificationConfig('m'), data: 's3://bucket/in', output: 's3://bucket/free', models: { m: brightness }, session: test.session, report: false });
      expect(await test.aws.s3.listObjects('s3://bucket/free/')).not.toContain('s3://bucket/free/.clarify-ts.lock');
    } finally {
      await test.close();
    }
  });
});
