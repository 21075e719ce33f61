/**
 * Bad input fails with a typed error naming the field, before anything is written.
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePythonJson } from '../../src/python/json-load.js';
import { runAnalysis } from '../../src/engine/run-analysis.js';
import { ValidationError } from '../../src/errors.js';
import { brightness, classificationConfig, folderWith, squarePng } from '../helpers/engine-fixtures.js';

async function rejectsBeforeWriting(options: Partial<Parameters<typeof runAnalysis>[0]>, field: string | RegExp): Promise<void> {
  const data = await folderWith({ 'a.png': await squarePng(0) });
  const output = join(data, 'out');
  const error = await runAnalysis({ config: classificationConfig('m'), data, output, models: { m: brightness }, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).field).toMatch(field);
  expect(await readdir(output).catch(() => 'absent')).toBe('absent');
}

describe('runAnalysis refuses bad input before writing anything', () => {
  it('a config the Clarify schema rejects', async () => {
    const config = classificationConfig('m');
    (config.methods.shap as Record<string, unknown>).num_samples = 'many';
    await rejectsBeforeWriting({ config }, '$.methods.shap.num_samples');
  });

  it('a tabular config', async () => {
    await rejectsBeforeWriting({ config: { ...classificationConfig('m'), dataset_type: 'text/csv' } }, '$.dataset_type');
  });

  it('an unknown model name', async () => {
    await rejectsBeforeWriting({ config: classificationConfig('nope') }, '$.predictor.model_name');
  });

  it('a missing baseline file', async () => {
    await rejectsBeforeWriting({ config: classificationConfig('m', { baseline: '/nonexistent/baseline.png' }) }, '$.methods.shap.baseline');
  });

  it('a folder without images', async () => {
    const data = await folderWith({ 'notes.txt': 'x' });
    await expect(runAnalysis({ config: classificationConfig('m'), data, output: join(data, 'out'), models: { m: brightness } })).rejects.toMatchObject({ field: 'data' });
  });

  it('an output location that is not writable', async () => {
    const data = await folderWith({ 'a.png': await squarePng(0), 'file.txt': 'x' });
    await rejectsBeforeWriting({ data, output: join(data, 'file.txt', 'out') }, 'output');
    if (process.getuid?.() !== 0) {
      const locked = join(data, 'locked');
      await mkdir(locked);
      await chmod(locked, 0o500);
      await rejectsBeforeWriting({ data, output: join(locked, 'out') }, 'output');
    }
  });

  it('a location scheme the engine cannot read', async () => {
    await rejectsBeforeWriting({ data: 'http://example.com/images' }, 'data');
  });
});

describe('parsePythonJson', () => {
  it('keeps Python floats apart from ints, as the schema requires', async () => {
    const text = JSON.stringify(classificationConfig('m')).replace('"num_segments":6', '"num_segments":6,"context":CTX');
    const data = await folderWith({ 'a.png': await squarePng(0) });
    const path = join(data, 'analysis_config.json');
    await writeFile(path, text.replace('CTX', '1.0'));
    expect((parsePythonJson(text.replace('CTX', '1.0')) as { methods: { shap: { image_config: { context: unknown } } } }).methods.shap.image_config.context).toMatchObject({ value: 1 });
    await expect(runAnalysis({ config: path, data, output: join(data, 'ok'), models: { m: brightness }, report: false })).resolves.toMatchObject({ succeeded: 1 });
    await writeFile(path, text.replace('CTX', '1'));
    await expect(runAnalysis({ config: path, data, output: join(data, 'bad'), models: { m: brightness } })).rejects.toMatchObject({ field: '$.methods.shap.image_config.context' });
  });
});
