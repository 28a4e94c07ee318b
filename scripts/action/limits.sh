# shellcheck shell=bash disable=SC2154,SC2034  # (globals of scripts/action.sh, which sources this file and reads the limits)
# GitHub's limits (sourced by scripts/action.sh): a step's job summary holds 1 MiB, a comment
# 65,536 characters, and a step shows only the first few annotations of each kind. weir cuts
# its own reports (--max-bytes, --max-annotations: breaking changes first, counted by level);
# these functions are the net for what the action puts together itself (the pull-request
# report of several weir runs) and for a weir that did not cut: past a limit they cut, and
# say what was left out and where the rest is.

SUMMARY_LIMIT=1000000 # bytes; GitHub's limit is 1 MiB (1,048,576)
COMMENT_LIMIT=65000   # bytes, so at most as many characters; GitHub's limit is 65,536
# What a Markdown report weir cut to a limit carries (src/report/markdown/budget.rs).
CUT_MARKER="<!-- weir: cut to fit -->"

# Markdown on standard input, cut at a line boundary to at most $1 bytes with closed
# <details> blocks and a last line that says how many table rows were left out and $2 (where
# the full report is).
fit_markdown() {
  LC_ALL=C awk -v limit="$1" -v where="$2" '
    function row(l) { return l ~ /^\|/ && l !~ /^\|[ :|-]*$/ }
    BEGIN { budget = limit - length(where) - 200 }
    !cut && used + length($0) + 1 <= budget {
      print
      used += length($0) + 1
      if ($0 ~ /<details>/) open++
      if ($0 ~ /<\/details>/) open--
      previous = $0
      next
    }
    { cut = 1; lines++; if (row($0)) rows++; if ($0 ~ /^\|[ :|-]*$/ && row(previous)) rows-- }
    { previous = $0 }
    END {
      if (!cut) exit
      for (; open > 0; open--) print "\n</details>"
      if (rows > 0) printf "\n**… and %d more rows not shown here** — %s\n", rows, where
      else printf "\n**… and %d more lines not shown here** — %s\n", lines, where
    }'
}

# Workflow commands on standard input: at most $1 annotations on files of each kind (error,
# warning, notice; 0: all), then one notice that says how many more there were and $2 (where
# to see them). Other lines pass through.
cap_annotations() {
  awk -v max="$1" -v where="$2" '
    /^::(error|warning|notice) file=/ {
      kind = substr($0, 3, index(substr($0, 3), " ") - 1)
      if (max > 0 && ++n[kind] > max) { left++; next }
    }
    { print }
    END { if (left) printf "::notice title=weir::… and %d more annotations not shown — %s\n", left, where }'
}

# The annotation cap: the `max-annotations` input (default 10 of each kind, what GitHub shows
# a step; 0: all).
annotation_cap() {
  local cap="${INPUT_MAX_ANNOTATIONS:-10}"
  case "$cap" in
    '' | *[!0-9]*)
      echo "::warning title=weir::max-annotations must be a number, not '$cap'; using 10" >&2
      echo 10
      ;;
    *) echo "$cap" ;;
  esac
}
