/* SPDX-License-Identifier: MIT */
/* The duplicate-tweet set of load.c. Hand-written rather than a GHashTable
 * because this is the one table that grows with tweets, not contacts: with
 * 1M tweet ids a GHashTable(g_direct_hash) took 21 % of `talkgraph stats`
 * (its hash is the id's low 32 bits, so snowflake ids collide, and each
 * probe is a cache miss in two arrays), and 12 bytes a slot in a table up to
 * 94 % full. Here a probe is one 8-byte slot found by a mixing hash, with
 * linear probing at most 70 % full: 16 MiB at 1M ids, one miss per add. */
#include "idset.h"

#include <string.h>

/* Slot value of an empty slot. Id 0 cannot be stored in a slot, so it is
 * kept as a flag. */
#define EMPTY 0u
#define MIN_SLOTS 1024u

struct tg_idset {
	guint64 *slots;
	gsize mask;     /* slot count - 1 (a power of two) */
	guint64 used;   /* non-zero ids in slots */
	gboolean zero;  /* id 0 is in the set */
};

/* splitmix64's finaliser: every bit of the id moves every bit of the slot. */
static inline guint64 mix(guint64 x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

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

static void place(guint64 *slots, gsize mask, guint64 id)
{
	gsize i = (gsize)mix(id) & mask;
	while (slots[i] != EMPTY)
		i = (i + 1) & mask;
	slots[i] = id;
}

static void grow(tg_idset *s)
{
	gsize n = s->slots ? (s->mask + 1) * 2 : MIN_SLOTS;
	guint64 *slots = g_new0(guint64, n);
	if (s->slots)
		for (gsize i = 0; i <= s->mask; i++)
			if (s->slots[i] != EMPTY)
				place(slots, n - 1, s->slots[i]);
	g_free(s->slots);
	s->slots = slots;
	s->mask = n - 1;
}

gboolean tg_idset_add(tg_idset *s, guint64 id)
{
	if (id == EMPTY) {
		gboolean added = !s->zero;
		s->zero = TRUE;
		return added;
	}
	/* At most 70 % full: linear probing stays at a couple of probes. */
	if (!s->slots || (s->used + 1) * 10 > (guint64)(s->mask + 1) * 7)
		grow(s);
	gsize i = (gsize)mix(id) & s->mask;
	for (;;) {
		if (s->slots[i] == id)
			return FALSE;
		if (s->slots[i] == EMPTY) {
			s->slots[i] = id;
			s->used++;
			return TRUE;
		}
		i = (i + 1) & s->mask;
	}
}

gboolean tg_idset_contains(const tg_idset *s, guint64 id)
{
	if (id == EMPTY)
		return s->zero;
	if (!s->slots)
		return FALSE;
	gsize i = (gsize)mix(id) & s->mask;
	for (;;) {
		if (s->slots[i] == id)
			return TRUE;
		if (s->slots[i] == EMPTY)
			return FALSE;
		i = (i + 1) & s->mask;
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
	s->mask = 0;
	s->used = 0;
	s->zero = FALSE;
}

gsize tg_idset_memory(const tg_idset *s)
{
	return s->slots ? (s->mask + 1) * sizeof *s->slots : 0;
}
