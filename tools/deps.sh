#!/bin/sh
# deps.sh: installs the Debian packages Majlis needs, when they are missing.
#   tools/deps.sh build   - to compile majlis
#   tools/deps.sh check   - also what `make check` uses (sanitizers, fuzzing,
#                           schema validation, headless Chromium, Node.js)
#   tools/deps.sh bench   - also the peers `make bench` measures against
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -eu
what=${1:-build}
pkgs="gcc make pkg-config gettext libsqlite3-dev libmicrohttpd-dev libjansson-dev libutf8proc-dev
libxml2-dev libargon2-dev liboath-dev libsodium-dev libqrencode-dev libcurl4-openssl-dev sqlite3
libpango1.0-dev libcairo2-dev fonts-hosny-amiri libxlsxwriter-dev"
case "$what" in
  build) ;;
  check) pkgs="$pkgs clang libclang-rt-14-dev libxml2-utils curl openssl chromium python3-aiosmtpd poppler-utils" ;;
  bench) pkgs="$pkgs clang libclang-rt-14-dev libxml2-utils curl wrk nginx-light time xz-utils" ;;
  *) echo "usage: tools/deps.sh build|check|bench" >&2; exit 2 ;;
esac
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Node.js (for the browser test) may come from Debian or elsewhere; only ask
# Debian for it when no node and npm are on the PATH.
if [ "$what" = check ]; then
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "majlis needs these Debian packages:$missing" >&2
  echo "install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
