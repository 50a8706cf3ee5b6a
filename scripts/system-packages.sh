#!/usr/bin/env bash
# Debian packages `make run` needs beyond Python and Node: Pango and HarfBuzz for WeasyPrint (the
# server's PDFs) and a font with accents. Installs only what is missing (root or sudo).
set -euo pipefail
missing=()
for pkg in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "== installing ${missing[*]} (apt-get)"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -q >/dev/null
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
