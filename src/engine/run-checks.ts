/**
 * Checks and names that every kind of run shares: the run's date, the shard, the lock file.
 *
 * @packageDocumentation
 */
import { ValidationError } from '../errors.js';
import { safeSegment } from './output-names.js';

/** This host's part of a run spread over several hosts. */
export interface ShardOptions {
  /** This host's name (`current_host` of `resourceconfig.json`). */
  readonly host: string;
  /** Every host of the job, in the order images are dealt to them. */
  readonly hosts: readonly string[];
  /**
   * `'round-robin'`: image i (of all inputs, sorted) goes to host i mod n.
   * `'given'`: the inputs are already this host's (S3 `ShardedByS3Key`).
   * @default 'round-robin'
   */
  readonly mode?: 'round-robin' | 'given';
}

/** The run's date from `now` (checked: a report cannot be dated "Invalid Date"). */
export function runDate(now: (() => Date) | undefined): Date {
  if (now !== undefined && typeof now !== 'function') throw new ValidationError('now', now, 'a function returning a Date');
  const date = now === undefined ? new Date() : now();
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new ValidationError('now()', date, 'a valid Date');
  return date;
}

/** The lock file of a run: one per host, so that the hosts of a sharded run may share a folder. */
export function lockName(shard: ShardOptions | undefined): string {
  return shard === undefined ? '.clarify-ts.lock' : `.clarify-ts.${safeSegment(shard.host).replace(/^\.+/, '_')}.lock`;
}

/** Checks a shard: its hosts, that this host is one of them, its mode. */
export function checkShard(shard: ShardOptions): ShardOptions {
  if (!Array.isArray(shard.hosts) || shard.hosts.length === 0 || !shard.hosts.every((h) => typeof h === 'string' && h !== '')) {
    throw new ValidationError('shard.hosts', shard.hosts, 'a non-empty list of host names');
  }
  if (!shard.hosts.includes(shard.host)) throw new ValidationError('shard.host', shard.host, `one of ${shard.hosts.join(', ')}`);
  if (shard.mode !== undefined && shard.mode !== 'round-robin' && shard.mode !== 'given') {
    throw new ValidationError('shard.mode', shard.mode, "'round-robin' or 'given'");
  }
  return shard;
}
