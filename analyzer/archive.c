/* SPDX-License-Identifier: MIT */
/* The archive layer: lists the entries of a zip, a folder or a single data
 * file, and reads one entry as a byte stream with the zip-bomb caps. Every
 * stream has its own file handle, so streams can be read from several threads. */
#include "archive.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

typedef enum { KIND_ZIP, KIND_FOLDER, KIND_FILE } archive_kind;

typedef struct entry {
	char *name;    /* as listed: relative to the root, root folder stripped */
	char *source;  /* zip: the name libzip knows; folder: path below the folder */
	zip_uint64_t index;
	gint64 size;   /* -1 when unknown (a link) */
	guint16 encryption;
	gint32 method;
	gboolean link;
} entry;

/* Idle zip handles kept for reuse: reopening a zip re-reads its central
 * directory, which holds every media file too. A few are enough for the
 * threads that read at once; more are closed. */
#define MAX_IDLE_HANDLES 8

struct tg_archive {
	char *path;
	archive_kind kind;
	tg_limits limits;
	guint64 disk_size;
	entry *entries;
	guint n_entries;
	struct stat st; /* the zip file as first opened, to notice a replacement */
	GMutex lock;    /* guards idle */
	GPtrArray *idle;
	/* C11 atomics rather than g_atomic_pointer_add(): that one is pointer
	 * wide, and a 32-bit build would wrap long before the 64 GiB default. */
	atomic_uint_least64_t inflated;
};

struct tg_stream {
	tg_archive *a;
	const entry *e;
	char *where;
	guint64 offset;
	zip_t *za;
	zip_file_t *zf;
	int fd;
	GError *failed; /* the first error, returned again by later reads */
	gboolean broken; /* za may be in an error state: do not reuse it */
};

static char *
lower_first(const char *s)
{
	char *r = g_strdup(s);
	r[0] = g_ascii_tolower(r[0]);
	return r;
}

/* The reasons opening and reading share: system errors and the rest. */
static char *
common_reason(zip_error_t *ze)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
	case ZIP_ER_OPEN:
	case ZIP_ER_TELL:
		if (zip_error_code_system(ze) != 0)
			return g_strdup(g_strerror(zip_error_code_system(ze)));
		break;
	case ZIP_ER_MEMORY:
		return g_strdup("out of memory");
	default:
		break;
	}
	return lower_first(zip_error_strerror(ze));
}

/* Why libzip refused to open an archive. LOCAL_HEADER: the file starts like
 * a zip member, so a missing end record means it was cut short. */
static char *
open_reason(zip_error_t *ze, gboolean local_header)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_NOZIP:
		return g_strdup(local_header ? "truncated or corrupt zip" : "not a zip archive");
	case ZIP_ER_INCONS:
	case ZIP_ER_EOF:
		return g_strdup("truncated or corrupt zip");
	case ZIP_ER_MULTIDISK:
		return g_strdup("split (multi-part) zip archives are not supported");
	default:
		break;
	}
	return common_reason(ze);
}

/* Why reading an entry failed, from libzip's error. */
static char *
read_reason(zip_error_t *ze, const tg_stream *s)
{
	switch (zip_error_code_zip(ze)) {
	case ZIP_ER_CRC:
		return g_strdup("CRC mismatch");
	case ZIP_ER_ZLIB:
	case ZIP_ER_COMPRESSED_DATA:
		return g_strdup("corrupt compressed data");
	case ZIP_ER_EOF:
	case ZIP_ER_INCONS:
		/* libzip's size check at the end: fewer bytes than declared. */
		if (s != NULL && s->e->size >= 0 && s->offset < (guint64)s->e->size)
			return g_strdup_printf("truncated at byte %" G_GUINT64_FORMAT " of %" G_GINT64_FORMAT,
			                       s->offset, s->e->size);
		return g_strdup("truncated or corrupt entry");
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		return g_strdup("encrypted entry (passwords are not supported)");
	case ZIP_ER_COMPNOTSUPP:
		return g_strdup("unsupported compression method");
	default:
		break;
	}
	return common_reason(ze);
}

/* Opens a zip on FD, which it takes (closed on failure too). */
static zip_t *
zip_from_fd(int fd, gboolean local_header, char **why)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	FILE *fp = fdopen(fd, "rb");

	if (fp == NULL) {
		*why = g_strdup(g_strerror(errno));
		close(fd);
		return NULL;
	}
	zip_error_init(&ze);
	src = zip_source_filep_create(fp, 0, -1, &ze);
	if (src == NULL) {
		*why = open_reason(&ze, local_header);
		fclose(fp);
		zip_error_fini(&ze);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (za == NULL) {
		*why = open_reason(&ze, local_header);
		zip_source_free(src); /* closes fp */
	}
	zip_error_fini(&ze);
	return za;
}

/* A fresh handle on A's zip: a new open file description, so that its file
 * position is its own (a dup()ed descriptor would share it across threads). */
static zip_t *
take_handle(tg_archive *a, char **why)
{
	zip_t *za = NULL;
	struct stat st;
	int fd;

	g_mutex_lock(&a->lock);
	if (a->idle->len > 0)
		za = g_ptr_array_steal_index_fast(a->idle, a->idle->len - 1);
	g_mutex_unlock(&a->lock);
	if (za != NULL)
		return za;

	fd = open(a->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*why = g_strdup(g_strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || st.st_dev != a->st.st_dev || st.st_ino != a->st.st_ino ||
	    st.st_size != a->st.st_size || st.st_mtime != a->st.st_mtime) {
		*why = g_strdup("the archive changed on disk while being read");
		close(fd);
		return NULL;
	}
	return zip_from_fd(fd, TRUE, why);
}

static void
give_handle(tg_archive *a, zip_t *za)
{
	g_mutex_lock(&a->lock);
	if (a->idle->len < MAX_IDLE_HANDLES) {
		g_ptr_array_add(a->idle, za);
		za = NULL;
	}
	g_mutex_unlock(&a->lock);
	if (za != NULL)
		zip_discard(za);
}

static void
entry_clear(entry *e)
{
	g_free(e->name);
	g_free(e->source);
}

/* Growable list of entries while listing. */
typedef struct listing {
	GArray *list; /* entry */
	guint64 bytes;
} listing;

static void
add_entry(listing *l, char *name, char *source, zip_uint64_t index, gint64 size, gboolean link)
{
	entry e = {name, source, index, size, ZIP_EM_NONE, ZIP_CM_STORE, link};
	g_array_append_val(l->list, e);
}

static gboolean
list_zip(tg_archive *a, zip_t *za, listing *l, GError **error)
{
	zip_int64_t n = zip_get_num_entries(za, 0);

	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		entry *e;
		char *name;

		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) {
			char *why = open_reason(zip_get_error(za), TRUE);
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path, why);
			g_free(why);
			return FALSE;
		}
		/* Folder entries carry no data; folders list only files either. */
		if (st.name[0] == '\0' || g_str_has_suffix(st.name, "/"))
			continue;
		/* Some Windows tools write '\' separators. */
		name = g_strdup(st.name);
		g_strdelimit(name, "\\", '/');
		add_entry(l, name, g_strdup(st.name), (zip_uint64_t)i,
		          (st.valid & ZIP_STAT_SIZE) && st.size <= G_MAXINT64 ? (gint64)st.size : -1,
		          FALSE);
		e = &g_array_index(l->list, entry, l->list->len - 1);
		e->encryption = (st.valid & ZIP_STAT_ENCRYPTION_METHOD) ? st.encryption_method : ZIP_EM_NONE;
		e->method = (st.valid & ZIP_STAT_COMP_METHOD) ? st.comp_method : ZIP_CM_STORE;
	}
	return TRUE;
}

/* The message of a GLib file error without its "Error opening ... “x”: "
 * preamble, which would repeat the path in another quoting style. */
static const char *
glib_reason(const GError *err)
{
	const char *colon = strrchr(err->message, ':');
	return colon != NULL && colon[1] == ' ' ? colon + 2 : err->message;
}

static gboolean
walk_folder(tg_archive *a, const char *rel, listing *l, GError **error)
{
	char *dir_path = rel ? g_build_filename(a->path, rel, NULL) : g_strdup(a->path);
	GError *err = NULL;
	GDir *dir = g_dir_open(dir_path, 0, &err);
	const char *name;
	gboolean ok = FALSE;

	if (dir == NULL) {
		if (rel)
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': cannot list '%s': %s",
			            a->path, rel, glib_reason(err));
		else
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path,
			            glib_reason(err));
		g_error_free(err);
		goto out;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		char *child = rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		char *full = g_build_filename(a->path, child, NULL);
		struct stat st;

		if (lstat(full, &st) != 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': cannot read '%s': %s",
			            a->path, child, g_strerror(errno));
			g_free(full);
			g_free(child);
			goto out;
		}
		g_free(full);
		if (S_ISDIR(st.st_mode)) {
			gboolean walked = walk_folder(a, child, l, error);
			g_free(child);
			if (!walked)
				goto out;
		} else if (S_ISREG(st.st_mode)) {
			l->bytes += (guint64)st.st_size;
			add_entry(l, g_strdup(child), child, 0, (gint64)st.st_size, FALSE);
		} else if (S_ISLNK(st.st_mode)) {
			add_entry(l, g_strdup(child), child, 0, -1, TRUE);
		} else {
			g_free(child); /* sockets, fifos, devices: never data */
		}
	}
	ok = TRUE;
out:
	if (dir)
		g_dir_close(dir);
	g_free(dir_path);
	return ok;
}

/* NAME (relative to a candidate root) is a generation marker. */
static gboolean
is_marker(const char *name)
{
	return g_str_has_prefix(name, "data/") || strcmp(name, "tweet.js") == 0 ||
	       strcmp(name, "tweets.csv") == 0 || strcmp(name, "account.js") == 0;
}

/* Debris that archivers and file managers add at the top of a re-zip: it must
 * not hide the single root folder. */
static gboolean
is_debris(const char *name)
{
	return name[0] == '.' || g_str_has_prefix(name, "__MACOSX/");
}

/* Strips the one top-level folder of a re-zipped archive (see archive.h).
 * Debris outside that folder is dropped along with the folder's name. */
static void
strip_root(GArray *list)
{
	const char *root = NULL;
	gsize root_len = 0;
	gboolean marker_inside = FALSE;

	for (guint i = 0; i < list->len; i++) {
		const char *name = g_array_index(list, entry, i).name;
		const char *slash;

		if (is_marker(name))
			return;
		if (is_debris(name))
			continue;
		slash = strchr(name, '/');
		if (slash == NULL)
			return; /* a file at the top: no single root folder */
		if (root == NULL) {
			root = name;
			root_len = (gsize)(slash - name) + 1;
		} else if ((gsize)(slash - name) + 1 != root_len || memcmp(name, root, root_len) != 0) {
			return;
		}
		if (is_marker(name + root_len))
			marker_inside = TRUE;
	}
	if (root == NULL || !marker_inside)
		return;

	char *prefix = g_strndup(root, root_len);
	for (guint i = 0; i < list->len;) {
		entry *e = &g_array_index(list, entry, i);
		if (g_str_has_prefix(e->name, prefix)) {
			memmove(e->name, e->name + root_len, strlen(e->name) - root_len + 1);
			i++;
		} else {
			entry_clear(e);
			g_array_remove_index_fast(list, i);
		}
	}
	g_free(prefix);
}

static gint
compare_entries(gconstpointer x, gconstpointer y)
{
	return strcmp(((const entry *)x)->name, ((const entry *)y)->name);
}

static gboolean
has_zip_suffix(const char *path)
{
	gsize n = strlen(path);
	return n >= 4 && g_ascii_strcasecmp(path + n - 4, ".zip") == 0;
}

/* Opens the regular file at A->path: a zip, or a single data file. */
static gboolean
open_file(tg_archive *a, listing *l, GError **error)
{
	unsigned char head[4] = {0};
	ssize_t n;
	int fd = open(a->path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path,
		            g_strerror(errno));
		return FALSE;
	}
	if (fstat(fd, &a->st) != 0 || (n = pread(fd, head, sizeof head, 0)) < 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path,
		            g_strerror(errno));
		close(fd);
		return FALSE;
	}
	a->disk_size = (guint64)a->st.st_size;

	if (n >= 2 && head[0] == 'P' && head[1] == 'K') {
		gboolean local_header = n == 4 && head[2] == 3 && head[3] == 4;
		char *why = NULL;
		zip_t *za;

		a->kind = KIND_ZIP;
		za = zip_from_fd(fd, local_header, &why);
		if (za == NULL) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path, why);
			g_free(why);
			return FALSE;
		}
		if (!list_zip(a, za, l, error)) {
			zip_discard(za);
			return FALSE;
		}
		g_ptr_array_add(a->idle, za);
		return TRUE;
	}
	close(fd);
	/* A download that went wrong (an HTML page, an empty file) is still
	 * named .zip: say what it is not rather than call it a data file. */
	if (has_zip_suffix(a->path)) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", a->path,
		            n == 0 ? "empty file, not a zip archive" : "not a zip archive");
		return FALSE;
	}
	a->kind = KIND_FILE;
	char *base = g_path_get_basename(a->path);
	add_entry(l, g_strconcat("data/", base, NULL), NULL, 0, (gint64)a->st.st_size, FALSE);
	g_free(base);
	return TRUE;
}

tg_archive *
tg_archive_open(const char *path, const tg_limits *limits, GError **error)
{
	tg_archive *a = g_new0(tg_archive, 1);
	listing l = {g_array_new(FALSE, FALSE, sizeof(entry)), 0};
	struct stat st;

	a->path = g_strdup(path);
	a->limits = *limits;
	a->idle = g_ptr_array_new();
	g_mutex_init(&a->lock);
	atomic_init(&a->inflated, 0);

	if (stat(path, &st) != 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': %s", path,
		            g_strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		a->kind = KIND_FOLDER;
		if (!walk_folder(a, NULL, &l, error))
			goto fail;
		a->disk_size = l.bytes;
	} else if (S_ISREG(st.st_mode)) {
		if (!open_file(a, &l, error))
			goto fail;
	} else {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot open '%s': not a file or folder",
		            path);
		goto fail;
	}

	if (a->kind != KIND_FILE)
		strip_root(l.list);
	g_array_sort(l.list, compare_entries);
	a->n_entries = l.list->len;
	a->entries = (entry *)(void *)g_array_free(l.list, FALSE);
	return a;

fail:
	for (guint i = 0; i < l.list->len; i++)
		entry_clear(&g_array_index(l.list, entry, i));
	g_array_free(l.list, TRUE);
	tg_archive_free(a);
	return NULL;
}

void
tg_archive_free(tg_archive *a)
{
	if (a == NULL)
		return;
	for (guint i = 0; i < a->idle->len; i++)
		zip_discard(g_ptr_array_index(a->idle, i));
	g_ptr_array_free(a->idle, TRUE);
	g_mutex_clear(&a->lock);
	for (guint i = 0; i < a->n_entries; i++)
		entry_clear(&a->entries[i]);
	g_free(a->entries);
	g_free(a->path);
	g_free(a);
}

const char *
tg_archive_path(const tg_archive *a)
{
	return a->path;
}

gboolean
tg_archive_is_zip(const tg_archive *a)
{
	return a->kind == KIND_ZIP;
}

guint64
tg_archive_disk_size(const tg_archive *a)
{
	return a->disk_size;
}

guint
tg_archive_n_entries(const tg_archive *a)
{
	return a->n_entries;
}

const char *
tg_archive_entry_name(const tg_archive *a, guint i)
{
	g_return_val_if_fail(i < a->n_entries, NULL);
	return a->entries[i].name;
}

gint64
tg_archive_entry_size(const tg_archive *a, guint i)
{
	g_return_val_if_fail(i < a->n_entries, -1);
	return a->entries[i].size;
}

gboolean
tg_archive_find(const tg_archive *a, const char *name, guint *index)
{
	guint lo = 0, hi = a->n_entries;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		int c = strcmp(a->entries[mid].name, name);
		if (c == 0) {
			if (index)
				*index = mid;
			return TRUE;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return FALSE;
}

guint64
tg_archive_bytes_read(const tg_archive *a)
{
	return atomic_load_explicit(&((tg_archive *)a)->inflated, memory_order_relaxed);
}

static void
stream_fail(tg_stream *s, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* Records the first error of S and hands a copy to the caller. */
static void
stream_fail(tg_stream *s, GError **error, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	s->failed = g_error_new(TG_ERROR, TG_ERROR_INPUT, "cannot read %s: %s", s->where, why);
	g_free(why);
	if (error)
		*error = g_error_copy(s->failed);
}

tg_stream *
tg_archive_open_entry(tg_archive *a, guint i, GError **error)
{
	const entry *e;
	tg_stream *s;
	char *why = NULL;

	g_return_val_if_fail(i < a->n_entries, NULL);
	e = &a->entries[i];
	s = g_new0(tg_stream, 1);
	s->a = a;
	s->e = e;
	s->fd = -1;
	/* A single data file is its own archive: naming it once is clearer. */
	s->where = a->kind == KIND_FILE ? g_strdup_printf("'%s'", a->path)
	                                : g_strdup_printf("'%s' in '%s'", e->name, a->path);

	switch (a->kind) {
	case KIND_ZIP:
		if (e->encryption != ZIP_EM_NONE) {
			why = g_strdup("encrypted entry (passwords are not supported)");
			break;
		}
		if (!zip_compression_method_supported(e->method, 0)) {
			why = g_strdup_printf("unsupported compression method %d", (int)e->method);
			break;
		}
		s->za = take_handle(a, &why);
		if (s->za == NULL)
			break;
		s->zf = zip_fopen_index(s->za, e->index, 0);
		if (s->zf == NULL)
			why = read_reason(zip_get_error(s->za), NULL);
		break;
	case KIND_FOLDER:
		if (e->link) {
			why = g_strdup("symbolic link, not followed");
			break;
		}
		{
			char *full = g_build_filename(a->path, e->source, NULL);
			/* O_NOFOLLOW: a file swapped for a link since the walk is refused too. */
			s->fd = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
			if (s->fd < 0)
				why = g_strdup(errno == ELOOP ? "symbolic link, not followed"
				                              : g_strerror(errno));
			g_free(full);
		}
		break;
	case KIND_FILE:
		s->fd = open(a->path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0)
			why = g_strdup(g_strerror(errno));
		break;
	}
	if (why != NULL) {
		s->broken = TRUE;
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read %s: %s", s->where, why);
		g_free(why);
		tg_stream_close(s);
		return NULL;
	}
	return s;
}

gssize
tg_stream_read(tg_stream *s, void *buf, gsize n, GError **error)
{
	gssize got;
	guint64 total;

	if (s->failed != NULL) {
		if (error)
			*error = g_error_copy(s->failed);
		return -1;
	}
	n = MIN(n, (gsize)G_MAXSSIZE);
	if (n == 0)
		return 0;

	if (s->zf != NULL) {
		zip_int64_t r;
		gsize want = n;
		guint64 size = (guint64)s->e->size;

		/* Ask for at most one byte past the declared size: that byte proves
		 * a lie without inflating the rest of a bomb, and at the declared
		 * end the read of 0 bytes is where libzip checks the CRC. */
		if (s->e->size >= 0 && want - 1 > size - s->offset)
			want = (gsize)(size - s->offset) + 1;
		r = zip_fread(s->zf, buf, want);
		if (r < 0) {
			char *why = read_reason(zip_file_get_error(s->zf), s);
			stream_fail(s, error, "%s", why);
			g_free(why);
			return -1;
		}
		got = (gssize)r;
		/* libzip checks the CRC at the end but not always the size. */
		if (r == 0 && s->e->size >= 0 && s->offset < size) {
			stream_fail(s, error,
			            "truncated at byte %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT,
			            s->offset, size);
			return -1;
		}
		if (s->e->size >= 0 && s->offset + (guint64)r > size) {
			atomic_fetch_add_explicit(&s->a->inflated, (guint64)got, memory_order_relaxed);
			stream_fail(s, error, "inflates past its declared size of %" G_GUINT64_FORMAT " bytes",
			            size);
			return -1;
		}
	} else {
		do
			got = read(s->fd, buf, n);
		while (got < 0 && errno == EINTR);
		if (got < 0) {
			stream_fail(s, error, "%s", g_strerror(errno));
			return -1;
		}
	}

	total = atomic_fetch_add_explicit(&s->a->inflated, (guint64)got, memory_order_relaxed) +
	        (guint64)got;
	if (total > s->a->limits.max_inflated) {
		stream_fail(s, error, "the archive %s past the limit of %" G_GUINT64_FORMAT " bytes in all",
		            s->a->kind == KIND_ZIP ? "inflates" : "reads", s->a->limits.max_inflated);
		return -1;
	}
	s->offset += (guint64)got;
	return got;
}

guint64
tg_stream_offset(const tg_stream *s)
{
	return s->offset;
}

const char *
tg_stream_where(const tg_stream *s)
{
	return s->where;
}

void
tg_stream_close(tg_stream *s)
{
	if (s == NULL)
		return;
	if (s->zf != NULL)
		zip_fclose(s->zf);
	if (s->za != NULL) {
		if (s->broken || s->failed != NULL)
			zip_discard(s->za);
		else
			give_handle(s->a, s->za);
	}
	if (s->fd >= 0)
		close(s->fd);
	if (s->failed)
		g_error_free(s->failed);
	g_free(s->where);
	g_free(s);
}
