/**
 * The SageMaker operations the emulator answers, after the request has passed
 * validation against the official API model.
 */
import type { EmulatorContext } from './emulator-context.js';
import { epochSeconds, type JsonObject } from './json.js';
import type { HostingRegistry } from './sagemaker-hosting.js';
import type { EMULATED_OPERATIONS } from './operations.js';
import type { JobKind, JobRecord, JobRegistry } from './sagemaker-jobs.js';
import { validationFault } from './service-fault.js';

type Handler = (input: JsonObject) => JsonObject;

/** Builds the handler of each implemented SageMaker operation. */
export function sagemakerHandlers(ctx: EmulatorContext, jobs: JobRegistry, hosting: HostingRegistry): Record<(typeof EMULATED_OPERATIONS)['sagemaker'][number], Handler> {
  // Describe… answers echo the request's members that the response shape also has (per the model).
  const echo = (request: JsonObject, responseShape: string): JsonObject => {
    const members = ctx.sagemakerModel.shapes[responseShape]?.members;
    if (!members) throw new Error(`shape ${responseShape} is missing from ${ctx.sagemakerModel.path}`);
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(request)) if (key in members) out[key] = value;
    return out;
  };
  const name = (input: JsonObject, member: string): string => String(input[member]);

  return {
    CreateTrainingJob: (input) => ({ TrainingJobArn: jobs.create('training', name(input, 'TrainingJobName'), input).arn }),
    DescribeTrainingJob: (input) => {
      const job = jobs.get('training', name(input, 'TrainingJobName'));
      return { ...echo(job.request, 'DescribeTrainingJobResponse'), ...jobs.describeState(job) };
    },
    StopTrainingJob: (input) => (jobs.requestStop('training', name(input, 'TrainingJobName')), {}),
    ListTrainingJobs: (input) => listJobs(jobs, 'training', input),

    CreateProcessingJob: (input) => ({ ProcessingJobArn: jobs.create('processing', name(input, 'ProcessingJobName'), input).arn }),
    DescribeProcessingJob: (input) => {
      const job = jobs.get('processing', name(input, 'ProcessingJobName'));
      return { ...echo(job.request, 'DescribeProcessingJobResponse'), ...jobs.describeState(job) };
    },
    StopProcessingJob: (input) => (jobs.requestStop('processing', name(input, 'ProcessingJobName')), {}),
    ListProcessingJobs: (input) => listJobs(jobs, 'processing', input),

    CreateModel: (input) => ({ ModelArn: hosting.createModel(name(input, 'ModelName'), input).arn }),
    DescribeModel: (input) => {
      const model = hosting.model(name(input, 'ModelName'));
      return { ...echo(model.request, 'DescribeModelOutput'), ModelArn: model.arn, CreationTime: epochSeconds(model.creationTime) };
    },
    DeleteModel: (input) => (hosting.deleteModel(name(input, 'ModelName')), {}),

    CreateEndpointConfig: (input) => ({ EndpointConfigArn: hosting.createEndpointConfig(name(input, 'EndpointConfigName'), input).arn }),
    DescribeEndpointConfig: (input) => {
      const config = hosting.endpointConfig(name(input, 'EndpointConfigName'));
      return {
        ...echo(config.request, 'DescribeEndpointConfigOutput'),
        EndpointConfigArn: config.arn,
        CreationTime: epochSeconds(config.creationTime),
      };
    },
    DeleteEndpointConfig: (input) => (hosting.deleteEndpointConfig(name(input, 'EndpointConfigName')), {}),

    CreateEndpoint: (input) => ({ EndpointArn: hosting.createEndpoint(name(input, 'EndpointName'), input).arn }),
    DescribeEndpoint: (input) => hosting.describeEndpointState(hosting.endpoint(name(input, 'EndpointName'))),
    DeleteEndpoint: (input) => (hosting.deleteEndpoint(name(input, 'EndpointName')), {}),
  };
}

/** List…Jobs: the service's filters, sort orders (default CreationTime, Ascending), and pages of MaxResults (default 10). */
function listJobs(jobs: JobRegistry, kind: JobKind, input: JsonObject): JsonObject {
  const seconds = (member: string): number | undefined => (typeof input[member] === 'number' ? (input[member] as number) * 1000 : undefined);
  const after = seconds('CreationTimeAfter');
  const before = seconds('CreationTimeBefore');
  const modifiedAfter = seconds('LastModifiedTimeAfter');
  const modifiedBefore = seconds('LastModifiedTimeBefore');
  const nameContains = typeof input.NameContains === 'string' ? input.NameContains.toLowerCase() : undefined;
  const status = input.StatusEquals;

  const matching = jobs.all(kind).filter(
    (job) =>
      (after === undefined || job.creationTime > after) &&
      (before === undefined || job.creationTime < before) &&
      (modifiedAfter === undefined || job.lastModifiedTime > modifiedAfter) &&
      (modifiedBefore === undefined || job.lastModifiedTime < modifiedBefore) &&
      (nameContains === undefined || job.name.toLowerCase().includes(nameContains)) &&
      (status === undefined || job.status === status),
  );
  const sortBy = input.SortBy ?? 'CreationTime';
  const key = (job: JobRecord): string | number => (sortBy === 'Name' ? job.name : sortBy === 'Status' ? job.status : job.creationTime);
  const direction = input.SortOrder === 'Descending' ? -1 : 1;
  // Ties (same millisecond) keep creation order so pages never overlap.
  const order = new Map(matching.map((job, i) => [job, i]));
  matching.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : order.get(a)! - order.get(b)!) * direction;
  });

  const offset = decodeToken(input.NextToken);
  const limit = typeof input.MaxResults === 'number' ? input.MaxResults : 10;
  const page = matching.slice(offset, offset + limit);
  const summaries = page.map((job) => summary(kind, job));
  const result: JsonObject = kind === 'training' ? { TrainingJobSummaries: summaries } : { ProcessingJobSummaries: summaries };
  if (offset + limit < matching.length) result.NextToken = encodeToken(offset + limit);
  return result;
}

function summary(kind: JobKind, job: JobRecord): JsonObject {
  const times: JsonObject = { CreationTime: epochSeconds(job.creationTime), LastModifiedTime: epochSeconds(job.lastModifiedTime) };
  if (kind === 'training') {
    return {
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      ...times,
      ...(job.endTime !== undefined ? { TrainingEndTime: epochSeconds(job.endTime) } : {}),
      TrainingJobStatus: job.status,
    };
  }
  return {
    ProcessingJobName: job.name,
    ProcessingJobArn: job.arn,
    ...times,
    ...(job.endTime !== undefined ? { ProcessingEndTime: epochSeconds(job.endTime) } : {}),
    ProcessingJobStatus: job.status,
    ...(job.failureReason !== undefined ? { FailureReason: job.failureReason } : {}),
    ...(job.exitMessage !== undefined ? { ExitMessage: job.exitMessage } : {}),
  };
}

const TOKEN_PREFIX = 'clarify-ts-local:';

function encodeToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64');
}

function decodeToken(token: unknown): number {
  if (token === undefined) return 0;
  const text = Buffer.from(String(token), 'base64').toString('utf8');
  const offset = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw validationFault('Invalid pagination token');
  return offset;
}
