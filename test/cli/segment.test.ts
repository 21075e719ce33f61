/**
 * `clarify-ts segment`: decodes the file as the engine does, segments it with SLIC and
 * writes it with the boundaries drawn; an unreadable file is an ImageDecodeError.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { segmentCommand } from '../../src/cli/commands/segment.js';
import { ImageDecodeError } from '../../src/errors.js';
import { slic } from '../../src/explain/slic/slic.js';

const star = fileURLToPath(new URL('../../examples/images/05-star.png', import.meta.url));

describe('clarify-ts segment', () => {
  it('writes the image with boundaries, segmented as slic segments the decoded pixels', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segment-'));
    const out = join(dir, 'segments.png');
    const summary = await segmentCommand(star, { nSegments: 20, compactness: 5, out });
    const { data, info } = await sharp(star).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const expected = slic({ width: info.width, height: info.height, channels: 3, data: new Uint8Array(data) }, { nSegments: 20, compactness: 5 });
    expect(summary.numSegments).toBe(expected.numSegments);
    const written = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([written.info.width, written.info.height]).toEqual([info.width, info.height]);
    // Boundaries were drawn: the output differs from the input somewhere.
    expect(Buffer.compare(written.data.subarray(0, data.length), data)).not.toBe(0);
  });

  it('rejects a missing or undecodable file with ImageDecodeError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segment-'));
    await expect(segmentCommand(join(dir, 'missing.png'), { out: join(dir, 'a.png') })).rejects.toBeInstanceOf(ImageDecodeError);
    await writeFile(join(dir, 'bad.png'), 'not a png');
    await expect(segmentCommand(join(dir, 'bad.png'), { out: join(dir, 'b.png') })).rejects.toBeInstanceOf(ImageDecodeError);
  });
});
