#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send QEMU monitor commands the guest asks for on its console.

usage: monwatch.py CONSOLE_LOG MONITOR_SOCKET RUN_DIR LIMIT

The guest init prints "LAB-MON[<tag>]: <monitor command>" (tags are unique
per run). Each such line is sent once, in order, to the QEMU human monitor;
the monitor's answer is appended to RUN_DIR/monitor.log and the tag is
recorded in RUN_DIR/monitor.done ("<tag> <rc>", rc 0 when the monitor gave
no error text). The legacy marker "READY-FOR-NMI" sends "nmi" and writes
RUN_DIR/nmi.done. Runs until RUN_DIR/monwatch.stop appears (lab/run.sh
creates it when QEMU has exited) or after LIMIT seconds.
"""
import os
import re
import socket
import sys
import time

MARK = re.compile(r'LAB-MON\[([A-Za-z0-9_.-]+)\]: (.+)$')
ERRORS = re.compile(r'(?i)error|not found|failed|invalid|unknown|cannot')


def monitor(sock_path, cmd):
    """Run one command; return the monitor's text (without the banner)."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(5)
    s.connect(sock_path)
    buf = b''
    deadline = time.time() + 5
    while b'(qemu)' not in buf and time.time() < deadline:
        try:
            buf += s.recv(4096)
        except socket.timeout:
            break
    s.sendall(cmd.encode() + b'\n')
    out = b''
    deadline = time.time() + 10
    # The answer ends with the next prompt.
    while out.count(b'(qemu)') < 1 and time.time() < deadline:
        try:
            chunk = s.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            break
        out += chunk
    s.close()
    text = out.decode(errors='replace').replace('\r', '')
    text = re.sub(r'\x1b\[[0-9;]*[A-Za-z]', '', text)
    # The monitor echoes the command as it is typed: the answer follows
    # the last, complete echo and ends at the next prompt.
    if cmd in text:
        text = text[text.rindex(cmd) + len(cmd):]
    text = text.split('(qemu)')[0]
    return '\n'.join(ln for ln in text.split('\n') if ln.strip())


def main():
    log, sock_path, rundir = sys.argv[1:4]
    end = time.time() + int(sys.argv[4])
    stop = os.path.join(rundir, 'monwatch.stop')
    done = set()
    pos = 0
    while time.time() < end and not os.path.exists(stop):
        try:
            with open(log, 'rb') as f:
                f.seek(pos)
                data = f.read()
        except FileNotFoundError:
            data = b''
        # Only whole lines.
        cut = data.rfind(b'\n') + 1
        pos += cut
        for line in data[:cut].decode(errors='replace').split('\n'):
            if 'READY-FOR-NMI' in line and 'nmi' not in done:
                done.add('nmi')
                time.sleep(1)
                monitor(sock_path, 'nmi')
                with open(os.path.join(rundir, 'nmi.done'), 'w') as f:
                    f.write('nmi injected\n')
                continue
            m = MARK.search(line)
            if not m or m.group(1) in done:
                continue
            tag, cmd = m.group(1), m.group(2).strip()
            done.add(tag)
            try:
                ans = monitor(sock_path, cmd)
                rc = 1 if ERRORS.search(ans) else 0
            except OSError as e:
                ans, rc = 'monitor unreachable: %s' % e, 2
            with open(os.path.join(rundir, 'monitor.log'), 'a') as f:
                f.write('[%s] %s\n%s\n' % (tag, cmd, ans))
            with open(os.path.join(rundir, 'monitor.done'), 'a') as f:
                f.write('%s %d\n' % (tag, rc))
        time.sleep(0.3)


if __name__ == '__main__':
    main()
