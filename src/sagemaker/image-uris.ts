/**
 * Container image URIs of SageMaker's own images (Python `sagemaker.image_uris.retrieve`)
 * for the two a Clarify image-classification workflow needs: the Clarify
 * processing container and the built-in image-classification algorithm.
 * The region tables are data files copied from the Python SDK's `image_uri_config`.
 */
import { ValidationError } from '../errors.js';
import clarifyTable from './data/clarify.json';
import imageClassificationTable from './data/image-classification.json';
import partitionTable from './data/partitions.json';

/** The frameworks {@link imageUris} knows. */
export type ImageFramework = 'clarify' | 'image-classification';

interface ImageTable {
  readonly repository: string;
  readonly scopes: readonly string[];
  readonly versions: readonly string[];
  readonly registries: Readonly<Record<string, string>>;
}

const TABLES: Record<ImageFramework, ImageTable> = {
  clarify: clarifyTable,
  'image-classification': imageClassificationTable,
};

/** Options of {@link imageUris}`.retrieve`. */
export interface RetrieveOptions {
  /**
   * The image version. Both tables hold a single version, and, as in Python, any
   * requested version (`'latest'` included) resolves to it.
   * @default the only version: `'1.0'` for clarify, `'1'` for image-classification
   */
  readonly version?: string;
  /**
   * `'training'` or `'inference'` for image-classification (the same image), `'processing'` for clarify.
   * @default the table's only scope, or `'inference'`
   */
  readonly imageScope?: string;
}

/** The DNS suffix of the partition `region` belongs to (`amazonaws.com`, `amazonaws.com.cn`, …). */
export function dnsSuffix(region: string): string {
  for (const { regionPattern, dnsSuffix: suffix } of partitionTable.partitions) {
    if (new RegExp(regionPattern).test(region)) return suffix;
  }
  throw new ValidationError('region', region, 'an AWS region name such as us-west-2');
}

function retrieve(framework: ImageFramework, region: string, options: RetrieveOptions = {}): string {
  const frameworks = Object.keys(TABLES) as ImageFramework[];
  if (!frameworks.includes(framework)) throw new ValidationError('framework', framework, frameworks.map((f) => `'${f}'`).join(', '));
  const table = TABLES[framework];
  if (options.imageScope !== undefined && table.scopes.length > 1 && !table.scopes.includes(options.imageScope)) {
    throw new ValidationError('imageScope', options.imageScope, [...table.scopes].sort().join(', '), `image scopes of ${framework}`);
  }
  if (options.version !== undefined && typeof options.version !== 'string') {
    throw new ValidationError('version', options.version, 'a version string');
  }
  // A single-version table ignores the requested version, as the Python SDK does.
  const version = table.versions.length === 1 ? table.versions[0] : (options.version ?? table.versions[table.versions.length - 1]);
  if (!table.versions.includes(version)) throw new ValidationError('version', version, table.versions.join(', '));
  const account = typeof region === 'string' ? table.registries[region] : undefined;
  if (account === undefined) {
    throw new ValidationError('region', region, Object.keys(table.registries).sort().join(', '), `regions where the ${framework} image exists`);
  }
  return `${account}.dkr.ecr.${region}.${dnsSuffix(region)}/${table.repository}:${version}`;
}

/**
 * SageMaker image URIs (Python `sagemaker.image_uris`).
 *
 * @example
 * ```ts
 * imageUris.retrieve('clarify', 'us-west-2');
 * // '306415355426.dkr.ecr.us-west-2.amazonaws.com/sagemaker-clarify-processing:1.0'
 * imageUris.retrieve('image-classification', 'us-west-2', { version: 'latest' });
 * // '433757028032.dkr.ecr.us-west-2.amazonaws.com/image-classification:1'
 * ```
 */
export const imageUris = {
  /**
   * The image URI of `framework` in `region`.
   * @throws {@link ValidationError} for an unknown framework, an unsupported region (listing the
   * supported ones) or scope.
   */
  retrieve,
  /** The regions where `framework`'s image exists, sorted. */
  regions(framework: ImageFramework): string[] {
    return Object.keys(TABLES[framework].registries).sort();
  },
} as const;
