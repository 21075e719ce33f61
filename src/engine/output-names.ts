/**
 * Names of the files written for one input image, next to each other in the
 * input's relative folder: Clarify's `shap_<stem>_box<k>.jpeg` and
 * `<stem>_objects.jpeg` for detection, and the same `shap_` prefix for
 * classification.
 *
 * @packageDocumentation
 */
import { posix } from 'node:path';

/** The output names of one input file (a `/`-separated relative path). */
export function outputNames(file: string): {
  readonly heatMap: (label: number, first: boolean) => string;
  readonly box: (k: number) => string;
  readonly objects: string;
  readonly labelImage: string;
  readonly image: string;
} {
  const dir = posix.dirname(file);
  const stem = posix.basename(file).replace(/\.(jpe?g|png)$/i, '');
  const at = (name: string) => (dir === '.' ? name : `${dir}/${name}`);
  return {
    heatMap: (label, first) => at(first ? `shap_${stem}.jpeg` : `shap_${stem}_label${label}.jpeg`),
    box: (k) => at(`shap_${stem}_box${k}.jpeg`),
    objects: at(`${stem}_objects.jpeg`),
    labelImage: at(`${stem}_segments.png`),
    image: at(`${stem}_image.jpeg`),
  };
}

/** The input images among `files`: `.jpg`, `.jpeg` and `.png`, case-insensitive. */
export function isImageFile(file: string): boolean {
  return /\.(jpe?g|png)$/i.test(file);
}
