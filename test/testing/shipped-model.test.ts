// The API models the package ships (issue 28, item 1): where the emulator takes its models
// from, what the shipped files hold, and that they are exactly the generator's output.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAwsSetupError } from '../../src/errors.js';
import { EMULATED_OPERATIONS } from '../../src/testing/operations.js';
import {
  BOTOCORE_DATA_ENV,
  SERVICE_MODELS,
  SHIPPED_MODEL_PREFIX,
  loadServiceModel,
  modelSource,
  type ModelledService,
  type ServiceModel,
} from '../../src/testing/service-model.js';
import { validateShape } from '../../src/testing/shape-validator.js';
import { catchError } from '../helpers/catch-error.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DATA = join(ROOT, 'src/testing/data');
const REFERENCE = resolve(ROOT, '../shared/reference/aws-models/sagemaker-2017-07-24.service-2.json.gz');
/** Debian's python3-botocore (December 2022): where the emulator used to look first. */
const DEBIAN_BOTOCORE = '/usr/lib/python3/dist-packages/botocore/data';
const FILES: Record<ModelledService, string> = {
  sagemaker: 'sagemaker-2017-07-24.json',
  logs: 'logs-2014-03-28.json',
  sts: 'sts-2011-06-15.json',
  iam: 'iam-2010-05-08.json',
};
const SERVICES = Object.keys(FILES) as ModelledService[];

/** CreateProcessingJob's ClusterConfig with `instanceType`, validated against `model`. */
function clusterConfigProblems(model: ServiceModel, instanceType: string): string[] {
  return validateShape(model, 'ProcessingClusterConfig', { InstanceType: instanceType, InstanceCount: 1, VolumeSizeInGB: 30 }).constraints;
}

describe('where the models come from', () => {
  it('is the option, then CLARIFY_TS_BOTOCORE_DATA, then the shipped models', () => {
    expect(modelSource('/opt/botocore/data', { [BOTOCORE_DATA_ENV]: '/from/env' })).toEqual({
      kind: 'botocore',
      dataPath: '/opt/botocore/data',
      namedBy: 'botocoreDataPath',
    });
    expect(modelSource(undefined, { [BOTOCORE_DATA_ENV]: '/from/env' })).toEqual({
      kind: 'botocore',
      dataPath: '/from/env',
      namedBy: BOTOCORE_DATA_ENV,
    });
    expect(modelSource(undefined, {})).toEqual({ kind: 'shipped' });
    // An empty variable is an unset one (`CLARIFY_TS_BOTOCORE_DATA= npm test`).
    expect(modelSource(undefined, { [BOTOCORE_DATA_ENV]: '' })).toEqual({ kind: 'shipped' });
  });

  it('loads the shipped models with nothing configured, even where Debian botocore is installed', () => {
    for (const service of SERVICES) {
      const model = loadServiceModel(service, undefined, {});
      expect(model.path).toBe(SHIPPED_MODEL_PREFIX + FILES[service]);
      expect(model.metadata.apiVersion).toBe(SERVICE_MODELS[service].split('/')[1]);
    }
    // Not Debian's December 2022 model, even on a machine that has it.
    expect(loadServiceModel('sagemaker', undefined, {}).path).not.toContain('dist-packages');
  });

  it('reads a botocore data folder named by the environment, for every service', () => {
    const data = mkdtempSync(join(tmpdir(), 'botocore-env-'));
    try {
      for (const service of SERVICES) {
        mkdirSync(join(data, SERVICE_MODELS[service]), { recursive: true });
        // The shipped file is a valid botocore model; renamed, it stands in for a full one.
        writeFileSync(join(data, SERVICE_MODELS[service], 'service-2.json'), readFileSync(join(DATA, FILES[service])));
      }
      for (const service of SERVICES) {
        expect(loadServiceModel(service, undefined, { [BOTOCORE_DATA_ENV]: data }).path).toBe(join(data, SERVICE_MODELS[service], 'service-2.json'));
      }
    } finally {
      rmSync(data, { recursive: true });
    }
  });

  it('refuses an override folder that does not exist, naming who named it and the way back', () => {
    const missing = join(tmpdir(), `no-such-botocore-${process.pid}`);
    const fromOption = catchError(() => loadServiceModel('sagemaker', missing, {}));
    expect(fromOption).toBeInstanceOf(LocalAwsSetupError);
    expect((fromOption as Error).message).toBe(
      `botocoreDataPath (${missing}) is not a folder. Point botocoreDataPath at a botocore \`data\` folder, ` +
        'or leave the option out to use the models clarify-ts ships.',
    );
    const fromEnv = catchError(() => loadServiceModel('logs', undefined, { [BOTOCORE_DATA_ENV]: missing }));
    expect(fromEnv).toBeInstanceOf(LocalAwsSetupError);
    expect((fromEnv as Error).message).toContain(`unset ${BOTOCORE_DATA_ENV} to use the models clarify-ts ships`);
  });

  it('refuses an override folder without the model, or with a file that is not JSON', () => {
    const data = mkdtempSync(join(tmpdir(), 'botocore-partial-'));
    try {
      const lacking = catchError(() => loadServiceModel('iam', data, {}));
      expect(lacking).toBeInstanceOf(LocalAwsSetupError);
      expect((lacking as Error).message).toContain('holds no iam model (iam/2010-05-08/service-2.json or service-2.json.gz)');
      mkdirSync(join(data, 'sts/2011-06-15'), { recursive: true });
      writeFileSync(join(data, 'sts/2011-06-15/service-2.json'), '{ not json');
      const broken = catchError(() => loadServiceModel('sts', data, {}));
      expect(broken).toBeInstanceOf(LocalAwsSetupError);
      expect((broken as Error).message).toContain('cannot be read as JSON');
    } finally {
      rmSync(data, { recursive: true });
    }
  });
});

describe('the shipped models', () => {
  const sagemaker = loadServiceModel('sagemaker', undefined, {});

  it('accept the processing instance types AWS accepts today (ml.c6i.xlarge), which the 2022 model refused', () => {
    expect(clusterConfigProblems(sagemaker, 'ml.c6i.xlarge')).toEqual([]);
    expect(clusterConfigProblems(sagemaker, 'ml.g6.xlarge')).toEqual([]);
    expect(clusterConfigProblems(sagemaker, 'ml.nosuch.xlarge')).toHaveLength(1);
    if (existsSync(join(DEBIAN_BOTOCORE, SERVICE_MODELS.sagemaker))) {
      // The model the emulator read before: the same request fails there.
      const debian = loadServiceModel('sagemaker', DEBIAN_BOTOCORE, {});
      expect(clusterConfigProblems(debian, 'ml.c6i.xlarge')[0]).toMatch(/^Value 'ml.c6i.xlarge' at 'instanceType' failed to satisfy constraint: Member must satisfy enum value set/);
    }
  });

  it('hold every emulated operation and every shape those operations reach, without documentation', () => {
    for (const service of SERVICES) {
      const model = loadServiceModel(service, undefined, {});
      for (const operation of EMULATED_OPERATIONS[service]) expect(model.operations[operation], `${service}:${operation}`).toBeDefined();
      const pending = Object.values(model.operations)
        .flatMap((op) => [op.input, op.output, ...((op as { errors?: { shape: string }[] }).errors ?? [])])
        .filter((ref) => ref !== undefined);
      const seen = new Set<string>();
      for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
        if (seen.has(ref.shape)) continue;
        seen.add(ref.shape);
        const shape = model.shapes[ref.shape];
        expect(shape, `${service} shape ${ref.shape}`).toBeDefined();
        pending.push(...Object.values(shape.members ?? {}), ...[shape.member, shape.key, shape.value].filter((r) => r !== undefined));
      }
      // Nothing beyond the closure, and no prose.
      expect(Object.keys(model.shapes).sort()).toEqual([...seen].sort());
      expect(readFileSync(join(DATA, FILES[service]), 'utf8')).not.toContain('"documentation"');
    }
  });

  it('keep the metadata the router and validator read', () => {
    expect(sagemaker.metadata).toMatchObject({ protocol: 'json', jsonVersion: '1.1', targetPrefix: 'SageMaker', apiVersion: '2017-07-24', serviceId: 'SageMaker' });
    expect(loadServiceModel('logs', undefined, {}).metadata).toMatchObject({ protocol: 'json', targetPrefix: 'Logs_20140328' });
    expect(loadServiceModel('sts', undefined, {}).metadata.protocol).toBe('query');
    expect(loadServiceModel('iam', undefined, {}).metadata.protocol).toBe('query');
  });

  it('are small: the SageMaker model is under 150 kB, plain JSON', () => {
    const bytes = statSync(join(DATA, FILES.sagemaker)).size;
    expect(bytes).toBeLessThan(150_000);
    expect(readFileSync(join(DATA, FILES.sagemaker))[0]).toBe('{'.charCodeAt(0));
  });

  it('ship with the Apache-2.0 notice of botocore, which the package publishes', () => {
    const notice = readFileSync(join(ROOT, 'NOTICE'), 'utf8');
    expect(notice).toContain('Botocore, Copyright 2012-2022 Amazon.com, Inc. or its affiliates');
    expect(notice).toContain('Apache License');
    expect(notice).toContain('0e6e2404b85dc336dd2889814e089bde7d1a4c55');
    const files = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }).files;
    expect(files).toContain('NOTICE');
  });
});

describe('the shipped models are the generator’s output', { timeout: 60_000 }, () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'trimmed-models-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  /** Runs scripts/trim-aws-models.ts as `npm run models:trim` does. */
  const generate = (...inputs: string[]): void => {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/trim-aws-models.ts', ...inputs, '--out', out], { cwd: ROOT, stdio: 'pipe' });
  };

  it.skipIf(!existsSync(REFERENCE))(
    'for SageMaker, from the botocore model of 2026-08-07 in ../shared/reference/aws-models (skipped where ../shared is absent)',
    () => {
      generate(REFERENCE);
      expect(readFileSync(join(out, FILES.sagemaker), 'utf8')).toBe(readFileSync(join(DATA, FILES.sagemaker), 'utf8'));
    },
  );

  // The Logs, STS and IAM models come from Debian's python3-botocore 1.29.27; a machine
  // without it, or with another release, cannot remake them byte for byte.
  const recordedSha = (service: ModelledService): string =>
    (JSON.parse(readFileSync(join(DATA, FILES[service]), 'utf8')) as { 'x-clarify-ts': { source: { sha256: string } } })['x-clarify-ts'].source.sha256;
  for (const service of ['logs', 'sts', 'iam'] as const) {
    const source = join(DEBIAN_BOTOCORE, SERVICE_MODELS[service], 'service-2.json');
    const same = existsSync(source) && createHash('sha256').update(readFileSync(source, 'utf8')).digest('hex') === recordedSha(service);
    it.skipIf(!same)(`for ${service}, from Debian's python3-botocore 1.29.27 (skipped where that exact model is absent)`, () => {
      generate(source);
      expect(readFileSync(join(out, FILES[service]), 'utf8')).toBe(readFileSync(join(DATA, FILES[service]), 'utf8'));
    });
  }

  it('refuses a model it does not know, and an emulated operation the model lacks', () => {
    const foreign = join(out, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ metadata: { serviceId: 'DynamoDB', apiVersion: '2012-08-10' }, operations: {}, shapes: {} }));
    expect(() => generate(foreign)).toThrow(/metadata.serviceId "DynamoDB" is not one of SageMaker, CloudWatch Logs, STS, IAM/);
    const partial = join(out, 'partial.json');
    writeFileSync(partial, JSON.stringify({ metadata: { serviceId: 'STS', apiVersion: '2011-06-15' }, operations: {}, shapes: {} }));
    expect(() => generate(partial)).toThrow(/the STS model has no operation GetCallerIdentity/);
  });
});
