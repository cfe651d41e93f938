/* SPDX-License-Identifier: MIT */
#include "tape.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "util.h"

/* Appends to the file go out in writes of this size. */
#define WRITE_BUFFER ((gsize)64 << 10)

struct tg_tape {
	char *what;
	tg_tape_warn_fn warn;
	void *warn_user;
	GByteArray *mem;   /* the contents while in memory; else the write buffer */
	int fd;            /* the temporary file, -1 while in memory */
	guint64 written;   /* bytes in the file */
	gboolean no_disk;  /* no temporary file could be made: memory for good */
};

static gssize memory_limit = -1;

gboolean tg_small_memory(void)
{
	static gint small = -1;
	if (g_atomic_int_get(&small) < 0)
		g_atomic_int_set(&small, g_getenv("TALKGRAPH_SMALL_MEMORY") != NULL);
	return g_atomic_int_get(&small) == 1;
}

void tg_tape_set_memory_limit(gssize limit)
{
	memory_limit = limit;
}

static gsize limit(void)
{
	if (memory_limit >= 0)
		return (gsize)memory_limit;
	return tg_small_memory() ? 0 : TG_TAPE_MEMORY;
}

tg_tape *tg_tape_new(const char *what, tg_tape_warn_fn warn, void *warn_user)
{
	tg_tape *t = g_new0(tg_tape, 1);
	t->what = g_strdup(what);
	t->warn = warn;
	t->warn_user = warn_user;
	t->mem = g_byte_array_new();
	t->fd = -1;
	return t;
}

void tg_tape_clear(tg_tape *t)
{
	/* What the temporary files take, with G_MESSAGES_DEBUG=talkgraph. */
	if (tg_tape_size(t) > 0)
		g_log("talkgraph", G_LOG_LEVEL_DEBUG, "tape of %s: %.1f MiB, %s", t->what,
		      (double)tg_tape_size(t) / 1048576.0, t->fd >= 0 ? "on disk" : "in memory");
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	t->written = 0;
	g_byte_array_unref(t->mem);
	t->mem = g_byte_array_new();
}

void tg_tape_free(tg_tape *t)
{
	if (!t)
		return;
	tg_tape_clear(t);
	g_byte_array_unref(t->mem);
	g_free(t->what);
	g_free(t);
}

static gboolean write_all(tg_tape *t, const guint8 *p, gsize len, GError **error)
{
	while (len > 0) {
		ssize_t n = write(t->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write the temporary file of %s in '%s': %s",
			            t->what, g_get_tmp_dir(), g_strerror(e));
			return FALSE;
		}
		p += n;
		len -= (gsize)n;
		t->written += (guint64)n;
	}
	return TRUE;
}

/* Moves T's contents to a new temporary file, or keeps T in memory for good
 * when none can be made. */
static gboolean to_disk(tg_tape *t, GError **error)
{
	GError *err = NULL;
	char *path = NULL;
	int fd = g_file_open_tmp("talkgraph-XXXXXX", &path, &err);
	if (fd < 0) {
		/* Said once a process: every tape after this one fails alike. */
		static gint warned;
		t->no_disk = TRUE;
		if (t->warn && g_atomic_int_compare_and_exchange(&warned, 0, 1)) {
			char *m = g_strdup_printf("cannot make a temporary file (%s): %s, and all that is kept "
			                          "of every tweet and message, stay in memory",
			                          err->message, t->what);
			t->warn(t->warn_user, m);
			g_free(m);
		}
		g_error_free(err);
		return TRUE;
	}
	/* Unlinked at once: the file lives as long as the descriptor. */
	g_unlink(path);
	g_free(path);
	t->fd = fd;
	t->written = 0;
	if (!write_all(t, t->mem->data, t->mem->len, error))
		return FALSE;
	g_byte_array_unref(t->mem);
	t->mem = g_byte_array_sized_new(WRITE_BUFFER);
	return TRUE;
}

gboolean tg_tape_append(tg_tape *t, const void *data, gsize len, guint64 *offset, GError **error)
{
	if (offset)
		*offset = tg_tape_size(t);
	if (t->fd < 0 && !t->no_disk && t->mem->len + len > limit() && !to_disk(t, error))
		return FALSE;
	if (t->fd >= 0 && t->mem->len + len > WRITE_BUFFER) {
		if (!write_all(t, t->mem->data, t->mem->len, error))
			return FALSE;
		g_byte_array_set_size(t->mem, 0);
		if (len >= WRITE_BUFFER)
			return write_all(t, data, len, error);
	}
	g_byte_array_append(t->mem, data, (guint)len);
	return TRUE;
}

gboolean tg_tape_read(const tg_tape *t, guint64 offset, void *buf, gsize len, GError **error)
{
	guint8 *out = buf;
	g_return_val_if_fail(offset + len <= tg_tape_size(t), FALSE);
	/* From the file: what lies before the buffer. */
	while (t->fd >= 0 && len > 0 && offset < t->written) {
		gsize want = (gsize)MIN((guint64)len, t->written - offset);
		ssize_t n = pread(t->fd, out, want, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot read the temporary file of %s in '%s': %s",
			            t->what, g_get_tmp_dir(), n < 0 ? g_strerror(errno) : "it is shorter than written");
			return FALSE;
		}
		out += n;
		offset += (guint64)n;
		len -= (gsize)n;
	}
	/* The rest from memory. */
	if (len > 0) {
		guint64 base = t->fd >= 0 ? t->written : 0;
		memcpy(out, t->mem->data + (offset - base), len);
	}
	return TRUE;
}

guint64 tg_tape_size(const tg_tape *t)
{
	return (t->fd >= 0 ? t->written : 0) + t->mem->len;
}

gboolean tg_tape_on_disk(const tg_tape *t)
{
	return t->fd >= 0;
}

gsize tg_tape_memory(const tg_tape *t)
{
	return t->mem->len;
}
