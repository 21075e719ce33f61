/**
 * `--fade-uncertain` (issue 30, item 6) reaches the heat-map renderer: `explain` with
 * the flag draws each heat map as `renderHeatmap` does with `fadeUncertain` and the
 * run's standard errors, without it as before; with `--shared-scale` too; and a
 * tabular `run` refuses it like the other heat-map flags.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AnalysisDocument, SucceededImageRecord } from '../../src/analysis/document.js';
import { ExitCode } from '../../src/cli/exit-status.js';
import { renderHeatMapFiles } from '../../src/engine/heat-map-redraw.js';
import { isUncertain } from '../../src/explain/image/heatmap.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { cli, demoModel, examples } from '../helpers/run-cli.js';

// Each test runs the CLI in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const image = fileURLToPath(new URL('images/01-circle.png', examples));
// Sampled: 30 coalitions of 2^6 − 2 (SLIC finds 6 segments); with seed 2, segment 0's interval holds 0.
const FAST = ['--model', demoModel, '--num-samples', '30', '--num-segments', '8', '--compactness', '10', '--seed', '2', '--concurrency', '1', '--quiet'];
const MAX_PIXELS = 24_000_000;

async function explain(out: string, ...flags: string[]): Promise<SucceededImageRecord> {
  const result = await cli(['explain', image, ...FAST, ...flags, '--out', out]);
  expect(result.code, result.stderr).toBe(ExitCode.ok);
  const document = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as AnalysisDocument;
  return document.images[0] as SucceededImageRecord;
}

/** The heat map `renderHeatMapFiles` draws for the record, with or without fading. */
async function redrawn(record: SucceededImageRecord, out: string, fadeUncertain: boolean): Promise<Uint8Array> {
  const e = record.explanations![0];
  const drawn = await renderHeatMapFiles(record, await readFile(image), await readFile(join(out, record.label_image)), e.heat_map_scale!, { maxPixels: MAX_PIXELS, fadeUncertain });
  return new Uint8Array(drawn.files[0].body);
}

describe('clarify-ts explain --fade-uncertain', () => {
  let dir: string;
  let plain: SucceededImageRecord;
  beforeAll(async () => {
    dir = await folderWith({});
    plain = await explain(join(dir, 'plain'));
  });

  it('is listed in the help of the commands that draw heat maps', async () => {
    for (const command of ['explain', 'run', 'demo', 'process']) {
      const help = await cli([command, '--help']);
      expect(help.stdout).toContain('--fade-uncertain');
    }
  });

  it('fades the segments whose interval contains 0, and the heat map without it is drawn as before', async () => {
    const faded = await explain(join(dir, 'faded'), '--fade-uncertain');
    const e = faded.explanations![0];
    // The same explanation: the flag changes the drawing only.
    expect(e.shap_values).toEqual(plain.explanations![0].shap_values);
    expect(e.standard_errors).toEqual(plain.explanations![0].standard_errors);
    const uncertain = e.shap_values.filter((v, j) => isUncertain(v, e.standard_errors![j]));
    expect(uncertain.length).toBeGreaterThan(0);
    expect(uncertain.length).toBeLessThan(e.shap_values.length);
    const fadedBytes = new Uint8Array(await readFile(join(dir, 'faded', e.heat_map)));
    const plainBytes = new Uint8Array(await readFile(join(dir, 'plain', e.heat_map)));
    expect(fadedBytes).not.toEqual(plainBytes);
    expect(fadedBytes).toEqual(await redrawn(faded, join(dir, 'faded'), true));
    expect(plainBytes).toEqual(await redrawn(plain, join(dir, 'plain'), false));
  });

  it('fades the heat maps drawn at a shared scale too', async () => {
    const faded = await explain(join(dir, 'shared'), '--shared-scale', '--fade-uncertain');
    const bytes = new Uint8Array(await readFile(join(dir, 'shared', faded.explanations![0].heat_map)));
    expect(bytes).toEqual(await redrawn(faded, join(dir, 'shared'), true));
    expect(bytes).not.toEqual(await redrawn(faded, join(dir, 'shared'), false));
  });

  it('is refused by a tabular run, like the other heat-map flags', async () => {
    const data = await folderWith({
      'train.csv': 'y,a,b\n1,1,2\n0,3,4\n1,5,6\n0,7,8\n',
      'config.json': JSON.stringify({ dataset_type: 'text/csv', headers: ['y', 'a', 'b'], label: 'y', label_values_or_threshold: [1], facet: [{ name_or_index: 'a', value_or_threshold: [3] }], methods: { pre_training_bias: { methods: ['CI'] } } }),
    });
    const result = await cli(['run', '--config', join(data, 'config.json'), '--data', join(data, 'train.csv'), '--output', join(data, 'out'), '--fade-uncertain']);
    expect(result.code).toBe(ExitCode.usage);
    expect(result.stderr).toContain('--fade-uncertain');
  });
});
