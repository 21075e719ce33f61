/**
 * One run of the engine's bias analysis in a fresh process (so that its peak RSS is its
 * own): the project's CSV reader (src/data) and runBiasAnalysis, from the file to the
 * report. Prints one JSON line: timings, peak RSS, the report.
 *
 * Usage: node --import tsx bench/bias/ours.ts <csv> <analysis_config.json text>
 */
import { checkDatasetConfig } from '../../src/data/dataset-config.js';
import { openDataset } from '../../src/data/open-dataset.js';
import { parseLocation } from '../../src/storage/location.js';
import { resolveBiasConfig, type BiasConfigInput } from '../../src/bias/config.js';
import { runBiasAnalysis } from '../../src/bias/run.js';

const [csv, configText] = process.argv.slice(2);
const config = JSON.parse(configText as string) as BiasConfigInput;
const start = performance.now();
const settings = resolveBiasConfig(config);
const dataset = await openDataset(checkDatasetConfig(config), parseLocation('--data', csv));
const profile = await dataset.profile();
const profiled = performance.now();
const result = await runBiasAnalysis(settings, dataset, { profile });
const end = performance.now();
const { plan: _plan, counts, passes, ...report } = result;
console.log(
  JSON.stringify({
    total_ms: end - start,
    profile_ms: profiled - start,
    bias_ms: end - profiled,
    passes,
    rows: counts.rows,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    report,
  }),
);
