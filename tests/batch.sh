#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# talkgraph batch end to end: a folder of good and broken archives (the
# synthetic fixtures, the hand-written mini folder, a truncated zip, a text
# file named .zip) into results.jsonl and summary.csv, checked against
# `talkgraph stats --json --anonymize` of each archive; resume, --jobs 1 vs 2,
# an interrupted run, timeouts and crashes, shards merged, the GNU parallel
# form of docs/batch.md, exit codes.
# Environment (set by ctest): TG (the talkgraph binary), TG_SOURCE_DIR,
# TG_SHARED_DIR.
set -uo pipefail

: "${TG:?}" "${TG_SOURCE_DIR:?}"
TG=$(readlink -f "$TG") # the fake workers below run in INPUT_DIR
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
export LC_ALL=C
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT

pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -40; }
check() { # check NAME COMMAND...: passes when the command succeeds
	local name=$1
	shift
	if "$@" >"$work/.out" 2>&1; then ok "$name"; else bad "$name" "$work/.out"; fi
}

# The input folder.
IN=$work/in
mkdir -p "$IN"
cp "$SHARED"/fixtures/synthetic/*.zip "$IN/"
chmod u+w "$IN"/*.zip
cp -r "$TG_SOURCE_DIR/tests/data/mini" "$IN/mini"
chmod -R u+w "$IN/mini"
first=$(ls "$SHARED"/fixtures/synthetic/*.zip | head -1)
head -c 40000 "$first" >"$IN/truncated.zip"
echo "this is not a zip" >"$IN/x.zip"
echo "notes about the donations" >"$IN/README.txt"
mkdir "$IN/not-an-archive" && echo hi >"$IN/not-an-archive/file.txt"
n_archives=$(($(ls "$SHARED"/fixtures/synthetic/*.zip | wc -l) + 3))

# ---- A first run ----------------------------------------------------------
"$TG" batch "$IN" -o "$work/out" --jobs 2 >"$work/run1.stdout" 2>"$work/run1.stderr"
status=$?
check "first run exits 0 with broken archives" test "$status" = 0
check "nothing on stdout" test ! -s "$work/run1.stdout"
check "results.jsonl has one line per archive" test "$(wc -l <"$work/out/results.jsonl")" = "$n_archives"
check "summary.csv has a header and one row per archive" \
	test "$(wc -l <"$work/out/summary.csv")" = $((n_archives + 1))
check "stderr says how many failed" grep -q "^talkgraph: batch: 2 of $n_archives archives failed$" "$work/run1.stderr"
check "stderr reports the truncated zip" grep -q "truncated.zip: failed: cannot open 'truncated.zip'" "$work/run1.stderr"
check "stderr reports the text file named .zip" grep -q "x.zip: failed: cannot open 'x.zip'" "$work/run1.stderr"
check "stderr notes what is skipped" grep -q "skipping 'README.txt'" "$work/run1.stderr"
check "stderr progress: N of M" grep -q "\[$n_archives/$n_archives\]" "$work/run1.stderr"
check "no scratch file left" test -z "$(ls -A "$work/out" | grep -v -e '^done$' -e '^results.jsonl$' -e '^summary.csv$' -e '^batch.json$')"

# Every figure equals the one of `talkgraph stats --json --anonymize`.
for a in "$IN"/*.zip "$IN/mini"; do
	name=$(basename "$a")
	"$TG" stats --json --anonymize -q "$a" >"$work/stats-$name.json" 2>/dev/null || rm -f "$work/stats-$name.json"
done
cat >"$work/check.py" <<'EOF'
import csv, hashlib, json, os, sys

work, in_dir, out = sys.argv[1], sys.argv[2], sys.argv[3]
# record path -> stats.json path (None: the same), kind
FIELDS = [
    ("owner.id", None, "s"), ("owner.username", None, "s"), ("owner.display_name", None, "s"),
    ("owner.time_zone", "owner.time_zone.zone", "s"),
    ("period.first", None, "s"), ("period.last", None, "s"),
] + [("tweets." + k, None, "n") for k in
     ["total", "original", "reply", "thread", "retweet", "quote", "edited_versions_merged"]] + [
    ("conversation_share", None, "n"),
    ("follows.followers", None, "n"), ("follows.following", None, "n"), ("follows.mutuals", None, "n"),
] + [("funnel.%s.%s" % (a, b), None, "n") for a in ["followers", "following"]
     for b in ["total", "talked", "two_way"]] + [
    ("reach_out_rate", None, "n"),
] + [("dms." + k, None, "n") for k in
     ["conversations", "group_conversations", "sent", "received", "two_sided", "opened_by_other",
      "answered", "response_rate", "response_median_s", "response_p90_s"]] + [
    ("automated_dms.senders", None, "len"), ("automated_dms.owner_templates", None, "n"),
    ("chats", None, "len"), ("circles.modularity", None, "n"), ("circles.count", "circles.list", "len"),
    ("contacts.total", None, "n"),
] + [("contacts.by_class." + c, None, "n") for c in
     ["two-way", "unanswered-in", "one-way-out", "amplify-only", "context-only", "silent-follow"]] + [
    ("contacts.dormant", None, "n"),
    ("resolution.contacts", None, "n"), ("resolution.followers", None, "n"), ("resolution.following", None, "n"),
    ("records.read", None, "n"), ("records.skipped", None, "n"), ("records.manifest_mismatches", None, "n"),
    ("generation", "inputs.0.generation", "s"),
]

def at(d, path):
    for k in path.split("."):
        if isinstance(d, list):
            d = d[int(k)]
        else:
            d = d[k]
    return d

def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()

errors = []
lines = open(os.path.join(out, "results.jsonl"), encoding="utf-8").read().split("\n")
assert lines[-1] == "", "results.jsonl must end with a newline"
recs = [json.loads(l) for l in lines[:-1]]
keys = [(r["file"], r["sha256"]) for r in recs]
if keys != sorted(keys):
    errors.append("lines are not sorted by file name")
rows = list(csv.reader(open(os.path.join(out, "summary.csv"), newline="", encoding="utf-8")))
header, rows = rows[0], rows[1:]
if [r[0] for r in rows] != [r["file"] for r in recs]:
    errors.append("summary.csv rows are not in results.jsonl order")
if any(len(r) != len(header) for r in rows):
    errors.append("summary.csv rows of unequal length")
for rec, row in zip(recs, rows):
    name = rec["file"]
    path = os.path.join(in_dir, name)
    if os.path.isfile(path) and rec["sha256"] != sha256_of(path):
        errors.append("%s: sha256 is not the file's" % name)
    if list(rec)[:4] != ["file", "sha256", "status", "error"]:
        errors.append("%s: keys start %s" % (name, list(rec)[:4]))
    cells = dict(zip(header, row))
    if cells["status"] != rec["status"] or cells["error"] != (rec["error"] or ""):
        errors.append("%s: CSV status/error differ" % name)
    sj = os.path.join(work, "stats-%s.json" % name)
    if name in ("truncated.zip", "x.zip"):
        if rec["status"] != "error" or not rec["error"] or ("'%s'" % name) not in rec["error"]:
            errors.append("%s: not reported as broken: %s" % (name, rec))
        if len(rec) != 4:
            errors.append("%s: an error line carries figures" % name)
        continue
    if rec["status"] != "ok" or rec["error"] is not None:
        errors.append("%s: not ok: %s" % (name, rec.get("error")))
        continue
    stats = json.load(open(sj, encoding="utf-8"))
    for dst, src, kind in FIELDS:
        want = at(stats, src or dst)
        if kind == "len":
            want = len(want)
        got = at(rec, dst)
        if got != want or type(got) != type(want) and not (isinstance(got, (int, float)) and isinstance(want, (int, float))):
            errors.append("%s: %s is %r, stats.json says %r" % (name, dst, got, want))
    # The CSV's fixed formats.
    for col, dst, fmt in [("tweets_total", "tweets.total", "%d"), ("conversation_share", "conversation_share", "%.6f"),
                          ("dm_response_median_s", "dms.response_median_s", "%.3f"),
                          ("circles_modularity", "circles.modularity", "%.6f")]:
        v = at(rec, dst)
        want = "" if v is None else fmt % v
        if cells[col] != want:
            errors.append("%s: CSV %s is %r, want %r" % (name, col, cells[col], want))
n_fields = len(FIELDS)
if len(header) != 4 + n_fields:
    errors.append("summary.csv has %d columns, want %d" % (len(header), 4 + n_fields))
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("%d records checked" % len(recs))
EOF
check "records equal stats --json --anonymize; broken ones reported; rows sorted" \
	"$PY" "$work/check.py" "$work" "$IN" "$work/out"
check "the done records are the lines of results.jsonl" \
	cmp <(cat "$work"/out/done/*.json | LC_ALL=C sort) <(LC_ALL=C sort "$work/out/results.jsonl")
check "batch anonymises by default" grep -q '"anonymize":"contacts"' "$work/out/batch.json"

# ---- Resume ---------------------------------------------------------------
cp -r "$work/out" "$work/out1"
"$TG" batch "$IN" -o "$work/out" --jobs 2 >/dev/null 2>"$work/run2.stderr"
check "a second run exits 0" test $? = 0
check "a second run analyses nothing" grep -q "$n_archives done before, 0 to analyse" "$work/run2.stderr"
check "a second run gives byte-identical outputs" diff -r "$work/out1" "$work/out"
victim=$(grep -l '"file":"mini"' "$work"/out/done/*.json)
rm "$victim"
"$TG" batch "$IN" -o "$work/out" --jobs 2 >/dev/null 2>"$work/run3.stderr"
check "a deleted record is redone, and only that one" \
	test "$(grep -c '\] .*: ok$' "$work/run3.stderr")" = 1 -a -n "$(grep '\[1/1\] mini: ok' "$work/run3.stderr")"
check "the redone record is byte-identical" diff -r "$work/out1" "$work/out"
"$TG" batch "$IN" -o "$work/out" --retry-errors -q >/dev/null 2>"$work/run4.stderr"
check "--retry-errors redoes only the failed ones" test "$(grep -c ': failed: ' "$work/run4.stderr")" = 2
check "--retry-errors gives the same outputs" diff -r "$work/out1" "$work/out"

# ---- --jobs 1 vs --jobs 2, quiet ------------------------------------------
"$TG" batch "$IN" -o "$work/out-j1" --jobs 1 -q >/dev/null 2>"$work/j1.stderr"
check "--jobs 1 gives the same bytes as --jobs 2" diff -r "$work/out1" "$work/out-j1"
check "-q prints only the failures" \
	test "$(grep -vc -e ': failed: ' -e 'archives failed$' "$work/j1.stderr")" = 0

# ---- An interrupted run resumes -------------------------------------------
cat >"$work/slow" <<EOF
#!/bin/sh
sleep 1
exec "$TG" "\$@"
EOF
chmod +x "$work/slow"
"$TG" batch "$IN" -o "$work/out-int" --jobs 1 --worker "$work/slow" >/dev/null 2>"$work/int.stderr" &
bpid=$!
pids+=("$bpid")
for _ in $(seq 1 200); do
	[ "$(ls "$work/out-int/done" 2>/dev/null | grep -c '\.json$')" -ge 1 ] && break
	sleep 0.05
done
kill -INT "$bpid"
wait "$bpid"
status=$?
check "an interrupted batch exits 130" test "$status" = 130
n_done=$(ls "$work/out-int/done" | grep -c '\.json$')
check "an interrupted batch kept what finished" test "$n_done" -ge 1 -a "$n_done" -lt "$n_archives"
check "an interrupted batch left consistent results" \
	test "$(wc -l <"$work/out-int/results.jsonl")" = "$n_done" -a "$(wc -l <"$work/out-int/summary.csv")" = $((n_done + 1))
check "an interrupted batch says it was interrupted" grep -q "interrupted" "$work/int.stderr"
"$TG" batch "$IN" -o "$work/out-int" --jobs 2 >/dev/null 2>"$work/int2.stderr"
check "the resumed batch exits 0" test $? = 0
check "the resumed batch does only the rest" grep -q "$n_done done before, $((n_archives - n_done)) to analyse" "$work/int2.stderr"
check "the resumed batch gives the same bytes as an uninterrupted one" diff -r "$work/out1" "$work/out-int"

# ---- A hang and a crash cost one archive ----------------------------------
mkdir "$work/in2"
cp "$IN/mini" -r "$work/in2/a-hangs"
cp "$IN/mini" -r "$work/in2/b-crashes"
cp -r "$IN/mini" "$work/in2/c-fine"
cp -r "$IN/mini" "$work/in2/d-copy"
echo "different" >>"$work/in2/b-crashes/data/tweets.js"
echo "different too" >>"$work/in2/a-hangs/data/tweets.js"
cat >"$work/faulty" <<EOF
#!/bin/sh
for a; do :; done
case \$a in
a-hangs) exec sleep 30 ;;
b-crashes) kill -SEGV \$\$ ;;
esac
exec "$TG" "\$@"
EOF
chmod +x "$work/faulty"
"$TG" batch "$work/in2" -o "$work/out2" --jobs 3 --timeout 3 --worker "$work/faulty" >/dev/null 2>"$work/faulty.stderr"
check "a batch with a hang and a crash exits 0" test $? = 0
check "the hang is stopped by --timeout" grep -q '"file":"a-hangs".*"error":"the analysis took longer than 3 s' "$work/out2/results.jsonl"
check "the crash is recorded" grep -q '"file":"b-crashes".*"error":"the analysis crashed (signal 11: SIGSEGV)' "$work/out2/results.jsonl"
check "the others are analysed" grep -q '"file":"c-fine","sha256":"[0-9a-f]*","status":"ok"' "$work/out2/results.jsonl"
check "a second copy is analysed once" test "$(grep -c '"file":"d-copy"' "$work/out2/results.jsonl")" = 0
check "a second copy is noted" grep -q "d-copy: the same archive as 'c-fine'" "$work/faulty.stderr"
check "the folder's key is its content, whatever its name" \
	grep -q "\"file\":\"c-fine\",\"sha256\":\"$(grep -o '"file":"mini","sha256":"[0-9a-f]*' "$work/out1/results.jsonl" | cut -d'"' -f8)\"" \
	"$work/out2/results.jsonl"

# ---- Shards, merged; the GNU parallel form of docs/batch.md ---------------
for k in 0 1 2; do
	"$TG" batch "$IN" -o "$work/out-shards" --jobs 1 --shard "$k/3" -q 2>/dev/null
done
check "shards write no results.jsonl of their own" test ! -e "$work/out-shards/results.jsonl"
"$TG" batch --merge "$work/out-shards" -q
check "shards merged give the same bytes" diff -r "$work/out1" "$work/out-shards"
if command -v parallel >/dev/null 2>&1; then
	parallel --will-cite -j3 "$TG" batch "$IN" -o "$work/out-par" --jobs 1 -q --shard {}/3 ::: 0 1 2 2>/dev/null
	check "GNU parallel: every shard ran" test $? = 0
	"$TG" batch --merge "$work/out-par" -q
	check "GNU parallel: merged results are the same bytes" diff -r "$work/out1" "$work/out-par"
else
	echo "skip GNU parallel form: 'parallel' is not installed (scripts/setup test installs it)"
fi
# docs/batch.sbatch, run as Slurm would run its array tasks 0-3 of 4.
for k in 0 1 2 3; do
	SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=4 SLURM_CPUS_PER_TASK=2 TALKGRAPH=$TG \
		TALKGRAPH_BATCH_OPTIONS=-q bash "$TG_SOURCE_DIR/docs/batch.sbatch" "$IN" "$work/out-slurm" 2>/dev/null
done
"$TG" batch --merge "$work/out-slurm" -q
check "the Slurm array script and a merge give the same bytes" diff -r "$work/out1" "$work/out-slurm"

# ---- Options and exit codes -----------------------------------------------
"$TG" batch "$IN" -o "$work/out" --tz Europe/Paris -q 2>"$work/mismatch.stderr"
check "other options into the same folder: exit 2" test $? = 2
check "other options: said why" grep -q "holds results made with other options" "$work/mismatch.stderr"
"$TG" batch "$IN" -o "$work/out-plain" --no-anonymize --jobs 2 -q 2>/dev/null
check "--no-anonymize runs" test $? = 0
check "--no-anonymize is recorded" grep -q '"anonymize":"none"' "$work/out-plain/batch.json"
"$TG" batch "$IN" -o "$work/out-all" --anonymize=all -q 2>/dev/null
check "--anonymize=all leaves the owner out" \
	test "$(grep -c '"owner":{"id":null,"username":null,"display_name":null,' "$work/out-all/results.jsonl")" = \
	"$(grep -c '"status":"ok"' "$work/out-all/results.jsonl")"
"$TG" batch "$IN" -q 2>/dev/null
check "no -o: exit 2" test $? = 2
"$TG" batch "$IN" -o "$work/x" --shard 3/3 2>/dev/null
check "--shard 3/3: exit 2" test $? = 2
"$TG" batch "$IN" -o "$work/x" --no-anonymize --anonymize 2>/dev/null
check "--no-anonymize --anonymize: exit 2" test $? = 2
"$TG" batch "$IN" -o "$work/x" --tz Not/AZone 2>/dev/null
check "an unknown --tz: exit 2" test $? = 2
"$TG" batch "$IN" -o "$work/x" --jobs 0 2>/dev/null
check "--jobs 0: exit 2" test $? = 2
echo file >"$work/afile"
"$TG" batch "$IN" -o "$work/afile/out" -q 2>"$work/unwritable.stderr"
check "an OUT_DIR that cannot be written: exit 1" test $? = 1
check "an OUT_DIR that cannot be written: said so" grep -q "cannot create" "$work/unwritable.stderr"
cat >"$work/breaker" <<EOF
#!/bin/sh
rm -rf "$work/out-broken/done" && echo x >"$work/out-broken/done"
exec "$TG" "\$@"
EOF
chmod +x "$work/breaker"
"$TG" batch "$IN" -o "$work/out-broken" --worker "$work/breaker" -q 2>"$work/broken.stderr"
check "an OUT_DIR that stops being writable mid-run: exit 1" test $? = 1
check "an OUT_DIR that stops being writable mid-run: said so" \
	grep -q "^talkgraph: cannot write '$work/out-broken/done/[0-9a-f]*.json': Not a directory$" "$work/broken.stderr"
"$TG" batch "$work/nowhere" -o "$work/out-none" -q 2>/dev/null
check "a missing INPUT_DIR: exit 1" test $? = 1
"$TG" batch --merge "$work/nowhere" 2>/dev/null
check "--merge of a folder without done/: exit 1" test $? = 1
mkdir "$work/empty"
"$TG" batch "$work/empty" -o "$work/out-empty" -q
check "an empty INPUT_DIR: exit 0" test $? = 0
check "an empty INPUT_DIR: empty results, CSV header only" \
	test ! -s "$work/out-empty/results.jsonl" -a "$(wc -l <"$work/out-empty/summary.csv")" = 1
"$TG" batch "$IN" -o "$IN/results-inside" -q 2>/dev/null
check "an OUT_DIR inside INPUT_DIR is not taken for an archive" \
	test "$(wc -l <"$IN/results-inside/results.jsonl")" = "$n_archives"
rm -rf "$IN/results-inside"
"$TG" --help >"$work/help"
check "--help lists batch" grep -q "talkgraph batch INPUT_DIR -o OUT_DIR" "$work/help"

echo "batch: $pass passed, $fail failed"
[ "$fail" = 0 ]
