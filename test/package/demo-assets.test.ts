/**
 * `clarify-ts demo` finds its model and images from the sources (tsx, tests) and from
 * an installed package, and the package ships them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { locateDemoAssets } from '../../src/cli/demo-assets.js';
import { ClarifyError } from '../../src/errors.js';

// Each test runs the CLI (or tsx) in a child process; start-up alone takes seconds on a loaded two-core machine.
vi.setConfig({ testTimeout: 180_000 });

const repo = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'clarify-demo-assets-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(path: string, text = ''): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A user's project with clarify-ts in node_modules; `withExamples: false` is a package trimmed of them. */
function installedLayout(name: string, withExamples: boolean): { project: string; pkg: string } {
  const project = join(work, name);
  const pkg = join(project, 'node_modules/clarify-ts');
  write(join(project, 'package.json'), JSON.stringify({ name: 'my-app' }));
  // The project has an examples/ of its own, which the lookup must never take for the package's.
  write(join(project, 'examples/models/shapes-cnn.onnx'), 'not the demo model');
  write(join(project, 'examples/images/manifest.json'), '[]');
  write(join(pkg, 'package.json'), JSON.stringify({ name: 'clarify-ts' }));
  write(join(pkg, 'dist/cli/bin.js'));
  if (withExamples) {
    write(join(pkg, 'examples/models/shapes-cnn.onnx'), 'model');
    write(join(pkg, 'examples/images/manifest.json'), '[]');
  }
  return { project, pkg };
}

describe('locateDemoAssets', () => {
  it("finds the repository's examples from the sources (under tsx and vitest)", () => {
    const assets = locateDemoAssets();
    expect(assets).toEqual({
      model: join(repo, 'examples/models/shapes-cnn.onnx'),
      images: join(repo, 'examples/images'),
      manifest: join(repo, 'examples/images/manifest.json'),
    });
  });

  it("finds the installed package's examples from its bundled CLI (dist/cli/bin.js), given as a file URL", () => {
    const { pkg } = installedLayout('installed', true);
    const assets = locateDemoAssets(pathToFileURL(join(pkg, 'dist/cli/bin.js')).href);
    expect(assets.model).toBe(join(pkg, 'examples/models/shapes-cnn.onnx'));
    expect(assets.images).toBe(join(pkg, 'examples/images'));
    expect(assets.manifest).toBe(join(pkg, 'examples/images/manifest.json'));
  });

  it("fails, naming the package, when the package lacks them, rather than take the enclosing project's", () => {
    const { pkg } = installedLayout('trimmed', false);
    let error: unknown;
    try {
      locateDemoAssets(join(pkg, 'dist/cli/bin.js'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClarifyError);
    expect((error as Error).message).toContain(`missing from the clarify-ts package at ${pkg}`);
    expect((error as Error).message).toContain(join(pkg, 'examples/models/shapes-cnn.onnx'));
  });

  it('fails when no clarify-ts package encloses the module', () => {
    write(join(work, 'loose/package.json'), JSON.stringify({ name: 'other' }));
    expect(() => locateDemoAssets(join(work, 'loose/bin.js'))).toThrow(/no clarify-ts package\.json encloses/);
  });
});

describe('the npm package', () => {
  it("ships the demo's model, its sidecar, and every sample image its manifest lists", () => {
    // --ignore-scripts: listing must not run `prepare` (a build) in the middle of a test run.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
    const files = new Set(pack!.files.map((f) => f.path));
    const manifest = JSON.parse(readFileSync(join(repo, 'examples/images/manifest.json'), 'utf8')) as { image: string }[];
    expect(manifest).toHaveLength(8);
    const expected = [
      'examples/models/shapes-cnn.onnx',
      'examples/models/shapes-cnn.json',
      'examples/images/manifest.json',
      ...manifest.map((m) => `examples/images/${m.image}`),
    ];
    expect(expected.filter((f) => !files.has(f))).toEqual([]);
    // The library's sources and tests stay out of it.
    expect([...files].filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });
});
