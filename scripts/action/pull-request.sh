# shellcheck shell=bash disable=SC2154  # (globals of scripts/action.sh, which sources this file)
# Pull-request mode (sourced by scripts/action.sh). On a pull_request event the action tells
# two things apart:
# - what this pull request changes: its merge base with the base branch against its head,
#   annotated only on the lines it touched; by default only its own breaking changes fail it;
# - the release gate: the last release against the pull request's head, that is the version
#   the next release needs, whatever the base branch already holds unreleased.

# "NUMBER BASE-SHA HEAD-SHA" of the event's pull request; fails when there is none.
pull_request_of_event() {
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) ;;
    *) return 1 ;;
  esac
  if [ ! -f "${GITHUB_EVENT_PATH:-}" ] || ! command -v jq >/dev/null 2>&1; then
    return 1
  fi
  jq -er '.pull_request | "\(.number) \(.base.sha) \(.head.sha)"' "$GITHUB_EVENT_PATH"
}

# The spec paths to compare, one a line: the `spec` input, else those the `weir check` report
# in JSON (file $1) covers.
specs_of_report() {
  if [ -n "${INPUT_SPEC:-}" ]; then
    echo "$INPUT_SPEC"
    return
  fi
  jq -r '.. | objects | select(has("declared") and has("diff")) | .diff.revision.file | sub("^[^:]*:"; "")' "$1" |
    LC_ALL=C sort -u
}

# Workflow commands on standard input, with the annotations kept only where they fall on a
# line that the commits $1..$2 added or changed.
only_touched_lines() {
  local changes
  changes="$(mktemp)"
  git diff --no-color --no-ext-diff --unified=0 "$1" "$2" >"$changes"
  awk -v changes="$changes" '
    BEGIN {
      while ((getline l < changes) > 0) {
        if (l ~ /^\+\+\+ b\//) { file = substr(l, 7); continue }
        if (l !~ /^@@ /) continue
        split(l, part, " ")
        n = split(substr(part[3], 2), span, ",")
        start = span[1]; count = n > 1 ? span[2] : 1
        if (count == 0) { touched[file, start] = 1; touched[file, start + 1] = 1 }
        for (i = 0; i < count; i++) touched[file, start + i] = 1
      }
    }
    /^::(error|warning|notice) file=/ {
      match($0, /file=[^,:]*/); file = substr($0, RSTART + 5, RLENGTH - 5)
      match($0, /line=[0-9]+/); line = substr($0, RSTART + 5, RLENGTH - 5) + 0
      if (!((file, line) in touched)) { elsewhere++; next }
    }
    { print }
    END {
      if (elsewhere) printf "::notice title=weir::%d change(s) of this pull request show on lines it did not edit (a $ref target, a parent): they are in the job summary, not annotated here\n", elsewhere
    }'
  rm -f "$changes"
}

# Markdown on standard input with its headings one level deeper, to nest under ours.
demote() {
  sed -E 's/^(#{1,5}) /\1# /'
}

# Runs the pull-request mode for pull request $1 (base branch at $2, head $3). Writes the
# Markdown report to $report_md; returns the action's exit status in $status. Fails (and the
# caller checks as for a push) when the merge base is not in the clone.
check_pull_request() {
  local number="$1" head="${INPUT_REVISION:-$3}" merge_base
  if ! merge_base="$(git merge-base "$2" "$head" 2>/dev/null)"; then
    echo "::warning title=weir::Cannot find where pull request #$number branched off (check out with fetch-depth: 0): checking it like a push"
    return 1
  fi
  local work
  work="$(mktemp -d)"
  local gate=("${args[@]}")
  if [ -z "${INPUT_REVISION:-}" ]; then gate+=(--revision "$head"); fi
  local config=()
  if [ -n "${INPUT_CONFIG:-}" ]; then config=(--config "$INPUT_CONFIG"); fi
  # The Markdown parts in full, linked to the head; the whole is fitted to GitHub's limits
  # once put together (scripts/action/limits.sh).
  local markdown=(--format markdown --max-bytes 0)
  while IFS= read -r arg; do markdown+=("$arg"); done < <(link_base_args "$head")

  # The release gate first: it names the specs.
  echo "== Release gate: the last release against pull request #$number (${head:0:12})"
  local gate_status=0
  "$weir" "${gate[@]}" --format "$format" --outputs "$work/gate.out" >"$work/gate.log" || gate_status=$?
  if [ "$format" = github ]; then
    # The annotations are the pull request's own (below); the gate's closing command fails
    # nothing unless fail-on: version says it does.
    grep -v '^::[a-z]* file=' "$work/gate.log" |
      if [ "${INPUT_FAIL_ON:-breaking}" = version ]; then cat; else sed 's/^::error /::warning /'; fi || true
  else
    cat "$work/gate.log"
  fi
  if [ "$gate_status" -ge 2 ]; then
    echo "::error title=weir::weir check could not run (exit status $gate_status); see the log above"
    exit "$gate_status"
  fi
  "$weir" --quiet "${gate[@]}" --format json >"$work/gate.json" || true
  "$weir" --quiet "${gate[@]}" "${markdown[@]}" >"$work/gate.md" || true

  # What this pull request changes, spec by spec.
  echo
  echo "== What pull request #$number changes: ${merge_base:0:12} (where it branched off) → ${head:0:12}"
  local breaking=0 warnings=0 spec
  : >"$work/pr.md"
  : >"$work/annotations"
  while IFS= read -r spec; do
    if ! git cat-file -e "$merge_base:$spec" 2>/dev/null; then
      echo "$spec: new in this pull request"
      # shellcheck disable=SC2016 # (Markdown backticks)
      printf '`%s` is new in this pull request: nothing to compare.\n\n' "$spec" >>"$work/pr.md"
      continue
    fi
    local pair=("$merge_base:$spec" "$head:$spec")
    local diff_status=0
    "$weir" diff ${config[@]+"${config[@]}"} "${pair[@]}" --format "$format" || diff_status=$?
    if [ "$diff_status" -ge 2 ]; then
      echo "::error title=weir::weir diff could not run (exit status $diff_status); see the log above"
      exit "$diff_status"
    fi
    "$weir" --quiet diff ${config[@]+"${config[@]}"} "${pair[@]}" --format json >"$work/diff.json"
    breaking=$((breaking + $(jq '.summary.breaking' "$work/diff.json")))
    warnings=$((warnings + $(jq '.summary.warning' "$work/diff.json")))
    { "$weir" --quiet diff ${config[@]+"${config[@]}"} "${pair[@]}" "${markdown[@]}" | demote; echo; } >>"$work/pr.md"
    # Every annotation: those on lines the pull request did not touch are dropped before the cap.
    "$weir" --quiet diff ${config[@]+"${config[@]}"} "${pair[@]}" --format github --max-annotations 0 |
      grep '^::[a-z]* file=' >>"$work/annotations" || true
  done < <(specs_of_report "$work/gate.json")

  only_touched_lines "$merge_base" "$head" <"$work/annotations" | cap_annotations "$(annotation_cap)" "$full_report"

  # What fails the pull request: its own changes, or with fail-on: version the release gate.
  # Its verdict uses the gate's words: `refused` when fail-on refuses its own changes.
  status=0
  case "${INPUT_FAIL_ON:-breaking}" in
    version) status=$gate_status ;;
    warning) if [ $((breaking + warnings)) -gt 0 ]; then status=1; fi ;;
    *) if [ "$breaking" -gt 0 ]; then status=1; fi ;;
  esac
  local pr_verdict=pass
  if [ "${INPUT_FAIL_ON:-breaking}" = version ]; then
    pr_verdict="$(sed -n 's/^verdict=//p' "$work/gate.out")"
  elif [ "$status" -ne 0 ]; then
    pr_verdict=refused
  fi
  local bump next
  bump="$(sed -n 's/^required-bump=//p' "$work/gate.out")"
  next="$(sed -n 's/^next-version=//p' "$work/gate.out")"
  if [ "$status" -ne 0 ]; then
    echo "::error title=weir::Pull request #$number: $breaking breaking change(s), $warnings warning(s) of its own (fail-on: ${INPUT_FAIL_ON:-breaking})"
  else
    echo "::notice title=weir::Pull request #$number: $breaking breaking change(s), $warnings warning(s) of its own"
  fi
  echo "::notice title=weir release gate::The next release needs a ${bump:-?} version bump (suggested: ${next:-?})"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    cat "$work/gate.out" >>"$GITHUB_OUTPUT"
    emit "$GITHUB_OUTPUT" "pr-verdict=$pr_verdict"
    emit "$GITHUB_OUTPUT" "pr-breaking-count=$breaking"
    emit "$GITHUB_OUTPUT" "pr-warning-count=$warnings"
  fi

  {
    echo "## weir: pull request #$number"
    echo
    echo "### What this pull request changes"
    echo
    echo "_\`${merge_base:0:12}\` (where it branched off) → \`${head:0:12}\` (its head). These decide whether it passes (fail-on: ${INPUT_FAIL_ON:-breaking})._"
    echo
    if [ -s "$work/pr.md" ]; then cat "$work/pr.md"; else echo "No spec changes."; echo; fi
    echo "### Release gate"
    echo
    echo "_The last release → this pull request's head: the version the next release needs, including what the base branch holds unreleased._"
    echo
    demote <"$work/gate.md" | demote
  } >"$report_md"
  rm -rf "$work"
}
