# SPDX-License-Identifier: GPL-2.0
"""gdb script: the backtrace of one CPU's register set in a ppc64le vmcore.

  gdb-multiarch -batch -nx -ex 'py cpu = N; core = "PATH"' \
      -x lab/gdb_cpu_bt.py VMLINUX PATH

The dump's NT_PRSTATUS notes are in CPU order, so CPU N is note N (as
crash takes it).  gdb's own thread numbers are no guide: it renames and
renumbers threads whose pr_pid is 0 (idle CPUs) while it loads the core.
So the script reads note N's NIP and r1 from the file and backtraces the
gdb thread that has exactly those registers.
"""
import struct

import gdb

NT_PRSTATUS = 1
PT_NOTE = 4
PR_REG = 112            # offset of pr_reg in struct elf_prstatus (ppc64)
NIP, R1 = 32, 1         # indexes in the ppc64 elf_gregset_t


def prstatus_regs(path):
    """Return [(nip, r1)] of every NT_PRSTATUS note, in file order."""
    out = []
    with open(path, 'rb') as f:
        eh = f.read(64)
        if eh[:4] != b'\x7fELF' or eh[4] != 2 or eh[5] != 1:
            raise gdb.GdbError('%s: not a little-endian ELF64 file' % path)
        phoff, = struct.unpack_from('<Q', eh, 32)
        phentsize, phnum = struct.unpack_from('<HH', eh, 54)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            ptype, _, off, _, _, size = struct.unpack('<IIQQQQ', f.read(40))
            if ptype != PT_NOTE:
                continue
            f.seek(off)
            data = f.read(size)
            pos = 0
            while pos + 12 <= len(data):
                nsz, dsz, ntype = struct.unpack_from('<III', data, pos)
                desc = pos + 12 + ((nsz + 3) & ~3)
                if ntype == NT_PRSTATUS and dsz >= PR_REG + 8 * (NIP + 1):
                    regs = struct.unpack_from('<%dQ' % (NIP + 1), data,
                                              desc + PR_REG)
                    out.append((regs[NIP], regs[R1]))
                pos = desc + ((dsz + 3) & ~3)
    return out


def main():
    regs = prstatus_regs(core)     # noqa: F821 (set by the caller)
    if cpu >= len(regs):           # noqa: F821
        raise gdb.GdbError('CPU %d: the dump has %d NT_PRSTATUS notes'
                           % (cpu, len(regs)))  # noqa: F821
    nip, r1 = regs[cpu]            # noqa: F821
    print('CPU %d: note NIP %#x r1 %#x' % (cpu, nip, r1))  # noqa: F821
    for t in gdb.selected_inferior().threads():
        t.switch()
        pc = int(gdb.parse_and_eval('$pc')) & (2**64 - 1)
        sp = int(gdb.parse_and_eval('$sp')) & (2**64 - 1)
        if pc == nip and sp == r1:
            print('gdb thread %d (%s) has those registers' % (t.num, t.ptid))
            gdb.execute('bt 40')
            return
    raise gdb.GdbError('no gdb thread has CPU %d\'s registers' % cpu)  # noqa


main()
