/**
 * Where downloaded S3 objects land on disk, checked before anything is written:
 * every key stays inside the download folder, fits the file system's name and path
 * limits, meets no other key's file or folder, and passes through no symbolic link
 * of the folder.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';
import { ClarifyError, ValidationError } from '../errors.js';

/**
 * The longest name of one file or folder that the usual file systems take (NAME_MAX of ext4,
 * XFS, Btrfs, APFS and NTFS), in the unit each counts: bytes of UTF-8, or UTF-16 code units on
 * Windows. Node cannot ask the file system (it has no `pathconf`), so a file system with a
 * smaller limit (eCryptfs: 143) can still refuse a name while the download runs.
 */
const NAME_MAX = 255;

/**
 * The longest absolute path the system calls take, less the terminating NUL: PATH_MAX is
 * 4096 on Linux and 1024 on macOS and the BSDs; Node on Windows prefixes long paths with
 * `\\?\`, which takes 32,767 UTF-16 code units.
 */
const PATH_MAX = process.platform === 'linux' ? 4095 : process.platform === 'win32' ? 32_766 : 1023;

const LENGTH_UNIT = process.platform === 'win32' ? 'UTF-16 code units' : 'bytes';

/** A path's length in the unit the file system limits. */
function pathLength(text: string): number {
  return process.platform === 'win32' ? text.length : Buffer.byteLength(text, 'utf8');
}

/**
 * Each file is written under a fresh name of this shape in its own folder, then renamed into
 * place; the name does not grow with the key's, so a 255-byte file name still has one.
 */
export function partialName(): string {
  return `.${randomBytes(8).toString('hex')}.clarify-partial`;
}
const PARTIAL_NAME_LENGTH = partialName().length;

/**
 * Where an object under `prefix` lands inside `directory`, or a refusal when its
 * key could escape it (`..` or `.` segments, backslashes, drive letters, NUL) or
 * could not be written there: a segment longer than a file name may be (255 bytes
 * of UTF-8), or a local path longer than the system takes (4095 bytes on Linux,
 * 1023 on macOS). Leading and repeated slashes are dropped, so a key never becomes
 * an absolute path. This looks at the key alone; {@link checkDownloadTargets}
 * also checks what the folder already holds.
 * @throws {@link ValidationError} with `field` `key`.
 */
export function localPathFor(directory: string, prefix: string, key: string): string {
  let rest = key.startsWith(prefix) ? key.slice(prefix.length) : key;
  if (rest.replace(/\//g, '') === '') rest = posix.basename(key);
  // Keys may hold `//` (the Python SDK writes `out//analysis_config.json` for an output path
  // ending in `/`): empty segments are dropped, so they always resolve below the folder.
  const segments = rest.split('/').filter((s) => s !== '');
  const unsafe =
    rest.includes('\\') || rest.includes('\0') || /^[a-zA-Z]:/.test(segments[0] ?? '') ||
    segments.length === 0 || segments.some((s) => s === '..' || s === '.');
  const target = resolve(directory, ...segments);
  const root = resolve(directory);
  if (unsafe || (target !== root && !target.startsWith(root + sep)) || target === root) {
    throw new ValidationError('key', key, `an S3 key whose path below the prefix stays inside ${root}`,
      'refusing to write outside the download folder');
  }
  for (const [i, segment] of segments.entries()) {
    const length = pathLength(segment);
    if (length > NAME_MAX) {
      throw new ValidationError('key', key, `an S3 key whose segments between slashes are each at most ${NAME_MAX} ${LENGTH_UNIT}, the longest file name the file system takes`,
        `segment ${i + 1} below the prefix is ${length} ${LENGTH_UNIT}`);
    }
  }
  // The partial file sits beside the target, so the longer of the two names counts.
  const longest = pathLength(dirname(target)) + pathLength(sep) + Math.max(pathLength(basename(target)), PARTIAL_NAME_LENGTH);
  if (longest > PATH_MAX) {
    throw new ValidationError('key', key, `an S3 key whose local path (download folder included) is at most ${PATH_MAX} ${LENGTH_UNIT}, the longest path the system takes`,
      `it would be ${longest} ${LENGTH_UNIT}, ${pathLength(root)} of them the download folder's; download to a shorter folder`);
  }
  return target;
}

/** What stands at a path, as `lstat` sees it (a link is reported, never followed). */
type Entry = 'missing' | 'folder' | 'file' | 'symbolic link' | 'socket' | 'FIFO' | 'device';

async function entryAt(path: string): Promise<Entry> {
  let info: Stats;
  try {
    info = await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw new ClarifyError(`Cannot check ${path} before downloading into it: ${(error as Error).message}`, { cause: error });
  }
  if (info.isSymbolicLink()) return 'symbolic link';
  if (info.isDirectory()) return 'folder';
  if (info.isFile()) return 'file';
  if (info.isSocket()) return 'socket';
  if (info.isFIFO()) return 'FIFO';
  return 'device';
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const FOLDER_ALLOWED = 'a folder, or a path where one can be created';

/**
 * Checks the download folder itself. It may be a symbolic link to a folder, and any of the
 * folders above it may be links: the caller chose that path, so following it is what they
 * asked for. Confinement starts below it.
 * @returns whether it exists (when it does not, nothing below it needs checking).
 */
async function checkRoot(directory: string, root: string): Promise<boolean> {
  if (directory.includes('\0')) throw new ValidationError('directory', directory, FOLDER_ALLOWED, 'it holds a NUL character');
  let info: Stats;
  try {
    info = await stat(root);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOTDIR') throw new ValidationError('directory', directory, FOLDER_ALLOWED, `a part of ${root} is an existing file`);
    if (code !== 'ENOENT') throw new ClarifyError(`Cannot check the download folder ${root}: ${(error as Error).message}`, { cause: error });
    if ((await entryAt(root)) === 'symbolic link') {
      throw new ValidationError('directory', directory, FOLDER_ALLOWED, `${root} is a symbolic link to nothing`);
    }
    return false;
  }
  if (!info.isDirectory()) throw new ValidationError('directory', directory, FOLDER_ALLOWED, `${root} is an existing file`);
  return true;
}

/**
 * Checks, before anything is written, that every key can be downloaded into `directory`
 * and stay there:
 * - each key on its own, as {@link localPathFor} does (escapes, NAME_MAX, PATH_MAX);
 * - the keys together: no two land on one file, and no key's file is another key's folder
 *   (`out/a` and `out/a/b`);
 * - the folder as it is: every existing path between the folder and each file (`lstat`, so
 *   links are seen, not followed) is a real folder, never a symbolic link or a file, and the
 *   file's own place is free or a regular file (which the download replaces), never a
 *   symbolic link, a folder or a special file.
 *
 * The folder may change between this check and the writes that follow; such a race is
 * outside what this guarantees (Node's fs has no `openat` or `O_NOFOLLOW` for folders).
 * {@link downloadObjects} narrows it: it creates folders one at a time and writes each
 * file under a fresh name opened exclusively, then renames it into place, so a link
 * planted at a file's place is replaced, not followed.
 *
 * @returns the local path of each key, in the order of `keys`.
 * @throws {@link ValidationError} with `field` `key` (naming the key) or `directory`.
 */
export async function checkDownloadTargets(keys: readonly string[], prefix: string, directory: string): Promise<string[]> {
  const root = resolve(directory);
  const targets = keys.map((key) => localPathFor(directory, prefix, key));
  const files = new Map<string, string>();
  for (const [i, target] of targets.entries()) {
    const other = files.get(target);
    if (other !== undefined) {
      throw new ValidationError('key', keys[i], `a key that does not land on the same file as ${JSON.stringify(other)}`);
    }
    files.set(target, keys[i]);
  }
  // Every folder some key needs below the root, with the first key that needs it.
  const folders = new Map<string, string>();
  for (const [i, target] of targets.entries()) {
    for (let folder = dirname(target); folder !== root; folder = dirname(folder)) {
      if (folders.has(folder)) break;
      folders.set(folder, keys[i]);
    }
  }
  for (const [i, target] of targets.entries()) {
    const other = folders.get(target);
    if (other !== undefined) {
      throw new ValidationError('key', keys[i], 'an S3 key that is not a folder of another key',
        `${JSON.stringify(other)} needs ${target} to be a folder; a file and a folder cannot share a name on disk`);
    }
  }
  if (!(await checkRoot(directory, root))) return targets;
  const seen = new Map<string, Entry>();
  for (const [i, target] of targets.entries()) {
    const parts = relative(root, target).split(sep);
    let path = root;
    for (const [j, part] of parts.entries()) {
      path = join(path, part);
      let entry = seen.get(path);
      if (entry === undefined) {
        entry = await entryAt(path);
        seen.set(path, entry);
      }
      if (entry === 'missing') break;
      const isFile = j === parts.length - 1;
      if (entry === 'symbolic link') {
        throw new ValidationError('key', keys[i], `an S3 key whose path inside ${root} has no symbolic links`,
          isFile ? `${path} is a symbolic link; refusing to write through it` : `${path} is a symbolic link; refusing to follow it out of the download folder`);
      }
      if (!isFile && entry !== 'folder') {
        throw new ValidationError('key', keys[i], `an S3 key whose folders inside ${root} are not existing files`,
          `${path} is an existing ${entry}; remove it or download to another folder`);
      }
      if (isFile && entry !== 'file') {
        throw new ValidationError('key', keys[i], `an S3 key whose file inside ${root} is new or an existing regular file`,
          `${path} is an existing ${entry}; remove it or download to another folder`);
      }
    }
  }
  return targets;
}

/**
 * Creates the folders between `root` (which exists) and `folder`, one level at a time and
 * without following links: a level that appeared since {@link checkDownloadTargets} must
 * be a real folder.
 */
export async function makeFolders(root: string, folder: string, made: Set<string>): Promise<void> {
  if (made.has(folder)) return;
  if (folder !== root) await makeFolders(root, dirname(folder), made);
  if (folder !== root) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const entry = await entryAt(folder);
      if (entry !== 'folder') throw new ClarifyError(`${folder} became a ${entry} during the download; refusing to write through it`);
    }
  }
  made.add(folder);
}

