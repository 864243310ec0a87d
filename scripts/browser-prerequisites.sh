#!/bin/sh
# What the browser tests need: Chromium and CJK fonts (Chinese pages, screenshots).
# Installed with apt-get when running as root where apt-get exists; elsewhere, one line
# saying how. CREDITDESK_CHROMIUM names another Chromium binary (never installed here).
set -eu
chromium=${CREDITDESK_CHROMIUM:-/usr/bin/chromium}
have() { [ -x "$1" ] || command -v "$1" >/dev/null 2>&1; }
need=""
have "$chromium" || need="chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$need fonts-noto-cjk"
need=${need# }
[ -z "$need" ] && exit 0
if [ -z "${CREDITDESK_CHROMIUM:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1
then
  echo "make test: installing $need for the browser tests (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $need >/dev/null
  have "$chromium" && exit 0
fi
echo "make test: the browser tests need $need: install it ('sudo apt-get install -y $need'" \
  "on Debian/Ubuntu) or set CREDITDESK_CHROMIUM to a Chromium binary, then run 'make test' again" >&2
exit 1
