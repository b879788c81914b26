#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, in a directory of its own, on a free port of 127.0.0.1.
#
#   scripts/postgres.sh start DIR   installs Debian's postgresql if missing, creates a cluster in DIR, starts it,
#                                   and prints its URL (postgres://switchyard:PASSWORD@127.0.0.1:PORT/postgres),
#                                   also written to DIR/url
#   scripts/postgres.sh stop DIR    stops the server and removes DIR
#
# PostgreSQL refuses to run as root: under root the server runs as the `postgres` user (created by the Debian
# package), which then owns DIR. Password authentication (SCRAM) is required over TCP, as in production.
set -euo pipefail

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}

[ $# -eq 2 ] || usage
command="$1"
directory="$2"

# Runs a command as the unprivileged user that owns the cluster.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The directory of the newest installed server's binaries, such as /usr/lib/postgresql/15/bin; empty when none.
server_bin() {
    local newest
    newest="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
        echo "$newest"
    fi
}

install_server() {
    if [ -n "$(server_bin)" ]; then
        return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL is not installed and installing it needs root: apt-get install -y postgresql" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q postgresql >&2; then
        apt-get update -q >&2
        apt-get install -y -q postgresql >&2
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    install_server
    local bin port password
    bin="$(server_bin)"
    mkdir -p "$directory"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$directory"
    fi
    password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
    (umask 077 && printf '%s\n' "$password" >"$directory/password")
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$directory/password"
    fi
    as_owner "$bin/initdb" --pgdata="$directory/data" --username=switchyard --pwfile="$directory/password" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$directory/initdb.log"
    port="$(free_port)"
    as_owner "$bin/pg_ctl" --pgdata="$directory/data" --log="$directory/server.log" --wait --timeout=60 \
        --options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$directory' -c max_connections=200 -c fsync=off" \
        start >/dev/null
    local url="postgres://switchyard:$password@127.0.0.1:$port/postgres"
    printf '%s\n' "$url" >"$directory/url"
    echo "$url"
}

stop() {
    local bin
    bin="$(server_bin)"
    if [ -n "$bin" ] && [ -f "$directory/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" --pgdata="$directory/data" --mode=fast --wait stop >/dev/null
    fi
    rm -rf "$directory"
}

case "$command" in
start) start ;;
stop) stop ;;
*) usage ;;
esac
