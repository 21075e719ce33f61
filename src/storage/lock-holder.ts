/**
 * What a run writes into the lock file of its output location, so that a second
 * run can say who holds it and, on the same machine, whether that run is gone.
 *
 * @packageDocumentation
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** The content of a lock file. */
export interface LockHolder {
  /** Unique per run: only the run that wrote a lock removes it. */
  readonly id: string;
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the lock was taken. */
  readonly started: string;
}

/** This run's lock content. */
export function newHolder(): LockHolder {
  return { id: randomUUID(), pid: process.pid, host: hostname(), started: new Date().toISOString() };
}

/** Reads a lock file's text; undefined when it is not a lock this engine wrote. */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.id === 'string' && typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.started === 'string') {
      return { id: value.id, pid: value.pid, host: value.host, started: value.started };
    }
  } catch {
    // An empty or foreign file: the caller reports a holder without details.
  }
  return undefined;
}

/** `process 1234 on host-a since 2026-12-07T15:00:00.000Z`. */
export function describeHolder(holder: LockHolder): string {
  return `process ${holder.pid} on ${holder.host} since ${holder.started}`;
}
