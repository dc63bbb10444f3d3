#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Copy the facts of the last lab/test.sh run (build/run-facts.txt: the base
# it was built on, the guest packages' suite, the toolbox, the times) into
# lab/results/run-facts.txt and into the README between the markers
# "<!-- run-facts -->" and "<!-- /run-facts -->", so that no version or
# time in the README is typed by hand.
#   lab/readme-sync.sh [FACTS]   (default build/run-facts.txt)
. "$(dirname "$0")/lib.sh"

facts=${1:-$LAB_OUT/run-facts.txt}
[ -s "$facts" ] || lab_die "no $facts: run lab/test.sh first"
grep -q '^run: .*, -k ' "$facts" && lab_die "$facts is from a partial run (-k); run the whole test command"
cp "$facts" "$LAB_REPO/lab/results/run-facts.txt"
python3 - "$LAB_REPO/README.md" "$facts" <<'PY'
import sys
path, facts = sys.argv[1], open(sys.argv[2]).read().strip().splitlines()
text = open(path).read()
a, b = "<!-- run-facts -->", "<!-- /run-facts -->"
if a not in text or b not in text:
    sys.exit("README.md has no run-facts markers")
block = "\n".join(["", "```"] + facts + ["```", ""])
head, rest = text.split(a, 1)
_, tail = rest.split(b, 1)
open(path, "w").write(head + a + "\n" + block + b + tail)
PY
lab_say "README.md and lab/results/run-facts.txt now say: $(sed -n 's/^base: //p' "$facts")"
