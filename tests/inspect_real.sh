#!/bin/bash
# SPDX-License-Identifier: MIT
# `talkgraph inspect` on every real archive of ../shared/fixtures/real (as a
# folder, and zipped at test time) and on the synthetic ones, checked against
# an independent count (tests/tools/count_archive.py).
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

check() { # check NAME ARCHIVE
	local name=$1 archive=$2
	if ! "$TG" inspect --json "$archive" >"$work/got.json" 2>"$work/err"; then
		echo "FAIL $name: inspect failed: $(cat "$work/err")"
		fail=$((fail + 1))
		return
	fi
	python3 "$TG_SOURCE_DIR/tests/tools/count_archive.py" "$archive" >"$work/want.json" || {
		echo "FAIL $name: the independent count failed"; fail=$((fail + 1)); return; }
	if python3 - "$work/got.json" "$work/want.json" <<'PY'
import json, sys
got, want = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
def eq(path, g, w):
    if g != w:
        bad.append(f"{path}: talkgraph {g!r}, independent count {w!r}")
eq("generation", got["generation"], want["generation"])
eq("owner.id", got["owner"]["id"], want["owner"]["id"])
eq("owner.username", got["owner"]["username"], want["owner"]["username"])
files = {f["name"]: f["read"] for f in got["files"]}
for name, n in want["files"].items():
    eq(f"files[{name}].read", files.get(name), n)
for k, v in want["tweets"].items():
    eq(f"tweets.{k}", got["tweets"][k], v)
for k, v in want["dms"].items():
    eq(f"dms.{k}", got["dms"][k], v)
eq("followers", got["followers"], want["follower"])
eq("following", got["following"], want["following"])
for f in got["files"]:
    if f["skipped"]:
        bad.append(f"{f['name']}: {f['skipped']} records skipped: {f['skip_reasons']}")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
	then
		pass=$((pass + 1))
	else
		echo "FAIL $name"
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
for z in "$SHARED"/fixtures/synthetic/*.zip; do
	check "$(basename "$z")" "$z"
done
echo "inspect_real: $pass passed, $fail failed"
[ $fail = 0 ]
