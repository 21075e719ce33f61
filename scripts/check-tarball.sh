#!/usr/bin/env bash
# The package as a user gets it: packs the repository (npm's `prepare` builds dist/ first
# if it is stale), installs the tarball into an empty project without dev dependencies,
# with the optional peer onnxruntime-node beside it as the README says, from the npm
# cache only (`npm ci` has filled it). Then, in that project:
# - `npx clarify-ts demo` explains the 8 sample images shipped in the package;
# - an ES module and a CommonJS consumer, importing all three entry points, typecheck
#   under strict + module nodenext (tsc from this repository, pointed at that project)
#   and run: errors thrown through one entry point are instances of another's classes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

tmp=$(mktemp -d /tmp/clarify-ts-tarball.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
app="$tmp/app"
mkdir -p "$tmp/pack" "$app"

echo "::: npm pack"
tarball=$(npm pack --silent --pack-destination "$tmp/pack" | tail -n 1)
tarball="$tmp/pack/$tarball"
tar -tzf "$tarball" > "$tmp/files"
grep -qx 'package/dist/cli/bin.js' "$tmp/files" || { echo "the tarball has no dist/cli/bin.js" >&2; exit 1; }

echo "::: install the tarball and onnxruntime-node in a new project: offline, no dev dependencies"
ort_version=$(node -p "require('./package.json').peerDependencies['onnxruntime-node']")
# The project's lockfile pins what the repository's lockfile pins, so that npm needs
# nothing but its cache (see consumer-lock.mjs).
node scripts/tarball-check/consumer-lock.mjs "$repo" "$app" "$tarball" "onnxruntime-node@$ort_version"
# ONNXRUNTIME_NODE_INSTALL=skip: onnxruntime-node's install script downloads CUDA files;
# its CPU binaries are in the package.
(cd "$app" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --offline --omit=dev --no-audit --no-fund --loglevel=error)
for dev in tsup typescript vitest tsx typedoc; do
  if [ -e "$app/node_modules/$dev" ]; then echo "a devDependency was installed: $dev" >&2; exit 1; fi
done

echo "::: npx clarify-ts demo"
(cd "$app" && npx --no-install clarify-ts demo --out demo-output --json) > "$tmp/demo.json"
node - "$tmp/demo.json" "$app/demo-output" <<'JS'
const { readFileSync, existsSync } = require('node:fs');
const [file, out] = process.argv.slice(2);
const result = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').at(-1));
const images = result.images ?? [];
const failed = images.filter((i) => i.status !== 'succeeded');
if (images.length !== 8 || failed.length > 0) {
  console.error('expected the demo to explain 8 images, got', JSON.stringify(result, null, 2));
  process.exit(1);
}
for (const f of ['analysis.json', 'report.html']) if (!existsSync(`${out}/${f}`)) { console.error('demo output lacks', f); process.exit(1); }
console.log(`demo: ${images.length} images explained`);
JS

echo "::: ESM and CommonJS consumers: tsc (strict, module nodenext), then node"
cp scripts/tarball-check/consumer.mts scripts/tarball-check/consumer.cts "$app/"
cat > "$app/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true,
    "module": "nodenext",
    "moduleResolution": "nodenext",
    "target": "es2022",
    "outDir": "out",
    "rootDir": ".",
    "skipLibCheck": false,
    "types": ["node"],
    "typeRoots": ["$repo/node_modules/@types"]
  },
  "files": ["consumer.mts", "consumer.cts"]
}
JSON
node "$repo/node_modules/typescript/bin/tsc" -p "$app/tsconfig.json"
(cd "$app" && node out/consumer.mjs && node out/consumer.cjs)
echo "tarball: OK ($(du -h "$tarball" | cut -f1) packed, $(wc -l < "$tmp/files") files)"
