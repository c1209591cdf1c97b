#!/usr/bin/env bash
# Tests the installers in build/dist (scripts/package.sh builds them): each
# .deb is unpacked into a throwaway root (dpkg -x, no container, no root) and
# its program run from there; the .rpm and the Windows installer are opened
# with 7z and their contents checked.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=build/dist
tmp=$(mktemp -d); trap 'kill "${srv:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "package-test: $*"; exit 1; }
one() { compgen -G "$1" | head -1; }

(cd "$DIST" && sha256sum --quiet -c SHA256SUMS) || fail "SHA256SUMS do not match"

deb=$(one "$DIST/bookbag_*_amd64.deb") || fail "no desktop .deb"
dpkg-deb -f "$deb" Depends | grep -q 'libwebkit2gtk-4.1-0' || fail "$deb does not depend on WebKitGTK 4.1"
dpkg-deb -f "$deb" Recommends | grep -q 'fonts-noto-color-emoji' || fail "$deb does not recommend an emoji font (workspace icons)"
dpkg -x "$deb" "$tmp/root"
for f in usr/bin/bookbag usr/share/applications/bookbag.desktop usr/share/bookbag/package-format usr/share/doc/bookbag/LICENSE-WordNet.txt \
         usr/share/icons/hicolor/{16x16,32x32,48x48,64x64,128x128,256x256,512x512}/apps/bookbag.png; do
  [ -s "$tmp/root/$f" ] || fail "$deb lacks /$f"
done
[ "$(identify -format %w "$tmp/root/usr/share/icons/hicolor/48x48/apps/bookbag.png")" = 48 ] || fail "48x48 icon is not 48 wide"
[ "$(cat "$tmp/root/usr/share/bookbag/package-format")" = deb ] || fail "the .deb's package-format marker is not deb"
grep -q '^Exec=bookbag' "$tmp/root/usr/share/applications/bookbag.desktop" || fail "desktop entry does not run bookbag"
out=$(BOOKBAG_DATA_DIR=$tmp/data xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  timeout 60 "$tmp/root/usr/bin/bookbag" --smoke 2>/dev/null) || true
echo "$out" | grep -q '^smoke ok' || fail "the installed binary's --smoke failed: $out"
echo "package-test: $deb installs and runs ($out)"

sdeb=$(one "$DIST/bookbag-server_*_amd64.deb") || fail "no server .deb"
dpkg -x "$sdeb" "$tmp/sroot"
unit=$tmp/sroot/usr/lib/systemd/system/bookbag-server.service
for k in 'User=bookbag' 'StateDirectory=bookbag-server' 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'ExecStart=/usr/bin/bookbag-server serve'; do
  grep -qx "$k" "$unit" || fail "the unit lacks $k"
done
if command -v systemd-analyze >/dev/null; then
  # The unit names /usr/bin/bookbag-server: check it against the unpacked copy.
  sed "s|/usr/bin/bookbag-server|$tmp/sroot/usr/bin/bookbag-server|" "$unit" > "$tmp/bookbag-server.service"
  systemd-analyze verify "$tmp/bookbag-server.service" 2>&1 | grep -v -e 'Failed to' -e 'not found' | grep . && fail "systemd-analyze found problems" || true
fi
dpkg-deb --ctrl-tarfile "$sdeb" | tar -xO ./preinst | grep -q 'useradd --system' || fail "the server package does not create its user"
port=$((20000 + RANDOM % 20000))
"$tmp/sroot/usr/bin/bookbag-server" serve --addr "127.0.0.1:$port" --data-dir "$tmp/sdata" --bcrypt-cost 10 >"$tmp/server.log" 2>&1 &
srv=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$tmp/server.log"; fail "the installed server did not answer /healthz"; }
echo "package-test: $sdeb installs and serves"

for rpm in "$DIST"/bookbag-*.x86_64.rpm "$DIST"/bookbag-server-*.x86_64.rpm; do
  [ -f "$rpm" ] || fail "missing rpm"
  [ "$(head -c4 "$rpm" | od -An -tx1 | tr -d ' ')" = edabeedb ] || fail "$rpm is not an RPM"
done
rpm=$(one "$DIST/bookbag-[0-9]*.x86_64.rpm")
7z x -so "$rpm" > "$tmp/payload.cpio" 2>/dev/null || true
7z l "$tmp/payload.cpio" 2>/dev/null | grep -q 'usr/bin/bookbag$' || fail "$rpm has no usr/bin/bookbag"
7z l "$tmp/payload.cpio" 2>/dev/null | grep -q 'usr/share/doc/bookbag/LICENSE-WordNet.txt$' || fail "$rpm has no WordNet licence"
echo "package-test: $rpm holds the app"

exe=$(one "$DIST/bookbag-*-windows-amd64-setup.exe") || fail "no Windows installer"
[ "$(head -c2 "$exe")" = MZ ] || fail "$exe is not a Windows executable"
grep -q 'Nullsoft' "$exe" || fail "$exe is not an NSIS installer"
list=$(7z l "$exe")
echo "$list" | grep -q 'Type = Nsis' || fail "7z does not read $exe as NSIS"
echo "$list" | grep -qi 'bookbag.exe' || fail "$exe does not contain bookbag.exe"
echo "package-test: $exe is an NSIS installer holding bookbag.exe ($(stat -c %s "$exe") bytes)"
