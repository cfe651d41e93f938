/* SPDX-License-Identifier: MIT */
/* A one-line progress display on a terminal: bytes of data read of the
 * total and the file being read, redrawn at most a few times a second. */
#ifndef TG_PROGRESS_H
#define TG_PROGRESS_H

#include <stdio.h>

#include <glib.h>

typedef struct tg_progress tg_progress;

/* OUT is borrowed (normally stderr). */
tg_progress *tg_progress_new(FILE *out);
/* Matches tg_load_options.progress; USER is the tg_progress. FILE may be NULL. */
void tg_progress_update(void *user, guint64 done, guint64 total, const char *file);
/* Clears the line. NULL is fine. */
void tg_progress_free(tg_progress *p);

#endif
