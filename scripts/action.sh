#!/usr/bin/env bash
# The run logic of the weir GitHub Action (action.yml). One subcommand per step:
#
#   action.sh cache-key   outputs `key` (changes with weir's sources) and `root` (where weir
#                         is installed, the folder the cache step restores)
#   action.sh install     cargo install of the action's own checkout into `root`, unless the
#                         cache already had it; puts it on the PATH of later steps
#   action.sh check       weir check with the action's inputs: the report in the log, the
#                         Markdown report in the job summary, annotations, and the outputs
#                         verdict, required-bump, next-version, breaking-count
#
# Inputs arrive as INPUT_SPEC, INPUT_BASE, INPUT_REVISION, INPUT_FAIL_ON, INPUT_FORMAT,
# INPUT_CONFIG and INPUT_ALL; GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
# GITHUB_PATH are the runner's. tests/action.rs runs this script with all of them simulated.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"

# Append a line to a file the runner gave us, if it gave us one.
emit() {
  local file="$1" line="$2"
  if [ -n "$file" ]; then
    printf '%s\n' "$line" >>"$file"
  fi
}

# sha256 of standard input (macOS runners have shasum, not sha256sum).
sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi
}

cache_key() {
  # Everything that goes into the binary: the manifest, the lock file, the code and the rules.
  local files hash
  files="$(cd "$action_path" && find Cargo.toml Cargo.lock build.rs src rules -type f | LC_ALL=C sort)"
  hash="$(cd "$action_path" && { printf '%s\n' "$files"; printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 cat; } \
    | sha256 | cut -c1-20)"
  local key="weir-${RUNNER_OS:-$(uname -s)}-$hash"
  local root="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/weir/$key"
  emit "${GITHUB_OUTPUT:-}" "key=$key"
  emit "${GITHUB_OUTPUT:-}" "root=$root"
  echo "weir cache key $key, installed in $root"
}

install() {
  local root="${WEIR_ROOT:?WEIR_ROOT: where to install weir (the cache-key step says)}"
  if [ -x "$root/bin/weir" ]; then
    echo "weir restored from the cache: $root/bin/weir"
  else
    if ! command -v cargo >/dev/null 2>&1; then
      echo "::group::Installing Rust"
      curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
      # shellcheck disable=SC1091
      source "$HOME/.cargo/env"
      echo "::endgroup::"
    fi
    echo "::group::cargo install weir"
    cargo install --locked --path "$action_path" --root "$root"
    echo "::endgroup::"
  fi
  emit "${GITHUB_PATH:-}" "$root/bin"
}

check() {
  local weir="${WEIR:-weir}"
  local format="${INPUT_FORMAT:-text}"
  local args=(check)
  if [ -n "${INPUT_SPEC:-}" ]; then args+=(--spec "$INPUT_SPEC"); fi
  if [ -n "${INPUT_BASE:-}" ]; then args+=(--base "$INPUT_BASE"); fi
  if [ -n "${INPUT_REVISION:-}" ]; then args+=(--revision "$INPUT_REVISION"); fi
  if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
  if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
  if [ "${INPUT_ALL:-false}" = "true" ]; then args+=(--all); fi

  if [ "$(git rev-parse --is-shallow-repository 2>/dev/null || echo false)" = "true" ]; then
    echo "::warning title=weir::This is a shallow clone: release tags may be missing. Check out with fetch-depth: 0."
  fi

  # The report in the job log; its exit status is the action's.
  local outputs=()
  if [ -n "${GITHUB_OUTPUT:-}" ]; then outputs=(--outputs "$GITHUB_OUTPUT"); fi
  local status=0
  # (`${a[@]+…}`: an empty array under `set -u` in the bash 3 of macOS runners.)
  "$weir" "${args[@]}" --format "$format" ${outputs[@]+"${outputs[@]}"} || status=$?
  if [ "$status" -ge 2 ]; then
    echo "::error title=weir::weir check could not run (exit status $status); see the log above"
    exit "$status"
  fi

  # The Markdown report in the job summary, and annotations on the spec (quietly: the
  # warnings about the input were in the log already).
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    "$weir" --quiet "${args[@]}" --format markdown >>"$GITHUB_STEP_SUMMARY" || true
  fi
  if [ "$format" != "github" ]; then
    "$weir" --quiet "${args[@]}" --format github || true
  fi
  exit "$status"
}

case "${1:-}" in
  cache-key) cache_key ;;
  install) install ;;
  check) check ;;
  *)
    echo "usage: $0 cache-key|install|check" >&2
    exit 2
    ;;
esac
