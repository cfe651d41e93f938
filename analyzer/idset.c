/* SPDX-License-Identifier: MIT */
/* The duplicate-tweet set of load.c. Hand-written rather than a GHashTable
 * because this is the one table that grows with tweets, not contacts: with
 * 1M tweet ids a GHashTable(g_direct_hash) took 21 % of `talkgraph stats`
 * (its hash is the id's low 32 bits, so snowflake ids collide, and each
 * probe is a cache miss in two arrays), and 12 bytes a slot in a table up to
 * 94 % full. Here a probe is one 8-byte slot found by a mixing hash, with
 * linear probing at most 70 % full, one miss per add. The slot count need
 * not be a power of two (the hash is scaled to it), so a table sized ahead
 * from the manifest's counts holds 1M ids in 11.4 MiB and never grows:
 * growing (by half) briefly holds both tables. */
#include "idset.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Slot value of an empty slot. Id 0 cannot be stored in a slot, so it is
 * kept as a flag. */
#define EMPTY 0u
#define MIN_SLOTS 1024u

struct tg_idset {
	guint64 *slots;
	gsize n_slots;
	guint64 used;   /* non-zero ids in slots */
	gboolean zero;  /* id 0 is in the set */
};

tg_idset *tg_idset_new(void)
{
	return g_new0(tg_idset, 1);
}

void tg_idset_free(tg_idset *s)
{
	if (!s)
		return;
	g_free(s->slots);
	g_free(s);
}

/* The first slot to probe for ID: the hash's top 32 bits scaled to N. */
static inline gsize home(guint64 id, gsize n)
{
	return (gsize)(((tg_mix64(id) >> 32) * (guint64)n) >> 32);
}

static inline gsize next(gsize i, gsize n)
{
	return i + 1 == n ? 0 : i + 1;
}

static void place(guint64 *slots, gsize n, guint64 id)
{
	gsize i = home(id, n);
	while (slots[i] != EMPTY)
		i = next(i, n);
	slots[i] = id;
}

static void resize(tg_idset *s, gsize n)
{
	guint64 *slots = g_new0(guint64, n);
	for (gsize i = 0; i < s->n_slots; i++)
		if (s->slots[i] != EMPTY)
			place(slots, n, s->slots[i]);
	g_free(s->slots);
	s->slots = slots;
	s->n_slots = n;
}

/* Slots for N ids at most 70 % full. */
static gsize slots_for(guint64 n)
{
	guint64 want = n / 7 * 10 + n % 7 * 10 / 7 + 1;
	return (gsize)MIN(MAX(want, (guint64)MIN_SLOTS), (guint64)G_MAXUINT32);
}

void tg_idset_reserve(tg_idset *s, guint64 n)
{
	gsize want = slots_for(n + s->used);
	if (want > s->n_slots)
		resize(s, want);
}

gboolean tg_idset_add(tg_idset *s, guint64 id)
{
	if (id == EMPTY) {
		gboolean added = !s->zero;
		s->zero = TRUE;
		return added;
	}
	/* At most 70 % full: linear probing stays at a couple of probes. */
	if ((s->used + 1) * 10 > (guint64)s->n_slots * 7)
		resize(s, s->n_slots ? MIN(MAX(slots_for(s->used + 1), s->n_slots + s->n_slots / 2), G_MAXUINT32)
		                     : MIN_SLOTS);
	gsize i = home(id, s->n_slots);
	for (;;) {
		if (s->slots[i] == id)
			return FALSE;
		if (s->slots[i] == EMPTY) {
			s->slots[i] = id;
			s->used++;
			return TRUE;
		}
		i = next(i, s->n_slots);
	}
}

gboolean tg_idset_contains(const tg_idset *s, guint64 id)
{
	if (id == EMPTY)
		return s->zero;
	if (!s->slots)
		return FALSE;
	gsize i = home(id, s->n_slots);
	for (;;) {
		if (s->slots[i] == id)
			return TRUE;
		if (s->slots[i] == EMPTY)
			return FALSE;
		i = next(i, s->n_slots);
	}
}

guint64 tg_idset_size(const tg_idset *s)
{
	return s->used + (s->zero ? 1 : 0);
}

void tg_idset_clear(tg_idset *s)
{
	g_free(s->slots);
	s->slots = NULL;
	s->n_slots = 0;
	s->used = 0;
	s->zero = FALSE;
}

gsize tg_idset_memory(const tg_idset *s)
{
	return s->n_slots * sizeof *s->slots;
}

guint64 *tg_idset_steal_sorted(tg_idset *s, gsize *n)
{
	guint64 *ids = s->slots;
	gsize w = 0;

	/* W never passes the slot being read: the ids move to the front in
	 * place. At most 70 % of the slots are used, so 0 finds room after. */
	for (gsize i = 0; i < s->n_slots; i++)
		if (ids[i] != EMPTY)
			ids[w++] = ids[i];
	if (s->zero) {
		if (!ids)
			ids = g_new(guint64, 1);
		ids[w++] = 0;
	}
	qsort(ids, w, sizeof *ids, tg_cmp_u64);
	*n = w;
	s->slots = NULL;
	s->n_slots = 0;
	s->used = 0;
	s->zero = FALSE;
	return ids;
}
