#!/usr/bin/env bash
# weir mock: start-up on Stripe's spec next to the parse floor, and requests per second for a
# GET answered with a generated body, side by side with Prism where Prism starts.
#
#   benches/mock.sh [WEIR] [JOB]     (default: target/release/weir, target/release/examples/job)
#
# Build first: cargo build --release --bin weir --example job
# Needs: wrk (apt-get install wrk); Prism (npx @stoplight/prism-cli, or PRISM=path/to/prism).
#
# Start-up is the time from launching `weir mock SPEC --port 0` to the line announcing its
# address (the spec is loaded, the routes compiled, the socket bound); the floor is reading
# and parsing that file once (`job parse F F` parses it twice: half of it). Each figure is the
# median of RUNS, floor and mock interleaved, so load from other processes hits both alike.
# Requests per second: wrk, 2 threads, 32 connections, 10 s, after a warm-up request (the
# first request of a response makes its body; later ones reuse it).
set -euo pipefail
cd "$(dirname "$0")/.."

weir=${1:-target/release/weir}
job=${2:-target/release/examples/job}
corpus=${WEIR_CORPUS:-../shared/corpus/stripe}
stripe=${STRIPE_SPEC:-$(ls "$corpus"/pairs/pair4_*/base_*.yaml)}
runs=${RUNS:-7}
duration=${DURATION:-10s}
prism=${PRISM:-npx --yes @stoplight/prism-cli@5}
scratch=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Launch weir mock on SPEC, wait for its address; prints the address, sets $server.
start_weir() {
  rm -f "$scratch/mock.log"
  "$weir" mock "$1" --port 0 -q 2>"$scratch/mock.log" &
  server=$!
  until grep -q 'http://' "$scratch/mock.log" 2>/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$scratch/mock.log" >&2; exit 1; }
    sleep 0.002
  done
  grep -o 'http://[0-9.:]*' "$scratch/mock.log"
}

stop() {
  pkill -TERM -P "$server" 2>/dev/null || true   # npx runs Prism as a child
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
}

echo "== start-up on $(basename "$stripe") ($(($(stat -c %s "$stripe") / 1024)) KiB), median of $runs"
: >"$scratch/floor"
: >"$scratch/startup"
for _ in $(seq "$runs"); do
  t0=$(now)
  "$job" parse "$stripe" "$stripe" >/dev/null
  echo $((($(now) - t0) / 2)) >>"$scratch/floor"
  t0=$(now)
  start_weir "$stripe" >/dev/null
  echo $(($(now) - t0)) >>"$scratch/startup"
  stop
done
floor=$(median <"$scratch/floor")
startup=$(median <"$scratch/startup")
echo "parse floor  $((floor / 1000000)) ms"
echo "weir mock    $((startup / 1000000)) ms   ($(echo "scale=2; $startup / $floor" | bc)x the floor)"

# wrk against URL (with any credentials Stripe's spec requires); prints requests per second.
auth="Authorization: Bearer sk_test_mock"
rps() {
  curl -s -o /dev/null -H "$auth" "$1"
  wrk -t2 -c32 -d"$duration" -H "$auth" "$1" | awk '/Requests\/sec/ {print $2}'
}

echo "== requests per second (wrk -t2 -c32 -d$duration), GET with a generated body"
address=$(start_weir "$stripe")
echo "weir mock, Stripe GET /v1/customers/{customer}:  $(rps "$address/v1/customers/cus_1")"
stop
petstore=fixtures/examples/petstore-v2.yaml
address=$(start_weir "$petstore")
echo "weir mock, petstore GET /pets/{id}:              $(rps "$address/pets/1")"
stop

# Prism: launch on SPEC, wait up to SECONDS for URL to answer; prints the seconds it took.
start_prism() {
  local spec=$1 url=$2 seconds=$3 t0
  t0=$(now)
  # shellcheck disable=SC2086 # $prism may be a command with arguments (npx …)
  $prism mock -p 4099 "$spec" >"$scratch/prism.log" 2>&1 &
  server=$!
  for _ in $(seq $((seconds * 10))); do
    if curl -s -o /dev/null "$url"; then
      echo "$(echo "scale=1; ($(now) - t0) / 1000000000" | bc) s"
      return 0
    fi
    sleep 0.1
  done
  echo "not started after $seconds s"
  return 1
}

prism_timeout=${PRISM_STRIPE_TIMEOUT:-120}
echo "== Prism ($($prism --version 2>/dev/null || echo '?'))"
echo "Prism start-up on Stripe: $(start_prism "$stripe" http://127.0.0.1:4099/v1/customers/cus_1 "$prism_timeout" || true)"
stop
echo "Prism start-up on petstore: $(start_prism "$petstore" http://127.0.0.1:4099/pets/1 60)"
echo "Prism,     petstore GET /pets/{id}:              $(rps "http://127.0.0.1:4099/pets/1")"
stop
