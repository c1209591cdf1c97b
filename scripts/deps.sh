#!/usr/bin/env bash
# Installs what building and testing BookBag needs and is missing: Debian
# packages (apt-get, via sudo when not root), the pinned Wails CLI, and the
# frontend's npm packages (npm ci). Safe to run again: it only adds what lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
WAILS_VERSION=v2.14.0
NFPM_VERSION=v2.48.0
PKGS=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth imagemagick xdotool
      dbus-x11 gnome-keyring chromium nsis curl postgresql openbox p7zip-full)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v go >/dev/null || { echo "deps: Go 1.26 is required (https://go.dev/dl/)"; exit 1; }
command -v npm >/dev/null || { echo "deps: Node.js 20+ and npm are required"; exit 1; }
GOBIN=$(go env GOPATH)/bin
if ! "$GOBIN/wails" version 2>/dev/null | grep -q "$WAILS_VERSION"; then
  echo "deps: installing the Wails CLI $WAILS_VERSION"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
fi

if ! go version -m "$GOBIN/nfpm" 2>/dev/null | grep -Eq "^\s+mod\s+github.com/goreleaser/nfpm/v2\s+$NFPM_VERSION"; then
  echo "deps: installing nFPM $NFPM_VERSION (the .deb and .rpm packager)"
  go install "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION"
fi

# npm ci only when the lock changed since the last install.
stamp=frontend/node_modules/.bookbag-lock
if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
  (cd frontend && npm ci --no-audit --no-fund)
  cp frontend/package-lock.json "$stamp"
fi
