/**
 * `--tolerance` and `--relative-tolerance` of the commands that build their own analysis
 * config (`explain`, `demo`): `methods.shap.tolerance` and `relative_tolerance`, the
 * clarify-ts additions that stop sampling once the standard errors are small enough.
 */
import { type Command, InvalidArgumentError } from 'commander';

/** The two flags as commander parses them. */
export interface ToleranceFlags {
  tolerance?: number;
  relativeTolerance?: number;
}

/** Adds the two flags to `command`. */
export function addToleranceOptions(command: Command): Command {
  return command
    .option('--tolerance <t>', 'stop sampling once every standard error is at most t (output units); --num-samples is then a ceiling', positiveNumber('--tolerance'))
    .option('--relative-tolerance <r>', 'the same as a fraction of |full value - expected value| of each explained class', positiveNumber('--relative-tolerance'));
}

/** The config keys for the flags given (none when neither is). */
export function toleranceConfig(flags: ToleranceFlags): { tolerance?: number; relative_tolerance?: number } {
  return {
    ...(flags.tolerance !== undefined ? { tolerance: flags.tolerance } : {}),
    ...(flags.relativeTolerance !== undefined ? { relative_tolerance: flags.relativeTolerance } : {}),
  };
}

function positiveNumber(name: string): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number > 0, got "${value}".`);
    return n;
  };
}
