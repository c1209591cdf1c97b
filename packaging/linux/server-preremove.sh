#!/bin/sh
# Stop the service before its binary goes; its data in /var/lib/bookbag-server stays.
set -e
if [ -d /run/systemd/system ]; then
  systemctl stop bookbag-server.service >/dev/null 2>&1 || true
  systemctl disable bookbag-server.service >/dev/null 2>&1 || true
fi
