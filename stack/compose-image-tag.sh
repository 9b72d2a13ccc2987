#!/usr/bin/env bash
# Prints the tag docker-compose.observability.yml pins for an image (`compose-image-tag.sh jaegertracing/jaeger`),
# so each build.sh builds exactly the release compose runs; fails naming the image when compose has none.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tag="$(sed -n "s|^ *image: $1:\\([0-9A-Za-z.-]*\\)\$|\\1|p" "$root/docker-compose.observability.yml")"
if [ -z "$tag" ]; then
  echo "meterline: no $1 image in docker-compose.observability.yml" >&2
  exit 1
fi
echo "$tag"
