#!/usr/bin/env bash
# Installs Node 22 (the oldest line the SDK supports) from the npm registry, as the workspace gets Node 24,
# into testing/.cache/node-22, and prints the binary's path. The SDK's tests run on it too (npm test).
set -euo pipefail
cd "$(dirname "$0")/.."
version=22.23.3
prefix=testing/.cache/node-22
binary="$prefix/node_modules/.bin/node"
if [ "$("$binary" --version 2>/dev/null)" != "v$version" ]; then
  echo "meterline: installing Node $version from the npm registry into $prefix…" >&2
  mkdir -p "$prefix"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "node@$version" >&2
fi
echo "$PWD/$binary"
