/** The public shape of a running emulator and the client configurations it hands out. */
import type { FaultInjector } from './faults.js';
import type { JsonObject } from './json.js';
import type { LocalS3 } from './local-s3.js';
import type { EndpointHandler } from './runtime-service.js';

/** A configuration for an `@aws-sdk/*` client that points it at the emulator. */
export interface LocalClientConfig {
  /** The emulator's base URL. */
  endpoint: string;
  /** The emulator's region. */
  region: string;
  /** Credentials the emulator accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
}

/**
 * {@link LocalClientConfig} plus path-style addressing: all a default `S3Client` needs.
 * The SDK's default checksums (CRC32 headers and `aws-chunked` trailers on uploads,
 * validation on GetObject) work as against S3.
 */
export interface LocalS3ClientConfig extends LocalClientConfig {
  /** The emulator serves buckets by path, not by host name. */
  forcePathStyle: true;
}

/**
 * The emulator's S3 as a test holds it (`aws.s3`): {@link LocalS3}'s object access, plus the
 * folder the emulated S3 keeps the objects in, for tests that look at what was stored on disk.
 * The emulator stops it (`aws.stop()`); it has no `stop` of its own.
 */
export interface LocalAwsS3 extends LocalS3 {
  /** The temporary folder the objects are stored in, one sub-folder per bucket; `aws.stop()` removes it. */
  readonly directory: string;
}

/** One request the emulator received. */
export interface RecordedRequest {
  /**
   * The operation, e.g. `sagemaker:CreateProcessingJob`: an {@link OperationName}, or for
   * an operation the emulator does not implement (answered `UnknownOperationException`)
   * the name the request asked for.
   */
  readonly operation: string;
  /** The parsed request: the JSON body, the Query parameters, or for InvokeEndpoint its name and headers. */
  readonly input: JsonObject;
  /** When it arrived (epoch milliseconds). */
  readonly time: number;
  /** The HTTP status of the answer (0 until answered). */
  readonly status: number;
}

/** A running emulator. */
export interface LocalAws {
  /** Base URL of SageMaker, Runtime, CloudWatch Logs, STS and IAM. */
  readonly endpoint: string;
  /** The region to configure clients with. */
  readonly region: string;
  /** The account id in ARNs. */
  readonly accountId: string;
  /** Credentials the emulator accepts (s3rver checks the access key id). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The emulator's S3: its endpoint, direct object access and storage folder. */
  readonly s3: LocalAwsS3;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Inject throttling, server errors and delays. */
  readonly faults: FaultInjector;
  /** Configuration for `new SageMakerClient(…)`. */
  sagemakerClientConfig(): LocalClientConfig;
  /** Configuration for `new SageMakerRuntimeClient(…)`. */
  sagemakerRuntimeClientConfig(): LocalClientConfig;
  /** Configuration for `new CloudWatchLogsClient(…)`. */
  cloudWatchLogsClientConfig(): LocalClientConfig;
  /** Configuration for `new STSClient(…)`. */
  stsClientConfig(): LocalClientConfig;
  /** Configuration for `new IAMClient(…)`. */
  iamClientConfig(): LocalClientConfig;
  /** Configuration for `new S3Client(…)` (path-style; the SDK's default checksums). */
  s3ClientConfig(): LocalS3ClientConfig;
  /** Routes InvokeEndpoint calls for `endpointName` to `handler` (before or after the endpoint exists). */
  setEndpointHandler(endpointName: string, handler: EndpointHandler): void;
  /** Makes a training or processing job end `Failed` with `reason` (now if running, else when created). */
  failJob(jobName: string, reason: string): void;
  /** Makes an endpoint end `Failed` with `reason` instead of `InService` (set before it finishes creating). */
  failEndpoint(endpointName: string, reason: string): void;
  /** Appends a line to a CloudWatch log stream (created if needed). */
  appendLog(logGroupName: string, logStreamName: string, message: string): void;
  /** Stops both servers and removes S3's temporary folder. Rejects if background work hit a bug. */
  stop(): Promise<void>;
}

