#!/usr/bin/env bash
# Installs the tools the tests and the local platform use, on a fresh Debian 12 machine.
# Go CLIs are built from their modules at pinned versions into a cache outside the repo,
# keyed by version, so a second run is a no-op. Binaries are never committed.
set -euo pipefail

TOOLS_CACHE="${PIPELINE_TOOLS_CACHE:-$HOME/.cache/pipeline-tools}"
mkdir -p "$TOOLS_CACHE"

# Pinned versions: keep in step with shared/tools/versions.ts.
TRIVY_VERSION=0.74.0
COSIGN_VERSION=3.1.3

log() { printf '[install-tools] %s\n' "$*" >&2; }

apt_packages=(docker-registry buildah skopeo jq)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a registry service on :5000; the tests run their own on a free port.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
  systemctl stop docker-registry || true
fi

# go_tool NAME VERSION MODULE PACKAGE LDFLAGS [GOEXPERIMENT]: builds PACKAGE of MODULE@vVERSION into
# $TOOLS_CACHE/NAME/VERSION/NAME.
go_tool() {
  local name=$1 version=$2 module=$3 pkg=$4 ldflags=$5 experiment=${6:-}
  local dir="$TOOLS_CACHE/$name/$version"
  if [ -x "$dir/$name" ]; then
    log "$name $version cached at $dir"
    return
  fi
  log "building $name $version from $pkg (cold build, several minutes)…"
  local start=$SECONDS tmp
  tmp=$(mktemp -d)
  # A throwaway module instead of `go install pkg@version`: the proxy refuses some modules'
  # version lists (trivy's), which `go install` reads to report deprecations.
  (
    cd "$tmp"
    go mod init pipeline-tool-build >/dev/null 2>&1
    go mod edit -require "$module@v$version"
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$pkg" > tools.go
    go mod tidy 2>/dev/null
    GOEXPERIMENT=$experiment CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflags" -o "$tmp/$name" "$pkg"
  )
  mkdir -p "$dir"
  mv "$tmp/$name" "$dir/$name"
  rm -rf "$tmp"
  log "$name $version built in $((SECONDS - start))s"
}

go_tool trivy "$TRIVY_VERSION" github.com/aquasecurity/trivy github.com/aquasecurity/trivy/cmd/trivy \
  "-X github.com/aquasecurity/trivy/pkg/version/app.ver=$TRIVY_VERSION" jsonv2 # as trivy's release build
go_tool cosign "$COSIGN_VERSION" github.com/sigstore/cosign/v3 github.com/sigstore/cosign/v3/cmd/cosign \
  "-X sigs.k8s.io/release-utils/version.gitVersion=v$COSIGN_VERSION"

# trivy-db-builder: our own module (test/fixtures/trivy-db/builder) that builds the offline test
# vulnerability DB from YAML fixtures and pushes it to a local registry. It has no version, so its
# cache dir is keyed by a hash of its sources (and the Go version): editing them rebuilds it.
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DB_BUILDER_SRC="$REPO_ROOT/test/fixtures/trivy-db/builder"
DB_BUILDER_HASH=$(
  cd "$DB_BUILDER_SRC"
  { go env GOVERSION; find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort | xargs sha256sum; } |
    sha256sum | cut -c1-16
)
DB_BUILDER_DIR="$TOOLS_CACHE/trivy-db-builder/$DB_BUILDER_HASH"
if [ -x "$DB_BUILDER_DIR/trivy-db-builder" ]; then
  log "trivy-db-builder $DB_BUILDER_HASH cached at $DB_BUILDER_DIR"
else
  log "building trivy-db-builder $DB_BUILDER_HASH from $DB_BUILDER_SRC…"
  start=$SECONDS
  tmp=$(mktemp -d)
  (cd "$DB_BUILDER_SRC" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/trivy-db-builder" .)
  mkdir -p "$DB_BUILDER_DIR"
  mv "$tmp/trivy-db-builder" "$DB_BUILDER_DIR/trivy-db-builder"
  rm -rf "$tmp"
  log "trivy-db-builder built in $((SECONDS - start))s"
fi

mkdir -p "$TOOLS_CACHE/bin"
ln -sf "$TOOLS_CACHE/trivy/$TRIVY_VERSION/trivy" "$TOOLS_CACHE/bin/trivy"
ln -sf "$TOOLS_CACHE/cosign/$COSIGN_VERSION/cosign" "$TOOLS_CACHE/bin/cosign"
ln -sf "$DB_BUILDER_DIR/trivy-db-builder" "$TOOLS_CACHE/bin/trivy-db-builder"
log "tools ready in $TOOLS_CACHE/bin"
