#!/usr/bin/env bash
# Pins the Dockerfile's base images by digest: resolves each ARG *_IMAGE default (a tag) to the digest the
# registry serves for it now and rewrites the line to tag@sha256:digest. Run it where the registries are
# reachable, with crane (go-containerregistry) or docker buildx, review the diff, commit. Run it again to
# move to newer bases; a line already pinned is resolved again from its tag.
set -euo pipefail
cd "$(dirname "$0")/.."
dockerfile="${1:-Dockerfile}"

digest_of() {
  if command -v crane >/dev/null; then
    crane digest "$1"
  elif command -v docker >/dev/null; then
    docker buildx imagetools inspect --format '{{json .Manifest.Digest}}' "$1" | tr -d '"'
  else
    echo "pin-image-digests: neither crane nor docker is installed" >&2
    exit 2
  fi
}

mapfile -t lines < <(grep -E '^ARG [A-Z_]+_IMAGE=' "$dockerfile")
[[ ${#lines[@]} -gt 0 ]] || { echo "pin-image-digests: no ARG ..._IMAGE= line in $dockerfile" >&2; exit 2; }
for line in "${lines[@]}"; do
  name="${line#ARG }"; name="${name%%=*}"
  image="${line#*=}"; tag="${image%@sha256:*}"
  digest="$(digest_of "$tag")"
  [[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "pin-image-digests: $tag resolved to \"$digest\"" >&2; exit 1; }
  # The multi-platform index's digest, so the pin holds on amd64 and arm64 alike.
  sed -i "s|^ARG $name=.*\$|ARG $name=$tag@$digest|" "$dockerfile"
  echo "$name=$tag@$digest"
done
