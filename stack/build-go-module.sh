#!/usr/bin/env bash
# Builds one command of a released Go module, as the project's own release does, into a binary:
#   build-go-module.sh <module> <version> <package> <output> [ldflags]
# `go install module@version` asks the proxy for the module's version list, which the proxy here refuses,
# so the module is downloaded at its exact version and built in a writable copy (the module cache is
# read-only). Skipped when the output exists; Go's caches make a rebuild after `clean` fast.
set -euo pipefail
module="$1" version="$2" package="$3" output="$4" ldflags="${5:-}"
name="$(basename "$output")"
if [ -x "$output" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "meterline: building $name needs Go (https://go.dev/dl/, or: apt-get install golang)" >&2
  exit 1
fi
echo "meterline: building $name from $module@$version (minutes the first time, seconds after)…" >&2
work="$(mktemp -d)"
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
dir="$(cd "$work" && go mod download -json "$module@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
mkdir -p "$(dirname "$output")"
(cd "$work/src" && CGO_ENABLED=0 go build -mod=mod -buildvcs=false -trimpath -ldflags="-s -w $ldflags" \
  -o "$output.partial" "$package")
mv "$output.partial" "$output"
echo "meterline: built $output" >&2
