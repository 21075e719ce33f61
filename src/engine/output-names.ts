/**
 * Names of the files written for each input image. Clarify writes
 * `shap_<stem>.jpeg` (and `shap_<stem>_box<k>.jpeg`, `<stem>_objects.jpeg` for
 * detection) beside the input's relative folder; the engine keeps that layout
 * and adds `<stem>_segments.png` and `<stem>_image.jpeg`.
 *
 * Input names are untrusted (S3 keys may hold `..`, backslashes, control
 * characters or 1000-byte segments), so output names are derived, never copied:
 * every segment is made safe on its own, and inputs whose names would meet
 * (`x.png` and `x.jpg`, `A.png` and `a.png`, `a.png` with a second label and
 * `a_label1.png`) get distinct names. The rules are in docs/explaining-images.md,
 * "Limits and guarantees".
 *
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';

/** The output names of one input image, relative to the output location. */
export interface OutputNames {
  readonly heatMap: (label: number, first: boolean) => string;
  readonly box: (k: number) => string;
  readonly objects: string;
  readonly labelImage: string;
  readonly image: string;
}

/**
 * The names of every file written for the image whose safe output stem is
 * `stem` (a `/`-separated path from {@link assignOutputStems}).
 */
export function outputNames(stem: string): OutputNames {
  const dir = posix.dirname(stem);
  const base = posix.basename(stem);
  const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  return {
    heatMap: (label, first) => at(first ? `shap_${base}.jpeg` : `shap_${base}_label${label}.jpeg`),
    box: (k) => at(`shap_${base}_box${k}.jpeg`),
    objects: at(`${base}_objects.jpeg`),
    labelImage: at(`${base}_segments.png`),
    image: at(`${base}_image.jpeg`),
  };
}

/** The input images among `files`: `.jpg`, `.jpeg` and `.png`, case-insensitive. */
export function isImageFile(file: string): boolean {
  return /\.(jpe?g|png)$/i.test(file);
}

/** Longest segment kept as it is, in UTF-8 bytes; leaves room for `shap_` and `_label<k>.jpeg` under NAME_MAX (255). */
export const MAX_SEGMENT_BYTES = 200;

const IMAGE_EXTENSION = /\.(jpe?g|png)$/i;
// Suffixes the engine itself appends to a stem: `a` with a second label writes what `a_label1` would.
const DERIVED_SUFFIX = /_(?:label|box)\d+$/;

/**
 * One path segment as a safe file or folder name: `.` and `..` become `_` and
 * `__`, backslashes and control characters `_`, and a segment over
 * {@link MAX_SEGMENT_BYTES} is cut and tagged with a hash of the whole segment.
 */
export function safeSegment(segment: string): string {
  let safe = segment === '.' ? '_' : segment === '..' ? '__' : segment.replace(/[\\\u0000-\u001f\u007f]/g, '_');
  if (Buffer.byteLength(safe) > MAX_SEGMENT_BYTES) {
    let cut = '';
    for (const ch of safe) {
      if (Buffer.byteLength(cut + ch) > MAX_SEGMENT_BYTES - 9) break;
      cut += ch;
    }
    safe = `${cut}~${shortHash(segment)}`;
  }
  return safe;
}

/**
 * Assigns each input (a `/`-separated path relative to the input location) the
 * stem of its output files: its folder and name without the extension, each
 * segment made safe by {@link safeSegment}. Inputs whose stems would meet, ignoring
 * case and the engine's `_label<k>`/`_box<k>` suffixes, keep their extension in
 * the stem (`x_png`, `x_jpg`); should those still meet, a hash of the input path
 * is appended (`x_png~1a2b3c4d`). An input that meets no other keeps Clarify's name.
 *
 * The result depends only on the set of inputs, not on their order.
 */
export function assignOutputStems(files: readonly string[]): Map<string, string> {
  const parsed = [...new Set(files)].sort().map((file) => {
    const segments = file.split('/').filter((s) => s !== '');
    const name = segments.pop() ?? '';
    const extension = IMAGE_EXTENSION.exec(name)?.[1]?.toLowerCase() ?? '';
    const stem = name.slice(0, name.length - (extension === '' ? 0 : extension.length + 1));
    const dir = segments.map(safeSegment);
    return { file, dir, stem: safeSegment(stem === '' ? '_' : stem), extension };
  });
  const groupKey = (dir: readonly string[], stem: string) => [...dir, stem.replace(DERIVED_SUFFIX, '')].join('/').toLowerCase();
  const groups = new Map<string, number>();
  for (const p of parsed) groups.set(groupKey(p.dir, p.stem), (groups.get(groupKey(p.dir, p.stem)) ?? 0) + 1);

  // First choice: Clarify's name when alone, else the name with its extension.
  const first = parsed.map((p) => {
    const plain = groups.get(groupKey(p.dir, p.stem)) === 1;
    return { ...p, plain, stem: plain ? p.stem : safeSegment(p.extension === '' ? p.stem : `${p.stem}_${p.extension}`) };
  });
  const claims = new Map<string, number>();
  for (const p of first) claims.set(groupKey(p.dir, p.stem), (claims.get(groupKey(p.dir, p.stem)) ?? 0) + 1);
  const taken = new Set<string>();
  const stems = new Map<string, string>();
  // Plain names first, so a hash is only ever added to a name that already changed.
  for (const p of [...first.filter((q) => q.plain), ...first.filter((q) => !q.plain)]) {
    let stem = p.stem;
    if (taken.has(groupKey(p.dir, stem)) || (!p.plain && claims.get(groupKey(p.dir, stem)) !== 1)) {
      const hash = createHash('sha256').update(p.file).digest('hex');
      for (let length = 8; length <= hash.length; length += 8) {
        stem = safeSegment(`${p.stem}~${hash.slice(0, length)}`);
        if (!taken.has(groupKey(p.dir, stem))) break;
      }
    }
    taken.add(groupKey(p.dir, stem));
    stems.set(p.file, [...p.dir, stem].join('/'));
  }
  return stems;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
