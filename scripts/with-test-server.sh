#!/usr/bin/env bash
# Runs a command with the local catalog test server (tests/server/server.mjs) listening, if there is one.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f tests/server/server.mjs ]; then exec "$@"; fi
port=${NANOGPT_TEST_PORT:-8787}
node tests/server/server.mjs --port "$port" > artifacts/test-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
export NANOGPT_TEST_SERVER="http://127.0.0.1:$port"
"$@"
