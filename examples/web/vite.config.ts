/**
 * The demo page (issue 31, item 4): `npm run web` serves it, `npm run web:build`
 * builds it into examples/web/dist.
 *
 * - `clarify-ts/explain` and `clarify-ts/web` resolve to the repository's TypeScript
 *   source, so no `dist` build is needed.
 * - onnxruntime-web's one WebAssembly file (node_modules/onnxruntime-web/dist/
 *   ort-wasm-simd-threaded.wasm) is imported by the worker with `?url`: Vite serves it in
 *   dev and emits it into the build, beside the page.
 * - The demo model and images are served from examples/models and examples/images as
 *   they are (dev server) and emitted as assets at build time (nothing is copied into
 *   the repository): `/demo/models/…` and `/demo/images/…`.
 * - Nothing comes from another origin (no CDN, no web fonts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Plugin, defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const REPO = here('../../');

/** URL path → file: the files the page ships with. */
function demoAssets(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of ['shapes-cnn.onnx', 'shapes-cnn.json']) files.set(`demo/models/${name}`, here(`../models/${name}`));
  for (const name of readdirSync(here('../images'))) {
    if (name === 'manifest.json' || (name.endsWith('.png') && !name.endsWith('.mask.png'))) {
      files.set(`demo/images/${name}`, here(`../images/${name}`));
    }
  }
  return files;
}

const TYPES: Record<string, string> = { png: 'image/png', json: 'application/json', onnx: 'application/octet-stream' };

/** Serves the demo model and images in dev, emits them into the build. */
function demoFiles(): Plugin {
  return {
    name: 'clarify-demo-files',
    configureServer(server) {
      const files = demoAssets();
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
        const file = files.get(path);
        if (file === undefined) return next();
        res.setHeader('Content-Type', TYPES[path.split('.').pop()!] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
    generateBundle() {
      for (const [fileName, file] of demoAssets()) this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
    },
  };
}

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  // Its own cache, apart from vitest's and any other Vite app's in the repository.
  cacheDir: here('../../node_modules/.vite/clarify-web'),
  resolve: {
    alias: {
      'clarify-ts/explain': here('../../src/explain/index.ts'),
      'clarify-ts/web': here('../../src/web/index.ts'),
    },
  },
  plugins: [demoFiles()],
  // onnxruntime-web finds its .wasm file through `new URL(…, import.meta.url)`, which Vite's
  // dependency pre-bundling would move: the worker sets `ort.env.wasm.wasmPaths` to the
  // file Vite serves (`?url`), and the package is left as it is.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: [REPO] } },
  build: { outDir: here('dist'), emptyOutDir: true, target: 'es2022' },
});
