#!/bin/bash
# SPDX-License-Identifier: MIT
# talkgraph report as a user meets it: every file of SPEC.md's Outputs is
# there, two runs give byte-identical files, --threads does not change a byte,
# a non-empty folder is refused without --force, a missing gnuplot still
# gives a complete report that says the charts were not rendered, an
# unwritable folder and SIGINT leave no half report behind.
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

archive=$SHARED/fixtures/synthetic/modern-small-seed1.zip
files="stats.json contacts.csv edges.csv graph.graphml graph.gexf graph.dot report.html report.md"
charts="activity conversation-share rhythm top-contacts funnel relationships strength network dm-response"

# 1. Every output is there, and the charts are rendered.
if "$TG" report -q -o "$work/a" "$archive" 2>"$work/err"; then ok; else bad "report failed: $(cat "$work/err")"; fi
for f in $files; do
	[ -s "$work/a/$f" ] && ok || bad "missing $f"
done
for c in $charts; do
	for ext in dat gp svg png; do
		[ -s "$work/a/charts/$c.$ext" ] && ok || bad "missing charts/$c.$ext"
	done
done
[ -z "$(ls -d "$work"/a.tmp-* 2>/dev/null)" ] && ok || bad "temporary folder left behind"
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/a/stats.json" && ok || bad "stats.json is not JSON"
grep -q "not rendered" "$work/a/report.html" && bad "report.html says charts were not rendered" || ok

# The graph files load in networkx with every contact, every edge and the
# attributes (Debian's python3-networkx, under /usr/bin/python3).
if /usr/bin/python3 -c "import networkx" 2>/dev/null; then
	/usr/bin/python3 - "$work/a" <<'PY' && ok || bad "graph files do not load right in networkx"
import csv, json, sys
import networkx as nx
d = sys.argv[1]
stats = json.load(open(f"{d}/stats.json"))
edges = list(csv.DictReader(open(f"{d}/edges.csv")))
nodes = stats["contacts"]["total"] + 1
for name, g in (("graphml", nx.read_graphml(f"{d}/graph.graphml")), ("gexf", nx.read_gexf(f"{d}/graph.gexf"))):
    assert g.number_of_nodes() == nodes, (name, g.number_of_nodes(), nodes)
    assert g.number_of_edges() == len(edges), (name, g.number_of_edges(), len(edges))
    owner = stats["owner"]["id"]
    assert g.nodes[owner]["class"] == "owner", (name, g.nodes[owner])
    top = next(r for r in csv.DictReader(open(f"{d}/contacts.csv")))
    assert int(g.nodes[top["id"]]["strength"]) == int(top["strength"]), name
    types = {e[2]["type"] for e in g.edges(data=True)}
    assert {"reply", "mention", "dm", "follows", "co"} <= types, (name, types)
PY
fi

# Progress on stderr only when it is a terminal (script(1) gives one), and
# never with -q.
if command -v script >/dev/null; then
	script -qec "$TG stats $archive >/dev/null" /dev/null >"$work/tty" 2>&1
	grep -q "reading" "$work/tty" && ok || bad "no progress on a terminal: $(head -c 300 "$work/tty")"
	script -qec "$TG stats -q $archive >/dev/null" /dev/null >"$work/tty" 2>&1
	grep -q "reading" "$work/tty" && bad "progress despite -q" || ok
	"$TG" stats "$archive" >/dev/null 2>"$work/err"
	[ ! -s "$work/err" ] && ok || bad "progress written to a stderr that is no terminal: $(head -c 200 "$work/err")"
fi

# 2. Same inputs and options, same bytes, every file.
"$TG" report -q -o "$work/b" "$archive" 2>/dev/null
if diff -r "$work/a" "$work/b" >"$work/diff"; then ok; else bad "two runs differ: $(head -5 "$work/diff")"; fi

# 3. The charts re-render from their folder with plain gnuplot.
if command -v gnuplot >/dev/null; then
	cp -r "$work/a/charts" "$work/charts-copy"
	rm "$work/charts-copy"/*.svg "$work/charts-copy"/*.png
	(cd "$work/charts-copy" && for c in $charts; do gnuplot "$c.gp" || exit 1; done) && ok || bad "gnuplot NAME.gp failed"
	cmp -s "$work/charts-copy/activity.svg" "$work/a/charts/activity.svg" && ok || bad "re-rendered SVG differs"
fi

# 4. A folder that is not empty is refused without --force, kept as it was.
mkdir -p "$work/full" && echo keep >"$work/full/mine.txt"
"$TG" report -q -o "$work/full" "$archive" 2>"$work/err"
st=$?
[ $st = 1 ] && grep -q "not empty: use --force" "$work/err" && [ -f "$work/full/mine.txt" ] && ok ||
	bad "non-empty folder: status $st, $(cat "$work/err")"
"$TG" report -q --force -o "$work/full" "$archive" 2>/dev/null && [ ! -e "$work/full/mine.txt" ] &&
	[ -s "$work/full/report.html" ] && ok || bad "--force did not replace the folder"

# 5. No gnuplot: the .dat/.gp are written, a warning says how to install it,
# the report says the charts were not rendered, and the exit status is 0.
mkdir -p "$work/nobin"
for t in sh bash cat rm; do ln -sf "$(command -v $t)" "$work/nobin/$t"; done
PATH="$work/nobin" "$TG" report -q -o "$work/nognuplot" "$archive" 2>"$work/err"
st=$?
[ $st = 0 ] && ok || bad "without gnuplot: status $st"
grep -q "gnuplot" "$work/err" && grep -q "apt-get install" "$work/err" && ok || bad "no install hint: $(cat "$work/err")"
[ -s "$work/nognuplot/charts/activity.gp" ] && [ -s "$work/nognuplot/charts/activity.dat" ] &&
	[ ! -e "$work/nognuplot/charts/activity.svg" ] && ok || bad "without gnuplot: chart files wrong"
grep -q "not rendered" "$work/nognuplot/report.html" && grep -q "not rendered" "$work/nognuplot/report.md" &&
	ok || bad "the report does not say the charts were not rendered"

# 6. An output folder that cannot be written: one message, status 1, nothing left.
mkdir -p "$work/ro" && chmod 555 "$work/ro"
if [ "$(id -u)" != 0 ]; then
	"$TG" report -q -o "$work/ro/out" "$archive" 2>"$work/err"
	st=$?
	[ $st = 1 ] && [ "$(wc -l <"$work/err")" = 1 ] && ok || bad "unwritable: status $st, $(cat "$work/err")"
fi
# As root permissions do not stop us: a full disk does.
if [ -c /dev/full ]; then
	"$TG" graph -q -o /dev/full "$archive" 2>"$work/err"
	st=$?
	[ $st = 1 ] && grep -q "No space left on device" "$work/err" && ok || bad "/dev/full: status $st, $(cat "$work/err")"
fi

# 7. SIGINT in the middle: status 130, no report and no temporary folder.
big=$work/big.zip
cp "$archive" "$big"
for i in 1 2 3 4 5 6; do set -- "$@" "$big"; done
"$TG" report -q -o "$work/int" "$big" "$big" "$big" "$big" "$big" "$big" "$big" "$big" 2>"$work/err" &
pid=$!
sleep 0.3
kill -INT $pid
wait $pid
st=$?
if [ $st = 130 ] || [ $st = 0 ]; then ok; else bad "SIGINT: status $st, $(cat "$work/err")"; fi
if [ $st = 130 ]; then
	[ ! -e "$work/int" ] && ok || bad "SIGINT left a report behind"
fi
[ -z "$(ls -d "$work"/int.tmp-* 2>/dev/null)" ] && ok || bad "SIGINT left a temporary folder"

echo "report: $pass passed, $fail failed"
[ $fail = 0 ]
