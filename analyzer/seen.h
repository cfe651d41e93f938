/* SPDX-License-Identifier: MIT */
/* The set of tweet ids seen in one archive, for dropping duplicate
 * elements, in bounded memory whatever the number of tweets.
 *
 * Recent ids sit in a hash set (idset.c) of at most a fixed number of ids.
 * When it is full its ids are sorted and written to a tape (tape.c) as a
 * run; the runs are merged eight at a time, so that there are few of them.
 * What stays in memory for a run is its range, one id per block of 512 (a
 * 4 KiB block of the tape) and the block read last.
 *
 * An id is looked up in each run whose range holds it, then added to the
 * hash set, which finds it there if it is recent. Archives list tweets newest first, with few exceptions: a run then
 * holds ids above every later one, and the lookup reads nothing from the
 * tape. In any other order it reads blocks, the same answers only slower.
 *
 * Not thread-safe: one caller at a time. */
#ifndef TG_SEEN_H
#define TG_SEEN_H

#include <glib.h>

#include "tape.h"

/* Ids the hash set holds before it becomes a run: 3 MiB of slots. */
#define TG_SEEN_MEMORY_IDS ((gsize)1 << 18)

typedef struct tg_seen tg_seen;

/* An empty set. WARN hears of a tape that cannot go to disk (tape.h).
 * Free with tg_seen_free(). */
tg_seen *tg_seen_new(tg_tape_warn_fn warn, void *warn_user);
void tg_seen_free(tg_seen *s);

/* Makes room for N ids in the hash set, as far as it goes. */
void tg_seen_reserve(tg_seen *s, guint64 n);
/* Adds ID (any value); *ADDED is TRUE when it was not in the set yet.
 * Errors: the tape's. */
gboolean tg_seen_add(tg_seen *s, guint64 id, gboolean *added, GError **error);
/* Ids in the set. */
guint64 tg_seen_size(const tg_seen *s);
/* Runs on the tape (for tests). */
guint tg_seen_runs(const tg_seen *s);
/* Empties the set and gives back its memory and tape. */
void tg_seen_clear(tg_seen *s);
/* Bytes of memory held. */
gsize tg_seen_memory(const tg_seen *s);

/* For tests: the hash set's capacity, 0 for TG_SEEN_MEMORY_IDS (64 ids
 * with $TALKGRAPH_SMALL_MEMORY). Applies to sets made after. */
void tg_seen_set_memory_ids(gsize n);

#endif
