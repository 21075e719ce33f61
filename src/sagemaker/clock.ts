/**
 * The clock job names are built from, injectable so that a test (or a replay)
 * can freeze time.
 */

/**
 * Returns the current time in seconds since the Unix epoch, with a fraction
 * (Python's `time.time()`).
 */
export type Clock = () => number;

/** The system clock. */
export const systemClock: Clock = () => Date.now() / 1000;
