#!/bin/bash
# SPDX-License-Identifier: MIT
# report.html in a real headless browser (Debian's chromium): it loads with
# no console error and no network request, every section is there, and a
# screenshot is taken (kept at $TG_BUILD_DIR/report-screenshot.png). The
# harness first proves on a bad page that it does see console errors and
# requests, so that a silent browser cannot pass for a clean report.
set -u
: "${TG:?}" "${TG_SOURCE_DIR:?}"
SHARED=${TG_SHARED_DIR:-$TG_SOURCE_DIR/../shared}
out=${TG_BUILD_DIR:-.}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "browser: chromium is not installed (scripts/setup test installs it)"
	exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# load PAGE NAME: loads PAGE, leaves NAME.dom, NAME.log (stderr), NAME.net
# (net log) and NAME.png in $work. Name resolution is mapped to nothing, so
# that even a faulty page cannot reach the network from a test.
load() {
	local page=$1 name=$2
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-default-apps --disable-extensions --host-resolver-rules='MAP * ~NOTFOUND' \
		--user-data-dir="$work/profile-$name" --enable-logging=stderr --v=0 \
		--log-net-log="$work/$name.net" --virtual-time-budget=5000 --window-size=1280,2400 \
		--dump-dom "file://$page" >"$work/$name.dom" 2>"$work/$name.log"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$work/profile-$name-shot" \
		--window-size=1280,2400 --screenshot="$work/$name.png" "file://$page" >/dev/null 2>&1
}

# Console messages of the page (errors, warnings, logs), one a line.
console() { grep -E 'CONSOLE|Uncaught|Failed to load resource' "$work/$1.log" || true; }

# Requests the page made: the browser's own background requests carry the
# initiator "not an origin"; a page's carry its origin ("null" for file:).
requests() {
	python3 - "$work/$1.net" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    # The log is closed when the browser exits; a cut log is read as far as it goes.
    text = open(sys.argv[1]).read().rstrip().rstrip(",")
    d = json.loads(text + "]}")
for e in d.get("events", []):
    p = e.get("params", {})
    if "url" in p and "initiator" in p and p["initiator"] != "not an origin":
        print(p["url"])
PY
}

# 1. The harness sees what it must see.
cat >"$work/bad.html" <<'EOF'
<!DOCTYPE html><html><head><title>bad</title></head><body>
<img src="http://example.invalid/x.png"><script>console.error("talkgraph-harness-check")</script>
</body></html>
EOF
load "$work/bad.html" bad
console bad | grep -q "talkgraph-harness-check" && ok || bad "the harness does not see console errors"
requests bad | grep -q "example.invalid" && ok || bad "the harness does not see network requests"

# 2. The report.
"$TG" report -q -o "$work/report" "$SHARED/fixtures/synthetic/modern-small-seed1.zip" || bad "report failed"
load "$work/report/report.html" report
msgs=$(console report)
[ -z "$msgs" ] && ok || bad "console messages: $msgs"
reqs=$(requests report)
[ -z "$reqs" ] && ok || bad "network requests: $reqs"
for id in funnel talk one-way dormant automated chats circles activity limits method; do
	grep -q "<section id=\"$id\"" "$work/report.dom" && ok || bad "section '$id' missing from the page"
done
n=$(grep -o '<svg' "$work/report.dom" | wc -l)
[ "$n" -ge 9 ] && ok || bad "only $n charts in the page"
# Nothing in the file may point outside it.
if grep -Eo '(src|href)="[a-z]+:[^"]*"' "$work/report/report.html" | grep -v 'href="#' >"$work/ext"; then
	bad "external references: $(head -3 "$work/ext")"
else
	ok
fi
if [ -s "$work/report.png" ]; then
	cp "$work/report.png" "$out/report-screenshot.png"
	ok
else
	bad "no screenshot"
fi

echo "browser: $pass passed, $fail failed"
[ $fail = 0 ]
