#!/usr/bin/env bash
# The run logic of the weir GitHub Action (action.yml). One subcommand per step:
#
#   action.sh cache-key   outputs `key` (changes with weir's sources) and `root` (where weir
#                         is installed, the folder the cache step restores)
#   action.sh install     the prebuilt weir of the action's release, else cargo install of the
#                         action's checkout, into `root` unless the cache had it; puts it on the
#                         PATH of later steps (scripts/action/install.sh)
#   action.sh sources-hash  the hash the release workflow publishes beside the binaries
#   action.sh check       weir check with the action's inputs: the report in the log, the
#                         Markdown report in the job summary (and, with `comment: true`, on the
#                         pull request), annotations, and the outputs verdict, required-bump,
#                         next-version, breaking-count. On a pull_request event, the pull
#                         request's own changes apart from the release gate
#                         (scripts/action/pull-request.sh).
#
# Inputs arrive as INPUT_SPEC, INPUT_BASE, INPUT_REVISION, INPUT_FAIL_ON, INPUT_FORMAT,
# INPUT_CONFIG, INPUT_ALL, INPUT_COMMENT and INPUT_MAX_ANNOTATIONS; GITHUB_ACTION_PATH,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_NAME, GITHUB_EVENT_PATH,
# GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY and RUNNER_TEMP are the runner's.
# WEIR_RELEASES_URL replaces where release binaries are downloaded from. tests/action/ runs
# this script with all of them simulated.
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

# The SHA-256 of everything that goes into the binary: the manifest, the lock file, the code
# and the rules (names and contents). The release workflow publishes it beside the binaries.
sources_hash() {
  local files
  files="$(cd "$action_path" && find Cargo.toml Cargo.lock build.rs src rules -type f | LC_ALL=C sort)"
  (cd "$action_path" && { printf '%s\n' "$files"; printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 cat; }) |
    sha256 | cut -d' ' -f1
}

# shellcheck source=scripts/action/install.sh
source "$action_path/scripts/action/install.sh"
# shellcheck source=scripts/action/limits.sh
source "$action_path/scripts/action/limits.sh"
# shellcheck source=scripts/action/comment.sh
source "$action_path/scripts/action/comment.sh"
# shellcheck source=scripts/action/pull-request.sh
source "$action_path/scripts/action/pull-request.sh"

cache_key() {
  local hash key root
  hash="$(sources_hash | cut -c1-20)"
  key="weir-${RUNNER_OS:-$(uname -s)}-$hash"
  root="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/weir/$key"
  emit "${GITHUB_OUTPUT:-}" "key=$key"
  emit "${GITHUB_OUTPUT:-}" "root=$root"
  echo "weir cache key $key, installed in $root"
}

# `--link-base URL` when the places in the Markdown report can link to the spec on GitHub:
# the revision $1 (empty: the working tree, which must then be HEAD's commit unchanged, or
# the lines would not match) at GITHUB_SERVER_URL/GITHUB_REPOSITORY.
link_base_args() {
  local revision="$1" sha
  if [ -z "${GITHUB_REPOSITORY:-}" ]; then
    return 0
  fi
  if [ -z "$revision" ] && ! git diff --quiet HEAD -- 2>/dev/null; then
    echo "weir: the working tree differs from its commit: the report's places are not linked" >&2
    return 0
  fi
  if sha="$(git rev-parse --verify --quiet "${revision:-HEAD}^{commit}" 2>/dev/null)"; then
    printf '%s\n' --link-base "${GITHUB_SERVER_URL:-https://github.com}/$GITHUB_REPOSITORY/blob/$sha"
  fi
}

# The release gate for a push (or anything but a pull request): the last release against the
# revision. weir fits its reports to GitHub's limits itself (--max-bytes, --max-annotations;
# the caps of scripts/action/limits.sh only catch what it did not). Writes the Markdown report
# to $report_md (in full, for the artifact) and $summary_md (fitted to the job summary); the
# exit status in $status.
check_release() {
  local outputs=() links=()
  if [ -n "${GITHUB_OUTPUT:-}" ]; then outputs=(--outputs "$GITHUB_OUTPUT"); fi
  while IFS= read -r arg; do links+=("$arg"); done < <(link_base_args "${INPUT_REVISION:-}")
  local cap
  cap="$(annotation_cap)"
  status=0
  local log
  log="$(mktemp)"
  # (`${a[@]+…}`: an empty array under `set -u` in the bash 3 of macOS runners.)
  "$weir" "${args[@]}" --format "$format" --max-annotations "$cap" --full-report "$full_report" \
    ${outputs[@]+"${outputs[@]}"} >"$log" || status=$?
  if [ "$format" = github ]; then
    cap_annotations "$cap" "$full_report" <"$log"
  else
    cat "$log"
  fi
  if [ "$status" -ge 2 ]; then
    echo "::error title=weir::weir check could not run (exit status $status); see the log above"
    exit "$status"
  fi
  # The Markdown report and the annotations on the spec (quietly: the warnings about the
  # input were in the log already). The full report is made only when the summary was cut.
  summary_md="$(dirname "$report_md")/summary.md"
  "$weir" --quiet "${args[@]}" --format markdown ${links[@]+"${links[@]}"} --max-bytes "$SUMMARY_LIMIT" \
    --full-report "$summary_elsewhere" >"$summary_md" || true
  if grep -qF "$CUT_MARKER" "$summary_md"; then
    "$weir" --quiet "${args[@]}" --format markdown ${links[@]+"${links[@]}"} --max-bytes 0 >"$report_md" || true
  else
    cp "$summary_md" "$report_md"
  fi
  if [ "${INPUT_COMMENT:-false}" = true ] && [ "$(wc -c <"$summary_md")" -gt "$COMMENT_LIMIT" ]; then
    comment_md="$(dirname "$report_md")/comment.md"
    "$weir" --quiet "${args[@]}" --format markdown ${links[@]+"${links[@]}"} --max-bytes "$COMMENT_LIMIT" \
      --full-report "$comment_elsewhere" >"$comment_md" || true
  fi
  if [ "$format" != github ]; then
    "$weir" --quiet "${args[@]}" --format github --max-annotations "$cap" --full-report "$full_report" |
      cap_annotations "$cap" "$full_report" || true
  fi
}

check() {
  weir="${WEIR:-weir}"
  format="${INPUT_FORMAT:-text}"
  args=(check)
  if [ -n "${INPUT_SPEC:-}" ]; then args+=(--spec "$INPUT_SPEC"); fi
  if [ -n "${INPUT_BASE:-}" ]; then args+=(--base "$INPUT_BASE"); fi
  if [ -n "${INPUT_REVISION:-}" ]; then args+=(--revision "$INPUT_REVISION"); fi
  if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
  if [ -n "${INPUT_CONFIG:-}" ]; then args+=(--config "$INPUT_CONFIG"); fi
  if [ "${INPUT_ALL:-false}" = "true" ]; then args+=(--all); fi

  if [ "$(git rev-parse --is-shallow-repository 2>/dev/null || echo false)" = "true" ]; then
    echo "::warning title=weir::This is a shallow clone: release tags may be missing. Check out with fetch-depth: 0."
  fi

  # The full report, kept for the artifact step when the summary or the annotations are cut.
  local reports="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/weir-report"
  mkdir -p "$reports"
  report_md="$reports/report.md"
  summary_md="$report_md"
  comment_md=""
  full_report="the full report is in the job summary and the workflow run's weir-report artifact; or run weir locally"
  summary_elsewhere="the full report is in the workflow run's weir-report artifact; or run weir locally"
  comment_elsewhere="the full report is in the job summary and the workflow run's artifact"
  local pr="" number="" base_sha head_sha
  if pr="$(pull_request_of_event)"; then
    read -r number base_sha head_sha <<<"$pr"
  fi
  if [ -z "$number" ] || ! check_pull_request "$number" "$base_sha" "$head_sha"; then
    check_release
  fi

  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    fit_markdown "$SUMMARY_LIMIT" "$summary_elsewhere" <"$summary_md" >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ "${INPUT_COMMENT:-false}" = true ]; then
    if [ -n "$number" ]; then
      post_comment "$number" "${comment_md:-$report_md}"
    else
      echo "weir: comment: true, but this run is not for a pull request: no comment"
    fi
  fi
  emit "${GITHUB_OUTPUT:-}" "report=$report_md"
  exit "$status"
}

case "${1:-}" in
  cache-key) cache_key ;;
  install) install ;;
  check) check ;;
  sources-hash) sources_hash ;;
  *)
    echo "usage: $0 cache-key|install|check|sources-hash" >&2
    exit 2
    ;;
esac
