/**
 * A local folder (or one file) as the engine's {@link Storage}. Writes are
 * atomic (a temporary file beside the target, then a rename), so a killed run
 * leaves whole files and, at worst, `*.tmp` files that the next run removes.
 *
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { access, constants, mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { OutputLockedError, ValidationError } from '../errors.js';
import type { LocalLocation } from './location.js';
import { type LockHolder, describeHolder, newHolder, parseHolder } from './lock-holder.js';
import { type Storage, checkRelativePath, compareCodeUnits } from './storage.js';

// `<target>.<12 hex>.tmp`: only files of exactly this shape are ever removed as leftovers.
const TEMPORARY = /\.[0-9a-f]{12}\.tmp$/;
const LOCK_PREFIX = '.clarify-ts';

/** Files in a local folder; `''` addresses the location itself when it is a file. */
export class LocalStorage implements Storage {
  readonly description: string;

  constructor(private readonly location: LocalLocation) {
    this.description = location.path;
  }

  private pathOf(path: string): string {
    return path === '' ? this.location.path : join(this.location.path, ...checkRelativePath(path).split('/'));
  }

  async list(): Promise<string[]> {
    const root = this.location.path;
    const info = await stat(root).catch(() => undefined);
    if (info === undefined) return [];
    if (info.isFile()) return [''];
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'))
      .sort(compareCodeUnits);
  }

  async exists(path: string): Promise<boolean> {
    const info = await stat(this.pathOf(path)).catch(() => undefined);
    return info?.isFile() ?? false;
  }

  read(path: string): Promise<Uint8Array> {
    return readFile(this.pathOf(path));
  }

  async write(path: string, body: Uint8Array | string): Promise<void> {
    const target = this.pathOf(path);
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, body, { flag: 'wx' });
      await rename(temporary, target);
    } catch (err) {
      await rm(temporary, { force: true });
      throw err;
    }
  }

  async remove(path: string): Promise<void> {
    if (path === '') throw new ValidationError('path', path, 'a file below the location');
    await rm(this.pathOf(path), { force: true });
  }

  async checkWritable(): Promise<void> {
    let folder = this.location.path;
    // The output folder may not exist yet: check the nearest existing ancestor.
    for (;;) {
      const info = await stat(folder).catch(() => undefined);
      if (info !== undefined) {
        if (!info.isDirectory()) throw new ValidationError('output', this.location.path, 'a writable folder', `${folder} is a file`);
        break;
      }
      const parent = dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    try {
      await access(folder, constants.W_OK);
    } catch {
      throw new ValidationError('output', this.location.path, 'a writable folder', `${folder} is not writable`);
    }
  }

  async lock(name: string): Promise<() => Promise<void>> {
    const file = join(this.location.path, checkRelativePath(name));
    await mkdir(this.location.path, { recursive: true });
    const holder = newHolder();
    // Two tries: the second after removing a lock whose process is gone.
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(file, 'wx');
        try {
          await handle.writeFile(JSON.stringify(holder));
        } finally {
          await handle.close();
        }
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const text = await readFile(file, 'utf8').catch(() => '');
        const other = parseHolder(text);
        if (attempt === 0 && other !== undefined && isDead(other)) {
          await rm(file, { force: true });
          continue;
        }
        throw new OutputLockedError(file, other ? describeHolder(other) : 'a run that left no details',
          other && other.host !== hostname()
            ? 'Wait for it to finish, or delete the lock file if that run is gone.'
            : 'Wait for it to finish, or use another output folder.');
      }
    }
    return async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      // Only the holder removes its lock: a lock taken over after this run was thought dead stays.
      if (parseHolder(text)?.id === holder.id) await rm(file, { force: true });
    };
  }

  async removeLeftovers(): Promise<number> {
    const root = this.location.path;
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    // Another live run (a shard writing beside this one) may own the temporary files.
    const otherLocks = entries.filter((e) => e.isFile() && e.parentPath === root && e.name.startsWith(LOCK_PREFIX) && e.name.endsWith('.lock'));
    if (otherLocks.length > 1) return 0;
    let removed = 0;
    for (const e of entries) {
      if (!e.isFile() || !TEMPORARY.test(e.name)) continue;
      await rm(join(e.parentPath, e.name), { force: true });
      removed++;
    }
    return removed;
  }
}

function isDead(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
