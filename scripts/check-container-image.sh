#!/usr/bin/env bash
# Replays the Dockerfile's steps on this machine, which has no Docker engine: the
# production install (`npm ci --omit=dev --ignore-scripts`) of package.json and the
# lockfile, with bin/ and dist/ beside it, in a folder outside the repository. Then
# runs the entrypoint, `clarify-ts process`, on a SageMaker Processing layout (config,
# images, resource config) against a stand-in SageMaker Runtime endpoint on loopback,
# and checks the outputs. It proves the image's contents complete — no devDependency
# needed at run time — everything but the base image itself (this machine's Node, not
# the image's Node 26). Run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

# The Dockerfile must still say what is replayed here.
for line in \
  'FROM node:26-slim' \
  'COPY package.json package-lock.json ./' \
  'RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force' \
  'COPY bin ./bin' \
  'COPY dist ./dist' \
  'RUN ln -s /opt/clarify-ts/bin/clarify-ts.js /usr/local/bin/clarify-ts' \
  'ENTRYPOINT ["clarify-ts", "process"]'; do
  grep -qxF "$line" Dockerfile || { echo "Dockerfile no longer contains: $line" >&2; exit 1; }
done
# The image installs with --ignore-scripts: that holds while no production dependency
# needs an install script.
node - <<'JS'
const lock = require('./package-lock.json');
const scripted = Object.entries(lock.packages).filter(([path, p]) => path !== '' && p.hasInstallScript && !p.dev).map(([path]) => path);
if (scripted.length > 0) {
  console.error(`production dependencies with install scripts, which the Dockerfile's npm ci --ignore-scripts skips: ${scripted.join(', ')}`);
  process.exit(1);
}
JS
if [ ! -f dist/cli/bin.js ] || [ ! -f dist/engine/worker.js ]; then
  echo "dist/ is missing: run npm run build first" >&2
  exit 1
fi

image=$(mktemp -d /tmp/clarify-ts-image.XXXXXX)
job=$(mktemp -d /tmp/clarify-ts-job.XXXXXX)
runtime_pid=""
cleanup() {
  [ -n "$runtime_pid" ] && kill "$runtime_pid" 2>/dev/null || true
  rm -rf "$image" "$job"
}
trap cleanup EXIT

echo "::: image: npm ci --omit=dev --ignore-scripts, bin/, dist/"
cp package.json package-lock.json "$image/"
(cd "$image" && NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
cp -R bin dist "$image/"
cli="$image/bin/clarify-ts.js"

echo "::: a processing job's layout"
mkdir -p "$job/input/config" "$job/input/data/nested" "$job/output" "$job/config"
images=( "$repo"/examples/images/*.png )
cp "${images[0]}" "$job/input/data/"
cp "${images[1]}" "$job/input/data/nested/"
cat > "$job/input/config/analysis_config.json" <<'JSON'
{
  "dataset_type": "application/x-image",
  "methods": {
    "shap": {
      "num_samples": 64,
      "seed": 1,
      "use_logit": false,
      "save_local_shap_values": true,
      "image_config": { "model_type": "IMAGE_CLASSIFICATION", "num_segments": 12, "segment_compactness": 5 }
    },
    "report": { "name": "report" }
  },
  "predictor": {
    "endpoint_name": "container-check",
    "content_type": "image/jpeg",
    "accept_type": "application/json",
    "label_headers": ["red", "not red"]
  }
}
JSON
echo '{"current_host": "algo-1", "hosts": ["algo-1"]}' > "$job/config/resourceconfig.json"

echo "::: stand-in SageMaker Runtime on loopback"
coproc RUNTIME { exec node "$repo/scripts/container-check/fake-runtime.mjs"; }
runtime_pid=$RUNTIME_PID
read -r port <&"${RUNTIME[0]}"

echo "::: entrypoint: clarify-ts process"
(cd "$job" && env -i PATH="$PATH" HOME="$job" NODE_ENV=production \
  AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=container-check AWS_SECRET_ACCESS_KEY=container-check \
  AWS_ENDPOINT_URL="http://127.0.0.1:$port" \
  node "$cli" process --input-root "$job/input" --output-root "$job/output" --config-root "$job/config" --quiet)

node - "$job/output" <<'JS'
const { readFileSync, existsSync } = require('node:fs');
const out = process.argv[2];
const analysis = JSON.parse(readFileSync(`${out}/analysis.json`, 'utf8'));
const ok = analysis.images.filter((i) => i.status === 'succeeded');
if (analysis.images.length !== 2 || ok.length !== 2) {
  console.error('expected 2 explained images, got', JSON.stringify(analysis.images, null, 2));
  process.exit(1);
}
for (const record of ok) {
  const values = Object.values(record.explanations ?? {}).flatMap((e) => e.shap_values ?? []);
  if (!values.some((v) => v !== 0)) {
    console.error('expected non-zero segment values for', record.file, JSON.stringify(record));
    process.exit(1);
  }
}
for (const f of ['report.html', 'report.pdf']) if (!existsSync(`${out}/${f}`)) { console.error('missing', f); process.exit(1); }
JS
find "$job/output" -name "shap_*.jpeg" | grep -q . || { echo "no heat maps written" >&2; exit 1; }
echo "container image contents: OK ($(ls "$job/output" | wc -l) files in the output)"
