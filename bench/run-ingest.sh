#!/usr/bin/env bash
# HTTP ingest against the real `steadfast dev` process with wrk, outside the C# harness (a cross-check of
# `dotnet run -c Release --project bench/Steadfast.Bench -- ingest`).
# usage: bench/run-ingest.sh [duration-seconds=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-64}"
PORT=18288
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
dotnet build -c Release src/Steadfast.Server -v q -nologo >/dev/null
WORK="$(mktemp -d /tmp/steadfast-bench-wrk.XXXXXX)"
EVENT='{"name":"bench/ingest","data":{"user":"ada@example.com","plan":"pro","n":42}}'
printf '%s' "$EVENT" > "$WORK/single.json"
{ printf '['; for i in $(seq 1 100); do [ "$i" -gt 1 ] && printf ','; printf '%s' "$EVENT"; done; printf ']'; } > "$WORK/batch.json"
for body in single batch; do
  cat > "$WORK/$body.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/$body.json", "rb")
wrk.body = f:read("*a")
f:close()
LUA
done

src/Steadfast.Server/bin/Release/net10.0/steadfast dev --port "$PORT" --sqlite-dir "$WORK/db" --log-level Warning >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done

for body in single batch; do
  echo "== steadfast dev, $body body: wrk -t2 -c$CONNECTIONS -d${DURATION}s (after a 3 s warm-up)"
  wrk -t2 -c"$CONNECTIONS" -d3s -s "$WORK/$body.lua" "http://127.0.0.1:$PORT/e/key" >/dev/null
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/$body.lua" "http://127.0.0.1:$PORT/e/key"
done
echo "(multiply Requests/sec by 100 for events/s of the batch body)"
