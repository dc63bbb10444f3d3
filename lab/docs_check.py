#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that the fadump documentation says what the code does.

usage: docs_check.py REPO [--region FILE]... [--sysfs NAME=FILE]... [--dmesg FILE]...

Without options it checks Documentation/arch/powerpc/firmware-assisted-dump.rst
against the code: the core (arch/powerpc/kernel/fadump*.c), the pseries
backend (arch/powerpc/platforms/pseries/rtas-fadump*.c), the PowerNV
backend (arch/powerpc/platforms/powernv/opal-fadump*.c) and their headers
(arch/powerpc/include/asm/fadump*.h, arch/powerpc/kernel/fadump*.h,
arch/powerpc/platforms/pseries/rtas-fadump*.h,
arch/powerpc/platforms/powernv/opal-fadump*.h); KUnit files (*kunit*) are
left out. The checks are listed in STATIC_CHECKS below:

 * every example block, i.e. the literal block that follows a comment
     .. fadump-example: <kind> [<label>]
   with <kind> one of
     debugfs-region  lines of /sys/kernel/debug/powerpc/fadump_region
     sysfs           a shell session: "# cat <file>" followed by its output,
                     "# echo <value> > <file>"
     dmesg           kernel messages (an optional "[ time ]" is ignored)
   must match the format strings of the code (seq_printf, sysfs_emit,
   pr_*), printed the way the kernel's vsprintf prints them, and be
   consistent (range ends, sizes, what an echo set is what cat shows);
 * every sysfs file of the code is in the documentation's table with its
   mode and in Documentation/ABI/testing/sysfs-kernel-fadump; every
   early_param, the fadump= values, the legacy names, the debugfs file and
   the default and minimum boot memory sizes appear in the text;
 * the document builds with Sphinx without warnings, if sphinx-build is
   installed (docutils otherwise).

--region/--sysfs/--dmesg check real output captured from a guest (for
example build/runs/*/results/boot1/fadump_region.armed) the same way
(OUTPUT_CHECKS below); then only those are checked.

Prints one PASS/FAIL line per check; exit status 1 if any failed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

DOC = "Documentation/arch/powerpc/firmware-assisted-dump.rst"
ABI = "Documentation/ABI/testing/sysfs-kernel-fadump"
# Where the code is, whatever the files are called after a split.
CORE_GLOBS = ["arch/powerpc/kernel/fadump*.c"]
BACKEND_GLOBS = ["arch/powerpc/platforms/pseries/rtas-fadump*.c",
                 "arch/powerpc/platforms/powernv/opal-fadump*.c"]
HEADER_GLOBS = ["arch/powerpc/include/asm/fadump*.h",
                "arch/powerpc/kernel/fadump*.h",
                "arch/powerpc/platforms/pseries/rtas-fadump*.h",
                "arch/powerpc/platforms/powernv/opal-fadump*.h"]
PR_FUNCS = r"pr_(?:emerg|alert|crit|err|warn|notice|info|debug)(?:_ratelimited|_once)?"


class Results:
    """PASS/FAIL lines and the overall status."""

    def __init__(self):
        self.failed = 0

    def __call__(self, ok, name, why=""):
        if ok:
            print("PASS %s" % name)
        else:
            self.failed = 1
            print("FAIL %s: %s" % (name, why))


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def read_if(path):
    return read(path) if os.path.exists(path) else ""


# ------------------------------------------------------------ C format strings
STR = r'"(?:[^"\\\n]|\\.)*"'
SPEC = re.compile(r"%([-#0 +]*)(\d+|\*)?(?:\.(\d+|\*))?(hh|h|ll|l|z|t|j|L)?([diouxXcsp%])")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'"}


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
                out.append(ESCAPES.get(n, n))
                i += 2
    return "".join(out)


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
    return [re.compile(fmt_to_regex(prefix + part)) for part in fmt.split("\n") if part]


def pr_fmt_of(src):
    """The pr_fmt() prefix a source defines, or None."""
    m = re.search(r'#define pr_fmt\(fmt\)\s*(' + STR + r')\s*fmt', src)
    return c_unescape(m.group(1)) if m else None


# ------------------------------------------------------------ the code
class Code:
    """What the documentation is checked against, read from the sources."""

    def __init__(self, repo):
        def files(globs):
            return sorted(f for g in globs for f in glob.glob(os.path.join(repo, g))
                          if "kunit" not in os.path.basename(f))
        self.core_files = files(CORE_GLOBS)
        self.backend_files = files(BACKEND_GLOBS)
        self.header_files = files(HEADER_GLOBS)
        self.text = {f: read(f) for f in self.core_files + self.backend_files + self.header_files}
        # All .c files together: the split may put any piece in any file.
        self.c_src = "\n".join(self.text[f] for f in self.core_files + self.backend_files)
        self.all_src = "\n".join(self.text.values())

        # /sys/kernel/fadump/ is the core's; a backend's own files (the
        # OPAL core in /sys/firmware/opal/mpipl/) are not in that table
        core_src = "\n".join(self.text[f] for f in self.core_files)
        self.show_fmts = {}
        for m in re.finditer(r"static ssize_t (\w+)_show\s*\(.*?\n\}", core_src, re.S):
            self.show_fmts[m.group(1)] = [f for _, f in call_formats(m.group(0), r"sysfs_emit")]
        self.attrs = {}
        for m in re.finditer(r"__ATTR_(RO|RW|WO)\s*\(\s*(\w+)\s*\)", core_src):
            self.attrs[m.group(2)] = {"RO": "0444", "RW": "0644", "WO": "0200"}[m.group(1)]
        for m in re.finditer(r"__ATTR\s*\(\s*(\w+)\s*,\s*(0[0-7]{3})\s*,", core_src):
            self.attrs[m.group(1)] = m.group(2)
        self.region_res = [r for _, f in call_formats(self.c_src, r"seq_printf")
                           for r in line_regexes(f)]
        self.dmesg_res = []
        for path, prefixes in self.pr_prefixes().items():
            for _, f in call_formats(self.text[path], PR_FUNCS):
                for pre in prefixes:
                    self.dmesg_res += line_regexes(f, pre)

    def included_headers(self, path):
        """Our headers that the file includes (matched by name)."""
        names = re.findall(r'#include\s*[<"]([^>"]+)[>"]', self.text[path])
        return [h for h in self.header_files
                if any(n == os.path.basename(h) or h.endswith("/" + n) for n in names)]

    def pr_prefixes(self):
        """{file: the pr_fmt prefixes its pr_*() calls are printed with}.

        A .c file uses its own pr_fmt, else one of a header it includes;
        a header's pr_*() (static inlines) gets those of the .c files that
        include it."""
        out = {}
        for c in self.core_files + self.backend_files:
            pre = pr_fmt_of(self.text[c])
            if pre is None:
                pre = next((p for p in map(pr_fmt_of, (self.text[h] for h in
                            self.included_headers(c))) if p is not None), "")
            out[c] = [pre]
        for h in self.header_files:
            users = {out[c][0] for c in out if h in self.included_headers(c)}
            out[h] = sorted(users) or [""]
        return out

    def macro_mib(self, macro):
        """Value in MiB of a size macro (SZ_* sums) defined anywhere."""
        m = re.search(r"#define\s+%s\s+(.+)" % macro, self.all_src)
        if not m:
            return None
        expr = m.group(1).split("/*")[0].strip()
        expr = re.sub(r"SZ_(\d+)([KMG])", lambda m: "(%s*%d)" % (
            m.group(1), {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]), expr)
        if not re.match(r"^[\d\s()*+]+$", expr):
            return None
        v = eval(expr)  # digits, parentheses, + and * only (checked above)
        return v >> 20 if v else None


# ------------------------------------------------------------ the document
HEX = r"0x[0-9a-f]+"
SYSFS_PATH = re.compile(r"/sys/kernel/(?:fadump/(\w+)|fadump_(\w+))$")


def doc_examples(doc_lines):
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
        # text may come before the literal block: it ends with ::
        while j < len(doc_lines) and not doc_lines[j].rstrip().endswith("::"):
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


# ------------------------------------------------------------ line checkers
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


def check_region_lines(code, lines, where, label):
    bad = []
    body = [l for l in lines if l.strip() and not l.startswith("# ")]
    for ln in body:
        if not any(r.match(ln) for r in code.region_res):
            bad.append("%s: not a format of fadump_region: '%s'" % (where, ln))
    if not bad:
        bad += region_semantics(body, where, label)
    return bad


def check_dmesg_lines(code, lines, where):
    bad = []
    for ln in lines:
        ln = re.sub(r"^\[\s*\d+\.\d+\]\s*", "", ln)
        if not ln.strip():
            continue
        if not any(r.match(ln) for r in code.dmesg_res):
            bad.append("%s: no kernel message has this format: '%s'" % (where, ln))
    return bad


def check_sysfs_session(code, lines, where):
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
            if name not in code.show_fmts:
                bad.append("%s: %s has no show function in the code" % (where, name))
                continue
            text = ("\n".join(out) + "\n").rstrip("\n")
            fmts = code.show_fmts[name]
            regs = [re.compile(fmt_to_regex(f.rstrip("\n")), re.S) for f in fmts]
            if not any(r.match(text) for r in regs):
                bad.append("%s: '%s' is not what %s_show prints (%s)" %
                           (where, text, name, " or ".join(repr(f) for f in fmts)))
            elif name in echoed and echoed[name] != text:
                bad.append("%s: %s shows '%s' after '%s' was written" %
                           (where, name, text, echoed[name]))
            continue
        m = re.match(r'^# echo (?:"([^"]*)"|(\S+)) > (\S+)$', ln)
        if m:
            val = m.group(1) if m.group(1) is not None else m.group(2)
            pm = SYSFS_PATH.search(m.group(3))
            if not pm:
                bad.append("%s: not a fadump sysfs file: %s" % (where, m.group(3)))
                continue
            name = pm.group(1) or pm.group(2)
            if code.attrs.get(name) not in ("0644", "0200"):
                bad.append("%s: %s is not writable" % (where, name))
            if name in ("registered", "release_mem") and val not in ("0", "1"):
                bad.append("%s: %s only takes 0 or 1, not '%s'" % (where, name, val))
            echoed[name] = val
            continue
        bad.append("%s: unexpected line in a sysfs session: '%s'" % (where, ln))
    return bad


# ------------------------------------------------------------ static checks
class Ctx:
    """The repository, the code and the document, shared by the checks."""

    def __init__(self, repo, result):
        self.repo = repo
        self.result = result
        self.doc_path = os.path.join(repo, DOC)
        self.abi_path = os.path.join(repo, ABI)
        self.code = Code(repo)
        self.doc = read(self.doc_path)
        self.examples = doc_examples(self.doc.split("\n"))
        self.kinds_seen = set()
        self.vals = {}      # values the examples show, for examples-consistent


def check_has_examples(ctx):
    ctx.result(len(ctx.examples) > 0, "doc-has-examples",
               "no '.. fadump-example:' blocks in the document")


def example_region(ctx, label, lines, where):
    p = check_region_lines(ctx.code, lines, where, label)
    for l in lines:
        if l.strip() and not l.startswith("# ") and l.startswith("Boot memory:"):
            nums = [int(x, 16) for x in re.findall(HEX, l)]
            ctx.vals.setdefault("boot-dst-" + label, nums[2])
            ctx.vals["boot-size-" + label] = ctx.vals.get("boot-size-" + label, 0) + nums[4]
    return p


def example_dmesg(ctx, label, lines, where):
    p = check_dmesg_lines(ctx.code, lines, where)
    for l in lines:
        m = re.search(r"reserved (0x[0-9a-f]+) bytes at \[(0x[0-9a-f]+)-(0x[0-9a-f]+)\] "
                      r"for (0x[0-9a-f]+) bytes", l)
        if m:
            size, s, e, boot = (int(x, 16) for x in m.groups())
            ctx.vals["area-size"] = size
            ctx.vals["area-start"] = s
            ctx.vals["boot-size"] = boot
            if e != s + size - 1:
                p.append("%s: reservation end does not match its size" % where)
    return p


def example_sysfs(ctx, label, lines, where):
    p = check_sysfs_session(ctx.code, lines, where)
    for i, l in enumerate(lines):
        if l.strip() == "# cat /sys/kernel/fadump/mem_reserved" and i + 1 < len(lines):
            ctx.vals["mem_reserved"] = int(lines[i + 1])
    return p


EXAMPLE_KINDS = {"debugfs-region": example_region, "dmesg": example_dmesg,
                 "sysfs": example_sysfs}


def check_each_example(ctx):
    for kind, label, lineno, lines in ctx.examples:
        where = "%s:%d" % (DOC, lineno)
        ctx.kinds_seen.add(kind)
        if kind in EXAMPLE_KINDS:
            p = EXAMPLE_KINDS[kind](ctx, label, lines, where)
        else:
            p = ["%s: unknown example kind '%s'" % (where, kind)]
        ctx.result(not p, "example %s %s (line %d)" % (kind, label, lineno), "; ".join(p))


def check_examples_consistent(ctx):
    """Examples of the same (production) system agree with each other."""
    v = ctx.vals
    p = []
    if "area-size" in v and "mem_reserved" in v and v["area-size"] != v["mem_reserved"]:
        p.append("mem_reserved %d differs from the logged reservation %#x" %
                 (v["mem_reserved"], v["area-size"]))
    if "area-start" in v and "boot-dst-production" in v and \
            v["area-start"] != v["boot-dst-production"]:
        p.append("the boot memory copy does not start the dump area (%#x vs %#x)" %
                 (v["boot-dst-production"], v["area-start"]))
    if "boot-size" in v and "boot-size-production" in v and \
            v["boot-size"] != v["boot-size-production"]:
        p.append("boot memory size differs between the log and fadump_region")
    ctx.result(not p, "examples-consistent", "; ".join(p))


def check_example_kinds(ctx):
    for k in ("debugfs-region", "sysfs", "dmesg"):
        ctx.result(k in ctx.kinds_seen, "example-kind %s" % k, "no example of this kind")


def check_sysfs_table(ctx):
    """Every sysfs file of the code in the document's table, with its mode."""
    p = []
    table = {}
    for m in re.finditer(r"^(\w+)\s+(0[0-7]{3})\s+\S", ctx.doc, re.M):
        table[m.group(1)] = m.group(2)
    for name, mode in sorted(ctx.code.attrs.items()):
        if name not in table:
            p.append("%s missing from the table of files" % name)
        elif table[name] != mode:
            p.append("%s is %s in the code, %s in the doc" % (name, mode, table[name]))
    for name in table:
        if name not in ctx.code.attrs:
            p.append("the doc lists %s, the code has no such file" % name)
    ctx.result(not p, "doc-sysfs-table", "; ".join(p))


def check_abi_file(ctx):
    """Every sysfs file in Documentation/ABI, with its mode; complete entries."""
    p = []
    abi = read_if(ctx.abi_path)
    for name, mode in sorted(ctx.code.attrs.items()):
        m = re.search(r"^What:\s*/sys/kernel/fadump/%s\s*$(.*?)(?=^What:|\Z)" % name,
                      abi, re.M | re.S)
        if not m:
            p.append("no What: /sys/kernel/fadump/%s" % name)
        elif mode not in m.group(1):
            p.append("%s: mode %s not stated" % (name, mode))
    for field in ("Date:", "Contact:", "Description:"):
        if abi.count(field) != abi.count("What:"):
            p.append("not every entry has %s" % field)
    ctx.result(not p, "abi-file", "; ".join(p))


def check_names_and_sizes(ctx):
    """Parameters, modes, legacy names, debugfs file and sizes in the text."""
    doc, src = ctx.doc, ctx.code.c_src
    flat = doc.replace("\n", " ")
    p = []
    for name in re.findall(r'early_param\(\s*"(\w+)"', src):
        if "``%s=" % name not in doc:
            p.append("kernel parameter %s= not documented" % name)
    modes = re.findall(r'strcmp\(arg,\s*"(\w+)"\)', src)
    if modes and "fadump=%s``" % "|".join(modes) not in doc:
        p.append("fadump= values in the code are %s" % "|".join(modes))
    for link in re.findall(r'compat_only_sysfs_link_entry_to_kobj\([^;]*?"\w+",\s*"(\w+)"',
                           src, re.S):
        if "/sys/kernel/%s" % link not in doc:
            p.append("legacy name /sys/kernel/%s not documented" % link)
    for f in re.findall(r'debugfs_create_file\(\s*"(\w+)"', src):
        if "powerpc/%s" % f not in doc:
            p.append("debugfs file powerpc/%s not documented" % f)
    d = ctx.code.macro_mib("FADUMP_DEFAULT_BOOT_MEM")
    if d and "otherwise %d MiB" % d not in doc and "otherwise %d MiB" % d not in flat:
        p.append("default boot memory is %d MiB in the code" % d)
    if d and "by default %d MiB" % d not in doc.replace("\n   ", " ").replace("\n", " "):
        p.append("the Terms section should say 'by default %d MiB'" % d)
    mn = ctx.code.macro_mib("RTAS_KDUMP_MIN_BOOT_MEM")
    if mn and "%d MiB for PowerVM" % mn not in flat:
        p.append("the PowerVM minimum boot memory is %d MiB in the code" % mn)
    ctx.result(not p, "doc-names-and-sizes", "; ".join(p))


def check_rst_builds(ctx):
    """Sphinx -W, or docutils if Sphinx is not installed."""
    sphinx = shutil.which("sphinx-build") or \
        ("/usr/bin/sphinx-build" if os.path.exists("/usr/bin/sphinx-build") else None)
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ctx.doc_path, os.path.join(tmp, "index.rst"))
        with open(os.path.join(tmp, "conf.py"), "w") as f:
            f.write("project = 'fadump'\nhighlight_language = 'none'\n")
        if sphinx:
            r = subprocess.run([sphinx, "-W", "--keep-going", "-q", "-b", "html", tmp,
                                os.path.join(tmp, "_out")], capture_output=True, text=True)
            ctx.result(r.returncode == 0, "sphinx-build", (r.stdout + r.stderr).strip()[:500])
            return
    try:
        import docutils.core
    except ImportError:
        print("SKIP rst: neither sphinx-build nor docutils is installed")
        return
    out = []
    docutils.core.publish_doctree(ctx.doc, settings_overrides={
        "report_level": 2, "halt_level": 5,
        "warning_stream": type("W", (), {"write": lambda s, x: out.append(x)})()})
    ctx.result(not out, "rst (docutils; sphinx-build not installed)", "".join(out)[:500])


# The checks without options, in this order (the order of the PASS/FAIL lines).
STATIC_CHECKS = [
    ("doc-has-examples", check_has_examples),
    ("example <kind> <label> (line N)", check_each_example),
    ("examples-consistent", check_examples_consistent),
    ("example-kind <kind>", check_example_kinds),
    ("doc-sysfs-table", check_sysfs_table),
    ("abi-file", check_abi_file),
    ("doc-names-and-sizes", check_names_and_sizes),
    ("sphinx-build / rst", check_rst_builds),
]


# ------------------------------------------------------------ real output
def output_region(code, result, path):
    lines = read(path).splitlines()
    label = "capture" if any(l.startswith("Preserved memory") for l in lines) else "production"
    p = check_region_lines(code, lines, path, label)
    result(not p, "region-output %s" % path, "; ".join(p))


def output_dmesg(code, result, path):
    lines = [l for l in read(path).splitlines() if re.search(r"\bfadump: ", l)]
    lines = [re.sub(r"^.*?\bfadump: ", "fadump: ", l) for l in lines]
    p = check_dmesg_lines(code, lines, path)
    result(not p, "dmesg-output %s (%d fadump lines)" % (path, len(lines)), "; ".join(p[:5]))


def output_sysfs(code, result, val):
    name, path = val.split("=", 1)
    p = check_sysfs_session(code, ["# cat /sys/kernel/fadump/" + name] +
                            read(path).splitlines(), path)
    result(not p, "sysfs-output %s" % val, "; ".join(p))


# option -> checker of one captured file
OUTPUT_CHECKS = {"--region": output_region, "--dmesg": output_dmesg, "--sysfs": output_sysfs}


def main(argv):
    if len(argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    repo, args = argv[1], argv[2:]
    result = Results()
    if args:
        code = Code(repo)
        for i in range(0, len(args), 2):
            opt = args[i]
            val = args[i + 1] if i + 1 < len(args) else ""
            if opt in OUTPUT_CHECKS:
                OUTPUT_CHECKS[opt](code, result, val)
            else:
                result(False, "usage", "unknown option %s" % opt)
        return result.failed
    ctx = Ctx(repo, result)
    for _, check in STATIC_CHECKS:
        check(ctx)
    return result.failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
