/**
 * The image arguments of `clarify-ts explain`: files are taken as given,
 * folders are searched (that folder only, recursively) for images.
 *
 * @packageDocumentation
 */
import { readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ValidationError } from '../errors.js';
import { isImageFile } from '../engine/output-names.js';
import { MissingFileError, isMissing } from './missing-file.js';

/** The images to explain: a folder and paths under it, as `runAnalysis` takes them. */
export interface ImageSelection {
  /** The deepest folder holding every argument (a folder argument counts as itself). */
  readonly root: string;
  /** Paths relative to `root`, `/`-separated, without duplicates, sorted by code unit. */
  readonly files: readonly string[];
}

const IMAGE = 'a .jpg, .jpeg or .png file, or a folder of them';

/**
 * Resolves `explain`'s arguments without touching anything else on disk: a
 * file argument is only checked with `stat` (never listed around), and a
 * folder argument is listed, recursively, below itself only.
 *
 * In a folder, a regular file or a symbolic link to one counts when its name
 * ends in .jpg, .jpeg or .png (any case); symbolic links to folders are not
 * followed (a link loop would never end), and `skip` (the output folder) is
 * left out, so that a rerun does not explain the last run's heat maps.
 *
 * @throws {@link MissingFileError} (field `images`) for an argument that does not exist.
 * @throws {@link ValidationError} (field `images`) for no argument, a
 *   file that is not an image, a folder without images, or arguments with no
 *   common folder (different Windows drives).
 */
export async function selectImages(args: readonly string[], skip?: string): Promise<ImageSelection> {
  if (args.length === 0) throw new ValidationError('images', args, IMAGE, 'none given');
  const skipped = skip === undefined ? undefined : resolve(skip);
  const found: string[] = [];
  const bases: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (isMissing(err)) throw new MissingFileError('images', arg, 'image or folder');
      throw new ValidationError('images', arg, IMAGE, err.message);
    });
    if (info.isDirectory()) {
      const images = await imagesUnder(path, arg, skipped);
      if (images.length === 0) throw new ValidationError('images', arg, IMAGE, 'no .jpg, .jpeg or .png image in that folder or below');
      found.push(...images);
      bases.push(path);
    } else {
      if (!isImageFile(path)) throw new ValidationError('images', arg, IMAGE, 'the name does not end in .jpg, .jpeg or .png');
      if (!info.isFile()) throw new ValidationError('images', arg, IMAGE, 'not a regular file');
      found.push(path);
      bases.push(dirname(path));
    }
  }
  const root = commonFolder(bases, args);
  const files = [...new Set(found.map((f) => relative(root, f).split(sep).join('/')))].sort(compareCodeUnits);
  return { root, files };
}

async function imagesUnder(folder: string, arg: string, skip: string | undefined): Promise<string[]> {
  const images: string[] = [];
  const pending = [folder];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const entries = await readdir(current, { withFileTypes: true }).catch((err: Error) => {
      throw new ValidationError('images', arg, 'a folder that can be listed, with every folder below it', err.message);
    });
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        if (path !== skip) pending.push(path);
      } else if (isImageFile(entry.name)) {
        // A FIFO or device named like an image would block or never end when read.
        if (entry.isFile() || (entry.isSymbolicLink() && (await stat(path).then((s) => s.isFile(), () => false)))) images.push(path);
      }
    }
  }
  return images;
}

function commonFolder(folders: readonly string[], args: readonly string[]): string {
  const inside = (root: string, p: string) => {
    const rel = relative(root, p);
    return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
  };
  let root = folders[0] as string;
  while (!folders.every((f) => inside(root, f))) {
    const parent = dirname(root);
    if (parent === root) throw new ValidationError('images', args, 'files and folders on one drive', 'they have no common folder');
    root = parent;
  }
  return root;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
