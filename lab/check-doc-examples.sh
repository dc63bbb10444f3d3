#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check that the fadump documentation says what the code does.
#   lab/check-doc-examples.sh [--region FILE]... [--sysfs NAME=FILE]... [--dmesg FILE]...
#
# Without options it checks Documentation/arch/powerpc/firmware-assisted-dump.rst
# against arch/powerpc/kernel/fadump.c (and the pseries backend):
#  * every example block, i.e. the literal block that follows a comment
#      .. fadump-example: <kind> [<label>]
#    with <kind> one of
#      debugfs-region  lines of /sys/kernel/debug/powerpc/fadump_region
#      sysfs           a shell session: "# cat <file>" followed by its output,
#                      "# echo <value> > <file>"
#      dmesg           kernel messages (an optional "[ time ]" is ignored)
#    must match the format strings of the code (seq_printf, sysfs_emit,
#    pr_*), printed the way the kernel's vsprintf prints them, and be
#    consistent (range ends, sizes, what an echo set is what cat shows);
#  * every sysfs file of the code is in the documentation's table with
#    its mode and in Documentation/ABI/testing/sysfs-kernel-fadump; every
#    early_param, the fadump= values, the legacy names, the debugfs file
#    and the default and minimum boot memory sizes appear in the text;
#  * the document builds with Sphinx without warnings, if sphinx-build is
#    installed (docutils otherwise).
# --region/--sysfs/--dmesg check real output captured from a guest (for
# example build/runs/*/results/boot1/fadump_region.armed) the same way.
# Prints one PASS/FAIL line per check; exit status 1 if any failed.
. "$(dirname "$0")/lib.sh"

# The toolbox's python has Sphinx (lab/toolbox.sh installs it).
tb true 2>/dev/null && py="tb python3" || py=python3
$py - "$LAB_REPO" "$@" <<'PYEOF'
import os
import re
import shutil
import subprocess
import sys
import tempfile

repo = sys.argv[1]
args = sys.argv[2:]
DOC = os.path.join(repo, "Documentation/arch/powerpc/firmware-assisted-dump.rst")
ABI = os.path.join(repo, "Documentation/ABI/testing/sysfs-kernel-fadump")
CORE = os.path.join(repo, "arch/powerpc/kernel/fadump.c")
BACKEND = os.path.join(repo, "arch/powerpc/platforms/pseries/rtas-fadump.c")
BACKEND_H = os.path.join(repo, "arch/powerpc/platforms/pseries/rtas-fadump.h")
INTERNAL_H = os.path.join(repo, "arch/powerpc/include/asm/fadump-internal.h")

failed = 0


def result(ok, name, why=""):
    global failed
    if ok:
        print("PASS %s" % name)
    else:
        failed = 1
        print("FAIL %s: %s" % (name, why))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


# ---------------------------------------------------------------- C side
STR = r'"(?:[^"\\\n]|\\.)*"'


def c_unescape(lits):
    """Concatenate C string literals (a source fragment) into a str."""
    out = []
    for lit in re.findall(STR, lits):
        body = lit[1:-1]
        i = 0
        while i < len(body):
            c = body[i]
            if c != "\\":
                out.append(c)
                i += 1
                continue
            n = body[i + 1]
            if n in "01234567":
                m = re.match(r"[0-7]{1,3}", body[i + 1:])
                out.append(chr(int(m.group(0), 8)))
                i += 1 + len(m.group(0))
            elif n == "x":
                m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
                out.append(chr(int(m.group(0), 16)))
                i += 2 + len(m.group(0))
            else:
                out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\",
                            '"': '"', "'": "'"}.get(n, n))
                i += 2
        out_s = "".join(out)
    return "".join(out)


SPEC = re.compile(r"%([-#0 +]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|t|j|L)?([diouxXcsp%])")


def fmt_to_regex(fmt):
    """printf format (one line, no \\n) -> regex, kernel vsprintf style."""
    out = []
    pos = 0
    for m in SPEC.finditer(fmt):
        out.append(re.escape(fmt[pos:m.start()]))
        pos = m.end()
        flags, width, _prec, _len, conv = m.groups()
        w = int(width) if width and width != "*" else 0
        if conv == "%":
            out.append("%")
        elif conv in "di":
            out.append(r" *-?\d+" if w else r"-?\d+")
        elif conv == "u":
            out.append(r" *\d+" if w else r"\d+")
        elif conv in "xX":
            digits = "[0-9a-f]" if conv == "x" else "[0-9A-F]"
            if "#" in flags:
                # the kernel prints 0x even for 0; the width includes it
                n = max(w - 2, 1) if "0" in flags else 1
                out.append("0x%s{%d,}" % (digits, n))
            else:
                n = w if "0" in flags and w else 1
                out.append("%s{%d,}" % (digits, n))
        elif conv == "o":
            out.append("[0-7]+")
        elif conv == "c":
            out.append(".")
        elif conv == "s":
            out.append(".*")
        elif conv == "p":
            out.append(r"\S+")
    out.append(re.escape(fmt[pos:]))
    return "^" + "".join(out) + "$"


def call_formats(src, func_re):
    """Format strings of calls matching func_re whose first string arg is
    a literal; the literal may be preceded by other arguments."""
    fmts = []
    for m in re.finditer(r"\b(" + func_re + r")\s*\(", src):
        rest = src[m.end():m.end() + 2000]
        lm = re.match(r"(?:[^\";()]*?,\s*)?((?:" + STR + r"\s*)+)", rest, re.S)
        if lm:
            fmts.append((m.group(1), c_unescape(lm.group(1))))
    return fmts


def line_regexes(fmt, prefix=""):
    """One regex per line of a format; lines empty after the split are
    dropped."""
    res = []
    for part in fmt.split("\n"):
        if part == "":
            continue
        res.append(re.compile(fmt_to_regex(prefix + part)))
    return res


core = read(CORE)
backend = read(BACKEND) if os.path.exists(BACKEND) else ""

# show functions: name -> formats
show_fmts = {}
for m in re.finditer(r"static ssize_t (\w+)_show\s*\(.*?\n\}", core, re.S):
    show_fmts[m.group(1)] = [f for _, f in call_formats(m.group(0), r"sysfs_emit")]

attrs = {}
for m in re.finditer(r"__ATTR_(RO|RW|WO)\s*\(\s*(\w+)\s*\)", core):
    attrs[m.group(2)] = {"RO": "0444", "RW": "0644", "WO": "0200"}[m.group(1)]

region_fmts = [f for _, f in call_formats(core, r"seq_printf")]
region_res = [r for f in region_fmts for r in line_regexes(f)]


def pr_prefix(src, default):
    m = re.search(r'#define pr_fmt\(fmt\)\s*(' + STR + r')\s*fmt', src)
    return c_unescape(m.group(1)) if m else default


dmesg_res = []
for src in (core, backend):
    pre = pr_prefix(src, "")
    for _, f in call_formats(src, r"pr_(?:emerg|alert|crit|err|warn|notice|info|debug)(?:_ratelimited|_once)?"):
        dmesg_res += line_regexes(f, pre)

# ---------------------------------------------------------------- doc side
doc = read(DOC)
doc_lines = doc.split("\n")


def examples():
    """(kind, label, first line number, [lines]) for each marked block."""
    out = []
    i = 0
    while i < len(doc_lines):
        m = re.match(r"^\.\. fadump-example:\s*(\S+)\s*(\S*)\s*$", doc_lines[i])
        if not m:
            i += 1
            continue
        kind, label = m.group(1), m.group(2)
        j = i + 1
        while j < len(doc_lines) and not doc_lines[j].rstrip().endswith("::"):
            if doc_lines[j].strip() and not doc_lines[j].startswith(" "):
                # text before the literal block: allowed, it ends with ::
                pass
            j += 1
        j += 1
        while j < len(doc_lines) and not doc_lines[j].strip():
            j += 1
        block = []
        start = j
        while j < len(doc_lines) and (not doc_lines[j].strip() or doc_lines[j].startswith(" ")):
            block.append(doc_lines[j])
            j += 1
        while block and not block[-1].strip():
            block.pop()
        indent = min((len(l) - len(l.lstrip()) for l in block if l.strip()), default=0)
        out.append((kind, label, start + 1, [l[indent:] for l in block]))
        i = j
    return out


HEX = r"0x[0-9a-f]+"


def region_semantics(lines, where, label):
    """Consistency of fadump_region lines; returns a list of problems."""
    bad = []
    order = {"CPU state": 0, "HPTE": 1, "Boot memory": 2, "Bootargs area": 3,
             "Preserved memory": 4}
    last = -1
    boot_dst = None
    preserved = 0
    for ln in lines:
        name = ln.split(":")[0]
        if name in order:
            if order[name] < last:
                bad.append("%s: '%s' out of order" % (where, name))
            last = order[name]
        nums = [int(x, 16) for x in re.findall(HEX, ln)]
        if name == "Boot memory" and len(nums) == 6:
            s0, e0, d0, d1, size, dumped = nums
            if e0 != s0 + size - 1 or d1 != d0 + size - 1:
                bad.append("%s: range ends do not match the size: %s" % (where, ln))
            if boot_dst is not None and d0 != boot_dst:
                bad.append("%s: boot ranges are not copied back to back: %s" % (where, ln))
            boot_dst = d0 + size
            if dumped > size:
                bad.append("%s: more dumped than registered: %s" % (where, ln))
            if label == "production" and dumped:
                bad.append("%s: Dumped must be 0x0 before a crash: %s" % (where, ln))
        elif name == "Preserved memory" and len(nums) == 3:
            preserved += 1
            lo, hi, size = nums
            if size > hi - lo + 1:
                bad.append("%s: more preserved than the span: %s" % (where, ln))
        elif len(nums) == 4:
            s, e, size, dumped = nums
            if e != s + size - 1:
                bad.append("%s: range end does not match the size: %s" % (where, ln))
            if dumped > size:
                bad.append("%s: more dumped than the size: %s" % (where, ln))
            if label == "production" and dumped:
                bad.append("%s: Dumped must be 0x0 before a crash: %s" % (where, ln))
    if label == "capture" and preserved != 1:
        bad.append("%s: a capture example needs one Preserved memory line" % where)
    if label == "production" and preserved:
        bad.append("%s: no Preserved memory line before a crash" % where)
    return bad


def check_region_lines(lines, where, label):
    bad = []
    body = [l for l in lines if l.strip() and not l.startswith("# ")]
    for ln in body:
        if not any(r.match(ln) for r in region_res):
            bad.append("%s: not a format of fadump_region: '%s'" % (where, ln))
    if not bad:
        bad += region_semantics(body, where, label)
    return bad


def strip_time(ln):
    return re.sub(r"^\[\s*\d+\.\d+\]\s*", "", ln)


def check_dmesg_lines(lines, where):
    bad = []
    for ln in lines:
        ln = strip_time(ln)
        if not ln.strip():
            continue
        if not any(r.match(ln) for r in dmesg_res):
            bad.append("%s: no kernel message has this format: '%s'" % (where, ln))
    return bad


SYSFS_PATH = re.compile(r"/sys/kernel/(?:fadump/(\w+)|fadump_(\w+))$")


def check_sysfs_session(lines, where):
    bad = []
    echoed = {}
    i = 0
    while i < len(lines):
        ln = lines[i].strip()
        i += 1
        if not ln:
            continue
        m = re.match(r"^# cat (\S+)$", ln)
        if m:
            pm = SYSFS_PATH.search(m.group(1))
            out = []
            while i < len(lines) and not lines[i].startswith("# "):
                out.append(lines[i])
                i += 1
            if not pm:
                bad.append("%s: not a fadump sysfs file: %s" % (where, m.group(1)))
                continue
            name = pm.group(1) or pm.group(2)
            if name not in show_fmts:
                bad.append("%s: %s has no show function in the code" % (where, name))
                continue
            text = "\n".join(out) + "\n"
            regs = [re.compile(fmt_to_regex(f.rstrip("\n")), re.S) for f in show_fmts[name]]
            if not any(r.match(text.rstrip("\n")) for r in regs):
                bad.append("%s: '%s' is not what %s_show prints (%s)" %
                           (where, text.rstrip("\n"), name,
                            " or ".join(repr(f) for f in show_fmts[name])))
            elif name in echoed and echoed[name] != text.rstrip("\n"):
                bad.append("%s: %s shows '%s' after '%s' was written" %
                           (where, name, text.rstrip("\n"), echoed[name]))
            continue
        m = re.match(r'^# echo (?:"([^"]*)"|(\S+)) > (\S+)$', ln)
        if m:
            val = m.group(1) if m.group(1) is not None else m.group(2)
            pm = SYSFS_PATH.search(m.group(3))
            if not pm:
                bad.append("%s: not a fadump sysfs file: %s" % (where, m.group(3)))
                continue
            name = pm.group(1) or pm.group(2)
            if attrs.get(name) not in ("0644", "0200"):
                bad.append("%s: %s is not writable" % (where, name))
            if name in ("registered", "release_mem") and val not in ("0", "1"):
                bad.append("%s: %s only takes 0 or 1, not '%s'" % (where, name, val))
            echoed[name] = val
            continue
        bad.append("%s: unexpected line in a sysfs session: '%s'" % (where, ln))
    return bad


# ---------------------------------------------------------------- checks
mode_extra = [a for a in args]
if mode_extra:
    # real output captured from a guest
    i = 0
    while i < len(args):
        opt = args[i]
        val = args[i + 1] if i + 1 < len(args) else ""
        i += 2
        if opt == "--region":
            lines = read(val).splitlines()
            label = "capture" if any(l.startswith("Preserved memory") for l in lines) else "production"
            p = check_region_lines(lines, val, label)
            result(not p, "region-output %s" % val, "; ".join(p))
        elif opt == "--dmesg":
            lines = [l for l in read(val).splitlines() if re.search(r"\bfadump: ", l)]
            lines = [re.sub(r"^.*?\bfadump: ", "fadump: ", l) for l in lines]
            p = check_dmesg_lines(lines, val)
            result(not p, "dmesg-output %s (%d fadump lines)" % (val, len(lines)), "; ".join(p[:5]))
        elif opt == "--sysfs":
            name, path = val.split("=", 1)
            p = check_sysfs_session(["# cat /sys/kernel/fadump/" + name] + read(path).splitlines(), path)
            result(not p, "sysfs-output %s" % val, "; ".join(p))
        else:
            result(False, "usage", "unknown option %s" % opt)
    sys.exit(failed)

ex = examples()
result(len(ex) > 0, "doc-has-examples", "no '.. fadump-example:' blocks in the document")
kinds_seen = set()
all_vals = {}
for kind, label, lineno, lines in ex:
    where = "%s:%d" % (os.path.relpath(DOC, repo), lineno)
    kinds_seen.add(kind)
    if kind == "debugfs-region":
        p = check_region_lines(lines, where, label)
        body = [l for l in lines if l.strip() and not l.startswith("# ")]
        for l in body:
            if l.startswith("Boot memory:"):
                nums = [int(x, 16) for x in re.findall(HEX, l)]
                all_vals.setdefault("boot-dst-" + label, nums[2])
                all_vals["boot-size-" + label] = all_vals.get("boot-size-" + label, 0) + nums[4]
    elif kind == "dmesg":
        p = check_dmesg_lines(lines, where)
        for l in lines:
            m = re.search(r"reserved (0x[0-9a-f]+) bytes at \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] for (0x[0-9a-f]+) bytes", l)
            if m:
                size, s, e, boot = (int(x, 16) for x in m.groups())
                all_vals["area-size"] = size
                all_vals["area-start"] = s
                all_vals["boot-size"] = boot
                if e != s + size - 1:
                    p.append("%s: reservation end does not match its size" % where)
    elif kind == "sysfs":
        p = check_sysfs_session(lines, where)
        for i, l in enumerate(lines):
            if l.strip() == "# cat /sys/kernel/fadump/mem_reserved" and i + 1 < len(lines):
                all_vals["mem_reserved"] = int(lines[i + 1])
    else:
        p = ["%s: unknown example kind '%s'" % (where, kind)]
    result(not p, "example %s %s (line %d)" % (kind, label, lineno), "; ".join(p))

# consistency between examples of the same (production) system
p = []
if "area-size" in all_vals and "mem_reserved" in all_vals and \
        all_vals["area-size"] != all_vals["mem_reserved"]:
    p.append("mem_reserved %d differs from the logged reservation %#x" %
             (all_vals["mem_reserved"], all_vals["area-size"]))
if "area-start" in all_vals and "boot-dst-production" in all_vals and \
        all_vals["area-start"] != all_vals["boot-dst-production"]:
    p.append("the boot memory copy does not start the dump area (%#x vs %#x)" %
             (all_vals["boot-dst-production"], all_vals["area-start"]))
if "boot-size" in all_vals and "boot-size-production" in all_vals and \
        all_vals["boot-size"] != all_vals["boot-size-production"]:
    p.append("boot memory size differs between the log and fadump_region")
result(not p, "examples-consistent", "; ".join(p))
for k in ("debugfs-region", "sysfs", "dmesg"):
    result(k in kinds_seen, "example-kind %s" % k, "no example of this kind")

# sysfs files: table with modes, and the ABI file
p = []
table = {}
for m in re.finditer(r"^(\w+)\s+(0[0-7]{3})\s+\S", doc, re.M):
    table[m.group(1)] = m.group(2)
for name, mode in sorted(attrs.items()):
    if name not in table:
        p.append("%s missing from the table of files" % name)
    elif table[name] != mode:
        p.append("%s is %s in the code, %s in the doc" % (name, mode, table[name]))
for name in table:
    if name not in attrs:
        p.append("the doc lists %s, the code has no such file" % name)
result(not p, "doc-sysfs-table", "; ".join(p))

p = []
abi = read(ABI) if os.path.exists(ABI) else ""
for name, mode in sorted(attrs.items()):
    m = re.search(r"^What:\s*/sys/kernel/fadump/%s\s*$(.*?)(?=^What:|\Z)" % name, abi, re.M | re.S)
    if not m:
        p.append("no What: /sys/kernel/fadump/%s" % name)
    elif mode not in m.group(1):
        p.append("%s: mode %s not stated" % (name, mode))
for field in ("Date:", "Contact:", "Description:"):
    if abi.count(field) != abi.count("What:"):
        p.append("not every entry has %s" % field)
result(not p, "abi-file", "; ".join(p))

# parameters and other names from the code
p = []
for name in re.findall(r'early_param\(\s*"(\w+)"', core):
    if "``%s=" % name not in doc:
        p.append("kernel parameter %s= not documented" % name)
modes = re.findall(r'strcmp\(arg,\s*"(\w+)"\)', core)
if modes and "fadump=%s``" % "|".join(modes) not in doc:
    p.append("fadump= values in the code are %s" % "|".join(modes))
for link in re.findall(r'compat_only_sysfs_link_entry_to_kobj\([^;]*?"\w+",\s*"(\w+)"', core, re.S):
    if "/sys/kernel/%s" % link not in doc:
        p.append("legacy name /sys/kernel/%s not documented" % link)
for f in re.findall(r'debugfs_create_file\(\s*"(\w+)"', core):
    if "powerpc/%s" % f not in doc:
        p.append("debugfs file powerpc/%s not documented" % f)


def sz(expr):
    expr = re.sub(r"SZ_(\d+)([KMG])", lambda m: "(%s*%d)" % (m.group(1), {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]), expr)
    if not re.match(r"^[\d\s()*+]+$", expr):
        return None
    return eval(expr)


def mib_of(src, macro):
    m = re.search(r"#define\s+%s\s+(.+)" % macro, src)
    if not m:
        return None
    v = sz(m.group(1).split("/*")[0].strip())
    return v >> 20 if v else None


internal = read(INTERNAL_H) if os.path.exists(INTERNAL_H) else ""
d = mib_of(internal, "FADUMP_DEFAULT_BOOT_MEM")
if d and ("otherwise %d MiB" % d not in doc and "otherwise %d MiB" % d not in doc.replace("\n", " ")):
    p.append("default boot memory is %d MiB in the code" % d)
if d and "by default %d MiB" % d not in doc.replace("\n   ", " ").replace("\n", " "):
    p.append("the Terms section should say 'by default %d MiB'" % d)
bh = read(BACKEND_H) if os.path.exists(BACKEND_H) else ""
mn = mib_of(bh, "RTAS_KDUMP_MIN_BOOT_MEM")
if mn and "%d MiB for PowerVM" % mn not in doc.replace("\n", " "):
    p.append("the PowerVM minimum boot memory is %d MiB in the code" % mn)
result(not p, "doc-names-and-sizes", "; ".join(p))

# RST builds
sphinx = shutil.which("sphinx-build") or ("/usr/bin/sphinx-build" if os.path.exists("/usr/bin/sphinx-build") else None)
with tempfile.TemporaryDirectory() as tmp:
    shutil.copy(DOC, os.path.join(tmp, "index.rst"))
    with open(os.path.join(tmp, "conf.py"), "w") as f:
        f.write("project = 'fadump'\nhighlight_language = 'none'\n")
    if sphinx:
        r = subprocess.run([sphinx, "-W", "--keep-going", "-q", "-b", "html", tmp,
                            os.path.join(tmp, "_out")], capture_output=True, text=True)
        result(r.returncode == 0, "sphinx-build", (r.stdout + r.stderr).strip()[:500])
    else:
        try:
            import docutils.core
            import docutils.utils
            out = []
            docutils.core.publish_doctree(read(DOC), settings_overrides={
                "report_level": 2, "halt_level": 5,
                "warning_stream": type("W", (), {"write": lambda s, x: out.append(x)})()})
            result(not out, "rst (docutils; sphinx-build not installed)", "".join(out)[:500])
        except ImportError:
            print("SKIP rst: neither sphinx-build nor docutils is installed")

sys.exit(failed)
PYEOF
exit $?
