#!/usr/bin/env bash
# Fills a running board with COUNT posts like the Flask baseline's ("post number N about hardening and
# fault tolerance", every tenth "with resilience"), written by one user through the real forms.
# Usage: bench/seed.sh BASE_URL COUNT
set -euo pipefail
base=$1
count=$2
jar=$(mktemp)
user="bench_$RANDOM"
password="bench password that is long enough"
token() {
  curl -s -b "$jar" -c "$jar" "$base/login" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 \
    | sed -E 's/.*value="([^"]*)"/\1/'
}
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$(token)" --data-urlencode "username=$user" \
  --data-urlencode "password=$password" --data-urlencode "confirmation=$password" "$base/register"
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$(token)" --data-urlencode "username=$user" \
  --data-urlencode "password=$password" "$base/login"
csrf=$(token)
for i in $(seq 0 $((count - 1))); do
  body="post number $i about hardening and fault tolerance"
  [ $((i % 10)) -eq 0 ] && body="$body with resilience"
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "_csrf=$csrf" \
    --data-urlencode "title=Post number $i" --data-urlencode "body=$body" "$base/posts")
  [ "$status" = 303 ] || { echo "post $i failed with HTTP $status" >&2; exit 1; }
done
rm -f "$jar"
echo "seeded $count posts as $user"
