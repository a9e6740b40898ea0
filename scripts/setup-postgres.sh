#!/usr/bin/env bash
# Installs and starts a local PostgreSQL for the PostgreSQL storage tests, multi-node tests and benchmarks, without
# Docker. Idempotent and fast when the server already answers. Result: a server on localhost:5432 where
# `Host=localhost;Username=postgres;Password=postgres` works (the default of STEADFAST_TEST_POSTGRES).
#
#   scripts/setup-postgres.sh            install (apt-get) if missing, start, set the password, tune
#
# As root (CI, developer machines here): Debian's postgresql package and its cluster 'main' (pg_ctlcluster).
# Not root: initdb + pg_ctl into $TMPDIR/steadfast-pg with trust auth on localhost (needs the binaries installed).
# Set STEADFAST_TEST_POSTGRES=skip to skip the PostgreSQL tests instead (then this script does nothing).
set -uo pipefail

if [ "${STEADFAST_TEST_POSTGRES:-}" = "skip" ]; then
  echo "postgres: STEADFAST_TEST_POSTGRES=skip, not setting up"
  exit 0
fi

ready() {
  PGPASSWORD=postgres psql "host=localhost port=5432 user=postgres dbname=postgres connect_timeout=3" -tAc "SELECT 1" >/dev/null 2>&1
}

tune_args=(-c "ALTER SYSTEM SET max_connections = 400" -c "ALTER SYSTEM SET shared_buffers = '512MB'" -c "ALTER SYSTEM SET max_locks_per_transaction = 256")

if ready; then
  conns=$(PGPASSWORD=postgres psql "host=localhost user=postgres dbname=postgres" -tAc "SHOW max_connections" 2>/dev/null)
  if [ "${conns:-0}" -ge 400 ]; then
    echo "postgres: ready on localhost:5432"
    exit 0
  fi
fi

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

if [ "$(id -u)" = "0" ]; then
  if [ -z "$(bin_dir)" ]; then
    echo "postgres: installing (apt-get install postgresql)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1; apt-get install -y -q postgresql >/dev/null; }
  fi
  version=$(basename "$(dirname "$(bin_dir)")")
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do pg_isready -q -h /var/run/postgresql && break; sleep 0.5; done
  su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  su postgres -c "psql -q $(printf '%q ' "${tune_args[@]}")" >/dev/null
  pg_ctlcluster "$version" main restart
else
  bin=$(bin_dir)
  if [ -z "$bin" ]; then
    echo "postgres: not installed and not root: install the postgresql package or set STEADFAST_TEST_POSTGRES" >&2
    exit 1
  fi
  data="${TMPDIR:-/tmp}/steadfast-pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    "$bin/initdb" -D "$data" -U postgres -A trust >/dev/null
    cat >>"$data/postgresql.conf" <<EOF
listen_addresses = 'localhost'
port = 5432
unix_socket_directories = '$data'
max_connections = 400
shared_buffers = 512MB
max_locks_per_transaction = 256
EOF
  fi
  "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w status >/dev/null 2>&1 || "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w start >/dev/null
fi

for _ in $(seq 1 40); do
  if ready; then
    echo "postgres: ready on localhost:5432"
    exit 0
  fi
  sleep 0.5
done
echo "postgres: did not become ready on localhost:5432" >&2
exit 1
