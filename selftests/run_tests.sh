#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run selftests and print one KTAP document with each test file as a
# subtest (indented), so that kunit.py parse counts every single check.
# Each file is bounded by the timeout in ./settings.
#
# Usage: run_tests.sh [TEST...]   (default: TEST_PROGS of the Makefile)
dir=$(cd "$(dirname "$0")" && pwd)
timeout=$(sed -n 's/^timeout=//p' "$dir/settings")
if [ $# = 0 ]; then
	set -- $(make -s -C "$dir" -f - print <<'MK'
include Makefile
print:
	@echo $(TEST_PROGS)
MK
)
fi

rcfile=$(mktemp)
outfile=$(mktemp)
trap 'rm -f "$rcfile" "$outfile"' EXIT
echo "KTAP version 1"
echo "1..$#"
n=0
for t in "$@"; do
	n=$((n + 1))
	# The file's own version line gives way to the nested header.
	echo "    KTAP version 1"
	echo "    # Subtest: $t"
	t0=$(date +%s)
	# POSIX sh has no PIPESTATUS: the status comes back through a file.
	{
		timeout -k 5 "$timeout" "$dir/$t" 2>&1
		echo $? >"$rcfile"
	} | tee "$outfile" | sed -e '/^TAP version 13$/d' -e 's/^/    /'
	rc=$(cat "$rcfile")
	# For make check's time budget: which file costs what.
	echo "    # $t took $(($(date +%s) - t0)) s"
	case $rc in
	0) echo "ok $n $t" ;;
	# A skipped file says why in its plan ("1..0 # SKIP reason").
	4) echo "ok $n $t # SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "$outfile" | head -n 1)" ;;
	*) echo "not ok $n $t # exit status $rc" ;;
	esac
done
