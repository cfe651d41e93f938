/* SPDX-License-Identifier: MIT */
/* The model's two big indices (accounts by id, edges by ends) hold one
 * 4-byte slot per item instead of a GHashTable's key, value and hash: at
 * 131k accounts and 162k edges this is 2 MB instead of 8. The keys stay in
 * the items, so a probe reads the item it lands on. Same probing as
 * idset.c. */
#include "idmap.h"

#include "idset.h" /* tg_mix64() */

#define EMPTY 0u /* slots hold index + 1 */
#define MIN_SLOTS 256u

struct tg_idmap {
	tg_idmap_key_func key;
	gconstpointer user;
	guint32 *slots;
	gsize mask; /* slot count - 1 (a power of two) */
	guint used;
};

tg_idmap *tg_idmap_new(tg_idmap_key_func key, gconstpointer user)
{
	tg_idmap *m = g_new0(tg_idmap, 1);
	m->key = key;
	m->user = user;
	return m;
}

void tg_idmap_free(tg_idmap *m)
{
	if (!m)
		return;
	g_free(m->slots);
	g_free(m);
}

static void place(guint32 *slots, gsize mask, guint64 key, guint32 slot)
{
	gsize i = (gsize)tg_mix64(key) & mask;
	while (slots[i] != EMPTY)
		i = (i + 1) & mask;
	slots[i] = slot;
}

static void grow(tg_idmap *m)
{
	gsize n = m->slots ? (m->mask + 1) * 2 : MIN_SLOTS;
	guint32 *slots = g_new0(guint32, n);
	if (m->slots)
		for (gsize i = 0; i <= m->mask; i++)
			if (m->slots[i] != EMPTY)
				place(slots, n - 1, m->key(m->user, m->slots[i] - 1), m->slots[i]);
	g_free(m->slots);
	m->slots = slots;
	m->mask = n - 1;
}

guint tg_idmap_lookup(const tg_idmap *m, guint64 key)
{
	if (!m->slots)
		return TG_IDMAP_NONE;
	for (gsize i = (gsize)tg_mix64(key) & m->mask; m->slots[i] != EMPTY; i = (i + 1) & m->mask)
		if (m->key(m->user, m->slots[i] - 1) == key)
			return m->slots[i] - 1;
	return TG_IDMAP_NONE;
}

void tg_idmap_insert(tg_idmap *m, guint64 key, guint index)
{
	g_return_if_fail(index < G_MAXUINT - 1);
	/* At most 70 % full: linear probing stays at a couple of probes. */
	if (!m->slots || ((guint64)m->used + 1) * 10 > (guint64)(m->mask + 1) * 7)
		grow(m);
	place(m->slots, m->mask, key, index + 1);
	m->used++;
}

guint tg_idmap_size(const tg_idmap *m)
{
	return m->used;
}

void tg_idmap_clear(tg_idmap *m)
{
	g_free(m->slots);
	m->slots = NULL;
	m->mask = 0;
	m->used = 0;
}

gsize tg_idmap_memory(const tg_idmap *m)
{
	return m->slots ? (m->mask + 1) * sizeof *m->slots : 0;
}
