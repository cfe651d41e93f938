#!/bin/bash
# SPDX-License-Identifier: MIT
# What the analysis keeps of every tweet and message (tweet ids, DM ids,
# edited tweets, hashtag uses, DM messages) lives on tapes that move to an
# unlinked temporary file past a size (analyzer/tape.h). With
# TALKGRAPH_SMALL_MEMORY set every tape starts on disk and every store takes
# its smallest size, so these small archives take the paths of a huge one:
# - `report` writes the same bytes as without it, with the same messages, on
#   a generated archive of many tweet parts (edits, duplicates), a Grailbird
#   archive, two archives at once, the sample and the synthetic fixtures;
# - with no place for temporary files it still writes the same bytes, and
#   warns on stderr;
# - it leaves no file in $TMPDIR, also when killed.
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}" "${TG_GEN:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
export LC_ALL=C
case $TG in /*) ;; *) TG=$PWD/$TG ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp" "$work/out"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# same_report NAME ARGS...: report in memory and on disk, compared.
same_report() {
	local name=$1
	shift
	if ! "$TG" report -q -o "$work/out/$name.mem" "$@" 2>"$work/out/$name.mem.err"; then
		bad "$name: report failed: $(head -3 "$work/out/$name.mem.err")"
		return
	fi
	if ! TALKGRAPH_SMALL_MEMORY=1 TMPDIR="$work/tmp" "$TG" report -q -o "$work/out/$name.disk" "$@" \
		2>"$work/out/$name.disk.err"; then
		bad "$name: report with TALKGRAPH_SMALL_MEMORY failed: $(head -3 "$work/out/$name.disk.err")"
		return
	fi
	if diff -r "$work/out/$name.mem" "$work/out/$name.disk" >"$work/diff" 2>&1; then
		ok
	else
		bad "$name: outputs differ on disk: $(head -5 "$work/diff")"
	fi
	cmp -s "$work/out/$name.mem.err" "$work/out/$name.disk.err" && ok || bad "$name: messages differ on disk"
	[ -s "$work/out/$name.mem/stats.json" ] && ok || bad "$name: no stats.json"
	rm -rf "$work/out/$name".*
}

"$TG_GEN" --tweets 12000 --dms 2500 --followers 600 --following 400 --part-bytes 1500000 --seed 11 \
	--quiet --out "$work/parts.zip" || bad "tg-gen parts"
"$TG_GEN" --tweets 4000 --layout grailbird --seed 12 --quiet --out "$work/grail" || bad "tg-gen grailbird"
# The generated archive must have what the stores hold: duplicates, edits,
# hashtags, DMs.
"$TG" stats --json "$work/parts.zip" >"$work/parts.json" 2>/dev/null
python3 - "$work/parts.json" <<'EOF' && ok || bad "parts.zip lacks duplicates, edits, chats or DMs"
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tweets"]
assert t["edited_versions_merged"] > 0, t
assert d["records"]["read"] > t["total"] + t["edited_versions_merged"], d["records"]
assert d["hashtags"] and d["dms"]["sent"] > 0
EOF

same_report parts "$work/parts.zip"
same_report parts-anon --anonymize "$work/parts.zip"
same_report grailbird "$work/grail"
same_report two-archives "$work/parts.zip" "$work/grail"
same_report demo "$TG_SOURCE_DIR/samples/demo.zip"
for f in "$SHARED"/fixtures/synthetic/*.zip; do
	same_report "$(basename "$f" .zip)" "$f"
done
[ -z "$(ls -A "$work/tmp")" ] && ok || bad "files left in TMPDIR: $(ls "$work/tmp")"

# No place for temporary files: the same bytes, and a warning.
"$TG" report -q -o "$work/ref" "$work/parts.zip" 2>/dev/null
if TALKGRAPH_SMALL_MEMORY=1 TMPDIR="$work/none" "$TG" report -q -o "$work/notmp" "$work/parts.zip" \
	2>"$work/notmp.err"; then
	diff -r -q "$work/ref" "$work/notmp" >/dev/null && ok || bad "outputs differ without temporary files"
	grep -q "^talkgraph: warning: cannot make a temporary file .*of every tweet and message, stay in memory" \
		"$work/notmp.err" && ok || bad "no warning without temporary files: $(head -3 "$work/notmp.err")"
	[ "$(grep -c 'cannot make a temporary file' "$work/notmp.err")" = 1 ] && ok ||
		bad "the warning is not said once: $(cat "$work/notmp.err")"
else
	bad "report failed without temporary files: $(head -3 "$work/notmp.err")"
fi

# Killed halfway: nothing left behind.
TALKGRAPH_SMALL_MEMORY=1 TMPDIR="$work/tmp" "$TG" report -q -o "$work/killed" "$work/parts.zip" 2>/dev/null &
pid=$!
sleep 0.3
{ kill -KILL $pid && wait $pid; } 2>/dev/null
[ -z "$(ls -A "$work/tmp")" ] && ok || bad "files left in TMPDIR after kill -9: $(ls "$work/tmp")"

echo "bounded_memory: $pass passed, $fail failed"
[ $fail -eq 0 ]
