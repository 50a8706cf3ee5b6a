#!/usr/bin/env bash
# `make test`: install what the tests need, start a throwaway PostgreSQL, run lint, pytest on
# SQLite and PostgreSQL, Vitest and the Playwright end-to-end tests; stop what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
PG_BIN=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PG_BIN="$dir"; done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1; then PG_BIN=$(dirname "$(command -v initdb)"); fi
[ -n "$PG_BIN" ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} (apt-get)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
  else
    sudo apt-get update -q >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
  fi
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && PG_BIN="$dir"; done
fi

bash scripts/system-packages.sh  # WeasyPrint's Pango, HarfBuzz and a font

echo "== python packages"
make -s install
VENV="$ROOT/.venv"
echo "== field app (npm)"
if [ -f pwa/package.json ]; then make -s pwa; fi

TMP=$(mktemp -d /tmp/palier-test.XXXXXX)
chmod 755 "$TMP"
export XDG_CONFIG_HOME="$TMP/xdg-config" XDG_CACHE_HOME="$TMP/xdg-cache"
export PLAYWRIGHT_BROWSERS_PATH="$TMP/pw-browsers"
PGRUN="$TMP/pgrun"
PGDATA="$PGRUN/data"
cleanup() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "== starting a throwaway PostgreSQL"
PG_PORT=$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$PGRUN" && chown postgres "$PGRUN"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PGDATA" -U postgres -A trust >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PGRUN/pg.log" -w \
  -o "-p $PG_PORT -k $PGRUN -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
runuser -u postgres -- "$PG_BIN/psql" -h "$PGRUN" -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE palier_test" >/dev/null
PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/palier_test"

status=0
echo "== lint (ruff)"
"$VENV/bin/ruff" check . || status=1
"$VENV/bin/ruff" format --check . || status=1

echo "== pytest on SQLite"
"$VENV/bin/python" -m pytest tests -p no:cacheprovider || status=1

echo "== pytest on PostgreSQL"
PALIER_TEST_DATABASE_URL="$PG_URL" "$VENV/bin/python" -m pytest tests -p no:cacheprovider || status=1

if [ -f pwa/package.json ]; then
  echo "== vitest"
  (cd pwa && npm test --silent) || status=1
fi

if [ -d e2e ] && ls e2e/test_*.py >/dev/null 2>&1; then
  echo "== end-to-end (Playwright + Chromium)"
  "$VENV/bin/python" -m pytest e2e -p no:cacheprovider || status=1
fi

exit $status
