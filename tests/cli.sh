#!/bin/bash
# SPDX-License-Identifier: MIT
# CLI tests: each folder tests/cli/NAME/ holds `cmd` (a bash snippet run in a
# fresh temporary folder) and the expected `stdout`, `stderr` and `status`.
# TG_UPDATE=1 rewrites the expectations after a deliberate change.
# Environment (set by ctest): TG (the talkgraph binary), TG_SOURCE_DIR, TG_SHARED_DIR.
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}"
export TG DATA="$TG_SOURCE_DIR/tests/data" SHARED="${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}"
export LC_ALL=C
source "$TG_SOURCE_DIR/tests/cli/lib.sh"

pass=0 fail=0 failed=()
for dir in "$TG_SOURCE_DIR"/tests/cli/*/; do
	name=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	work=$(mktemp -d)
	(cd "$work" && bash -c "source '$TG_SOURCE_DIR/tests/cli/lib.sh'; $(cat "$dir/cmd")" \
		>"$work/.stdout" 2>"$work/.stderr" </dev/null)
	status=$?
	echo "$status" >"$work/.status"
	if [ "${TG_UPDATE:-0}" = 1 ]; then
		cp "$work/.stdout" "$dir/stdout"
		cp "$work/.stderr" "$dir/stderr"
		cp "$work/.status" "$dir/status"
	fi
	ok=1
	for f in stdout stderr status; do
		if ! diff -u "$dir/$f" "$work/.$f" >"$work/.diff-$f" 2>&1; then
			ok=0
		fi
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "FAIL $name"
		cat "$work"/.diff-* | head -60
	fi
	rm -rf "$work"
done
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
