/* SPDX-License-Identifier: MIT */
/* An input's SHA-256 on a thread: the same bytes and messages as hashing it
 * in line, only sooner. */
#include "filehash.h"

#include <errno.h>
#include <stdio.h>

#include "sha256.h"

struct tg_filehash {
	char *path;
	GThread *thread;
	char *sha256;
	GError *error;
	gint cancel; /* atomic: the caller no longer wants the hash */
};

static gpointer hash_main(gpointer user)
{
	tg_filehash *h = user;
	guchar buf[1 << 16];
	size_t n;
	FILE *f = fopen(h->path, "rb");
	if (!f) {
		g_set_error(&h->error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", h->path, g_strerror(errno));
		return NULL;
	}
	tg_sha256 *sum = tg_sha256_new();
	while (!g_atomic_int_get(&h->cancel) && (n = fread(buf, 1, sizeof buf, f)) > 0)
		tg_sha256_update(sum, buf, n);
	if (ferror(f)) {
		g_set_error(&h->error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': read error", h->path);
	} else {
		guint8 d[TG_SHA256_LEN];
		char hex[2 * TG_SHA256_LEN + 1];
		tg_sha256_digest(sum, d);
		tg_sha256_hex(d, hex);
		h->sha256 = g_strdup(hex);
	}
	tg_sha256_free(sum);
	fclose(f);
	return NULL;
}

tg_filehash *tg_filehash_start(const char *path)
{
	tg_filehash *h = g_new0(tg_filehash, 1);
	h->path = g_strdup(path);
	if (g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
		tg_threads_prepare();
		h->thread = g_thread_try_new("tg-sha256", hash_main, h, NULL);
		if (!h->thread)
			hash_main(h); /* no thread to be had: hash in line */
	}
	return h;
}

gboolean tg_filehash_finish(tg_filehash *h, char **sha256, GError **error)
{
	gboolean ok;
	/* A caller that only waits (its load failed) need not wait long. */
	if (!sha256)
		g_atomic_int_set(&h->cancel, TRUE);
	if (h->thread)
		g_thread_join(h->thread);
	ok = h->error == NULL;
	if (!ok)
		g_propagate_error(error, h->error);
	if (sha256)
		*sha256 = g_steal_pointer(&h->sha256);
	g_free(h->sha256);
	g_free(h->path);
	g_free(h);
	return ok;
}
