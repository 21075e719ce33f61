import type { SlicOptions } from '../../src/explain/slic.js';

/** One set of options, as ours and as scikit-image's keyword arguments. */
export interface Config {
  readonly name: string;
  readonly options: SlicOptions;
  readonly kwargs: Record<string, number>;
}

/** A decoded RGB bench image. */
export interface BenchImage {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export declare const configs: readonly Config[];
export declare function loadImages(): Promise<BenchImage[]>;
