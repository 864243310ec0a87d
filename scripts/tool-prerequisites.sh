#!/bin/sh
# What `make bench` and `make cluster` need besides Python: wrk and nginx. Installed with
# apt-get when running as root where apt-get exists; elsewhere, one line saying how.
set -eu
need=""
for tool in "$@"; do
  command -v "$tool" >/dev/null 2>&1 || need="$need $tool"
done
need=${need# }
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "make: installing $need (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $need >/dev/null
  exit 0
fi
echo "make: this needs $need: install it ('sudo apt-get install -y $need' on Debian/Ubuntu)" >&2
exit 1
