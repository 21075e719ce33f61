import { describe, expect, it } from 'vitest';
import { slic } from '../../../src/explain/slic/slic.js';
import { readFixtureImage, readFixtureLabels, readManifest, toSlicOptions } from '../../helpers/slic-fixtures.js';

// Label images produced by scikit-image 0.19.3 (Debian 12); see test/fixtures/slic/README.md.
const { cases } = readManifest();

// Each case runs SLIC on a photo of up to 512×512 pixels: about a second, more on a busy machine.
describe('slic matches scikit-image fixtures bit for bit', { timeout: 30_000 }, () => {
  it('has fixture cases to check', () => {
    expect(cases).toHaveLength(54);
  });

  it.each(cases.map((c) => [`${c.image} ${JSON.stringify(c.slic_kwargs)}`, c] as const))('%s', async (_name, c) => {
    const image = await readFixtureImage(c);
    expect(image.channels).toBe(c.channels);
    const expected = readFixtureLabels(c);
    const result = slic(image, toSlicOptions(c.slic_kwargs));
    expect(result.width).toBe(c.width);
    expect(result.height).toBe(c.height);
    expect(result.labels.length).toBe(expected.length);
    let mismatches = 0;
    let first = -1;
    for (let i = 0; i < expected.length; i++) {
      if (result.labels[i] !== expected[i]) {
        mismatches++;
        if (first < 0) first = i;
      }
    }
    expect({ mismatches, first }).toEqual({ mismatches: 0, first: -1 });
    expect(result.numSegments).toBe(c.num_labels);
  });
});
