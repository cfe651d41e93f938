/* SPDX-License-Identifier: MIT */
/* Unit tests of archive.c: zips (ZIP64, data descriptors, re-zips), folders,
 * single files, and every error a user can meet, with its message. Zips are
 * written at test time with libzip or the zip command, then damaged on purpose. */
#include "archive.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static char *tmp_dir;
static tg_limits limits;

static char *
tpath(const char *name)
{
	return g_build_filename(tmp_dir, name, NULL);
}

static void
write_file(const char *path, const char *data, gssize len)
{
	char *dir = g_path_get_dirname(path);
	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(path, data, len, NULL));
	g_free(dir);
}

/* Deterministic text that deflates well but not to nothing. */
static char *
sample_text(gsize len, guint seed)
{
	char *s = g_malloc(len + 1);
	guint32 x = seed * 2654435761u + 1;
	for (gsize i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		s[i] = (i % 61 == 60) ? '\n' : "abcdefghij  \"{}[],:0123456789"[(x >> 16) % 29];
	}
	s[len] = '\0';
	return s;
}

typedef struct zentry {
	const char *name;
	const char *data; /* NULL: a folder entry */
	gsize len;
	zip_int32_t method;
	zip_uint16_t encryption;
} zentry;

static void
make_zip(const char *path, const zentry *entries, gsize n)
{
	int ze = 0;
	zip_t *za;

	g_unlink(path);
	za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &ze);
	g_assert_nonnull(za);
	for (gsize i = 0; i < n; i++) {
		const zentry *e = &entries[i];
		zip_int64_t idx;
		if (e->data == NULL) {
			idx = zip_dir_add(za, e->name, ZIP_FL_ENC_UTF_8);
			g_assert_cmpint(idx, >=, 0);
			continue;
		}
		zip_source_t *src = zip_source_buffer(za, e->data, e->len, 0);
		g_assert_nonnull(src);
		idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
		g_assert_cmpint(idx, >=, 0);
		g_assert_cmpint(zip_set_file_compression(za, (zip_uint64_t)idx, e->method, 0), ==, 0);
		if (e->encryption != ZIP_EM_NONE)
			g_assert_cmpint(zip_file_set_encryption(za, (zip_uint64_t)idx, e->encryption, "secret"),
			                ==, 0);
	}
	g_assert_cmpint(zip_close(za), ==, 0);
}

/* Raw zip surgery: the central and local headers of entry NAME. */
typedef struct zip_bytes {
	char *path;
	guint8 *z;
	gsize len;
	gsize central, local, data;
} zip_bytes;

static guint32
le16(const guint8 *p)
{
	return (guint32)p[0] | (guint32)p[1] << 8;
}

static guint32
le32(const guint8 *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static void
put16(guint8 *p, guint32 v)
{
	p[0] = (guint8)v;
	p[1] = (guint8)(v >> 8);
}

static void
put32(guint8 *p, guint32 v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static gboolean
contains(const guint8 *z, gsize len, const char *what)
{
	gsize n = strlen(what);
	for (gsize i = 0; i + n <= len; i++)
		if (memcmp(z + i, what, n) == 0)
			return TRUE;
	return FALSE;
}

static void
zip_bytes_load(zip_bytes *zb, const char *path, const char *name)
{
	gsize n = strlen(name);
	zb->path = g_strdup(path);
	g_assert_true(g_file_get_contents(path, (char **)&zb->z, &zb->len, NULL));
	for (gsize i = 0; i + 46 <= zb->len; i++) {
		if (memcmp(zb->z + i, "PK\1\2", 4) == 0 && le16(zb->z + i + 28) == n &&
		    memcmp(zb->z + i + 46, name, n) == 0) {
			zb->central = i;
			zb->local = le32(zb->z + i + 42);
			g_assert_true(memcmp(zb->z + zb->local, "PK\3\4", 4) == 0);
			zb->data = zb->local + 30 + le16(zb->z + zb->local + 26) + le16(zb->z + zb->local + 28);
			return;
		}
	}
	g_error("no entry '%s' in %s", name, path);
}

static void
zip_bytes_save(zip_bytes *zb)
{
	g_assert_true(g_file_set_contents(zb->path, (char *)zb->z, (gssize)zb->len, NULL));
	g_free(zb->z);
	g_free(zb->path);
}

static char *
open_error(const char *path, const tg_limits *l)
{
	GError *err = NULL;
	tg_archive *a = tg_archive_open(path, l, &err);
	char *msg;
	g_assert_null(a);
	g_assert_error(err, TG_ERROR, TG_ERROR_INPUT);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static tg_archive *
open_ok(const char *path, const tg_limits *l)
{
	GError *err = NULL;
	tg_archive *a = tg_archive_open(path, l, &err);
	g_assert_no_error(err);
	g_assert_nonnull(a);
	return a;
}

/* Reads all of entry NAME in pieces of 1 to 4096 bytes; NULL and *ERROR on
 * failure. */
static char *
read_entry(tg_archive *a, const char *name, gsize *len, GError **error)
{
	guint i;
	tg_stream *s;
	GString *out = g_string_new(NULL);
	char buf[4096];
	gsize piece = 1;
	gssize got;

	g_assert_true(tg_archive_find(a, name, &i));
	s = tg_archive_open_entry(a, i, error);
	if (s == NULL) {
		g_string_free(out, TRUE);
		return NULL;
	}
	g_assert_cmpint(tg_stream_read(s, buf, 0, error), ==, 0);
	while ((got = tg_stream_read(s, buf, piece, error)) > 0) {
		g_string_append_len(out, buf, got);
		g_assert_cmpuint(tg_stream_offset(s), ==, out->len);
		piece = piece * 3 % 4096 + 1;
	}
	tg_stream_close(s);
	if (got < 0) {
		g_string_free(out, TRUE);
		return NULL;
	}
	if (len)
		*len = out->len;
	return g_string_free(out, FALSE);
}

static char *
read_error(tg_archive *a, const char *name, const tg_limits *l)
{
	GError *err = NULL;
	char *data = read_entry(a, name, NULL, &err);
	char *msg;
	(void)l;
	g_assert_null(data);
	g_assert_error(err, TG_ERROR, TG_ERROR_INPUT);
	msg = g_strdup(err->message);
	g_error_free(err);
	return msg;
}

static void
assert_names(tg_archive *a, const char *const *want)
{
	guint n = 0;
	while (want[n])
		n++;
	for (guint i = 0; i < MIN(n, tg_archive_n_entries(a)); i++)
		g_assert_cmpstr(tg_archive_entry_name(a, i), ==, want[i]);
	g_assert_cmpuint(tg_archive_n_entries(a), ==, n);
}

#define assert_msg(got, want)                                                                      \
	do {                                                                                       \
		char *got_ = (got), *want_ = (want);                                               \
		g_assert_cmpstr(got_, ==, want_);                                                  \
		g_free(got_);                                                                      \
		g_free(want_);                                                                     \
	} while (0)

static void
test_zip_basic(void)
{
	char *path = tpath("basic.zip");
	char *big = sample_text(300000, 1);
	const zentry e[] = {
		{"data/tweets.js", big, 300000, ZIP_CM_DEFLATE, 0},
		{"data/account.js", "window.YTD.account.part0 = []", 30, ZIP_CM_STORE, 0},
		{"data/", NULL, 0, 0, 0},
		{"data/tweets_media/", NULL, 0, 0, 0},
		{"Your archive.html", "<html>", 6, ZIP_CM_DEFLATE, 0},
		{"data\\windows.js", "w", 1, ZIP_CM_STORE, 0},
	};
	tg_archive *a;
	char *got;
	gsize len;
	guint i;
	struct stat st;

	make_zip(path, e, G_N_ELEMENTS(e));
	a = open_ok(path, &limits);
	g_assert_true(tg_archive_is_zip(a));
	g_assert_cmpstr(tg_archive_path(a), ==, path);
	g_assert_cmpint(g_stat(path, &st), ==, 0);
	g_assert_cmpuint(tg_archive_disk_size(a), ==, (guint64)st.st_size);
	/* Sorted by bytes, folder entries left out, '\' read as '/'. */
	assert_names(a, (const char *const[]){"Your archive.html", "data/account.js", "data/tweets.js",
	                                      "data/windows.js", NULL});
	g_assert_true(tg_archive_find(a, "data/tweets.js", &i));
	g_assert_cmpuint(i, ==, 2);
	g_assert_cmpint(tg_archive_entry_size(a, i), ==, 300000);
	g_assert_false(tg_archive_find(a, "data/tweet.js", &i));
	g_assert_false(tg_archive_find(a, "data/", &i));
	g_assert_false(tg_archive_find(a, "", NULL));
	g_assert_true(tg_archive_find(a, "Your archive.html", NULL));

	got = read_entry(a, "data/tweets.js", &len, NULL);
	g_assert_cmpuint(len, ==, 300000);
	g_assert_true(memcmp(got, big, len) == 0);
	g_free(got);
	got = read_entry(a, "data/account.js", &len, NULL);
	g_assert_cmpstr(got, ==, "window.YTD.account.part0 = []");
	g_free(got);
	got = read_entry(a, "data/windows.js", &len, NULL);
	g_assert_cmpstr(got, ==, "w");
	g_free(got);
	g_assert_cmpuint(tg_archive_bytes_read(a), ==, 300000 + 30 + 1);

	/* The where-string names entry and archive. */
	g_assert_true(tg_archive_find(a, "data/account.js", &i));
	tg_stream *s = tg_archive_open_entry(a, i, NULL);
	char *where = g_strdup_printf("'data/account.js' in '%s'", path);
	g_assert_cmpstr(tg_stream_where(s), ==, where);
	g_assert_cmpuint(tg_stream_offset(s), ==, 0);
	g_free(where);
	tg_stream_close(s);

	tg_archive_free(a);
	g_free(big);
	g_free(path);
}

/* Runs a shell command line in DIR. */
static void
run_in(const char *dir, const char *cmd)
{
	char *argv[] = {"/bin/sh", "-c", (char *)cmd, NULL};
	int status = -1;
	GError *err = NULL;
	g_assert_true(g_spawn_sync(dir, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &err));
	g_assert_no_error(err);
	g_assert_cmpint(status, ==, 0);
}

static void
test_zip64_and_descriptors(void)
{
	char *src = tpath("zipcmd");
	char *tweets_path = g_build_filename(src, "data", "tweets.js", NULL);
	char *text = sample_text(200000, 2);
	static const char *const zips[] = {"z64.zip", "dd.zip", "z64dd.zip"};
	/* Zipping stdin names the entry "-". */
	static const char *const names[] = {"data/tweets.js", "data/tweets.js", "-"};

	write_file(tweets_path, text, 200000);
	/* -fz: ZIP64 records; writing to a pipe: data descriptors (bit 3);
	 * reading stdin as well: ZIP64 data descriptors. */
	run_in(src, "zip -q -fz z64.zip data/tweets.js && zip -q -r - data | cat > dd.zip && "
	            "cat data/tweets.js | zip -q - - | cat > z64dd.zip");
	for (gsize k = 0; k < G_N_ELEMENTS(zips); k++) {
		char *path = g_build_filename(src, zips[k], NULL);
		zip_bytes zb;
		tg_archive *a;
		char *got;
		gsize len;

		zip_bytes_load(&zb, path, names[k]);
		if (k == 0) /* the ZIP64 end records are there */
			g_assert_true(contains(zb.z, zb.len, "PK\6\6"));
		if (k == 0 || k == 2) /* version 4.5 needed to extract: ZIP64 fields */
			g_assert_cmpuint(le16(zb.z + zb.local + 4), >=, 45);
		if (k >= 1) /* the local header defers sizes to a descriptor */
			g_assert_cmpuint(le16(zb.z + zb.local + 6) & 8, ==, 8);
		g_free(zb.z);
		g_free(zb.path);

		a = open_ok(path, &limits);
		assert_names(a, (const char *const[]){names[k], NULL});
		g_assert_cmpint(tg_archive_entry_size(a, 0), ==, 200000);
		got = read_entry(a, names[k], &len, NULL);
		g_assert_nonnull(got);
		g_assert_cmpuint(len, ==, 200000);
		g_assert_true(memcmp(got, text, len) == 0);
		g_free(got);
		tg_archive_free(a);
		g_free(path);
	}
	g_free(text);
	g_free(tweets_path);
	g_free(src);
}

static void
test_missing(void)
{
	char *path = tpath("nothere.zip");
	assert_msg(open_error(path, &limits),
	           g_strdup_printf("cannot open '%s': No such file or directory", path));
	g_free(path);
	assert_msg(open_error("", &limits), g_strdup("cannot open '': No such file or directory"));
}

static void
test_not_a_zip(void)
{
	char *html = tpath("download.zip");
	char *pk = tpath("pk.bin");
	char *pk_local = tpath("pk-local.bin");
	char *empty = tpath("empty.zip");
	char *fifo = tpath("fifo");

	write_file(html, "<html><body>Rate limit exceeded</body></html>", -1);
	assert_msg(open_error(html, &limits), g_strdup_printf("cannot open '%s': not a zip archive", html));
	write_file(pk, "PKxx this is not a zip at all, honest", -1);
	assert_msg(open_error(pk, &limits), g_strdup_printf("cannot open '%s': not a zip archive", pk));
	/* It starts like a zip member but has no end record: cut short. */
	write_file(pk_local, "PK\3\4 and then nothing useful", -1);
	assert_msg(open_error(pk_local, &limits),
	           g_strdup_printf("cannot open '%s': truncated or corrupt zip", pk_local));
	write_file(empty, "", 0);
	assert_msg(open_error(empty, &limits),
	           g_strdup_printf("cannot open '%s': empty file, not a zip archive", empty));
	g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
	assert_msg(open_error(fifo, &limits), g_strdup_printf("cannot open '%s': not a file or folder", fifo));
	g_unlink(fifo);
	g_free(html);
	g_free(pk);
	g_free(pk_local);
	g_free(empty);
	g_free(fifo);
}

static void
test_truncated_zip(void)
{
	char *path = tpath("cut.zip");
	char *text = sample_text(50000, 3);
	const zentry e[] = {
		{"data/tweets.js", text, 50000, ZIP_CM_DEFLATE, 0},
		{"data/account.js", text, 5000, ZIP_CM_STORE, 0},
	};
	char *z;
	gsize len;
	/* Cut in half, and cut into the end record itself. */
	const double cuts[] = {0.5, 0.9};

	for (gsize k = 0; k < G_N_ELEMENTS(cuts) + 1; k++) {
		make_zip(path, e, G_N_ELEMENTS(e));
		g_assert_true(g_file_get_contents(path, &z, &len, NULL));
		gsize keep = k < G_N_ELEMENTS(cuts) ? (gsize)(len * cuts[k]) : len - 10;
		g_assert_true(g_file_set_contents(path, z, (gssize)keep, NULL));
		assert_msg(open_error(path, &limits),
		           g_strdup_printf("cannot open '%s': truncated or corrupt zip", path));
		g_free(z);
	}
	g_free(text);
	g_free(path);
}

static void
test_crc_mismatch(void)
{
	char *path = tpath("crc.zip");
	char *text = sample_text(40000, 4);
	const zentry e[] = {
		{"data/stored.js", text, 40000, ZIP_CM_STORE, 0},
		{"data/deflated.js", text, 40000, ZIP_CM_DEFLATE, 0},
		{"data/flipped.js", text, 40000, ZIP_CM_DEFLATE, 0},
	};
	zip_bytes zb;
	tg_archive *a;
	char *msg;

	make_zip(path, e, G_N_ELEMENTS(e));
	/* A byte of stored data changed. */
	zip_bytes_load(&zb, path, "data/stored.js");
	zb.z[zb.data + 1234] ^= 0x20;
	zip_bytes_save(&zb);
	/* The recorded CRC of deflated data changed, in both headers. */
	zip_bytes_load(&zb, path, "data/deflated.js");
	put32(zb.z + zb.central + 16, le32(zb.z + zb.central + 16) ^ 1);
	put32(zb.z + zb.local + 14, le32(zb.z + zb.local + 14) ^ 1);
	zip_bytes_save(&zb);
	/* A byte of compressed data changed: inflate or the CRC notices. */
	zip_bytes_load(&zb, path, "data/flipped.js");
	zb.z[zb.data + 100] ^= 0x55;
	zip_bytes_save(&zb);

	a = open_ok(path, &limits);
	assert_msg(read_error(a, "data/stored.js", &limits),
	           g_strdup_printf("cannot read 'data/stored.js' in '%s': CRC mismatch", path));
	assert_msg(read_error(a, "data/deflated.js", &limits),
	           g_strdup_printf("cannot read 'data/deflated.js' in '%s': CRC mismatch", path));
	msg = read_error(a, "data/flipped.js", &limits);
	char *crc = g_strdup_printf("cannot read 'data/flipped.js' in '%s': CRC mismatch", path);
	char *bad = g_strdup_printf("cannot read 'data/flipped.js' in '%s': corrupt compressed data", path);
	if (strcmp(msg, crc) != 0 && strcmp(msg, bad) != 0)
		g_error("unexpected message: %s", msg);
	g_free(crc);
	g_free(bad);
	g_free(msg);

	/* A failed stream keeps failing with the same message. */
	guint i;
	char buf[65536];
	GError *err = NULL;
	g_assert_true(tg_archive_find(a, "data/stored.js", &i));
	tg_stream *s = tg_archive_open_entry(a, i, NULL);
	while (tg_stream_read(s, buf, sizeof buf, &err) > 0)
		;
	g_assert_nonnull(err);
	g_clear_error(&err);
	g_assert_cmpint(tg_stream_read(s, buf, sizeof buf, &err), ==, -1);
	g_assert_true(g_str_has_suffix(err->message, "CRC mismatch"));
	g_clear_error(&err);
	g_assert_cmpint(tg_stream_read(s, buf, sizeof buf, NULL), ==, -1);
	tg_stream_close(s);
	/* The intact reads still work after failures (handles are not reused broken). */
	tg_archive_free(a);
	g_free(text);
	g_free(path);
}

static void
test_size_lies(void)
{
	char *path = tpath("bomb.zip");
	gsize big = 4 << 20;
	char *zeros = g_malloc0(big);
	char *text = sample_text(3000, 5);
	const zentry e[] = {
		{"data/bomb.js", zeros, big, ZIP_CM_DEFLATE, 0},
		{"data/short.js", text, 3000, ZIP_CM_DEFLATE, 0},
		{"data/ok.js", text, 3000, ZIP_CM_DEFLATE, 0},
	};
	zip_bytes zb;
	tg_archive *a;
	guint i;
	char buf[1 << 16];
	gssize got;
	GError *err = NULL;

	make_zip(path, e, G_N_ELEMENTS(e));
	/* 4 MiB of zeros that claim to be 1000 bytes. */
	zip_bytes_load(&zb, path, "data/bomb.js");
	put32(zb.z + zb.central + 24, 1000);
	put32(zb.z + zb.local + 22, 1000);
	zip_bytes_save(&zb);
	/* 3000 bytes that claim to be 5000. */
	zip_bytes_load(&zb, path, "data/short.js");
	put32(zb.z + zb.central + 24, 5000);
	put32(zb.z + zb.local + 22, 5000);
	zip_bytes_save(&zb);

	a = open_ok(path, &limits);
	g_assert_true(tg_archive_find(a, "data/bomb.js", &i));
	g_assert_cmpint(tg_archive_entry_size(a, i), ==, 1000);
	tg_stream *s = tg_archive_open_entry(a, i, &err);
	g_assert_no_error(err);
	while ((got = tg_stream_read(s, buf, sizeof buf, &err)) > 0)
		;
	g_assert_cmpint(got, ==, -1);
	char *want = g_strdup_printf("cannot read 'data/bomb.js' in '%s': inflates past its declared "
	                             "size of 1000 bytes", path);
	g_assert_cmpstr(err->message, ==, want);
	g_free(want);
	g_clear_error(&err);
	/* It stopped at the lie: one byte past it, not one full buffer. */
	g_assert_cmpuint(tg_stream_offset(s), <=, 1000);
	g_assert_cmpuint(tg_archive_bytes_read(a), ==, 1001);
	tg_stream_close(s);

	assert_msg(read_error(a, "data/short.js", &limits),
	           g_strdup_printf("cannot read 'data/short.js' in '%s': truncated at byte 3000 of 5000", path));
	char *ok = read_entry(a, "data/ok.js", NULL, NULL);
	g_assert_nonnull(ok);
	g_free(ok);
	tg_archive_free(a);
	g_free(zeros);
	g_free(text);
	g_free(path);
}

static void
test_total_cap(void)
{
	char *path = tpath("total.zip");
	char *folder = tpath("total-folder");
	char *text = sample_text(1000, 6);
	const zentry e[] = {
		{"data/a.js", text, 1000, ZIP_CM_DEFLATE, 0},
		{"data/b.js", text, 1000, ZIP_CM_STORE, 0},
	};
	tg_limits l = limits;
	tg_archive *a;
	char *got;

	l.max_inflated = 1500;
	make_zip(path, e, G_N_ELEMENTS(e));
	a = open_ok(path, &l);
	got = read_entry(a, "data/a.js", NULL, NULL);
	g_assert_nonnull(got);
	g_free(got);
	assert_msg(read_error(a, "data/b.js", &l),
	           g_strdup_printf("cannot read 'data/b.js' in '%s': the archive inflates past the "
	                           "limit of 1500 bytes in all", path));
	g_assert_cmpuint(tg_archive_bytes_read(a), >, 1500);
	tg_archive_free(a);

	/* Folders count the bytes they read. */
	char *fa = g_build_filename(folder, "data", "a.js", NULL);
	char *fb = g_build_filename(folder, "data", "b.js", NULL);
	write_file(fa, text, 1000);
	write_file(fb, text, 1000);
	a = open_ok(folder, &l);
	got = read_entry(a, "data/a.js", NULL, NULL);
	g_free(got);
	assert_msg(read_error(a, "data/b.js", &l),
	           g_strdup_printf("cannot read 'data/b.js' in '%s': the archive reads past the "
	                           "limit of 1500 bytes in all", folder));
	tg_archive_free(a);
	g_free(fa);
	g_free(fb);
	g_free(folder);
	g_free(text);
	g_free(path);
}

static void
test_encrypted(void)
{
	static const zip_uint16_t methods[] = {ZIP_EM_AES_256, ZIP_EM_TRAD_PKWARE};
	char *path = tpath("secret.zip");

	for (gsize k = 0; k < G_N_ELEMENTS(methods); k++) {
		if (!zip_encryption_method_supported(methods[k], 1)) {
			g_test_message("libzip cannot write encryption method %u", methods[k]);
			continue;
		}
		const zentry e[] = {
			{"data/tweets.js", "window.YTD.tweets.part0 = []", 28, ZIP_CM_DEFLATE, methods[k]},
			{"data/account.js", "window.YTD.account.part0 = []", 29, ZIP_CM_DEFLATE, 0},
		};
		make_zip(path, e, G_N_ELEMENTS(e));
		tg_archive *a = open_ok(path, &limits); /* listing needs no password */
		assert_names(a, (const char *const[]){"data/account.js", "data/tweets.js", NULL});
		assert_msg(read_error(a, "data/tweets.js", &limits),
		           g_strdup_printf("cannot read 'data/tweets.js' in '%s': encrypted entry "
		                           "(passwords are not supported)", path));
		char *plain = read_entry(a, "data/account.js", NULL, NULL);
		g_assert_cmpstr(plain, ==, "window.YTD.account.part0 = []");
		g_free(plain);
		tg_archive_free(a);
	}
	g_free(path);
}

static void
test_unsupported_method(void)
{
	char *path = tpath("method.zip");
	const zentry e[] = {{"data/tweets.js", "window.YTD.tweets.part0 = []", 28, ZIP_CM_STORE, 0}};
	zip_bytes zb;

	make_zip(path, e, 1);
	zip_bytes_load(&zb, path, "data/tweets.js");
	put16(zb.z + zb.central + 10, 98); /* PPMd; 99 would mean AES */
	put16(zb.z + zb.local + 8, 98);
	zip_bytes_save(&zb);
	tg_archive *a = open_ok(path, &limits);
	assert_msg(read_error(a, "data/tweets.js", &limits),
	           g_strdup_printf("cannot read 'data/tweets.js' in '%s': unsupported compression "
	                           "method 98", path));
	tg_archive_free(a);
	g_free(path);
}

/* Zips of the given names (each holding its name) and the entries seen. */
static void
check_root(const char *const *names, const char *const *want)
{
	char *path = tpath("root.zip");
	GArray *e = g_array_new(FALSE, TRUE, sizeof(zentry));
	for (const char *const *n = names; *n; n++) {
		zentry z = {*n, *n, strlen(*n), ZIP_CM_STORE, 0};
		g_array_append_val(e, z);
	}
	make_zip(path, (zentry *)(void *)e->data, e->len);
	tg_archive *a = open_ok(path, &limits);
	assert_names(a, want);
	/* Stripped names still read the right bytes. */
	for (guint i = 0; i < tg_archive_n_entries(a); i++) {
		char *got = read_entry(a, tg_archive_entry_name(a, i), NULL, NULL);
		g_assert_true(g_str_has_suffix(got, tg_archive_entry_name(a, i)));
		g_free(got);
	}
	tg_archive_free(a);
	g_array_free(e, TRUE);
	g_free(path);
}

#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

static void
test_root_folder(void)
{
	/* A re-zip by the owner: one extra top folder, stripped. */
	check_root(NAMES("twitter-2022-11-14/data/tweets.js", "twitter-2022-11-14/Your archive.html",
	                 "twitter-2022-11-14/data/account.js"),
	           NAMES("Your archive.html", "data/account.js", "data/tweets.js"));
	/* A zip of just data/: nothing to strip. */
	check_root(NAMES("data/tweets.js", "data/account.js"), NAMES("data/account.js", "data/tweets.js"));
	/* Files at the root (YTD without manifest): nothing to strip. */
	check_root(NAMES("tweet.js", "follower.js"), NAMES("follower.js", "tweet.js"));
	/* Grailbird re-zipped: tweets.csv marks the root. */
	check_root(NAMES("tweets/tweets.csv", "tweets/data/js/tweets/2015_03.js"),
	           NAMES("data/js/tweets/2015_03.js", "tweets.csv"));
	check_root(NAMES("x/account.js", "x/tweet.js"), NAMES("account.js", "tweet.js"));
	/* macOS debris does not hide the root folder, and goes with it. */
	check_root(NAMES("archive/data/tweets.js", "__MACOSX/archive/data/._tweets.js", ".DS_Store"),
	           NAMES("data/tweets.js"));
	/* Two top folders, a folder without a marker, two levels, a marker at
	 * the top: left as they are. */
	check_root(NAMES("a/data/tweets.js", "b/data/tweets.js"), NAMES("a/data/tweets.js", "b/data/tweets.js"));
	check_root(NAMES("x/notes.txt", "x/y/z.js"), NAMES("x/notes.txt", "x/y/z.js"));
	check_root(NAMES("outer/inner/data/tweets.js"), NAMES("outer/inner/data/tweets.js"));
	check_root(NAMES("tweet.js", "x/data/tweets.js"), NAMES("tweet.js", "x/data/tweets.js"));
	check_root(NAMES("x/data/tweets.js", "readme.txt"), NAMES("readme.txt", "x/data/tweets.js"));
	/* "database/" is not "data/". */
	check_root(NAMES("x/database/tweets.js"), NAMES("x/database/tweets.js"));
}

static void
test_folder(void)
{
	char *root = tpath("folder");
	char *tweets = g_build_filename(root, "data", "tweets.js", NULL);
	char *account = g_build_filename(root, "data", "account.js", NULL);
	char *deep = g_build_filename(root, "data", "sub", "deep.js", NULL);
	char *link = g_build_filename(root, "data", "link.js", NULL);
	char *dirlink = g_build_filename(root, "dirlink", NULL);
	char *dangling = g_build_filename(root, "dangling", NULL);
	char *fifo = g_build_filename(root, "data", "fifo", NULL);
	char *emptydir = g_build_filename(root, "empty", NULL);
	tg_archive *a;
	char *got;
	guint i;

	write_file(tweets, "window.YTD.tweets.part0 = [ ]", -1);
	write_file(account, "window.YTD.account.part0 = [ ]", -1);
	write_file(deep, "deep", -1);
	g_assert_cmpint(symlink("tweets.js", link), ==, 0);
	g_assert_cmpint(symlink("data", dirlink), ==, 0);
	g_assert_cmpint(symlink("/nonexistent", dangling), ==, 0);
	g_assert_cmpint(mkfifo(fifo, 0600), ==, 0);
	g_assert_cmpint(g_mkdir(emptydir, 0755), ==, 0);

	a = open_ok(root, &limits);
	g_assert_false(tg_archive_is_zip(a));
	/* Links are listed, not followed (dirlink is not walked); fifos are not data. */
	assert_names(a, NAMES("dangling", "data/account.js", "data/link.js", "data/sub/deep.js",
	                      "data/tweets.js", "dirlink"));
	g_assert_cmpuint(tg_archive_disk_size(a), ==, 29 + 30 + 4);
	g_assert_true(tg_archive_find(a, "data/link.js", &i));
	g_assert_cmpint(tg_archive_entry_size(a, i), ==, -1);
	g_assert_true(tg_archive_find(a, "data/tweets.js", &i));
	g_assert_cmpint(tg_archive_entry_size(a, i), ==, 29);

	got = read_entry(a, "data/tweets.js", NULL, NULL);
	g_assert_cmpstr(got, ==, "window.YTD.tweets.part0 = [ ]");
	g_free(got);
	got = read_entry(a, "data/sub/deep.js", NULL, NULL);
	g_assert_cmpstr(got, ==, "deep");
	g_free(got);
	assert_msg(read_error(a, "data/link.js", &limits),
	           g_strdup_printf("cannot read 'data/link.js' in '%s': symbolic link, not followed", root));
	assert_msg(read_error(a, "dirlink", &limits),
	           g_strdup_printf("cannot read 'dirlink' in '%s': symbolic link, not followed", root));
	g_assert_cmpuint(tg_archive_bytes_read(a), ==, 29 + 4);

	/* A file gone since the listing. */
	g_unlink(account);
	assert_msg(read_error(a, "data/account.js", &limits),
	           g_strdup_printf("cannot read 'data/account.js' in '%s': No such file or directory", root));
	/* A file swapped for a link since the listing is refused too. */
	g_unlink(deep);
	g_assert_cmpint(symlink("../tweets.js", deep), ==, 0);
	assert_msg(read_error(a, "data/sub/deep.js", &limits),
	           g_strdup_printf("cannot read 'data/sub/deep.js' in '%s': symbolic link, not followed", root));
	tg_archive_free(a);

	g_free(root);
	g_free(tweets);
	g_free(account);
	g_free(deep);
	g_free(link);
	g_free(dirlink);
	g_free(dangling);
	g_free(fifo);
	g_free(emptydir);
}

static void
test_folder_root(void)
{
	char *root = tpath("extracted");
	char *f1 = g_build_filename(root, "twitter-2024", "data", "tweets.js", NULL);
	char *f2 = g_build_filename(root, "twitter-2024", "Your archive.html", NULL);
	char *f3 = g_build_filename(root, ".DS_Store", NULL);
	write_file(f1, "t", -1);
	write_file(f2, "h", -1);
	write_file(f3, "d", -1);
	tg_archive *a = open_ok(root, &limits);
	assert_names(a, NAMES("Your archive.html", "data/tweets.js"));
	char *got = read_entry(a, "data/tweets.js", NULL, NULL);
	g_assert_cmpstr(got, ==, "t");
	g_free(got);
	tg_archive_free(a);
	g_free(f1);
	g_free(f2);
	g_free(f3);
	g_free(root);
}

static void
test_single_file(void)
{
	char *path = tpath("single/tweet.js");
	char *empty = tpath("single/empty.js");
	write_file(path, "window.YTD.tweet.part0 = [ ]", -1);
	write_file(empty, "", 0);

	tg_archive *a = open_ok(path, &limits);
	g_assert_false(tg_archive_is_zip(a));
	g_assert_cmpuint(tg_archive_disk_size(a), ==, 28);
	assert_names(a, NAMES("data/tweet.js"));
	g_assert_cmpint(tg_archive_entry_size(a, 0), ==, 28);
	tg_stream *s = tg_archive_open_entry(a, 0, NULL);
	char *where = g_strdup_printf("'%s'", path);
	g_assert_cmpstr(tg_stream_where(s), ==, where);
	g_free(where);
	tg_stream_close(s);
	char *got = read_entry(a, "data/tweet.js", NULL, NULL);
	g_assert_cmpstr(got, ==, "window.YTD.tweet.part0 = [ ]");
	g_free(got);
	tg_archive_free(a);

	/* An empty data file opens; the scanner is the one to refuse it. */
	a = open_ok(empty, &limits);
	assert_names(a, NAMES("data/empty.js"));
	got = read_entry(a, "data/empty.js", NULL, NULL);
	g_assert_cmpstr(got, ==, "");
	g_free(got);
	tg_archive_free(a);
	g_free(empty);
	g_free(path);
}

typedef struct reader {
	tg_archive *a;
	const char *name;
	char *digest;
} reader;

static gpointer
read_in_thread(gpointer data)
{
	reader *r = data;
	guint i;
	GError *err = NULL;
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char buf[1000];
	gssize got;

	g_assert_true(tg_archive_find(r->a, r->name, &i));
	tg_stream *s = tg_archive_open_entry(r->a, i, &err);
	g_assert_no_error(err);
	while ((got = tg_stream_read(s, buf, sizeof buf, &err)) > 0) {
		g_checksum_update(sum, (guchar *)buf, got);
		g_thread_yield();
	}
	g_assert_no_error(err);
	tg_stream_close(s);
	r->digest = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return NULL;
}

static void
test_threads(void)
{
	char *path = tpath("threads.zip");
	gsize n = 3 << 20;
	char *t1 = sample_text(n, 7), *t2 = sample_text(n, 8);
	const zentry e[] = {
		{"data/tweets.js", t1, n, ZIP_CM_DEFLATE, 0},
		{"data/like.js", t2, n, ZIP_CM_STORE, 0},
	};
	char *d1 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)t1, n);
	char *d2 = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)t2, n);

	make_zip(path, e, G_N_ELEMENTS(e));
	tg_archive *a = open_ok(path, &limits);
	reader r[4] = {{a, "data/tweets.js", NULL}, {a, "data/like.js", NULL},
	               {a, "data/tweets.js", NULL}, {a, "data/like.js", NULL}};
	GThread *th[4];
	for (int i = 0; i < 4; i++)
		th[i] = g_thread_new("reader", read_in_thread, &r[i]);
	for (int i = 0; i < 4; i++)
		g_thread_join(th[i]);
	g_assert_cmpstr(r[0].digest, ==, d1);
	g_assert_cmpstr(r[1].digest, ==, d2);
	g_assert_cmpstr(r[2].digest, ==, d1);
	g_assert_cmpstr(r[3].digest, ==, d2);
	g_assert_cmpuint(tg_archive_bytes_read(a), ==, 4 * (guint64)n);
	for (int i = 0; i < 4; i++)
		g_free(r[i].digest);

	/* Two streams of one archive interleaved in one thread. */
	tg_stream *s1 = tg_archive_open_entry(a, 1, NULL); /* data/tweets.js */
	tg_stream *s2 = tg_archive_open_entry(a, 0, NULL); /* data/like.js */
	char b1[777], b2[777];
	gssize g1, g2;
	gsize at = 0;
	do {
		g1 = tg_stream_read(s1, b1, sizeof b1, NULL);
		g2 = tg_stream_read(s2, b2, sizeof b2, NULL);
		g_assert_cmpint(g1, ==, g2);
		g_assert_true(g1 < 0 || (memcmp(b1, t1 + at, (gsize)g1) == 0 &&
		                         memcmp(b2, t2 + at, (gsize)g2) == 0));
		at += (gsize)MAX(g1, 0);
	} while (g1 > 0);
	g_assert_cmpint(g1, ==, 0);
	g_assert_cmpuint(at, ==, n);
	tg_stream_close(s1);
	tg_stream_close(s2);
	tg_archive_free(a);
	g_free(d1);
	g_free(d2);
	g_free(t1);
	g_free(t2);
	g_free(path);
}

static void
test_replaced_on_disk(void)
{
	char *path = tpath("replaced.zip");
	char *other = tpath("other.zip");
	const zentry e[] = {{"data/a.js", "aaaa", 4, ZIP_CM_STORE, 0}, {"data/b.js", "bbbb", 4, ZIP_CM_STORE, 0}};
	const zentry f[] = {{"data/a.js", "xxxxxxxx", 8, ZIP_CM_STORE, 0}};

	make_zip(path, e, G_N_ELEMENTS(e));
	tg_archive *a = open_ok(path, &limits);
	tg_stream *s1 = tg_archive_open_entry(a, 0, NULL); /* takes the handle of the listing */
	make_zip(other, f, 1);
	g_assert_cmpint(g_rename(other, path), ==, 0);
	GError *err = NULL;
	g_assert_null(tg_archive_open_entry(a, 1, &err));
	char *want = g_strdup_printf("cannot read 'data/b.js' in '%s': the archive changed on disk while "
	                             "being read", path);
	g_assert_cmpstr(err->message, ==, want);
	g_free(want);
	g_error_free(err);
	/* The stream opened before still reads the archive it listed. */
	char buf[16];
	g_assert_cmpint(tg_stream_read(s1, buf, sizeof buf, NULL), ==, 4);
	g_assert_true(memcmp(buf, "aaaa", 4) == 0);
	tg_stream_close(s1);
	tg_archive_free(a);
	g_free(path);
	g_free(other);
}

int
main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	tg_limits_init(&limits);
	tmp_dir = g_dir_make_tmp("test_archive-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);
	g_test_add_func("/archive/zip/basic", test_zip_basic);
	g_test_add_func("/archive/zip/zip64-and-descriptors", test_zip64_and_descriptors);
	g_test_add_func("/archive/zip/root-folder", test_root_folder);
	g_test_add_func("/archive/zip/threads", test_threads);
	g_test_add_func("/archive/error/missing", test_missing);
	g_test_add_func("/archive/error/not-a-zip", test_not_a_zip);
	g_test_add_func("/archive/error/truncated-zip", test_truncated_zip);
	g_test_add_func("/archive/error/crc-mismatch", test_crc_mismatch);
	g_test_add_func("/archive/error/size-lies", test_size_lies);
	g_test_add_func("/archive/error/total-cap", test_total_cap);
	g_test_add_func("/archive/error/encrypted", test_encrypted);
	g_test_add_func("/archive/error/unsupported-method", test_unsupported_method);
	g_test_add_func("/archive/error/replaced-on-disk", test_replaced_on_disk);
	g_test_add_func("/archive/folder/walk", test_folder);
	g_test_add_func("/archive/folder/root-folder", test_folder_root);
	g_test_add_func("/archive/single-file", test_single_file);
	rc = g_test_run();
	if (rc == 0) {
		/* Leave the evidence behind when something failed. */
		char *argv_rm[] = {"rm", "-rf", tmp_dir, NULL};
		g_spawn_sync(NULL, argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
	}
	g_free(tmp_dir);
	return rc;
}
