/**
 * Shared set-up of the sagemaker and Clarify-processor tests: an emulator with
 * the Python fixtures' region and account, a Session wired to it, and a record
 * of the inputs our code passed to each AWS command (in our key order).
 */
import { rm } from 'node:fs/promises';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { startLocalAws, type LocalAws, type LocalAwsOptions } from '../../src/testing/index.js';
import { Session, type SessionOptions } from '../../src/sagemaker/session.js';

/** The fixtures' frozen clock: 2026-11-28 12:34:56.789 UTC. */
export const FROZEN_TIME = 1795869296.789;
export const REGION = 'us-west-2';
export const ACCOUNT = '111122223333';
export const ROLE = 'arn:aws:iam::111122223333:role/SageMakerRole';

/** One command our code sent: its name and its input as built (key order kept). */
export interface SentCommand {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

interface Sendable {
  middlewareStack: { add(middleware: unknown, options: { step: 'initialize'; name: string }): void };
}

/** Records the input of every command `client` sends, before the AWS SDK serialises it. */
export function recordCommands(client: Sendable, into: SentCommand[]): void {
  const middleware = (next: (args: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: { input: unknown }) => {
      into.push({ command: context.commandName ?? 'unknown', input: JSON.parse(JSON.stringify(args.input ?? {}, bodyless)) });
      return next(args);
    };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'recordCommandsForTests' });
}

/** Drops stream and byte bodies from recorded inputs (they are checked by reading S3). */
function bodyless(key: string, value: unknown): unknown {
  return key === 'Body' ? '<body>' : value;
}

export interface TestAws {
  readonly aws: LocalAws;
  readonly session: Session;
  /** Every SageMaker, S3, STS, IAM, Logs and Runtime command our code sent, in order. */
  readonly sent: SentCommand[];
  /** The inputs of the sent commands named `command` (e.g. `CreateProcessingJobCommand`). */
  inputsOf(command: string): Record<string, unknown>[];
  /** Every request the emulator received that it answered with an error status. */
  rejected(): { operation: string; status: number }[];
  close(): Promise<void>;
}

/** Starts an emulator (fixtures' region and account) and a Session using clients pointed at it. */
export async function startTestAws(
  options: LocalAwsOptions = {},
  sessionOptions: Omit<SessionOptions, 'sagemakerClient' | 's3Client' | 'stsClient' | 'iamClient' | 'cloudWatchLogsClient' | 'sagemakerRuntimeClient'> = {},
  clientOverrides: { maxAttempts?: number } = {},
): Promise<TestAws> {
  const aws = await startLocalAws({ region: REGION, accountId: ACCOUNT, buckets: ['my-bucket'], jobDurationMs: 30, endpointDelayMs: 20, ...options });
  const sent: SentCommand[] = [];
  const retry = clientOverrides.maxAttempts !== undefined ? { maxAttempts: clientOverrides.maxAttempts } : {};
  const clients = {
    sagemakerClient: new SageMakerClient({ ...aws.sagemakerClientConfig(), ...retry }),
    s3Client: new S3Client({ ...aws.s3ClientConfig(), ...retry }),
    stsClient: new STSClient({ ...aws.stsClientConfig(), ...retry }),
    iamClient: new IAMClient({ ...aws.iamClientConfig(), ...retry }),
    cloudWatchLogsClient: new CloudWatchLogsClient({ ...aws.cloudWatchLogsClientConfig(), ...retry }),
    sagemakerRuntimeClient: new SageMakerRuntimeClient({ ...aws.sagemakerRuntimeClientConfig(), ...retry }),
  };
  for (const client of Object.values(clients)) recordCommands(client as unknown as Sendable, sent);
  const session = new Session({ region: REGION, clock: () => FROZEN_TIME, ...sessionOptions, ...clients });
  return {
    aws,
    session,
    sent,
    inputsOf: (command) => sent.filter((s) => s.command === command).map((s) => s.input),
    rejected: () => aws.requests.filter((r) => r.status >= 400).map((r) => ({ operation: r.operation, status: r.status })),
    async close() {
      for (const client of Object.values(clients)) client.destroy();
      await aws.stop();
    },
  };
}

/** Fast polling for tests (seconds). */
export const FAST_WAIT = { minDelay: 0.01, maxDelay: 0.02 } as const;

/** JSON text with keys in insertion order, to compare key order as well as values. */
export function ordered(value: unknown): string {
  return JSON.stringify(value, null, 1);
}

/** After a test: closes the emulator it started and removes the folders it made; returns undefined for the `env` variable. */
export async function closeTestResources(env: TestAws | undefined, folders: string[]): Promise<undefined> {
  await env?.close();
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
  return undefined;
}
