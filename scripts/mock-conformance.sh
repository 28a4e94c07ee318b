#!/usr/bin/env bash
# schemathesis (PyPI) against `weir mock`: the bundled example, an OpenAPI 3.1 spec and a
# Swagger 2.0 spec; every run must report 0 failures.
#
#   scripts/mock-conformance.sh [WEIR_BINARY]     (default: target/release/weir)
#
# schemathesis is installed into a throwaway virtualenv (or MOCK_CONFORMANCE_VENV, reused).
# Its checks judge the mock's responses against the spec: status codes, content types,
# headers, schemas, that valid requests are accepted and invalid ones refused, 405 + Allow.
#
# Every check runs but three, each for a stated reason:
# - `use_after_free` (a deleted resource must then be 404) and `ignored_auth` (made-up
#   credentials must be refused) judge a stateful server that knows its data and its users'
#   real credentials. A mock keeps no state, and checks that credentials are present and of
#   the scheme's kind, not that they are good (tests/mock.rs checks the 401s it gives).
# - `status_code_conformance` in the bundled example's negative run only: petstore-v2.yaml
#   documents no 4xx response, so every invalid request the mock rightly refuses (400/422)
#   carries a status the spec does not document. Its positive run, and both runs of the two
#   specs that document their 4xx responses, keep the check.
set -euo pipefail
cd "$(dirname "$0")/.."

weir=${1:-target/release/weir}
examples=${MOCK_CONFORMANCE_EXAMPLES:-20}
seed=${MOCK_CONFORMANCE_SEED:-1}
schemathesis_version=4.32.5

venv=${MOCK_CONFORMANCE_VENV:-}
scratch=$(mktemp -d)
mock_pid=
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
if [ -z "$venv" ]; then venv=$scratch/venv; fi
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

# Start the mock on a free port; the address is the one it announces on stderr.
start_mock() {
  rm -f "$scratch/mock.log"
  "$weir" mock "$1" --port 0 -q 2>"$scratch/mock.log" &
  mock_pid=$!
  for _ in $(seq 100); do
    address=$(grep -o 'http://[0-9.:]*' "$scratch/mock.log" || true)
    if [ -n "$address" ]; then return 0; fi
    sleep 0.05
  done
  echo "weir mock did not start:" >&2
  cat "$scratch/mock.log" >&2
  return 1
}

stop_mock() {
  kill -TERM "$mock_pid"
  wait "$mock_pid" || true
  mock_pid=
}

failed=0
run() {
  local spec=$1 mode=$2 excluded=use_after_free,ignored_auth${3:+,$3}
  start_mock "$spec"
  echo "== schemathesis: $spec ($mode; checks left out: $excluded)"
  if ! "$venv/bin/st" run "$spec" --url "$address" --mode "$mode" \
      --exclude-checks "$excluded" --max-examples "$examples" --seed "$seed" \
      --generation-deterministic --no-color >"$scratch/st.log" 2>&1; then
    cat "$scratch/st.log"
    failed=1
  else
    grep -E '^(Test cases:|  [0-9]+ generated)' "$scratch/st.log" || true
  fi
  stop_mock
}

run fixtures/examples/petstore-v2.yaml positive
run fixtures/examples/petstore-v2.yaml negative status_code_conformance
run fixtures/mock/shop-3.1.yaml all
run fixtures/mock/library-2.0.yaml all

if [ "$failed" -ne 0 ]; then
  echo "mock conformance: schemathesis found failures" >&2
  exit 1
fi
echo "mock conformance: 0 failures"
