/**
 * A path the user named that is not there: said plainly (`clarify-ts: nope.jpg
 * does not exist`) rather than as a list of what would have been allowed.
 *
 * @packageDocumentation
 */
import { stat } from 'node:fs/promises';
import { ValidationError } from '../errors.js';

/**
 * A file or folder given on the command line does not exist. A
 * `ValidationError` (exit 2, nothing written) whose message is the plain sentence.
 */
export class MissingFileError extends ValidationError {
  /**
   * @param field - The argument or option that named it, e.g. `images` or `--labels`.
   * @param path - The path as the user wrote it.
   * @param what - What it should have been, for the message.
   * @default what 'file'
   */
  constructor(field: string, path: string, what = 'file') {
    super(field, path, `an existing ${what}`, 'it does not exist');
    this.message = field.startsWith('-') ? `${path} does not exist (${field})` : `${path} does not exist`;
  }
}

/** Whether a file-system error says that the path is not there (or a folder on it is a file). */
export function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Refuses a local path that does not exist, before anything reads it; S3 URIs
 * are left to the run, which checks them with its own client.
 * @throws {@link MissingFileError}
 */
export async function mustExist(field: string, path: string | undefined, what = 'file'): Promise<void> {
  if (path === undefined || path.startsWith('s3://')) return;
  await stat(path.startsWith('file://') ? new URL(path) : path).catch((err: unknown) => {
    if (isMissing(err)) throw new MissingFileError(field, path, what);
    // Anything else (EACCES, ...) is for the reader to report, with its own context.
  });
}
