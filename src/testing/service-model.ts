/**
 * The AWS API models (botocore's `service-2.json`) the emulator validates against.
 *
 * The emulator validates requests against the official model rather than a
 * hand-written copy of its rules, so that it rejects exactly what the real
 * service's model says is invalid. The package ships the models, trimmed to the
 * emulated operations (`shipped-models.ts`), so the emulator needs no Python and
 * no botocore on the machine. A botocore `data` folder can still be put in their
 * place, to try a newer model than the one shipped.
 *
 * Where each model comes from, first match wins:
 * 1. the `botocoreDataPath` option of `startLocalAws`;
 * 2. the `CLARIFY_TS_BOTOCORE_DATA` environment variable (when not empty);
 * 3. the models clarify-ts ships.
 * A folder named by 1 or 2 is used for every service and must hold every model: a
 * missing folder or file there is a broken setup, not a reason to fall back silently.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LocalAwsSetupError } from '../errors.js';
import { SHIPPED_MODELS, SHIPPED_MODEL_FILES } from './shipped-models.js';

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
  /**
   * Where the model was read from: a file of a botocore `data` folder, or for a shipped
   * model {@link SHIPPED_MODEL_PREFIX} and its file name.
   */
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

/** Environment variable naming a botocore `data` folder to use instead of the shipped models. */
export const BOTOCORE_DATA_ENV = 'CLARIFY_TS_BOTOCORE_DATA';

/** How {@link ServiceModel.path} starts for a model the package ships. */
export const SHIPPED_MODEL_PREFIX = 'clarify-ts (shipped): ';

/** Where the models come from: the shipped ones, or a botocore `data` folder and who named it. */
export type ModelSource =
  | { readonly kind: 'shipped' }
  | { readonly kind: 'botocore'; readonly dataPath: string; readonly namedBy: 'botocoreDataPath' | typeof BOTOCORE_DATA_ENV };

/**
 * Decides where the models come from (see the module's comment for the order).
 * `env` is a parameter so that tests can prove the choice without touching the process's.
 */
export function modelSource(dataPath: string | undefined, env: NodeJS.ProcessEnv = process.env): ModelSource {
  if (dataPath !== undefined) return { kind: 'botocore', dataPath, namedBy: 'botocoreDataPath' };
  const fromEnv = env[BOTOCORE_DATA_ENV];
  // An empty variable is how shells and CI files unset one: it names no folder.
  if (fromEnv) return { kind: 'botocore', dataPath: fromEnv, namedBy: BOTOCORE_DATA_ENV };
  return { kind: 'shipped' };
}

const shipped = new Map<ModelledService, ServiceModel>();
const fromFiles = new Map<string, ServiceModel>();

/**
 * Loads one service's model: the shipped one, or from the botocore `data` folder that
 * `dataPath` (else the environment) names, where it is `service-2.json` or, as newer
 * botocore releases ship it, `service-2.json.gz`. Each file is read once per process.
 *
 * @throws {@link LocalAwsSetupError} when a named folder does not exist, lacks the model
 *   or holds one that is not JSON. The shipped models cannot be missing.
 */
export function loadServiceModel(service: ModelledService, dataPath?: string, env: NodeJS.ProcessEnv = process.env): ServiceModel {
  const source = modelSource(dataPath, env);
  if (source.kind === 'shipped') return shippedModel(service);

  const named = `${source.namedBy} (${source.dataPath})`;
  const remedy =
    `Point ${source.namedBy} at a botocore \`data\` folder, or ` +
    `${source.namedBy === 'botocoreDataPath' ? 'leave the option out' : `unset ${BOTOCORE_DATA_ENV}`} to use the models clarify-ts ships.`;
  if (!isDirectory(source.dataPath)) throw new LocalAwsSetupError(`${named} is not a folder. ${remedy}`);
  for (const file of ['service-2.json', 'service-2.json.gz']) {
    const path = join(source.dataPath, SERVICE_MODELS[service], file);
    const cached = fromFiles.get(path);
    if (cached) return cached;
    if (!existsSync(path)) continue;
    let model: ServiceModel;
    try {
      const bytes = readFileSync(path);
      const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
      model = { ...(JSON.parse(text) as Omit<ServiceModel, 'path'>), path };
    } catch (cause) {
      throw new LocalAwsSetupError(`The ${service} model ${path}, from ${named}, cannot be read as JSON. ${remedy}`, { cause });
    }
    fromFiles.set(path, model);
    return model;
  }
  throw new LocalAwsSetupError(
    `${named} holds no ${service} model (${SERVICE_MODELS[service]}/service-2.json or service-2.json.gz). ${remedy}`,
  );
}

function shippedModel(service: ModelledService): ServiceModel {
  let model = shipped.get(service);
  if (!model) {
    // The generator writes what ServiceModel describes (test/testing/shipped-model.test.ts checks it).
    model = { ...(SHIPPED_MODELS[service] as Omit<ServiceModel, 'path'>), path: SHIPPED_MODEL_PREFIX + SHIPPED_MODEL_FILES[service] };
    shipped.set(service, model);
  }
  return model;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // missing or unreadable: either way not a folder the models can come from
  }
}
