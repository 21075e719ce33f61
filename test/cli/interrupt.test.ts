/**
 * Ctrl-C during a run (issue 25, item 15): the first SIGINT aborts the run
 * through its AbortSignal and the command exits 130 with one line, leaving no
 * analysis.json; a second one quits at once.
 */
import { EventEmitter } from 'node:events';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-status.js';
import { type SignalSource, interruptOnSignals } from '../../src/cli/interrupt.js';
import { folderWith } from '../helpers/engine-fixtures.js';
import { demoModel, examples, lines, startCli } from '../helpers/run-cli.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

describe('clarify-ts explain, interrupted by SIGINT', () => {
  it('stops the run cleanly and exits 130 with one line', async () => {
    const images = ['01-circle.png', '02-square.png', '03-triangle.png'];
    const files: Record<string, Uint8Array> = {};
    for (const f of images) files[f] = await readFile(fileURLToPath(new URL(`images/${f}`, examples)));
    const dir = await folderWith(files);
    const out = join(dir, 'out');
    await mkdir(out);
    // Many samples and segments: the run is far from done when the signal comes.
    const child = startCli(['explain', ...images.map((f) => join(dir, f)), '--model', demoModel, '--num-samples', '3000', '--num-segments', '40',
      '--compactness', '10', '--seed', '1', '--concurrency', '1', '--out', out]);
    let stderr = '';
    let signalled = false;
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // The progress line of the start event: the run is under way.
      if (!signalled && /^explaining 3 images/m.test(stderr)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    expect(signalled, stderr).toBe(true);
    expect(exit, stderr).toEqual({ code: ExitCode.interrupted, signal: null });
    const messages = lines(stderr).filter((l) => l.startsWith('clarify-ts:'));
    expect(messages).toEqual(['clarify-ts: interrupted; stopping the run (press Ctrl-C again to quit at once)']);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(out)).not.toContain('analysis.json');
  });
});

describe('interruptOnSignals', () => {
  /** A stand-in for `process`: signals are emitted by hand, exit is recorded. */
  function fakeProcess() {
    const events = new EventEmitter();
    const exits: number[] = [];
    const source: SignalSource = {
      on: (e, l) => events.on(e, l),
      off: (e, l) => events.off(e, l),
      exit: (code) => void exits.push(code),
    };
    return { events, exits, source };
  }

  it('aborts on the first SIGINT and exits 130 at once on the second', () => {
    const { events, exits, source } = fakeProcess();
    const written: string[] = [];
    let cleanedUp = 0;
    const interrupt = interruptOnSignals(() => cleanedUp++, (l) => written.push(l), source);
    expect(interrupt.signal.aborted).toBe(false);
    events.emit('SIGINT', 'SIGINT');
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.received).toBe('SIGINT');
    expect(exits).toEqual([]);
    events.emit('SIGINT', 'SIGINT');
    expect(cleanedUp).toBe(1);
    expect(exits).toEqual([ExitCode.interrupted]);
    expect(written).toEqual(['clarify-ts: interrupted; stopping the run (press Ctrl-C again to quit at once)', 'clarify-ts: interrupted again; quitting at once']);
  });

  it('exits 143 when SIGTERM came first, and leaves the signals alone once disposed', () => {
    const { events, exits, source } = fakeProcess();
    const interrupt = interruptOnSignals(() => {}, () => {}, source);
    events.emit('SIGTERM', 'SIGTERM');
    events.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([ExitCode.terminated]);
    interrupt.dispose();
    expect(events.listenerCount('SIGINT') + events.listenerCount('SIGTERM')).toBe(0);
  });
});
