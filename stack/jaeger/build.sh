#!/usr/bin/env bash
# Builds the Jaeger v2 release the compose stack pins (docker-compose.observability.yml) from its Go module
# into stack/jaeger/bin/, linked as jaeger-release. The tests and the local stack run it. A build from the
# module has no embedded web UI (Jaeger's release pipeline adds it): query its API, or use Grafana.
# Prints the binary's path on its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tag="$(bash "$root/stack/compose-image-tag.sh" jaegertracing/jaeger)"
# Jaeger tags each release twice, v2.N.P and v1.(N+63).P, and its Go module carries only the v1 tag.
IFS=. read -r major minor patch <<<"$tag"
if [ "$major" != 2 ]; then
  echo "meterline: jaegertracing/jaeger:$tag is not a Jaeger v2 release" >&2
  exit 1
fi
version="v1.$((minor + 63)).$patch"
bin="$root/stack/jaeger/bin"
bash "$root/stack/build-go-module.sh" github.com/jaegertracing/jaeger "$version" ./cmd/jaeger \
  "$bin/jaeger-$tag" "-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v$tag"
ln -sfn "jaeger-$tag" "$bin/jaeger-release"
echo "$bin/jaeger-release"
