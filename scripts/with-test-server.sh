#!/usr/bin/env bash
# Runs a command with the local catalog test server (tests/server/server.mjs) listening on a
# free port (or NANOGPT_TEST_PORT), exported to the command as NANOGPT_TEST_SERVER.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f tests/server/server.mjs ]; then exec "$@"; fi
port=${NANOGPT_TEST_PORT:-$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
mkdir -p artifacts
node tests/server/server.mjs --port "$port" > artifacts/test-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "test server failed to start:"; cat artifacts/test-server.log; exit 1; }
  sleep 0.1
done
export NANOGPT_TEST_SERVER="http://127.0.0.1:$port"
"$@"
