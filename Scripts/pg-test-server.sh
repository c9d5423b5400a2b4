#!/bin/sh
# A throw-away PostgreSQL server for manual runs and benchmarks (the Swift tests start their own through
# TemporaryPostgresServer in VernierTestSupport).
#
#   Scripts/pg-test-server.sh start [DIR] [PORT]   initdb in DIR (default /tmp/vernier-pg), start on 127.0.0.1:PORT
#                                                  (default 55432), create database "vernier", print its URL
#   Scripts/pg-test-server.sh stop  [DIR]          stop the server and remove DIR
#
# Example:  VERNIER_BENCH_POSTGRES_URL=$(Scripts/pg-test-server.sh start) vernier bench storage
# Durability settings are PostgreSQL's defaults (fsync on), so timings are honest. As root, the server runs as
# the "postgres" user (PostgreSQL refuses to run as root).
set -eu
command=${1:-}
dir=${2:-/tmp/vernier-pg}
port=${3:-55432}
bindir=$(pg_config --bindir 2>/dev/null || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [ ! -x "$bindir/initdb" ]; then
    echo "PostgreSQL server binaries not found; install the 'postgresql' package (make deps)" >&2
    exit 1
fi
as_server() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$command" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_server "$bindir/initdb" -D "$dir/data" -U vernier --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U vernier -d postgres -c "CREATE DATABASE vernier"
    echo "postgres://vernier@127.0.0.1:$port/vernier"
    ;;
stop)
    as_server "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start [DIR] [PORT] | stop [DIR]" >&2
    exit 2
    ;;
esac
