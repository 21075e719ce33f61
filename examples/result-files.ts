/**
 * Sorts the result images of a Clarify job into what each one is, for the
 * notebook example's listing: a job run by the clarify-ts engine writes heat maps
 * next to copies of the inputs and label images, and only the heat maps are
 * explanations.
 */
import { formatScore } from '../src/report/number-format.js';

/** What a result image is. */
export type ResultFileKind = 'heat map' | 'input copy' | 'label image' | 'detections image';

/** A downloaded result image: its S3 key and local path. */
export interface ResultFile {
  readonly key: string;
  readonly localPath: string;
}

/** A result image and what it is. */
export interface DescribedResultFile {
  readonly path: string;
  readonly kind: ResultFileKind;
  /** For a heat map: the input and the explained class, e.g. `01-circle.png, class 001.ak47 (0.262) of the stand-in model`. */
  readonly about?: string;
}

interface EngineRecord {
  readonly file?: unknown;
  readonly image?: unknown;
  readonly label_image?: unknown;
  readonly objects_image?: unknown;
  readonly explanations?: readonly { readonly heat_map?: unknown; readonly label?: unknown; readonly score?: unknown }[];
  readonly objects?: readonly { readonly heat_map?: unknown; readonly label?: unknown; readonly score?: unknown }[];
}

/** What each kind of result image is, in a few words. */
export const RESULT_KINDS: Readonly<Record<ResultFileKind, { readonly plural: string; readonly what: string }>> = {
  'heat map': { plural: 'heat maps', what: "the explanations: blue segments raise the class's score, red ones lower it" },
  'input copy': { plural: 'input copies', what: 'the decoded inputs, enlarged like the heat maps, for the report' },
  'label image': { plural: 'label images', what: "16-bit PNGs, each pixel its segment's number" },
  'detections image': { plural: 'detections images', what: 'the inputs with the explained boxes drawn' },
};

const ORDER: readonly ResultFileKind[] = ['heat map', 'input copy', 'label image', 'detections image'];

/**
 * Describes each file. With the engine's `analysis.json` (an `images` list) a
 * file is what the document names it as; otherwise its name decides
 * (`*_image.jpeg` input copy, `*_segments.png` label image, `*_objects.jpeg`
 * detections), and any other image is a heat map, as a Clarify job's result
 * images are. Heat maps come first, then input copies, label images, detections.
 *
 * @param prefix - The output location's key prefix, which `analysis.json` paths are relative to.
 * @param model - How the class's model is named in `about`.
 */
export function describeResultFiles(files: readonly ResultFile[], analysis: unknown, prefix: string, model = 'model'): DescribedResultFile[] {
  const known = new Map<string, { kind: ResultFileKind; about?: string }>();
  const images = (analysis as { images?: unknown } | undefined)?.images;
  if (Array.isArray(images)) {
    for (const r of images as EngineRecord[]) {
      const name = (path: unknown, kind: ResultFileKind, about?: string) => {
        if (typeof path === 'string') known.set(path, { kind, ...(about ? { about } : {}) });
      };
      name(r.image, 'input copy');
      name(r.label_image, 'label image');
      name(r.objects_image, 'detections image');
      for (const e of [...(r.explanations ?? []), ...(r.objects ?? [])]) {
        const score = typeof e.score === 'number' ? ` (${formatScore(e.score)})` : '';
        name(e.heat_map, 'heat map', `${String(r.file)}, class ${String(e.label)}${score} of the ${model}`);
      }
    }
  }
  const described = files.map((f) => {
    const relative = f.key.startsWith(prefix) ? f.key.slice(prefix.length) : f.key;
    const entry = known.get(relative) ?? { kind: byName(relative) };
    return { path: f.localPath, ...entry };
  });
  return described.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function byName(path: string): ResultFileKind {
  if (/_image\.jpe?g$/i.test(path)) return 'input copy';
  if (/_segments\.png$/i.test(path)) return 'label image';
  if (/_objects\.jpe?g$/i.test(path)) return 'detections image';
  return 'heat map';
}
