/**
 * Finds and loads AWS API models (botocore's `service-2.json`) from the machine.
 *
 * The emulator validates requests against the official model rather than a
 * hand-written copy of its rules, so that it rejects exactly what the real
 * service's model says is invalid, and keeps up when the model is updated.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LocalAwsSetupError } from '../errors.js';

/** One shape of a botocore model (only the traits the emulator reads). */
export interface ModelShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  required?: string[];
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  exception?: boolean;
}

/** A loaded botocore service model. */
export interface ServiceModel {
  metadata: { protocol: string; targetPrefix?: string; apiVersion: string; serviceId: string };
  operations: Record<string, { name: string; input?: { shape: string }; output?: { shape: string } }>;
  shapes: Record<string, ModelShape>;
  /** Where the model was read from. */
  path: string;
}

/** The botocore model folders the emulator reads, by service. */
export const SERVICE_MODELS = {
  sagemaker: 'sagemaker/2017-07-24',
  logs: 'logs/2014-03-28',
  sts: 'sts/2011-06-15',
  iam: 'iam/2010-05-08',
} as const;

/** A service whose botocore model the emulator reads. */
export type ModelledService = keyof typeof SERVICE_MODELS;

/** Environment variable naming a botocore `data` folder to use instead of the usual paths. */
export const BOTOCORE_DATA_ENV = 'CLARIFY_TS_BOTOCORE_DATA';

const INSTALL_HINT =
  'Install the official AWS API models with `apt-get install -y --no-install-recommends python3-botocore` ' +
  '(Debian/Ubuntu) or `pip install botocore`, or point ' +
  BOTOCORE_DATA_ENV +
  ' (or the `botocoreDataPath` option) at a botocore `data` folder.';

/** The botocore `data` folders tried, in order, when none is given. */
export function defaultBotocoreDataPaths(): string[] {
  const fromEnv = process.env[BOTOCORE_DATA_ENV];
  const roots = ['/usr/lib/python3/dist-packages', '/usr/local/lib/python3/dist-packages'];
  // pip installs into versioned site-packages folders; Debian's python3-botocore does not.
  for (const lib of ['/usr/local/lib', '/usr/lib']) {
    let entries: string[] = [];
    try {
      entries = readdirSync(lib).filter((name) => /^python3\.\d+$/.test(name));
    } catch {
      continue; // a missing lib folder only means nothing is installed there
    }
    for (const name of entries.sort().reverse()) {
      roots.push(join(lib, name, 'site-packages'), join(lib, name, 'dist-packages'));
    }
  }
  return [...(fromEnv ? [fromEnv] : []), ...roots.map((root) => join(root, 'botocore', 'data'))];
}

const cache = new Map<string, ServiceModel>();

/**
 * Loads one service's model, once per process per file: `service-2.json`, or
 * `service-2.json.gz` as newer botocore releases ship it.
 *
 * @throws {@link LocalAwsSetupError} when no candidate folder holds the model.
 */
export function loadServiceModel(service: ModelledService, dataPath?: string): ServiceModel {
  const candidates = dataPath ? [dataPath] : defaultBotocoreDataPaths();
  for (const data of candidates) {
    for (const file of ['service-2.json', 'service-2.json.gz']) {
      const path = join(data, SERVICE_MODELS[service], file);
      const cached = cache.get(path);
      if (cached) return cached;
      if (!existsSync(path)) continue;
      const bytes = readFileSync(path);
      const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      const model = { ...(JSON.parse(text) as Omit<ServiceModel, 'path'>), path };
      cache.set(path, model);
      return model;
    }
  }
  throw new LocalAwsSetupError(
    `The AWS API model for ${service} (${SERVICE_MODELS[service]}/service-2.json) was not found in ` +
      `${candidates.join(', ')}. ${INSTALL_HINT}`,
  );
}
