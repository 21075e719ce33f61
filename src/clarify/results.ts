/**
 * Reading what a Clarify job wrote under its `s3OutputPath`: downloads every
 * object safely (every key and the target folder checked before anything is
 * written, no path escapes, no links followed below the folder, sizes checked),
 * parses `analysis.json`, and sorts out the result images and report files.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ClarifyError, ValidationError } from '../errors.js';
import { parseS3Uri } from '../sagemaker/s3-uri.js';
import { downloadObjects, type DownloadOptions, type S3ObjectInfo } from '../sagemaker/s3-transfer.js';
import { Session } from '../sagemaker/session.js';

/** A JSON value as parsed from `analysis.json`. */
export type AnalysisJsonValue = string | number | boolean | null | AnalysisJsonValue[] | { [key: string]: AnalysisJsonValue };

/** The parsed `analysis.json`: `version`, `explanations` and, for bias runs, the bias sections. */
export interface ClarifyAnalysis {
  readonly version?: string;
  readonly explanations?: { [method: string]: AnalysisJsonValue };
  readonly [section: string]: AnalysisJsonValue | undefined;
}

/** One file the job wrote, downloaded. */
export interface ClarifyResultFile {
  /** The S3 key. */
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;
  /** Size in bytes (checked after download). */
  readonly size: number;
  /** Where it was downloaded. */
  readonly localPath: string;
}

/** The report in each format the job wrote. */
export interface ClarifyReports {
  readonly html?: ClarifyResultFile;
  readonly pdf?: ClarifyResultFile;
  readonly ipynb?: ClarifyResultFile;
}

const IMAGE_EXTENSIONS = new Set(['.jpeg', '.jpg', '.png']);
const REPORT_FORMATS = ['html', 'pdf', 'ipynb'] as const;

/**
 * The outputs of a Clarify job, downloaded to a folder.
 *
 * A job that wrote nothing (or only the uploaded `analysis_config.json`) gives an
 * empty result: `hasResults` is false, `analysis` undefined, no images, no reports.
 *
 * @example
 * ```ts
 * const results = await ClarifyResults.read(session, dataConfig.s3OutputPath, './cv_analysis_result');
 * for (const image of results.images) console.log(image.localPath); // heat maps
 * console.log(results.reports.html?.localPath);
 * ```
 */
export class ClarifyResults {
  /** The job's output location. */
  readonly s3OutputPath: string;
  /** The folder the files were downloaded to. */
  readonly directory: string;
  /** Every file, in key order. */
  readonly files: readonly ClarifyResultFile[];
  /** The parsed `analysis.json`, when the job wrote one. */
  readonly analysis: ClarifyAnalysis | undefined;
  /** Result images (`.jpeg`, `.jpg`, `.png`): per-image segmentations and heat maps. */
  readonly images: readonly ClarifyResultFile[];
  /** The report files named `report.<format>`, by format. */
  readonly reports: ClarifyReports;

  private constructor(s3OutputPath: string, directory: string, files: ClarifyResultFile[], analysis: ClarifyAnalysis | undefined, prefix: string) {
    this.s3OutputPath = s3OutputPath;
    this.directory = directory;
    this.files = files;
    this.analysis = analysis;
    const below = (f: ClarifyResultFile): string => f.key.slice(prefix.length).replace(/^\/+/, '');
    this.images = files.filter((f) => IMAGE_EXTENSIONS.has(extname(f.key).toLowerCase()));
    const reports: { -readonly [K in keyof ClarifyReports]: ClarifyResultFile } = {};
    for (const format of REPORT_FORMATS) {
      const file = files.find((f) => below(f) === `report.${format}`);
      if (file) reports[format] = file;
    }
    this.reports = reports;
  }

  /** Whether the job wrote anything besides the uploaded `analysis_config.json`. */
  get hasResults(): boolean {
    return this.files.some((f) => !f.key.endsWith('/analysis_config.json') && f.key !== 'analysis_config.json');
  }

  /**
   * Lists everything under `s3OutputPath`, downloads it into `directory` and parses `analysis.json`.
   *
   * Every key, and what `directory` already holds where the keys go, is checked before
   * anything is written, so a refused download leaves the folder as it was. `directory`
   * itself may be a symbolic link to a folder (you chose it, so it is followed); below it,
   * a symbolic link in the way of a key is refused rather than followed, and existing
   * regular files at a key's place are replaced. A failure during the transfer (network,
   * size mismatch, abort) removes the file being written and keeps those completed before.
   *
   * @throws {@link ValidationError} before anything is written: `s3OutputPath` not an S3 URI;
   * `directory` empty or an existing file; `key` (naming the key) for a key that would land
   * outside `directory`, has a segment over 255 bytes or a local path over the system's
   * PATH_MAX, is a file where another key needs a folder (`out/a` and `out/a/b`), or meets a
   * symbolic link, an existing file where it needs a folder, or an existing folder where its
   * file goes. {@link ClarifyError} for an unreadable `analysis.json`.
   */
  static async read(session: Session, s3OutputPath: string, directory: string, options: DownloadOptions = {}): Promise<ClarifyResults> {
    if (!(session instanceof Session)) throw new ValidationError('session', session, 'a Session');
    if (typeof directory !== 'string' || directory === '') throw new ValidationError('directory', directory, 'a folder path');
    const { bucket, key } = parseS3Uri(s3OutputPath, 's3OutputPath');
    // `…/out` must not match the sibling prefix `…/out-old/`.
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    const objects: S3ObjectInfo[] = [];
    for await (const object of session.listS3Files(bucket, prefix, options.signal ? { signal: options.signal } : {})) {
      if (!object.key.endsWith('/')) objects.push(object);
    }
    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const paths = await downloadObjects(session.s3Client, objects, prefix, directory, options);
    const files = objects.map((o, i) => ({ key: o.key, uri: o.uri, size: o.size, localPath: paths[i] }));
    const analysisFile = files.find((f) => f.key.slice(prefix.length).replace(/^\/+/, '') === 'analysis.json');
    const analysis = analysisFile ? await parseAnalysis(analysisFile) : undefined;
    return new ClarifyResults(s3OutputPath, directory, files, analysis, prefix);
  }
}

async function parseAnalysis(file: ClarifyResultFile): Promise<ClarifyAnalysis> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file.localPath, 'utf8'));
  } catch (cause) {
    throw new ClarifyError(`${file.uri} is not valid JSON`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ClarifyError(`${file.uri} is not a JSON object`);
  }
  return parsed as ClarifyAnalysis;
}
