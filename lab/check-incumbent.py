#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that our files share no code with the incumbent upstream fadump.

usage: check-incumbent.py BASE_TREE REPO

Every run of MIN_RUN or more consecutive significant lines (white space
folded; blank lines, comments, includes and lone braces skipped) that
appears in one of our files and in one of the incumbent's files is
reported, unless every line of it is an ABI definition: a hook prototype
the rest of the kernel calls, a sysfs attribute declaration (its name is
the ABI), or a field of a firmware structure (big-endian PAPR or OPAL/HDAT
fields, and their byte-sized fields, e.g. the HDAT thread header that
skiboot defines). Exit 1 if any is found.
"""
import os
import re
import sys

MIN_RUN = 3
INCUMBENT = ["arch/powerpc/kernel/fadump.c",
             "arch/powerpc/platforms/pseries/rtas-fadump.c",
             "arch/powerpc/platforms/pseries/rtas-fadump.h",
             "arch/powerpc/include/asm/fadump.h",
             "arch/powerpc/include/asm/fadump-internal.h",
             "arch/powerpc/platforms/powernv/opal-fadump.c",
             "arch/powerpc/platforms/powernv/opal-fadump.h",
             "arch/powerpc/platforms/powernv/opal-core.c",
             "Documentation/arch/powerpc/firmware-assisted-dump.rst"]
ABI = [r"__ATTR_(RO|WO|RW)\(", r"^static struct attribute \*\w+\[\] = \{$",
       r"^__be(16|32|64)\s+\w+;$", r"^u8\s+\w+(\[\d+\])?;$", r"^(extern )?(int|void|bool) \w*fadump\w*\(",
       r"^static ssize_t \w+_(show|store)\(struct kobject \*kobj,$",
       r"^(int|void) __init \w*fadump\w*\(", r"^DEFINE_SHOW_ATTRIBUTE\(",
       r"^#define pr_fmt\(fmt\) \"fadump: \" fmt$", r"^static DEFINE_MUTEX\(fadump_mutex\);$",
       r"^// SPDX-License-Identifier", r"^struct kobj_attribute \*attr,$",
       r"^struct kobj_attribute \*attr, char \*buf\)$", r"^const char \*buf, size_t count\)$",
       r"^\"\w+\",$", r"^\"fadump_\w+\"\);$", r"^if \(rc\)$", r"^rc = compat_only_sysfs_link_entry_to_kobj\(kernel_kobj,$"]


def significant(path):
    out = []
    incomment = False
    for n, raw in enumerate(open(path, errors="replace"), 1):
        line = re.sub(r"\s+", " ", raw.strip())
        if incomment:
            if "*/" in line:
                incomment = False
            continue
        if line.startswith("/*"):
            incomment = "*/" not in line
            continue
        if (not line or line.startswith(("//", "*", "#include")) or
                line in ("{", "}", "};", "});", "return 0;", "break;", "else",
                         "} else {", "return ret;", "return rc;", "..", "::")):
            continue
        out.append((n, line))
    return out


def main():
    base, repo = sys.argv[1], sys.argv[2]
    theirs = {}
    for f in INCUMBENT:
        p = os.path.join(base, f)
        if os.path.exists(p):
            lines = [l for _, l in significant(p)]
            for i in range(len(lines) - MIN_RUN + 1):
                theirs.setdefault(tuple(lines[i:i + MIN_RUN]), f)
    ours = []
    for top in ("arch", "include", "Documentation", "tools"):
        for d, _, files in os.walk(os.path.join(repo, top)):
            ours += [os.path.join(d, f) for f in files]
    found = 0
    for p in sorted(ours):
        sig = significant(p)
        lines = [l for _, l in sig]
        i = 0
        while i <= len(lines) - MIN_RUN:
            key = tuple(lines[i:i + MIN_RUN])
            if key in theirs and not all(any(re.search(a, l) for a in ABI) for l in key):
                found += 1
                print("shared with %s: %s:%d: %s" % (theirs[key], os.path.relpath(p, repo),
                                                     sig[i][0], " | ".join(key)))
                i += MIN_RUN
            else:
                i += 1
    print("%d shared run(s) of %d+ lines outside ABI definitions" % (found, MIN_RUN))
    return 1 if found else 0


sys.exit(main())
