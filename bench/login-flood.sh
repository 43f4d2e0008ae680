#!/usr/bin/env bash
# Measures how a login flood affects page views: the p99 of the posts page at a steady paced rate, first
# alone and then while wrong passwords arrive at FLOOD_RATE per second (default 200) through the real form.
# It runs twice: once with the default login limits (most of the flood gets 429 before any hashing), and
# once with the login rate limit and throttle raised out of reach. Then every attempt is hashed, and only the
# bounded hashing pool protects the pages.
# Usage: bench/login-flood.sh   (PAGE_RATE, FLOOD_RATE, DURATION in env)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export BENCH_DIR=$here
page_rate=${PAGE_RATE:-2000}
flood_rate=${FLOOD_RATE:-200}
duration=${DURATION:-30}
port=18090
jar=$root/rampart-board/target/rampart-board.jar
work=$(mktemp -d)
board_pid=""
cleanup() {
  [ -n "$board_pid" ] && kill "$board_pid" 2>/dev/null
  wait 2>/dev/null || true
}
trap cleanup EXIT
[ -f "$jar" ] || (cd "$root" && ./mvnw -q -B package -DskipTests)

paced() { # rate connections seconds script url
  RATE=$1 CONNECTIONS=$2 wrk -t1 -c"$2" -d"${3}s" --latency -s "$4" "$5"
}

run_scenario() { # name extra-arguments...
  local name=$1
  shift
  rm -f "$work/board.db"*
  # The page load comes from the same address as the flood, so the general policy is raised out of its reach.
  "$JAVA_HOME/bin/java" -jar "$jar" --server.port=$port --management.server.port=-1 --rampart.database.url="jdbc:sqlite:$work/board.db" \
    --rampart.rate-limit.policies.general.capacity=1000000000 \
    --rampart.rate-limit.max-concurrent-per-client=100000 "$@" >"$work/$name.log" 2>&1 &
  board_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$board_pid" 2>/dev/null || { echo "$name: the board did not start, see $work/$name.log" >&2; exit 1; }
    sleep 0.2
  done
  "$here/seed.sh" "http://127.0.0.1:$port" 200 >/dev/null

  local jar_file="$work/flood-cookies"
  local user="flood_$RANDOM"
  local password="flood victim password long enough"
  token() {
    curl -s -b "$jar_file" -c "$jar_file" "http://127.0.0.1:$port/login" \
      | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'
  }
  curl -s -o /dev/null -b "$jar_file" -c "$jar_file" --data-urlencode "_csrf=$(token)" \
    --data-urlencode "username=$user" --data-urlencode "password=$password" \
    --data-urlencode "confirmation=$password" "http://127.0.0.1:$port/register"
  export FLOOD_CSRF FLOOD_COOKIE FLOOD_USER=$user
  FLOOD_CSRF=$(token | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')
  FLOOD_COOKIE="__Host-rampart-session=$(awk '$6 == "__Host-rampart-session" {print $7}' "$jar_file")"

  local connections=$(( page_rate / 100 > 8 ? page_rate / 100 : 8 ))
  paced "$page_rate" "$connections" 60 "$here/paced-report.lua" "http://127.0.0.1:$port/" >/dev/null
  echo "$name alone $(paced "$page_rate" "$connections" "$duration" "$here/paced-report.lua" \
    "http://127.0.0.1:$port/" | grep '^RESULT')"
  local flood_connections=$(( flood_rate / 10 > 2 ? flood_rate / 10 : 2 ))
  paced "$flood_rate" "$flood_connections" "$duration" "$here/login-flood.lua" "http://127.0.0.1:$port" \
    >"$work/flood.txt" &
  local flood_pid=$!
  echo "$name flooded $(paced "$page_rate" "$connections" "$duration" "$here/paced-report.lua" \
    "http://127.0.0.1:$port/" | grep '^RESULT')"
  wait "$flood_pid"
  echo "$name $(grep '^FLOOD' "$work/flood.txt")"
  kill "$board_pid"
  wait "$board_pid" 2>/dev/null || true
  board_pid=""
}

run_scenario default
# 1000 is the highest number of free failures the throttle accepts. The hashing pool checks a few dozen
# passwords a second, so the flood does not reach 1000 failures within the run.
run_scenario unthrottled --rampart.login-throttle.account-free-failures=1000 \
  --rampart.login-throttle.client-free-failures=1000 --rampart.rate-limit.policies.login.capacity=1000000000
echo "machine $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
