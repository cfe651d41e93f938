# SPDX-License-Identifier: MIT
# Helpers for the CLI test snippets (tests/cli/*/cmd).

# mini_dir NAME: a copy of the small hand-written archive folder, as NAME/.
mini_dir() { cp -r "$DATA/mini" "$1"; chmod -R u+w "$1"; }

# zip_dir DIR OUT: zips the contents of DIR (not DIR itself) into OUT, with
# fixed times, so that the same contents make the same bytes (and the same
# sha256 in stats.json) in any second.
zip_dir() {
	find "$1" -exec touch -h -d @1704067200 {} +
	(cd "$1" && zip -qr -X "$OLDPWD/$2" .)
}

# mini_zip OUT: the small archive as a zip.
mini_zip() { mini_dir .mini.$$; zip_dir .mini.$$ "$1"; rm -rf .mini.$$; }
