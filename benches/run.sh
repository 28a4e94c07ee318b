#!/usr/bin/env bash
# The benchmark suite: the in-process stages (`cargo bench --bench pipeline`), then
# whole-process timings over ../shared/corpus/stripe, ../shared/corpus/github and synthetic
# specs, each job next to its floor (parsing the same files and nothing else, or the self-diff
# of the same files for a diff with thousands of changes) measured in the same run:
#
#   benches/run.sh [--quick]      # --quick: 3 runs instead of 7, synthetic sizes 1, 5, 20 MB,
#                                 # no cargo bench
#
# Prints best-of-N wall-clock seconds, CPU seconds (user + sys) and peak RSS, and the ratio of
# each job to its floor. See benches/README.md for what the figures mean.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=${WEIR_CORPUS:-$root/../shared/corpus/stripe}
github=${WEIR_GITHUB_CORPUS:-$root/../shared/corpus/github}
runs=7
sizes=(1 2 5 10 20 50)
if [[ ${1:-} == --quick ]]; then
  runs=3
  sizes=(1 5 20)
fi

if [[ $runs == 7 ]]; then
  echo "== In-process stages (cargo bench --bench pipeline)"
  cargo bench --quiet --bench pipeline
  echo
fi
# The release build with line tables (Cargo.toml's `profiling` profile; the shipped release
# binary has no debug info), so callgrind and perf can name lines.
cargo build --profile profiling --quiet --bin weir --example job --example synth
weir=$root/target/profiling/weir
job=$root/target/profiling/examples/job
synth=$root/target/profiling/examples/synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# WALL CPU RSS of one run of "$@" (stdout discarded): seconds, seconds (user + sys), KB. The
# wall time is read from the shell's clock (microseconds): time's own `%e` counts in 10 ms
# steps, too coarse for the 45 ms of a self-diff.
once() {
  local start wall
  start=$EPOCHREALTIME
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
    local rc=$?
    # weir check exits 1 when the gate fails: a verdict, not an error.
    [[ $rc == 1 && $1 == "$weir" && $2 == check ]] || { cat "$work/stderr" >&2; exit 1; }
  }
  wall=$(echo "$EPOCHREALTIME - $start" | bc)
  read -r user sys rss <"$work/time"
  echo "$wall $(echo "$user + $sys" | bc) $rss"
}

# best BEST RUN: BEST so far ("wall cpu rss-KB", or empty) with RUN's figures (`once`'s): the
# minimum wall and CPU time, the largest peak RSS.
best() {
  if [[ -z $1 ]]; then echo "$2"; return; fi
  local w c r w2 c2 r2
  read -r w c r <<<"$1"
  read -r w2 c2 r2 <<<"$2"
  if (($(echo "$w2 < $w" | bc))); then w=$w2; fi
  if (($(echo "$c2 < $c" | bc))); then c=$c2; fi
  if ((r2 > r)); then r=$r2; fi
  echo "$w $c $r"
}

# in_mb FIGURES: `once`'s or `best`'s figures ("wall cpu rss-KB") with the peak RSS in MB.
in_mb() {
  local w c r
  read -r w c r <<<"$1"
  echo "$w $c $((r / 1024))"
}

# best WALL CPU RSS over $runs runs of "$@": minimum wall and CPU time, the largest peak RSS
# in MB.
measure() {
  local b=""
  for _ in $(seq "$runs"); do
    b=$(best "$b" "$(once "$@")")
  done
  in_mb "$b"
}

# row LABEL FLOOR_WALL FLOOR_CPU JOB_WALL JOB_CPU RSS
row() {
  printf '  %-34s %7.3f s  %6.2fx   cpu %7.3f s  %6.2fx   %5d MB\n' \
    "$1" "$4" "$(echo "$4 / $2" | bc -l)" "$5" "$(echo "$5 / $3" | bc -l)" "$6"
}

floor_row() {
  printf '  %-34s %7.3f s   1.00x   cpu %7.3f s   1.00x   %5d MB\n' "$1" "$2" "$3" "$4"
}

# median VALUE...: the middle value (the upper of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | sed -n "$(($# / 2 + 1))p"
}

# turns_row LABEL RATIO...: the median of the ratios of the job's wall time to its floor's,
# one per turn. A turn's runs follow each other within a fraction of a second, so a slower
# spell falls on both alike, and one fast outlier of either side (which the best-of figures
# take) moves the median little: on this machine the best-of ratio of the big diff moved
# between 1.36x and 1.88x over four runs of the suite.
turns_row() {
  local label=$1
  shift
  printf '  %-34s %7s    %6.2fx   (median of %d turns)\n' "$label" "" "$(median "$@")" "$#"
}

# diff_vs_floor PAIR_DIR JOB_MODE FLOOR_LABEL: `weir diff` on the pair next to `job JOB_MODE`
# on the same two files; leaves base, rev, name and the floor's fw fc set for the caller.
# The two take turns, 3 × $runs runs each (a run takes 0.03–0.25 s), so that a slower spell of
# the machine falls on both alike (run in blocks, one spell once put a 40 ms GitHub diff at
# 1.77x its floor; with three turns each, one put another at 1.74x).
diff_vs_floor() {
  base=$(ls "$1"base_*); rev=$(ls "$1"revision_*)
  name=$(basename "$1" | cut -d_ -f1)
  local mb f="" d="" fr dw dc dr one_f one_d ratios=()
  mb=$(echo "($(stat -c %s "$base") + $(stat -c %s "$rev")) / 1000000" | bc -l)
  for _ in $(seq $((3 * runs))); do
    one_f=$(once "$job" "$2" "$base" "$rev")
    one_d=$(once "$weir" diff "$base" "$rev" --format json)
    f=$(best "$f" "$one_f")
    d=$(best "$d" "$one_d")
    ratios+=("$(echo "${one_d%% *} / ${one_f%% *}" | bc -l)")
  done
  read -r fw fc fr < <(in_mb "$f")
  read -r dw dc dr < <(in_mb "$d")
  printf ' %s (%.1f MB)\n' "$name" "$mb"
  floor_row "$3" "$fw" "$fc" "$fr"
  row "weir diff --format json" "$fw" "$fc" "$dw" "$dc" "$dr"
  turns_row "weir diff, turn by turn" "${ratios[@]}"
}

# big_diff_rows BASE REVISION FORMAT: the diff of BASE and REVISION next to the self-diff of
# BASE (the floor issue 15 names) and, as a second floor, the mean of both files' self-diffs
# (the diff reads both files; a self-diff of the base reads the smaller one twice). The three
# take turns, 3 × $runs runs each, so that a slower spell of the machine (other processes,
# seen to add 20 % for minutes) falls on all three alike.
big_diff_rows() {
  local bw bc br rw rc rr dw dc dr b="" r="" d="" one_b one_r one_d by_base=() by_mean=()
  for _ in $(seq $((3 * runs))); do
    one_b=$(once "$weir" diff "$1" "$1" --format "$3")
    one_r=$(once "$weir" diff "$2" "$2" --format "$3")
    one_d=$(once "$weir" diff "$1" "$2" --format "$3")
    b=$(best "$b" "$one_b")
    r=$(best "$r" "$one_r")
    d=$(best "$d" "$one_d")
    by_base+=("$(echo "${one_d%% *} / ${one_b%% *}" | bc -l)")
    by_mean+=("$(echo "2 * ${one_d%% *} / (${one_b%% *} + ${one_r%% *})" | bc -l)")
  done
  read -r bw bc br < <(in_mb "$b")
  read -r rw rc rr < <(in_mb "$r")
  read -r dw dc dr < <(in_mb "$d")
  floor_row "base self-diff --format $3 (floor)" "$bw" "$bc" "$br"
  row "$changes changes --format $3" "$bw" "$bc" "$dw" "$dc" "$dr"
  turns_row "turn by turn" "${by_base[@]}"
  local mw mc
  mw=$(echo "($bw + $rw) / 2" | bc -l); mc=$(echo "($bc + $rc) / 2" | bc -l)
  floor_row "mean of both self-diffs" "$mw" "$mc" "$rr"
  row "$changes changes, against the mean" "$mw" "$mc" "$dw" "$dc" "$dr"
  turns_row "turn by turn" "${by_mean[@]}"
}

echo "weir $(git describe --always --dirty) on $(nproc) cores; best of $runs runs"
echo

if [[ -d $corpus/pairs ]]; then
  echo "== Stripe adjacent pairs: weir diff (and weir check on pair4) vs parsing both files"
  for dir in "$corpus"/pairs/*/; do
    diff_vs_floor "$dir" parse "parse both (floor)"
    if [[ $name == pair4 ]]; then
      repo=$work/check-repo
      rm -rf "$repo"; mkdir -p "$repo/api"
      cp "$base" "$repo/api/openapi.yaml"
      git -C "$repo" init -q
      git -C "$repo" -c user.name=bench -c user.email=bench@example.com \
        commit -q --allow-empty -m init
      git -C "$repo" add api
      git -C "$repo" -c user.name=bench -c user.email=bench@example.com commit -q -m base
      git -C "$repo" tag v1.0.0
      cp "$rev" "$repo/api/openapi.yaml"
      read -r cw cc cr < <(cd "$repo" && measure "$weir" check --spec api/openapi.yaml --version 2.0.0)
      row "weir check (tag v1.0.0 vs tree)" "$fw" "$fc" "$cw" "$cc" "$cr"
    fi
  done
  echo
fi

if [[ -d $github/pairs ]]; then
  echo "== GitHub JSON pairs: weir diff vs serde_json parsing both files into Values"
  for dir in "$github"/pairs/*/; do
    diff_vs_floor "$dir" serde-json "serde_json, both files (floor)"
  done
  echo
  # The oldest base against the newest revision: thousands of changes. Its floor is the
  # self-diff of the base (the smaller file: the ratio errs high), which finds none; the
  # mean of both files' self-diffs is shown too.
  bases=("$github"/pairs/*/base_*) revisions=("$github"/pairs/*/revision_*)
  oldest=${bases[0]}
  newest=${revisions[-1]}
  changes=$("$weir" diff "$oldest" "$newest" --format json | grep -c '"fingerprint":' || true)
  echo "== A diff with $changes changes vs the self-diff of its base ($(basename "$oldest") → $(basename "$newest"))"
  for format in json text; do
    big_diff_rows "$oldest" "$newest" "$format"
  done
  echo
fi

# The same for YAML: two Stripe snapshots about two years apart (WEIR_SPACED overrides the
# pair: two file names in $corpus/spaced).
read -r old new <<<"${WEIR_SPACED:-2021-02-19_eba69d9_spec3.yaml 2023-03-29_81b9d69_spec3.yaml}"
if [[ -f $corpus/spaced/$old && -f $corpus/spaced/$new ]]; then
  oldest=$corpus/spaced/$old
  newest=$corpus/spaced/$new
  changes=$("$weir" diff "$oldest" "$newest" --format json 2>/dev/null | grep -c '"fingerprint":' || true)
  echo "== Stripe, a diff with $changes changes vs the self-diff of its base ($old → $new)"
  big_diff_rows "$oldest" "$newest" json
  echo
fi

if [[ -f $corpus/history.bundle ]]; then
  echo "== weir log over history.bundle vs reading and parsing each revision once"
  git clone -q "$corpus/history.bundle" "$work/history" 2>/dev/null
  spec=$(cd "$work/history" && git ls-files | grep -m1 'spec3.yaml')
  n=$(git -C "$work/history" rev-list --count HEAD)
  saved=$runs; runs=$(( runs > 3 ? 3 : runs ))
  read -r fw fc fr < <(cd "$work/history" && measure "$job" parse-history . "$spec")
  read -r lw lc lr < <(cd "$work/history" && measure "$weir" log --spec "$spec" --format json)
  runs=$saved
  printf ' %s revisions of %s, %s threads\n' "$n" "$spec" "$(nproc)"
  floor_row "parse every revision (floor)" "$fw" "$fc" "$fr"
  row "weir log --format json" "$fw" "$fc" "$lw" "$lc" "$lr"
  printf '  %-34s %7.1f revisions/s\n' "weir log throughput" "$(echo "$n / $lw" | bc -l)"
  echo
fi

echo "== Synthetic pairs: cost per MB (linear growth means a flat ms/MB column)"
printf '  %-8s %10s %10s %10s %10s %8s\n' size parse-ms diff-ms parse-ms/MB diff-ms/MB rss-MB
for s in "${sizes[@]}"; do
  "$synth" "$s" "$work/synth-$s"
  b=$work/synth-$s/base.yaml; r=$work/synth-$s/revision.yaml
  mb=$(echo "($(stat -c %s "$b") + $(stat -c %s "$r")) / 1000000" | bc -l)
  read -r fw _ _ < <(measure "$job" parse "$b" "$r")
  read -r dw _ dr < <(measure "$weir" diff "$b" "$r" --format json)
  printf '  %5.1f MB %10.0f %10.0f %10.1f %10.1f %8d\n' "$mb" \
    "$(echo "$fw * 1000" | bc -l)" "$(echo "$dw * 1000" | bc -l)" \
    "$(echo "$fw * 1000 / $mb" | bc -l)" "$(echo "$dw * 1000 / $mb" | bc -l)" "$dr"
  rm -rf "$work/synth-$s"
done
