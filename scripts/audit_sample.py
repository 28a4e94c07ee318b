#!/usr/bin/env python3
"""Audit weir's breaking verdicts on a real spec history (issue 17).

Collects every breaking finding `weir diff --format json` reports over a corpus, samples N of
them with a fixed seed, prints a dossier per sampled finding (the two spec texts at its
pointers, `$ref`s resolved one level, the text hunks that touch it) for a human to judge, joins
the human's verdicts (a TSV file) to compute the precision, and measures findings per edit.

    scripts/audit_sample.py --corpus stripe --seed 17 -n 50 --judgments docs/audit/stripe-before.tsv
    scripts/audit_sample.py --corpus stripe --seed 17 -n 50 --dossier     # the texts to judge
    scripts/audit_sample.py --corpus github --seed 17 -n 20

Corpora: `stripe` clones ../shared/corpus/stripe/history.bundle and diffs every adjacent pair
of the first-parent history of openapi/spec3.yaml; `github` diffs the four pairs in
../shared/corpus/github/pairs. weir's JSON per pair is cached under
target/audit/<corpus>/<hash of the weir binary>/, so a rebuilt weir is measured afresh.
Standard library only. See docs/audit/README.md for the method.
"""

import argparse
import collections
import hashlib
import json
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.environ.get("WEIR_CORPUS", os.path.join(ROOT, "..", "shared", "corpus"))
VERDICTS = ("real", "duplicate", "misattributed", "debatable", "false-alarm")
EXCERPT_LINES = 30


def run(args, cwd=None):
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[:400]}")
    return done.stdout


# ---------------------------------------------------------------- corpora: pairs of spec texts


class GitHistory:
    """Adjacent revisions of one spec on the first-parent history of a git repository."""

    def __init__(self, repo, spec):
        self.repo, self.spec, self.cwd = repo, spec, repo
        shas = run(["git", "log", "--first-parent", "--format=%H", "--reverse", "--", spec], repo)
        shas = shas.split()
        self.pairs = [(f"{a[:10]}..{b[:10]}", a, b) for a, b in zip(shas, shas[1:])]
        self._texts = {}

    def locators(self, pair):
        _, a, b = pair
        return f"{a}:{self.spec}", f"{b}:{self.spec}"

    def text(self, pair, side):
        sha = pair[1] if side == "base" else pair[2]
        if sha not in self._texts:
            if len(self._texts) > 6:
                self._texts.clear()
            self._texts[sha] = run(["git", "show", f"{sha}:{self.spec}"], self.repo).split("\n")
        return self._texts[sha]

    def text_diff(self, pair):
        _, a, b = pair
        return run(["git", "diff", "-U0", "--no-color", "--diff-algorithm=histogram", a, b, "--", self.spec], self.repo)


class FilePairs:
    """Folders holding one base_*.json and one revision_*.json each."""

    def __init__(self, folder):
        self.cwd = folder
        self.pairs = []
        for name in sorted(os.listdir(folder)):
            files = sorted(os.listdir(os.path.join(folder, name)))
            base = next(f for f in files if f.startswith("base"))
            rev = next(f for f in files if f.startswith("revision"))
            self.pairs.append((name.split("_")[0], f"{name}/{base}", f"{name}/{rev}"))
        self._texts = {}

    def locators(self, pair):
        return pair[1], pair[2]

    def text(self, pair, side):
        path = os.path.join(self.cwd, pair[1] if side == "base" else pair[2])
        if path not in self._texts:
            with open(path, encoding="utf-8") as f:
                self._texts[path] = f.read().split("\n")
        return self._texts[path]

    def text_diff(self, pair):
        done = subprocess.run(["git", "diff", "--no-index", "-U0", "--no-color", "--diff-algorithm=histogram", pair[1], pair[2]],
                              cwd=self.cwd, capture_output=True, text=True)
        return done.stdout


def open_corpus(name, cache):
    if name == "github":
        return FilePairs(os.path.join(CORPUS, "github", "pairs"))
    clone = os.path.join(cache, "stripe-history")
    if not os.path.isdir(clone):
        bundle = os.path.join(CORPUS, "stripe", "history.bundle")
        run(["git", "clone", "-q", bundle, clone])
    return GitHistory(clone, "openapi/spec3.yaml")


# ---------------------------------------------------------------- findings


def weir_findings(corpus, weir, cache, jobs):
    """Every breaking finding of every pair, in pair order then in weir's order."""
    with open(weir, "rb") as f:
        build = hashlib.sha256(f.read()).hexdigest()[:12]
    folder = os.path.join(cache, build)
    os.makedirs(folder, exist_ok=True)

    def diff(index_pair):
        index, pair = index_pair
        path = os.path.join(folder, f"{index:04d}.json")
        if not os.path.exists(path):
            base, rev = corpus.locators(pair)
            out = run([weir, "diff", "-q", base, rev, "--format", "json"], corpus.cwd)
            with open(path + ".tmp", "w") as f:
                f.write(out)
            os.replace(path + ".tmp", path)
        with open(path) as f:
            return json.load(f)["changes"]

    with ThreadPoolExecutor(jobs) as pool:
        reports = list(pool.map(diff, enumerate(corpus.pairs)))
    population = []
    for pair, changes in zip(corpus.pairs, reports):
        seen = collections.Counter()
        for change in changes:
            if change["level"] != "breaking":
                continue
            key = f"{pair[0].split('..')[-1]}:{change['fingerprint']}"
            seen[key] += 1
            if seen[key] > 1:
                key += f"/{seen[key]}"
            population.append({"pair": pair, "key": key, "change": change})
    return population, build


def draw(population, seed, n, per_rule):
    """Uniform over findings, or (per_rule) up to that many findings of every rule."""
    rng = random.Random(seed)
    if per_rule:
        by_rule = collections.defaultdict(list)
        for i, item in enumerate(population):
            by_rule[item["change"]["rule"]].append(i)
        picked = []
        for rule in sorted(by_rule):
            indexes = by_rule[rule]
            picked += rng.sample(indexes, min(per_rule, len(indexes)))
        return [population[i] for i in sorted(picked)]
    return [population[i] for i in sorted(rng.sample(range(len(population)), n))]


# ---------------------------------------------------------------- spec text by line


def indent(line):
    return len(line) - len(line.lstrip(" "))


def node_span(lines, line, column):
    """The lines (1-based, inclusive) of the node weir located at line:column.

    A mapping key owns the following lines indented deeper than it (and, in YAML, a block
    sequence written at the key's own indentation); a sequence item owns the lines aligned
    with its content. Closing brackets of JSON are included."""
    start = line
    if start < 1 or start > len(lines):
        return start, start
    first = lines[start - 1]
    col = column - 1
    is_item = col >= 2 and first[:col].rstrip().endswith("-")
    own = col if is_item else indent(first)
    end = start
    for number in range(start + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        depth = indent(text)
        if is_item and depth >= own:
            end = number
        elif not is_item and depth > own:
            end = number
        elif not is_item and depth == own and text.lstrip().startswith("- ") and \
                first.rstrip().endswith(":"):
            end = number
        elif depth == own and text.strip() in ("}", "},", "]", "],"):
            end = number
            break
        else:
            break
    return start, end


def pointer_line(lines, pointer):
    """Line (1-based) of a `#/a/b` pointer made of mapping keys, by indentation; None if not found."""
    segments = [s.replace("~1", "/").replace("~0", "~") for s in pointer.lstrip("#/").split("/")]
    lo, hi, parent = 1, len(lines), -1
    for segment in segments:
        child = None
        patterns = (f"{segment}:", f"'{segment}':", f'"{segment}":')
        for number in range(lo, hi + 1):
            text = lines[number - 1]
            if not text.strip():
                continue
            if child is None and indent(text) > parent:
                child = indent(text)
            if child is not None and indent(text) == child and text.strip().startswith(patterns):
                lo, hi = node_span(lines, number, child + 1)
                parent = child
                break
        else:
            return None
    return lo


def excerpt(lines, start, end, limit=EXCERPT_LINES):
    """The lines start..end without descriptions, at most `limit` lines, each at most 160 chars."""
    out, skip_deeper = [], None
    for number in range(start, end + 1):
        text = lines[number - 1]
        if skip_deeper is not None and (not text.strip() or indent(text) > skip_deeper):
            continue
        skip_deeper = None
        stripped = text.strip()
        if re.match(r'^"?description"?:', stripped):
            if not stripped.endswith(","):
                skip_deeper = indent(text)
            continue
        out.append(f"{number:>6} {text[:160]}")
    if len(out) > limit:
        out = out[:limit] + [f"       … {len(out) - limit} more lines"]
    return out


def refs_in(lines):
    found = []
    for text in lines:
        match = re.search(r"""\$ref"?:\s*['"]?(#/[^'"\s,]+)""", text)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


# ---------------------------------------------------------------- text hunks and edits


def hunks_of(diff_text):
    """(base_start, base_count, rev_start, rev_count, text) of every `git diff -U0` hunk."""
    hunks = []
    for block in re.split(r"\n(?=@@ )", diff_text):
        match = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", block)
        if match:
            b, bc, r, rc = match.groups()
            hunks.append((int(b), int(bc or 1), int(r), int(rc or 1), block))
    return hunks


def touching(hunks, span, side):
    """Indexes of the hunks whose lines on `side` fall inside span (an insertion counts when it
    lands strictly inside the span)."""
    lo, hi = span
    found = []
    for index, (b, bc, r, rc, _) in enumerate(hunks):
        start, count = (b, bc) if side == "base" else (r, rc)
        if count == 0:
            if lo <= start < hi:
                found.append(index)
        elif start <= hi and start + count - 1 >= lo:
            found.append(index)
    return found


def parent_span(lines, span):
    """The span of the node that holds the node at span: the nearest line above it that is
    indented less."""
    start = span[0]
    own = indent(lines[start - 1])
    for number in range(start - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and indent(text) < own:
            return node_span(lines, number, indent(text) + 1)
    return None


class Edits:
    """Maps each finding to the text edit that caused it (see docs/audit/README.md)."""

    MAX_HUNKS_PER_NODE = 3
    MAX_NODE_LINES = 20

    def __init__(self, corpus):
        self.corpus = corpus
        self._hunks = {}

    def hunks(self, pair):
        if pair not in self._hunks:
            self._hunks[pair] = hunks_of(self.corpus.text_diff(pair))
        return self._hunks[pair]

    def spans(self, item):
        change, pair = item["change"], item["pair"]
        result = {}
        for side in ("base", "revision"):
            where = change[side]
            lines = self.corpus.text(pair, side)
            result[side] = node_span(lines, where["line"], where["column"])
        return result

    def hunks_of_finding(self, item):
        """(hunks, coarse): the hunks that touch the finding's located nodes. On each side, the
        hunks inside the node (or, when none is, inside its parent or grandparent); a side counts
        when its node is small (at most MAX_NODE_LINES lines, at most MAX_HUNKS_PER_NODE hunks),
        so that two findings share a hunk only when they point at the same few lines. When no
        side is small, the first hunk of the smaller node stands for the edit (coarse)."""
        hunks, pair = self.hunks(item["pair"]), item["pair"]
        found = []
        for side, span in self.spans(item).items():
            lines = self.corpus.text(pair, side)
            for _ in range(3):
                touched = touching(hunks, span, side)
                if touched:
                    found.append((span, touched))
                    break
                span = parent_span(lines, span)
                if span is None:
                    break
        small = [touched for span, touched in found if span[1] - span[0] < self.MAX_NODE_LINES
                 and len(touched) <= self.MAX_HUNKS_PER_NODE]
        if small:
            return sorted(set().union(*small)), False
        if found:
            return [min((span[1] - span[0], touched) for span, touched in found)[1][0]], True
        return [], False


def findings_per_edit(population, edits):
    """Groups the findings into edits: two findings of one pair belong to one edit when their
    hunk sets share a hunk (transitively); a finding no hunk touches is an edit of its own."""
    parent = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    coarse = unchanged = 0
    for item in population:
        hunk_ids, was_coarse = edits.hunks_of_finding(item)
        coarse += was_coarse
        if not hunk_ids:
            unchanged += 1
            item["hunks"] = [f"{item['pair'][0]}@unchanged:{item['change']['revision']['pointer']}"]
        else:
            item["hunks"] = [f"{item['pair'][0]}@hunk{h}" for h in hunk_ids]
        for other in item["hunks"][1:]:
            parent[find(other)] = find(item["hunks"][0])
    groups = collections.defaultdict(list)
    for item in population:
        item["edit"] = find(item["hunks"][0])
        groups[item["edit"]].append(item)
    sizes = sorted((len(v) for v in groups.values()), reverse=True)
    return groups, sizes, coarse, unchanged


def in_big_hunks(population, edits, limit=40):
    """How many findings fall in a hunk of more than `limit` lines on a side: there the text diff
    lumps unrelated edits together and the grouping undercounts edits."""
    count = 0
    for item in population:
        for name in item["hunks"]:
            if "@hunk" in name:
                b, bc, r, rc, _ = edits.hunks(item["pair"])[int(name.split("@hunk")[1])]
                if max(bc, rc) > limit:
                    count += 1
                    break
    return count


# ---------------------------------------------------------------- reports


def rule_table(population, sample):
    pop = collections.Counter(i["change"]["rule"] for i in population)
    smp = collections.Counter(i["change"]["rule"] for i in sample)
    rows = ["| rule | population | % | sample | % |", "|---|---:|---:|---:|---:|"]
    for rule, count in sorted(pop.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(f"| {rule} | {count} | {100 * count / len(population):.1f} | {smp[rule]} | "
                    f"{100 * smp[rule] / max(1, len(sample)):.1f} |")
    rows.append(f"| **all** | {len(population)} | 100 | {len(sample)} | 100 |")
    return rows


def edit_report(population, groups, sizes, coarse, unchanged):
    buckets = collections.Counter(
        "1" if s == 1 else "2–5" if s <= 5 else "6–20" if s <= 20 else "> 20" for s in sizes)
    out = [f"- breaking findings: {len(population)}; edits that caused at least one: {len(sizes)}; "
           f"**findings per edit: {len(population) / max(1, len(sizes)):.2f}** "
           f"(median {sizes[len(sizes) // 2] if sizes else 0}, largest {sizes[0] if sizes else 0})",
           "- edits by number of findings: " + ", ".join(
               f"{k}: {buckets[k]}" for k in ("1", "2–5", "6–20", "> 20")),
           f"- findings located so coarsely that their edit is a guess (no located node of at most "
           f"{Edits.MAX_NODE_LINES} lines holding at most {Edits.MAX_HUNKS_PER_NODE} hunks): {coarse}; "
           f"whose nodes, parents and "
           f"grandparents did not change at all: {unchanged}",
           "", "Largest edits:", ""]
    for edit, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]:
        rules = collections.Counter(i["change"]["rule"] for i in items)
        out.append(f"- `{edit}`: {len(items)} findings ({', '.join(f'{r} ×{c}' for r, c in rules.most_common())})"
                   f" — e.g. “{items[0]['change']['message'][:120]}”")
    return out


def read_judgments(path):
    judged = {}
    if not path or not os.path.exists(path):
        return judged
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 4 or fields[1] not in VERDICTS:
                sys.exit(f"{path}:{number}: want key<TAB>verdict<TAB>class<TAB>note, verdict one of {VERDICTS}")
            judged[fields[0]] = {"verdict": fields[1], "class": fields[2], "note": fields[3]}
    return judged


def sample_table(sample, judged, prefix):
    rows = ["| # | pair | rule | message | first operation (of n) | findings of its edit | verdict | class | why |",
            "|---|---|---|---|---|---:|---|---|---|"]
    for number, item in enumerate(sample, 1):
        change, j = item["change"], judged.get(item["key"], {})
        message = change["message"].replace("|", "\\|")
        rows.append(f"| {prefix}{number:02d} | `{item['key']}` | {change['rule']} | {message[:140]} | "
                    f"{change['operation']} ({len(change['operations'])}) | {item['edit_size']} | "
                    f"{j.get('verdict', '**unjudged**')} | {j.get('class', '')} | {j.get('note', '')} |")
    return rows


def wilson(successes, total, z=1.96):
    """The 95 % Wilson score interval of a proportion: unlike the normal approximation it stays
    inside [0, 1] and is honest near 100 %, where a sample of 50 tells little."""
    if not total:
        return 0.0, 1.0
    p = successes / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def precision(sample, judged):
    verdicts = collections.Counter(judged[i["key"]]["verdict"] for i in sample if i["key"] in judged)
    total = sum(verdicts.values())
    if not total:
        return ["- no verdicts yet"]
    real = verdicts["real"]
    low, high = wilson(real, total)
    out = [f"- judged {total} of {len(sample)}: " + ", ".join(f"{v} {verdicts[v]}" for v in VERDICTS),
           f"- **precision (real / judged): {real}/{total} = {100 * real / total:.0f} %** "
           f"(95 % Wilson interval {100 * low:.0f}–{100 * high:.0f} %); "
           f"real or misattributed (a true break, shown wrong): {real + verdicts['misattributed']}/{total} "
           f"= {100 * (real + verdicts['misattributed']) / total:.0f} %"]
    classes = collections.Counter(judged[i["key"]]["class"] for i in sample
                                  if i["key"] in judged and judged[i["key"]]["verdict"] != "real")
    if classes:
        out.append("- classes of the rest, by weight: " +
                   ", ".join(f"{c} ×{n}" for c, n in classes.most_common()))
    notes = collections.Counter(judged[i["key"]]["class"] for i in sample
                                if i["key"] in judged and judged[i["key"]]["verdict"] == "real"
                                and judged[i["key"]]["class"] != "-")
    if notes:
        out.append("- real findings with a defect beside the verdict: " +
                   ", ".join(f"{c} ×{n}" for c, n in notes.most_common()))
    broken = {i["edit"]: i["edit_size"] for i in sample if i["key"] in judged
              and judged[i["key"]]["verdict"] in ("real", "duplicate", "misattributed")}
    if broken:
        out.append(f"- findings per real edit: the {len(broken)} edits of the sample that hold a real "
                   f"break caused {sum(broken.values())} breaking findings: "
                   f"**{sum(broken.values()) / len(broken):.2f} per real edit** "
                   f"(without the largest: {(sum(broken.values()) - max(broken.values())) / max(1, len(broken) - 1):.2f})")
    return out


def weighted_precision(population, sample, judged):
    """The per-rule sample's second estimate of the uniform precision: each rule's share of real
    verdicts, weighted by that rule's share of the population."""
    pop = collections.Counter(i["change"]["rule"] for i in population)
    by_rule = collections.defaultdict(list)
    for item in sample:
        if item["key"] in judged:
            by_rule[item["change"]["rule"]].append(judged[item["key"]]["verdict"] == "real")
    covered = sum(pop[rule] for rule in by_rule)
    if not covered:
        return []
    estimate = sum(pop[rule] * sum(real) / len(real) for rule, real in by_rule.items()) / covered
    return [f"- weighted by each rule's share of the population ({covered} of {len(population)} "
            f"findings in the judged rules): **{100 * estimate:.0f} %**"]


def after_report(sample, judged, groups, after_population, edits, after_build):
    """Findings per real edit with another weir build (`--after`): the real edits are the ones
    the judged sample of this build found (an edit is the set of text hunks its findings
    touch); an after finding belongs to one when its hunks meet that set. Edits are text, so
    the two builds are measured on the same edits whatever their findings look like."""
    real = {i["edit"] for i in sample if judged.get(i["key"], {}).get("verdict")
            in ("real", "duplicate", "misattributed")}
    if not real:
        return ["- no judged real edit to compare"]
    hunks = {e: {h for item in groups[e] for h in item["hunks"]} for e in real}
    before = {e: len(groups[e]) for e in real}
    after = collections.Counter()
    for item in after_population:
        item["hunks"] = [f"{item['pair'][0]}@hunk{h}" for h in edits.hunks_of_finding(item)[0]]
        for e in real:
            if hunks[e] & set(item["hunks"]):
                after[e] += 1
    largest = max(real, key=lambda e: (before[e], e))
    rows = [f"- the {len(real)} real edits of the sample: **{sum(before.values()) / len(real):.2f} "
            f"findings per real edit** with this build, **{sum(after.values()) / len(real):.2f}** with "
            f"build {after_build} ({sum(before.values())} → {sum(after.values())} breaking findings; "
            f"without the largest edit, {(sum(before.values()) - before[largest]) / max(1, len(real) - 1):.2f} → "
            f"{(sum(after.values()) - after[largest]) / max(1, len(real) - 1):.2f})",
            f"- breaking findings in the whole history: {len(after_population)} with build {after_build}",
            "", "| edit | findings before | after |", "|---|---:|---:|"]
    for e in sorted(real, key=lambda e: (-before[e], e)):
        rows.append(f"| `{e}` | {before[e]} | {after[e]} |")
    return rows


def dossier(corpus, edits, label, item):
    change, pair = item["change"], item["pair"]
    print(f"\n{'=' * 100}\n{label}  {item['key']}  pair {pair[0]}  edit {item.get('edit', '?')}")
    print(f"rule {change['rule']}  ({change['direction']}, {change['context']})")
    print(f"message: {change['message']}")
    print(f"operations ({len(change['operations'])}): {', '.join(change['operations'][:6])}")
    witness = change.get("witness") or {}
    if witness:
        print(f"witness found={witness.get('found')} invalid_in={witness.get('invalid_in')} "
              f"at {witness.get('pointer')}: {str(witness.get('reason'))[:200]}")
    spans = edits.spans(item)
    for side in ("base", "revision"):
        where = change[side]
        lines = corpus.text(pair, side)
        start, end = spans[side]
        print(f"--- {side} {where['pointer']} (lines {start}-{end})")
        shown = excerpt(lines, start, end)
        print("\n".join(shown))
        for ref in refs_in(shown)[:3]:
            at = pointer_line(lines, ref)
            if at:
                print(f"    ↳ {ref}")
                print("\n".join(excerpt(lines, *node_span(lines, at, indent(lines[at - 1]) + 1), limit=20)))
    hunks = edits.hunks(pair)
    shown = set()
    for side in ("base", "revision"):
        shown.update(touching(hunks, spans[side], side))
    for index in sorted(shown)[:3]:
        text = hunks[index][4].split("\n")
        print(f"--- text hunk {index}")
        print("\n".join(line[:160] for line in text[:25]))
        if len(text) > 25:
            print(f"… {len(text) - 25} more lines")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("stripe", "github"), default="stripe")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("-n", type=int, default=50, help="findings to sample, uniform over findings")
    parser.add_argument("--per-rule", type=int, default=0,
                        help="stratified instead: up to this many findings of every rule")
    parser.add_argument("--weir", default=os.path.join(ROOT, "target", "release", "weir"))
    parser.add_argument("--cache", default=os.path.join(ROOT, "target", "audit"))
    parser.add_argument("--judgments", help="TSV: key, verdict, class, note")
    parser.add_argument("--dossier", action="store_true", help="print the texts to judge each finding")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--after", help="another weir binary: findings per real edit of this "
                        "build's judged sample, counted with that build too")
    args = parser.parse_args()

    cache = os.path.join(args.cache, args.corpus)
    os.makedirs(cache, exist_ok=True)
    corpus = open_corpus(args.corpus, cache)
    population, build = weir_findings(corpus, os.path.abspath(args.weir), cache, args.jobs)
    sample = draw(population, args.seed, min(args.n, len(population)), args.per_rule)
    edits = Edits(corpus)
    groups, sizes, coarse, unchanged = findings_per_edit(population, edits)
    judged = read_judgments(args.judgments)
    for item in population:
        item["edit_size"] = len(groups[item["edit"]])
    prefix = "R" if args.per_rule else "S"

    way = f"up to {args.per_rule} per rule" if args.per_rule else f"{len(sample)} uniform over findings"
    print(f"# weir breaking findings on {args.corpus}: {len(corpus.pairs)} pairs, weir build {build}, "
          f"seed {args.seed}, sample {way}\n")
    print("## Findings by rule (population and sample)\n")
    print("\n".join(rule_table(population, sample)))
    print("\n## Findings per edit\n")
    print("\n".join(edit_report(population, groups, sizes, coarse, unchanged)))
    print(f"- findings inside a hunk of more than 40 lines (edits lumped together): "
          f"{in_big_hunks(population, edits)}")
    sampled_edits = collections.Counter(i["edit"] for i in sample)
    print(f"\nThe sampled findings come from {len(sampled_edits)} edits, which caused "
          f"{sum(len(groups[e]) for e in sampled_edits)} findings in all.")
    print("\n## Sample\n")
    print("\n".join(sample_table(sample, judged, prefix)))
    print("\n## Precision\n")
    print("\n".join(precision(sample, judged)))
    if args.per_rule:
        print("\n".join(weighted_precision(population, sample, judged)))
    if args.after:
        after_population, after_build = weir_findings(corpus, os.path.abspath(args.after), cache,
                                                      args.jobs)
        print(f"\n## Findings per real edit, this build and build {after_build}\n")
        print("\n".join(after_report(sample, judged, groups, after_population, edits, after_build)))
    if args.dossier:
        for number, item in enumerate(sample, 1):
            dossier(corpus, edits, f"{prefix}{number:02d}", item)


if __name__ == "__main__":
    main()
