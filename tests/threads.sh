#!/bin/bash
# SPDX-License-Identifier: MIT
# --threads changes no byte: `report` with 1, 2 and 4 threads on a generated
# archive whose tweets are split into many -partN files (with edits and
# duplicates), on a Grailbird archive of many month files, on two archives
# at once, on the synthetic and real fixtures, with and without
# --anonymize, gives the same files; and every CLI case (a bad input, a
# broken zip, --strict...) run through the threaded `stats` instead of
# `inspect` gives the same output, message and status with 1 and 2 threads.
# Under ThreadSanitizer (a clang -fsanitize=thread build; GLib's slice
# allocator hides allocations from it):
#   G_SLICE=always-malloc TG=build-tsan/talkgraph TG_GEN=build/tg-gen \
#   TG_SOURCE_DIR=$PWD bash tests/threads.sh
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}" "${TG_GEN:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
export LC_ALL=C
case $TG in /*) ;; *) TG=$PWD/$TG ;; esac
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# same_reports NAME ARGS...: report with 1, 2 and 4 threads, every file compared.
same_reports() {
	local name=$1
	shift
	for t in 1 2 4; do
		if ! "$TG" report -q --threads $t -o "$work/$name.t$t" "$@" 2>"$work/$name.t$t.err"; then
			bad "$name: report --threads $t failed: $(head -3 "$work/$name.t$t.err")"
			return
		fi
	done
	for t in 2 4; do
		if diff -r "$work/$name.t1" "$work/$name.t$t" >"$work/diff" 2>&1; then
			ok
		else
			bad "$name: --threads 1 and --threads $t differ: $(head -5 "$work/diff")"
		fi
		cmp -s "$work/$name.t1.err" "$work/$name.t$t.err" && ok || bad "$name: warnings differ with --threads $t"
	done
	[ -s "$work/$name.t1/stats.json" ] && ok || bad "$name: no stats.json"
	rm -rf "$work/$name".t*
}

# 1. Generated archives: many tweet parts (small --part-bytes), and Grailbird.
if [ -x "$TG_GEN" ]; then
	"$TG_GEN" --tweets 12000 --dms 2500 --followers 600 --following 400 --part-bytes 1500000 --seed 11 \
		--quiet --out "$work/parts.zip" || bad "tg-gen parts"
	parts=$(unzip -l "$work/parts.zip" | grep -c 'data/tweets-part[0-9]*\.js')
	[ "$parts" -ge 5 ] && ok || bad "expected many tweet parts, got $parts"
	same_reports parts "$work/parts.zip"
	same_reports parts-anon --anonymize "$work/parts.zip"
	"$TG_GEN" --tweets 4000 --layout grailbird --seed 12 --quiet --out "$work/grail" || bad "tg-gen grailbird"
	same_reports grailbird "$work/grail"
	same_reports two-archives "$work/parts.zip" "$work/grail"
else
	bad "no tg-gen at $TG_GEN"
fi

# 2. The fixtures.
for f in "$SHARED"/fixtures/synthetic/*.zip; do
	[ -f "$f" ] && same_reports "$(basename "$f" .zip)" "$f"
done
for d in "$SHARED"/fixtures/real/*/; do
	name=$(basename "$d")
	"$TG" stats -q --threads 1 "$d" >/dev/null 2>&1 || continue # not every fixture is a whole archive
	same_reports "$name" "$d"
done

# 3. Every CLI case through the threaded load: the same output, message and
# status with 1 and 2 threads (inspect reads on one thread: stats stands in).
for t in 1 2; do
	cat >"$work/tg$t" <<EOF
#!/bin/bash
if [ \$# -ge 1 ] && [ "\${1#-}" = "\$1" ]; then
	c=\$1; shift
	[ "\$c" = inspect ] && c=stats
	exec "$TG" "\$c" --threads $t "\$@"
fi
exec "$TG" "\$@"
EOF
	chmod +x "$work/tg$t"
done
for dir in "$TG_SOURCE_DIR"/tests/cli/*/; do
	[ -f "$dir/cmd" ] || continue
	name=$(basename "$dir")
	for t in 1 2; do
		mkdir -p "$work/cli$t"
		(cd "$work/cli$t" && TG="$work/tg$t" DATA="$TG_SOURCE_DIR/tests/data" SHARED="$SHARED" \
			bash -c "source '$TG_SOURCE_DIR/tests/cli/lib.sh'; $(cat "$dir/cmd")" \
			>"$work/out$t" 2>"$work/err$t" </dev/null)
		echo $? >"$work/status$t"
		chmod -R u+w "$work/cli$t" 2>/dev/null
		rm -rf "$work/cli$t"
	done
	# Temporary names differ from run to run; nothing else may.
	sed -i -E 's/\.tmp-[A-Za-z0-9]{6}/.tmp-X/g' "$work"/out[12] "$work"/err[12]
	if cmp -s "$work/out1" "$work/out2" && cmp -s "$work/err1" "$work/err2" &&
		cmp -s "$work/status1" "$work/status2"; then
		ok
	else
		bad "cli case $name differs with 2 threads: $(diff "$work/err1" "$work/err2" | head -4)"
	fi
done

echo "threads: $pass passed, $fail failed"
[ $fail = 0 ]
