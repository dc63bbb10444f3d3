#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check that the fadump documentation says what the code does.
#   lab/check-doc-examples.sh [--region FILE]... [--sysfs NAME=FILE]... [--dmesg FILE]...
# The checks are lab/docs_check.py (its docstring lists them); this runs it
# in the toolbox's python, which has Sphinx (lab/toolbox.sh installs it).
# Prints one PASS/FAIL line per check; exit status 1 if any failed.
. "$(dirname "$0")/lib.sh"

tb true 2>/dev/null && py="tb python3" || py=python3
$py "$LAB_REPO/lab/docs_check.py" "$LAB_REPO" "$@"
