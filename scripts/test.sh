#!/usr/bin/env bash
# The whole test suite: installs what it needs, type-checks, then runs every *.test.ts with node's test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --test
npx tsc --noEmit -p .
npx tsc --noEmit -p src/portal/web
mapfile -t files < <(find src test -name '*.test.ts' 2>/dev/null | sort)
exec node --import tsx --test "$@" "${files[@]}"
