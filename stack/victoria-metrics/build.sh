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
tag="$(bash "$root/stack/compose-image-tag.sh" victoriametrics/victoria-metrics)"
module=github.com/VictoriaMetrics/VictoriaMetrics
bin="$root/stack/victoria-metrics/bin"
for app in victoria-metrics vmalert; do
  bash "$root/stack/build-go-module.sh" "$module" "$tag" "./app/$app" "$bin/$app-$tag" \
    "-X $module/lib/buildinfo.Version=$app-$tag"
done
ln -sfn "vmalert-$tag" "$bin/vmalert-release"
ln -sfn "victoria-metrics-$tag" "$bin/victoria-metrics-release"
echo "$bin/victoria-metrics-release"
