#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, runs every test, and ends with "N passed, N failed".
# Usage: ./scripts/test.sh            (all tests)
#        ./scripts/test.sh --quick    (skip the formatting check)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# 1. npm packages: the official svix package (signature cross-checks) and the official inngest SDK (interop suite).
for dir in tests/Steadfast.Clerk.Tests/js interop/js; do
  log "npm ci ($dir)"
  if command -v npm >/dev/null 2>&1; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error 2>&1 | tail -3) || echo "npm ci failed in $dir: the tests that need it will fail"
  else
    echo "npm not found: the tests that need $dir will fail"
  fi
done

# 1b. System services the tests use for real: PostgreSQL (storage suite, multi-node tests) and Chromium (dashboard).
log "PostgreSQL"
./scripts/setup-postgres.sh || echo "PostgreSQL setup failed: the PostgreSQL tests will fail"
log "Chromium"
./scripts/setup-chromium.sh || echo "Chromium setup failed: the dashboard browser tests will fail"

# 2. Build once.
log "dotnet build"
if ! dotnet build Steadfast.slnx -c Debug -v minimal -nologo >"$results/build.log" 2>&1; then
  grep -E "error|Error" "$results/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"
  exit 1
fi
tail -3 "$results/build.log"

passed=0; failed=0; skipped=0

# 3. Formatting is checked, not discussed.
if [ "${1:-}" != "--quick" ]; then
  log "dotnet format --verify-no-changes"
  if dotnet format Steadfast.slnx --verify-no-changes --no-restore -v quiet >"$results/format.log" 2>&1; then
    echo "format: ok"; passed=$((passed+1))
  else
    echo "format: files need formatting (run: dotnet format Steadfast.slnx)"; head -20 "$results/format.log"; failed=$((failed+1))
  fi
fi

# 4. Every test project of the solution; counts come from the TRX files.
for proj in $(grep -oE 'tests/[^"]+\.Tests\.csproj' Steadfast.slnx); do
  name=$(basename "$proj" .csproj)
  log "dotnet test $name"
  out="$results/$name.log"
  dotnet test "$proj" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" >"$out" 2>&1
  code=$?
  grep -E "^\s+Failed |Error Message|^\s+Skipped " -A3 "$out" | head -80
  trx="$results/$name.trx"
  counters=$(grep -oE '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)
  if [ -n "$counters" ]; then
    p=$(echo "$counters" | sed -E 's/.* passed="([0-9]+)".*/\1/'); f=$(echo "$counters" | sed -E 's/.* failed="([0-9]+)".*/\1/')
    t=$(echo "$counters" | sed -E 's/.* total="([0-9]+)".*/\1/'); e=$(echo "$counters" | sed -E 's/.* executed="([0-9]+)".*/\1/')
    s=$((t-e))
    echo "$name: $p passed, $f failed, $s skipped"
    passed=$((passed+p)); failed=$((failed+f)); skipped=$((skipped+s))
    if [ "$code" -ne 0 ] && [ "$f" -eq 0 ]; then echo "$name: test host exited with $code"; tail -20 "$out"; failed=$((failed+1)); fi
  else
    echo "$name: no test results (exit $code)"; tail -30 "$out"; failed=$((failed+1))
  fi
done

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo
echo "$summary"
[ "$failed" -eq 0 ]
