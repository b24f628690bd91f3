#!/usr/bin/env bash
# Registers Debian's qemu-user-static for arm64 with the kernel's binfmt_misc, so `RUN` steps of a
# linux/arm64 build run here under emulation (what docker/setup-qemu-action does on a GitHub
# runner). The F flag of Debian's registration opens the interpreter now, so it also works inside
# a build container's own root. Idempotent; needs root (sudo when not root).
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
binfmt=/proc/sys/fs/binfmt_misc
log() { printf '[binfmt] %s\n' "$*" >&2; }

if [ ! -e "$binfmt/register" ]; then
  log "mounting binfmt_misc at $binfmt"
  $sudo mount -t binfmt_misc binfmt_misc "$binfmt"
fi
arch=aarch64
conf=/usr/lib/binfmt.d/qemu-$arch.conf
if [ ! -f "$conf" ]; then
  echo "[binfmt] $conf is missing: install Debian's qemu-user-static" >&2
  exit 1
fi
if [ -e "$binfmt/qemu-$arch" ]; then
  log "qemu-$arch already registered"
  exit 0
fi
# One line: ':name:type:offset:magic:mask:interpreter:flags'.
grep -v '^#' "$conf" | head -n 1 | $sudo tee "$binfmt/register" >/dev/null
log "registered qemu-$arch ($(sed -n 's/^interpreter //p' "$binfmt/qemu-$arch"))"
