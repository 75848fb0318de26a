#!/usr/bin/env bash
# Install Debian packages kanmin's tests need: chromium (browser tests), postgresql (PostgreSQL run).
# Usage: scripts/install-system-deps.sh chromium [postgresql]
set -euo pipefail
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
pkgs=()
for p in "$@"; do
  case "$p" in
    chromium) command -v chromium >/dev/null 2>&1 || pkgs+=(chromium) ;;
    postgresql) [ -x /usr/lib/postgresql/*/bin/postgres ] 2>/dev/null || pkgs+=(postgresql postgresql-contrib) ;;
  esac
done
if [ ${#pkgs[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi
