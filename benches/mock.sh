#!/usr/bin/env bash
# weir mock: start-up on Stripe's spec next to the parse floor, and requests per second for a
# GET answered with a generated body, side by side with Prism where Prism starts.
#
#   benches/mock.sh [WEIR] [JOB]     (default: target/release/weir, target/release/examples/job)
#
# Build first: cargo build --release --locked --bin weir --example job
# Needs: wrk (apt-get install wrk); Prism: PRISM=path/to/prism, else `npx @stoplight/prism-cli`
# (install it first, `npm install --prefix DIR @stoplight/prism-cli@5`, so that npx's download
# is not timed as Prism's start-up). NO_PRISM=1 skips Prism.
#
# Start-up is the time from launching `weir mock SPEC --port 0` to the line announcing its
# address (the spec read, parsed and modelled, the routes compiled, the socket bound). The floor
# is a process that reads and parses that file once (`job parse SPEC TINY`, TINY being the
# 2 KB bundled example). Each figure is the median of RUNS, floor and mock interleaved, so load
# from other processes hits both alike: on a shared machine read the ratio, not the times.
# Requests per second: wrk, 2 threads, 32 connections, DURATION, after a warm-up request (the
# first request of a response makes its body; later ones reuse it). wrk shares the 2 cores with
# the server, for weir and Prism alike. Prism's start-up on Stripe is waited for
# PRISM_STRIPE_TIMEOUT seconds (120) at most.
set -euo pipefail
cd "$(dirname "$0")/.."

weir=${1:-target/release/weir}
job=${2:-target/release/examples/job}
corpus=${WEIR_CORPUS:-../shared/corpus/stripe}
stripe=${STRIPE_SPEC:-$(ls "$corpus"/pairs/pair4_*/base_*.yaml)}
petstore=fixtures/examples/petstore-v2.yaml
tiny=fixtures/examples/petstore-v1.yaml
runs=${RUNS:-7}
duration=${DURATION:-10s}
prism=${PRISM:-npx --yes @stoplight/prism-cli@5}
prism_timeout=${PRISM_STRIPE_TIMEOUT:-120}
prism_port=${PRISM_PORT:-4099}
auth="Authorization: Bearer sk_test_mock"   # Stripe's operations require credentials
scratch=$(mktemp -d)
server=
address=
cleanup() {
  if [ -n "$server" ]; then stop; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

micros() { echo "${EPOCHREALTIME/./}"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { echo "scale=2; $1 / $2" | bc; }

# Launch weir mock on SPEC and wait for the line announcing its address (read from a FIFO, so
# the wait costs no polling); sets $server and $address.
start_weir() {
  local fifo=$scratch/stderr line
  rm -f "$fifo"
  mkfifo "$fifo"
  "$weir" mock "$1" --port 0 -q 2>"$fifo" &
  server=$!
  exec 3<"$fifo"
  address=
  while IFS= read -r line <&3; do
    case $line in
      *http://*) address=${line##* }; return 0 ;;
      *) echo "$line" >&2 ;;
    esac
  done
  echo "weir mock did not start" >&2
  exit 1
}

# Stop the server (and its children: npx runs Prism as one), and wait for it.
stop() {
  pkill -TERM -P "$server" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  exec 3<&- 2>/dev/null || true
  server=
}

# Prism on SPEC: wait up to SECONDS for URL to answer; sets $server and $took (seconds), or
# $took to empty when it did not start in time.
start_prism() {
  local spec=$1 url=$2 seconds=$3 t0
  t0=$(micros)
  # shellcheck disable=SC2086 # $prism may be a command with arguments (npx …)
  $prism mock -p "$prism_port" "$spec" >"$scratch/prism.log" 2>&1 &
  server=$!
  took=
  for _ in $(seq $((seconds * 10))); do
    if curl -s -o /dev/null -H "$auth" "$url"; then
      took=$(echo "scale=1; ($(micros) - $t0) / 1000000" | bc)
      return 0
    fi
    kill -0 "$server" 2>/dev/null || { cat "$scratch/prism.log" >&2; return 0; }
    sleep 0.1
  done
}

# wrk against URL; prints requests per second.
rps() {
  curl -s -o /dev/null -H "$auth" "$1"
  wrk -t2 -c32 -d"$duration" -H "$auth" "$1" | awk '/Requests\/sec/ {print $2}'
}

echo "== start-up on $(basename "$stripe") ($(($(stat -c %s "$stripe") / 1024)) KiB), median of $runs"
: >"$scratch/floor"
: >"$scratch/startup"
for _ in $(seq "$runs"); do
  t0=$(micros)
  "$job" parse "$stripe" "$tiny" >/dev/null
  echo $(($(micros) - t0)) >>"$scratch/floor"
  t0=$(micros)
  start_weir "$stripe"
  echo $(($(micros) - t0)) >>"$scratch/startup"
  stop
done
floor=$(median <"$scratch/floor")
startup=$(median <"$scratch/startup")
echo "parse floor  $((floor / 1000)) ms"
echo "weir mock    $((startup / 1000)) ms   ($(ratio "$startup" "$floor")x the floor)"

echo "== requests per second (wrk -t2 -c32 -d$duration), GET with a generated body"
start_weir "$stripe"
echo "weir mock, Stripe GET /v1/customers/{customer}:  $(rps "$address/v1/customers/cus_1")"
stop
start_weir "$petstore"
weir_rps=$(rps "$address/pets/1")
echo "weir mock, petstore GET /pets/{id}:              $weir_rps"
stop

if [ -n "${NO_PRISM:-}" ]; then exit 0; fi
echo "== Prism $($prism --version 2>/dev/null || echo '?')"
start_prism "$stripe" "http://127.0.0.1:$prism_port/v1/customers/cus_1" "$prism_timeout"
echo "Prism start-up on Stripe: ${took:+$took s}${took:-not started after $prism_timeout s}"
stop
start_prism "$petstore" "http://127.0.0.1:$prism_port/pets/1" 60
echo "Prism start-up on petstore: ${took:-not started after 60} s"
if [ -n "$took" ]; then
  prism_rps=$(rps "http://127.0.0.1:$prism_port/pets/1")
  echo "Prism,     petstore GET /pets/{id}:              $prism_rps"
  echo "weir / Prism, requests per second:               $(ratio "$weir_rps" "$prism_rps")x"
fi
stop
