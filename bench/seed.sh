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
# Prints the value of the named hidden input in a page's HTML read from standard input.
hidden() {
  grep -o "name=\"$1\" value=\"[^\"]*\"" | head -n 1 | sed -E 's/.*value="([^"]*)"/\1/'
}
# Fetches a form page into $form. Forms that create something carry a one-time idempotency key, so each
# submission needs a fresh fetch.
fetch_form() {
  form=$(curl -s -b "$jar" -c "$jar" "$base$1")
}
fetch_form /register
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$(hidden _csrf <<<"$form")" \
  --data-urlencode "idempotencyKey=$(hidden idempotencyKey <<<"$form")" --data-urlencode "username=$user" \
  --data-urlencode "password=$password" --data-urlencode "confirmation=$password" "$base/register"
fetch_form /login
curl -s -o /dev/null -b "$jar" -c "$jar" --data-urlencode "_csrf=$(hidden _csrf <<<"$form")" \
  --data-urlencode "username=$user" --data-urlencode "password=$password" "$base/login"
for i in $(seq 0 $((count - 1))); do
  body="post number $i about hardening and fault tolerance"
  [ $((i % 10)) -eq 0 ] && body="$body with resilience"
  fetch_form /posts
  status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
    --data-urlencode "_csrf=$(hidden _csrf <<<"$form")" \
    --data-urlencode "idempotencyKey=$(hidden idempotencyKey <<<"$form")" \
    --data-urlencode "title=Post number $i" --data-urlencode "body=$body" "$base/posts")
  [ "$status" = 303 ] || { echo "post $i failed with HTTP $status" >&2; exit 1; }
done
rm -f "$jar"
echo "seeded $count posts as $user"
