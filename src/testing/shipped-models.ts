/**
 * The AWS API models clarify-ts ships: botocore's SageMaker, CloudWatch Logs, STS and
 * IAM models trimmed to the emulated operations by `scripts/trim-aws-models.ts` (see
 * docs/testing.md, "The API model", and NOTICE for their provenance and licence).
 *
 * They are imported, not read from disk, so that they travel inside the bundles tsup
 * builds (ESM and CommonJS alike) and inside any bundle a user makes of their tests: no
 * path has to be found at run time, so the emulator cannot start without them.
 */
import iam from './data/iam-2010-05-08.json';
import logs from './data/logs-2014-03-28.json';
import sagemaker from './data/sagemaker-2017-07-24.json';
import sts from './data/sts-2011-06-15.json';

/**
 * The trimmed models by service, as parsed JSON. Typed as plain objects here: the
 * loader (`service-model.ts`) gives them the `ServiceModel` type.
 */
export const SHIPPED_MODELS: Readonly<Record<'sagemaker' | 'logs' | 'sts' | 'iam', object>> = { sagemaker, logs, sts, iam };

/** The files the shipped models were built into, by service (for messages). */
export const SHIPPED_MODEL_FILES: Readonly<Record<keyof typeof SHIPPED_MODELS, string>> = {
  sagemaker: 'sagemaker-2017-07-24.json',
  logs: 'logs-2014-03-28.json',
  sts: 'sts-2011-06-15.json',
  iam: 'iam-2010-05-08.json',
};
