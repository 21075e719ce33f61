/**
 * CloudWatch Logs DescribeLogStreams and GetLogEvents over the emulator's
 * {@link LogStore}, with the service's paging: GetLogEvents returns the token
 * it was given once the end of the stream is reached.
 */
import type { JsonObject } from './json.js';
import type { LogStore, StoredLogStream } from './log-store.js';
import type { EMULATED_OPERATIONS } from './operations.js';
import { ServiceFault } from './service-fault.js';

type Handler = (input: JsonObject) => JsonObject;

export function logsHandlers(store: LogStore, region: string, accountId: string): Record<(typeof EMULATED_OPERATIONS)['logs'][number], Handler> {
  const group = (input: JsonObject): { name: string; streams: StoredLogStream[] } => {
    const name = String(input.logGroupName ?? input.logGroupIdentifier);
    const streams = store.streams(name);
    if (!streams) throw new ServiceFault('ResourceNotFoundException', 'The specified log group does not exist.');
    return { name, streams };
  };

  return {
    DescribeLogStreams(input) {
      const { name, streams } = group(input);
      const prefix = typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : undefined;
      const byTime = input.orderBy === 'LastEventTime';
      if (byTime && prefix !== undefined) {
        throw new ServiceFault('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const lastEvent = (s: StoredLogStream): number => s.events[s.events.length - 1]?.timestamp ?? s.creationTime;
      const matching = streams
        .filter((s) => prefix === undefined || s.name.startsWith(prefix))
        .sort((a, b) => (byTime ? lastEvent(a) - lastEvent(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (input.descending === true) matching.reverse();
      const offset = typeof input.nextToken === 'string' ? parseOffset(input.nextToken, 'd/') : 0;
      const limit = typeof input.limit === 'number' ? input.limit : 50;
      const page = matching.slice(offset, offset + limit);
      const result: JsonObject = {
        logStreams: page.map((s) => ({
          logStreamName: s.name,
          creationTime: s.creationTime,
          ...(s.events.length
            ? {
                firstEventTimestamp: s.events[0].timestamp,
                lastEventTimestamp: lastEvent(s),
                lastIngestionTime: s.events[s.events.length - 1].ingestionTime,
              }
            : {}),
          arn: `arn:aws:logs:${region}:${accountId}:log-group:${name}:log-stream:${s.name}`,
          storedBytes: 0,
        })),
      };
      if (offset + limit < matching.length) result.nextToken = token('d/', offset + limit);
      return result;
    },

    GetLogEvents(input) {
      const { streams } = group(input);
      const stream = streams.find((s) => s.name === input.logStreamName);
      if (!stream) throw new ServiceFault('ResourceNotFoundException', 'The specified log stream does not exist.');
      const start = typeof input.startTime === 'number' ? input.startTime : -Infinity;
      const end = typeof input.endTime === 'number' ? input.endTime : Infinity;
      const events = stream.events.filter((e) => e.timestamp >= start && e.timestamp < end);
      const limit = typeof input.limit === 'number' ? input.limit : 10_000;

      let from: number;
      let to: number;
      const given = typeof input.nextToken === 'string' ? input.nextToken : undefined;
      if (given?.startsWith('f/')) {
        from = Math.min(parseOffset(given, 'f/'), events.length);
        to = Math.min(from + limit, events.length);
      } else if (given?.startsWith('b/')) {
        to = Math.min(parseOffset(given, 'b/'), events.length);
        from = Math.max(0, to - limit);
      } else if (given !== undefined) {
        throw new ServiceFault('InvalidParameterException', 'The specified nextToken is invalid.');
      } else if (input.startFromHead === true) {
        from = 0;
        to = Math.min(limit, events.length);
      } else {
        to = events.length;
        from = Math.max(0, to - limit);
      }
      return {
        events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
        nextForwardToken: token('f/', to),
        nextBackwardToken: token('b/', from),
      };
    },
  };
}

/** Tokens shaped like the service's (`f/` + 56 digits), holding a position. */
function token(kind: string, position: number): string {
  return kind + String(position).padStart(56, '0');
}

function parseOffset(value: string, kind: string): number {
  const digits = value.startsWith(kind) ? value.slice(kind.length) : '';
  if (!/^\d{1,56}$/.test(digits)) throw new ServiceFault('InvalidParameterException', 'The specified nextToken is invalid.');
  return Number(digits);
}
