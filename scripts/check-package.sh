#!/usr/bin/env bash
# Packs the library as npm would publish it and checks the tarball with publint and
# @arethetypeswrong/cli (ESM + CJS + types for every subpath export).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
npx --no-install publint run "$tmp/$tarball" --strict
# The CLI entry is a bin, not an import target; node10 resolution cannot see subpaths.
npx --no-install attw "$tmp/$tarball" --profile node16 --exclude-entrypoints ./package.json
