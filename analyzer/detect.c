/* SPDX-License-Identifier: MIT */
/* Automated DMs (welcome senders, near-duplicate openers by word 3-shingle
 * Jaccard, the owner's own templates) and recurring hashtag chats, computed
 * from a finished model. */
#include "detect.h"

#include <string.h>

/* ---- normalisation ---- */

static gboolean starts_url(const char *p)
{
	const char *q;

	if (strncmp(p, "http", 4) != 0)
		return FALSE;
	q = p + 4;
	if (*q == 's')
		q++;
	if (strncmp(q, "://", 3) != 0)
		return FALSE;
	q += 3;
	/* \S+ needs one non-space character. */
	return *q && !g_unichar_isspace(g_utf8_get_char(q));
}

static gboolean user_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

char *tg_detect_normalize(const char *text)
{
	char *valid = g_utf8_make_valid(text ? text : "", -1);
	char *folded = g_utf8_casefold(valid, -1);
	GString *out = g_string_sized_new(strlen(folded));
	const char *p = folded;
	gboolean space = FALSE;

	while (*p) {
		gunichar c = g_utf8_get_char(p);

		if (g_unichar_isspace(c)) {
			space = TRUE;
			p = g_utf8_next_char(p);
			continue;
		}
		if (space && out->len)
			g_string_append_c(out, ' ');
		space = FALSE;
		if (starts_url(p)) {
			g_string_append(out, "<url>");
			while (*p && !g_unichar_isspace(g_utf8_get_char(p)))
				p = g_utf8_next_char(p);
			continue;
		}
		if (*p == '@' && user_char(p[1])) {
			g_string_append(out, "<user>");
			p++;
			while (user_char(*p))
				p++;
			continue;
		}
		if (g_unichar_isdigit(c)) {
			g_string_append_c(out, '0');
		} else {
			const char *q = g_utf8_next_char(p);
			g_string_append_len(out, p, q - p);
		}
		p = g_utf8_next_char(p);
	}
	g_free(valid);
	g_free(folded);
	return g_string_free(out, FALSE);
}

guint tg_detect_word_count(const char *s)
{
	guint n = 0;
	gboolean in = FALSE;

	for (; *s; s++) {
		if (*s == ' ') {
			in = FALSE;
		} else if (!in) {
			in = TRUE;
			n++;
		}
	}
	return n;
}

/* ---- shingles ---- */

static guint64 fnv1a(guint64 h, const char *s, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		h ^= (guchar)s[i];
		h *= G_GUINT64_CONSTANT(1099511628211);
	}
	return h;
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
	return (x > y) - (x < y);
}

/* The distinct 3-shingles of S as sorted 64-bit hashes. */
static GArray *shingles(const char *s)
{
	GArray *words = g_array_new(FALSE, FALSE, sizeof(const char *));
	GArray *lens = g_array_new(FALSE, FALSE, sizeof(gsize));
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint64));
	const char *p = s;
	guint w = 0;

	while (*p) {
		const char *q;
		gsize n;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		q = p;
		while (*q && *q != ' ')
			q++;
		n = (gsize)(q - p);
		g_array_append_val(words, p);
		g_array_append_val(lens, n);
		p = q;
	}
	for (guint i = 0; i + 2 < words->len; i++) {
		guint64 h = G_GUINT64_CONSTANT(14695981039346656037);
		for (guint k = 0; k < 3; k++) {
			h = fnv1a(h, g_array_index(words, const char *, i + k), g_array_index(lens, gsize, i + k));
			h = fnv1a(h, " ", 1);
		}
		g_array_append_val(out, h);
	}
	g_array_sort(out, cmp_u64);
	for (guint i = 0; i < out->len; i++)
		if (i == 0 || g_array_index(out, guint64, i) != g_array_index(out, guint64, w - 1))
			g_array_index(out, guint64, w++) = g_array_index(out, guint64, i);
	g_array_set_size(out, w);
	g_array_free(words, TRUE);
	g_array_free(lens, TRUE);
	return out;
}

static guint overlap(const GArray *a, const GArray *b)
{
	guint i = 0, j = 0, n = 0;

	while (i < a->len && j < b->len) {
		guint64 x = g_array_index(a, guint64, i), y = g_array_index(b, guint64, j);
		if (x == y) {
			n++;
			i++;
			j++;
		} else if (x < y) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

/* Jaccard >= 0.8, in integers: 5 |A n B| >= 4 |A u B|. */
static gboolean near_dup(const GArray *a, const GArray *b)
{
	guint o;

	if (!a->len || !b->len)
		return FALSE;
	/* Size filter: |A n B| <= min, |A u B| >= max. */
	if (5 * (guint64)MIN(a->len, b->len) < 4 * (guint64)MAX(a->len, b->len))
		return FALSE;
	o = overlap(a, b);
	return 5 * (guint64)o >= 4 * (guint64)(a->len + b->len - o);
}

double tg_detect_jaccard(const char *a, const char *b)
{
	GArray *x = shingles(a), *y = shingles(b);
	double j = 0;

	if (x->len && y->len) {
		guint o = overlap(x, y);
		j = (double)o / (double)(x->len + y->len - o);
	}
	g_array_free(x, TRUE);
	g_array_free(y, TRUE);
	return j;
}

/* ---- automated senders ---- */

/* One distinct normalised opener of conversations opened by others. */
typedef struct opener {
	char *text;
	GArray *senders;  /* guint64, distinct */
	GArray *sh;       /* sorted shingle hashes */
	GArray *order;    /* the same, in global order (rare first), for prefixes */
} opener;

static void add_unique_u64(GArray *a, guint64 v)
{
	for (guint i = 0; i < a->len; i++)
		if (g_array_index(a, guint64, i) == v)
			return;
	g_array_append_val(a, v);
}

/* Marks the senders of A that some sender of B differs from. */
static void mark_pair(GHashTable *automated, const opener *a, const opener *b)
{
	for (guint i = 0; i < a->senders->len; i++) {
		guint64 s = g_array_index(a->senders, guint64, i);
		for (guint j = 0; j < b->senders->len; j++) {
			if (g_array_index(b->senders, guint64, j) != s) {
				g_hash_table_add(automated, (gpointer)(guintptr)s);
				break;
			}
		}
	}
}

static gint cmp_df(gconstpointer a, gconstpointer b, gpointer user)
{
	GHashTable *df = user;
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
	guint dx = GPOINTER_TO_UINT(g_hash_table_lookup(df, (gpointer)(guintptr)x));
	guint dy = GPOINTER_TO_UINT(g_hash_table_lookup(df, (gpointer)(guintptr)y));
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return (x > y) - (x < y);
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_template_senders(GPtrArray *openers, GHashTable *automated)
{
	GHashTable *df = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTable *index = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	                                          (GDestroyNotify)g_array_unref);
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);

	/* Distinct texts with two senders or more are automated outright. */
	for (guint i = 0; i < openers->len; i++) {
		opener *a = openers->pdata[i];
		if (a->senders->len > 1)
			mark_pair(automated, a, a);
		for (guint k = 0; k < a->sh->len; k++) {
			gpointer key = (gpointer)(guintptr)g_array_index(a->sh, guint64, k);
			g_hash_table_insert(df, key,
			                    GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(df, key)) + 1));
		}
	}
	/* Prefix filtering: with shingles in one global order (rare first), two
	 * sets with Jaccard >= 0.8 share a shingle among the first
	 * |S| - ceil(0.8 |S|) + 1 of each. */
	for (guint i = 0; i < openers->len; i++) {
		opener *a = openers->pdata[i];
		guint n = a->order->len, prefix = n - (4 * n + 4) / 5 + 1;

		g_array_sort_with_data(a->order, cmp_df, df);
		g_hash_table_remove_all(seen);
		for (guint k = 0; k < prefix && k < n; k++) {
			gpointer key = (gpointer)(guintptr)g_array_index(a->order, guint64, k);
			GArray *list = g_hash_table_lookup(index, key);
			if (!list) {
				list = g_array_new(FALSE, FALSE, sizeof(guint));
				g_hash_table_insert(index, key, list);
			}
			for (guint j = 0; j < list->len; j++) {
				guint bi = g_array_index(list, guint, j);
				opener *b = openers->pdata[bi];
				if (!g_hash_table_add(seen, GUINT_TO_POINTER(bi + 1)))
					continue;
				if (near_dup(a->sh, b->sh)) {
					mark_pair(automated, a, b);
					mark_pair(automated, b, a);
				}
			}
			g_array_append_val(list, i);
		}
	}
	g_hash_table_destroy(seen);
	g_hash_table_destroy(index);
	g_hash_table_destroy(df);
}

static void opener_free(gpointer p)
{
	opener *o = p;
	g_free(o->text);
	g_array_free(o->senders, TRUE);
	g_array_free(o->sh, TRUE);
	g_array_free(o->order, TRUE);
	g_free(o);
}

/* Adds the senders of welcome messages (the owner left out) to AUTOMATED
 * and WELCOME, reading one conversation's messages at a time. */
static gboolean welcome_senders(const tg_owner_model *o, GHashTable *automated, GHashTable *welcome,
                                GError **error)
{
	GArray *msgs = g_array_new(FALSE, FALSE, sizeof(tg_dm_msg));
	gboolean ok = TRUE;

	for (guint i = 0; ok && i < o->n_convs; i++) {
		ok = tg_conv_messages(o, i, msgs, error);
		for (guint k = 0; ok && k < msgs->len; k++) {
			const tg_dm_msg *msg = &g_array_index(msgs, tg_dm_msg, k);
			guint64 sender;
			if (!msg->welcome)
				continue;
			sender = tg_dm_sender(o, msg);
			if (sender && sender != o->id) {
				g_hash_table_add(automated, (gpointer)(guintptr)sender);
				g_hash_table_add(welcome, (gpointer)(guintptr)sender);
			}
		}
	}
	g_array_free(msgs, TRUE);
	return ok;
}

gboolean tg_detect_automated(const tg_owner_model *o, tg_automated *out, GError **error)
{
	GHashTable *automated = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTable *welcome = g_hash_table_new(g_direct_hash, g_direct_equal);
	GHashTable *by_text = g_hash_table_new(g_str_hash, g_str_equal);     /* -> opener* */
	GHashTable *owner_texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	GPtrArray *openers = g_ptr_array_new_with_free_func(opener_free);
	GHashTableIter it;
	gpointer key, value;
	gboolean ok = FALSE;

	out->senders = g_array_new(FALSE, FALSE, sizeof(guint64));
	out->owner_templates = g_ptr_array_new_with_free_func(g_free);
	out->welcome_senders = 0;

	if (!welcome_senders(o, automated, welcome, error))
		goto out;
	for (guint i = 0; i < o->n_convs; i++) {
		const tg_conv *c = &o->convs[i];
		char *norm;

		if (!c->one_to_one || !c->opener_text || !c->opener_sender)
			continue;
		norm = tg_detect_normalize(c->opener_text);
		if (tg_detect_word_count(norm) < 3) {
			g_free(norm);
			continue;
		}
		if (c->opener_sender == o->id) {
			gpointer n = g_hash_table_lookup(owner_texts, norm);
			g_hash_table_replace(owner_texts, norm, GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
			continue;
		}
		opener *op = g_hash_table_lookup(by_text, norm);
		if (!op) {
			op = g_new0(opener, 1);
			op->text = norm;
			op->senders = g_array_new(FALSE, FALSE, sizeof(guint64));
			op->sh = shingles(norm);
			op->order = g_array_copy(op->sh);
			g_ptr_array_add(openers, op);
			g_hash_table_insert(by_text, op->text, op);
		} else {
			g_free(norm);
		}
		add_unique_u64(op->senders, c->opener_sender);
	}
	/* Openers in a fixed order (convs are sorted by id, so they already are;
	 * sorting by text makes it independent of conversation ids too). */
	g_ptr_array_sort(openers, cmp_str_ptr);
	find_template_senders(openers, automated);

	g_hash_table_iter_init(&it, automated);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		guint64 id = (guint64)(guintptr)key;
		g_array_append_val(out->senders, id);
	}
	g_array_sort(out->senders, cmp_u64);
	out->welcome_senders = g_hash_table_size(welcome);

	g_hash_table_iter_init(&it, owner_texts);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (GPOINTER_TO_UINT(value) >= 3)
			g_ptr_array_add(out->owner_templates, g_strdup(key));
	g_ptr_array_sort(out->owner_templates, cmp_str_ptr);
	ok = TRUE;
out:
	g_ptr_array_unref(openers);
	g_hash_table_destroy(by_text);
	g_hash_table_destroy(owner_texts);
	g_hash_table_destroy(welcome);
	g_hash_table_destroy(automated);
	return ok;
}

void tg_automated_clear(tg_automated *a)
{
	if (a->senders)
		g_array_free(a->senders, TRUE);
	if (a->owner_templates)
		g_ptr_array_unref(a->owner_templates);
	a->senders = NULL;
	a->owner_templates = NULL;
}

/* ---- recurring chats ---- */

/* Orders use indices by (tag, week, weekday, hour, offset): the uses of one
 * tag together, by week. */
static gint cmp_use(gconstpointer a, gconstpointer b, gpointer user)
{
	const GArray *uses = user;
	const tg_tag_use *x = &g_array_index(uses, tg_tag_use, *(const guint *)a);
	const tg_tag_use *y = &g_array_index(uses, tg_tag_use, *(const guint *)b);
	if (x->tag != y->tag)
		return (x->tag > y->tag) - (x->tag < y->tag);
	if (x->week_key != y->week_key)
		return (x->week_key > y->week_key) - (x->week_key < y->week_key);
	if (x->weekday != y->weekday)
		return (int)x->weekday - (int)y->weekday;
	if (x->hour != y->hour)
		return (int)x->hour - (int)y->hour;
	return (x->contacts > y->contacts) - (x->contacts < y->contacts);
}

static gint cmp_chat(gconstpointer a, gconstpointer b)
{
	const tg_chat *x = a, *y = b;
	if (x->uses != y->uses)
		return x->uses > y->uses ? -1 : 1;
	return strcmp(x->tag, y->tag);
}

static gint cmp_uint(gconstpointer a, gconstpointer b)
{
	guint x = *(const guint *)a, y = *(const guint *)b;
	return (x > y) - (x < y);
}

static gboolean in_window(const tg_tag_use *u, gint wd, gint h)
{
	return u->weekday == wd && (u->hour == h || u->hour == h + 1);
}

static const tg_tag_use *use_at(const tg_owner_model *o, const guint *idx, guint i)
{
	return &g_array_index(o->uses, tg_tag_use, idx[i]);
}

/* IDX[0, N) index the uses of one tag, sorted by week. */
static void chat_of(const tg_owner_model *o, const guint *idx, guint n, GArray *chats)
{
	guint hours[7][24] = {{0}};
	guint weeks = 0, best = 0, sessions = 0;
	gint bwd = 0, bh = 0;
	gint32 last_week = 0;
	tg_chat chat;

	for (guint i = 0; i < n; i++) {
		const tg_tag_use *u = use_at(o, idx, i);
		if (i == 0 || u->week_key != use_at(o, idx, i - 1)->week_key)
			weeks++;
		hours[u->weekday % 7][u->hour % 24]++;
	}
	if (weeks < 4)
		return;
	for (gint wd = 0; wd < 7; wd++)
		for (gint h = 0; h <= 22; h++)
			if (hours[wd][h] + hours[wd][h + 1] > best) {
				best = hours[wd][h] + hours[wd][h + 1];
				bwd = wd;
				bh = h;
			}
	if (5 * (guint64)best < 3 * (guint64)n)
		return;
	memset(&chat, 0, sizeof chat);
	chat.tag = g_array_index(o->tags, tg_tag, use_at(o, idx, 0)->tag).tag;
	chat.uses = n;
	chat.weekday = bwd;
	chat.start_hour = bh;
	chat.in_window = best;
	chat.contacts = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; i < n; i++) {
		const tg_tag_use *u = use_at(o, idx, i);
		if (!in_window(u, bwd, bh))
			continue;
		if (sessions == 0 || u->week_key != last_week)
			sessions++;
		last_week = u->week_key;
		for (guint k = 0; k < u->n_contacts; k++) {
			guint ni = g_array_index(o->use_contacts, guint, u->contacts + k);
			if (ni != o->node)
				g_array_append_val(chat.contacts, ni);
		}
	}
	chat.sessions = sessions;
	g_array_sort(chat.contacts, cmp_uint);
	{
		guint w = 0;
		for (guint i = 0; i < chat.contacts->len; i++)
			if (i == 0 || g_array_index(chat.contacts, guint, i) != g_array_index(chat.contacts, guint, w - 1))
				g_array_index(chat.contacts, guint, w++) = g_array_index(chat.contacts, guint, i);
		g_array_set_size(chat.contacts, w);
	}
	g_array_append_val(chats, chat);
}

GArray *tg_detect_chats(const tg_owner_model *o)
{
	GArray *chats = g_array_new(FALSE, FALSE, sizeof(tg_chat));
	GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(guint), o->uses->len);
	const guint *idx;
	guint start = 0;

	for (guint i = 0; i < o->uses->len; i++)
		g_array_append_val(order, i);
	g_array_sort_with_data(order, cmp_use, o->uses);
	idx = (const guint *)order->data;
	for (guint i = 1; i <= order->len; i++) {
		if (i < order->len && use_at(o, idx, i)->tag == use_at(o, idx, start)->tag)
			continue;
		chat_of(o, idx + start, i - start, chats);
		start = i;
	}
	g_array_free(order, TRUE);
	g_array_sort(chats, cmp_chat);
	return chats;
}

void tg_chats_free(GArray *chats)
{
	if (!chats)
		return;
	for (guint i = 0; i < chats->len; i++)
		g_array_free(g_array_index(chats, tg_chat, i).contacts, TRUE);
	g_array_free(chats, TRUE);
}
