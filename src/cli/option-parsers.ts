/**
 * Parsers of numeric option values. A value that does not parse is commander's
 * `InvalidArgumentError`, so it reads as a usage error naming the option (exit 2).
 *
 * @packageDocumentation
 */
import { InvalidArgumentError } from 'commander';

/** Parses an integer of either sign (e.g. `segment --start-label`). */
export function integerParser(name: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be an integer, got "${value}".`);
    return n;
  };
}

/** Parses a finite number; an empty value is refused, although `Number('')` is 0. */
export function numberParser(name: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number, got "${value}".`);
    return n;
  };
}

/** Parses a safe integer of 0 or more: counts, sizes and seeds of the engine's commands. */
export function wholeNumberParser(name: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}".`);
    return n;
  };
}
