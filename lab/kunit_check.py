#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that every fadump KUnit suite ran at boot, all of its cases, and passed.

usage: kunit_check.py [--platform pseries|powernv] REPO DMESG

The suites are read from the KUnit sources of the series that a kernel of
the platform (default pseries) builds: arch/powerpc/kernel/fadump*kunit*.c
and, for pseries, arch/powerpc/platforms/pseries/rtas-fadump*kunit*.c, for
powernv arch/powerpc/platforms/powernv/opal-fadump*kunit*.c (whatever the
files are called): each "struct kunit_suite" gives its .name and, through .test_cases,
the case array whose KUNIT_CASE*() entries are counted. The KTAP in the boot
log DMESG must then show, for each suite:

    # Subtest: NAME        (the suite ran)
    1..N                   (N = the cases in the source)
    ok K CASE              (N case results at the suite's level, all ok,
                            none skipped)
    ok K NAME              (the suite's own result)

Prints "PASS kunit-suite NAME (N cases)" or "FAIL kunit-suite NAME: why"
per suite, and a FAIL line if no suite is found in the sources.
Exit status 1 if any check failed.
"""
import glob
import os
import re
import sys

PLATFORMS = {
    "pseries": ["arch/powerpc/kernel/fadump*kunit*.c",
                "arch/powerpc/platforms/pseries/rtas-fadump*kunit*.c"],
    "powernv": ["arch/powerpc/kernel/fadump*kunit*.c",
                "arch/powerpc/platforms/powernv/opal-fadump*kunit*.c"],
}
SOURCES = PLATFORMS["pseries"]


def strip_comments(src):
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    return re.sub(r"//[^\n]*", "", src)


def source_suites(repo):
    """{suite name: (number of cases, source file)} from the KUnit sources."""
    suites = {}
    for pattern in SOURCES:
        for path in sorted(glob.glob(os.path.join(repo, pattern))):
            src = strip_comments(open(path, encoding="utf-8").read())
            cases = {}
            # attributes (__maybe_unused, ...) may come before the "="
            for m in re.finditer(r"struct\s+kunit_case\s+(\w+)\s*\[\s*\][^=;{]*=\s*\{(.*?)\};",
                                 src, re.S):
                cases[m.group(1)] = len(re.findall(r"\bKUNIT_CASE\w*\s*\(", m.group(2)))
            for m in re.finditer(r"struct\s+kunit_suite\s+(\w+)[^=;{(]*=\s*\{(.*?)\};", src, re.S):
                body = m.group(2)
                name = re.search(r"\.name\s*=\s*\"([^\"]+)\"", body)
                arr = re.search(r"\.test_cases\s*=\s*(\w+)", body)
                if not name or not arr:
                    continue
                rel = os.path.relpath(path, repo)
                suites[name.group(1)] = (cases.get(arr.group(1), -1), rel)
    return suites


def ktap(dmesg):
    """{suite name: dict(plan, cases=[(ok, skip, name)], result)} from the log."""
    out = {}
    cur = None
    for raw in open(dmesg, encoding="utf-8", errors="replace"):
        line = re.sub(r"^\[\s*\d+\.\d+\] ?", "", raw.rstrip("\n"))
        m = re.match(r"^    # Subtest: (\S+)$", line)
        if m:
            cur = {"plan": None, "cases": [], "result": None}
            out[m.group(1)] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"^    1\.\.(\d+)$", line)
        if m and cur["plan"] is None:
            cur["plan"] = int(m.group(1))
            continue
        m = re.match(r"^    (not )?ok \d+ (\S+)(.*)$", line)
        if m:
            cur["cases"].append((not m.group(1), "# SKIP" in m.group(3), m.group(2)))
            continue
        m = re.match(r"^(not )?ok \d+ (\S+)", line)
        if m and m.group(2) in out:
            out[m.group(2)]["result"] = not m.group(1)
            cur = None
    return out


def check_suite(name, want, ran):
    """Problems of one suite: want = case count from the source."""
    if ran is None:
        return ["defined in the source but did not run (no '# Subtest: %s')" % name]
    bad = []
    if want < 0:
        bad.append("its case array was not found in the source")
    if ran["plan"] != want:
        bad.append("plan 1..%s, the source has %d cases" % (ran["plan"], want))
    if len(ran["cases"]) != want:
        bad.append("%d case results, the source has %d cases" % (len(ran["cases"]), want))
    failed = [c for ok, _, c in ran["cases"] if not ok]
    if failed:
        bad.append("failed: %s" % " ".join(failed))
    skipped = [c for ok, skip, c in ran["cases"] if ok and skip]
    if skipped:
        bad.append("skipped: %s" % " ".join(skipped))
    if ran["result"] is not True:
        bad.append("suite result %s" % {None: "missing", False: "not ok"}[ran["result"]])
    return bad


def main(argv):
    global SOURCES
    if len(argv) == 5 and argv[1] == "--platform" and argv[2] in PLATFORMS:
        SOURCES = PLATFORMS[argv[2]]
        argv = argv[:1] + argv[3:]
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    repo, dmesg = argv[1], argv[2]
    suites = source_suites(repo)
    failed = 0
    if not suites:
        print("FAIL kunit-sources: no struct kunit_suite in %s" % " ".join(SOURCES))
        return 1
    if not os.path.exists(dmesg):
        print("FAIL kunit-log: %s does not exist" % dmesg)
        return 1
    ran = ktap(dmesg)
    for name, (want, src) in sorted(suites.items()):
        bad = check_suite(name, want, ran.get(name))
        if bad:
            failed = 1
            print("FAIL kunit-suite %s (%s): %s" % (name, src, "; ".join(bad)))
        else:
            print("PASS kunit-suite %s (%d cases)" % (name, want))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
