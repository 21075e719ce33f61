/**
 * Follows a job's CloudWatch log streams (one per instance) and hands their
 * lines over in timestamp order, as the Python SDK's `logs=True` prints them.
 */
import { DescribeLogStreamsCommand, GetLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { awsCall, isAwsError, toClarifyError, sendOptions } from './aws-call.js';

/** One log line of a job. */
export interface JobLogEvent {
  /** The log stream, `<job>/algo-<n>-<epoch>`. */
  readonly stream: string;
  /** Zero-based index of the stream (instance) in name order. */
  readonly instance: number;
  /** When it was logged (epoch milliseconds). */
  readonly timestamp: number;
  readonly message: string;
}

/** Receives job log lines. */
export type JobLogHandler = (event: JobLogEvent) => void;

/** Prints a log line to standard output, as the Python SDK does. */
export const printJobLog: JobLogHandler = (event) => {
  process.stdout.write(`${event.message}\n`);
};

/** Tails the log streams `<jobName>/…` of one job. */
export class LogTailer {
  readonly #client: CloudWatchLogsClient;
  readonly #group: string;
  readonly #prefix: string;
  readonly #limit: number;
  readonly #onLog: JobLogHandler;
  readonly #tokens = new Map<string, string | undefined>();

  constructor(client: CloudWatchLogsClient, logGroup: string, jobName: string, instanceCount: number, onLog: JobLogHandler) {
    this.#client = client;
    this.#group = logGroup;
    this.#prefix = `${jobName}/`;
    this.#limit = Math.max(1, Math.min(instanceCount, 50));
    this.#onLog = onLog;
  }

  /** Reads every line written since the last call and hands them over in timestamp order. */
  async poll(signal?: AbortSignal): Promise<void> {
    const streams = await this.#streams(signal);
    const events: JobLogEvent[] = [];
    for (const [instance, stream] of streams.entries()) {
      for (;;) {
        const token = this.#tokens.get(stream);
        const page = await awsCall('logs:GetLogEvents', () =>
          this.#client.send(
            new GetLogEventsCommand({ logGroupName: this.#group, logStreamName: stream, startFromHead: true, ...(token ? { nextToken: token } : {}) }),
            sendOptions(signal),
          ), signal);
        for (const e of page.events ?? []) events.push({ stream, instance, timestamp: e.timestamp ?? 0, message: e.message ?? '' });
        this.#tokens.set(stream, page.nextForwardToken);
        // The service hands back the token it was given once the end of the stream is reached.
        if (!page.nextForwardToken || page.nextForwardToken === token || (page.events ?? []).length === 0) break;
      }
    }
    // A stable sort keeps each stream's own order for lines with the same timestamp.
    events.sort((a, b) => a.timestamp - b.timestamp);
    for (const event of events) this.#onLog(event);
  }

  async #streams(signal?: AbortSignal): Promise<string[]> {
    try {
      const { logStreams } = await this.#client.send(
        new DescribeLogStreamsCommand({ logGroupName: this.#group, logStreamNamePrefix: this.#prefix, orderBy: 'LogStreamName', limit: this.#limit }),
        sendOptions(signal),
      );
      return (logStreams ?? []).map((s) => s.logStreamName).filter((name): name is string => typeof name === 'string');
    } catch (error) {
      // The log group appears with the first job of the account that logs: until then there is nothing to read.
      if (isAwsError(error, 'ResourceNotFoundException')) return [];
      throw toClarifyError('logs:DescribeLogStreams', error, signal);
    }
  }
}
