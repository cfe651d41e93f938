/* SPDX-License-Identifier: MIT */
/* The model: accounts, per (owner, contact) counters, monthly series, DM
 * conversations, co-conversation edges and hashtag uses, fed one record at a
 * time. Every update commutes (counts, minima, maxima, set unions, "latest
 * by (time, id)"); what needs an order is done in tg_model_finish(). */
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "idmap.h"
#include "sha256.h"
#include "tape.h"
#include "util.h"

G_STATIC_ASSERT(sizeof(gpointer) >= sizeof(guint64));
G_STATIC_ASSERT(sizeof(tg_dm_msg) == 24);
/* The records of the tape of hashtag uses: no padding to leave unwritten,
 * and contacts written straight from arrays of guint. */
G_STATIC_ASSERT(sizeof(tg_tag_use) == 12);
G_STATIC_ASSERT(sizeof(guint) == sizeof(guint32));
G_STATIC_ASSERT(sizeof(tg_conv) == 64);

#define NO_NODE G_MAXUINT

/* tg_dm_msg.from: the owner, the other side of a 1:1 conversation
 * (tg_conv.other), or FROM_LISTED + an index in owner_priv.senders. */
enum { FROM_OWNER, FROM_OTHER, FROM_LISTED, FROM_MAX = G_MAXUINT32 >> 1 };

/* The latest id paired with a lower-cased screen name. */
typedef struct name_pair {
	guint64 id;
	gint64 ms;
	guint64 tweet;
} name_pair;

/* When a node's name was seen (latest wins; ties by tweet id). */
typedef struct name_seen {
	gint64 ms;
	guint64 tweet;
} name_seen;

/* When a node's screen name and display name were seen. */
typedef struct node_seen {
	name_seen screen_name, name;
} node_seen;

/* The dates of one interaction type of one rel, until finish. */
typedef struct rel_time {
	gint64 first, last;
	guint32 next;       /* the rel's next entry: index + 1, 0 for none */
	guint32 type;       /* tg_etype */
} rel_time;

/* A run of one conversation's messages on the owner's tape: what one
 * chunk kept. */
typedef struct dm_seg {
	guint64 at;         /* offset on the tape */
	guint32 n;          /* messages */
	guint32 prev;       /* the conversation's previous run: index + 1, 0 for none */
} dm_seg;

/* Build-time tables of one owner. */
typedef struct owner_priv {
	GArray *rel_of;         /* guint32 per node index: rel index + 1, 0 for none */
	/* The months of each rel: (node << 32 | month key) entries, sorted and
	 * made distinct whenever they double (compact_months()). */
	GArray *rel_months;
	guint rel_months_compact; /* entries after the last compaction */
	GHashTable *months;     /* month key -> tg_month* */
	GHashTable *convs;      /* conversation id (borrowed from tg_conv) -> index + 1 */
	GHashTable *sender_index; /* sender id -> index in senders + 1 */
	GArray *senders;        /* guint64: the senders tg_dm_msg.from lists */
	/* The DM messages (tg_dm_msg): until finish, each chunk's as it came,
	 * a run in SEGS; after, each conversation's in order, from
	 * tg_conv.msgs_at. Only one conversation's are in memory at a time. */
	tg_tape *msgs;
	GArray *segs;           /* dm_seg, chained per conversation from tg_conv.msgs_at */
	tg_idmap *edges;        /* tg_owner_model.edges by (u << 32 | v) */
	GHashTable *tag_index;  /* folded tag (borrowed from tg_tag) -> index + 1 */
	guint rels_cap;         /* room in tg_owner_model.rels */
	guint convs_cap;        /* room in tg_owner_model.convs */
	GArray *times;          /* rel_time, chained from tg_rel.by (index + 1) */
	tg_tz_cursor cursor;
	char **names;           /* owner's screen names, lower-case, for classify */
	tg_owner cls_owner;
} owner_priv;

struct tg_model {
	tg_model_options opts;
	char *tz_option;
	GMutex lock;
	GArray *nodes;          /* tg_node */
	/* node_seen of the named nodes, until finish: when their names were
	 * seen (seen_of()). */
	GArray *seen;
	tg_idmap *by_id;        /* nodes by id (id nodes) */
	GHashTable *by_name;    /* lower-cased name -> node index + 1 (name-only nodes) */
	GHashTable *pairs;      /* lower-cased name (in pair_names) -> index + 1 in pair_list */
	GArray *pair_list;      /* name_pair */
	GStringChunk *pair_names;
	/* The nodes' strings, without a malloc each. A name replaced by a later
	 * one stays behind: names seldom change, and a name equal to the one
	 * held is not stored again. */
	GStringChunk *strings;
	GPtrArray *owners;      /* tg_owner_model* */
	tg_owner_model *cur;    /* owner of the archive being loaded */
	tg_input *cur_input;
	tg_classifier *cls;
	GArray *scratch, *talk; /* guint, per-tweet node lists */
	gboolean finished;
	char *salt_option;
	/* The pseudonym secret: the sum, lane by lane mod 2^64, of the SHA-256
	 * of every record fed in (a sum, so that order does not matter). */
	guint64 secret[4];
	guint64 secret_private; /* DM events and follows in the sum */
};

void tg_model_options_init(tg_model_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_contacts = TG_DEFAULT_MAX_CONTACTS;
}

/* ---- nodes ---- */

static tg_node *node_at(tg_model *m, guint i)
{
	return &g_array_index(m->nodes, tg_node, i);
}

static gboolean check_cap(tg_model *m, GError **error)
{
	if (m->nodes->len < m->opts.max_contacts)
		return TRUE;
	g_set_error(error, TG_ERROR, TG_ERROR_INPUT,
	            "more than %" G_GUINT64_FORMAT " accounts: raise --max-contacts",
	            m->opts.max_contacts);
	return FALSE;
}

static guint64 node_id_at(gconstpointer nodes, guint i)
{
	return g_array_index((const GArray *)nodes, tg_node, i).id;
}

static guint node_for_id(tg_model *m, guint64 id, GError **error)
{
	guint found = tg_idmap_lookup(m->by_id, id);
	tg_node n = {0};

	if (found != TG_IDMAP_NONE)
		return found;
	if (!check_cap(m, error))
		return NO_NODE;
	n.id = id;
	/* No name seen yet (during the load); itself once names are settled. */
	n.canonical = m->seen ? 0 : m->nodes->len;
	g_array_append_val(m->nodes, n);
	tg_idmap_insert(m->by_id, id, m->nodes->len - 1);
	return m->nodes->len - 1;
}

/* Screen names are ASCII [A-Za-z0-9_]; ASCII folding is the case rule.
 * The key goes into BUF when it fits, else it is allocated: free it with
 * name_key_free(). */
static char *name_key(const char *name, char *buf, gsize size)
{
	gsize n = strlen(name);
	char *key = n < size ? buf : g_malloc(n + 1);

	for (gsize i = 0; i <= n; i++)
		key[i] = g_ascii_tolower(name[i]);
	return key;
}

static void name_key_free(char *key, const char *buf)
{
	if (key != buf)
		g_free(key);
}

static guint node_for_name(tg_model *m, const char *name, GError **error)
{
	char buf[64], *key = name_key(name, buf, sizeof buf);
	gpointer v = g_hash_table_lookup(m->by_name, key);
	tg_node n = {0};

	if (v || !check_cap(m, error)) {
		name_key_free(key, buf);
		return v ? GPOINTER_TO_UINT(v) - 1 : NO_NODE;
	}
	n.key = g_string_chunk_insert(m->strings, key);
	name_key_free(key, buf);
	g_array_append_val(m->nodes, n);
	g_hash_table_insert(m->by_name, n.key, GUINT_TO_POINTER(m->nodes->len));
	return m->nodes->len - 1;
}

/* (ms, tweet) later than (ms0, tweet0)? */
static gboolean later(gint64 ms, guint64 tweet, gint64 ms0, guint64 tweet0)
{
	return ms > ms0 || (ms == ms0 && tweet > tweet0);
}

/* Does name S seen at (MS, TWEET) replace S0 seen at (MS0, TWEET0)? The
 * latest wins; at equal times and ids the byte-greater name, so that the
 * result never depends on arrival order. */
static gboolean name_wins(const char *s, gint64 ms, guint64 tweet, const char *s0, gint64 ms0,
                          guint64 tweet0)
{
	if (!s0)
		return TRUE;
	if (ms != ms0 || tweet != tweet0)
		return later(ms, tweet, ms0, tweet0);
	return strcmp(s, s0) > 0;
}

/* When node N's names were seen. Only named nodes need it: until the load
 * is over, a node's canonical field holds its entry in m->seen + 1 (0 for
 * none yet), so that the accounts only ever met in follow lists (most of a
 * large archive's) cost nothing here. */
static node_seen *seen_of(tg_model *m, tg_node *n)
{
	if (!n->canonical) {
		node_seen fresh = {{G_MININT64, 0}, {G_MININT64, 0}};
		g_array_append_val(m->seen, fresh);
		n->canonical = m->seen->len;
	}
	return &g_array_index(m->seen, node_seen, n->canonical - 1);
}

/* Sets a name *CUR, seen at *AT, to VALUE seen at (MS, TWEET) when it wins
 * (name_wins()). */
static void set_name(tg_model *m, char **cur, name_seen *at, const char *value, gint64 ms, guint64 tweet)
{
	if (!name_wins(value, ms, tweet, *cur, at->ms, at->tweet))
		return;
	if (!*cur || strcmp(*cur, value) != 0)
		*cur = g_string_chunk_insert(m->strings, value);
	at->ms = ms;
	at->tweet = tweet;
}

/* A node gets its node_seen with its first name, never for an empty one. */
static void set_screen_name(tg_model *m, guint ni, const char *sn, gint64 ms, guint64 tweet)
{
	tg_node *n = node_at(m, ni);
	if (sn && *sn)
		set_name(m, &n->screen_name, &seen_of(m, n)->screen_name, sn, ms, tweet);
}

static void set_display_name(tg_model *m, guint ni, const char *name, gint64 ms, guint64 tweet)
{
	tg_node *n = node_at(m, ni);
	if (name && *name)
		set_name(m, &n->name, &seen_of(m, n)->name, name, ms, tweet);
}

/* An id <-> name pairing seen at (MS, TWEET). */
static gboolean pair(tg_model *m, guint64 id, const char *sn, const char *name, gint64 ms,
                     guint64 tweet, GError **error)
{
	guint ni;
	name_pair *p;
	char buf[64], *key;
	gpointer v;

	if (!id || !sn || !*sn)
		return TRUE;
	ni = node_for_id(m, id, error);
	if (ni == NO_NODE)
		return FALSE;
	set_screen_name(m, ni, sn, ms, tweet);
	set_display_name(m, ni, name, ms, tweet);
	key = name_key(sn, buf, sizeof buf);
	v = g_hash_table_lookup(m->pairs, key);
	if (!v) {
		name_pair np = {id, ms, tweet};
		g_array_append_val(m->pair_list, np);
		g_hash_table_insert(m->pairs, g_string_chunk_insert(m->pair_names, key),
		                    GUINT_TO_POINTER(m->pair_list->len));
		name_key_free(key, buf);
		return TRUE;
	}
	name_key_free(key, buf);
	p = &g_array_index(m->pair_list, name_pair, GPOINTER_TO_UINT(v) - 1);
	if (later(ms, tweet, p->ms, p->tweet) || (ms == p->ms && tweet == p->tweet && id > p->id)) {
		p->id = id;
		p->ms = ms;
		p->tweet = tweet;
	}
	return TRUE;
}

/* ---- the pseudonym secret ---- */

/* Each record adds its SHA-256 to the secret: a type tag, then its fields,
 * each length-prefixed so that no two records serialise alike. (tg_sha256
 * rather than GChecksum: the same digests, 3.5 times faster through
 * libcrypto, and this runs 1.3M times at 1M tweets.) */
static tg_sha256 *rec_begin(const char *type)
{
	tg_sha256 *r = tg_sha256_new();
	tg_sha256_update(r, type, strlen(type) + 1);
	return r;
}

static void rec_bytes(tg_sha256 *r, const void *p, gsize n)
{
	guint64 len = GUINT64_TO_LE((guint64)n);
	tg_sha256_update(r, &len, sizeof len);
	tg_sha256_update(r, p, n);
}

static void rec_str(tg_sha256 *r, const char *s)
{
	rec_bytes(r, s ? s : "", s ? strlen(s) : 0);
}

static void rec_u64(tg_sha256 *r, guint64 v)
{
	v = GUINT64_TO_LE(v);
	rec_bytes(r, &v, sizeof v);
}

static void rec_end(tg_model *m, tg_sha256 *r)
{
	guint8 d[TG_SHA256_LEN];

	tg_sha256_digest(r, d);
	tg_sha256_free(r);
	for (int i = 0; i < 4; i++) {
		guint64 lane;
		memcpy(&lane, d + 8 * i, sizeof lane);
		m->secret[i] += GUINT64_FROM_LE(lane);
	}
}

static void secret_account(tg_model *m, const tg_owner_info *oi)
{
	tg_sha256 *r = rec_begin("account");

	rec_u64(r, oi->id);
	rec_str(r, oi->username);
	rec_str(r, oi->display_name);
	rec_u64(r, (guint64)oi->created_ms);
	rec_str(r, oi->timezone);
	for (guint i = 0; oi->former_names && i < oi->former_names->len; i++)
		rec_str(r, oi->former_names->pdata[i]);
	rec_end(m, r);
}

static void secret_tweet(tg_model *m, const tg_tweet *t)
{
	tg_sha256 *r = rec_begin("tweet");

	rec_u64(r, t->id);
	rec_u64(r, (guint64)t->created_ms);
	rec_str(r, t->text);
	rec_end(m, r);
}

static void secret_dm(tg_model *m, const tg_dm_chunk *ch)
{
	for (guint i = 0; i < ch->n_events; i++) {
		const tg_dm_event *e = &ch->events[i];
		tg_sha256 *r = rec_begin("dm");

		rec_str(r, ch->conversation_id);
		rec_u64(r, (guint64)e->type);
		rec_u64(r, e->id);
		rec_u64(r, e->sender);
		rec_u64(r, e->recipient);
		rec_u64(r, (guint64)e->created_ms);
		rec_str(r, e->text);
		for (guint k = 0; k < e->n_users; k++)
			rec_u64(r, e->users[k]);
		rec_end(m, r);
		m->secret_private++;
	}
}

static void secret_follow(tg_model *m, guint64 owner, guint64 id, gboolean follower)
{
	tg_sha256 *r = rec_begin(follower ? "follower" : "following");

	rec_u64(r, owner);
	rec_u64(r, id);
	rec_end(m, r);
	m->secret_private++;
}

GBytes *tg_model_pseudonym_key(const tg_model *m, gboolean *from_private)
{
	GChecksum *sum;
	guint8 d[32];
	gsize n = sizeof d;

	if (from_private)
		*from_private = m->opts.salt || m->secret_private;
	if (m->opts.salt)
		return g_bytes_new(m->opts.salt, strlen(m->opts.salt));
	sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sum, (const guchar *)"talkgraph pseudonym key 1", -1);
	for (int i = 0; i < 4; i++) {
		guint64 lane = GUINT64_TO_LE(m->secret[i]);
		g_checksum_update(sum, (const guchar *)&lane, sizeof lane);
	}
	g_checksum_get_digest(sum, d, &n);
	g_checksum_free(sum);
	return g_bytes_new(d, n);
}

/* ---- owners ---- */

static owner_priv *priv(const tg_owner_model *o)
{
	return o->priv;
}

static void conv_clear(tg_conv *c)
{
	g_free(c->id);
	g_free(c->opener_text);
}

static void input_free(gpointer p)
{
	tg_input *in = p;
	g_free(in->path);
	g_free(in->sha256);
	if (in->files)
		g_ptr_array_unref(in->files);
	g_free(in);
}

static void owner_free(gpointer p)
{
	tg_owner_model *o = p;
	owner_priv *op = priv(o);

	g_free(o->username);
	g_free(o->display_name);
	g_ptr_array_unref(o->former_names);
	g_free(o->account_tz);
	tg_tz_free(o->tz);
	g_free(o->tz_warning);
	g_ptr_array_unref(o->inputs);
	if (o->months)
		g_array_free(o->months, TRUE);
	g_free(o->rels);
	if (o->rel_times)
		g_array_free(o->rel_times, TRUE);
	for (guint i = 0; i < o->n_convs; i++)
		conv_clear(&o->convs[i]);
	g_free(o->convs);
	g_array_free(o->edges, TRUE);
	for (guint i = 0; i < o->tags->len; i++)
		g_free(g_array_index(o->tags, tg_tag, i).tag);
	g_array_free(o->tags, TRUE);
	tg_tape_free(o->uses);
	if (op) {
		if (op->rel_of)
			g_array_free(op->rel_of, TRUE);
		if (op->rel_months)
			g_array_free(op->rel_months, TRUE);
		if (op->months)
			g_hash_table_destroy(op->months);
		if (op->convs)
			g_hash_table_destroy(op->convs);
		if (op->sender_index)
			g_hash_table_destroy(op->sender_index);
		g_array_free(op->senders, TRUE);
		tg_tape_free(op->msgs);
		if (op->segs)
			g_array_free(op->segs, TRUE);
		tg_idmap_free(op->edges);
		if (op->tag_index)
			g_hash_table_destroy(op->tag_index);
		if (op->times)
			g_array_free(op->times, TRUE);
		g_strfreev(op->names);
		g_free(op);
	}
	g_free(o);
}

static void free_build_tables(tg_owner_model *o)
{
	owner_priv *op = priv(o);
	g_clear_pointer(&op->rel_of, g_array_unref);
	g_clear_pointer(&op->rel_months, g_array_unref);
	g_clear_pointer(&op->months, g_hash_table_destroy);
	g_clear_pointer(&op->convs, g_hash_table_destroy);
	g_clear_pointer(&op->sender_index, g_hash_table_destroy);
	g_clear_pointer(&op->edges, tg_idmap_free);
	g_clear_pointer(&op->tag_index, g_hash_table_destroy);
}

static void free_pairs(tg_model *m)
{
	g_clear_pointer(&m->pairs, g_hash_table_destroy);
	g_clear_pointer(&m->pair_list, g_array_unref);
	g_clear_pointer(&m->pair_names, g_string_chunk_free);
}

tg_model *tg_model_new(const tg_model_options *o, GError **error)
{
	tg_model *m;

	if (o->tz) {
		tg_tz *probe = tg_tz_resolve(o->tz, NULL, NULL, error);
		if (!probe)
			return NULL;
		tg_tz_free(probe);
	}
	m = g_new0(tg_model, 1);
	m->opts = *o;
	if (!m->opts.max_contacts)
		m->opts.max_contacts = TG_DEFAULT_MAX_CONTACTS;
	m->tz_option = g_strdup(o->tz);
	m->opts.tz = m->tz_option;
	m->salt_option = g_strdup(o->salt);
	m->opts.salt = m->salt_option;
	g_mutex_init(&m->lock);
	m->nodes = g_array_new(FALSE, FALSE, sizeof(tg_node));
	m->seen = g_array_new(FALSE, FALSE, sizeof(node_seen));
	m->by_id = tg_idmap_new(node_id_at, m->nodes);
	m->by_name = g_hash_table_new(g_str_hash, g_str_equal); /* keys: the nodes' */
	m->pairs = g_hash_table_new(g_str_hash, g_str_equal); /* keys in pair_names */
	m->pair_list = g_array_new(FALSE, FALSE, sizeof(name_pair));
	m->pair_names = g_string_chunk_new(4096);
	m->strings = g_string_chunk_new(4096);
	m->owners = g_ptr_array_new_with_free_func(owner_free);
	m->cls = tg_classifier_new();
	m->scratch = g_array_new(FALSE, FALSE, sizeof(guint));
	m->talk = g_array_new(FALSE, FALSE, sizeof(guint));
	return m;
}

void tg_model_free(tg_model *m)
{
	if (!m)
		return;
	g_array_free(m->nodes, TRUE);
	g_string_chunk_free(m->strings);
	if (m->seen)
		g_array_free(m->seen, TRUE);
	tg_idmap_free(m->by_id);
	if (m->by_name)
		g_hash_table_destroy(m->by_name);
	free_pairs(m);
	g_ptr_array_unref(m->owners);
	tg_classifier_free(m->cls);
	g_array_free(m->scratch, TRUE);
	g_array_free(m->talk, TRUE);
	g_mutex_clear(&m->lock);
	g_free(m->tz_option);
	g_free(m->salt_option);
	g_free(m);
}

static guint64 edge_key_at(gconstpointer edges, guint i)
{
	const tg_coedge *e = &g_array_index((const GArray *)edges, tg_coedge, i);
	return ((guint64)e->u << 32) | e->v;
}

static tg_owner_model *owner_new(tg_model *m, const tg_load_report *r, GError **error)
{
	const tg_owner_info *oi = &r->owner;
	tg_owner_model *o = g_new0(tg_owner_model, 1);
	owner_priv *op = g_new0(owner_priv, 1);
	GPtrArray *names;

	o->priv = op;
	o->id = oi->id;
	o->username = g_strdup(oi->username);
	o->display_name = g_strdup(oi->display_name);
	o->former_names = g_ptr_array_new_with_free_func(g_free);
	if (oi->former_names)
		for (guint i = 0; i < oi->former_names->len; i++)
			g_ptr_array_add(o->former_names, g_strdup(oi->former_names->pdata[i]));
	o->account_tz = g_strdup(oi->timezone);
	o->inputs = g_ptr_array_new_with_free_func(input_free);
	op->times = g_array_new(FALSE, FALSE, sizeof(rel_time));
	o->edges = g_array_new(FALSE, FALSE, sizeof(tg_coedge));
	o->tags = g_array_new(FALSE, FALSE, sizeof(tg_tag));
	o->uses = tg_tape_new("hashtag uses", m->opts.warn, m->opts.warn_user);
	op->rel_of = g_array_new(FALSE, TRUE, sizeof(guint32));
	op->rel_months = g_array_new(FALSE, FALSE, sizeof(guint64));
	op->months = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	op->convs = g_hash_table_new(g_str_hash, g_str_equal);
	op->sender_index = g_hash_table_new(g_direct_hash, g_direct_equal);
	op->senders = g_array_new(FALSE, FALSE, sizeof(guint64));
	op->msgs = tg_tape_new("direct messages", m->opts.warn, m->opts.warn_user);
	op->segs = g_array_new(FALSE, FALSE, sizeof(dm_seg));
	op->edges = tg_idmap_new(edge_key_at, o->edges);
	op->tag_index = g_hash_table_new(g_str_hash, g_str_equal);

	names = g_ptr_array_new();
	if (oi->username && *oi->username)
		g_ptr_array_add(names, g_ascii_strdown(oi->username, -1));
	for (guint i = 0; i < o->former_names->len; i++)
		g_ptr_array_add(names, g_ascii_strdown(o->former_names->pdata[i], -1));
	g_ptr_array_add(names, NULL);
	op->names = (char **)g_ptr_array_free(names, FALSE);
	op->cls_owner.id = o->id;
	op->cls_owner.names = (const char *const *)op->names;
	op->cls_owner.n_names = g_strv_length(op->names);

	o->tz = tg_tz_resolve(m->opts.tz, oi->timezone, &o->tz_warning, error);
	if (!o->tz) {
		owner_free(o);
		return NULL;
	}
	return o;
}

static gboolean begin(tg_model *m, const tg_load_report *r, GError **error)
{
	tg_owner_model *o = NULL;
	tg_input *in;
	guint ni;

	if (m->finished) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "the model is already finished");
		return FALSE;
	}
	for (guint i = 0; i < m->owners->len; i++)
		if (((tg_owner_model *)m->owners->pdata[i])->id == r->owner.id)
			o = m->owners->pdata[i];
	if (!o) {
		o = owner_new(m, r, error);
		if (!o)
			return FALSE;
		ni = node_for_id(m, o->id, error);
		if (ni == NO_NODE) {
			owner_free(o);
			return FALSE;
		}
		g_ptr_array_add(m->owners, o);
		o->node = ni;
		if (o->tz_warning && m->opts.warn) {
			char *msg = g_strdup_printf("'%s': %s", r->path, o->tz_warning);
			m->opts.warn(m->opts.warn_user, msg);
			g_free(msg);
		}
		node_at(m, ni)->owner = m->owners->len;
		/* The archive's own account names win over any pairing; former names
		 * lose to every pairing seen in a tweet. */
		if (!pair(m, o->id, o->username, o->display_name, G_MAXINT64, G_MAXUINT64, error))
			return FALSE;
		for (guint i = 0; i < o->former_names->len; i++)
			if (!pair(m, o->id, o->former_names->pdata[i], NULL, G_MININT64 + 1, 0, error))
				return FALSE;
	}
	secret_account(m, &r->owner);
	in = g_new0(tg_input, 1);
	in->path = g_strdup(r->path);
	in->generation = r->generation;
	in->generated_ms = r->generated_ms;
	in->owner_id = r->owner.id;
	g_ptr_array_add(o->inputs, in);
	m->cur = o;
	m->cur_input = in;
	return TRUE;
}

gboolean tg_model_begin(tg_model *m, const tg_load_report *r, GError **error)
{
	gboolean ok;

	g_mutex_lock(&m->lock);
	ok = begin(m, r, error);
	g_mutex_unlock(&m->lock);
	return ok;
}

static gboolean need_owner(tg_model *m, GError **error)
{
	if (m->finished) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "the model is already finished");
		return FALSE;
	}
	if (m->cur)
		return TRUE;
	g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "a record came before the archive's owner");
	return FALSE;
}

static gboolean in_window(const tg_model *m, gint64 ms)
{
	return (!m->opts.since_ms || ms >= m->opts.since_ms) && (!m->opts.until_ms || ms <= m->opts.until_ms);
}

static void span(gint64 *first, gint64 *last, gint64 ms)
{
	if (!*first || ms < *first)
		*first = ms;
	if (!*last || ms > *last)
		*last = ms;
}

static void note_activity(tg_owner_model *o, gint64 ms)
{
	span(&o->first_ms, &o->last_ms, ms);
	if (ms > o->end_ms)
		o->end_ms = ms;
}

static tg_month *month_get(tg_owner_model *o, gint32 key)
{
	tg_month *mo = g_hash_table_lookup(priv(o)->months, GINT_TO_POINTER(key));
	if (!mo) {
		mo = g_new0(tg_month, 1);
		mo->key = key;
		g_hash_table_insert(priv(o)->months, GINT_TO_POINTER(key), mo);
	}
	return mo;
}

/* The slot of NODE in the rel index (grown to cover it), 0 for no rel. */
static guint32 *rel_slot(tg_owner_model *o, guint node)
{
	GArray *a = priv(o)->rel_of;
	if (node >= a->len)
		g_array_set_size(a, MAX(node + 1, a->len + a->len / 2));
	return &g_array_index(a, guint32, node);
}

static tg_rel *rel_get(tg_owner_model *o, guint node)
{
	guint32 *slot = rel_slot(o, node);
	tg_rel r = {0};

	if (*slot)
		return &o->rels[*slot - 1];
	if (o->n_rels == priv(o)->rels_cap) {
		priv(o)->rels_cap = MAX(64, priv(o)->rels_cap + priv(o)->rels_cap / 2);
		o->rels = g_renew(tg_rel, o->rels, priv(o)->rels_cap);
	}
	r.node = node;
	o->rels[o->n_rels++] = r;
	*slot = o->n_rels;
	return &o->rels[o->n_rels - 1];
}

/* Sorts the month entries and drops repeats. */
static void compact_months(owner_priv *op)
{
	tg_sort_unique_u64(op->rel_months);
	op->rel_months_compact = op->rel_months->len;
}

/* Logs month MONTH for R. Tweets come mostly in time order, so the last
 * month logged catches most repeats; the rest go when the log doubles. */
static void month_log(tg_owner_model *o, tg_rel *r, gint32 month)
{
	owner_priv *op = priv(o);
	guint64 e = ((guint64)r->node << 32) | (guint32)month;

	if (r->last_month == month)
		return;
	r->last_month = month;
	g_array_append_val(op->rel_months, e);
	if (op->rel_months->len >= 65536 && op->rel_months->len >= 2 * op->rel_months_compact)
		compact_months(op);
}

/* R's dates of type TYPE (build time): a rel holds only the types it met. */
static rel_time *rel_time_get(tg_owner_model *o, tg_rel *r, tg_etype type)
{
	GArray *a = priv(o)->times;
	rel_time nt = {0, 0, r->by, type};

	for (guint32 i = r->by; i; i = g_array_index(a, rel_time, i - 1).next)
		if (g_array_index(a, rel_time, i - 1).type == (guint32)type)
			return &g_array_index(a, rel_time, i - 1);
	g_array_append_val(a, nt);
	r->by = a->len;
	return &g_array_index(a, rel_time, a->len - 1);
}

/* An interaction of type TYPE at MS in local month MONTH. */
static void touch(tg_owner_model *o, tg_rel *r, tg_etype type, gint64 ms, gint32 month)
{
	rel_time *x = rel_time_get(o, r, type);

	span(&x->first, &x->last, ms);
	month_log(o, r, month);
}

static void edge_add(tg_owner_model *o, guint a, guint b, guint32 weight, gint64 first, gint64 last)
{
	guint u = MIN(a, b), v = MAX(a, b);
	guint64 key = ((guint64)u << 32) | v;
	guint p = tg_idmap_lookup(priv(o)->edges, key);
	tg_coedge *e;

	if (u == v)
		return;
	if (p == TG_IDMAP_NONE) {
		tg_coedge ne = {u, v, 0, first, last};
		g_array_append_val(o->edges, ne);
		tg_idmap_insert(priv(o)->edges, key, o->edges->len - 1);
		e = &g_array_index(o->edges, tg_coedge, o->edges->len - 1);
	} else {
		e = &g_array_index(o->edges, tg_coedge, p);
		if (first < e->first_ms)
			e->first_ms = first;
		if (last > e->last_ms)
			e->last_ms = last;
	}
	e->weight += weight;
}

static void uint_add_unique(GArray *a, guint v)
{
	for (guint i = 0; i < a->len; i++)
		if (g_array_index(a, guint, i) == v)
			return;
	g_array_append_val(a, v);
}

static guint32 tag_intern(tg_owner_model *o, const char *folded)
{
	gpointer v = g_hash_table_lookup(priv(o)->tag_index, folded);
	tg_tag t;

	if (v)
		return GPOINTER_TO_UINT(v) - 1;
	t.tag = g_strdup(folded);
	t.uses = 0;
	g_array_append_val(o->tags, t);
	g_hash_table_insert(priv(o)->tag_index, t.tag, GUINT_TO_POINTER(o->tags->len));
	return o->tags->len - 1;
}

/* Hashtag uses of a non-retweet tweet: each folded tag once, with the
 * contacts the tweet talks to (reply target, deliberate mentions, quote).
 * They go to the owner's tape as a tg_tag_use followed by its contacts,
 * node indices as they are now: tg_use_reader_next() makes them canonical
 * once tg_model_finish() has joined the name-only nodes. */
static gboolean add_hashtags(tg_owner_model *o, const tg_tweet *t, const tg_local *loc, const GArray *talk,
                             GError **error)
{
	GPtrArray *seen = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = TRUE;

	for (guint i = 0; i < t->n_hashtags; i++) {
		char *folded;
		gboolean dup = FALSE;
		tg_tag_use u;

		if (!t->hashtags[i] || !*t->hashtags[i])
			continue;
		folded = g_utf8_casefold(t->hashtags[i], -1);
		for (guint j = 0; j < seen->len && !dup; j++)
			dup = strcmp(seen->pdata[j], folded) == 0;
		if (dup) {
			g_free(folded);
			continue;
		}
		g_ptr_array_add(seen, folded);
		u.tag = tag_intern(o, folded);
		u.week_key = loc->week_key;
		u.weekday = (guint8)loc->weekday;
		u.hour = (guint8)loc->hour;
		u.n_contacts = (guint16)MIN(talk->len, G_MAXUINT16);
		ok = tg_tape_append(o->uses, &u, sizeof u, NULL, error) &&
		     (u.n_contacts == 0 ||
		      tg_tape_append(o->uses, talk->data, u.n_contacts * sizeof(guint32), NULL, error));
		if (!ok)
			break;
		/* Counted once the use is on the tape, so that the two agree: the
		 * chats pick the tags they read the tape for by this count. */
		g_array_index(o->tags, tg_tag, u.tag).uses++;
	}
	g_ptr_array_unref(seen);
	return ok;
}

static gboolean add_classified(tg_model *m, const tg_tweet *t, const tg_classified *c, GError **error)
{
	tg_owner_model *o = m->cur;
	owner_priv *op = priv(o);
	tg_local loc;
	tg_month *mo;
	gboolean conv;
	GArray *addressed = m->scratch, *talk = m->talk;

	secret_tweet(m, t);
	if (!in_window(m, t->created_ms))
		return TRUE;
	tg_tz_local(o->tz, &op->cursor, t->created_ms, &loc);
	note_activity(o, t->created_ms);
	mo = month_get(o, loc.month_key);
	o->kinds[c->kind]++;
	mo->kinds[c->kind]++;
	o->rhythm[loc.weekday][loc.hour]++;
	conv = c->kind == TG_KIND_REPLY || c->kind == TG_KIND_QUOTE ||
	       (c->kind == TG_KIND_ORIGINAL && c->deliberate_mention);
	if (c->kind == TG_KIND_ORIGINAL || c->kind == TG_KIND_REPLY || c->kind == TG_KIND_QUOTE) {
		o->conv_den++;
		mo->conv_den++;
		if (conv) {
			o->conv_num++;
			mo->conv_num++;
		}
	}

	/* Pairings give id <-> screen name; display names come from mention
	 * entities only (SPEC.md), not from Grailbird's retweeted_status.user. */
	for (guint i = 0; i < c->n_pairings; i++)
		if (!pair(m, c->pairings[i].id, c->pairings[i].screen_name, NULL, t->created_ms, t->id, error))
			return FALSE;
	for (guint i = 0; i < t->n_mentions; i++) {
		const tg_mention *me = &t->mentions[i];
		guint ni;
		if (!me->id || !me->name || !*me->name)
			continue;
		ni = node_for_id(m, me->id, error);
		if (ni == NO_NODE)
			return FALSE;
		set_display_name(m, ni, me->name, t->created_ms, t->id);
	}

	g_array_set_size(addressed, 0);
	g_array_set_size(talk, 0);
	for (guint i = 0; i < c->n_targets; i++) {
		const tg_target *tg = &c->targets[i];
		guint ni;
		tg_rel *r;

		if (tg->id)
			ni = node_for_id(m, tg->id, error);
		else if (tg->screen_name && *tg->screen_name)
			ni = node_for_name(m, tg->screen_name, error);
		else
			continue;
		if (ni == NO_NODE)
			return FALSE;
		if (ni == o->node)
			continue;
		if (!tg->id)
			set_screen_name(m, ni, tg->screen_name, t->created_ms, t->id);
		r = rel_get(o, ni);
		r->count[tg->type]++;
		touch(o, r, (tg_etype)tg->type, t->created_ms, loc.month_key);
		if (tg->type == TG_I_REPLY || tg->type == TG_I_CONTEXT || tg->type == TG_I_MENTION)
			uint_add_unique(addressed, ni);
		if (tg->type == TG_I_REPLY || tg->type == TG_I_MENTION || tg->type == TG_I_QUOTE)
			uint_add_unique(talk, ni);
	}
	for (guint i = 0; i < addressed->len; i++)
		for (guint j = i + 1; j < addressed->len; j++)
			edge_add(o, g_array_index(addressed, guint, i), g_array_index(addressed, guint, j), 1,
			         t->created_ms, t->created_ms);
	if (c->kind != TG_KIND_RETWEET && t->n_hashtags)
		return add_hashtags(o, t, &loc, talk, error);
	return TRUE;
}

gboolean tg_model_add_classified(tg_model *m, const tg_tweet *t, const tg_classified *c,
                                 GError **error)
{
	gboolean ok;

	g_mutex_lock(&m->lock);
	ok = need_owner(m, error) && add_classified(m, t, c, error);
	g_mutex_unlock(&m->lock);
	return ok;
}

gboolean tg_model_add_tweet(tg_model *m, const tg_tweet *t, GError **error)
{
	tg_classified c;
	gboolean ok = FALSE;

	g_mutex_lock(&m->lock);
	if (!need_owner(m, error))
		goto out;
	tg_classify(m->cls, t, &priv(m->cur)->cls_owner, &c);
	ok = add_classified(m, t, &c, error);
out:
	g_mutex_unlock(&m->lock);
	return ok;
}

static tg_conv *conv_get(tg_owner_model *o, const char *id)
{
	owner_priv *op = priv(o);
	gpointer v = g_hash_table_lookup(op->convs, id);
	tg_conv c = {0};

	if (v)
		return &o->convs[GPOINTER_TO_UINT(v) - 1];
	if (o->n_convs == op->convs_cap) {
		op->convs_cap = MAX(64, op->convs_cap + op->convs_cap / 2);
		o->convs = g_renew(tg_conv, o->convs, op->convs_cap);
	}
	c.id = g_strdup(id);
	c.one_to_one = tg_dm_one_to_one(id, o->id, &c.other);
	o->convs[o->n_convs++] = c;
	g_hash_table_insert(op->convs, c.id, GUINT_TO_POINTER(o->n_convs));
	return &o->convs[o->n_convs - 1];
}

/* The tg_dm_msg.from of SENDER in conversation C. */
static gboolean sender_ref(tg_owner_model *o, const tg_conv *c, guint64 sender, guint *from,
                           GError **error)
{
	owner_priv *op = priv(o);
	gpointer v;

	if (sender == o->id) {
		*from = FROM_OWNER;
		return TRUE;
	}
	if (c->one_to_one && sender == c->other) {
		*from = FROM_OTHER;
		return TRUE;
	}
	v = g_hash_table_lookup(op->sender_index, (gpointer)(guintptr)sender);
	if (!v) {
		if (op->senders->len > FROM_MAX - FROM_LISTED) {
			g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "too many direct message senders");
			return FALSE;
		}
		g_array_append_val(op->senders, sender);
		v = GUINT_TO_POINTER(op->senders->len);
		g_hash_table_insert(op->sender_index, (gpointer)(guintptr)sender, v);
	}
	*from = FROM_LISTED + GPOINTER_TO_UINT(v) - 1;
	return TRUE;
}

/* Conversation C's run of N messages at offset AT of the owner's tape. */
static gboolean add_seg(tg_owner_model *o, tg_conv *c, guint64 at, guint n, GError **error)
{
	owner_priv *op = priv(o);
	dm_seg seg = {at, n, (guint32)c->msgs_at};

	if (!n)
		return TRUE;
	if (op->segs->len == G_MAXUINT32) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "too many direct messages");
		return FALSE;
	}
	g_array_append_val(op->segs, seg);
	c->msgs_at = op->segs->len;
	return TRUE;
}

/* A chunk belongs to one conversation: its kept messages go to the tape as
 * one run, noted against the conversation, and are grouped at finish. */
static gboolean add_dm(tg_model *m, const tg_dm_chunk *ch, GError **error)
{
	tg_owner_model *o = m->cur;
	tg_tape *tape = priv(o)->msgs;
	guint64 at = tg_tape_size(tape);
	guint kept = 0;
	tg_conv *c;

	secret_dm(m, ch);
	if (!ch->conversation_id || !*ch->conversation_id)
		return TRUE;
	c = conv_get(o, ch->conversation_id);
	for (guint i = 0; i < ch->n_events; i++) {
		const tg_dm_event *e = &ch->events[i];
		tg_dm_msg msg;
		guint from;

		if (e->type != TG_DM_MESSAGE && e->type != TG_DM_WELCOME)
			continue;
		if (!in_window(m, e->created_ms) || (!e->created_ms && (m->opts.since_ms || m->opts.until_ms)))
			continue;
		if (!sender_ref(o, c, e->sender, &from, error))
			return FALSE;
		/* At most G_MAXINT in a conversation: g_qsort_with_data() counts
		 * in gint. */
		if (c->n_msgs == G_MAXINT) {
			g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "too many direct messages");
			return FALSE;
		}
		msg.id = e->id;
		msg.ms = e->created_ms;
		msg.conv = (guint32)(c - o->convs);
		msg.from = from;
		msg.welcome = e->type == TG_DM_WELCOME;
		if (!tg_tape_append(tape, &msg, sizeof msg, NULL, error))
			return FALSE;
		c->n_msgs++;
		kept++;
		if (e->created_ms)
			note_activity(o, e->created_ms);
		if (e->type == TG_DM_WELCOME)
			continue;
		if (!c->opener_text || e->created_ms < c->opener_ms ||
		    (e->created_ms == c->opener_ms && e->id < c->opener_id)) {
			g_free(c->opener_text);
			c->opener_text = g_strdup(e->text ? e->text : "");
			c->opener_sender = e->sender;
			c->opener_id = e->id;
			c->opener_ms = e->created_ms;
		}
	}
	return add_seg(o, c, at, kept, error);
}

gboolean tg_model_add_dm(tg_model *m, const tg_dm_chunk *c, GError **error)
{
	gboolean ok;

	g_mutex_lock(&m->lock);
	ok = need_owner(m, error) && add_dm(m, c, error);
	g_mutex_unlock(&m->lock);
	return ok;
}

gboolean tg_model_add_follow(tg_model *m, guint64 id, gboolean follower, GError **error)
{
	gboolean ok = FALSE;
	guint ni;
	tg_rel *r;

	g_mutex_lock(&m->lock);
	if (!need_owner(m, error))
		goto out;
	ok = TRUE;
	secret_follow(m, m->cur->id, id, follower);
	if (!id || id == m->cur->id)
		goto out;
	ni = node_for_id(m, id, error);
	if (ni == NO_NODE) {
		ok = FALSE;
		goto out;
	}
	r = rel_get(m->cur, ni);
	if (follower)
		r->follows_me = TRUE;
	else
		r->i_follow = TRUE;
out:
	g_mutex_unlock(&m->lock);
	return ok;
}

gboolean tg_model_end(tg_model *m, const tg_load_report *r, GError **error)
{
	tg_input *in;

	g_mutex_lock(&m->lock);
	if (!need_owner(m, error)) {
		g_mutex_unlock(&m->lock);
		return FALSE;
	}
	in = m->cur_input;
	in->generated_ms = r->generated_ms;
	in->tweet_elements = r->tweet_elements;
	in->duplicate_tweets = r->duplicate_tweets;
	in->edited_versions_merged = r->edited_versions_merged;
	in->tweets = r->tweets;
	in->manifest_mismatches = r->manifest_mismatches;
	if (in->files)
		g_ptr_array_unref(in->files);
	in->files = g_ptr_array_new_with_free_func(tg_file_report_free);
	for (guint i = 0; r->files && i < r->files->len; i++)
		g_ptr_array_add(in->files, tg_file_report_copy(r->files->pdata[i]));
	m->cur = NULL;
	m->cur_input = NULL;
	g_mutex_unlock(&m->lock);
	return TRUE;
}

gboolean tg_model_note_input(tg_model *m, const char *path, guint64 bytes, GError **error)
{
	tg_input *in = NULL;
	GChecksum *sum = NULL;
	FILE *f = NULL;
	gboolean ok = FALSE;
	guchar buf[65536];
	size_t n;

	for (guint i = 0; i < m->owners->len && !in; i++) {
		tg_owner_model *o = m->owners->pdata[i];
		for (guint j = 0; j < o->inputs->len && !in; j++)
			if (strcmp(((tg_input *)o->inputs->pdata[j])->path, path) == 0)
				in = o->inputs->pdata[j];
	}
	if (!in)
		return TRUE;
	in->bytes = bytes;
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
		return TRUE;
	f = fopen(path, "rb");
	if (!f) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		goto out;
	}
	sum = g_checksum_new(G_CHECKSUM_SHA256);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		g_checksum_update(sum, buf, (gssize)n);
	if (ferror(f)) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': read error", path);
		goto out;
	}
	g_free(in->sha256);
	in->sha256 = g_strdup(g_checksum_get_string(sum));
	ok = TRUE;
out:
	if (sum)
		g_checksum_free(sum);
	if (f)
		fclose(f);
	return ok;
}

gboolean tg_model_note_input_sha256(tg_model *m, const char *path, guint64 bytes, const char *sha256)
{
	for (guint i = 0; i < m->owners->len; i++) {
		tg_owner_model *o = m->owners->pdata[i];
		for (guint j = 0; j < o->inputs->len; j++) {
			tg_input *in = o->inputs->pdata[j];
			if (strcmp(in->path, path) != 0)
				continue;
			in->bytes = bytes;
			if (sha256) {
				g_free(in->sha256);
				in->sha256 = g_strdup(sha256);
			}
			return TRUE;
		}
	}
	return FALSE;
}

/* ---- the sink ---- */

static gboolean sink_begin(void *user, const tg_load_report *r, GError **error)
{
	return tg_model_begin(user, r, error);
}

static gboolean sink_tweet(void *user, const tg_tweet *t, GError **error)
{
	return tg_model_add_tweet(user, t, error);
}

static gboolean sink_dm(void *user, const tg_dm_chunk *c, gboolean group, GError **error)
{
	(void)group; /* SPEC.md: the conversation id decides, not the file */
	return tg_model_add_dm(user, c, error);
}

static gboolean sink_follow(void *user, guint64 id, gboolean follower, GError **error)
{
	return tg_model_add_follow(user, id, follower, error);
}

static gboolean sink_end(void *user, const tg_load_report *r, GError **error)
{
	return tg_model_end(user, r, error);
}

tg_sink tg_model_sink(tg_model *m)
{
	tg_sink s = {m, sink_begin, sink_tweet, sink_dm, sink_follow, sink_end};
	return s;
}

/* ---- finish ---- */

/* Messages of owner USER by (id, time, sender, welcome). */
static gint cmp_msg_id(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_dm_msg *x = a, *y = b;
	guint64 sx, sy;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	sx = tg_dm_sender(user, x);
	sy = tg_dm_sender(user, y);
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return (int)x->welcome - (int)y->welcome;
}

static gint cmp_msg_time(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_dm_msg *x = a, *y = b;
	if (x->ms != y->ms)
		return x->ms < y->ms ? -1 : 1;
	return cmp_msg_id(a, b, user);
}

/* Indices into the tg_conv array USER, by conversation id. */
static gint cmp_conv_index(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_conv *convs = user;
	return strcmp(convs[*(const guint *)a].id, convs[*(const guint *)b].id);
}

/* Conversations sorted by id. Their indices were those of arrival, and
 * nothing is looked up by id after: the table goes. The array is trimmed
 * to size, as nothing is added after finish. */
static void sort_convs(tg_owner_model *o)
{
	owner_priv *op = priv(o);
	guint n = o->n_convs;
	guint *order = g_new(guint, n);
	tg_conv *convs = g_new(tg_conv, n);

	g_clear_pointer(&op->convs, g_hash_table_destroy);
	for (guint i = 0; i < n; i++)
		order[i] = i;
	g_qsort_with_data(order, (gint)n, sizeof(guint), cmp_conv_index, o->convs);
	for (guint i = 0; i < n; i++)
		convs[i] = o->convs[order[i]];
	g_free(o->convs);
	o->convs = convs;
	op->convs_cap = n;
	g_free(order);
}

/* Conversation CONV's messages as added, from its runs on the tape, into
 * BUF, with CONV's index, which they only now have (tg_dm_sender() reads
 * it). The runs come latest first: the order does not matter, as messages
 * that compare equal in settle_conv_msgs() are equal to the byte. */
static gboolean gather_msgs(tg_owner_model *o, guint conv, GArray *buf, GError **error)
{
	const owner_priv *op = priv(o);
	guint w = 0;

	g_array_set_size(buf, o->convs[conv].n_msgs);
	for (guint32 s = (guint32)o->convs[conv].msgs_at; s;) {
		const dm_seg *seg = &g_array_index(op->segs, dm_seg, s - 1);
		if (!tg_tape_read(op->msgs, seg->at, &g_array_index(buf, tg_dm_msg, w),
		                  (gsize)seg->n * sizeof(tg_dm_msg), error))
			return FALSE;
		w += seg->n;
		s = seg->prev;
	}
	for (guint k = 0; k < buf->len; k++)
		g_array_index(buf, tg_dm_msg, k).conv = conv;
	return TRUE;
}

/* The messages of one conversation in BUF deduplicated by id (id 0: no id,
 * kept), the first by (time, sender, welcome) staying, then sorted by time. */
static void settle_conv_msgs(tg_owner_model *o, GArray *buf)
{
	tg_dm_msg *msgs = (tg_dm_msg *)buf->data;
	guint w = 0;

	g_qsort_with_data(msgs, (gint)buf->len, sizeof(tg_dm_msg), cmp_msg_id, o);
	for (guint k = 0; k < buf->len; k++) {
		if (w > 0 && msgs[k].id && msgs[w - 1].id == msgs[k].id)
			continue;
		msgs[w++] = msgs[k];
	}
	g_array_set_size(buf, w);
	g_qsort_with_data(msgs, (gint)w, sizeof(tg_dm_msg), cmp_msg_time, o);
}

static gint cmp_rel(gconstpointer a, gconstpointer b)
{
	guint x = ((const tg_rel *)a)->node, y = ((const tg_rel *)b)->node;
	return (x > y) - (x < y);
}

/* Keeps the dated types of each rel only, in rel order. */
static void pack_rel_times(tg_owner_model *o)
{
	GArray *chain = priv(o)->times;
	guint n = 0;

	for (guint k = 0; k < chain->len; k++) {
		const rel_time *x = &g_array_index(chain, rel_time, k);
		n += x->first || x->last;
	}
	o->rel_times = g_array_sized_new(FALSE, FALSE, sizeof(gint64), 2 * n);
	for (guint i = 0; i < o->n_rels; i++) {
		tg_rel *r = &o->rels[i];
		gint64 by[TG_N_ETYPES][2] = {{0}};

		for (guint32 k = r->by; k; k = g_array_index(chain, rel_time, k - 1).next) {
			const rel_time *x = &g_array_index(chain, rel_time, k - 1);
			by[x->type][0] = x->first;
			by[x->type][1] = x->last;
		}
		r->by = o->rel_times->len;
		r->by_mask = 0;
		for (int t = 0; t < TG_N_ETYPES; t++) {
			if (!by[t][0] && !by[t][1])
				continue;
			r->by_mask |= 1u << t;
			g_array_append_vals(o->rel_times, by[t], 2);
		}
	}
	g_clear_pointer(&priv(o)->times, g_array_unref);
}

static gint cmp_rel_with(gconstpointer a, gconstpointer b, gpointer user)
{
	(void)user;
	return cmp_rel(a, b);
}

/* By node; stable, like g_array_sort(). */
static void sort_rels(tg_owner_model *o)
{
	g_qsort_with_data(o->rels, (gint)o->n_rels, sizeof(tg_rel), cmp_rel_with, NULL);
}

static gint cmp_edge(gconstpointer a, gconstpointer b)
{
	const tg_coedge *x = a, *y = b;
	if (x->u != y->u)
		return (x->u > y->u) - (x->u < y->u);
	return (x->v > y->v) - (x->v < y->v);
}

static void merge_rel(tg_owner_model *o, tg_rel *into, tg_rel *from)
{
	for (int t = 0; t < TG_N_ITYPES; t++)
		into->count[t] += from->count[t];
	into->dms_sent += from->dms_sent;
	into->dms_received += from->dms_received;
	into->group_dms_received += from->group_dms_received;
	for (guint32 i = from->by; i;) {
		rel_time x = g_array_index(priv(o)->times, rel_time, i - 1); /* a copy: the array grows */
		rel_time *y;

		i = x.next;
		if (!x.first && !x.last)
			continue;
		y = rel_time_get(o, into, (tg_etype)x.type);
		if (x.first)
			span(&y->first, &y->last, x.first);
		if (x.last)
			span(&y->first, &y->last, x.last);
	}
	into->follows_me |= from->follows_me;
	into->i_follow |= from->i_follow;
}

/* Name-only rels move to the node their name is paired with: endpoints
 * mapped, sorted, merged in place (no second array of rels is built). */
static void settle_rels(tg_model *m, tg_owner_model *o)
{
	tg_rel *rels = o->rels;
	guint w = 0;

	for (guint i = 0; i < o->n_rels; i++) {
		tg_rel *r = &rels[i];
		r->node = node_at(m, r->node)->canonical;
	}
	sort_rels(o);
	for (guint i = 0; i < o->n_rels; i++) {
		tg_rel *r = &rels[i];
		tg_rel *last = w ? &rels[w - 1] : NULL;
		if (r->node == o->node)
			continue;
		if (last && last->node == r->node) {
			merge_rel(o, last, r);
			continue;
		}
		if (w != i)
			rels[w] = *r;
		w++;
	}
	o->n_rels = w;
	g_array_set_size(priv(o)->rel_of, 0);
	for (guint i = 0; i < o->n_rels; i++)
		*rel_slot(o, rels[i].node) = i + 1;
}

/* Counts the settled messages BUF of conversation CONV: the rels' DMs
 * with their months and dates, the owner's rhythm, and the edges between
 * the writers of a group conversation. WRITERS is scratch. */
static gboolean count_conv(tg_model *m, tg_owner_model *o, guint conv, const GArray *buf, GArray *writers,
                           GError **error)
{
	tg_tz_cursor *cur = &priv(o)->cursor;
	const tg_conv *c = &o->convs[conv];
	guint other = NO_NODE;
	gint64 first = 0, last = 0;

	if (c->one_to_one && c->other) {
		other = node_for_id(m, c->other, error);
		if (other == NO_NODE)
			return FALSE;
	}
	g_array_set_size(writers, 0);
	for (guint k = 0; k < buf->len; k++) {
		const tg_dm_msg *msg = &g_array_index(buf, tg_dm_msg, k);
		guint64 sender = tg_dm_sender(o, msg);
		tg_local loc;
		guint ni;
		tg_rel *r;

		if (msg->welcome)
			continue;
		/* A message without a date counts, but in no month. */
		if (msg->ms) {
			tg_tz_local(o->tz, cur, msg->ms, &loc);
			if (sender == o->id)
				o->rhythm[loc.weekday][loc.hour]++;
		}
		if (c->one_to_one) {
			if (other == NO_NODE)
				continue;
			if (sender == o->id) {
				r = rel_get(o, other);
				r->dms_sent++;
				if (msg->ms)
					month_get(o, loc.month_key)->dms_sent++;
			} else if (sender == c->other) {
				r = rel_get(o, other);
				r->dms_received++;
				if (msg->ms)
					month_get(o, loc.month_key)->dms_received++;
			} else {
				continue;
			}
			if (msg->ms)
				touch(o, r, sender == o->id ? TG_E_DM_SENT : TG_E_DM_RECEIVED, msg->ms,
				      loc.month_key);
			continue;
		}
		if (!sender || sender == o->id)
			continue;
		ni = node_for_id(m, sender, error);
		if (ni == NO_NODE)
			return FALSE;
		r = rel_get(o, ni);
		r->group_dms_received++;
		uint_add_unique(writers, ni);
		if (msg->ms) {
			touch(o, r, TG_E_GROUP_DM, msg->ms, loc.month_key);
			span(&first, &last, msg->ms);
		}
	}
	for (guint a = 0; a < writers->len; a++)
		for (guint b = a + 1; b < writers->len; b++)
			edge_add(o, g_array_index(writers, guint, a), g_array_index(writers, guint, b), 1,
			         first, last);
	return TRUE;
}

/* Conversations sorted by id, then one at a time: its messages gathered
 * from the chunks' runs, settled, counted, and written to a new tape in
 * conversation order, where tg_conv_messages() reads them in one go. The
 * runs and the first tape go. */
static gboolean settle_dms(tg_model *m, tg_owner_model *o, GError **error)
{
	owner_priv *op = priv(o);
	tg_tape *settled = tg_tape_new("direct messages", m->opts.warn, m->opts.warn_user);
	GArray *buf = g_array_new(FALSE, FALSE, sizeof(tg_dm_msg));
	GArray *writers = g_array_new(FALSE, FALSE, sizeof(guint));
	gboolean ok = FALSE;

	sort_convs(o);
	for (guint i = 0; i < o->n_convs; i++) {
		tg_conv *c = &o->convs[i];

		if (!gather_msgs(o, i, buf, error))
			goto out;
		settle_conv_msgs(o, buf);
		c->n_msgs = buf->len;
		if (!tg_tape_append(settled, buf->data, (gsize)buf->len * sizeof(tg_dm_msg), &c->msgs_at,
		                    error))
			goto out;
		if (!count_conv(m, o, i, buf, writers, error))
			goto out;
	}
	tg_tape_free(op->msgs);
	op->msgs = g_steal_pointer(&settled);
	g_clear_pointer(&op->segs, g_array_unref);
	ok = TRUE;
out:
	tg_tape_free(settled);
	g_array_free(buf, TRUE);
	g_array_free(writers, TRUE);
	return ok;
}

/* Edges between name-only nodes move to the nodes they were joined to;
 * loops and edges to the owner go. Done by sorting and merging in place, so
 * that no second table of edges is ever built. */
static void settle_edges(tg_model *m, tg_owner_model *o)
{
	GArray *e = o->edges;
	guint w = 0;

	g_clear_pointer(&priv(o)->edges, tg_idmap_free);
	for (guint i = 0; i < e->len; i++) {
		tg_coedge *x = &g_array_index(e, tg_coedge, i);
		guint u = node_at(m, x->u)->canonical, v = node_at(m, x->v)->canonical;
		x->u = MIN(u, v);
		x->v = MAX(u, v);
	}
	g_array_sort(e, cmp_edge);
	for (guint i = 0; i < e->len; i++) {
		tg_coedge x = g_array_index(e, tg_coedge, i);
		tg_coedge *last = w ? &g_array_index(e, tg_coedge, w - 1) : NULL;
		if (x.u == x.v || x.u == o->node || x.v == o->node)
			continue;
		if (last && last->u == x.u && last->v == x.v) {
			last->weight += x.weight;
			last->first_ms = MIN(last->first_ms, x.first_ms);
			last->last_ms = MAX(last->last_ms, x.last_ms);
			continue;
		}
		g_array_index(e, tg_coedge, w++) = x;
	}
	g_array_set_size(e, w);
}

static guint entry_node(guint64 e)
{
	return (guint)(e >> 32);
}

static gint32 entry_month(guint64 e)
{
	return (gint32)(guint32)e;
}

/* The monthly series, and each rel's months: the month log's nodes move to
 * their canonical nodes (as the rels did), entries of nodes with no rel
 * (the owner) go. After the rels are settled and sorted. */
static void settle_months(tg_model *m, tg_owner_model *o)
{
	owner_priv *op = priv(o);
	GArray *log = op->rel_months;
	guint64 *e = (guint64 *)log->data;
	tg_local a, b;
	tg_tz_cursor *cur = &op->cursor;
	gint32 from = G_MAXINT32, to = G_MININT32;
	guint w = 0;

	for (guint i = 0; i < log->len; i++)
		e[i] = ((guint64)node_at(m, entry_node(e[i]))->canonical << 32) | (guint32)e[i];
	compact_months(op);
	for (guint i = 0; i < o->n_rels; i++)
		o->rels[i].n_months = 0;
	for (guint i = 0; i < log->len; i++) {
		tg_rel *r = (tg_rel *)tg_model_find_rel(o, entry_node(e[i]));
		if (!r)
			continue;
		r->n_months++;
		from = MIN(from, entry_month(e[i]));
		to = MAX(to, entry_month(e[i]));
		e[w++] = e[i];
	}
	g_array_set_size(log, w);

	o->months = g_array_new(FALSE, TRUE, sizeof(tg_month));
	if (!o->first_ms)
		return;
	tg_tz_local(o->tz, cur, o->first_ms, &a);
	tg_tz_local(o->tz, cur, o->last_ms, &b);
	from = MIN(from, a.month_key);
	to = MAX(to, b.month_key);
	g_array_set_size(o->months, (guint)(to - from + 1));
	for (gint32 k = from; k <= to; k++) {
		tg_month *dst = &g_array_index(o->months, tg_month, k - from);
		tg_month *src = g_hash_table_lookup(op->months, GINT_TO_POINTER(k));
		if (src)
			*dst = *src;
		dst->key = k;
		dst->new_contacts = dst->active_contacts = 0;
	}
	/* By node, then month: a node's first entry is its first month. */
	for (guint i = 0; i < log->len; i++) {
		tg_month *mo = &g_array_index(o->months, tg_month, entry_month(e[i]) - from);
		if (i == 0 || entry_node(e[i]) != entry_node(e[i - 1]))
			mo->new_contacts++;
		mo->active_contacts++;
	}
}

gboolean tg_model_finish(tg_model *m, GError **error)
{
	gboolean ok = FALSE;

	g_mutex_lock(&m->lock);
	if (m->finished) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT, "the model is already finished");
		goto out;
	}
	/* Name-only nodes join the id their name was last paired with. */
	for (guint i = 0; i < m->nodes->len; i++) {
		tg_node *n = node_at(m, i);
		name_pair *p;
		guint v;

		n->canonical = i;
		if (n->id || !n->key)
			continue;
		v = GPOINTER_TO_UINT(g_hash_table_lookup(m->pairs, n->key));
		if (!v)
			continue;
		p = &g_array_index(m->pair_list, name_pair, v - 1);
		v = tg_idmap_lookup(m->by_id, p->id);
		if (v != TG_IDMAP_NONE)
			n->canonical = v;
	}
	/* Only lookups by id are left to do: the tables of names go. Empty
	 * ones stay, so that the model remains whole. */
	g_clear_pointer(&m->seen, g_array_unref);
	g_clear_pointer(&m->by_name, g_hash_table_destroy);
	free_pairs(m);
	for (guint i = 0; i < m->owners->len; i++) {
		tg_owner_model *o = m->owners->pdata[i];

		settle_rels(m, o);
		if (!settle_dms(m, o, error))
			goto out;
		settle_edges(m, o);
		sort_rels(o);
		/* Nothing is added after finish: no room to spare. */
		o->rels = g_renew(tg_rel, o->rels, o->n_rels);
		priv(o)->rels_cap = o->n_rels;
		pack_rel_times(o);
		o->followers = o->following = 0;
		for (guint k = 0; k < o->n_rels; k++) {
			const tg_rel *r = &o->rels[k];
			o->followers += r->follows_me;
			o->following += r->i_follow;
		}
		settle_months(m, o);
		free_build_tables(o);
	}
	m->finished = TRUE;
	ok = TRUE;
out:
	g_mutex_unlock(&m->lock);
	return ok;
}

void tg_model_release_events(tg_model *m)
{
	g_return_if_fail(m->finished);
	for (guint i = 0; i < m->owners->len; i++) {
		tg_owner_model *o = m->owners->pdata[i];
		owner_priv *op = priv(o);

		for (guint k = 0; k < o->n_convs; k++)
			conv_clear(&o->convs[k]);
		g_clear_pointer(&o->convs, g_free);
		o->n_convs = op->convs_cap = 0;
		tg_tape_clear(op->msgs);
		g_array_unref(op->senders);
		op->senders = g_array_new(FALSE, FALSE, sizeof(guint64));
		tg_tape_clear(o->uses);
	}
}

/* ---- reading the hashtag uses back ---- */

/* The tape is read in pieces of this size, not a record at a time. */
#define USE_READ_CHUNK ((gsize)64 << 10)

struct tg_use_reader {
	const tg_model *m;
	const tg_tape *tape;
	guint64 next;      /* the tape offset of the bytes after the buffer's */
	guint8 *buf;       /* unread bytes: [pos, len) */
	gsize cap, len, pos;
	GArray *contacts;  /* guint: the last use's, canonical */
};

tg_use_reader *tg_use_reader_new(const tg_model *m, const tg_owner_model *o)
{
	tg_use_reader *r = g_new0(tg_use_reader, 1);

	g_return_val_if_fail(m->finished, r);
	r->m = m;
	r->tape = o->uses;
	r->cap = USE_READ_CHUNK;
	r->buf = g_malloc(r->cap);
	r->contacts = g_array_new(FALSE, FALSE, sizeof(guint));
	return r;
}

void tg_use_reader_free(tg_use_reader *r)
{
	if (!r)
		return;
	g_free(r->buf);
	if (r->contacts)
		g_array_free(r->contacts, TRUE);
	g_free(r);
}

/* Makes NEED bytes from r->pos on lie in the buffer, reading what follows
 * on the tape (as much as fits). FALSE with ERROR unset at the end of the
 * tape, when the buffer is empty. */
static gboolean fill(tg_use_reader *r, gsize need, GError **error)
{
	gsize have = r->len - r->pos, want;

	if (have >= need)
		return TRUE;
	memmove(r->buf, r->buf + r->pos, have);
	r->pos = 0;
	r->len = have;
	if (need > r->cap) {
		r->cap = need;
		r->buf = g_realloc(r->buf, r->cap);
	}
	want = (gsize)MIN((guint64)(r->cap - have), tg_tape_size(r->tape) - r->next);
	if (have == 0 && want == 0)
		return FALSE;
	if (have + want < need) {
		/* Only a failed append leaves a record cut short, and that ends the
		 * analysis before any read. */
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot read the hashtag uses: the tape ends within a use");
		return FALSE;
	}
	if (!tg_tape_read(r->tape, r->next, r->buf + have, want, error))
		return FALSE;
	r->next += want;
	r->len += want;
	return TRUE;
}

gboolean tg_use_reader_next(tg_use_reader *r, tg_tag_use *u, const guint **contacts, GError **error)
{
	const guint8 *p;
	gsize size;

	if (!r->tape || !fill(r, sizeof *u, error))
		return FALSE;
	memcpy(u, r->buf + r->pos, sizeof *u);
	size = sizeof *u + u->n_contacts * sizeof(guint32);
	/* The header is buffered: FALSE now is an error, never the end. */
	if (!fill(r, size, error))
		return FALSE;
	p = r->buf + r->pos + sizeof *u;
	r->pos += size;
	if (!contacts)
		return TRUE;
	g_array_set_size(r->contacts, u->n_contacts);
	for (guint k = 0; k < u->n_contacts; k++) {
		guint32 ni;
		memcpy(&ni, p + k * sizeof ni, sizeof ni);
		g_array_index(r->contacts, guint, k) = g_array_index(r->m->nodes, tg_node, ni).canonical;
	}
	*contacts = (const guint *)r->contacts->data;
	return TRUE;
}

/* ---- read access ---- */

guint tg_model_n_owners(const tg_model *m)
{
	return m->owners->len;
}

const tg_owner_model *tg_model_owner(const tg_model *m, guint i)
{
	return i < m->owners->len ? m->owners->pdata[i] : NULL;
}

guint tg_model_n_nodes(const tg_model *m)
{
	return m->nodes->len;
}

const tg_node *tg_model_node(const tg_model *m, guint i)
{
	return i < m->nodes->len ? &g_array_index(m->nodes, tg_node, i) : NULL;
}

const tg_model_options *tg_model_get_options(const tg_model *m)
{
	return &m->opts;
}

const tg_rel *tg_model_find_rel(const tg_owner_model *o, guint node)
{
	guint lo = 0, hi = o->n_rels;

	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		const tg_rel *r = &o->rels[mid];
		if (r->node == node)
			return r;
		if (r->node < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void tg_rel_span(const tg_owner_model *o, const tg_rel *r, gint64 *first, gint64 *last)
{
	*first = *last = 0;
	for (int t = 0; t < TG_N_ETYPES; t++) {
		gint64 f, l;
		tg_rel_by(o, r, (tg_etype)t, &f, &l);
		if (f)
			span(first, last, f);
		if (l)
			span(first, last, l);
	}
}

void tg_rel_by(const tg_owner_model *o, const tg_rel *r, tg_etype type, gint64 *first, gint64 *last)
{
	const gint64 *by;
	guint k = 0;

	*first = *last = 0;
	if (!o->rel_times || !(r->by_mask & (1u << type)))
		return;
	/* Packed: the dated types before TYPE come first. */
	for (int t = 0; t < (int)type; t++)
		k += (r->by_mask >> t) & 1u;
	by = &g_array_index(o->rel_times, gint64, r->by + 2 * k);
	*first = by[0];
	*last = by[1];
}

guint tg_model_find_id(const tg_model *m, guint64 id)
{
	guint v = tg_idmap_lookup(m->by_id, id);
	if (v == TG_IDMAP_NONE)
		return G_MAXUINT;
	return g_array_index(m->nodes, tg_node, v).canonical;
}

guint64 tg_dm_sender(const tg_owner_model *o, const tg_dm_msg *msg)
{
	switch (msg->from) {
	case FROM_OWNER:
		return o->id;
	case FROM_OTHER:
		return o->convs[msg->conv].other;
	default:
		return g_array_index(priv(o)->senders, guint64, msg->from - FROM_LISTED);
	}
}

gboolean tg_conv_messages(const tg_owner_model *o, guint conv, GArray *buf, GError **error)
{
	const owner_priv *op = priv(o);
	const tg_conv *c;

	/* Until finish, a conversation's messages are scattered over runs. */
	g_return_val_if_fail(conv < o->n_convs && !op->segs, FALSE);
	g_return_val_if_fail(g_array_get_element_size(buf) == sizeof(tg_dm_msg), FALSE);
	c = &o->convs[conv];
	g_array_set_size(buf, c->n_msgs);
	return !c->n_msgs ||
	       tg_tape_read(op->msgs, c->msgs_at, buf->data, (gsize)c->n_msgs * sizeof(tg_dm_msg), error);
}

static gsize str_size(const char *s)
{
	return s ? strlen(s) + 1 + 16 : 0; /* 16: malloc overhead */
}

gsize tg_model_memory(const tg_model *m)
{
	const gsize entry = 48; /* a hash table entry: key, value, hash, room */
	gsize total = sizeof *m + tg_idmap_memory(m->by_id);

	total += m->nodes->len * sizeof(tg_node);
	if (m->seen)
		total += m->seen->len * sizeof(node_seen);
	for (guint i = 0; i < m->nodes->len; i++) {
		const tg_node *n = &g_array_index(m->nodes, tg_node, i);
		total += str_size(n->key) + str_size(n->screen_name) + str_size(n->name);
	}
	if (m->by_name)
		total += g_hash_table_size(m->by_name) * entry;
	if (m->pairs)
		total += g_hash_table_size(m->pairs) * (sizeof(name_pair) + entry + 16);
	for (guint i = 0; i < m->owners->len; i++) {
		const tg_owner_model *o = m->owners->pdata[i];
		const owner_priv *op = priv(o);
		total += sizeof *o + o->n_rels * sizeof(tg_rel);
		if (op->rel_of)
			total += op->rel_of->len * sizeof(guint32);
		if (op->rel_months)
			total += op->rel_months->len * sizeof(guint64);
		if (o->rel_times)
			total += o->rel_times->len * sizeof(gint64);
		if (op->times)
			total += op->times->len * sizeof(rel_time);
		for (guint k = 0; k < o->n_convs; k++) {
			const tg_conv *c = &o->convs[k];
			total += sizeof *c + entry + str_size(c->id) + str_size(c->opener_text);
		}
		total += op->senders->len * (sizeof(guint64) + entry) + tg_tape_memory(op->msgs);
		if (op->segs)
			total += op->segs->len * sizeof(dm_seg);
		total += o->edges->len * sizeof(tg_coedge);
		if (op->edges)
			total += tg_idmap_memory(op->edges);
		total += o->tags->len * (sizeof(tg_tag) + entry);
		for (guint k = 0; k < o->tags->len; k++)
			total += str_size(g_array_index(o->tags, tg_tag, k).tag);
		total += tg_tape_memory(o->uses);
		if (o->months)
			total += o->months->len * sizeof(tg_month);
		else if (op->months)
			total += g_hash_table_size(op->months) * (sizeof(tg_month) + entry);
	}
	return total;
}
