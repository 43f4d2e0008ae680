#!/usr/bin/env bash
# Stops the board's PostgreSQL server for OUTAGE seconds while wrk loads the posts page at a paced PAGE_RATE
# and a signed-in writer posts WRITE_RATE times a second, then starts it again. It reports how fast writes
# are rejected once the database is gone, how the posts page responds during the outage, how long after the
# restart the first write succeeds, and whether any write acknowledged with 303 is missing from the database.
# The PostgreSQL server is a throwaway cluster in a temporary directory on a free loopback port.
# Must run as root: initdb and pg_ctl run as the postgres user, which owns the cluster.
# Usage: bench/db-outage.sh   (PAGE_RATE, PAGE_CONNECTIONS, WRITE_RATE, WARMUP, BEFORE, OUTAGE, AFTER,
#                              FAST_MS in env; LOG_DIR keeps the run's logs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export BENCH_DIR=$here
page_rate=${PAGE_RATE:-500}
page_connections=${PAGE_CONNECTIONS:-10}
write_rate=${WRITE_RATE:-10}
warmup=${WARMUP:-20}
before=${BEFORE:-20}
outage=${OUTAGE:-20}
after=${AFTER:-20}
fast_ms=${FAST_MS:-100}
pg_bin=/usr/local/bin
jar=$root/rampart-board/target/rampart-board.jar

[ "$(id -u)" = 0 ] || { echo "run as root: the script runs PostgreSQL as the postgres user" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }
[ -x "$pg_bin/pg_ctl" ] || { echo "$pg_bin/pg_ctl is missing" >&2; exit 1; }

work=$(mktemp -d)
# The cluster lives in its own directory because the postgres user must own it and its parent.
pg_root=$(mktemp -d)
chown postgres: "$pg_root"
pgdata=$pg_root/data
board_pid=""
wrk_pid=""
writer_pid=""

as_postgres() {
  runuser -u postgres -- "$@"
}

# Stops what this script started, each by its process id. The postmaster's id is in postmaster.pid while
# it runs; SIGQUIT is PostgreSQL's immediate shutdown.
cleanup() {
  local pid
  for pid in "$writer_pid" "$wrk_pid" "$board_pid"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  if [ -f "$pgdata/postmaster.pid" ]; then
    pid=$(head -n 1 "$pgdata/postmaster.pid")
    kill -QUIT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ -n "${LOG_DIR:-}" ]; then
    mkdir -p "$LOG_DIR"
    cp -r "$work/." "$LOG_DIR/"
    cp "$pg_root/server.log" "$LOG_DIR/postgresql.log" 2>/dev/null || true
  fi
  rm -rf "$work" "$pg_root"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

now_us() {
  echo $(( $(date +%s%N) / 1000 ))
}

record() { # event name
  echo "$1 $(now_us)" >>"$work/events"
}

# Waits up to SECONDS for a command to succeed.
wait_until() { # seconds description command...
  local deadline=$(( SECONDS + $1 )) description=$2
  shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for $description" >&2; exit 1; }
    sleep 0.2
  done
}

[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B package -DskipTests)
# Other work on the machine shows in the latencies, so the load average is reported with the results.
load_at_start=$(cut -d ' ' -f 1-3 /proc/loadavg)

pg_port=$(free_port)
as_postgres "$pg_bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --no-sync >"$work/initdb.log"
# Only a TCP socket on loopback and a Unix socket in the cluster's own directory, so nothing is shared with
# another server on this machine.
cat >>"$pgdata/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_root'
EOF
as_postgres "$pg_bin/pg_ctl" start -D "$pgdata" -l "$pg_root/server.log" -w -t 60 >/dev/null

board_port=$(free_port)
base=http://127.0.0.1:$board_port
# wrk and the writer share one client address, so the general rate-limit policy and the cap on requests in
# progress per client are raised out of their reach, as in bench/throughput.sh.
"$JAVA_HOME/bin/java" -jar "$jar" --server.port="$board_port" --management.server.port=-1 \
  --rampart.database.url="jdbc:postgresql://127.0.0.1:$pg_port/postgres?user=postgres" \
  --rampart.rate-limit.policies.general.capacity=1000000000 \
  --rampart.rate-limit.max-concurrent-per-client=100000 >"$work/board.log" 2>&1 &
board_pid=$!
board_up() {
  if ! kill -0 "$board_pid" 2>/dev/null; then
    echo "the board stopped; the end of its log:" >&2
    tail -n 40 "$work/board.log" >&2
    exit 1
  fi
  curl -sf -o /dev/null --max-time 5 "$base/"
}
wait_until 120 "the board to start" board_up
"$here/seed.sh" "$base" 200

# The JIT needs a while before latencies settle; the writer's path warms up in the measured run's first phase.
RATE=$page_rate CONNECTIONS=$page_connections wrk -t"$page_connections" -c"$page_connections" -d"${warmup}s" \
  -s "$here/paced.lua" "$base/" >/dev/null

total=$(( before + outage + after ))
title_prefix="outage write $(date +%s)"
python3 "$here/outage-writer.py" "$base" --rate "$write_rate" --seconds "$total" --title-prefix "$title_prefix" \
  --ready-file "$work/writer-ready" >"$work/writes.tsv" 2>"$work/writer.err" &
writer_pid=$!
writer_ready() {
  kill -0 "$writer_pid" 2>/dev/null || { echo "the writer stopped:" >&2; cat "$work/writer.err" >&2; exit 1; }
  [ -f "$work/writer-ready" ]
}
wait_until 30 "the writer to sign in" writer_ready

record load_start
# --timeout only sets when wrk counts a request as timed out; a slow response is still logged when it comes.
LATENCY_LOG=$work/page RATE=$page_rate CONNECTIONS=$page_connections wrk -t"$page_connections" \
  -c"$page_connections" -d"${total}s" --timeout 30s -s "$here/latency-log.lua" "$base/" >"$work/wrk.txt" &
wrk_pid=$!

sleep "$before"
record fault
as_postgres "$pg_bin/pg_ctl" stop -D "$pgdata" -m fast -w -t 30 >/dev/null
record stopped
fault_us=$(awk '$1 == "fault" {print $2}' "$work/events")
sleep "$(python3 -c "import time; print(max(0, $fault_us / 1e6 + $outage - time.time()))")"
record restart
as_postgres "$pg_bin/pg_ctl" start -D "$pgdata" -l "$pg_root/server.log" -w -t 60 >/dev/null
record ready

# wrk ends itself after its duration; the writer's last write is bounded by its 30-second request timeout.
wait "$wrk_pid"
wrk_pid=""
wait "$writer_pid"
writer_pid=""
grep '^PAGE_ERRORS' "$work/wrk.txt"

# The board is stopped first, so that no write is still in progress when the database is read.
kill "$board_pid"
wait "$board_pid" 2>/dev/null || true
board_pid=""
# psql substitutes :'prefix' as a quoted literal only in commands it reads from its input, not from -c.
PGCONNECT_TIMEOUT=5 timeout 30 psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -At -v ON_ERROR_STOP=1 \
  -v prefix="$title_prefix %" >"$work/stored.txt" <<'SQL'
select id, title from posts where title like :'prefix';
SQL

python3 "$here/outage-report.py" --page-log "$work/page" --writes "$work/writes.tsv" --events "$work/events" \
  --stored "$work/stored.txt" --board-log "$work/board.log" --fast-ms "$fast_ms"
echo "machine $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)," \
  "load average at the start $load_at_start, at the end $(cut -d ' ' -f 1-3 /proc/loadavg)"
