/* SPDX-License-Identifier: MIT */
/* A JSON element read in place: the text is copied once into the reader's
 * buffer, strings are unescaped and NUL-terminated inside that copy, and
 * nodes go to one array that is reused from element to element. cJSON
 * allocates every node and every string and frees them again, which made
 * parsing the largest cost of reading tweets (20 % of `talkgraph stats`,
 * malloc and free included); this reader does the same work with no
 * allocation once its buffers have grown.
 *
 * Sameness with cJSON is kept by doing less, not more: the fast reader only
 * accepts strict JSON that cJSON also accepts and reads to the same values,
 * and hands everything else to cJSON (see jsonr.h), so cJSON decides every
 * error and every oddity. tests/unit/test_jsonr.c checks both on the same
 * elements. */
#include "jsonr.h"

#include <cjson/cJSON.h>
#include <string.h>

/* Deeper elements go to cJSON, which allows 1000 levels. */
#define MAX_DEPTH 200
/* cJSON reads at most 63 characters of a number. */
#define MAX_NUMBER 63
/* Buffers larger than this are given back by tg_jsonr_trim(). */
#define TRIM_TEXT ((gsize)4 << 10)
#define TRIM_NODES 128u

struct tg_jsonr {
	tg_jnode *nodes;
	guint32 n_nodes, cap_nodes;
	char *text; /* the element's copy, strings unescaped in place */
	gsize cap_text;
	guint32 *stack; /* open containers */
	guint32 *last;  /* their last child so far, 0 for none */
	cJSON *tree;    /* the tree of a parse that went through cJSON */
	gboolean used_cjson, force_cjson;
};

/* cJSON keeps the position of the last error in a global that every parse
 * writes: parses through cJSON take turns. */
static GMutex cjson_lock;

tg_jsonr *tg_jsonr_new(void)
{
	tg_jsonr *r = g_new0(tg_jsonr, 1);
	r->stack = g_new(guint32, MAX_DEPTH + 1);
	r->last = g_new(guint32, MAX_DEPTH + 1);
	return r;
}

static void drop_tree(tg_jsonr *r)
{
	if (r->tree) {
		cJSON_Delete(r->tree);
		r->tree = NULL;
	}
}

void tg_jsonr_free(tg_jsonr *r)
{
	if (!r)
		return;
	drop_tree(r);
	g_free(r->nodes);
	g_free(r->text);
	g_free(r->stack);
	g_free(r->last);
	g_free(r);
}

void tg_jsonr_trim(tg_jsonr *r)
{
	drop_tree(r);
	if (r->cap_text > TRIM_TEXT) {
		g_free(r->text);
		r->text = NULL;
		r->cap_text = 0;
	}
	if (r->cap_nodes > TRIM_NODES) {
		g_free(r->nodes);
		r->nodes = NULL;
		r->cap_nodes = 0;
	}
	r->n_nodes = 0;
}

gsize tg_jsonr_memory(const tg_jsonr *r)
{
	return sizeof *r + r->cap_text + (gsize)r->cap_nodes * sizeof(tg_jnode) +
	       2 * (MAX_DEPTH + 1) * sizeof(guint32);
}

gboolean tg_jsonr_used_cjson(const tg_jsonr *r)
{
	return r->used_cjson;
}

void tg_jsonr_force_cjson(tg_jsonr *r, gboolean force_cjson)
{
	r->force_cjson = force_cjson;
}

/* A new node (index), its fields zeroed but TYPE and KEY. */
static guint32 new_node(tg_jsonr *r, tg_jtype type, const char *key)
{
	if (r->n_nodes == r->cap_nodes) {
		r->cap_nodes = r->cap_nodes ? r->cap_nodes * 2 : 64;
		r->nodes = g_renew(tg_jnode, r->nodes, r->cap_nodes);
	}
	tg_jnode *n = &r->nodes[r->n_nodes];
	memset(n, 0, sizeof *n);
	n->type = (guint8)type;
	n->key = key;
	return r->n_nodes++;
}

/* ---- the fast reader ---- */

static inline char *skip_ws(char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

static inline int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at P (P + 4 <= END), or -1. */
static long hex4(const char *p, const char *end)
{
	long v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int h = hex(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* The \uXXXX escape at P (P[0] == '\\', P[1] == 'u') written as UTF-8 at
 * *W; returns the byte after the escape, or NULL for what cJSON would read
 * differently or refuse (bad hex, a lone or reversed surrogate, U+0000). */
static char *unicode_escape(char *p, const char *end, char **w)
{
	long first = hex4(p + 2, end), cp;
	char *after = p + 6;
	if (first <= 0 || (first >= 0xDC00 && first <= 0xDFFF))
		return NULL;
	if (first >= 0xD800 && first <= 0xDBFF) {
		long second;
		if (end - after < 6 || after[0] != '\\' || after[1] != 'u')
			return NULL;
		second = hex4(after + 2, end);
		if (second < 0xDC00 || second > 0xDFFF)
			return NULL;
		cp = 0x10000 + (((first & 0x3FF) << 10) | (second & 0x3FF));
		after += 6;
	} else {
		cp = first;
	}
	unsigned char *o = (unsigned char *)*w;
	if (cp < 0x80) {
		*o++ = (unsigned char)cp;
	} else if (cp < 0x800) {
		*o++ = (unsigned char)(0xC0 | (cp >> 6));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (unsigned char)(0xE0 | (cp >> 12));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (unsigned char)(0xF0 | (cp >> 18));
		*o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*w = (char *)o;
	return after;
}

/* The string whose body starts at P (after the opening quote): unescaped
 * in place and NUL-terminated (the output never outgrows the input). Sets
 * *OUT to it and returns the byte after the closing quote, or NULL. */
static char *read_string(char *p, char *end, const char **out)
{
	char *r = p, *w = p, *q = NULL;
	for (;;) {
		if (!q || q < r) {
			q = memchr(r, '"', (gsize)(end - r));
			if (!q)
				return NULL;
		}
		char *b = memchr(r, '\\', (gsize)(q - r));
		if (!b) {
			if (w != r)
				memmove(w, r, (gsize)(q - r));
			w += q - r;
			*w = '\0';
			*out = p;
			return q + 1;
		}
		if (w != r)
			memmove(w, r, (gsize)(b - r));
		w += b - r;
		if (end - b < 2)
			return NULL;
		switch (b[1]) {
		case '"':
		case '\\':
		case '/':
			*w++ = b[1];
			r = b + 2;
			break;
		case 'b':
			*w++ = '\b';
			r = b + 2;
			break;
		case 'f':
			*w++ = '\f';
			r = b + 2;
			break;
		case 'n':
			*w++ = '\n';
			r = b + 2;
			break;
		case 'r':
			*w++ = '\r';
			r = b + 2;
			break;
		case 't':
			*w++ = '\t';
			r = b + 2;
			break;
		case 'u':
			r = unicode_escape(b, end, &w);
			if (!r)
				return NULL;
			break;
		default:
			return NULL;
		}
	}
}

/* P past WORD (true, false, null), which must start there, or NULL. */
static char *read_literal(char *p, const char *end, const char *word)
{
	gsize n = strlen(word);
	return (gsize)(end - p) >= n && memcmp(p, word, n) == 0 ? p + n : NULL;
}

/* A number in strict JSON form, read as strtod() reads it. */
static char *read_number(char *p, const char *end, double *out)
{
	char *s = p;
	gboolean plain = TRUE; /* digits only, with an optional sign */
	if (p < end && *p == '-')
		p++;
	if (p == end || !g_ascii_isdigit(*p))
		return NULL;
	if (*p == '0')
		p++;
	else
		while (p < end && g_ascii_isdigit(*p))
			p++;
	if (p < end && *p == '.') {
		plain = FALSE;
		p++;
		if (p == end || !g_ascii_isdigit(*p))
			return NULL;
		while (p < end && g_ascii_isdigit(*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		plain = FALSE;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p == end || !g_ascii_isdigit(*p))
			return NULL;
		while (p < end && g_ascii_isdigit(*p))
			p++;
	}
	gsize n = (gsize)(p - s);
	if (n >= MAX_NUMBER)
		return NULL;
	/* Up to 15 digits are exact in a double: no need for strtod. */
	if (plain && n - (*s == '-') <= 15) {
		gint64 v = 0;
		for (const char *d = s + (*s == '-'); d < p; d++)
			v = v * 10 + (*d - '0');
		*out = *s == '-' ? -(double)v : (double)v;
		return p;
	}
	char buf[MAX_NUMBER + 1];
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = g_ascii_strtod(buf, NULL);
	return p;
}

/* Links node N as the next child of the open container at DEPTH - 1. */
static inline void link_child(tg_jsonr *r, guint depth, guint32 n)
{
	guint32 parent = r->stack[depth - 1];
	if (r->last[depth - 1])
		r->nodes[r->last[depth - 1]].next = n - r->last[depth - 1];
	else
		r->nodes[parent].child = n - parent;
	r->last[depth - 1] = n;
	r->nodes[parent].size++;
}

/* Reads r->text[0..len) into nodes; FALSE for anything it leaves to cJSON. */
static gboolean fast_parse(tg_jsonr *r, gsize len)
{
	char *p = r->text, *end = r->text + len;
	guint depth;

	p = skip_ws(p, end);
	if (p == end || (*p != '{' && *p != '['))
		return FALSE;
	r->stack[0] = new_node(r, *p == '{' ? TG_JOBJECT : TG_JARRAY, NULL);
	r->last[0] = 0;
	depth = 1;
	p++;
	gboolean first = TRUE;
	for (;;) {
		gboolean object = r->nodes[r->stack[depth - 1]].type == TG_JOBJECT;
		p = skip_ws(p, end);
		if (p == end)
			return FALSE;
		if (!first || *p != (object ? '}' : ']')) {
			const char *key = NULL;
			guint32 n;
			if (object) {
				if (*p != '"' || !(p = read_string(p + 1, end, &key)))
					return FALSE;
				p = skip_ws(p, end);
				if (p == end || *p != ':')
					return FALSE;
				p = skip_ws(p + 1, end);
				if (p == end)
					return FALSE;
			}
			switch (*p) {
			case '{':
			case '[':
				if (depth >= MAX_DEPTH)
					return FALSE;
				n = new_node(r, *p == '{' ? TG_JOBJECT : TG_JARRAY, key);
				link_child(r, depth, n);
				r->stack[depth] = n;
				r->last[depth] = 0;
				depth++;
				p++;
				first = TRUE;
				continue;
			case '"': {
				const char *s;
				n = new_node(r, TG_JSTRING, key);
				if (!(p = read_string(p + 1, end, &s)))
					return FALSE;
				r->nodes[n].str = s;
				break;
			}
			case 't':
				if (!(p = read_literal(p, end, "true")))
					return FALSE;
				n = new_node(r, TG_JTRUE, key);
				break;
			case 'f':
				if (!(p = read_literal(p, end, "false")))
					return FALSE;
				n = new_node(r, TG_JFALSE, key);
				break;
			case 'n':
				if (!(p = read_literal(p, end, "null")))
					return FALSE;
				n = new_node(r, TG_JNULL, key);
				break;
			default: {
				double v;
				if (!(p = read_number(p, end, &v)))
					return FALSE;
				n = new_node(r, TG_JNUMBER, key);
				r->nodes[n].num = v;
				break;
			}
			}
			link_child(r, depth, n);
		}
		/* After a value, or at the close of an empty container: a comma
		 * and the next value, or the closing brackets of the innermost
		 * container and of its parents, as long as they follow. */
		for (;;) {
			object = r->nodes[r->stack[depth - 1]].type == TG_JOBJECT;
			p = skip_ws(p, end);
			if (p == end)
				return FALSE;
			if (*p == ',') {
				p++;
				first = FALSE;
				break;
			}
			if (*p != (object ? '}' : ']'))
				return FALSE;
			p++;
			if (--depth == 0)
				return skip_ws(p, end) == end;
		}
	}
}

/* ---- cJSON ---- */

static tg_jtype type_of(const cJSON *c)
{
	switch (c->type & 0xFF) {
	case cJSON_False:
		return TG_JFALSE;
	case cJSON_True:
		return TG_JTRUE;
	case cJSON_Number:
		return TG_JNUMBER;
	case cJSON_String:
		return TG_JSTRING;
	case cJSON_Array:
		return TG_JARRAY;
	case cJSON_Object:
		return TG_JOBJECT;
	default:
		return TG_JNULL; /* a parse makes no raw or invalid item */
	}
}

/* Node of cJSON item C and, depth first, of everything below it. */
static guint32 convert(tg_jsonr *r, const cJSON *c)
{
	guint32 n = new_node(r, type_of(c), c->string), last = 0;
	if (cJSON_IsString(c))
		r->nodes[n].str = c->valuestring;
	else if (cJSON_IsNumber(c))
		r->nodes[n].num = c->valuedouble;
	for (const cJSON *k = c->child; k; k = k->next) {
		guint32 kn = convert(r, k);
		if (last)
			r->nodes[last].next = kn - last;
		else
			r->nodes[n].child = kn - n;
		last = kn;
		r->nodes[n].size++;
	}
	return n;
}

const tg_jnode *tg_jsonr_parse(tg_jsonr *r, const char *text, gsize len, gsize *error_at)
{
	drop_tree(r);
	r->n_nodes = 0;
	r->used_cjson = FALSE;
	*error_at = 0;
	if (!r->force_cjson && len > 0) {
		if (r->cap_text < len + 1) {
			g_free(r->text);
			r->cap_text = MAX(len + 1, (gsize)4096);
			r->text = g_malloc(r->cap_text);
		}
		memcpy(r->text, text, len);
		r->text[len] = '\0';
		if (fast_parse(r, len))
			return &r->nodes[0];
		r->n_nodes = 0;
	}
	r->used_cjson = TRUE;
	const char *end = NULL;
	g_mutex_lock(&cjson_lock);
	/* return_parse_end rather than cJSON_GetErrorPtr(): the same position,
	 * without reading the global after another parse may have run. */
	r->tree = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	g_mutex_unlock(&cjson_lock);
	if (!r->tree) {
		*error_at = (end && end >= text && end <= text + len) ? (gsize)(end - text) : 0;
		return NULL;
	}
	convert(r, r->tree);
	return &r->nodes[0];
}

const tg_jnode *tg_jsonr_get(const tg_jnode *obj, const char *key)
{
	if (!obj || obj->type != TG_JOBJECT)
		return NULL;
	/* Members are few (about 20 in a tweet): a scan, with the first byte
	 * tried before strcmp(). */
	for (const tg_jnode *k = tg_jsonr_child(obj); k; k = tg_jsonr_next(k))
		if (k->key[0] == key[0] && strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

const tg_jnode *tg_jsonr_at(const tg_jnode *n, guint i)
{
	const tg_jnode *k = tg_jsonr_child(n);
	while (k && i-- > 0)
		k = tg_jsonr_next(k);
	return k;
}
