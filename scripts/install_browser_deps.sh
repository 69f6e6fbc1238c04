#!/usr/bin/env bash
# Install what the real-browser tests need: Debian's chromium and the Noto CJK fonts (without
# them Chinese renders as boxes), and LibreOffice Calc without its GUI (soffice --headless opens
# every Excel download in tests/test_downloads.py). Installs with apt-get when missing and
# running as root; otherwise prints what to install, and those tests skip with the same message.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -eq 0 ]; then
  echo "browser deps: chromium, fonts-noto-cjk and libreoffice-calc-nogui present"
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "browser deps: installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    && exit 0
  echo "browser deps: apt-get failed; browser tests will skip (install: ${missing[*]})" >&2
else
  echo "browser deps: not root or no apt-get; browser tests will skip (install: ${missing[*]})" >&2
fi
exit 0
