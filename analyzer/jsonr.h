/* SPDX-License-Identifier: MIT */
/* The JSON reader of records.c: one array element's text becomes a tree of
 * nodes in one reusable arena, with no allocation per node or string. It is
 * cJSON (1.7) to the byte: it accepts exactly what cJSON_ParseWithLength()
 * accepts, with the same values (strings unescaped alike, numbers as
 * doubles), and fails where cJSON fails at the byte cJSON names. Plain JSON
 * is read by a fast reader of its own; anything else (a malformed element,
 * a BOM, a NUL or \u0000, nesting past 200 levels, a number of 63 characters
 * or more, a scalar element, text after the value) is handed to cJSON
 * itself and its tree is seen through the same nodes. It wraps cJSON for
 * records.c, and knows no field name.
 *
 * A reader is not thread-safe: use one per thread. Nodes and their strings
 * are owned by the reader and live until its next parse or its free. */
#ifndef TG_JSONR_H
#define TG_JSONR_H

#include <glib.h>

typedef enum tg_jtype {
	TG_JNULL,
	TG_JFALSE,
	TG_JTRUE,
	TG_JNUMBER,
	TG_JSTRING,
	TG_JARRAY,
	TG_JOBJECT
} tg_jtype;

typedef struct tg_jnode {
	const char *key; /* member name (unescaped) in an object, else NULL */
	const char *str; /* TG_JSTRING: the unescaped value, NUL-terminated */
	double num;      /* TG_JNUMBER: the value as strtod() reads it */
	/* The first element or member, and the next sibling, as distances in
	 * nodes from this one (0: none), so that a node is enough to walk the
	 * tree: use tg_jsonr_child() and tg_jsonr_next(). */
	guint32 child;
	guint32 next;
	guint32 size;    /* elements or members */
	guint8 type;     /* tg_jtype */
} tg_jnode;

typedef struct tg_jsonr tg_jsonr;

tg_jsonr *tg_jsonr_new(void);
void tg_jsonr_free(tg_jsonr *r);

/* Parses TEXT (LEN bytes; TEXT[LEN] need not be readable). Returns the
 * root node, or NULL when the text is not JSON, with *ERROR_AT set to the
 * byte where cJSON stopped (0 when it names none). */
const tg_jnode *tg_jsonr_parse(tg_jsonr *r, const char *text, gsize len, gsize *error_at);

/* Navigation; every function takes NULL and returns NULL for "none", as
 * cJSON's do. */
/* The first element of an array or member of an object. */
static inline const tg_jnode *tg_jsonr_child(const tg_jnode *n)
{
	return n && n->child ? n + n->child : NULL;
}
static inline const tg_jnode *tg_jsonr_next(const tg_jnode *n)
{
	return n && n->next ? n + n->next : NULL;
}
/* The first member named KEY (case-sensitive) of an object; NULL for
 * anything else. O(members). */
const tg_jnode *tg_jsonr_get(const tg_jnode *obj, const char *key);
/* Element I of an array (or member I of an object). O(I). */
const tg_jnode *tg_jsonr_at(const tg_jnode *n, guint i);

/* Gives back buffers grown past a few pages (after an unusually large
 * element), so that a pool of readers stays small. */
void tg_jsonr_trim(tg_jsonr *r);
/* Bytes held. */
gsize tg_jsonr_memory(const tg_jsonr *r);

/* For tests: TRUE when the last parse went through cJSON; FORCE_CJSON makes
 * every parse of R go through cJSON (the reference the fast reader is
 * checked against). */
gboolean tg_jsonr_used_cjson(const tg_jsonr *r);
void tg_jsonr_force_cjson(tg_jsonr *r, gboolean force_cjson);

#endif
