#!/usr/bin/env bash
# Builds the portal's web UI into src/portal/web/dist when it is missing or older than its sources
# (deps.sh runs it, so `make up` and `make test` build it on a fresh clone; the browser tests run it too).
set -euo pipefail
cd "$(dirname "$0")/.."
web=src/portal/web
if [ ! -f "$web/dist/index.html" ] || [ -n "$(find "$web/src" "$web/index.html" "$web/vite.config.ts" src/portal/api/types.ts -newer "$web/dist/index.html" -print -quit)" ]; then
  npm run --silent build:web
fi
