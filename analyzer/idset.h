/* SPDX-License-Identifier: MIT */
/* A set of 64-bit ids (tweet ids), for dropping duplicate elements: open
 * addressing in one flat array of slots, 8 bytes per slot and at most 70 %
 * full, so about 11-17 bytes per id (11.4 when reserved ahead) with no
 * allocation per id. Not
 * thread-safe: one caller at a time. */
#ifndef TG_IDSET_H
#define TG_IDSET_H

#include <glib.h>

typedef struct tg_idset tg_idset;

/* splitmix64's finaliser: every bit of X moves every bit of the result. The
 * hash of idset.c and idmap.c. */
static inline guint64 tg_mix64(guint64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

/* An empty set. Free with tg_idset_free(). */
tg_idset *tg_idset_new(void);
void tg_idset_free(tg_idset *s);

/* Makes room for N more ids, so that adding them does not grow the set. */
void tg_idset_reserve(tg_idset *s, guint64 n);
/* Adds ID (any value, 0 included). Returns TRUE when it was not in the set
 * yet. Amortised O(1). */
gboolean tg_idset_add(tg_idset *s, guint64 id);
/* TRUE when ID is in the set. */
gboolean tg_idset_contains(const tg_idset *s, guint64 id);
/* Ids in the set. */
guint64 tg_idset_size(const tg_idset *s);
/* Empties the set and gives its memory back. */
void tg_idset_clear(tg_idset *s);
/* The ids of S in ascending order, *N of them, in S's own array (free it
 * with g_free()), leaving S empty. No memory is taken beyond the set's. */
guint64 *tg_idset_steal_sorted(tg_idset *s, gsize *n);
/* Bytes held (the slot array). */
gsize tg_idset_memory(const tg_idset *s);

#endif
