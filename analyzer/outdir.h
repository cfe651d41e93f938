/* SPDX-License-Identifier: MIT */
/* An output folder written all at once: files go to a temporary folder beside
 * it, renamed into place at the end, so that an interrupted or failed run
 * never leaves a half report behind. */
#ifndef TG_OUTDIR_H
#define TG_OUTDIR_H

#include <stdio.h>

#include "util.h"

typedef struct tg_outdir tg_outdir;

/* Prepares to write DIR. A DIR that exists and is not empty is refused
 * unless FORCE (it is then replaced whole at commit). Creates the temporary
 * folder "<DIR>.tmp-XXXXXX" in DIR's parent. Errors: TG_ERROR_OUTPUT
 * ("'out' is not empty: use --force to replace it", a parent that is not
 * writable, ...). */
tg_outdir *tg_outdir_begin(const char *dir, gboolean force, GError **error);

/* The temporary folder (borrowed), and the path of NAME inside it (g_free). */
const char *tg_outdir_tmp(const tg_outdir *d);
char *tg_outdir_path(const tg_outdir *d, const char *name);

/* Creates the sub-folder NAME ("charts"). */
gboolean tg_outdir_mkdir(tg_outdir *d, const char *name, GError **error);

/* Writes LEN bytes of DATA to NAME (relative to the folder), checked and
 * flushed to disk. */
gboolean tg_outdir_write(tg_outdir *d, const char *name, const char *data, gsize len,
                         GError **error);

/* Writes LEN bytes of DATA to F, opened by tg_outdir_open() for NAME: a
 * file written in pieces. On failure ERROR says why, as tg_outdir_write()
 * does, and F is still to be closed. */
gboolean tg_outdir_put(tg_outdir *d, FILE *f, const char *name, const char *data, gsize len,
                       GError **error);

/* Opens NAME for writing; close with tg_outdir_close(), which reports any
 * write error. */
FILE *tg_outdir_open(tg_outdir *d, const char *name, GError **error);
gboolean tg_outdir_close(tg_outdir *d, FILE *f, const char *name, GError **error);

/* Moves the finished folder into place (replacing DIR when forced) and
 * frees D. On failure the temporary folder is removed. */
gboolean tg_outdir_commit(tg_outdir *d, GError **error);

/* Removes the temporary folder and frees D. NULL is fine. */
void tg_outdir_abort(tg_outdir *d);

/* Removes PATH and everything below it (no symlink is followed). */
void tg_remove_tree(const char *path);

#endif
