#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and benchmarks, from Debian's postgresql-15 (or any
# PostgreSQL whose initdb/postgres are found), listening on a unix socket only (no TCP at all).
#
#   scripts/postgres.sh available    -> exit 0 if the server binaries are found (prints their dir)
#   scripts/postgres.sh start DIR    -> initdb into DIR/pgdata, start it, create database "ferretdb",
#                                       print "PID URL" (URL is a pgx URL for FerretDB)
#   scripts/postgres.sh stop DIR     -> stop the cluster started in DIR (fast shutdown, then kill)
#
# As root the cluster runs as the unprivileged system user `postgres` (or `nobody`): PostgreSQL
# refuses to run as root. Durability is off (fsync, synchronous_commit, full_page_writes): the
# data is thrown away afterwards, and a test run does not need to survive a power cut.
set -euo pipefail

find_bin() {
  if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ]; then echo "$PG_BIN"; return 0; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/postgres" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null && command -v postgres >/dev/null; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

run_as=()
pick_user() {
  if [ "$(id -u)" -ne 0 ]; then run_as=(); owner=$(id -un); return; fi
  local u
  for u in postgres nobody; do
    if id "$u" >/dev/null 2>&1; then
      owner=$u
      # setpriv execs (the PID we record is the postmaster's); runuser forks and waits.
      if command -v setpriv >/dev/null; then
        run_as=(setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups --reset-env --)
      else
        run_as=(runuser -u "$u" --)
      fi
      return
    fi
  done
  echo "postgres.sh: running as root and no 'postgres' or 'nobody' user to run PostgreSQL as" >&2
  exit 5
}

start() {
  local dir="$1" bin pid
  bin=$(find_bin) || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql-15)" >&2; exit 3; }
  pick_user
  mkdir -p "$dir"
  chmod 755 "$dir"
  # Every directory above DIR must be searchable by the cluster's user (mktemp -d makes 0700 ones).
  if [ "${#run_as[@]}" -gt 0 ] && ! "${run_as[@]}" test -x "$dir"; then
    echo "postgres.sh: user $owner cannot reach $dir; make its parent directories searchable (chmod 711)" >&2
    exit 4
  fi
  mkdir -p "$dir/pgdata" "$dir/sock"
  [ "${#run_as[@]}" -eq 0 ] || chown "$owner" "$dir/pgdata" "$dir/sock"
  chmod 700 "$dir/pgdata"
  "${run_as[@]}" "$bin/initdb" -D "$dir/pgdata" -U ferret -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 4; }
  "${run_as[@]}" "$bin/postgres" -D "$dir/pgdata" \
    -c listen_addresses='' -c unix_socket_directories="$dir/sock" -c unix_socket_permissions=0777 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=200 -c shared_buffers=128MB -c log_min_messages=warning \
    >"$dir/postgres.log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/postgres.pid"
  for _ in $(seq 1 150); do
    if "$bin/pg_isready" -q -h "$dir/sock" -U ferret -d postgres 2>/dev/null; then
      "$bin/psql" -q -h "$dir/sock" -U ferret -d postgres -c 'CREATE DATABASE ferretdb' >/dev/null \
        || { stop "$dir"; exit 4; }
      echo "$pid postgres://ferret@/ferretdb?host=$dir/sock"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/postgres.log" >&2; exit 4; }
    sleep 0.1
  done
  echo "postgres.sh: PostgreSQL did not accept connections in 15 s" >&2
  stop "$dir"
  exit 4
}

stop() {
  local dir="$1" pid
  [ -f "$dir/postgres.pid" ] || return 0
  pid=$(cat "$dir/postgres.pid")
  # The postmaster's own PID (the recorded one may be a runuser wrapper).
  if [ -f "$dir/pgdata/postmaster.pid" ]; then pid=$(head -n 1 "$dir/pgdata/postmaster.pid"); fi
  # SIGINT = fast shutdown (ends sessions, no checkpoint wait beyond the shutdown one).
  kill -INT "$pid" 2>/dev/null || { rm -f "$dir/postgres.pid"; return 0; }
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$dir/postgres.pid"; return 0; }
    sleep 0.1
  done
  kill -QUIT "$pid" 2>/dev/null || true
  rm -f "$dir/postgres.pid"
}

case "${1:-}" in
  available) find_bin ;;
  start) start "${2:?usage: postgres.sh start DIR}" ;;
  stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
  *) echo "usage: postgres.sh available | start DIR | stop DIR" >&2; exit 2 ;;
esac
