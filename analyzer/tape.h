/* SPDX-License-Identifier: MIT */
/* An append-only store of bytes that may outgrow memory: what the analysis
 * must keep of every tweet (the ids seen, for dropping duplicates; hashtag
 * uses; the elements of edited tweets) lives here rather than in the heap,
 * so that memory follows contacts and not tweets.
 *
 * A tape holds its first TG_TAPE_MEMORY bytes in memory; past them it moves
 * to a temporary file in g_get_tmp_dir() ($TMPDIR, else /tmp), unlinked as
 * soon as it is made: nothing is left behind, whatever ends the process.
 * When no temporary file can be made, the tape stays in memory and says so
 * through the warning callback, once a process.
 *
 * Appends go through a buffer. Reads never change the tape: once appends
 * are over, several threads may read at once. */
#ifndef TG_TAPE_H
#define TG_TAPE_H

#include <glib.h>

#define TG_TAPE_MEMORY ((gsize)1 << 20)

typedef struct tg_tape tg_tape;

typedef void (*tg_tape_warn_fn)(void *user, const char *message);

/* An empty tape. WHAT names its contents in messages ("tweet ids"); WARN
 * (may be NULL) hears that no temporary file could be made. Free with
 * tg_tape_free(). */
tg_tape *tg_tape_new(const char *what, tg_tape_warn_fn warn, void *warn_user);
void tg_tape_free(tg_tape *t);

/* Appends LEN bytes of DATA at the end; *OFFSET (when not NULL) gets their
 * offset. Errors: TG_ERROR_OUTPUT when the temporary file cannot be
 * written (a full disk). */
gboolean tg_tape_append(tg_tape *t, const void *data, gsize len, guint64 *offset, GError **error);
/* Copies LEN bytes from OFFSET into BUF. The range must lie within the
 * tape. Errors: TG_ERROR_OUTPUT when the temporary file cannot be read. */
gboolean tg_tape_read(const tg_tape *t, guint64 offset, void *buf, gsize len, GError **error);
/* Bytes appended so far. */
guint64 tg_tape_size(const tg_tape *t);
/* Empties the tape (its temporary file goes) and gives its memory back. */
void tg_tape_clear(tg_tape *t);
/* TRUE once the tape has moved to a temporary file. */
gboolean tg_tape_on_disk(const tg_tape *t);
/* Bytes of memory held (its buffer or contents). */
gsize tg_tape_memory(const tg_tape *t);

/* For tests: the bytes a tape keeps in memory before it moves to disk, -1
 * for TG_TAPE_MEMORY. With $TALKGRAPH_SMALL_MEMORY set, every tape starts
 * on disk (tg_small_memory()). */
void tg_tape_set_memory_limit(gssize limit);

/* TRUE when $TALKGRAPH_SMALL_MEMORY is set: the stores that bound memory
 * (tapes, the set of tweet ids, the chat passes) take their smallest
 * sizes, so that a small archive goes through their disk paths. Outputs
 * do not change. */
gboolean tg_small_memory(void);

#endif
