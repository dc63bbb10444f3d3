#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a minimal PNOR flash image for QEMU's powernv machines.

usage: pnor.py OUTPUT

The skiboot QEMU ships (v7.1) takes a machine check in flash_unregister()
during an MPIPL boot when the machine has no PNOR; with this image
(-drive file=OUTPUT,format=raw,if=mtd,snapshot=on) it does not. The
image is an FFS (libflash/ffs.h) with a partition table ("part") and one
NVRAM partition formatted as skiboot formats it (core/nvram-format.c):
an "ibm,skiboot" firmware partition, a "common" system partition and
free space.
"""
import struct
import sys

BLOCK = 0x1000
IMAGE = 4 << 20
NVRAM_BASE, NVRAM_SIZE = BLOCK, 0x90000
FFS_MAGIC, FFS_VERSION = 0x50415254, 1
TYPE_DATA, TYPE_PARTITION = 1, 3
PID_TOPLEVEL = 0xFFFFFFFF
ENTRY_SIZE = 128


def xor32(data):
    """XOR of the big-endian words of data: 0 over a valid header or entry."""
    x = 0
    for (w,) in struct.iter_unpack(">I", data):
        x ^= w
    return x


def entry(name, base, size, typ, pid):
    body = struct.pack(">16s7I4I", name.encode(), base // BLOCK,
                       size // BLOCK, pid, 0, typ, 0, size, 0, 0, 0, 0)
    body += bytes(64)               # struct __ffs_entry_user: all zero
    assert len(body) == ENTRY_SIZE - 4
    return body + struct.pack(">I", xor32(body))


def chrp(sig, name, size):
    """One CHRP NVRAM partition header (16 bytes) with its checksum."""
    hdr = bytearray(struct.pack(">BBH12s", sig, 0, size >> 4, name))
    c = 0
    for b in hdr:
        s = c + b
        c = (s + 1) & 0xff if s > 0xff else s
    hdr[1] = c
    return bytes(hdr)


def main():
    entries = [entry("part", 0, BLOCK, TYPE_PARTITION, PID_TOPLEVEL),
               entry("NVRAM", NVRAM_BASE, NVRAM_SIZE, TYPE_DATA, PID_TOPLEVEL)]
    hdr = struct.pack(">7I4I", FFS_MAGIC, FFS_VERSION, 1, ENTRY_SIZE,
                      len(entries), BLOCK, IMAGE // BLOCK, 0, 0, 0, 0)
    hdr += struct.pack(">I", xor32(hdr))
    img = bytearray(b"\xff" * IMAGE)
    toc = hdr + b"".join(entries)
    img[0:len(toc)] = toc
    nv = bytearray(NVRAM_SIZE)
    nv[0:16] = chrp(0x51, b"ibm,skiboot", 0x1000)
    nv[0x1000:0x1010] = chrp(0x70, b"common", 0x10000)
    nv[0x11000:0x11010] = chrp(0x7f, b"w" * 12, NVRAM_SIZE - 0x11000)
    img[NVRAM_BASE:NVRAM_BASE + NVRAM_SIZE] = nv
    with open(sys.argv[1], "wb") as f:
        f.write(img)


if __name__ == "__main__":
    main()
