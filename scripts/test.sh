#!/usr/bin/env bash
# Runs the whole test suite against the local PostgreSQL (127.0.0.1:5432).
# Each run creates its own throwaway databases, migrates them with Alembic and drops them.
# Extra arguments go to pytest, e.g. `scripts/test.sh tests/catalog -x`.
source "$(dirname "$0")/_bootstrap.sh"

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "==> starting the local PostgreSQL cluster"
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
fi

# The gateways of a run keep their rate-limit counters in Redis, as deployed
# (LPX_TEST_REDIS, by default the local server on 127.0.0.1:6379, database 0).
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null; }
if [ -z "${LPX_TEST_REDIS:-}" ] && ! redis_up; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "==> installing Redis for the rate-limit tests"
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null
    else
      sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server' >/dev/null
    fi
  fi
  echo "==> starting a local Redis (nothing kept on disk)"
  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 30); do redis_up && break; sleep 0.2; done
  redis_up || { echo "Redis is not reachable on 127.0.0.1:6379" >&2; exit 1; }
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing headless Chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium' >/dev/null
  fi
fi

# Japanese glyphs for the browser tests and screenshots (a page must render as a person
# in Japan sees it), and axe-core, which the accessibility test injects into Chromium.
# (grep reads the whole list: with -q it would stop early, and pipefail would then see
# fc-list die of SIGPIPE and install the font again on every run)
if ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
  echo "==> installing a CJK font for the browser tests"
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk) >/dev/null
  else
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk' >/dev/null
  fi
fi
# PgBouncer 1.21 or later for the pooler test (tests/deploy/test_pgbouncer.py): the first
# release that keeps protocol-level prepared statements (asyncpg's) in transaction mode.
# Debian's package where it is that new; Debian 12 has 1.18, so there it is built once
# into var/pgbouncer from Debian 13's source package, from the mirror apt already uses.
pgbouncer_ok() {
  local version
  version=$("$1" --version 2>/dev/null | awk 'NR == 1 {print $2}')
  [ -n "$version" ] && [ "$(printf '%s\n1.21\n' "$version" | sort -V | head -n 1)" = 1.21 ]
}
as_root() { if [ "$(id -u)" = 0 ]; then sh -c "$1"; else sudo sh -c "$1"; fi; }
build_pgbouncer() {
  local work mirror apt_opts
  work=$(mktemp -d)
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -E '^(URIs:|deb )' |
    grep -oE 'https?://[^ ]+/debian/?( |$)' | tr -d ' ' | head -n 1 || true)
  [ -n "$mirror" ] || { echo "no Debian mirror among apt's sources" >&2; return 1; }
  mkdir -p "$work/lists/partial"
  printf 'deb-src %s trixie main\n' "$mirror" >"$work/sources.list"
  apt_opts="-o Dir::Etc::SourceList=$work/sources.list -o Dir::Etc::SourceParts=/dev/null"
  apt_opts="$apt_opts -o Dir::State::Lists=$work/lists -o APT::Sandbox::User=root"
  as_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    build-essential pkg-config dpkg-dev libevent-dev libssl-dev libc-ares-dev" >/dev/null
  # shellcheck disable=SC2086  # apt_opts is a list of options
  (cd "$work" && apt-get $apt_opts update -qq && apt-get $apt_opts source -qq pgbouncer) >/dev/null
  (cd "$work"/pgbouncer-*/ && ./configure -q --without-systemd && make -s -j 2) >/dev/null
  mkdir -p var/pgbouncer
  cp "$work"/pgbouncer-*/pgbouncer var/pgbouncer/pgbouncer
  rm -rf "$work"
}
if [ -z "${LPX_TEST_PGBOUNCER:-}" ]; then
  if command -v pgbouncer >/dev/null 2>&1 && pgbouncer_ok pgbouncer; then
    LPX_TEST_PGBOUNCER=$(command -v pgbouncer)
  else
    if ! pgbouncer_ok var/pgbouncer/pgbouncer; then
      candidate=$(apt-cache policy pgbouncer 2>/dev/null | awk '/Candidate:/ {print $2}')
      if [ -n "$candidate" ] && [ "$(printf '%s\n1.21\n' "$candidate" | sort -V | head -n 1)" = 1.21 ]; then
        echo "==> installing PgBouncer for the pooler test"
        as_root "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer" >/dev/null
      else
        echo "==> building PgBouncer (1.21 or later) for the pooler test"
        build_pgbouncer
      fi
    fi
    if command -v pgbouncer >/dev/null 2>&1 && pgbouncer_ok pgbouncer; then
      LPX_TEST_PGBOUNCER=$(command -v pgbouncer)
    else
      LPX_TEST_PGBOUNCER="$PWD/var/pgbouncer/pgbouncer"
    fi
  fi
  export LPX_TEST_PGBOUNCER
fi

AXE_VERSION=4.14.1
if [ ! -f "var/axe/node_modules/axe-core/axe.min.js" ] && command -v npm >/dev/null 2>&1; then
  echo "==> installing axe-core $AXE_VERSION for the accessibility test"
  npm install --silent --no-audit --no-fund --prefix var/axe "axe-core@$AXE_VERSION" >/dev/null
fi

echo "==> running the tests"
# The whole suite (no test paths given): two workers, each with its own platform of
# services, a test file at a time (a file's module fixtures stay on one worker). Most
# of a test's time is spent waiting on services, so two workers finish well before one
# even on two cores. Named tests run on one worker; `-n 0` forces one worker.
whole_suite=true
for arg in "$@"; do
  if [ -e "${arg%%::*}" ] || [ "$arg" = "-n" ] || [[ "$arg" == -n[0-9]* ]]; then
    whole_suite=false
  fi
done
if $whole_suite; then
  set -- -n 2 --dist loadfile "$@"
fi
exec uv run pytest "$@"
