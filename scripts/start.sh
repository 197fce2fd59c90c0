#!/usr/bin/env bash
# npm start: set up, build the package, then type-check, build and serve the demo page (www/)
# with `vite preview` — the same build the browser tests use, with the CSP in force.
#
#   npm start                 http://127.0.0.1:4173/
#   npm start -- --dev        Vite dev server with hot reload instead (no CSP headers)
#   DEMO_PORT=8080 npm start  another port
#   NANOGPT_UPSTREAM=...      where the /nanogpt proxy forwards (default https://nano-gpt.com)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
source .setup/env
port=${DEMO_PORT:-4173}
upstream=${NANOGPT_UPSTREAM:-https://nano-gpt.com}
config=www/vite.config.js

tsc -p www/tsconfig.json
if [ "${1:-}" = "--dev" ]; then
  mode="vite dev server"
  cmd=(vite --config "$config")
else
  vite build --config "$config" --logLevel warn
  mode="vite preview of www/dist"
  cmd=(vite preview --config "$config")
fi
printf '\n\033[1mDemo:\033[0m http://127.0.0.1:%s/  (%s; catalog and generation proxied to %s,\n      bundled snapshot when that cannot be reached within 3 s)\n\n' "$port" "$mode" "$upstream"
exec "${cmd[@]}"
