/**
 * `clarify-ts report`: rebuilds the reports of an output from its
 * analysis.json, or merges a sharded run's parts first (`--merge`).
 *
 * @packageDocumentation
 */
import type { Command } from 'commander';
import { mergeAnalysisParts } from '../../engine/merge-parts.js';
import { rebuildReports } from '../../report/rebuild.js';
import { mustExist } from '../missing-file.js';
import { type OutputFlags, addOutputOptions, printRunOutput } from '../run-output.js';
import { sessionForLocations } from '../session-for-locations.js';
import { isTabularAnalysisDocument } from '../../analysis/tabular-document.js';
import { printTabularOutput } from '../tabular-output.js';

/** The options of `report`, as commander parses them. */
interface ReportFlags extends OutputFlags {
  merge?: string;
}

/** Adds `report` to the program. */
export function addReportCommand(program: Command): void {
  addOutputOptions(
    program
      .command('report')
      .description("Rebuild report.html and report.pdf of an output folder from its analysis.json, or merge a sharded run's parts (--merge).")
      .argument('[output]', 'output folder or s3:// prefix holding analysis.json')
      .option('--merge <dir|s3://…>', 'merge the analysis.part-<host>.json files there into analysis.json, then write the reports'),
  ).action(rebuildOrMerge);
}

async function rebuildOrMerge(location: string | undefined, o: ReportFlags, command: Command): Promise<void> {
  if ((location === undefined) === (o.merge === undefined)) {
    command.error(location === undefined ? 'report needs an output location (or --merge <location>)' : 'give an output location or --merge <location>, not both');
  }
  const output = location ?? (o.merge as string);
  await mustExist(location === undefined ? '--merge' : 'output', output, 'folder');
  const session = sessionForLocations(output);
  const s3 = session ? { s3Client: session.s3Client } : {};
  const document = o.merge !== undefined ? await mergeAnalysisParts({ output, ...s3 }) : (await rebuildReports({ output, ...s3 })).document;
  if (isTabularAnalysisDocument(document)) printTabularOutput(document, output, o, [], true);
  else printRunOutput(document, output, o, true);
}
