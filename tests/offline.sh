#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Offline by construction: the whole `talkgraph report` -- archive reading,
# every figure, every file, and gnuplot, which runs as a child process and is
# traced too (-f) -- makes no network system call at all: no socket(), no
# connect(), nothing of strace's "network" class. A positive control first
# shows that the same strace line does see a socket opened by a grandchild.
# Anyone can run the same check:
#   strace -f -e trace=network talkgraph report -o out archive.zip
set -euo pipefail

: "${TG:?TG must name the talkgraph program}"
: "${TG_SOURCE_DIR:?TG_SOURCE_DIR must name the source folder}"
: "${TG_SHARED_DIR:?TG_SHARED_DIR must name the shared folder}"
if ! command -v strace >/dev/null; then
	echo "offline: SKIP: strace is not installed (Debian: apt-get install strace)" >&2
	exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# An ASan build's leak checker cannot run under ptrace: leaks are the other
# tests' business here.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# trace LOG CMD...: CMD under strace; the network calls it made go to LOG.
trace() {
	local log=$1
	shift
	strace -f -qq -e trace=network -e signal=none -o "$log" "$@"
}

# The control: a socket opened by a child's child is seen.
if ! trace "$tmp/control.log" bash -c 'bash -c "exec 3<>/dev/tcp/127.0.0.1/9" 2>/dev/null; true' 2>"$tmp/control.err"; then
	if grep -qi "ptrace\|not permitted" "$tmp/control.err"; then
		echo "offline: SKIP: strace cannot trace here: $(head -n 1 "$tmp/control.err")" >&2
		exit 77
	fi
fi
if ! grep -q "socket(" "$tmp/control.log"; then
	echo "offline: FAIL: strace did not see the control's socket; its log:" >&2
	cat "$tmp/control.log" "$tmp/control.err" >&2
	exit 1
fi

failed=0
for a in "$TG_SHARED_DIR/fixtures/synthetic/modern-small-seed1.zip" "$TG_SOURCE_DIR/tests/data/mini"; do
	n=$(basename "$a" .zip)
	trace "$tmp/$n.log" "$TG" report -q --anonymize -o "$tmp/$n" "$a"
	# Every line strace wrote is a network system call (signals and exits
	# are not traced: -e signal=none, -qq).
	if [ -s "$tmp/$n.log" ]; then
		echo "offline: FAIL: talkgraph report $n made network system calls:" >&2
		cat "$tmp/$n.log" >&2
		failed=1
	fi
	# gnuplot ran (and was traced) when the pictures are there.
	if ! ls "$tmp/$n/charts/"*.svg >/dev/null 2>&1; then
		echo "offline: note: no chart rendered for $n (is gnuplot installed?): gnuplot was not traced" >&2
	fi
done
[ "$failed" -eq 0 ] || exit 1
echo "offline: talkgraph report, gnuplot included, made no network system call"
