#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Privacy you can prove: on every synthetic archive and the hand-written one,
# no id, handle, display name or DM text of a contact is in any file that
# `talkgraph report --anonymize` writes (charts' .dat, .gp and .svg included),
# nor the owner's with --anonymize=all; DM text is in no output without
# --anonymize either (the owner's own templates aside, SPEC.md); pseudonyms
# are the same run after run, change with --salt, follow the documented
# HMAC-SHA256 and cannot be recomputed from what the outputs show. The rules
# for what counts as a match are in tests/tools/privacy_check.py.
set -euo pipefail

: "${TG:?TG must name the talkgraph program}"
: "${TG_SOURCE_DIR:?TG_SOURCE_DIR must name the source folder}"
: "${TG_SHARED_DIR:?TG_SHARED_DIR must name the shared folder}"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
CHECK=("$PY" "$TG_SOURCE_DIR/tests/tools/privacy_check.py")
export TG_SOURCE_DIR
SYN="$TG_SHARED_DIR/fixtures/synthetic"
MINI="$TG_SOURCE_DIR/tests/data/mini"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() {
	echo "privacy: FAIL: $*" >&2
	failed=1
}

# report NAME ARGS...: talkgraph report ARGS into $tmp/NAME.
report() {
	local name=$1
	shift
	if ! "$TG" report -q -o "$tmp/$name" "$@" 2>"$tmp/$name.err"; then
		cat "$tmp/$name.err" >&2
		fail "talkgraph report $* failed"
		return 1
	fi
}

# check ARGS...: the checker; its findings are a failure.
check() {
	"${CHECK[@]}" "$@" || fail "privacy_check.py $1 ${*: -2}"
}

# Control reports: their words (and gnuplot's) are no leak of another archive.
report ctl-mini --anonymize "$MINI"
report ctl-modern --anonymize "$SYN/modern-small-seed1.zip"

archives=("$SYN"/*.zip "$MINI")
for a in "${archives[@]}"; do
	n=$(basename "$a" .zip)
	vocab="$tmp/ctl-mini:$MINI"
	[ "$a" = "$MINI" ] && vocab="$tmp/ctl-modern:$SYN/modern-small-seed1.zip"

	report "$n.anon" --anonymize "$a"
	report "$n.again" --anonymize "$a"
	report "$n.all" --anonymize=all "$a"
	report "$n.plain" "$a"
	report "$n.salt" --anonymize --salt 'a salt of my own' "$a"

	check leaks --level 1 --vocab "$vocab" "$tmp/$n.anon" "$a"
	check leaks --level 2 --vocab "$vocab" "$tmp/$n.all" "$a"
	check leaks --level 1 --vocab "$vocab" "$tmp/$n.salt" "$a"
	check leaks --level 0 --vocab "$vocab" "$tmp/$n.plain" "$a"

	# The same archive, the same pseudonyms: every byte of every file.
	diff -r "$tmp/$n.anon" "$tmp/$n.again" >/dev/null || fail "$n: two runs of --anonymize differ"
	# A salt changes every pseudonym, and another salt changes them again.
	"${CHECK[@]}" pseudonyms "$tmp/$n.anon" | grep -E '^[co]-' | sort >"$tmp/$n.p-anon"
	"${CHECK[@]}" pseudonyms "$tmp/$n.salt" | grep -E '^[co]-' | sort >"$tmp/$n.p-salt"
	"$TG" contacts -q --csv --anonymize --salt 'another salt' "$a" | cut -d, -f1 | grep -E '^[co]-' |
		sort >"$tmp/$n.p-salt2"
	[ -s "$tmp/$n.p-anon" ] || fail "$n: no pseudonym in the report"
	[ -z "$(comm -12 "$tmp/$n.p-anon" "$tmp/$n.p-salt")" ] || fail "$n: --salt kept some pseudonyms"
	[ -z "$(comm -12 "$tmp/$n.p-salt" "$tmp/$n.p-salt2")" ] || fail "$n: two salts share pseudonyms"
	check scheme "$tmp/$n.salt" "$a" 'a salt of my own'
	check naive-keys "$tmp/$n.anon" "$a"

	# The owner keeps its identity with --anonymize, and loses it with =all.
	"$PY" - "$tmp/$n.anon" "$tmp/$n.all" "$tmp/$n.plain" <<'EOF' || fail "$n: the owner block"
import csv, json, re, sys
anon, every, plain = (json.load(open(d + "/stats.json")) for d in sys.argv[1:])
assert anon["owner"] == plain["owner"], (anon["owner"], plain["owner"])
o = every["owner"]
assert re.fullmatch(r"o-[0-9a-f]{10,}", o["id"]), o
assert o["username"] == o["id"] and o["display_name"] in (o["id"], None), o
assert all(i["owner"] == o["id"] and re.fullmatch(r"archive \d+", i["name"]) for i in every["inputs"])
assert all(re.fullmatch(r"archive \d+", i["name"]) for i in anon["inputs"])
assert anon["options"]["anonymize"] is True and plain["options"]["anonymize"] is False
# Rows by strength, then by the pseudonym shown: no order follows a hidden id.
rows = list(csv.DictReader(open(sys.argv[1] + "/contacts.csv", newline="")))
keys = [(-int(r["strength"]), r["id"]) for r in rows]
assert keys == sorted(keys), "contacts.csv is not sorted by strength, then pseudonym"
assert all(re.fullmatch(r"[co]-[0-9a-f]{10,}", r["id"]) for r in rows)
assert all(r["screen_name"] in ("", r["id"]) and r["name"] in ("", r["id"]) for r in rows)
EOF
done

# Several archives: one key for the call, whatever the order of the archives,
# and nobody's identity left with --anonymize=all.
A="$SYN/modern-small-seed1.zip"
B="$SYN/ytd2020-madrid-seed2.zip"
report multi.all --anonymize=all "$A" "$B"
check leaks --level 2 --vocab "$tmp/ctl-mini:$MINI" "$tmp/multi.all" "$A" "$B"
"$TG" graph -q --format csv --anonymize "$A" "$B" | cut -d, -f1,2 | tr , '\n' | sort -u >"$tmp/multi.ab"
"$TG" graph -q --format csv --anonymize "$B" "$A" | cut -d, -f1,2 | tr , '\n' | sort -u >"$tmp/multi.ba"
cmp -s "$tmp/multi.ab" "$tmp/multi.ba" || fail "the pseudonyms depend on the order of the archives"

if [ "$failed" -ne 0 ]; then
	exit 1
fi
echo "privacy: no identity and no DM text in any output of ${#archives[@]} archives"
