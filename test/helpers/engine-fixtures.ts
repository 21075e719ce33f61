/**
 * Small images and configs for engine tests.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import type { AnalysisConfig } from '../../src/clarify/analysis-config.js';
import { functionClassifier } from '../../src/models/function.js';
import type { RasterImage } from '../../src/explain/image/raster.js';

/** A 32×32 image: a bright square on a dark background, position by `shift`. */
export async function squarePng(shift: number): Promise<Buffer> {
  const size = 32;
  const data = Buffer.alloc(size * size * 3, 30);
  for (let y = 8; y < 20; y++) for (let x = 4 + shift; x < 16 + shift; x++) data.fill(220, (y * size + x) * 3, (y * size + x) * 3 + 3);
  return sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer();
}

/** Writes files (relative path → bytes) into a fresh temporary folder. */
export async function folderWith(files: Record<string, Uint8Array | string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'clarify-engine-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

/**
 * Scores [dark, bright] with bright = (mean brightness)^power: additive in the segments at
 * power 1, pairwise at 2 (exact under paired sampling), beyond pairwise from 3.
 */
export function brightnessTo(power: number) {
  return functionClassifier(
    (images: readonly RasterImage[]) =>
      images.map((im) => {
        let sum = 0;
        for (let i = 0; i < im.data.length; i++) sum += im.data[i] as number;
        const p = (sum / im.data.length / 255) ** power;
        return [1 - p, p];
      }),
    ['dark', 'bright'],
  );
}

/** Scores [dark, bright]: the mean brightness of the image. */
export const brightness = brightnessTo(1);

/** A classification config for the model registered as `name`. */
export function classificationConfig(name: string, shap: Partial<NonNullable<AnalysisConfig['methods']['shap']>> = {}): AnalysisConfig {
  return {
    dataset_type: 'application/x-image',
    predictor: { model_name: name, label_headers: ['dark', 'bright'] },
    methods: {
      shap: {
        use_logit: false,
        save_local_shap_values: true,
        num_samples: 40,
        seed: 5,
        image_config: { model_type: 'IMAGE_CLASSIFICATION', num_segments: 6, segment_compactness: 10 },
        ...shap,
      },
    },
  };
}
