#!/usr/bin/env bash
# Install what the real-browser tests need: Debian's chromium and the Noto CJK fonts (without
# them Chinese renders as boxes), and LibreOffice Calc without its GUI (soffice --headless opens
# every Excel download in tests/test_downloads.py), and HAProxy (tests/test_replicas.py puts two
# dashboard processes behind it, as `make serve REPLICAS=2` does). Installs with apt-get when missing and running
# as root. Otherwise, or when apt-get fails, it prints what to install and:
#   - in CI (CI=true, which .ci/run sets), exits 1, so the run fails instead of skipping those
#     tests while staying green;
#   - elsewhere, exits 0, and those tests skip with the same message.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
{ command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; } || missing+=(haproxy)
if [ ${#missing[@]} -eq 0 ]; then
  echo "browser deps: chromium, fonts-noto-cjk, libreoffice-calc-nogui and haproxy present"
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser deps: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  problem="apt-get failed"
else
  problem="not root or no apt-get"
fi
if [ "${CI:-}" = "true" ]; then
  echo "browser deps: $problem; CI=true, so this fails the run (install: ${missing[*]})" >&2
  exit 1
fi
echo "browser deps: $problem; browser tests will skip (install: ${missing[*]})" >&2
exit 0
