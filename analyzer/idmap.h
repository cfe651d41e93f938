/* SPDX-License-Identifier: MIT */
/* The index of an item by its 64-bit key, where the items (an array of the
 * caller's) hold their keys: an account's node by its id, a co-conversation
 * edge by its two ends. Open addressing of 4-byte slots holding item
 * indices, at most 70 % full: 6-11 bytes an item, against 16-24 for a
 * GHashTable of 64-bit keys and values. Not thread-safe. */
#ifndef TG_IDMAP_H
#define TG_IDMAP_H

#include <glib.h>

/* The key of item INDEX; USER is the pointer given to tg_idmap_new(). */
typedef guint64 (*tg_idmap_key_func)(gconstpointer user, guint index);

typedef struct tg_idmap tg_idmap;

#define TG_IDMAP_NONE G_MAXUINT

/* An empty map reading keys through KEY(USER, index). USER must stay valid
 * (a GArray*, say, whose data may move). Free with tg_idmap_free(). */
tg_idmap *tg_idmap_new(tg_idmap_key_func key, gconstpointer user);
void tg_idmap_free(tg_idmap *m);

/* The index of the item with KEY, or TG_IDMAP_NONE. */
guint tg_idmap_lookup(const tg_idmap *m, guint64 key);
/* Records that item INDEX (< G_MAXUINT - 1) has KEY, which must not be in
 * the map yet. Amortised O(1). */
void tg_idmap_insert(tg_idmap *m, guint64 key, guint index);
/* Items in the map. */
guint tg_idmap_size(const tg_idmap *m);
/* Empties the map (to index the items anew) and gives its memory back. */
void tg_idmap_clear(tg_idmap *m);
/* Bytes held (the slot array). */
gsize tg_idmap_memory(const tg_idmap *m);

#endif
