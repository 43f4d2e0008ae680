#!/usr/bin/env bash
# Measures Rampart's posts page and search page against the Flask baseline in the same run.
# It reports requests per second and p99 latency at full load, p99 at half of Rampart's maximum rate,
# the time from `java -jar` to the first successful response, and Rampart's resident memory under load.
# Both apps hold the same 200 posts. Usage: bench/throughput.sh  (WARMUP, DURATION, CONNECTIONS in env)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export BENCH_DIR=$here
warmup=${WARMUP:-60}
duration=${DURATION:-30}
connections=${CONNECTIONS:-32}
baseline=${BASELINE:-$root/../shared/baselines/seed-flask}
rampart_port=18080
flask_port=15055
jar=$root/rampart-board/target/rampart-board.jar
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B package -DskipTests)

wait_for() {
  until curl -sf -o /dev/null "$1"; do sleep 0.02; done
}

# The jar is extracted so that the JVM's ahead-of-time cache (JDK 25) can map its classes. A training run
# that stops once the context has refreshed records which classes start-up loads.
"$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
(cd "$work/app" && "$JAVA_HOME/bin/java" -XX:AOTCacheOutput=rampart.aot -Dspring.context.exit=onRefresh \
  -jar rampart-board.jar --management.server.port=-1 --rampart.database.url="jdbc:sqlite:$work/training.db" >"$work/training.log" 2>&1)

# wrk loads the board from one client at thousands of requests a second, far past the per-client limit, so
# the general policy's capacity is raised out of reach. The filter still runs and takes a token from a bucket
# on every request. wrk's connections all come from one address, so the cap on requests in progress per
# client is raised too. The baseline's own limiter is raised the same way (its run.sh sets RATE_LIMIT=100000000),
# so both apps are measured without their 429 pages.
# The management port (health and metrics, 8081 by default) is switched off, as in the other bench scripts,
# so that a run never collides with a board already listening there.
start_rampart() { # extra JVM options...
  (cd "$work/app" && exec "$JAVA_HOME/bin/java" "$@" -jar rampart-board.jar --server.port=$rampart_port --management.server.port=-1 \
    --rampart.database.url="jdbc:sqlite:$work/board.db" --rampart.rate-limit.policies.general.capacity=1000000000 \
    --rampart.rate-limit.max-concurrent-per-client=100000 \
    >>"$work/rampart.log" 2>&1) &
  rampart_pid=$!
  pids+=("$rampart_pid")
}

time_first_response() { # extra JVM options...; sets startup_ms
  local started
  started=$(date +%s%N)
  start_rampart "$@"
  wait_for "http://127.0.0.1:$rampart_port/"
  startup_ms=$(( ($(date +%s%N) - started) / 1000000 ))
}

stop_rampart() {
  kill "$rampart_pid"
  wait "$rampart_pid" 2>/dev/null || true
}

# Time to first response: once without the cache, then three times with it. The first start migrates the
# database, and later ones find it migrated, as a restart would.
time_first_response
echo "startup_ms_without_cache $startup_ms"
stop_rampart
with_cache=()
for attempt in 1 2 3; do
  time_first_response -XX:AOTCache=rampart.aot
  with_cache+=("$startup_ms")
  [ "$attempt" -lt 3 ] && stop_rampart
done
echo "startup_ms_with_cache ${with_cache[*]}"

"$here/seed.sh" "http://127.0.0.1:$rampart_port" 200

"$baseline/run.sh" "$flask_port" 2 >"$work/flask.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$flask_port/"

run_wrk() { # url seconds [extra wrk args...]
  local url=$1 seconds=$2
  shift 2
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/report.lua" "$@" "$url" | grep '^RESULT'
}

peak_rss_kb=0
sample_rss() {
  local rss
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$rampart_pid/status")
  [ "$rss" -gt "$peak_rss_kb" ] && peak_rss_kb=$rss
  return 0
}

for page in "/" "/search?q=resilience"; do
  echo "== $page"
  run_wrk "http://127.0.0.1:$rampart_port$page" "$warmup" >/dev/null
  run_wrk "http://127.0.0.1:$rampart_port$page" "$duration" >"$work/rampart.result" &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do sample_rss; sleep 1; done
  echo "rampart $(cat "$work/rampart.result")"
  rampart_rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' "$work/rampart.result")
  run_wrk "http://127.0.0.1:$flask_port$page" 10 >/dev/null
  echo "flask $(run_wrk "http://127.0.0.1:$flask_port$page" "$duration")"
  # wrk paces in whole milliseconds, so enough connections are opened for a pause of about 10 ms each.
  half=$(( rampart_rps / 2 ))
  paced_connections=$(( half / 100 > 8 ? half / 100 : 8 ))
  echo "rampart_half_rate rate=$half $(RATE=$half CONNECTIONS=$paced_connections wrk -t2 -c"$paced_connections" \
    -d"${duration}s" --latency -s "$here/paced-report.lua" "http://127.0.0.1:$rampart_port$page" | grep '^RESULT')"
done
echo "peak_rss_mib $(( peak_rss_kb / 1024 ))"
echo "machine $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
