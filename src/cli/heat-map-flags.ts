/**
 * The heat-map flags of the commands that draw heat maps (`demo`, `explain`,
 * `run`, `process`), and what they ask of the engine.
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';

/** The heat-map flags as commander parses them. */
export interface HeatMapFlags {
  sharedScale?: boolean;
  segmentNumbers?: boolean;
  fadeUncertain?: boolean;
}

/** Adds `--shared-scale`, `--segment-numbers` and `--fade-uncertain` to a command. */
export function addHeatMapOptions(command: Command): Command {
  return command
    .option('--shared-scale', "one colour scale for every heat map (the run's largest |φ|), so that colours compare across images", false)
    .option('--segment-numbers', "draw each segment's number on the heat maps, to find a table's rows on the image", false)
    .option('--fade-uncertain', 'fade the segments whose 95% interval φ ± 1.96·se contains 0 (sampled runs: their φ sign is not settled)', false);
}

/** What the heat-map flags ask of `runAnalysis`: only the options that are on. */
export function heatMapDrawing(flags: HeatMapFlags): { sharedScale?: boolean; segmentNumbers?: boolean; fadeUncertain?: boolean } {
  return {
    ...(flags.sharedScale ? { sharedScale: true } : {}),
    ...(flags.segmentNumbers ? { segmentNumbers: true } : {}),
    ...(flags.fadeUncertain ? { fadeUncertain: true } : {}),
  };
}
