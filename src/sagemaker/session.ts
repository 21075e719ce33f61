/**
 * The SageMaker session (Python `sagemaker.Session`): region, account, the AWS
 * clients, the default bucket and moving data to and from S3.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  SageMakerClient,
  type ContainerDefinition,
  type VpcConfig,
} from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ClarifyError, ValidationError } from '../errors.js';
import { awsCall } from './aws-call.js';
import { systemClock, type Clock } from './clock.js';
import { createModelRequest, sendCreateModel } from './create-model.js';
import { ensureBucket } from './default-bucket.js';
import { checkResourceName } from './names.js';
import { parseS3Uri, s3Uri } from './s3-uri.js';
import type { SessionClientConfig, SessionClients } from './session-clients.js';
import { formatTags, type Tags } from './tags.js';
import {
  checkUploadOptions,
  downloadObjects,
  fileName,
  listLocalFiles,
  listObjects,
  uploadBody,
  type DownloadOptions,
  type S3ObjectInfo,
  type UploadOptions,
} from './s3-transfer.js';

/** Options of {@link Session}. */
export interface SessionOptions extends SessionClients {
  /**
   * The AWS region.
   * @default the injected `sagemakerClient`'s region, else the AWS SDK's chain (`AWS_REGION`, `~/.aws/config`)
   */
  readonly region?: string;
  /** Configuration for the clients the session creates (credentials, retries, logger). @default none */
  readonly clientConfig?: SessionClientConfig;
  /**
   * The bucket for artifacts, uploads and defaulted output paths.
   * @default `sagemaker-<region>-<account>`, created when missing
   */
  readonly defaultBucket?: string;
  /**
   * A key prefix prepended to every key the session places in the default bucket.
   * @default none
   */
  readonly defaultBucketPrefix?: string;
  /**
   * The clock generated job names are stamped with (seconds since the epoch, like Python's `time.time()`).
   * @default the system clock
   */
  readonly clock?: Clock;
}

/** Options of {@link Session.uploadData}. */
export interface UploadDataOptions extends UploadOptions {
  /** The bucket. @default the session's default bucket (with its prefix) */
  readonly bucket?: string;
  /** The key prefix the files go under. @default 'data' */
  readonly keyPrefix?: string;
}

/** Options of {@link Session.createModel} beyond Python's first three arguments. */
export interface SessionCreateModelOptions {
  /** Subnets and security groups of the model's containers. @default none */
  readonly vpcConfig?: VpcConfig;
  /** Isolates the containers from the network. @default false (not sent) */
  readonly enableNetworkIsolation?: boolean;
  /** A single container (Python's deprecated `primary_container`); not with `containerDefs`. @default none */
  readonly primaryContainer?: ContainerDefinition;
  /** Tags, as a list of `{ Key, Value }` or a record. @default none */
  readonly tags?: Tags;
}

/** Options of {@link Session.uploadString}. */
export interface UploadStringOptions extends UploadOptions {
  /** Encrypts the object with this KMS key (SSE-KMS). @default none (the bucket's default encryption) */
  readonly kmsKey?: string;
}

/** Options of {@link Session.listS3Files}. */
export interface ListS3FilesOptions {
  /** Keys per ListObjectsV2 page. @default 1000 */
  readonly pageSize?: number;
  /** Stops listing. @default none */
  readonly signal?: AbortSignal;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Where SageMaker calls go and with which identity: the region, the account, the
 * AWS clients (injectable), the default bucket, and S3 transfers.
 *
 * @example
 * ```ts
 * const session = await Session.create();             // region from AWS_REGION / ~/.aws/config
 * const bucket = await session.defaultBucket();       // sagemaker-<region>-<account>, created if missing
 * const uri = await session.uploadData('./train_rec', { keyPrefix: 'ic-transfer-learning/train_rec' });
 * ```
 */
export class Session {
  /** The key prefix placed before keys in the default bucket, if any. */
  readonly defaultBucketPrefix: string | undefined;
  /** The clock job names are stamped with. */
  readonly clock: Clock;
  readonly #clientConfig: SessionClientConfig;
  readonly #injected: SessionClients;
  readonly #created: { destroy(): void }[] = [];
  #region: string | undefined;
  #regionPromise: Promise<string> | undefined;
  #account: Promise<string> | undefined;
  #bucketOverride: string | undefined;
  #defaultBucket: Promise<string> | undefined;
  #sdkNamedBucket: string | undefined;
  #sagemaker: SageMakerClient | undefined;
  #s3: S3Client | undefined;
  #runtime: SageMakerRuntimeClient | undefined;
  #logs: CloudWatchLogsClient | undefined;
  #sts: STSClient | undefined;
  #iam: IAMClient | undefined;

  constructor(options: SessionOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new ValidationError('options', options, 'an object of Session options');
    if (options.region !== undefined && (typeof options.region !== 'string' || !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(options.region))) {
      throw new ValidationError('region', options.region, 'an AWS region name such as us-west-2');
    }
    if (options.defaultBucket !== undefined && (typeof options.defaultBucket !== 'string' || !BUCKET_NAME.test(options.defaultBucket))) {
      throw new ValidationError('defaultBucket', options.defaultBucket, 'an S3 bucket name (3-63 of a-z 0-9 . -)');
    }
    if (options.defaultBucketPrefix !== undefined && (typeof options.defaultBucketPrefix !== 'string' || options.defaultBucketPrefix === '')) {
      throw new ValidationError('defaultBucketPrefix', options.defaultBucketPrefix, 'a non-empty key prefix');
    }
    if (options.clock !== undefined && typeof options.clock !== 'function') {
      throw new ValidationError('clock', options.clock, 'a function returning seconds since the epoch');
    }
    this.#region = options.region;
    this.#bucketOverride = options.defaultBucket;
    this.defaultBucketPrefix = options.defaultBucketPrefix?.replace(/^\/+|\/+$/g, '');
    this.clock = options.clock ?? systemClock;
    this.#clientConfig = options.clientConfig ?? {};
    this.#injected = options;
  }

  /**
   * A session whose region is already resolved, so a missing region fails here.
   * @throws {@link ValidationError} when no region is configured anywhere.
   */
  static async create(options: SessionOptions = {}): Promise<Session> {
    const session = new Session(options);
    await session.region();
    return session;
  }

  /** The region, when it is known without a lookup (given, or resolved before). */
  get regionName(): string | undefined {
    return this.#region;
  }

  /**
   * The session's region: the one given, else the injected SageMaker client's, else the AWS SDK's chain.
   * @throws {@link ValidationError} when none is configured.
   */
  region(): Promise<string> {
    if (this.#region !== undefined) return Promise.resolve(this.#region);
    this.#regionPromise ??= this.#resolveRegion();
    return this.#regionPromise;
  }

  async #resolveRegion(): Promise<string> {
    const probe = this.#injected.sagemakerClient ?? new SageMakerClient({});
    try {
      const region = await probe.config.region();
      if (typeof region !== 'string' || region === '') throw new Error('empty region');
      this.#region = region;
      return region;
    } catch {
      // The AWS SDK's only failure here is "Region is missing"; say how to set one instead.
      this.#regionPromise = undefined;
      throw new ValidationError('region', undefined, 'an AWS region',
        'none is configured: pass `region`, set AWS_REGION, or set `region` in ~/.aws/config');
    } finally {
      if (probe !== this.#injected.sagemakerClient) probe.destroy();
    }
  }

  #config(): { region: string | (() => Promise<string>) } & SessionClientConfig {
    return { ...this.#clientConfig, region: this.#region ?? (() => this.region()) };
  }

  #own<T extends { destroy(): void }>(client: T): T {
    this.#created.push(client);
    return client;
  }

  /** The SageMaker client. */
  get sagemakerClient(): SageMakerClient {
    return (this.#sagemaker ??= this.#injected.sagemakerClient ?? this.#own(new SageMakerClient(this.#config())));
  }

  /** The S3 client. */
  get s3Client(): S3Client {
    return (this.#s3 ??= this.#injected.s3Client ?? this.#own(new S3Client(this.#config())));
  }

  /** The SageMaker Runtime client (InvokeEndpoint). */
  get sagemakerRuntimeClient(): SageMakerRuntimeClient {
    return (this.#runtime ??= this.#injected.sagemakerRuntimeClient ?? this.#own(new SageMakerRuntimeClient(this.#config())));
  }

  /** The CloudWatch Logs client (job logs). */
  get cloudWatchLogsClient(): CloudWatchLogsClient {
    return (this.#logs ??= this.#injected.cloudWatchLogsClient ?? this.#own(new CloudWatchLogsClient(this.#config())));
  }

  /** The STS client (account id, caller identity). */
  get stsClient(): STSClient {
    return (this.#sts ??= this.#injected.stsClient ?? this.#own(new STSClient(this.#config())));
  }

  /** The IAM client (role names to ARNs). */
  get iamClient(): IAMClient {
    return (this.#iam ??= this.#injected.iamClient ?? this.#own(new IAMClient(this.#config())));
  }

  /** The caller's account id (STS GetCallerIdentity, once per session). */
  accountId(): Promise<string> {
    this.#account ??= this.#callerIdentity().then((identity) => {
      if (!identity.Account) throw new ClarifyError('sts:GetCallerIdentity returned no account');
      return identity.Account;
    });
    this.#account.catch(() => (this.#account = undefined));
    return this.#account;
  }

  /** The ARN of the caller's identity (a user, a role, or an assumed-role session). */
  async getCallerIdentityArn(): Promise<string> {
    const identity = await this.#callerIdentity();
    if (!identity.Arn) throw new ClarifyError('sts:GetCallerIdentity returned no ARN');
    return identity.Arn;
  }

  #callerIdentity(): Promise<{ Account?: string | undefined; Arn?: string | undefined }> {
    return awsCall('sts:GetCallerIdentity', () => this.stsClient.send(new GetCallerIdentityCommand({})));
  }

  /**
   * The default bucket: the one given, else `sagemaker-<region>-<account>`; created
   * (with the region's LocationConstraint) when missing. Resolved once per session.
   *
   * @throws {@link AwsServiceError} when the bucket exists under another account.
   */
  defaultBucket(): Promise<string> {
    this.#defaultBucket ??= this.#resolveDefaultBucket();
    this.#defaultBucket.catch(() => (this.#defaultBucket = undefined));
    return this.#defaultBucket;
  }

  async #resolveDefaultBucket(): Promise<string> {
    const region = await this.region();
    if (this.#bucketOverride !== undefined) {
      await ensureBucket(this.s3Client, this.#bucketOverride, region);
      return this.#bucketOverride;
    }
    const account = await this.accountId();
    const bucket = `sagemaker-${region}-${account}`;
    await ensureBucket(this.s3Client, bucket, region, account);
    this.#sdkNamedBucket = bucket;
    return bucket;
  }

  /**
   * The owner to assert on writes to `bucket` (S3 `ExpectedBucketOwner`): the
   * account, when `bucket` is the session-named default bucket already resolved.
   */
  async expectedBucketOwner(bucket: string): Promise<string | undefined> {
    return bucket === this.#sdkNamedBucket ? this.accountId() : undefined;
  }

  /**
   * Uploads a file, or every file of a folder, to S3 (Python `upload_data`): a file
   * lands at `<keyPrefix>/<file name>`, a folder's files at `<keyPrefix>/<relative path>`.
   * Large files go up as multipart uploads, `concurrency` parts at a time.
   *
   * @returns the object's URI for a file, the prefix's URI for a folder.
   * @throws {@link ValidationError} for a missing path or bad options, before anything is sent.
   * @example
   * ```ts
   * await session.uploadData('data/train.rec', { keyPrefix: 'ic/train_rec', onProgress: (p) => bar.update(p.loadedBytes) });
   * ```
   */
  async uploadData(localPath: string, options: UploadDataOptions = {}): Promise<string> {
    checkUploadOptions(options);
    if (typeof localPath !== 'string' || localPath === '') throw new ValidationError('localPath', localPath, 'a file or folder path');
    const info = await stat(localPath).catch(() => undefined);
    if (!info || (!info.isFile() && !info.isDirectory())) throw new ValidationError('localPath', localPath, 'an existing file or folder');
    if (options.keyPrefix !== undefined && typeof options.keyPrefix !== 'string') {
      throw new ValidationError('keyPrefix', options.keyPrefix, 'a key prefix string');
    }
    if (options.bucket !== undefined && (typeof options.bucket !== 'string' || !BUCKET_NAME.test(options.bucket))) {
      throw new ValidationError('bucket', options.bucket, 'an S3 bucket name');
    }
    const files = info.isFile() ? [{ path: localPath, relative: fileName(localPath), size: info.size }] : await this.#folderFiles(localPath);
    let bucket = options.bucket;
    let keyPrefix = options.keyPrefix ?? 'data';
    if (bucket === undefined) {
      bucket = await this.defaultBucket();
      if (this.defaultBucketPrefix) keyPrefix = `${this.defaultBucketPrefix}/${keyPrefix}`;
    }
    const owner = await this.expectedBucketOwner(bucket);
    const extraArgs = { ...options.extraArgs, ...(owner ? { ExpectedBucketOwner: owner } : {}) };
    const total = files.reduce((sum, f) => sum + f.size, 0);
    let base = 0;
    for (const file of files) {
      await uploadBody(this.s3Client, bucket, `${keyPrefix}/${file.relative}`, createReadStream(file.path), {
        ...options,
        extraArgs,
        progressBase: base,
        progressTotal: total,
      });
      base += file.size;
    }
    return info.isFile() ? s3Uri(bucket, `${keyPrefix}/${files[0].relative}`) : s3Uri(bucket, keyPrefix);
  }

  async #folderFiles(folder: string): Promise<{ path: string; relative: string; size: number }[]> {
    const relatives = await listLocalFiles(folder);
    return Promise.all(relatives.map(async (relative) => ({ path: join(folder, relative), relative, size: (await stat(join(folder, relative))).size })));
  }

  /**
   * Writes `body` to the object `destination` (`s3://bucket/key`), with SSE-KMS when
   * `kmsKey` is given (Python `upload_string_as_file_body`). The key is taken exactly
   * as written: `s3://bucket//analysis_config.json` writes the key `/analysis_config.json`.
   * @returns `destination`.
   */
  async uploadString(body: string | Uint8Array, destination: string, options: UploadStringOptions = {}): Promise<string> {
    checkUploadOptions(options);
    const { bucket } = parseS3Uri(destination, 'destination');
    // The key exactly as written after the bucket (`s3://b//x` is the object `/x`): the object
    // must be where the URI points, as a job reading that URI will look for it there.
    const key = destination.slice(`s3://${bucket}/`.length);
    if (key === '') throw new ValidationError('destination', destination, 'an S3 object URI such as s3://bucket/key');
    if (typeof body !== 'string' && !(body instanceof Uint8Array)) throw new ValidationError('body', body, 'a string or a Uint8Array');
    if (options.kmsKey !== undefined && (typeof options.kmsKey !== 'string' || options.kmsKey === '')) {
      throw new ValidationError('kmsKey', options.kmsKey, 'a KMS key id or ARN');
    }
    const owner = await this.expectedBucketOwner(bucket);
    const extraArgs = {
      ...options.extraArgs,
      ...(options.kmsKey ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: options.kmsKey } : {}),
      ...(owner ? { ExpectedBucketOwner: owner } : {}),
    };
    return uploadBody(this.s3Client, bucket, key, body, { ...options, extraArgs });
  }

  /**
   * Every object under `s3://bucket/keyPrefix`, across all pages of the listing (Python `list_s3_files`).
   * @example
   * ```ts
   * for await (const object of session.listS3Files(bucket, 'results/')) console.log(object.key, object.size);
   * ```
   */
  listS3Files(bucket: string, keyPrefix = '', options: ListS3FilesOptions = {}): AsyncGenerator<S3ObjectInfo> {
    if (typeof bucket !== 'string' || !BUCKET_NAME.test(bucket)) throw new ValidationError('bucket', bucket, 'an S3 bucket name');
    if (typeof keyPrefix !== 'string') throw new ValidationError('keyPrefix', keyPrefix, 'a key prefix string');
    if (options.pageSize !== undefined && (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 1000)) {
      throw new ValidationError('pageSize', options.pageSize, 'an integer from 1 to 1000');
    }
    return listObjects(this.s3Client, bucket, keyPrefix, options.signal, options.pageSize);
  }

  /**
   * Downloads every object under `source` (`s3://bucket/prefix`) into `directory`,
   * keeping the paths below the prefix (Python `download_data`). Keys that would land
   * outside `directory` (`..`, absolute paths) are refused before anything is written;
   * each file's size is checked against the listing.
   *
   * @returns the local paths written.
   */
  async downloadData(directory: string, source: string, options: DownloadOptions = {}): Promise<string[]> {
    if (typeof directory !== 'string' || directory === '') throw new ValidationError('directory', directory, 'a folder path');
    const { bucket, key: prefix } = parseS3Uri(source, 'source');
    const objects: S3ObjectInfo[] = [];
    for await (const object of listObjects(this.s3Client, bucket, prefix, options.signal)) {
      if (!object.key.endsWith('/')) objects.push(object);
    }
    return downloadObjects(this.s3Client, objects, prefix, directory, options);
  }

  /**
   * A role ARN for a role name (Python `expand_role`): values containing `/` are
   * returned as they are; names are looked up with IAM GetRole.
   */
  async expandRole(role: string): Promise<string> {
    if (typeof role !== 'string' || role === '') throw new ValidationError('role', role, 'an IAM role name or ARN');
    if (role.includes('/')) return role;
    const { Role } = await awsCall('iam:GetRole', () => this.iamClient.send(new GetRoleCommand({ RoleName: role })));
    if (!Role?.Arn) throw new ClarifyError(`iam:GetRole returned no ARN for role ${role}`);
    return Role.Arn;
  }

  /**
   * Creates a SageMaker model (Python `Session.create_model(name, role,
   * container_defs, vpc_config, enable_network_isolation, primary_container, tags)`),
   * sending the same CreateModel request: a list of container definitions (or one
   * that names a `ModelPackageName`) goes as `Containers`, a single one as
   * `PrimaryContainer`. A model of that name that already exists is kept, as Python does.
   *
   * @returns the model's name.
   * @throws {@link ValidationError} for a bad name, no role, or both `containerDefs` and `primaryContainer`, before any call.
   * @example
   * ```ts
   * const containerDef = model.prepareContainerDef();
   * await session.createModel('DEMO-clarify-image-classification-model', role, containerDef);
   * ```
   */
  async createModel(
    name: string,
    role: string,
    containerDefs?: ContainerDefinition | readonly ContainerDefinition[],
    options: SessionCreateModelOptions = {},
  ): Promise<string> {
    checkResourceName('name', name);
    if (typeof role !== 'string' || role === '') throw new ValidationError('role', role, 'an IAM role name or ARN', 'a model needs an execution role');
    if (containerDefs !== undefined && options.primaryContainer !== undefined) {
      throw new ValidationError('primaryContainer', options.primaryContainer, 'undefined when containerDefs is given', 'pass one of containerDefs and primaryContainer');
    }
    if (containerDefs === undefined && options.primaryContainer === undefined) {
      throw new ValidationError('containerDefs', containerDefs, 'a container definition { Image, ... } or a list of them');
    }
    const tags = formatTags(options.tags);
    const single = containerDefs !== undefined && !Array.isArray(containerDefs) ? (containerDefs as ContainerDefinition) : undefined;
    const containers = Array.isArray(containerDefs)
      ? (containerDefs as readonly ContainerDefinition[])
      : single?.ModelPackageName !== undefined ? [single] : undefined;
    const primaryContainer = containers === undefined ? single ?? options.primaryContainer : undefined;
    const request = createModelRequest({
      name,
      roleArn: await this.expandRole(role),
      ...(containers ? { containers } : {}),
      ...(primaryContainer ? { primaryContainer } : {}),
      ...(tags ? { tags } : {}),
      ...(options.vpcConfig ? { vpcConfig: options.vpcConfig } : {}),
      ...(options.enableNetworkIsolation ? { enableNetworkIsolation: true } : {}),
    });
    await sendCreateModel(this.sagemakerClient, request);
    return name;
  }

  /** Deletes a model (Python `Session.delete_model`). */
  async deleteModel(modelName: string): Promise<void> {
    await awsCall('sagemaker:DeleteModel', () => this.sagemakerClient.send(new DeleteModelCommand({ ModelName: modelName })));
  }

  /** Deletes an endpoint, not its endpoint config (Python `Session.delete_endpoint`). */
  async deleteEndpoint(endpointName: string): Promise<void> {
    await awsCall('sagemaker:DeleteEndpoint', () => this.sagemakerClient.send(new DeleteEndpointCommand({ EndpointName: endpointName })));
  }

  /** Deletes an endpoint config (Python `Session.delete_endpoint_config`). */
  async deleteEndpointConfig(endpointConfigName: string): Promise<void> {
    await awsCall('sagemaker:DeleteEndpointConfig', () =>
      this.sagemakerClient.send(new DeleteEndpointConfigCommand({ EndpointConfigName: endpointConfigName })));
  }

  /** Closes the clients this session created (injected clients are left to their owner). */
  destroy(): void {
    for (const client of this.#created.splice(0)) client.destroy();
  }
}
