/* SPDX-License-Identifier: MIT */
/* Automated DMs (welcome senders, near-duplicate openers by word 3-shingle
 * Jaccard, the owner's own templates) and recurring hashtag chats, computed
 * from a finished model. */
#include "detect.h"

#include <string.h>

#include "idset.h" /* tg_mix64() */
#include "tape.h"
#include "util.h" /* tg_cmp_u64() */

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

/* The distinct 3-shingles of S as sorted 64-bit hashes. */
static GArray *shingles(const char *s)
{
	GArray *words = g_array_new(FALSE, FALSE, sizeof(const char *));
	GArray *lens = g_array_new(FALSE, FALSE, sizeof(gsize));
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint64));
	const char *p = s;

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
	tg_sort_unique_u64(out);
	g_array_free(words, TRUE);
	g_array_free(lens, TRUE);
	return out;
}

static guint overlap(const guint64 *a, guint na, const guint64 *b, guint nb)
{
	guint i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			n++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return n;
}

/* Jaccard >= 0.8, in integers: 5 |A n B| >= 4 |A u B|. */
static gboolean near_dup(const guint64 *a, guint na, const guint64 *b, guint nb)
{
	guint o;

	if (!na || !nb)
		return FALSE;
	/* Size filter: |A n B| <= min, |A u B| >= max. */
	if (5 * (guint64)MIN(na, nb) < 4 * (guint64)MAX(na, nb))
		return FALSE;
	o = overlap(a, na, b, nb);
	return 5 * (guint64)o >= 4 * (guint64)(na + nb - o);
}

double tg_detect_jaccard(const char *a, const char *b)
{
	GArray *x = shingles(a), *y = shingles(b);
	double j = 0;

	if (x->len && y->len) {
		guint o = overlap((const guint64 *)(void *)x->data, x->len, (const guint64 *)(void *)y->data, y->len);
		j = (double)o / (double)(x->len + y->len - o);
	}
	g_array_free(x, TRUE);
	g_array_free(y, TRUE);
	return j;
}

/* ---- automated senders ---- */

/* One distinct normalised opener of conversations opened by others, in an
 * opener_set: a few bytes beside its text and shingles, which sit in the
 * set's string chunk and pool. */
typedef struct opener {
	const char *text;
	guint64 sender;   /* its first sender */
	GArray *more;     /* guint64: its other distinct senders, NULL for none */
	guint32 sh, n_sh; /* its shingle hashes, sorted: the set's POOL[sh, sh + n_sh) */
} opener;

typedef struct opener_set {
	GArray *ops;         /* opener */
	GArray *pool;        /* guint64 */
	GStringChunk *texts;
} opener_set;

static const guint64 *shingles_of(const opener_set *s, const opener *a)
{
	return &g_array_index(s->pool, guint64, a->sh);
}

static guint n_senders(const opener *a)
{
	return 1 + (a->more ? a->more->len : 0);
}

static guint64 sender_at(const opener *a, guint i)
{
	return i == 0 ? a->sender : g_array_index(a->more, guint64, i - 1);
}

static void add_sender(opener *a, guint64 v)
{
	for (guint i = 0; i < n_senders(a); i++)
		if (sender_at(a, i) == v)
			return;
	if (!a->more)
		a->more = g_array_new(FALSE, FALSE, sizeof(guint64));
	g_array_append_val(a->more, v);
}

/* Marks the senders of A that some sender of B differs from. */
static void mark_pair(GHashTable *automated, const opener *a, const opener *b)
{
	for (guint i = 0; i < n_senders(a); i++) {
		guint64 s = sender_at(a, i);
		for (guint j = 0; j < n_senders(b); j++) {
			if (sender_at(b, j) != s) {
				g_hash_table_add(automated, (gpointer)(guintptr)s);
				break;
			}
		}
	}
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* About how many openers hold each shingle: counters indexed by a hash of
 * the shingle, so shingles may share one (1 MiB, however many openers).
 * The counts only order each opener's shingles, rare first, so that
 * prefixes hold rare shingles and few candidate pairs: prefix filtering
 * finds every pair above the threshold in any one global order, so shared
 * counters cost candidates, never a pair. */
#define DF_BITS 18

static guint32 df_slot(guint64 h)
{
	return (guint32)(tg_mix64(h) >> (64 - DF_BITS));
}

static guint32 *doc_freq_make(const opener_set *s)
{
	guint32 *df = g_new0(guint32, (gsize)1 << DF_BITS);
	for (guint i = 0; i < s->pool->len; i++)
		df[df_slot(g_array_index(s->pool, guint64, i))]++;
	return df;
}

/* A shingle ranked in the global order: rare first, then by hash. */
typedef struct ranked {
	guint64 hash;
	guint32 df;
} ranked;

static gint cmp_ranked(gconstpointer a, gconstpointer b)
{
	const ranked *x = a, *y = b;
	if (x->df != y->df)
		return x->df < y->df ? -1 : 1;
	return (x->hash > y->hash) - (x->hash < y->hash);
}

/* The prefix of A's shingles in the global order into OUT (ranked): two
 * sets with Jaccard >= 0.8 share a shingle among the first
 * |S| - ceil(0.8 |S|) + 1 of each. */
static void prefix_of(const opener_set *s, const opener *a, const guint32 *df, GArray *out)
{
	guint n = a->n_sh, prefix = n - (4 * n + 4) / 5 + 1;
	g_array_set_size(out, n);
	for (guint k = 0; k < n; k++) {
		ranked *r = &g_array_index(out, ranked, k);
		r->hash = shingles_of(s, a)[k];
		r->df = df[df_slot(r->hash)];
	}
	g_array_sort(out, cmp_ranked);
	g_array_set_size(out, MIN(prefix, n));
}

/* A prefix shingle of an opener: the index of prefix filtering, sorted by
 * (hash, opener). */
typedef struct posting {
	guint64 hash;
	guint opener;
} posting;

static gint cmp_posting(gconstpointer a, gconstpointer b)
{
	const posting *x = a, *y = b;
	if (x->hash != y->hash)
		return (x->hash > y->hash) - (x->hash < y->hash);
	return (x->opener > y->opener) - (x->opener < y->opener);
}

/* The first posting of HASH in P[0, N). */
static gsize first_posting(const posting *p, gsize n, guint64 hash)
{
	gsize lo = 0, hi = n;
	while (lo < hi) {
		gsize mid = lo + (hi - lo) / 2;
		if (p[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Marks the senders of near-duplicate openers. Each opener is compared with
 * the earlier ones sharing a prefix shingle, each pair once: the index is
 * two flat sorted arrays, not a table of lists. */
static void find_template_senders(const opener_set *s, GHashTable *automated)
{
	guint32 *df;
	GArray *prefix = g_array_new(FALSE, FALSE, sizeof(ranked));
	GArray *postings = g_array_new(FALSE, FALSE, sizeof(posting));
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);

	/* Distinct texts with two senders or more are automated outright. */
	for (guint i = 0; i < s->ops->len; i++) {
		const opener *a = &g_array_index(s->ops, opener, i);
		if (a->more)
			mark_pair(automated, a, a);
	}
	df = doc_freq_make(s);
	for (guint i = 0; i < s->ops->len; i++) {
		prefix_of(s, &g_array_index(s->ops, opener, i), df, prefix);
		for (guint k = 0; k < prefix->len; k++) {
			posting p = {g_array_index(prefix, ranked, k).hash, i};
			g_array_append_val(postings, p);
		}
	}
	g_array_sort(postings, cmp_posting);
	const posting *post = (const posting *)(void *)postings->data;
	for (guint i = 0; i < s->ops->len; i++) {
		const opener *a = &g_array_index(s->ops, opener, i);

		prefix_of(s, a, df, prefix);
		g_hash_table_remove_all(seen);
		for (guint k = 0; k < prefix->len; k++) {
			guint64 h = g_array_index(prefix, ranked, k).hash;
			for (gsize j = first_posting(post, postings->len, h);
			     j < postings->len && post[j].hash == h && post[j].opener < i; j++) {
				guint bi = post[j].opener;
				const opener *b = &g_array_index(s->ops, opener, bi);
				if (!g_hash_table_add(seen, GUINT_TO_POINTER(bi + 1)))
					continue;
				if (near_dup(shingles_of(s, a), a->n_sh, shingles_of(s, b), b->n_sh)) {
					mark_pair(automated, a, b);
					mark_pair(automated, b, a);
				}
			}
		}
	}
	g_hash_table_destroy(seen);
	g_array_free(postings, TRUE);
	g_array_free(prefix, TRUE);
	g_free(df);
}

static gint cmp_opener_text(gconstpointer a, gconstpointer b)
{
	return strcmp(((const opener *)a)->text, ((const opener *)b)->text);
}

/* Adds SENDER's opener NORM (owned) to S, found through BY_TEXT. */
static void opener_add(opener_set *s, GHashTable *by_text, char *norm, guint64 sender)
{
	guint i = GPOINTER_TO_UINT(g_hash_table_lookup(by_text, norm));

	if (i) {
		g_free(norm);
		add_sender(&g_array_index(s->ops, opener, i - 1), sender);
		return;
	}
	GArray *sh = shingles(norm);
	opener op = {g_string_chunk_insert_const(s->texts, norm), sender, NULL, s->pool->len, sh->len};
	g_free(norm);
	g_array_append_vals(s->pool, sh->data, sh->len);
	g_array_free(sh, TRUE);
	g_array_append_val(s->ops, op);
	g_hash_table_insert(by_text, (gpointer)op.text, GUINT_TO_POINTER(s->ops->len));
}

static void opener_set_clear(opener_set *s)
{
	for (guint i = 0; i < s->ops->len; i++)
		if (g_array_index(s->ops, opener, i).more)
			g_array_free(g_array_index(s->ops, opener, i).more, TRUE);
	g_array_free(s->ops, TRUE);
	g_array_free(s->pool, TRUE);
	g_string_chunk_free(s->texts);
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
	GHashTable *by_text = g_hash_table_new(g_str_hash, g_str_equal);     /* -> opener index + 1 */
	GHashTable *owner_texts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	opener_set openers = {g_array_new(FALSE, FALSE, sizeof(opener)), g_array_new(FALSE, FALSE, sizeof(guint64)),
	                      g_string_chunk_new(4096)};
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
		opener_add(&openers, by_text, norm, c->opener_sender);
	}
	/* Openers in a fixed order (convs are sorted by id, so they already are;
	 * sorting by text makes it independent of conversation ids too). */
	g_hash_table_remove_all(by_text);
	g_array_sort(openers.ops, cmp_opener_text);
	find_template_senders(&openers, automated);

	g_hash_table_iter_init(&it, automated);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		guint64 id = (guint64)(guintptr)key;
		g_array_append_val(out->senders, id);
	}
	g_array_sort(out->senders, tg_cmp_u64);
	out->welcome_senders = g_hash_table_size(welcome);

	g_hash_table_iter_init(&it, owner_texts);
	while (g_hash_table_iter_next(&it, &key, &value))
		if (GPOINTER_TO_UINT(value) >= 3)
			g_ptr_array_add(out->owner_templates, g_strdup(key));
	g_ptr_array_sort(out->owner_templates, cmp_str_ptr);
	ok = TRUE;
out:
	opener_set_clear(&openers);
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

/* The uses are on a tape, in the order they were added; they are read in
 * passes over batches of candidate tags (those with at least 4 uses: a chat
 * needs 4 distinct weeks), so that memory follows the batch, not the uses.
 * For each batch, one read tallies each candidate's hours and weeks, which
 * settle its best window and whether it is a chat; a second read, for the
 * batch's chats only, gathers the weeks and contacts of the uses in the
 * window. */
#define CHAT_BATCH 4096
#define CHAT_MIN_WEEKS 4

static guint chat_batch;

void tg_detect_set_chat_batch(guint n)
{
	chat_batch = n;
}

static guint batch_size(void)
{
	if (chat_batch)
		return chat_batch;
	return tg_small_memory() ? 2 : CHAT_BATCH;
}

/* What the first read learns of one candidate tag. */
typedef struct tally {
	guint32 hours[7][24];
	gint32 weeks[CHAT_MIN_WEEKS]; /* its first distinct weeks */
	guint n_weeks;
} tally;

/* A set of guint kept as an array, sorted and made distinct whenever it
 * has doubled: it holds at most about twice its distinct values. */
typedef struct uint_set {
	GArray *a;
	guint compact;   /* length after the last compaction */
} uint_set;

/* What the second read gathers of one chat. */
typedef struct gather {
	guint32 tag;
	guint uses;
	gint wd, h;
	guint best;
	uint_set weeks, contacts;
} gather;

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

static void uint_set_compact(uint_set *s)
{
	guint w = 0;

	g_array_sort(s->a, cmp_uint);
	for (guint i = 0; i < s->a->len; i++)
		if (i == 0 || g_array_index(s->a, guint, i) != g_array_index(s->a, guint, w - 1))
			g_array_index(s->a, guint, w++) = g_array_index(s->a, guint, i);
	g_array_set_size(s->a, w);
	s->compact = w;
}

static void uint_set_add(uint_set *s, guint v)
{
	/* Uses come mostly in time order: a repeat of the last value is common. */
	if (s->a->len && g_array_index(s->a, guint, s->a->len - 1) == v)
		return;
	g_array_append_val(s->a, v);
	if (s->a->len >= 2 * MAX(s->compact, 64))
		uint_set_compact(s);
}

static void tally_add(tally *t, const tg_tag_use *u)
{
	gboolean seen = FALSE;

	t->hours[u->weekday % 7][u->hour % 24]++;
	for (guint k = 0; k < t->n_weeks && !seen; k++)
		seen = t->weeks[k] == u->week_key;
	if (!seen && t->n_weeks < CHAT_MIN_WEEKS)
		t->weeks[t->n_weeks++] = u->week_key;
}

/* Fills G with T's best window when T, of USES uses (tg_tag.uses: the
 * same count as the tape's), is a chat: SPEC.md's weekday and hours
 * [h, h + 2), the first maximum from Monday 0h on, holding at least 60% of
 * the uses. */
static gboolean best_window(const tally *t, guint32 uses, gather *g)
{
	guint best = 0;
	gint bwd = 0, bh = 0;

	if (t->n_weeks < CHAT_MIN_WEEKS)
		return FALSE;
	for (gint wd = 0; wd < 7; wd++)
		for (gint h = 0; h <= 22; h++)
			if (t->hours[wd][h] + t->hours[wd][h + 1] > best) {
				best = t->hours[wd][h] + t->hours[wd][h + 1];
				bwd = wd;
				bh = h;
			}
	if (5 * (guint64)best < 3 * (guint64)uses)
		return FALSE;
	g->uses = uses;
	g->wd = bwd;
	g->h = bh;
	g->best = best;
	return TRUE;
}

/* One batch of candidates and what its reads gather. */
typedef struct chat_pass {
	const tg_model *m;
	const tg_owner_model *o;
	const GArray *cands;   /* guint32 tag indices: the tags with 4 uses or more */
	const guint32 *slot_of; /* per tag: 1 + its index in CANDS, 0 for none */
	guint first, n;        /* the batch: CANDS[first, first + n) */
	tally *tallies;        /* per slot of the batch */
	guint *gather_of;      /* per slot: 1 + its chat's index in GATHERS, 0 for none */
	gather *gathers;
	guint n_chats;
} chat_pass;

/* The slot of the use's tag in the batch, or -1. */
static gint slot_in_batch(const chat_pass *p, const tg_tag_use *u)
{
	guint32 c = p->slot_of[u->tag];

	if (c == 0 || c - 1 < p->first || c - 1 - p->first >= p->n)
		return -1;
	return (gint)(c - 1 - p->first);
}

/* The first read of a batch: the tallies of its candidates. */
static gboolean read_tallies(chat_pass *p, GError **error)
{
	tg_use_reader *r = tg_use_reader_new(p->m, p->o);
	tg_tag_use u;
	GError *err = NULL;

	memset(p->tallies, 0, p->n * sizeof *p->tallies);
	while (tg_use_reader_next(r, &u, NULL, &err)) {
		gint slot = slot_in_batch(p, &u);
		if (slot >= 0)
			tally_add(&p->tallies[slot], &u);
	}
	tg_use_reader_free(r);
	if (!err)
		return TRUE;
	g_propagate_error(error, err);
	return FALSE;
}

/* The second read of a batch: the weeks and contacts of its chats'
 * in-window uses. */
static gboolean read_windows(chat_pass *p, GError **error)
{
	tg_use_reader *r = tg_use_reader_new(p->m, p->o);
	tg_tag_use u;
	const guint *contacts;
	GError *err = NULL;

	while (tg_use_reader_next(r, &u, &contacts, &err)) {
		gint slot = slot_in_batch(p, &u);
		gather *g;

		if (slot < 0 || !p->gather_of[slot])
			continue;
		g = &p->gathers[p->gather_of[slot] - 1];
		if (u.weekday != g->wd || (u.hour != g->h && u.hour != g->h + 1))
			continue;
		uint_set_add(&g->weeks, (guint)u.week_key);
		for (guint k = 0; k < u.n_contacts; k++)
			if (contacts[k] != p->o->node)
				uint_set_add(&g->contacts, contacts[k]);
	}
	tg_use_reader_free(r);
	if (!err)
		return TRUE;
	g_propagate_error(error, err);
	return FALSE;
}

static void gather_init(gather *g, guint32 tag)
{
	g->tag = tag;
	g->weeks.a = g_array_new(FALSE, FALSE, sizeof(guint));
	g->contacts.a = g_array_new(FALSE, FALSE, sizeof(guint));
	g->weeks.compact = g->contacts.compact = 0;
}

static void gather_clear(gather *g)
{
	if (g->weeks.a)
		g_array_free(g->weeks.a, TRUE);
	if (g->contacts.a)
		g_array_free(g->contacts.a, TRUE);
	g->weeks.a = g->contacts.a = NULL;
}

/* The chat G found; its contacts go to the chat. */
static void add_chat(const tg_owner_model *o, gather *g, GArray *chats)
{
	tg_chat chat;

	uint_set_compact(&g->weeks);
	uint_set_compact(&g->contacts);
	memset(&chat, 0, sizeof chat);
	chat.tag = g_array_index(o->tags, tg_tag, g->tag).tag;
	chat.uses = g->uses;
	chat.weekday = g->wd;
	chat.start_hour = g->h;
	chat.sessions = g->weeks.a->len;
	chat.in_window = g->best;
	chat.contacts = g_steal_pointer(&g->contacts.a);
	gather_clear(g);
	g_array_append_val(chats, chat);
}

/* The chats among the batch's candidates, appended to CHATS. */
static gboolean chats_of_batch(chat_pass *p, GArray *chats, GError **error)
{
	gboolean ok;

	if (!read_tallies(p, error))
		return FALSE;
	p->n_chats = 0;
	for (guint k = 0; k < p->n; k++) {
		gather *g = &p->gathers[p->n_chats];
		guint32 tag = g_array_index(p->cands, guint32, p->first + k);

		p->gather_of[k] = 0;
		if (!best_window(&p->tallies[k], g_array_index(p->o->tags, tg_tag, tag).uses, g))
			continue;
		gather_init(g, tag);
		p->gather_of[k] = ++p->n_chats;
	}
	ok = p->n_chats == 0 || read_windows(p, error);
	for (guint j = 0; j < p->n_chats; j++) {
		if (ok)
			add_chat(p->o, &p->gathers[j], chats);
		gather_clear(&p->gathers[j]);
	}
	return ok;
}

GArray *tg_detect_chats(const tg_model *m, const tg_owner_model *o, GError **error)
{
	GArray *chats = g_array_new(FALSE, FALSE, sizeof(tg_chat));
	GArray *cands = g_array_new(FALSE, FALSE, sizeof(guint32));
	guint32 *slot_of = g_new0(guint32, MAX(o->tags->len, 1));
	chat_pass p = {m, o, cands, slot_of, 0, 0, NULL, NULL, NULL, 0};
	guint batch;
	gboolean ok = TRUE;

	for (guint32 i = 0; i < o->tags->len; i++)
		if (g_array_index(o->tags, tg_tag, i).uses >= CHAT_MIN_WEEKS) {
			g_array_append_val(cands, i);
			slot_of[i] = cands->len;
		}
	batch = MIN(batch_size(), cands->len);
	p.tallies = g_new(tally, MAX(batch, 1));
	p.gather_of = g_new(guint, MAX(batch, 1));
	p.gathers = g_new0(gather, MAX(batch, 1));
	for (p.first = 0; ok && p.first < cands->len; p.first += batch) {
		p.n = MIN(batch, cands->len - p.first);
		ok = chats_of_batch(&p, chats, error);
	}
	g_free(p.tallies);
	g_free(p.gather_of);
	g_free(p.gathers);
	g_free(slot_of);
	g_array_free(cands, TRUE);
	if (!ok) {
		tg_chats_free(chats);
		return NULL;
	}
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
