#!/bin/sh
# The service's own user, created once; the data dir is systemd's StateDirectory.
set -e
if ! getent group bookbag >/dev/null; then
  groupadd --system bookbag
fi
if ! getent passwd bookbag >/dev/null; then
  useradd --system --gid bookbag --home-dir /var/lib/bookbag-server --no-create-home \
    --shell /usr/sbin/nologin --comment "BookBag office server" bookbag
fi
