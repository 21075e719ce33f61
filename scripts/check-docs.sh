#!/usr/bin/env bash
# Builds the API reference as `npm run docs` does (typedoc.json: warnings are errors) and
# checks that it wrote docs/api/ only: the hand-written docs/*.md and docs/images/ share
# the docs/ folder, and a TypeDoc run without typedoc.json once replaced all of them.
set -euo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every file of docs/ but the reference, with its hash: a deleted, changed or new file shows.
snapshot() { find docs -path docs/api -prune -o -type f -print0 | sort -z | xargs -0 sha256sum; }
snapshot > "$tmp/before"
touch "$tmp/marker"
sleep 1 # mtimes below a second apart would compare equal

npm run --silent docs

snapshot > "$tmp/after"
if ! diff -u "$tmp/before" "$tmp/after"; then
  echo "npm run docs changed the hand-written docs (above); it may write docs/api/ only" >&2
  exit 1
fi
# Anything else in the repository written during the run (docs/ itself changes when docs/api is replaced).
touched=$(find . \( -path ./node_modules -o -path ./.git -o -path ./docs/api \) -prune -o \
  ! -path ./docs -newer "$tmp/marker" -print)
if [ -n "$touched" ]; then
  echo "npm run docs wrote outside docs/api/:" >&2
  echo "$touched" >&2
  exit 1
fi
for page in index.html modules/index.html modules/explain.html modules/testing.html; do
  [ -f "docs/api/$page" ] || { echo "docs/api/$page is missing: an entry point fell out of the reference" >&2; exit 1; }
done
echo "API reference: OK ($(find docs/api -name '*.html' | wc -l) pages in docs/api/, docs/*.md untouched)"
