#!/usr/bin/env bash
# Installs what Marina needs on a fresh Debian/Node 20 machine: npm packages (better-sqlite3 compiles
# from source here, ~60 s), the portal's web UI build, and, with --test, the programs the test suite drives
# (git, kubectl, chromium, sshd, openssl).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v git >/dev/null || need_apt+=(git)
if [ "${1:-}" = "--test" ]; then
  command -v kubectl >/dev/null || echo "warning: kubectl not found; the kubectl compatibility tests will be skipped" >&2
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)   # the portal's browser tests (playwright-core drives it)
  # A real sshd on loopback for the ssh repository tests (they are skipped, saying why, without it).
  if [ ! -x /usr/sbin/sshd ]; then
    if [ "$(id -u)" = 0 ]; then need_apt+=(openssh-server); else echo "warning: openssh-server not installed; the ssh repository tests will be skipped" >&2; fi
  fi
  command -v openssl >/dev/null || need_apt+=(openssl)  # test CAs for the https repository tests
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else echo "please install: ${need_apt[*]}" >&2; exit 1; fi
fi

# npm ci only when the lock file's content differs from the one last installed (by content, not mtime: a
# fresh checkout or a git worktree sharing node_modules must not reinstall).
lock_sha=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.marina-lock-sha 2>/dev/null)" != "$lock_sha" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sha" > node_modules/.marina-lock-sha
fi

# The portal's web UI (served by the hub from src/portal/web/dist), when missing or older than its sources.
bash scripts/build-web.sh
