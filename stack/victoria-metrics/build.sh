#!/usr/bin/env bash
# Builds the VictoriaMetrics release the compose stack pins (docker-compose.observability.yml) from its Go
# module into stack/victoria-metrics/bin/, linked as victoria-metrics-release. The local stack runs it (it
# embeds vmui, which Debian's build lacks); the remote-write, collector, stats API and dashboard tests also
# run against it (vitest.config.ts), since what they write and query must work on Debian's 1.79 and on the
# release production runs, and the benchmarks measure both. Builds vmalert of the same release too
# (vmalert-release; compose pins both images at one tag), which takes seconds once VictoriaMetrics is
# built. Prints VictoriaMetrics' path on its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tag="$(sed -n 's|^ *image: victoriametrics/victoria-metrics:\(v[0-9.]*\)$|\1|p' "$root/docker-compose.observability.yml")"
if [ -z "$tag" ]; then
  echo "meterline: no victoriametrics/victoria-metrics image in docker-compose.observability.yml" >&2
  exit 1
fi
if ! command -v go >/dev/null 2>&1; then
  echo "meterline: building VictoriaMetrics $tag needs Go (https://go.dev/dl/, or: apt-get install golang)" >&2
  exit 1
fi
bin="$root/stack/victoria-metrics/bin"
binary="$bin/victoria-metrics-$tag"
vmalert="$bin/vmalert-$tag"
if [ ! -x "$binary" ] || [ ! -x "$vmalert" ]; then
  module=github.com/VictoriaMetrics/VictoriaMetrics
  echo "meterline: building VictoriaMetrics and vmalert $tag from $module (a few minutes the first time)…" >&2
  work="$(mktemp -d)"
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  # `go install module@version` asks the proxy for the module's version list, which it refuses here.
  dir="$(cd "$work" && go mod download -json "$module@$tag" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  cp -r "$dir" "$work/src"
  chmod -R u+w "$work/src"
  mkdir -p "$bin"
  for app in victoria-metrics vmalert; do
    (cd "$work/src" && CGO_ENABLED=0 go build -mod=mod -buildvcs=false -trimpath \
      -ldflags="-s -w -X $module/lib/buildinfo.Version=$app-$tag" \
      -o "$bin/$app-$tag" "./app/$app")
  done
fi
ln -sfn "$(basename "$vmalert")" "$bin/vmalert-release"
ln -sfn "$(basename "$binary")" "$bin/victoria-metrics-release"
echo "$bin/victoria-metrics-release"
