/* SPDX-License-Identifier: MIT */
/* Output folders that appear whole or not at all: write into a temporary
 * sibling, fsync, rename into place. */
#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

struct tg_outdir {
	char *dir;   /* as given */
	char *tmp;   /* the temporary folder */
	gboolean force;
};

void tg_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		GDir *d = g_dir_open(path, 0, NULL);
		const char *name;
		while (d && (name = g_dir_read_name(d))) {
			char *child = g_build_filename(path, name, NULL);
			tg_remove_tree(child);
			g_free(child);
		}
		if (d)
			g_dir_close(d);
		g_rmdir(path);
	} else {
		g_unlink(path);
	}
}

static gboolean is_empty_dir(const char *path)
{
	GDir *d = g_dir_open(path, 0, NULL);
	if (!d)
		return FALSE;
	gboolean empty = g_dir_read_name(d) == NULL;
	g_dir_close(d);
	return empty;
}

tg_outdir *tg_outdir_begin(const char *dir, gboolean force, GError **error)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': not a folder", dir);
			return NULL;
		}
		if (!force && !is_empty_dir(dir)) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT,
			            "cannot write '%s': the folder is not empty: use --force to replace it", dir);
			return NULL;
		}
	}
	char *clean = g_strdup(dir);
	gsize n = strlen(clean);
	while (n > 1 && clean[n - 1] == '/')
		clean[--n] = '\0';
	char *tmpl = g_strconcat(clean, ".tmp-XXXXXX", NULL);
	if (!g_mkdtemp_full(tmpl, 0755)) {
		int e = errno;
		char *parent = g_path_get_dirname(clean);
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': cannot create a folder in '%s': %s",
		            dir, parent, g_strerror(e));
		g_free(parent);
		g_free(tmpl);
		g_free(clean);
		return NULL;
	}
	tg_outdir *d = g_new0(tg_outdir, 1);
	d->dir = clean;
	d->tmp = tmpl;
	d->force = force;
	return d;
}

const char *tg_outdir_tmp(const tg_outdir *d)
{
	return d->tmp;
}

char *tg_outdir_path(const tg_outdir *d, const char *name)
{
	return g_build_filename(d->tmp, name, NULL);
}

gboolean tg_outdir_mkdir(tg_outdir *d, const char *name, GError **error)
{
	char *path = tg_outdir_path(d, name);
	gboolean ok = g_mkdir(path, 0755) == 0 || errno == EEXIST;
	if (!ok)
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot create '%s/%s': %s", d->dir, name,
		            g_strerror(errno));
	g_free(path);
	return ok;
}

FILE *tg_outdir_open(tg_outdir *d, const char *name, GError **error)
{
	char *path = tg_outdir_path(d, name);
	FILE *f = fopen(path, "wb");
	if (!f)
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s/%s': %s", d->dir, name,
		            g_strerror(errno));
	g_free(path);
	return f;
}

gboolean tg_outdir_close(tg_outdir *d, FILE *f, const char *name, GError **error)
{
	int e = 0;
	if (fflush(f) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (!e && fsync(fileno(f)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	if (e) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s/%s': %s", d->dir, name,
		            g_strerror(e));
		return FALSE;
	}
	return TRUE;
}

gboolean tg_outdir_put(tg_outdir *d, FILE *f, const char *name, const char *data, gsize len,
                       GError **error)
{
	errno = 0;
	if (len && fwrite(data, 1, len, f) != len) {
		int e = errno ? errno : EIO;
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s/%s': %s", d->dir, name,
		            g_strerror(e));
		return FALSE;
	}
	return TRUE;
}

gboolean tg_outdir_write(tg_outdir *d, const char *name, const char *data, gsize len,
                         GError **error)
{
	FILE *f = tg_outdir_open(d, name, error);
	if (!f)
		return FALSE;
	if (!tg_outdir_put(d, f, name, data, len, error)) {
		fclose(f);
		return FALSE;
	}
	return tg_outdir_close(d, f, name, error);
}

gboolean tg_outdir_commit(tg_outdir *d, GError **error)
{
	char *old = NULL;
	gboolean ok = FALSE;
	struct stat st;
	if (stat(d->dir, &st) == 0) {
		/* Forced, or an empty folder: move it aside, then swap. */
		old = g_strconcat(d->tmp, ".old", NULL);
		if (g_rename(d->dir, old) != 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot replace '%s': %s", d->dir,
			            g_strerror(errno));
			goto out;
		}
	}
	if (g_rename(d->tmp, d->dir) != 0) {
		int e = errno;
		if (old)
			g_rename(old, d->dir);
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot move the report into '%s': %s", d->dir,
		            g_strerror(e));
		goto out;
	}
	if (old)
		tg_remove_tree(old);
	ok = TRUE;
out:
	if (!ok)
		tg_remove_tree(d->tmp);
	g_free(old);
	g_free(d->dir);
	g_free(d->tmp);
	g_free(d);
	return ok;
}

void tg_outdir_abort(tg_outdir *d)
{
	if (!d)
		return;
	tg_remove_tree(d->tmp);
	g_free(d->dir);
	g_free(d->tmp);
	g_free(d);
}
