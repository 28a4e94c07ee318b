# shellcheck shell=bash disable=SC2154  # (globals of scripts/action.sh, which sources this file)
# The sticky pull-request comment (sourced by scripts/action.sh): one comment per pull request,
# found again by a hidden marker and edited on each run, through GitHub's REST API with the
# job's token (GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY). A comment that cannot be
# written (a pull request from a fork gets a read-only token) is a warning, never a failure.

COMMENT_MARKER="<!-- weir-report -->"

# GitHub's REST API: METHOD PATH [BODY-FILE]; the response body in the file $api_out, the HTTP
# status in $api_status (000: no answer).
api() {
  local method="$1" path="$2" body="${3:-}"
  api_out="${api_out:-$(mktemp)}"
  local args=(--silent --show-error --location --retry 2 --connect-timeout 10 -o "$api_out"
    -w '%{http_code}' -X "$method"
    -H "Accept: application/vnd.github+json"
    -H "Authorization: Bearer ${GITHUB_TOKEN:-}"
    -H "X-GitHub-Api-Version: 2022-11-28")
  if [ -n "$body" ]; then args+=(-H "Content-Type: application/json" --data-binary "@$body"); fi
  api_status="$(curl "${args[@]}" "${GITHUB_API_URL:-https://api.github.com}$path")" || api_status=000
}

# Sets comment_id to the id of weir's comment on issue $1 (empty: none yet). Every page of
# comments is read, 100 a page; the last comment with the marker wins.
find_comment() {
  local issue="$1" page=1 id
  comment_id=""
  while :; do
    api GET "/repos/$GITHUB_REPOSITORY/issues/$issue/comments?per_page=100&page=$page"
    if [ "$api_status" != 200 ]; then
      return 1
    fi
    id="$(jq -r --arg m "$COMMENT_MARKER" '[.[] | select(.body | contains($m)) | .id] | last // empty' "$api_out")"
    comment_id="${id:-$comment_id}"
    if [ "$(jq 'length' "$api_out")" -lt 100 ]; then
      return 0
    fi
    page=$((page + 1))
  done
}

# Posts the Markdown report in file $2 on pull request $1, or edits weir's earlier comment.
post_comment() {
  local issue="$1" report="$2" body
  if [ -z "${GITHUB_TOKEN:-}" ] || [ -z "${GITHUB_REPOSITORY:-}" ]; then
    echo "::warning title=weir::comment: true needs the job's token (github-token) and GITHUB_REPOSITORY: no comment written"
    return 0
  fi
  body="$(mktemp)"
  { printf '%s\n' "$COMMENT_MARKER"; fit_markdown "$COMMENT_LIMIT" "the full report is in the job summary and the workflow run's artifact" <"$report"; } |
    jq -Rs '{body: .}' >"$body"
  if ! find_comment "$issue"; then
    comment_failed "read the comments of #$issue"
  elif [ -n "$comment_id" ]; then
    api PATCH "/repos/$GITHUB_REPOSITORY/issues/comments/$comment_id" "$body"
    if [ "$api_status" = 200 ]; then
      echo "weir: updated its comment on #$issue: $(jq -r '.html_url // empty' "$api_out")"
    else
      comment_failed "update comment $comment_id on #$issue"
    fi
  else
    api POST "/repos/$GITHUB_REPOSITORY/issues/$issue/comments" "$body"
    if [ "$api_status" = 201 ]; then
      echo "weir: commented on #$issue: $(jq -r '.html_url // empty' "$api_out")"
    else
      comment_failed "comment on #$issue"
    fi
  fi
}

comment_failed() {
  local hint=""
  if [ "$api_status" = 403 ] || [ "$api_status" = 404 ]; then
    hint=" The token cannot write to this pull request: a pull request from a fork gets a read-only token (give the job 'permissions: pull-requests: write', or comment from a pull_request_target or workflow_run job)."
  fi
  echo "::warning title=weir::Could not $1 (HTTP $api_status); the report is in the job summary.$hint"
}
