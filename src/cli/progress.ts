/**
 * Run progress on the terminal: a progress bar (cli-progress) on a TTY, one
 * plain line per image otherwise (CI logs, CloudWatch), nothing with `--quiet`.
 *
 * @packageDocumentation
 */
import cliProgress from 'cli-progress';
import type { RunProgressEvent } from '../engine/run-progress.js';

/** A progress listener and a function that ends the display. */
export function progressReporter(mode: 'auto' | 'quiet', stream: NodeJS.WriteStream = process.stderr): { onProgress?: (e: RunProgressEvent) => void; stop(): void } {
  if (mode === 'quiet') return { stop: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream, format: 'explaining {bar} {value}/{total} images | {file}', hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress: (e) => {
        if (e.type === 'start') {
          bar.start(e.total, 0, { file: e.model });
          started = true;
        } else bar.update(e.done, { file: e.record.status === 'failed' ? `${e.file} FAILED` : e.file });
      },
      stop: () => started && bar.stop(),
    };
  }
  return {
    onProgress: (e) => {
      if (e.type === 'start') stream.write(`explaining ${e.total} images with ${e.model}\n`);
      else stream.write(`[${e.done}/${e.total}] ${e.file}: ${e.record.status === 'failed' ? `failed: ${e.record.reason}` : 'done'}\n`);
    },
    stop: () => {},
  };
}
