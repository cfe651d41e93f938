/* SPDX-License-Identifier: MIT */
/* Unit tests of sha256.c and filehash.c: the same digests as GLib's
 * GChecksum for every length around the block size, fed whole or in
 * pieces, after a reset; a file hashed on a thread as in line; a missing
 * file's message; a cancelled hash. */
#include "filehash.h"
#include "sha256.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static char *glib_hex(const guchar *data, gsize len)
{
	return g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
}

static void test_matches_glib(void)
{
	GRand *r = g_rand_new_with_seed(3);
	guchar *buf = g_malloc(70000);
	for (gsize i = 0; i < 70000; i++)
		buf[i] = (guchar)g_rand_int(r);
	tg_sha256 *h = tg_sha256_new();
	gsize lens[] = {0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 200, 1000, 4096, 65536, 70000};
	for (gsize k = 0; k < G_N_ELEMENTS(lens); k++) {
		for (int pieces = 1; pieces <= 3; pieces++) {
			guint8 d[TG_SHA256_LEN];
			char hex[2 * TG_SHA256_LEN + 1];
			gsize at = 0, step = lens[k] / (gsize)pieces + 1;
			tg_sha256_reset(h);
			while (at < lens[k]) {
				gsize n = MIN(step, lens[k] - at);
				tg_sha256_update(h, buf + at, n);
				at += n;
			}
			tg_sha256_digest(h, d);
			tg_sha256_hex(d, hex);
			char *want = glib_hex(buf, lens[k]);
			g_assert_cmpstr(hex, ==, want);
			g_free(want);
		}
	}
	tg_sha256_free(h);
	g_free(buf);
	g_rand_free(r);
	g_test_message("backend: %s", tg_sha256_backend());
}

static void test_filehash(void)
{
	char *dir = g_dir_make_tmp("tg-sha-XXXXXX", NULL);
	char *path = g_build_filename(dir, "x.zip", NULL);
	GString *data = g_string_new(NULL);
	for (int i = 0; i < 300000; i++)
		g_string_append_printf(data, "%d,", i);
	g_assert_true(g_file_set_contents(path, data->str, (gssize)data->len, NULL));

	char *sha = NULL;
	GError *err = NULL;
	g_assert_true(tg_filehash_finish(tg_filehash_start(path), &sha, &err));
	g_assert_no_error(err);
	char *want = glib_hex((const guchar *)data->str, data->len);
	g_assert_cmpstr(sha, ==, want);
	g_free(sha);
	g_free(want);

	/* A folder has no hash and no error. */
	sha = (char *)"x";
	g_assert_true(tg_filehash_finish(tg_filehash_start(dir), &sha, &err));
	g_assert_null(sha);

	/* Cancelled: only waited for. */
	tg_filehash_finish(tg_filehash_start(path), NULL, NULL);

	/* A missing file: no hash started, so no error either (it is no regular
	 * file); an unreadable one says why. */
	char *missing = g_build_filename(dir, "missing.zip", NULL);
	g_assert_true(tg_filehash_finish(tg_filehash_start(missing), &sha, &err));
	g_assert_null(sha);
	if (geteuid() != 0) {
		g_chmod(path, 0);
		g_assert_false(tg_filehash_finish(tg_filehash_start(path), &sha, &err));
		g_assert_error(err, TG_ERROR, TG_ERROR_INPUT);
		g_assert_true(g_str_has_prefix(err->message, "cannot read '"));
		g_clear_error(&err);
		g_chmod(path, 0644);
	}
	g_unlink(path);
	g_rmdir(dir);
	g_free(missing);
	g_free(path);
	g_free(dir);
	g_string_free(data, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sha256/matches-glib", test_matches_glib);
	g_test_add_func("/filehash/thread", test_filehash);
	return g_test_run();
}
