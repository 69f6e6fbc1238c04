#!/usr/bin/env bash
# Install what `make serve REPLICAS=N` needs: Debian's haproxy (the reverse proxy in front of the
# dashboard processes, deploy/haproxy.cfg). Installs with apt-get when missing and running as root;
# otherwise prints what to install (make serve then stops with the same message).
set -u
if command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "proxy: installing haproxy with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends haproxy >/dev/null && exit 0
  echo "proxy: apt-get failed; install the Debian package haproxy" >&2
else
  echo "proxy: not root or no apt-get; install the Debian package haproxy (apt-get install haproxy)" >&2
fi
exit 0
