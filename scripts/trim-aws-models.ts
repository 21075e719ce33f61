/**
 * Trims botocore API models to what `clarify-ts/testing` uses, for the package to ship.
 *
 * The emulator validates every request against the official AWS API model. A full
 * botocore SageMaker model is 3,000 shapes and several megabytes of documentation;
 * the emulated operations reach a few hundred of those shapes. This keeps, per model:
 *
 * - `version` and all of `metadata` (protocol, targetPrefix, jsonVersion, … read by the
 *   router and validator; a few hundred bytes);
 * - the emulated operations (`EMULATED_OPERATIONS` in src/testing/operations.ts) and the
 *   closure of the shapes their input, output and errors reach, every trait intact;
 * - and drops only documentation strings (`documentation`, `documentationUrl`).
 *
 * It writes `<service>-<apiVersion>.json` (e.g. `sagemaker-2017-07-24.json`) into the output
 * folder, one shape per line so that a refresh reviews as a diff of the shapes that changed,
 * with an `x-clarify-ts` record of where it came from (the SHA-256 of the full model's JSON
 * text, and its counts). The output depends only on the input and the emulated operations:
 * running it again on the same model writes the same bytes.
 *
 * Usage (docs/testing.md, "The API model"):
 *
 *   node --import tsx scripts/trim-aws-models.ts <service-2.json[.gz]>... [--out <folder>]
 *   npm run models:trim -- ../shared/reference/aws-models/sagemaker-2017-07-24.service-2.json.gz
 *
 * Each input is a full botocore `service-2.json` (plain or gzip-compressed) of SageMaker,
 * CloudWatch Logs, STS or IAM, told apart by its `metadata.serviceId`. `--out` defaults to
 * src/testing/data/, the folder the package's shipped models are read from.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { EMULATED_OPERATIONS } from '../src/testing/operations.js';

/** A botocore model as read from JSON: only the parts the trimming walks are typed. */
interface FullModel {
  version?: string;
  metadata: { apiVersion: string; serviceId: string } & Record<string, unknown>;
  operations: Record<string, OperationSpec>;
  shapes: Record<string, ShapeSpec>;
}

interface ShapeRef {
  shape: string;
  [trait: string]: unknown;
}

interface OperationSpec {
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  [trait: string]: unknown;
}

interface ShapeSpec {
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  [trait: string]: unknown;
}

/** The services whose models the emulator validates with, by the model's `metadata.serviceId`. */
const SERVICE_IDS = {
  SageMaker: 'sagemaker',
  'CloudWatch Logs': 'logs',
  STS: 'sts',
  IAM: 'iam',
} as const satisfies Record<string, keyof typeof EMULATED_OPERATIONS>;

/** Traits that are prose for people, not rules for the validator. */
const DOCUMENTATION = new Set(['documentation', 'documentationUrl']);

const here = dirname(fileURLToPath(import.meta.url));

/** Where the package's trimmed models live, and `--out`'s default. */
export const SHIPPED_MODELS_FOLDER = resolve(here, '../src/testing/data');

/** One trimmed model: its file name and contents. */
export interface TrimmedModel {
  /** `<service>-<apiVersion>.json`. */
  readonly fileName: string;
  /** The JSON text, ending in a newline. */
  readonly text: string;
}

/** Reads a full model, plain or gzip-compressed (botocore has shipped both). */
export function readFullModel(path: string): { model: FullModel; jsonText: string } {
  const bytes = readFileSync(path);
  // A gzip stream starts 1f 8b, whatever the file is called.
  const jsonText = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  return { model: JSON.parse(jsonText) as FullModel, jsonText };
}

/**
 * Trims one full model to the emulated operations of its service.
 *
 * @throws Error when the model is not one the emulator validates with, or lacks an
 *   emulated operation or a shape it references (a broken or foreign input).
 */
export function trimModel(model: FullModel, jsonText: string): TrimmedModel {
  const serviceId = model.metadata?.serviceId;
  const service = SERVICE_IDS[serviceId as keyof typeof SERVICE_IDS];
  if (service === undefined) {
    throw new Error(`metadata.serviceId ${JSON.stringify(serviceId)} is not one of ${Object.keys(SERVICE_IDS).join(', ')}`);
  }
  const wanted: readonly string[] = EMULATED_OPERATIONS[service];
  const missing = wanted.filter((name) => !(name in model.operations));
  if (missing.length > 0) throw new Error(`the ${serviceId} model has no operation ${missing.join(', ')}`);

  // The model's own order (botocore sorts by name), so the output does not depend on ours.
  const operations = Object.keys(model.operations).filter((name) => wanted.includes(name));
  const reached = new Set<string>();
  const pending: string[] = [];
  for (const name of operations) {
    const spec = model.operations[name];
    for (const ref of [spec.input, spec.output, ...(spec.errors ?? [])]) if (ref) pending.push(ref.shape);
  }
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (reached.has(name)) continue;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`the ${serviceId} model references shape ${name} but does not define it`);
    reached.add(name);
    for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) if (ref) pending.push(ref.shape);
  }

  const record = {
    source: {
      sha256: createHash('sha256').update(jsonText).digest('hex'),
      operations: Object.keys(model.operations).length,
      shapes: Object.keys(model.shapes).length,
    },
    generator: 'scripts/trim-aws-models.ts',
  };
  const trimmedOperations = operations.map((name) => [name, withoutDocumentation(model.operations[name])] as const);
  const trimmedShapes = Object.keys(model.shapes)
    .filter((name) => reached.has(name))
    .map((name) => [name, withoutDocumentation(model.shapes[name])] as const);

  const entries = (pairs: readonly (readonly [string, unknown])[]): string =>
    pairs.map(([name, value]) => `  ${JSON.stringify(name)}: ${JSON.stringify(value)}`).join(',\n');
  const text =
    '{\n' +
    ` "x-clarify-ts": ${JSON.stringify(record)},\n` +
    ` "version": ${JSON.stringify(model.version ?? '2.0')},\n` +
    ` "metadata": ${JSON.stringify(model.metadata)},\n` +
    ` "operations": {\n${entries(trimmedOperations)}\n },\n` +
    ` "shapes": {\n${entries(trimmedShapes)}\n }\n` +
    '}\n';
  return { fileName: `${service}-${model.metadata.apiVersion}.json`, text };
}

/** A copy of an operation or shape without its documentation, member references included. */
function withoutDocumentation<T extends Record<string, unknown>>(spec: T): T {
  const strip = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !DOCUMENTATION.has(key)).map(([key, inner]) => [key, strip(inner)]));
  };
  return strip(spec) as T;
}

function main(argv: readonly string[]): void {
  const inputs: string[] = [];
  let out = SHIPPED_MODELS_FOLDER;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') {
      const value = argv[++i];
      if (value === undefined) throw new Error('--out needs a folder');
      out = resolve(value);
    } else {
      inputs.push(argv[i]);
    }
  }
  if (inputs.length === 0) {
    console.error('usage: node --import tsx scripts/trim-aws-models.ts <service-2.json[.gz]>... [--out <folder>]');
    process.exit(2);
  }
  mkdirSync(out, { recursive: true });
  for (const input of inputs) {
    const { model, jsonText } = readFullModel(input);
    const trimmed = trimModel(model, jsonText);
    const target = join(out, trimmed.fileName);
    writeFileSync(target, trimmed.text);
    const shapes = (JSON.parse(trimmed.text) as { shapes: object }).shapes;
    console.log(`${target}: ${Buffer.byteLength(trimmed.text)} bytes, ${Object.keys(shapes).length} of ${Object.keys(model.shapes).length} shapes`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
