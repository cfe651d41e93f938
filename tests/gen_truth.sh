#!/bin/bash
# SPDX-License-Identifier: MIT
# The generator's archives of every generation, against its ground truth:
# the generator is deterministic per seed; `inspect` finds the generation,
# every data file's record count, the tweets by kind and the DM counts it
# planted; and every figure of stats.json and every contacts.csv cell matches
# the truth (test_truth). Several seeds, zones and packagings.
set -u
: "${TG:?}" "${TG_GEN:?}" "${TG_SOURCE_DIR:?}" "${TG_BUILD_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# name | tg-gen arguments
cases=(
	"ytd2022-s11|--layout 2022 --tweets 700 --dms 450 --followers 160 --following 130 --seed 11 --owner-autodm"
	"ytd2022-s12-parts|--layout 2022 --tweets 900 --dms 300 --seed 12 --part-bytes 200000 --zone America/Los_Angeles"
	"ytd2020-s13|--layout 2020 --tweets 600 --dms 400 --seed 13 --zone Europe/Madrid"
	"ytd2019-s14-prefix|--layout 2019 --tweets 500 --dms 300 --seed 14 --zip-prefix my-archive"
	"ytd2018-s15|--layout 2018 --tweets 500 --dms 300 --seed 15 --zone Asia/Tokyo"
	"grailbird-s16|--layout grailbird --tweets 800 --seed 16"
	"grailbird-s17-folder|--layout grailbird --tweets 400 --seed 17 --zone Australia/Adelaide"
)

for c in "${cases[@]}"; do
	name=${c%%|*}
	args=${c#*|}
	out=$work/$name.zip
	case $name in *folder*) out=$work/$name ;; esac
	# shellcheck disable=SC2086
	if ! "$TG_GEN" $args --quiet --out "$out" --truth "$work/$name.truth.json" 2>"$work/err"; then
		bad "$name: tg-gen failed: $(cat "$work/err")"
		continue
	fi
	# Deterministic per seed.
	if [ -f "$out" ]; then
		# shellcheck disable=SC2086
		"$TG_GEN" $args --quiet --out "$work/again.zip" --truth "$work/again.json" &&
			cmp -s "$out" "$work/again.zip" && cmp -s "$work/$name.truth.json" "$work/again.json" &&
			ok || bad "$name: the generator is not deterministic"
		rm -f "$work/again.zip" "$work/again.json"
	fi
	# inspect against the planted counts.
	if "$TG" inspect --json "$out" >"$work/inspect.json" 2>"$work/err"; then
		python3 - "$work/inspect.json" "$work/$name.truth.json" "$name" <<'PY' && ok || bad "$name: inspect differs from the truth"
import json, sys
got, truth, name = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
bad = []
def eq(what, g, w):
    if g != w:
        bad.append(f"{what}: talkgraph {g!r}, truth {w!r}")
eq("generation", got["generation"], truth["generation"])
eq("generated", got["generated"], truth["generated"])
files = {f["name"]: f["read"] for f in got["files"]}
for f, n in truth["records_by_file"].items():
    eq(f"records in {f}", files.get(f), n)
for k in ("total", "original", "reply", "thread", "retweet", "quote", "edited_versions_merged"):
    eq(f"tweets.{k}", got["tweets"][k], truth["tweets"][k])
dm = truth["dm_counts"]
eq("1:1 messages", got["dms"]["messages"], dm["one_to_one_messages"])
eq("group messages", got["dms"]["group_messages"], dm["group_messages"])
eq("1:1 conversations", got["dms"]["conversations"], dm["one_to_one_conversations"])
eq("group conversations", got["dms"]["group_conversations"], dm["group_conversations"])
eq("followers", got["followers"], truth["follows"]["followers"])
eq("following", got["following"], truth["follows"]["following"])
eq("skipped", got["records"]["skipped"], 0)
for b in bad:
    print(f"  {name}: {b}")
sys.exit(1 if bad else 0)
PY
	else
		bad "$name: inspect failed: $(cat "$work/err")"
	fi
	# Every figure and every contacts.csv cell.
	if "$TG_BUILD_DIR/test_truth" "$out" "$work/$name.truth.json" >"$work/truth.log" 2>&1; then
		ok
	else
		bad "$name: figures differ from the truth"
		grep -v '^  planted' "$work/truth.log" | head -20
	fi
done

echo "gen_truth: $pass passed, $fail failed"
[ $fail = 0 ]
