/* SPDX-License-Identifier: MIT */
/* Figures from a finished model: per-contact classes and dormancy, the
 * owner's shares, funnel, DM response times, automated senders, chats,
 * circles (through tg_circles_compute), resolution, hashtags and the
 * records summary. Pure computation: no I/O but the model's reads of its
 * tapes (tape.h). */
#include "stats.h"

#include <math.h>
#include <string.h>

#include "util.h"

G_STATIC_ASSERT(sizeof(gpointer) >= sizeof(guint64));

#define YEAR_MS (G_GINT64_CONSTANT(365) * 86400 * 1000)
#define TOP_HASHTAGS 50

static const char *const class_names[TG_N_CLASSES] = {
	"two-way", "unanswered-in", "one-way-out", "amplify-only", "context-only", "silent-follow",
};

const char *tg_class_name(tg_class c)
{
	return (unsigned)c < TG_N_CLASSES ? class_names[c] : "";
}

tg_class tg_class_of(guint64 talk_out, guint64 talk_in, guint64 retweets, guint64 context,
                     gboolean follow)
{
	if (talk_out > 0 && talk_in > 0)
		return TG_CLASS_TWO_WAY;
	if (talk_in > 0)
		return TG_CLASS_UNANSWERED_IN;
	if (talk_out > 0)
		return TG_CLASS_ONE_WAY_OUT;
	if (retweets > 0)
		return TG_CLASS_AMPLIFY_ONLY;
	if (context > 0)
		return TG_CLASS_CONTEXT_ONLY;
	if (follow)
		return TG_CLASS_SILENT_FOLLOW;
	return TG_CLASS_NONE;
}

static double ratio(guint64 num, guint64 den)
{
	return den ? (double)num / (double)den : NAN;
}

double tg_month_conversation_share(const tg_month *mo)
{
	return ratio(mo->conv_num, mo->conv_den);
}

double tg_stats_median(const gint64 *s, guint n)
{
	if (!n)
		return NAN;
	if (n % 2)
		return (double)s[n / 2];
	return ((double)s[n / 2 - 1] + (double)s[n / 2]) / 2.0;
}

gint64 tg_stats_p90(const gint64 *s, guint n)
{
	/* Nearest rank: the ceil(0.9 n)-th smallest. */
	guint64 rank = (9 * (guint64)n + 9) / 10;
	if (!n)
		return 0;
	return s[rank - 1];
}

gboolean tg_stats_hides(const tg_stats *s, guint node, gint level)
{
	const tg_node *n = tg_model_node(s->model, node);

	level = MAX(level, s->anonymize);
	return level >= 2 || (level >= 1 && n && !n->owner);
}

static void pseudonyms_of(tg_stats *s);

/* Makes the pseudonyms of S if not yet made. */
static void need_pseudonyms(const tg_stats *s)
{
	tg_stats *m = (tg_stats *)s; /* made once, behind g_once */

	if (g_once_init_enter(&m->pseudonyms_made)) {
		pseudonyms_of(m);
		g_once_init_leave(&m->pseudonyms_made, 1);
	}
}

const char *tg_stats_pseudonym(const tg_stats *s, guint node)
{
	const tg_node *n = tg_model_node(s->model, node);

	if (!n)
		return NULL;
	need_pseudonyms(s);
	return s->pseudonyms[n->canonical];
}

const char *tg_stats_node_id(const tg_stats *s, guint node)
{
	const tg_node *n = tg_model_node(s->model, node);

	return n && n->id ? s->keys[node] : "";
}

const char *tg_stats_id_pseudonym(const tg_stats *s, guint64 id)
{
	guint node = tg_model_find_id(s->model, id);

	if (node != G_MAXUINT)
		return tg_stats_pseudonym(s, node);
	need_pseudonyms(s);
	return g_hash_table_lookup(s->id_pseudonyms, (gpointer)(guintptr)id);
}

const char *tg_stats_node_key(const tg_stats *s, guint node, gint level)
{
	if (tg_stats_hides(s, node, level) && tg_stats_pseudonym(s, node))
		return tg_stats_pseudonym(s, node);
	return s->keys[node];
}

/* ---- DMs ---- */

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return (x > y) - (x < y);
}

/* The conversations are read one at a time: only one's messages are ever
 * in memory. */
static gboolean dm_figures(const tg_model *m, const tg_owner_model *o, tg_dm_figures *d, GError **error)
{
	const tg_model_options *opts = tg_model_get_options(m);
	gboolean window = opts->since_ms || opts->until_ms;
	GArray *samples = g_array_new(FALSE, FALSE, sizeof(gint64));
	GArray *msgs = g_array_new(FALSE, FALSE, sizeof(tg_dm_msg));

	memset(d, 0, sizeof *d);
	/* D owns it from here on, also on an error (owner_stats_free()). */
	d->response_ms = samples;
	for (guint i = 0; i < o->n_convs; i++) {
		const tg_conv *c = &o->convs[i];
		gboolean owner_wrote = FALSE, other_wrote = FALSE, first_seen = FALSE, by_other = FALSE;
		gint64 turn = -1;

		/* A conversation left empty by --since/--until is not counted. */
		if (window && !c->n_msgs)
			continue;
		if (!c->one_to_one) {
			d->group_conversations++;
			continue;
		}
		d->conversations++;
		if (!tg_conv_messages(o, i, msgs, error)) {
			g_array_free(msgs, TRUE);
			return FALSE;
		}
		for (guint k = 0; k < msgs->len; k++) {
			const tg_dm_msg *msg = &g_array_index(msgs, tg_dm_msg, k);
			guint64 sender = tg_dm_sender(o, msg);
			if (msg->welcome)
				continue;
			if (!first_seen) {
				first_seen = TRUE;
				by_other = sender != o->id;
			}
			if (sender == o->id) {
				d->sent++;
				owner_wrote = TRUE;
				if (turn >= 0) {
					gint64 dt = msg->ms - turn;
					g_array_append_val(samples, dt);
					turn = -1;
				}
			} else {
				if (sender == c->other) {
					d->received++;
					other_wrote = TRUE;
				}
				if (turn < 0)
					turn = msg->ms;
			}
		}
		d->two_sided += owner_wrote && other_wrote;
		if (by_other) {
			d->opened_by_other++;
			d->answered += owner_wrote;
		}
	}
	g_array_free(msgs, TRUE);
	d->response_rate = ratio(d->answered, d->opened_by_other);
	g_array_sort(samples, cmp_i64);
	d->response_samples = samples->len;
	if (samples->len) {
		const gint64 *s = (const gint64 *)samples->data;
		d->response_median_s = tg_stats_median(s, samples->len) / 1000.0;
		d->response_p90_s = (double)tg_stats_p90(s, samples->len) / 1000.0;
	} else {
		d->response_median_s = d->response_p90_s = NAN;
	}
	return TRUE;
}

/* ---- contacts ---- */

static gint cmp_contact_with(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_stats *s = user;
	const tg_contact *x = a, *y = b;
	int c;

	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	/* By id: an id node's key is its id, a name-only node has none (""). */
	c = strcmp(x->n->id ? s->keys[x->node] : "", y->n->id ? s->keys[y->node] : "");
	if (c)
		return c;
	c = g_strcmp0(x->n->screen_name, y->n->screen_name);
	if (c)
		return c;
	return (x->node > y->node) - (x->node < y->node);
}

static gint cmp_key_with(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_stats *s = user;
	guint x = *(const guint *)a, y = *(const guint *)b;
	int c = strcmp(s->keys[x], s->keys[y]);
	return c ? c : (x > y) - (x < y);
}

static gboolean is_automated(const tg_automated *a, guint64 id)
{
	guint lo = 0, hi = a->senders->len;

	if (!id)
		return FALSE;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		guint64 v = g_array_index(a->senders, guint64, mid);
		if (v == id)
			return TRUE;
		if (v < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return FALSE;
}

/* The class of rel R, its talk out and in in *TALK_OUT and *TALK_IN. */
static tg_class rel_class(const tg_rel *r, guint64 *talk_out, guint64 *talk_in)
{
	*talk_out = (guint64)r->count[TG_I_REPLY] + r->count[TG_I_MENTION] + r->count[TG_I_QUOTE] +
	            r->dms_sent;
	*talk_in = (guint64)r->dms_received + r->group_dms_received;
	return tg_class_of(*talk_out, *talk_in, r->count[TG_I_RETWEET], r->count[TG_I_CONTEXT],
	                   r->follows_me || r->i_follow);
}

/* The class of rel R of O and, when it has one, its figures in *C. */
static tg_class contact_of_rel(const tg_stats *s, const tg_owner_model *o, const tg_owner_stats *os,
                               const tg_rel *r, tg_contact *c)
{
	memset(c, 0, sizeof *c);
	c->node = r->node;
	c->rel = r;
	c->cls = rel_class(r, &c->talk_out, &c->talk_in);
	c->strength = c->talk_out + c->talk_in;
	if (c->cls == TG_CLASS_NONE)
		return c->cls;
	c->n = tg_model_node(s->model, r->node);
	c->active_months = r->n_months;
	c->mutual = r->follows_me && r->i_follow;
	tg_rel_span(o, r, &c->first_ms, &c->last_ms);
	c->dormant = c->strength >= 3 && c->last_ms && o->end_ms - c->last_ms > YEAR_MS;
	c->automated = is_automated(&os->automated, c->n->id);
	c->circle = -1;
	return c->cls;
}

/* The contacts of O, each in its circle (os->circles, computed first). */
static void contacts_of(const tg_stats *s, const tg_owner_model *o, tg_owner_stats *os)
{
	guint n = 0;
	gint *circle_of;
	tg_contact c;
	guint64 talk_out, talk_in;

	/* Counted first: room for the contacts only, not for every rel, and no
	 * copies left behind by growing. */
	for (guint i = 0; i < o->n_rels; i++)
		n += rel_class(&o->rels[i], &talk_out, &talk_in) != TG_CLASS_NONE;
	os->contacts = g_array_sized_new(FALSE, TRUE, sizeof(tg_contact), n);
	/* Each node's circle, -1 for none: an array is a fraction of a hash
	 * table's room. */
	circle_of = g_new(gint, MAX(s->n_nodes, 1));
	memset(circle_of, 0xff, (gsize)s->n_nodes * sizeof *circle_of);
	for (guint k = 0; k < os->circles->len; k++) {
		const GArray *members = os->circles->pdata[k];
		for (guint i = 0; i < members->len; i++)
			circle_of[g_array_index(members, guint, i)] = (gint)k;
	}
	for (guint i = 0; i < o->n_rels; i++) {
		if (contact_of_rel(s, o, os, &o->rels[i], &c) == TG_CLASS_NONE)
			continue;
		c.circle = circle_of[c.node];
		g_array_append_val(os->contacts, c);
	}
	g_free(circle_of);
	g_array_sort_with_data(os->contacts, cmp_contact_with, (gpointer)s);
}

/* ---- circles ---- */

/* ND's key (tg_stats_node_key() at level 0), copied into CHUNK. */
static const char *key_into(GStringChunk *chunk, const tg_node *nd)
{
	char id[24], *name;
	const char *key;

	if (nd->id) {
		gint len = g_snprintf(id, sizeof id, "%" G_GUINT64_FORMAT, nd->id);
		return g_string_chunk_insert_len(chunk, id, len);
	}
	name = g_strconcat("name:", nd->screen_name ? nd->screen_name : nd->key, NULL);
	key = g_string_chunk_insert(chunk, name);
	g_free(name);
	return key;
}

typedef struct keyed_node {
	const char *key;
	guint node;
} keyed_node;

/* By key, then node: cmp_key_with()'s order. */
static gint cmp_keyed_node(gconstpointer a, gconstpointer b, gpointer user)
{
	const keyed_node *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	(void)user;
	return c ? c : (x->node > y->node) - (x->node < y->node);
}

/* Leiden's input: the co-conversation edges of an owner, their ends
 * numbered by NUMBER (per model node). */
typedef struct circles_input {
	const GArray *edges; /* tg_coedge */
	const guint *number;
} circles_input;

static void circles_edge(gpointer user, guint i, guint *u, guint *v, double *w)
{
	const circles_input *in = user;
	const tg_coedge *e = &g_array_index(in->edges, tg_coedge, i);

	*u = in->number[e->u];
	*v = in->number[e->v];
	*w = e->weight;
}

/* The circles of O's co-conversation graph (os->circles, os->modularity).
 * Its nodes are numbered in key order, so that the same graph always gets
 * the same numbering. Runs before S has its keys (s->keys then take room
 * Leiden has given back): the nodes' keys are made here for the numbering,
 * and gone before Leiden runs. */
static gboolean circles_of(const tg_stats *s, const tg_owner_model *o, tg_owner_stats *os,
                           GError **error)
{
	guint n_edges = o->edges->len, n_nodes = 0;
	guint *number, *nodes;
	keyed_node *keyed;
	GStringChunk *keys;
	gint *membership;
	gboolean ok;

	os->circles = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	os->modularity = NAN;
	if (!n_edges)
		return TRUE;
	/* Per model node: its number in the graph, G_MAXUINT for none (an
	 * array: a fraction of a hash table's room). */
	number = g_new(guint, MAX(s->n_nodes, 1));
	memset(number, 0xff, (gsize)s->n_nodes * sizeof *number);
	for (guint i = 0; i < n_edges; i++) {
		const tg_coedge *e = &g_array_index(o->edges, tg_coedge, i);
		if (number[e->u] == G_MAXUINT) {
			number[e->u] = 0;
			n_nodes++;
		}
		if (number[e->v] == G_MAXUINT) {
			number[e->v] = 0;
			n_nodes++;
		}
	}
	keys = g_string_chunk_new(64 * 1024);
	keyed = g_new(keyed_node, n_nodes);
	for (guint i = 0, k = 0; i < n_edges; i++) {
		const tg_coedge *e = &g_array_index(o->edges, tg_coedge, i);
		guint ends[2] = {e->u, e->v};
		for (int j = 0; j < 2; j++) {
			if (number[ends[j]] != 0)
				continue;
			number[ends[j]] = 1;
			keyed[k++] = (keyed_node){key_into(keys, tg_model_node(s->model, ends[j])), ends[j]};
		}
	}
	g_qsort_with_data(keyed, (gint)n_nodes, sizeof *keyed, cmp_keyed_node, NULL);
	nodes = g_new(guint, n_nodes);
	for (guint i = 0; i < n_nodes; i++) {
		nodes[i] = keyed[i].node;
		number[nodes[i]] = i;
	}
	g_free(keyed);
	g_string_chunk_free(keys);
	membership = g_new(gint, n_nodes);
	tg_debug_memory("stats: circles input");
	ok = tg_circles_compute_fn(n_nodes, n_edges, circles_edge, &(circles_input){o->edges, number},
	                           membership, &os->modularity, error);
	g_free(number);
	for (guint i = 0; ok && i < n_nodes; i++) {
		gint c = membership[i];
		if (c < 0)
			continue;
		while (os->circles->len <= (guint)c)
			g_ptr_array_add(os->circles, g_array_new(FALSE, FALSE, sizeof(guint)));
		g_array_append_val((GArray *)os->circles->pdata[c], nodes[i]);
	}
	g_free(membership);
	g_free(nodes);
	return ok;
}

/* ---- hashtags ---- */

static gint cmp_hashtag(gconstpointer a, gconstpointer b)
{
	const tg_hashtag *x = a, *y = b;
	if (x->uses != y->uses)
		return x->uses > y->uses ? -1 : 1;
	return strcmp(x->tag, y->tag);
}

static void hashtags_of(const tg_owner_model *o, tg_owner_stats *os)
{
	os->hashtags = g_array_new(FALSE, FALSE, sizeof(tg_hashtag));
	for (guint i = 0; i < o->tags->len; i++) {
		const tg_tag *t = &g_array_index(o->tags, tg_tag, i);
		tg_hashtag h = {t->tag, t->uses};
		g_array_append_val(os->hashtags, h);
	}
	g_array_sort(os->hashtags, cmp_hashtag);
	if (os->hashtags->len > TOP_HASHTAGS)
		g_array_set_size(os->hashtags, TOP_HASHTAGS);
}

/* ---- owner ---- */

static void owner_stats_free(gpointer p)
{
	tg_owner_stats *os = p;

	tg_automated_clear(&os->automated);
	tg_chats_free(os->chats);
	if (os->circles)
		g_ptr_array_unref(os->circles);
	if (os->contacts)
		g_array_free(os->contacts, TRUE);
	if (os->hashtags)
		g_array_free(os->hashtags, TRUE);
	if (os->dms.response_ms)
		g_array_free(os->dms.response_ms, TRUE);
	g_free(os);
}

/* The figures of DMs, automated DMs and chats: the only readers of the
 * model's conversations and hashtag uses, first, so that these may go
 * before the rest (tg_stats_compute_release()). Errors: reading the tapes
 * of DM messages and hashtag uses. */
static gboolean owner_events(tg_stats *s, const tg_owner_model *o, tg_owner_stats *os, GError **error)
{
	os->om = o;
	if (!dm_figures(s->model, o, &os->dms, error) || !tg_detect_automated(o, &os->automated, error))
		return FALSE;
	os->chats = tg_detect_chats(s->model, o, error);
	return os->chats != NULL;
}

/* The circles, next: community detection takes the most room of all
 * figures, and its temporaries are gone before the rest take theirs. */
static gboolean owner_circles(tg_stats *s, const tg_owner_model *o, tg_owner_stats *os,
                              GError **error)
{
	if (!circles_of(s, o, os, error))
		return FALSE;
	tg_debug_memory("stats: circles");
	return TRUE;
}

/* The rest, after owner_circles(). */
static void owner_stats(tg_stats *s, const tg_owner_model *o, tg_owner_stats *os)
{
	guint64 named = 0, named_followers = 0, named_following = 0, reach = 0;

	for (guint i = 0; i < os->circles->len; i++)
		g_array_sort_with_data(os->circles->pdata[i], cmp_key_with, s);
	for (int k = 0; k < TG_N_KINDS; k++)
		os->tweets_total += o->kinds[k];
	os->conversation_share = ratio(o->conv_num, o->conv_den);
	for (guint i = 0; i < o->inputs->len; i++) {
		const tg_input *in = o->inputs->pdata[i];
		os->edited_versions_merged += in->edited_versions_merged;
		os->manifest_mismatches += in->manifest_mismatches;
		for (guint k = 0; in->files && k < in->files->len; k++) {
			const tg_file_report *f = in->files->pdata[k];
			os->records_read += f->read;
			os->records_skipped += f->skipped;
		}
	}

	contacts_of(s, o, os);
	tg_debug_memory("stats: contacts");

	for (guint i = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		gboolean has_name = c->n->screen_name && *c->n->screen_name;

		os->by_class[c->cls]++;
		os->dormant += c->dormant;
		named += has_name;
		if (c->rel->follows_me) {
			os->followers++;
			named_followers += has_name;
			os->funnel_followers.talked += c->strength > 0;
			os->funnel_followers.two_way += c->cls == TG_CLASS_TWO_WAY;
			reach += c->talk_in > 0;
		}
		if (c->rel->i_follow) {
			os->following++;
			named_following += has_name;
			os->funnel_following.talked += c->strength > 0;
			os->funnel_following.two_way += c->cls == TG_CLASS_TWO_WAY;
		}
		os->mutuals += c->mutual;
	}
	os->funnel_followers.total = os->followers;
	os->funnel_following.total = os->following;
	os->reach_out_rate = ratio(reach, os->followers);
	os->resolution_contacts = ratio(named, os->contacts->len);
	os->resolution_followers = ratio(named_followers, os->followers);
	os->resolution_following = ratio(named_following, os->following);
	os->unnamed_contacts = os->contacts->len - named;
	os->unnamed_followers = os->followers - named_followers;
	os->unnamed_following = os->following - named_following;

	for (guint i = 0; i < os->chats->len; i++)
		g_array_sort_with_data(g_array_index(os->chats, tg_chat, i).contacts, cmp_key_with, s);
	hashtags_of(o, os);
}

/* ---- pseudonyms ---- */

#define PSEUDONYM_DIGITS 10

/* One account to name: the HMAC of its message, and who it is: the node
 * WHO, or from tg_model_n_nodes() on, automated sender WHO - n_nodes with no
 * node (those in ascending id order, so that WHO orders as node, then id). */
typedef struct pseudo_entry {
	guint8 mac[32];
	guint who;
} pseudo_entry;

static gint cmp_pseudo(gconstpointer a, gconstpointer b)
{
	const pseudo_entry *x = a, *y = b;
	int c = memcmp(x->mac, y->mac, sizeof x->mac);
	if (c)
		return c;
	return (x->who > y->who) - (x->who < y->who);
}

/* Indices into an array of pseudo_entry, by their entries. */
static gint cmp_pseudo_at(gconstpointer a, gconstpointer b, gpointer user)
{
	const pseudo_entry *entries = user;
	return cmp_pseudo(&entries[*(const guint *)a], &entries[*(const guint *)b]);
}

/* Hex digits two MACs share at the start. */
static guint common_digits(const guint8 *a, const guint8 *b)
{
	guint n = 0;

	for (guint i = 0; i < 32; i++, n += 2) {
		if (a[i] == b[i])
			continue;
		return (a[i] >> 4) == (b[i] >> 4) ? n + 1 : n;
	}
	return 64;
}

static void pseudo_mac(const GHmac *base, const char *msg, pseudo_entry *e)
{
	GHmac *h = g_hmac_copy(base);
	gsize n = sizeof e->mac;

	g_hmac_update(h, (const guchar *)msg, -1);
	g_hmac_get_digest(h, e->mac, &n);
	g_hmac_unref(h);
}

/* Every canonical node and every automated sender without a node gets
 * "c-"/"o-" and the first PSEUDONYM_DIGITS hex digits of its HMAC, more
 * where two share them (sorted by MAC, a name takes one digit more than
 * it shares with either neighbour), and in the impossible case of two equal
 * MACs a "-2", "-3"... Only the analysis's own accounts take part, so the
 * result is the same for the same inputs and salt. */
static void pseudonyms_of(tg_stats *s)
{
	const tg_model *m = s->model;
	GBytes *key = tg_model_pseudonym_key(m, NULL);
	gsize klen = 0;
	const guchar *kdata = g_bytes_get_data(key, &klen);
	/* An empty salt is a key of zero bytes: HMAC allows it. */
	GHmac *base = g_hmac_new(G_CHECKSUM_SHA256, kdata ? kdata : (const guchar *)"", klen);
	GArray *senders = g_array_new(FALSE, FALSE, sizeof(guint64));
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	pseudo_entry *entries;
	guint n_entries = 0, *order;

	s->pseudonyms = g_new0(const char *, MAX(s->n_nodes, 1));

	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		for (guint k = 0; k < os->automated.senders->len; k++) {
			guint64 id = g_array_index(os->automated.senders, guint64, k);
			if (id && tg_model_find_id(m, id) == G_MAXUINT &&
			    g_hash_table_add(seen, (gpointer)(guintptr)id))
				g_array_append_val(senders, id);
		}
	}
	g_array_sort(senders, tg_cmp_u64);
	for (guint i = 0; i < s->n_nodes; i++)
		n_entries += tg_model_node(m, i)->canonical == i;
	/* Exactly the room needed: one entry per account. */
	entries = g_new(pseudo_entry, MAX(n_entries + senders->len, 1));
	n_entries = 0;
	for (guint i = 0; i < s->n_nodes; i++) {
		const tg_node *n = tg_model_node(m, i);
		pseudo_entry *e = &entries[n_entries];
		char buf[24], *msg = buf;

		if (n->canonical != i)
			continue;
		if (n->id)
			g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, n->id);
		else
			msg = g_strconcat("name:", n->key ? n->key : "", NULL);
		e->who = i;
		pseudo_mac(base, msg, e);
		if (msg != buf)
			g_free(msg);
		n_entries++;
	}
	for (guint k = 0; k < senders->len; k++) {
		pseudo_entry *e = &entries[n_entries++];
		char msg[24];

		g_snprintf(msg, sizeof msg, "%" G_GUINT64_FORMAT, g_array_index(senders, guint64, k));
		e->who = s->n_nodes + k;
		pseudo_mac(base, msg, e);
	}
	/* Sorting indices, not the entries, spares a copy of them all. */
	order = g_new(guint, MAX(n_entries, 1));
	for (guint i = 0; i < n_entries; i++)
		order[i] = i;
	g_qsort_with_data(order, (gint)n_entries, sizeof(guint), cmp_pseudo_at, entries);
	for (guint i = 0, same = 0; i < n_entries; i++) {
		const pseudo_entry *e = &entries[order[i]];
		gboolean node = e->who < s->n_nodes;
		guint digits = PSEUDONYM_DIGITS, shared;
		/* "c-", up to 64 digits, "-" and a count, copied into S's strings. */
		char buf[2 + 64 + 1 + 10 + 1], *p = buf;
		const char *name;

		*p++ = node && tg_model_node(m, e->who)->owner ? 'o' : 'c';
		*p++ = '-';
		if (i > 0) {
			shared = common_digits(e->mac, entries[order[i - 1]].mac);
			digits = MAX(digits, shared + 1);
			same = shared == 64 ? same + 1 : 0;
		}
		if (i + 1 < n_entries)
			digits = MAX(digits, common_digits(e->mac, entries[order[i + 1]].mac) + 1);
		digits = MIN(digits, 64u);
		for (guint d = 0; d < digits; d++)
			*p++ = "0123456789abcdef"[(e->mac[d / 2] >> (d % 2 ? 0 : 4)) & 0xf];
		if (same)
			p += g_snprintf(p, sizeof buf - (gsize)(p - buf), "-%u", same + 1);
		name = g_string_chunk_insert_len(s->strings, buf, p - buf);
		if (node)
			s->pseudonyms[e->who] = name;
		else
			g_hash_table_insert(s->id_pseudonyms,
			                    (gpointer)(guintptr)g_array_index(senders, guint64, e->who - s->n_nodes),
			                    (gpointer)name);
	}
	g_free(order);
	g_free(entries);
	g_array_free(senders, TRUE);
	g_hash_table_destroy(seen);
	g_hmac_unref(base);
	g_bytes_unref(key);
	tg_debug_memory("stats: pseudonyms");
}

static gint cmp_shown_contact(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_stats *s = user;
	const tg_contact *x = a, *y = b;
	int c;

	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	c = strcmp(tg_stats_node_key(s, x->node, 0), tg_stats_node_key(s, y->node, 0));
	return c ? c : (x->node > y->node) - (x->node < y->node);
}

static gint cmp_shown_key(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_stats *s = user;
	guint x = *(const guint *)a, y = *(const guint *)b;
	int c = strcmp(tg_stats_node_key(s, x, 0), tg_stats_node_key(s, y, 0));
	return c ? c : (x > y) - (x < y);
}

void tg_stats_anonymize(tg_stats *s, gint level)
{
	s->anonymize = CLAMP(level, 0, 2);
	if (!s->anonymize)
		return;
	for (guint i = 0; i < s->owners->len; i++) {
		tg_owner_stats *os = s->owners->pdata[i];
		g_array_sort_with_data(os->contacts, cmp_shown_contact, s);
		for (guint k = 0; k < os->circles->len; k++)
			g_array_sort_with_data(os->circles->pdata[k], cmp_shown_key, s);
		for (guint k = 0; k < os->chats->len; k++)
			g_array_sort_with_data(g_array_index(os->chats, tg_chat, k).contacts, cmp_shown_key, s);
	}
}

/* Each node's key: "name:" and its name for a name-only node, else its
 * decimal id (which is also its id for contacts.csv). */
static void keys_of(tg_stats *s)
{
	s->keys = g_new(const char *, MAX(s->n_nodes, 1));
	for (guint i = 0; i < s->n_nodes; i++)
		s->keys[i] = key_into(s->strings, tg_model_node(s->model, i));
}

/* RELEASE is M, when its events may go once their figures are made, or
 * NULL. */
static tg_stats *compute(const tg_model *m, tg_model *release, GError **error)
{
	tg_stats *s = g_new0(tg_stats, 1);

	s->model = m;
	s->owners = g_ptr_array_new_with_free_func(owner_stats_free);
	s->n_nodes = tg_model_n_nodes(m);
	/* Short strings, one per node or two: in blocks of 64 KiB. */
	s->strings = g_string_chunk_new(64 * 1024);
	s->id_pseudonyms = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < tg_model_n_owners(m); i++) {
		tg_owner_stats *os = g_new0(tg_owner_stats, 1);
		g_ptr_array_add(s->owners, os);
		if (!owner_events(s, tg_model_owner(m, i), os, error)) {
			tg_stats_free(s);
			return NULL;
		}
	}
	if (release) {
		tg_model_release_events(release);
		tg_memory_trim();
	}
	tg_debug_memory("stats: dms, automated, chats");
	for (guint i = 0; i < s->owners->len; i++) {
		tg_owner_stats *os = s->owners->pdata[i];
		if (!owner_circles(s, tg_model_owner(m, i), os, error)) {
			tg_stats_free(s);
			return NULL;
		}
	}
	keys_of(s);
	for (guint i = 0; i < s->owners->len; i++)
		owner_stats(s, tg_model_owner(m, i), s->owners->pdata[i]);
	tg_debug_memory("stats: owners");
	return s;
}

tg_stats *tg_stats_compute(const tg_model *m, GError **error)
{
	return compute(m, NULL, error);
}

tg_stats *tg_stats_compute_release(tg_model *m, GError **error)
{
	return compute(m, m, error);
}

void tg_stats_free(tg_stats *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->owners);
	g_free(s->keys);
	g_free(s->pseudonyms);
	g_hash_table_destroy(s->id_pseudonyms);
	g_string_chunk_free(s->strings);
	g_free(s);
}

/* ---- the graph ---- */

/* What an edge of the graph is: one of the figures of a contact of an owner
 * (a tg_etype, toward the contact, or from it for TG_E_DM_RECEIVED,
 * TG_E_GROUP_DM and E_FOLLOWS_ME), a co-conversation edge of an owner, or
 * the edges of several owners merged into one. */
typedef enum graph_kind {
	E_FOLLOWS_ME = TG_N_ETYPES,
	E_I_FOLLOW,
	E_CO,
	E_MERGED
} graph_kind;

static const char *const kind_types[] = {
	"reply", "mention", "context", "retweet", "quote", "dm", "dm", "group_dm", "follows", "follows", "co",
};

/* An edge as the graph holds it, 16 bytes against a tg_gedge's 40: its
 * figures are read from the stats when a writer asks for it. ITEM numbers
 * the contacts of all owners, one owner after the other (for the kinds of a
 * contact), their co-conversation edges likewise (E_CO), or the merged
 * edges (E_MERGED). */
typedef struct graph_edge {
	guint source, target;
	guint item;
	guint kind;
} graph_edge;

/* A node as the graph holds it, 12 bytes against a tg_gnode's 56: an owner
 * (the first nodes, in model order) or a contact, by its model node.
 * ITEM is the contact (items as in graph_edge) of the first owner it is a
 * contact of, whose class, strength and circle it shows; G_MAXUINT for an
 * owner. FLAGS: the follows toward the first owner. */
typedef struct graph_node {
	guint node;
	guint item;
	guint flags;
} graph_node;

#define FOLLOWS_ME 1u
#define I_FOLLOW 2u

/* tg_graph first, so that the graph handed out can be freed through it. */
typedef struct graph_build {
	tg_graph graph;
	const tg_stats *s;
	gint level;
	graph_node *nodes;
	graph_edge *edges;
	GArray *merged;       /* tg_gedge */
	guint n_owners;
	guint *first_contact; /* per owner: the item of its first contact */
	guint *first_co;      /* per owner: the item of its first co-conversation edge */
} graph_build;

/* The owner of ITEM, FIRST holding each owner's first item. */
static guint owner_of_item(const guint *first, guint n_owners, guint item)
{
	guint lo = 0, hi = n_owners;

	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (first[mid] <= item)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The contact ITEM, and in *OWNER its owner. */
static const tg_contact *contact_of_item(const graph_build *b, guint item, guint *owner)
{
	guint o = owner_of_item(b->first_contact, b->n_owners, item);
	const tg_owner_stats *os = b->s->owners->pdata[o];

	*owner = o;
	return &g_array_index(os->contacts, tg_contact, item - b->first_contact[o]);
}

static void graph_node_at(const tg_graph *g, guint i, tg_gnode *n)
{
	const graph_build *b = (const graph_build *)g;
	const graph_node *r = &b->nodes[i];
	const tg_stats *s = b->s;
	const tg_node *nd = tg_model_node(s->model, r->node);
	gint level = MAX(b->level, s->anonymize);

	memset(n, 0, sizeof *n);
	n->id = s->keys[r->node];
	n->circle = -1;
	if (i < b->n_owners) {
		const tg_owner_model *om = tg_model_owner(s->model, i);
		n->screen_name = om->username ? om->username : "";
		n->name = om->display_name ? om->display_name : (nd->name ? nd->name : "");
		n->class = "owner";
		n->owner = TRUE;
	} else {
		n->screen_name = nd->screen_name ? nd->screen_name : "";
		n->name = nd->name ? nd->name : "";
		n->class = "";
	}
	/* tg_stats_hides(), with the node at hand. */
	if (level >= 2 || (level >= 1 && !nd->owner)) {
		n->id = tg_stats_pseudonym(s, r->node);
		n->screen_name = *n->screen_name ? n->id : "";
		n->name = *n->name ? n->id : "";
	}
	if (r->item != G_MAXUINT) {
		guint o;
		const tg_contact *c = contact_of_item(b, r->item, &o);
		n->class = tg_class_name(c->cls);
		n->strength = c->strength;
		n->circle = c->circle;
	}
	n->follows_me = (r->flags & FOLLOWS_ME) != 0;
	n->i_follow = (r->flags & I_FOLLOW) != 0;
}

static guint64 pair_weight(const tg_rel *r, graph_kind k)
{
	switch ((int)k) {
	case TG_E_DM_SENT: return r->dms_sent;
	case TG_E_DM_RECEIVED: return r->dms_received;
	case TG_E_GROUP_DM: return r->group_dms_received;
	case E_FOLLOWS_ME: return r->follows_me;
	case E_I_FOLLOW: return r->i_follow;
	default: return r->count[k];
	}
}

/* Edge R's figures into *E. */
static void graph_edge_figures(const graph_build *b, const graph_edge *r, tg_gedge *e)
{
	const tg_owner_stats *os;
	guint o;

	if (r->kind == E_MERGED) {
		*e = g_array_index(b->merged, tg_gedge, r->item);
		return;
	}
	e->source = r->source;
	e->target = r->target;
	e->type = kind_types[r->kind];
	if (r->kind == E_CO) {
		o = owner_of_item(b->first_co, b->n_owners, r->item);
		os = b->s->owners->pdata[o];
		const tg_coedge *c = &g_array_index(os->om->edges, tg_coedge, r->item - b->first_co[o]);
		e->weight = c->weight;
		e->first_ms = c->first_ms;
		e->last_ms = c->last_ms;
		return;
	}
	const tg_rel *rel = contact_of_item(b, r->item, &o)->rel;
	os = b->s->owners->pdata[o];
	e->weight = pair_weight(rel, (graph_kind)r->kind);
	if (r->kind < TG_N_ETYPES)
		tg_rel_by(os->om, rel, (tg_etype)r->kind, &e->first_ms, &e->last_ms);
	else
		e->first_ms = e->last_ms = 0; /* follows: undated */
}

static void graph_edge_at(const tg_graph *g, guint i, tg_gedge *e)
{
	const graph_build *b = (const graph_build *)g;
	graph_edge_figures(b, &b->edges[i], e);
}

static const char *graph_edge_type(const graph_build *b, const graph_edge *r)
{
	if (r->kind == E_MERGED)
		return g_array_index(b->merged, tg_gedge, r->item).type;
	return kind_types[r->kind];
}

/* Whether X and Y join the same nodes with the same type. */
static gboolean same_graph_edge(const graph_build *b, const graph_edge *x, const graph_edge *y)
{
	return x->source == y->source && x->target == y->target &&
	       strcmp(graph_edge_type(b, x), graph_edge_type(b, y)) == 0;
}

/* By source, target, type, then first date. */
static gint cmp_graph_edge(const graph_build *b, const graph_edge *x, const graph_edge *y)
{
	tg_gedge ex, ey;
	int c;

	if (x->source != y->source)
		return (x->source > y->source) - (x->source < y->source);
	if (x->target != y->target)
		return (x->target > y->target) - (x->target < y->target);
	c = strcmp(graph_edge_type(b, x), graph_edge_type(b, y));
	if (c)
		return c;
	/* Only edges of several owners get here: the figures, then. */
	graph_edge_figures(b, x, &ex);
	graph_edge_figures(b, y, &ey);
	return (ex.first_ms > ey.first_ms) - (ex.first_ms < ey.first_ms);
}

/* Indices into b->edges, by their edges. */
static gint cmp_graph_edge_at(gconstpointer a, gconstpointer c, gpointer user)
{
	const graph_build *b = user;
	return cmp_graph_edge(b, &b->edges[*(const guint *)a], &b->edges[*(const guint *)c]);
}

/* Sorts the N edges of B in place: a stable merge sort of their indices,
 * then each edge moved to its place along the cycles of the permutation. */
static void sort_graph_edges(graph_build *b, guint n)
{
	guint *order = g_new(guint, MAX(n, 1));

	for (guint i = 0; i < n; i++)
		order[i] = i;
	g_qsort_with_data(order, (gint)n, sizeof(guint), cmp_graph_edge_at, b);
	/* Position j takes the edge at order[j]; a position done gets
	 * order[j] = j. */
	for (guint i = 0; i < n; i++) {
		graph_edge first;
		guint j = i;

		if (order[i] == i)
			continue;
		first = b->edges[i];
		for (;;) {
			guint k = order[j];
			order[j] = j;
			if (k == i) {
				b->edges[j] = first;
				break;
			}
			b->edges[j] = b->edges[k];
			j = k;
		}
	}
	g_free(order);
}

/* Adds an edge to EDGES (NULL: counts it only) when it has a weight. */
static void add_edge(graph_edge *edges, guint *n, guint from, guint to, guint64 weight, guint item,
                     graph_kind kind)
{
	if (!weight)
		return;
	if (edges)
		edges[*n] = (graph_edge){from, to, item, kind};
	(*n)++;
}

typedef struct graph_sort {
	const tg_stats *s;
	gint level;
} graph_sort;

static gint cmp_graph_key(gconstpointer a, gconstpointer b, gpointer user)
{
	const graph_sort *gs = user;
	guint x = *(const guint *)a, y = *(const guint *)b;
	int c = strcmp(tg_stats_node_key(gs->s, x, gs->level), tg_stats_node_key(gs->s, y, gs->level));
	return c ? c : (x > y) - (x < y);
}

/* The edges of every owner into b->edges (NULL: counted only), as many as
 * *N says at the end; the contacts' own figures into their nodes. INDEX maps
 * a model node to its graph node + 1. */
static void graph_edges(graph_build *b, const guint *index, guint *n)
{
	const tg_stats *s = b->s;
	guint item = 0, co = 0;

	*n = 0;
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		const tg_owner_model *om = os->om;
		guint on = index[om->node] - 1;

		b->first_contact[i] = item;
		for (guint k = 0; k < os->contacts->len; k++, item++) {
			const tg_contact *c = &g_array_index(os->contacts, tg_contact, k);
			const tg_rel *r = c->rel;
			guint cn = index[c->node] - 1;

			if (b->edges) {
				graph_node *g = &b->nodes[cn];
				/* An owner shows no contact's figures. */
				if (cn >= b->n_owners && g->item == G_MAXUINT)
					g->item = item;
				if (i == 0)
					g->flags = (r->follows_me ? FOLLOWS_ME : 0) | (r->i_follow ? I_FOLLOW : 0);
			}
			for (graph_kind t = (graph_kind)TG_E_REPLY; t <= E_I_FOLLOW; t++) {
				gboolean in = t == (graph_kind)TG_E_DM_RECEIVED || t == (graph_kind)TG_E_GROUP_DM ||
				              t == E_FOLLOWS_ME;
				add_edge(b->edges, n, in ? cn : on, in ? on : cn, pair_weight(r, t), item, t);
			}
		}
		b->first_co[i] = co;
		for (guint k = 0; k < om->edges->len; k++, co++) {
			const tg_coedge *e = &g_array_index(om->edges, tg_coedge, k);
			guint u = index[e->u], v = index[e->v];
			if (!u || !v)
				continue;
			add_edge(b->edges, n, MIN(u, v) - 1, MAX(u, v) - 1, e->weight, co, E_CO);
		}
	}
}

tg_graph *tg_stats_graph_new(const tg_stats *s, gint level)
{
	const tg_model *m = s->model;
	graph_build *b = g_new0(graph_build, 1);
	/* Per model node: its graph node + 1, 0 for none (PENDING: a contact
	 * not numbered yet). An array is a fraction of a hash table's room. */
	const guint pending = G_MAXUINT;
	guint *index = g_new0(guint, MAX(s->n_nodes, 1));
	guint *contacts;
	guint n_owners = tg_model_n_owners(m), n_contacts = 0, n_edges = 0, w = 0;

	b->s = s;
	b->level = level;
	b->n_owners = s->owners->len;
	b->first_contact = g_new(guint, MAX(b->n_owners, 1));
	b->first_co = g_new(guint, MAX(b->n_owners, 1));
	b->merged = g_array_new(FALSE, FALSE, sizeof(tg_gedge));
	for (guint i = 0; i < n_owners; i++)
		index[tg_model_owner(m, i)->node] = i + 1;
	/* Contacts of every owner, once, by key. */
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		for (guint k = 0; k < os->contacts->len; k++) {
			guint node = g_array_index(os->contacts, tg_contact, k).node;
			if (!index[node]) {
				index[node] = pending;
				n_contacts++;
			}
		}
	}
	contacts = g_new(guint, MAX(n_contacts, 1));
	for (guint i = 0, k = 0; i < s->n_nodes; i++)
		if (index[i] == pending)
			contacts[k++] = i;
	/* By what each node shows: hidden ids never decide an order. */
	if (level || s->anonymize)
		g_qsort_with_data(contacts, (gint)n_contacts, sizeof(guint), cmp_graph_key,
		                  &(graph_sort){s, level});
	else
		g_qsort_with_data(contacts, (gint)n_contacts, sizeof(guint), cmp_key_with, (gpointer)s);

	b->nodes = g_new(graph_node, MAX(n_owners + n_contacts, 1));
	for (guint i = 0; i < n_owners; i++)
		b->nodes[i] = (graph_node){tg_model_owner(m, i)->node, G_MAXUINT, 0};
	for (guint i = 0; i < n_contacts; i++) {
		b->nodes[n_owners + i] = (graph_node){contacts[i], G_MAXUINT, 0};
		index[contacts[i]] = n_owners + i + 1;
	}
	g_free(contacts);

	/* Counted, then made: the edges take their room once, exactly. */
	graph_edges(b, index, &n_edges);
	b->edges = g_new(graph_edge, MAX(n_edges, 1));
	graph_edges(b, index, &n_edges);
	g_free(index);

	/* One edge per (source, target, type). Two owners can both see an edge
	 * between them (a DM conversation, a follow): the same events, so the
	 * larger count is kept. "co" edges of different owners come from
	 * different tweets: their weights add up. */
	sort_graph_edges(b, n_edges);
	for (guint i = 0, j; i < n_edges; i = j) {
		tg_gedge e, next;

		for (j = i + 1; j < n_edges && same_graph_edge(b, &b->edges[i], &b->edges[j]); j++)
			;
		if (j == i + 1) {
			b->edges[w++] = b->edges[i];
			continue;
		}
		graph_edge_figures(b, &b->edges[i], &e);
		for (guint k = i + 1; k < j; k++) {
			graph_edge_figures(b, &b->edges[k], &next);
			if (strcmp(next.type, "co") == 0)
				e.weight += next.weight;
			else
				e.weight = MAX(e.weight, next.weight);
			if (next.first_ms && (!e.first_ms || next.first_ms < e.first_ms))
				e.first_ms = next.first_ms;
			e.last_ms = MAX(e.last_ms, next.last_ms);
		}
		b->edges[w++] = (graph_edge){e.source, e.target, b->merged->len, E_MERGED};
		g_array_append_val(b->merged, e);
	}
	if (w < n_edges)
		b->edges = g_renew(graph_edge, b->edges, MAX(w, 1));
	b->graph.n_nodes = n_owners + n_contacts;
	b->graph.node = graph_node_at;
	b->graph.n_edges = w;
	b->graph.edge = graph_edge_at;
	return &b->graph;
}

void tg_stats_graph_free(tg_graph *g)
{
	graph_build *b = (graph_build *)g;

	if (!b)
		return;
	g_free(b->nodes);
	g_free(b->edges);
	g_array_free(b->merged, TRUE);
	g_free(b->first_contact);
	g_free(b->first_co);
	g_free(b);
}
