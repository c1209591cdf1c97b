#!/usr/bin/env bash
# Builds the installers into build/dist: bookbag and bookbag-server as .deb and
# .rpm (nFPM), the Windows NSIS installer (wails, cross-built), and SHA256SUMS.
# VERSION (default: git describe) names them; it must start with a digit for
# the package managers, so anything but a version tag becomes 0.0.0~<describe>.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"
v=${VERSION:-$(git describe --tags --always 2>/dev/null || echo dev)}
v=${v#v}
case "$v" in [0-9]*.[0-9]*) ;; *) v="0.0.0~${v//-/.}" ;; esac
export VERSION=$v
DIST=build/dist
rm -rf "$DIST"; mkdir -p "$DIST/icons"

echo "package: desktop binary"
make --no-print-directory build VERSION="$VERSION"
echo "package: office server binary"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$VERSION" -o "$DIST/bookbag-server" ./cmd/bookbag-server
for s in 16 32 48 64 128 256 512; do
  mkdir -p "$DIST/icons/$s"
  convert build/appicon.png -resize "${s}x${s}" "$DIST/icons/$s/bookbag.png"
done

for pkg in deb rpm; do
  nfpm package --config packaging/linux/nfpm-desktop.yaml --packager "$pkg" --target "$DIST/"
  nfpm package --config packaging/linux/nfpm-server.yaml --packager "$pkg" --target "$DIST/"
done

echo "package: Windows installer"
# wails renders its NSIS helper in place and writes the WebView2 bootstrapper
# beside it; both are put back so the tree stays as it was.
nsh=build/windows/installer/wails_tools.nsh
orig=$(mktemp); cp "$nsh" "$orig"
restore() { cp "$orig" "$nsh"; rm -f "$orig" BookBag-res.syso; rm -rf build/windows/installer/tmp; }
trap restore EXIT
# The frontend is already built for this version; wails cross-builds with Go alone.
wails build -platform windows/amd64 -nsis -s -ldflags "-X main.version=$VERSION" -o bookbag.exe >"$DIST/wails-windows.log" 2>&1 ||
  { tail -30 "$DIST/wails-windows.log"; exit 1; }
cp build/bin/*-amd64-installer.exe "$DIST/bookbag-$VERSION-windows-amd64-setup.exe"

rm -rf "$DIST/icons" "$DIST/bookbag-server" "$DIST/wails-windows.log"
(cd "$DIST" && sha256sum -- * > SHA256SUMS)
ls -l "$DIST"
