#!/usr/bin/env bash
# Installs everything iru-evidence needs on a Debian machine, then the npm packages (which also build dist/):
#   - Debian packages the tests use: redis-server (shared budget), chromium (browser tests), postgresql (PostgreSQL store);
#   - the Temporal CLI, pinned, with `go install` (the product would also install it on first use).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v temporal >/dev/null 2>&1 && [ -z "${TEMPORAL_CLI:-}" ]; then
  gobin="$(go env GOBIN 2>/dev/null || true)"
  [ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
  if [ ! -x "$gobin/temporal" ]; then
    echo "setup: installing the Temporal CLI (go install github.com/temporalio/cli/cmd/temporal@v1.5.1, a few minutes)"
    go install github.com/temporalio/cli/cmd/temporal@v1.5.1
  fi
fi

# `npm ci` refuses this lock here: the registry has no darwin/windows builds of @swc/core (an optional
# dependency of the Temporal worker), so npm leaves them out of the lock. `npm install` honours the lock as it is.
npm install --no-audit --no-fund
