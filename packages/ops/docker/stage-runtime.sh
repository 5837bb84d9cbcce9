#!/usr/bin/env bash
# Assembles the runtime image's files from a built tree (after building every app of image-apps.txt): each app's
# dist/ (self-contained bundles and their chunks), the npm packages an app loads at run time (runtime-modules.txt:
# the SQLite WASM driver of rotation-bot's history/backtest/report), the simulator CLI bundled into one file, and the
# health check. Nothing else: no other node_modules, no TypeScript, no sources. Used by the Dockerfile and by the test that
# runs the entry points from a staged tree (packages/ops/test/container.test.ts).
# Usage: stage-runtime.sh <out-dir> [<builds-dir>]; <builds-dir>/<app>/ replaces apps/<app>/dist/ (tests build there).
set -euo pipefail
out=${1:?usage: stage-runtime.sh <out-dir> [<builds-dir>]}
builds=${2:-}
root=$(cd "$(dirname "$0")/../../.." && pwd)
rm -rf "$out"
mkdir -p "$out"
for app in $(cat "$root/packages/ops/docker/image-apps.txt"); do
  dist=${builds:+$builds/$app}
  dist=${dist:-$root/apps/$app/dist}
  [ -f "$dist/main.js" ] || { echo "$dist/main.js missing: build it first" >&2; exit 1; }
  mkdir -p "$out/apps/$app"
  cp -R "$dist" "$out/apps/$app/dist"
  # The bundles are ESM `.js`: the nearest package.json must say so.
  node -e 'const p=require(process.argv[1]);process.stdout.write(JSON.stringify({name:p.name,version:p.version,private:true,type:"module"},null,2)+"\n")' \
    "$root/apps/$app/package.json" >"$out/apps/$app/package.json"
done
# npm packages an app loads at run time instead of bundling (a WASM driver reads its .wasm beside its own file):
# into that app's node_modules/, only the files each package publishes (runtime-modules.txt: "<app> <package>").
while read -r app module; do
  [ -n "$app" ] || continue
  node "$root/packages/ops/docker/copy-runtime-module.mjs" "$root/apps/$app" "$module" "$out/apps/$app" >/dev/null
done <"$root/packages/ops/docker/runtime-modules.txt"
mkdir -p "$out/sim"
node "$root/packages/ops/docker/bundle-sim.mjs" "$out/sim/main.js"
printf '{\n  "name": "dn-sim",\n  "private": true,\n  "type": "module"\n}\n' >"$out/sim/package.json"
cp "$root/packages/ops/docker/healthcheck.mjs" "$out/healthcheck.mjs"
