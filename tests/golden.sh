#!/bin/bash
# SPDX-License-Identifier: MIT
# Golden report: `talkgraph report` on the small hand-written archive
# (tests/data/mini), every text output compared with diff -u against
# tests/data/golden/mini/ -- stats.json, contacts.csv, the graph files and
# every chart's .dat and .gp. TG_UPDATE=1 rewrites the goldens after a
# deliberate change (review the diff before committing it).
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}"
golden=$TG_SOURCE_DIR/tests/data/golden/mini
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$TG_SOURCE_DIR/tests/data/mini" "$work/mini"
(cd "$work" && "$TG" report -q -o out mini) || { echo "golden: report failed"; exit 1; }
files=$(cd "$work/out" && ls stats.json contacts.csv edges.csv graph.graphml graph.gexf graph.dot \
	charts/*.dat charts/*.gp report.md)
if [ "${TG_UPDATE:-0}" = 1 ]; then
	rm -rf "$golden" && mkdir -p "$golden/charts"
	for f in $files; do cp "$work/out/$f" "$golden/$f"; done
fi
pass=0 fail=0
for f in $files; do
	if diff -u "$golden/$f" "$work/out/$f" >"$work/diff"; then
		pass=$((pass + 1))
	else
		echo "FAIL $f"
		head -40 "$work/diff"
		fail=$((fail + 1))
	fi
done
# Nothing golden may go missing from the report either.
for f in $(cd "$golden" && find . -type f | sed 's|^\./||'); do
	[ -e "$work/out/$f" ] || { echo "FAIL $f: no longer written"; fail=$((fail + 1)); }
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
