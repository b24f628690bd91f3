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
ACTIONLINT_VERSION=1.7.12 # lints .github/workflows and examples/workflows (test/integration/workflows.test.ts)
ACT_VERSION=0.2.89        # nektos/act runs the reusable workflows on the host (test/integration/act.test.ts)
# build-push's buildx path (test/integration/buildx.test.ts): the buildx CLI plugin, and BuildKit's
# daemon and client for the image a docker-container builder runs (built here, never pulled).
BUILDX_VERSION=0.38.2
BUILDKIT_VERSION=0.34.2
# Keyless signing offline (test/support/sigstore.ts): Fulcio with an ephemeral CA and a timestamp
# authority, beside an OIDC issuer the tests run.
FULCIO_VERSION=1.8.8
TSA_VERSION=2.1.3 # newer ones need a newer Go than 1.26

log() { printf '[install-tools] %s\n' "$*" >&2; }

# apt_install PACKAGE…: installs those Debian packages that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  log "apt-get install ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# (actionlint checks the workflows' run: scripts with the shellcheck package)
apt_install docker-registry buildah skopeo jq shellcheck
# arm64 `RUN` steps of multi-platform builds run under qemu (build-push.test's RUN build).
apt_install qemu-user-static
bash "$(dirname "$0")/binfmt.sh"
# A Docker engine, as a GitHub runner has one (ubuntu-latest has Docker's own packages: kept).
# Debian's docker.io would start dockerd (and it a containerd on the platform's socket) as it is
# installed: a policy-rc.d refuses every service start during the install; the buildx test starts
# its own engine beside the platform, with a containerd of its own (test/support/docker-engine.ts).
if ! command -v dockerd >/dev/null 2>&1; then
  policy=/usr/sbin/policy-rc.d
  made_policy=
  if [ ! -e "$policy" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 0755 "$policy"
    made_policy=1
  fi
  apt_install docker.io
  [ -z "$made_policy" ] || $sudo rm -f "$policy"
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
    # -e: some modules' test-only dependencies are not served (fulcio's chainguard.dev/sdk).
    go mod tidy -e 2>/dev/null
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
go_tool actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint github.com/rhysd/actionlint/cmd/actionlint \
  "-X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION"
go_tool act "$ACT_VERSION" github.com/nektos/act github.com/nektos/act "-X main.version=$ACT_VERSION"
go_tool docker-buildx "$BUILDX_VERSION" github.com/docker/buildx github.com/docker/buildx/cmd/buildx \
  "-X github.com/docker/buildx/version.Version=v$BUILDX_VERSION -X github.com/docker/buildx/version.Revision=v$BUILDX_VERSION"
go_tool buildkitd "$BUILDKIT_VERSION" github.com/moby/buildkit github.com/moby/buildkit/cmd/buildkitd \
  "-X github.com/moby/buildkit/version.Version=v$BUILDKIT_VERSION"
go_tool fulcio "$FULCIO_VERSION" github.com/sigstore/fulcio github.com/sigstore/fulcio \
  "-X sigs.k8s.io/release-utils/version.gitVersion=v$FULCIO_VERSION"
go_tool timestamp-server "$TSA_VERSION" github.com/sigstore/timestamp-authority/v2 \
  github.com/sigstore/timestamp-authority/v2/cmd/timestamp-server \
  "-X sigs.k8s.io/release-utils/version.gitVersion=v$TSA_VERSION"
go_tool buildctl "$BUILDKIT_VERSION" github.com/moby/buildkit github.com/moby/buildkit/cmd/buildctl \
  "-X github.com/moby/buildkit/version.Version=v$BUILDKIT_VERSION"

# Our own Go modules under test/fixtures: they have no version, so each one's cache dir is keyed
# by a hash of its sources (and the Go version): editing them rebuilds it.
#   trivy-db-builder (test/fixtures/trivy-db/builder): builds the offline test vulnerability DB
#     from YAML fixtures and pushes it to a local registry.
#   referrers-registry (test/fixtures/referrers-registry): go-containerregistry's registry with
#     the OCI 1.1 referrers API on, beside Debian's registry that has none.
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# repo_tool NAME SOURCE_DIR: prints the cache dir holding the built NAME.
repo_tool() {
  local name=$1 src=$2 hash dir tmp start
  hash=$(
    cd "$src"
    { go env GOVERSION; find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort | xargs sha256sum; } |
      sha256sum | cut -c1-16
  )
  dir="$TOOLS_CACHE/$name/$hash"
  if [ -x "$dir/$name" ]; then
    log "$name $hash cached at $dir"
  else
    log "building $name $hash from $src…"
    start=$SECONDS
    tmp=$(mktemp -d)
    (cd "$src" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/$name" .) >&2
    mkdir -p "$dir"
    mv "$tmp/$name" "$dir/$name"
    rm -rf "$tmp"
    log "$name built in $((SECONDS - start))s"
  fi
  printf '%s\n' "$dir"
}
DB_BUILDER_DIR=$(repo_tool trivy-db-builder "$REPO_ROOT/test/fixtures/trivy-db/builder")
REFERRERS_REGISTRY_DIR=$(repo_tool referrers-registry "$REPO_ROOT/test/fixtures/referrers-registry")

mkdir -p "$TOOLS_CACHE/bin"
ln -sf "$TOOLS_CACHE/trivy/$TRIVY_VERSION/trivy" "$TOOLS_CACHE/bin/trivy"
ln -sf "$TOOLS_CACHE/cosign/$COSIGN_VERSION/cosign" "$TOOLS_CACHE/bin/cosign"
ln -sf "$TOOLS_CACHE/actionlint/$ACTIONLINT_VERSION/actionlint" "$TOOLS_CACHE/bin/actionlint"
ln -sf "$TOOLS_CACHE/act/$ACT_VERSION/act" "$TOOLS_CACHE/bin/act"
ln -sf "$TOOLS_CACHE/buildkitd/$BUILDKIT_VERSION/buildkitd" "$TOOLS_CACHE/bin/buildkitd"
ln -sf "$TOOLS_CACHE/buildctl/$BUILDKIT_VERSION/buildctl" "$TOOLS_CACHE/bin/buildctl"
ln -sf "$TOOLS_CACHE/fulcio/$FULCIO_VERSION/fulcio" "$TOOLS_CACHE/bin/fulcio"
ln -sf "$TOOLS_CACHE/timestamp-server/$TSA_VERSION/timestamp-server" "$TOOLS_CACHE/bin/timestamp-server"
# The docker CLI finds plugins in ~/.docker/cli-plugins (or $DOCKER_CONFIG/cli-plugins); the
# tests point DOCKER_CONFIG at their own folder and link this one there.
mkdir -p "$TOOLS_CACHE/cli-plugins"
ln -sf "$TOOLS_CACHE/docker-buildx/$BUILDX_VERSION/docker-buildx" "$TOOLS_CACHE/cli-plugins/docker-buildx"
ln -sf "$DB_BUILDER_DIR/trivy-db-builder" "$TOOLS_CACHE/bin/trivy-db-builder"
ln -sf "$REFERRERS_REGISTRY_DIR/referrers-registry" "$TOOLS_CACHE/bin/referrers-registry"
log "tools ready in $TOOLS_CACHE/bin"

# ---------------------------------------------------------------------------------------------
# Local platform (npm run platform:up): Kubernetes control plane, kwok, helm, kubectl, etcd,
# Prometheus. Keep the versions in step with platform/versions.mjs.
KUBERNETES_VERSION=1.36.3
KWOK_VERSION=0.8.0
HELM_VERSION=3.22.0
ETCD_VERSION=3.6.8 # the etcd client version k8s.io/kubernetes v$KUBERNETES_VERSION requires
CONTAINERD_VERSION=2.2.9
TRAEFIK_VERSION=3.7.12     # the data plane; 3.7.13 needs lego modules the proxy does not serve
GATEWAY_API_VERSION=1.6.3  # Traefik 3.7 implements Gateway API v1.6 (standard channel)
ISTIO_API_VERSION=1.32.0   # only its VirtualService CRD, so `traffic: istio` patches are authorised
# Prometheus from its module (3.16.0): Debian's 2.42 is built without Kubernetes service discovery,
# which finds the real node's pods. Only that discovery is compiled in (its own build tags).
PROMETHEUS_MODULE_VERSION=0.316.0
PROMETHEUS_VERSION=3.16.0
PLATFORM_BUILD_LOGS="$TOOLS_CACHE/logs"
mkdir -p "$PLATFORM_BUILD_LOGS"

# runc and the CNI plugins run the real node's containers and pod network; iptables and conntrack
# are what kube-proxy programs the Service range with. GitHub's ubuntu-24.04 image already has a
# runc (in Docker's containerd.io package, which conflicts with the runc package): that one is used.
runc_package=runc
command -v runc >/dev/null 2>&1 && runc_package=
apt_install openssl curl $runc_package containernetworking-plugins iptables conntrack

# go_build_tools NAME VERSION MODULE LDFLAGS REPLACES PKG[=BIN]...: builds each main PKG of
# MODULE@vVERSION, in one throwaway module with the `go mod edit -replace` arguments REPLACES
# (space-separated old=new@version), into $TOOLS_CACHE/NAME/VERSION/BIN (BIN defaults to the name
# `go build` gives it). Logs go to $PLATFORM_BUILD_LOGS/NAME-VERSION.log; a heartbeat shows that
# a long cold build is alive.
go_build_tools() {
  local name=$1 version=$2 module=$3 ldflags=$4 replaces=$5
  shift 5
  local dir="$TOOLS_CACHE/$name/$version" missing_bins=() missing_names=() renames=() spec pkg bin default
  for spec in "$@"; do
    pkg=${spec%%=*}
    default=${pkg##*/}
    # `go build` names a /vN package after the element before the major-version suffix.
    [[ $default =~ ^v[0-9]+$ ]] && default=$(basename "$(dirname "$pkg")")
    bin=$default
    [[ $spec == *=* ]] && bin=${spec#*=}
    [ -x "$dir/$bin" ] && continue
    missing_bins+=("$pkg")
    missing_names+=("$bin")
    [ "$bin" = "$default" ] || renames+=("$default=$bin")
  done
  if [ ${#missing_bins[@]} -eq 0 ]; then
    log "$name $version cached at $dir"
    return
  fi
  local logfile="$PLATFORM_BUILD_LOGS/$name-$version.log" start=$SECONDS tmp r
  log "building $name $version: ${missing_names[*]} (cold build; log $logfile)…"
  tmp=$(mktemp -d)
  (
    while sleep 60; do log "… still building $name $version ($((SECONDS - start))s)"; done
  ) &
  local heartbeat=$!
  if ! (
    set -e
    cd "$tmp"
    go mod init pipeline-tool-build
    go mod edit -require "$module@v$version"
    for r in $replaces; do go mod edit -replace "$r"; done
    # A hook that completes the throwaway module before tidy (files a replace points at, go.sum).
    [ -z "${GO_BUILD_PREPARE:-}" ] || "$GO_BUILD_PREPARE"
    {
      printf '//go:build tools\n\npackage tools\n\nimport (\n'
      for pkg in "${missing_bins[@]}"; do printf '\t_ "%s"\n' "$pkg"; done
      printf ')\n'
    } >tools.go
    go mod tidy
    mkdir -p out
    CGO_ENABLED=0 go build -trimpath ${GO_BUILD_TAGS:+-tags "$GO_BUILD_TAGS"} -ldflags "-s -w $ldflags" -o out/ "${missing_bins[@]}"
  ) >"$logfile" 2>&1; then
    kill "$heartbeat" 2>/dev/null || true
    rm -rf "$tmp"
    log "building $name $version FAILED after $((SECONDS - start))s; last lines of $logfile:"
    tail -n 20 "$logfile" >&2
    return 1
  fi
  kill "$heartbeat" 2>/dev/null || true
  for spec in "${renames[@]}"; do mv "$tmp/out/${spec%%=*}" "$tmp/out/${spec#*=}"; done
  mkdir -p "$dir"
  mv "$tmp"/out/* "$dir/"
  rm -rf "$tmp"
  log "$name $version built in $((SECONDS - start))s"
}

# k8s.io/kubernetes requires its staging modules (k8s.io/api, …) at v0.0.0 and replaces them with
# ./staging/src/…; a module that imports it must replace each with the published v0.X.Y.
kubernetes_replaces() {
  local gomod tmp
  tmp=$(mktemp -d)
  gomod=$(cd "$tmp" && go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" | jq -r .GoMod)
  rm -rf "$tmp"
  awk -v v="v0.${KUBERNETES_VERSION#1.}" '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" { printf "%s=%s@%s ", $1, $1, v }' "$gomod"
}

kube_ldflags=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $p.gitVersion=v$KUBERNETES_VERSION -X $p.gitMajor=${KUBERNETES_VERSION%%.*}"
  kube_ldflags+=" -X $p.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $p.gitTreeState=clean"
  kube_ldflags+=" -X $p.buildDate=1970-01-01T00:00:00Z"
done

# module_dir MODULE VERSION: the module's directory in the Go module cache (downloaded if needed).
module_dir() {
  local tmp dir
  tmp=$(mktemp -d)
  dir=$(cd "$tmp" && go mod download -json "$1@v$2" | jq -r .Dir)
  rm -rf "$tmp"
  [ -d "$dir" ] || { log "go mod download $1@v$2 failed"; return 1; }
  printf '%s\n' "$dir"
}

# Traefik's own go.mod replaces github.com/traefik/traefik/dynamic/ext with ./pkg/config/dynamic/ext,
# a nested module that its module zip leaves out and the proxy does not serve, so the throwaway
# module recreates it: two empty extension structs (the upstream file, minus a type v3.7 does not
# use). Traefik's go.sum comes along, since the proxy's checksum database lacks some of its
# dependencies. Traefik pins its go-http-auth fork at b975dcaa8c48, which the proxy does not
# serve either; a37a7636d23e (the fork commit Traefik v3.6 pins) builds the same API. It serves
# only the basicAuth and digestAuth middlewares, which the platform does not use.
TRAEFIK_REPLACES="github.com/traefik/traefik/dynamic/ext=./dynamic-ext \
github.com/abbot/go-http-auth=github.com/containous/go-http-auth@v0.4.1-0.20200324110947-a37a7636d23e \
github.com/gorilla/mux=github.com/containous/mux@v0.0.0-20250523120546-41b6ec3aed59"
traefik_build_prepare() {
  local dir
  dir=$(module_dir github.com/traefik/traefik/v3 "$TRAEFIK_VERSION")
  cp "$dir/go.sum" go.sum
  chmod u+w go.sum
  mkdir -p dynamic-ext
  printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24.0\n' >dynamic-ext/go.mod
  printf 'package ext\n\n// HTTP is a dynamic.HTTP extension.\ntype HTTP struct{}\n\n// Router is a dynamic.Router extension.\ntype Router struct{}\n' >dynamic-ext/ext.go
}

# The kube build is the long one (~2-4 GB of memory); build it alongside the others.
platform_start=$SECONDS
# kubelet and kube-proxy run the platform's one real node (platform/node.mjs).
kube_bins=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
kube_replaces=""
for b in "${kube_bins[@]}"; do
  [ -x "$TOOLS_CACHE/kubernetes/$KUBERNETES_VERSION/$b" ] || { kube_replaces=$(kubernetes_replaces); break; }
done
go_build_tools kubernetes "$KUBERNETES_VERSION" k8s.io/kubernetes "$kube_ldflags" "$kube_replaces" \
  "${kube_bins[@]/#/k8s.io/kubernetes/cmd/}" &
kube_build=$!
rc=0
go_build_tools kwok "$KWOK_VERSION" sigs.k8s.io/kwok "" "" sigs.k8s.io/kwok/cmd/kwok || rc=1
go_build_tools helm "$HELM_VERSION" helm.sh/helm/v3 \
  "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
  "" helm.sh/helm/v3/cmd/helm || rc=1
go_build_tools etcd "$ETCD_VERSION" go.etcd.io/etcd/server/v3 "" "" go.etcd.io/etcd/server/v3=etcd || rc=1
GO_BUILD_TAGS="remove_all_sd enable_kubernetes_sd" go_build_tools prometheus "$PROMETHEUS_MODULE_VERSION" \
  github.com/prometheus/prometheus "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" "" \
  github.com/prometheus/prometheus/cmd/prometheus || rc=1
# containerd for the real node: the tags leave out snapshotters that need cgo or kernel headers.
GO_BUILD_TAGS="no_btrfs no_devmapper no_zfs" go_build_tools containerd "$CONTAINERD_VERSION" github.com/containerd/containerd/v2 \
  "-X github.com/containerd/containerd/v2/version.Version=v$CONTAINERD_VERSION" "" \
  github.com/containerd/containerd/v2/cmd/containerd github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2 \
  github.com/containerd/containerd/v2/cmd/ctr || rc=1
# Traefik, the data plane (platform/components/dataplane.mjs). Its web UI is not built into the
# module (webui/static holds only a placeholder, which the embed accepts); the platform does not
# serve the dashboard.
GO_BUILD_PREPARE=traefik_build_prepare go_build_tools traefik "$TRAEFIK_VERSION" github.com/traefik/traefik/v3 \
  "-X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION -X github.com/traefik/traefik/v3/pkg/version.BuildDate=1970-01-01T00:00:00Z" \
  "$TRAEFIK_REPLACES" github.com/traefik/traefik/v3/cmd/traefik || rc=1
wait "$kube_build" || rc=1
[ "$rc" -eq 0 ] || { log "platform tool builds failed"; exit 1; }
log "platform tools ready in $((SECONDS - platform_start))s"

for b in "${kube_bins[@]}"; do
  ln -sf "$TOOLS_CACHE/kubernetes/$KUBERNETES_VERSION/$b" "$TOOLS_CACHE/bin/$b"
done
ln -sf "$TOOLS_CACHE/kwok/$KWOK_VERSION/kwok" "$TOOLS_CACHE/bin/kwok"
ln -sf "$TOOLS_CACHE/helm/$HELM_VERSION/helm" "$TOOLS_CACHE/bin/helm"
ln -sf "$TOOLS_CACHE/etcd/$ETCD_VERSION/etcd" "$TOOLS_CACHE/bin/etcd"
ln -sf "$TOOLS_CACHE/prometheus/$PROMETHEUS_MODULE_VERSION/prometheus" "$TOOLS_CACHE/bin/prometheus"
for b in containerd containerd-shim-runc-v2 ctr; do
  ln -sf "$TOOLS_CACHE/containerd/$CONTAINERD_VERSION/$b" "$TOOLS_CACHE/bin/$b"
done
ln -sf "$TOOLS_CACHE/traefik/$TRAEFIK_VERSION/traefik" "$TOOLS_CACHE/bin/traefik"
log "platform tools linked in $TOOLS_CACHE/bin"

# The data plane's CRDs, copied from their Go modules into the tools cache: the Gateway API
# standard channel as its release's standard-install.yaml has it (config/crd/standard), and
# Istio's VirtualService CRD alone from istio.io/api's generated CRDs (no mesh runs here).
GATEWAY_API_CRDS="$TOOLS_CACHE/gateway-api/$GATEWAY_API_VERSION/standard"
if [ -d "$GATEWAY_API_CRDS" ]; then
  log "gateway-api $GATEWAY_API_VERSION CRDs cached at $GATEWAY_API_CRDS"
else
  src=$(module_dir sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION")
  tmp=$(mktemp -d "$TOOLS_CACHE/.gateway-api.XXXXXX")
  cp "$src"/config/crd/standard/*.yaml "$tmp/"
  chmod 0755 "$tmp"
  chmod 0644 "$tmp"/*.yaml
  mkdir -p "$(dirname "$GATEWAY_API_CRDS")"
  mv "$tmp" "$GATEWAY_API_CRDS"
  log "gateway-api $GATEWAY_API_VERSION CRDs copied to $GATEWAY_API_CRDS"
fi
# Traefik's own CRDs (TraefikService mirrors for `pre-switch-mirror`; its kubernetesCRD provider
# waits for every kind it watches), from the Traefik module's reference documentation.
TRAEFIK_CRDS="$TOOLS_CACHE/traefik-crds/$TRAEFIK_VERSION/kubernetes-crd-definition-v1.yml"
if [ -f "$TRAEFIK_CRDS" ]; then
  log "traefik $TRAEFIK_VERSION CRDs cached at $TRAEFIK_CRDS"
else
  src=$(module_dir github.com/traefik/traefik/v3 "$TRAEFIK_VERSION")
  mkdir -p "$(dirname "$TRAEFIK_CRDS")"
  cp "$src/docs/content/reference/dynamic-configuration/kubernetes-crd-definition-v1.yml" "$TRAEFIK_CRDS.tmp"
  chmod 0644 "$TRAEFIK_CRDS.tmp"
  mv "$TRAEFIK_CRDS.tmp" "$TRAEFIK_CRDS"
  log "traefik $TRAEFIK_VERSION CRDs copied to $TRAEFIK_CRDS"
fi
ISTIO_VIRTUALSERVICE_CRD="$TOOLS_CACHE/istio-api/$ISTIO_API_VERSION/virtualservices.networking.istio.io.yaml"
if [ -f "$ISTIO_VIRTUALSERVICE_CRD" ]; then
  log "istio VirtualService CRD $ISTIO_API_VERSION cached at $ISTIO_VIRTUALSERVICE_CRD"
else
  src=$(module_dir istio.io/api "$ISTIO_API_VERSION")
  mkdir -p "$(dirname "$ISTIO_VIRTUALSERVICE_CRD")"
  # The generated file is one YAML stream of CRDs separated by `---` lines.
  awk '
    /^---$/ { if (found) exit; doc = ""; next }
    { doc = doc $0 "\n" }
    $0 == "  name: virtualservices.networking.istio.io" { found = 1 }
    END { if (!found) exit 1; printf "%s", doc }
  ' "$src/kubernetes/customresourcedefinitions.gen.yaml" >"$ISTIO_VIRTUALSERVICE_CRD.tmp"
  mv "$ISTIO_VIRTUALSERVICE_CRD.tmp" "$ISTIO_VIRTUALSERVICE_CRD"
  log "istio VirtualService CRD $ISTIO_API_VERSION extracted to $ISTIO_VIRTUALSERVICE_CRD"
fi
