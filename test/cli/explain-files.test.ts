/**
 * `clarify-ts explain` reads exactly the files it is given, and lists a folder
 * only when a folder is given (issue 25, item 11). It used to list the files'
 * common parent recursively: `/` for files under different top folders.
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../src/cli/exit-status.js';
import { cli, demoModel, examples } from '../helpers/run-cli.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const exec = promisify(execFile);
const image = (name: string) => fileURLToPath(new URL(`images/${name}`, examples));
const FAST = ['--model', demoModel, '--num-samples', '30', '--num-segments', '8', '--compactness', '10', '--seed', '2', '--concurrency', '1', '--json'];

const roots: string[] = [];
afterAll(async () => {
  // `rm -rf`, not fs.rm: the too-deep tree is beyond PATH_MAX for path-based calls.
  for (const root of roots) {
    await exec('chmod', ['-R', 'u+rwx', root]).catch(() => {});
    await exec('rm', ['-rf', root]);
  }
});

/**
 * Makes `root/deep/<200 chars>/…/z.png`, 25 levels: a path longer than PATH_MAX
 * (4096), so listing `root` recursively fails with ENAMETOOLONG, even as root.
 * Built bottom-up by renames, each of them on a short path.
 */
async function tooDeepTree(root: string): Promise<void> {
  const name = 'd'.repeat(200);
  let current = join(root, 'level-0');
  await mkdir(current);
  await writeFile(join(current, 'z.png'), '');
  for (let i = 1; i <= 25; i++) {
    const parent = join(root, `level-${i}`);
    await mkdir(parent);
    await rename(current, join(parent, name));
    current = parent;
  }
  await rename(current, join(root, 'deep'));
}

async function scratch(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'clarify-cli-files-'));
  roots.push(root);
  return root;
}

describe('clarify-ts explain <files>', () => {
  it('explains two images in different folders without listing their common parent', async () => {
    const root = await scratch();
    await mkdir(join(root, 'a'));
    await mkdir(join(root, 'b'));
    await copyFile(image('05-star.png'), join(root, 'a', 'x.png'));
    await copyFile(image('01-circle.png'), join(root, 'b', 'y.png'));
    // Beside them, what makes listing their common parent fail: a tree too deep to
    // list (even as root), and a folder nobody may list (except root).
    await tooDeepTree(root);
    if (process.getuid?.() !== 0) {
      await mkdir(join(root, 'locked'));
      await chmod(join(root, 'locked'), 0o000);
    }
    const out = await scratch();
    const result = await cli(['explain', join(root, 'b', 'y.png'), join(root, 'a', 'x.png'), ...FAST, '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(ExitCode.ok);
    const printed = JSON.parse(result.stdout) as { summary: unknown; images: { file: string; status: string }[] };
    expect(printed.summary).toEqual({ images: 2, succeeded: 2, failed: 0 });
    // Relative to the common folder, sorted whatever the order on the command line.
    expect(printed.images.map((i) => i.file)).toEqual(['a/x.png', 'b/y.png']);
    const written = JSON.parse(await readFile(join(out, 'analysis.json'), 'utf8')) as { images: unknown };
    expect(written.images).toEqual(printed.images);
  });

  it('explains the images under a folder argument, recursively, once each, skipping the output folder and non-files', async () => {
    const root = await scratch();
    await mkdir(join(root, 'photos', 'sub'), { recursive: true });
    await mkdir(join(root, 'photos', 'out'), { recursive: true });
    await copyFile(image('05-star.png'), join(root, 'photos', 'c.PNG'));
    await copyFile(image('02-square.png'), join(root, 'photos', 'sub', 'd.png'));
    await copyFile(image('01-circle.png'), join(root, 'photos', 'out', 'old-heatmap.png'));
    await writeFile(join(root, 'photos', 'notes.txt'), 'notes');
    // A link loop would never end if followed.
    await symlink('..', join(root, 'photos', 'sub', 'loop'));
    // A FIFO named like an image would block the run forever if it were read.
    if (process.platform !== 'win32') await exec('mkfifo', [join(root, 'photos', 'pipe.png')]);
    const result = await cli(['explain', join(root, 'photos'), join(root, 'photos', 'c.PNG'), ...FAST, '--top-k', '9', '--out', join(root, 'photos', 'out')]);
    expect(result.code).toBe(ExitCode.ok);
    const printed = JSON.parse(result.stdout) as { images: { file: string; explanations: unknown[] }[]; warnings: string[] };
    expect(printed.images.map((i) => i.file)).toEqual(['c.PNG', 'sub/d.png']);
    // The demo model has 6 classes: the engine explains 6 and warns, once, on stderr and in the JSON line.
    expect(printed.images.every((i) => i.explanations.length === 6)).toBe(true);
    expect(printed.warnings).toHaveLength(1);
    expect(printed.warnings[0]).toMatch(/\b9\b.*\b6 classes/);
    expect(result.stderr).toBe(`clarify-ts: warning: ${printed.warnings[0]}\n`);
  });
});
