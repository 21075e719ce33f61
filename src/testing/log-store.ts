/**
 * The emulator's CloudWatch Logs data: log groups holding streams of events,
 * written by simulated jobs and endpoints and read through the Logs API.
 */

/** One log event as CloudWatch Logs stores it (times in epoch milliseconds). */
export interface StoredLogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** One log stream. */
export interface StoredLogStream {
  name: string;
  creationTime: number;
  events: StoredLogEvent[];
}

export class LogStore {
  readonly #groups = new Map<string, Map<string, StoredLogStream>>();

  /** Appends `message` to a stream, creating the group and stream as needed. */
  append(group: string, stream: string, message: string, now = Date.now()): void {
    const streams = this.#groups.get(group) ?? new Map<string, StoredLogStream>();
    this.#groups.set(group, streams);
    const target = streams.get(stream) ?? { name: stream, creationTime: now, events: [] };
    streams.set(stream, target);
    target.events.push({ timestamp: now, message, ingestionTime: now });
  }

  /** The streams of a group, or `undefined` when the group does not exist. */
  streams(group: string): StoredLogStream[] | undefined {
    const streams = this.#groups.get(group);
    return streams && [...streams.values()];
  }
}
