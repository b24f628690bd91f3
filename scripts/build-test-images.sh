#!/usr/bin/env bash
# Builds the container images the security-gate tests scan, without a Docker daemon:
#
#   scripts/build-test-images.sh REGISTRY OUTDIR      e.g. 127.0.0.1:5000 /tmp/pipeline-images
#
#   REGISTRY/pipeline-test/vulnerable:1.0   Alpine 3.19 skeleton whose apk database lists packages
#                                           with the vulnerabilities of test/fixtures/trivy-db/fixtures
#                                           (1 CRITICAL, 2 HIGH of which 1 unfixed, 1 MEDIUM, 1 LOW); runs as root.
#   REGISTRY/pipeline-test/clean:1.0        same OS, packages at fixed versions (zlib, which has no fix,
#                                           left out); runs as USER 10001:10001.
#
# Both are built FROM scratch by buildah (vfs storage driver, storage kept under OUTDIR/buildah so the
# machine's container storage is untouched) from the rootfs skeletons in test/fixtures/targets/images/,
# pushed to REGISTRY over plain HTTP, and the vulnerable one is also saved as OUTDIR/vulnerable.oci.tar.
# Images are committed with a fixed timestamp, so rebuilding yields the same digests.
#
# stdout: {"vulnerable":"sha256:…","clean":"sha256:…"} (manifest digests in REGISTRY); progress on stderr.
# Needs root (or buildah's rootless setup), buildah and jq (scripts/install-tools.sh installs both).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 REGISTRY OUTDIR   (e.g. $0 127.0.0.1:5000 /tmp/pipeline-images)" >&2
  exit 2
fi
REGISTRY=${1%/}
mkdir -p "$2"
OUTDIR=$(cd "$2" && pwd)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGES_DIR="$REPO_ROOT/test/fixtures/targets/images"
# 2024-01-12T00:00:00Z, roughly when the packages in the skeletons were current.
TIMESTAMP=1705017600

log() { printf '[build-test-images] %s\n' "$*" >&2; }

for tool in buildah jq; do
  command -v "$tool" >/dev/null || { log "$tool not found (run scripts/install-tools.sh)"; exit 1; }
done

STORE="$OUTDIR/buildah"
mkdir -p "$STORE/root" "$STORE/runroot" "$STORE/tmp"
# Keep buildah's storage and temp files under OUTDIR, away from the machine's container storage.
export TMPDIR="$STORE/tmp"
buildah_() {
  buildah --storage-driver vfs --root "$STORE/root" --runroot "$STORE/runroot" "$@"
}
# containers/image refuses to pull/push without a signature policy; containers-common (a buildah
# dependency) ships /etc/containers/policy.json, otherwise use an accept-anything one.
policy_args=()
if [ ! -f /etc/containers/policy.json ]; then
  printf '{"default":[{"type":"insecureAcceptAnything"}]}\n' > "$STORE/policy.json"
  policy_args=(--signature-policy "$STORE/policy.json")
fi

# build NAME USER: builds IMAGES_DIR/NAME/rootfs into REGISTRY/pipeline-test/NAME:1.0, pushes it and
# prints the pushed manifest digest.
build() {
  local name=$1 user=$2
  local image="$REGISTRY/pipeline-test/$name:1.0" rootfs="$IMAGES_DIR/$name/rootfs" ctr digestfile
  [ -d "$rootfs" ] || { log "missing $rootfs"; exit 1; }
  log "building $image from $rootfs"

  # Idempotency: drop leftovers of a previous or interrupted run.
  buildah_ rm "pipeline-test-$name" >/dev/null 2>&1 || true
  buildah_ rmi -f "$image" >/dev/null 2>&1 || true

  ctr=$(buildah_ from --name "pipeline-test-$name" scratch)
  buildah_ copy --quiet "$ctr" "$rootfs/" / >/dev/null
  buildah_ config \
    --os linux --arch amd64 \
    --user "$user" \
    --workingdir / \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd /bin/sh \
    --label org.opencontainers.image.title="pipeline-test/$name" \
    --label org.opencontainers.image.description="security-gate test image ($name); not runnable, apk database only" \
    --created-by "/bin/sh -c #(nop) COPY dir:rootfs in / " \
    "$ctr"
  buildah_ commit --quiet --rm --format oci --timestamp "$TIMESTAMP" --identity-label=false "$ctr" "$image" >/dev/null

  digestfile="$STORE/$name.digest"
  rm -f "$digestfile"
  log "pushing $image"
  buildah_ push --quiet "${policy_args[@]}" --tls-verify=false --digestfile "$digestfile" "$image" "docker://$image" >&2
  cat "$digestfile"
}

vulnerable=$(build vulnerable root)
clean=$(build clean 10001:10001)

archive="$OUTDIR/vulnerable.oci.tar"
image="$REGISTRY/pipeline-test/vulnerable:1.0"
log "saving $image as $archive"
unpacked="$STORE/oci-archive"
rm -rf "$unpacked" "$archive"
mkdir -p "$unpacked"
buildah_ push --quiet "${policy_args[@]}" "$image" "oci-archive:$unpacked.tar:$image" >&2
tar -xf "$unpacked.tar" -C "$unpacked"
rm -f "$unpacked.tar"
# `trivy image --input` opens docker-archive tarballs and OCI layout *directories*, not OCI layout
# tarballs. Like `docker save` since Docker 25, add a docker-archive manifest.json pointing at the
# OCI blobs, so the one file is both a valid OCI archive and a docker archive trivy can read.
manifest_blob="$unpacked/blobs/sha256/$(jq -r '.manifests[0].digest | ltrimstr("sha256:")' "$unpacked/index.json")"
jq -c --arg tag "$image" '[{
    Config: ("blobs/sha256/" + (.config.digest | ltrimstr("sha256:"))),
    RepoTags: [$tag],
    Layers: [.layers[].digest | "blobs/sha256/" + ltrimstr("sha256:")]
  }]' "$manifest_blob" > "$unpacked/manifest.json"
# Repack with fixed metadata so the file is byte-for-byte reproducible.
tar -cf "$archive" -C "$unpacked" --sort=name --mtime="@$TIMESTAMP" --owner=0 --group=0 --numeric-owner \
  oci-layout index.json manifest.json blobs
rm -rf "$unpacked"

jq -cn --arg vulnerable "$vulnerable" --arg clean "$clean" '{vulnerable: $vulnerable, clean: $clean}'
