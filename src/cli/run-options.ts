/**
 * The options every command that runs the engine shares (`demo`, `explain`,
 * `run`, `process`): how much it runs at once, the largest image, what it
 * prints and how it draws heat maps.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { type HeatMapFlags, addHeatMapOptions, heatMapDrawing } from './heat-map-flags.js';
import { wholeNumberParser } from './option-parsers.js';
import { type OutputFlags, addOutputOptions } from './run-output.js';

/** The shared options of a command that runs the engine, as commander parses them. */
export interface RunFlags extends OutputFlags, HeatMapFlags {
  concurrency?: number;
  maxPixels?: number;
}

/**
 * Adds the shared options after a command's own, in the order its help lists
 * them: `--concurrency`, `--max-pixels`, `--quiet`, `--json`, then the heat-map flags.
 */
export function addRunOptions(command: Command): Command {
  command
    .option('--concurrency <n>', 'images explained at once (default: CPU cores)', wholeNumberParser('--concurrency'))
    .option('--max-pixels <n>', 'images with more pixels fail alone, checked before decoding (default: 24000000)', wholeNumberParser('--max-pixels'));
  return addHeatMapOptions(addOutputOptions(command));
}

/** What the shared options ask of `runAnalysis` and `runProcessingContainer`: only those given. */
export function engineRunOptions(flags: RunFlags): { concurrency?: number; maxPixels?: number; sharedScale?: boolean; segmentNumbers?: boolean; fadeUncertain?: boolean } {
  return {
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.maxPixels !== undefined ? { maxPixels: flags.maxPixels } : {}),
    ...heatMapDrawing(flags),
  };
}
