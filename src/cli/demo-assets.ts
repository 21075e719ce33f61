/**
 * Where `clarify-ts demo` finds its model and sample images.
 *
 * They live in the package's `examples/models/` and `examples/images/`, which
 * the npm package ships ("files" in package.json). The module asking is two
 * folders down from the package root from sources (`src/cli/`, under tsx) and
 * from the build (`dist/cli/bin.js`), but a bundler may move it (into a shared
 * chunk, or deeper), so the root is found by walking up to the clarify-ts
 * package.json rather than by a fixed `../../`.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClarifyError } from '../errors.js';

/** Absolute paths of the demo's files. */
export interface DemoAssets {
  /** The demo model, `examples/models/shapes-cnn.onnx` (its sidecar `shapes-cnn.json` beside it). */
  readonly model: string;
  /** The folder of the sample images, `examples/images/`. */
  readonly images: string;
  /** The images' manifest, `examples/images/manifest.json`. */
  readonly manifest: string;
}

const PACKAGE_NAME = 'clarify-ts';
const MODEL = ['examples', 'models', 'shapes-cnn.onnx'] as const;
const IMAGES = ['examples', 'images'] as const;

/**
 * Finds the demo's model and images in the clarify-ts package that holds
 * `from` (a file URL or path; default: this module).
 *
 * @throws {@link ClarifyError} naming what is missing, when no enclosing
 *   clarify-ts package holds them (e.g. a package trimmed by a bundler).
 */
export function locateDemoAssets(from: string = import.meta.url): DemoAssets {
  const start = from.startsWith('file:') ? fileURLToPath(from) : from;
  const root = packageRoot(dirname(start));
  if (root === undefined) {
    throw new ClarifyError(`The demo's model and sample images come with the clarify-ts package, but no clarify-ts package.json encloses ${start}`);
  }
  const assets: DemoAssets = {
    model: join(root, ...MODEL),
    images: join(root, ...IMAGES),
    manifest: join(root, ...IMAGES, 'manifest.json'),
  };
  const missing = [assets.model, assets.manifest].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new ClarifyError(
      `The demo's model and sample images are missing from the clarify-ts package at ${root} (not found: ${missing.join(', ')}); reinstall clarify-ts`,
    );
  }
  return assets;
}

/**
 * The nearest folder at or above `dir` whose package.json is clarify-ts's. The
 * name is checked so that a package trimmed of its examples fails here instead
 * of picking up the examples of whatever project encloses node_modules.
 */
function packageRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest) && readName(manifest) === PACKAGE_NAME) return current;
    if (dirname(current) === current) return undefined;
  }
}

function readName(manifest: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    // An unreadable or malformed package.json on the way up is someone else's; keep looking.
    return undefined;
  }
}
