#!/bin/bash
# SPDX-License-Identifier: MIT
# Every figure of stats.json and every contacts.csv cell, on every real archive
# of ../shared/fixtures/real (as a folder and zipped), against an independent
# count of the same figures: tools/gen/check_truth.py reads the files with
# Python's json module and applies SPEC.md afresh (--emit), test_truth compares.
set -u
: "${TG_SOURCE_DIR:?}" "${TG_BUILD_DIR:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
check() { # check NAME ARCHIVE
	if ! python3 "$TG_SOURCE_DIR/tools/gen/check_truth.py" --rails "$SHARED/rails-timezones.tsv" \
		--emit "$2" >"$work/truth.json" 2>"$work/err"; then
		echo "FAIL $1: the independent count failed: $(tail -1 "$work/err")"
		fail=$((fail + 1))
		return
	fi
	if "$TG_BUILD_DIR/test_truth" "$2" "$work/truth.json" >"$work/log" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL $1"
		grep -E 'MISMATCH|compared' "$work/log" | head -20
		fail=$((fail + 1))
	fi
}
for dir in "$SHARED"/fixtures/real/*/ "$SHARED"/fixtures/real/dogsheep__twitter-to-sqlite/tests/zip_contents/; do
	name=$(basename "$dir")
	[ -e "$dir/data" ] || [ -e "$dir/account.js" ] || continue
	check "$name (folder)" "$dir"
	(cd "$dir" && zip -qr -X "$work/$name.zip" .)
	check "$name (zip)" "$work/$name.zip"
done
echo "real_figures: $pass passed, $fail failed"
[ $fail = 0 ]
