#!/usr/bin/env bash
# Builds the VictoriaLogs release the compose stack pins (docker-compose.observability.yml) from its Go
# module into stack/victoria-logs/bin/, linked as victoria-logs-release. The tests and the local stack run
# it; it embeds its web UI (/select/vmui/). Prints the binary's path on its last line.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tag="$(bash "$root/stack/compose-image-tag.sh" victoriametrics/victoria-logs)"
module=github.com/VictoriaMetrics/VictoriaLogs
bin="$root/stack/victoria-logs/bin"
bash "$root/stack/build-go-module.sh" "$module" "$tag" ./app/victoria-logs "$bin/victoria-logs-$tag" \
  "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-$tag"
ln -sfn "victoria-logs-$tag" "$bin/victoria-logs-release"
echo "$bin/victoria-logs-release"
