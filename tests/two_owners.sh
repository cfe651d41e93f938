#!/bin/bash
# SPDX-License-Identifier: MIT
# Two owners who talk to each other (tg-gen's pair mode: replies, mentions,
# quotes, one DM conversation, follows and shared contacts, planted in both
# archives), in both orders. Each archive alone matches its truth; read
# together, each owner's figures in stats.json (the first at the top level,
# the second under "owners") and contacts.csv match the truth of that owner's
# archive alone, whichever comes first; the merged graph has one node per
# owner and per contact and the planted edges between the owners; the report
# has the section on the owners with each other.
set -u
: "${TG:?}" "${TG_GEN:?}" "${TG_SOURCE_DIR:?}" "${TG_BUILD_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
check="python3 $TG_SOURCE_DIR/tests/tools/two_owners_check.py"
truth="$TG_BUILD_DIR/test_truth"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# Runs test_truth with the given arguments; prints its mismatches on failure.
truth_ok() {
	local what=$1
	shift
	if "$truth" "$@" >"$work/truth.log" 2>&1; then
		ok
	else
		bad "$what"
		grep -v '^  planted' "$work/truth.log" | head -20
	fi
}

# name | tg-gen arguments (the first archive's, then the peer's)
cases=(
	"ytd2022-ytd2020|--layout 2022 --tweets 700 --dms 450 --seed 31 --peer-layout 2020 --peer-seed 32 --peer-zone Europe/Madrid --peer-follows out"
	"ytd2020-ytd2019|--layout 2020 --tweets 400 --dms 250 --seed 43 --zone America/New_York --peer-layout 2019 --peer-seed 7 --peer-tweets 300 --peer-follows both"
)

for c in "${cases[@]}"; do
	name=${c%%|*}
	args=${c#*|}
	d=$work/$name
	mkdir -p "$d"
	A=$d/a.zip B=$d/b.zip TA=$d/a.truth.json TB=$d/b.truth.json
	# shellcheck disable=SC2086
	if ! "$TG_GEN" $args --quiet --out "$A" --truth "$TA" --peer-out "$B" --peer-truth "$TB" 2>"$d/err"; then
		bad "$name: tg-gen failed: $(cat "$d/err")"
		continue
	fi
	# Deterministic: the same pair again.
	# shellcheck disable=SC2086
	"$TG_GEN" $args --quiet --out "$d/a2.zip" --truth "$d/a2.json" --peer-out "$d/b2.zip" \
		--peer-truth "$d/b2.json" &&
		cmp -s "$A" "$d/a2.zip" && cmp -s "$TA" "$d/a2.json" && cmp -s "$B" "$d/b2.zip" &&
		cmp -s "$TB" "$d/b2.json" && ok || bad "$name: the pair is not deterministic"

	# One conversation, the same messages in both archives.
	$check conversation "$TA" "$TB" "$A" "$B" && ok || bad "$name: the shared conversation"

	# Each archive alone.
	truth_ok "$name: the first archive alone differs from its truth" "$A" "$TA"
	truth_ok "$name: the second archive alone differs from its truth" "$B" "$TB"
	# Read together, in both orders: each owner against its own archive's
	# truth, contacts.csv of the second owner included.
	truth_ok "$name: A B, owner A" --owner 0 "$A" "$B" "$TA"
	truth_ok "$name: A B, owner B" --owner 1 "$A" "$B" "$TB"
	truth_ok "$name: B A, owner B" --owner 0 "$B" "$A" "$TB"
	truth_ok "$name: B A, owner A" --owner 1 "$B" "$A" "$TA"

	# The command line: stats.json of A B and of B A, contacts.csv of the first.
	for order in ab ba; do
		if [ $order = ab ]; then set -- "$A" "$B"; first=$TA second=$TB; else set -- "$B" "$A"; first=$TB second=$TA; fi
		if "$TG" stats --json "$@" >"$d/$order.json" 2>"$d/err" &&
			"$TG" contacts --csv "$@" >"$d/$order.csv" 2>>"$d/err"; then
			truth_ok "$name: talkgraph stats --json ($order), first owner" \
				--owner 0 --stats "$d/$order.json" --csv "$d/$order.csv" "$first"
			truth_ok "$name: talkgraph stats --json ($order), second owner (\"owners\")" \
				--owner 1 --stats "$d/$order.json" "$second"
		else
			bad "$name: talkgraph stats/contacts ($order) failed: $(cat "$d/err")"
		fi
	done
	$check swap "$d/ab.json" "$d/ba.json" && ok || bad "$name: stats B A is not stats A B with roles swapped"

	# The merged graph, both orders: one node per owner, the planted edges.
	for order in ab ba; do
		if [ $order = ab ]; then set -- "$A" "$B"; else set -- "$B" "$A"; fi
		if "$TG" graph --format csv "$@" >"$d/edges-$order.csv" 2>"$d/err" &&
			"$TG" graph --format graphml -o "$d/graph-$order.graphml" "$@" 2>>"$d/err"; then
			$check graph "$TA" "$TB" "$d/edges-$order.csv" "$d/graph-$order.graphml" &&
				ok || bad "$name: the merged graph ($order)"
		else
			bad "$name: talkgraph graph ($order) failed: $(cat "$d/err")"
		fi
	done

	# The report: the section on the owners with each other.
	if "$TG" report -q -o "$d/report" "$A" "$B" 2>"$d/err"; then
		$check report "$TA" "$TB" "$d/report/report.html" && ok || bad "$name: report.html, section owners"
		grep -q '^## The owners with each other' "$d/report/report.md" && ok ||
			bad "$name: report.md has no section on the owners"
	else
		bad "$name: talkgraph report failed: $(cat "$d/err")"
	fi
done

# Usage errors of the pair mode.
for args in "--peer-seed 3" "--layout grailbird --peer-out $work/x.zip" "--tweets 50 --peer-out $work/x.zip" \
	"--peer-out $work/o.zip"; do
	# shellcheck disable=SC2086
	"$TG_GEN" --tweets 200 --seed 1 --quiet --out "$work/o.zip" $args 2>/dev/null
	[ $? = 2 ] && ok || bad "tg-gen $args: expected a usage error"
done

echo "two_owners: $pass passed, $fail failed"
[ $fail = 0 ]
