/* SPDX-License-Identifier: MIT */
/* Figures from a finished model: per-contact classes and dormancy, the
 * owner's shares, funnel, DM response times, automated senders, chats,
 * circles (through tg_circles_compute), resolution, hashtags and the
 * records summary. Pure computation: no I/O. */
#include "stats.h"

#include <math.h>
#include <string.h>

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

const char *tg_stats_pseudonym(const tg_stats *s, guint node)
{
	const tg_node *n = tg_model_node(s->model, node);

	if (!n)
		return NULL;
	return s->pseudonyms->pdata[n->canonical];
}

const char *tg_stats_id_pseudonym(const tg_stats *s, guint64 id)
{
	guint node = tg_model_find_id(s->model, id);

	if (node != G_MAXUINT)
		return tg_stats_pseudonym(s, node);
	return g_hash_table_lookup(s->id_pseudonyms, (gpointer)(guintptr)id);
}

const char *tg_stats_node_key(const tg_stats *s, guint node, gint level)
{
	if (tg_stats_hides(s, node, level) && tg_stats_pseudonym(s, node))
		return tg_stats_pseudonym(s, node);
	return s->keys->pdata[node];
}

/* ---- DMs ---- */

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
	return (x > y) - (x < y);
}

static void dm_figures(const tg_model *m, const tg_owner_model *o, tg_dm_figures *d)
{
	const tg_model_options *opts = tg_model_get_options(m);
	gboolean window = opts->since_ms || opts->until_ms;
	GArray *samples = g_array_new(FALSE, FALSE, sizeof(gint64));

	memset(d, 0, sizeof *d);
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
		for (guint k = 0; k < c->n_msgs; k++) {
			const tg_dm_msg *msg = &c->msgs[k];
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
	d->response_ms = samples;
}

/* ---- contacts ---- */

static gint cmp_contact_with(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_stats *s = user;
	const tg_contact *x = a, *y = b;
	int c;

	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	c = strcmp(s->ids->pdata[x->node], s->ids->pdata[y->node]);
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
	int c = strcmp(s->keys->pdata[x], s->keys->pdata[y]);
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

static void contacts_of(const tg_stats *s, const tg_owner_model *o, tg_owner_stats *os)
{
	const tg_model *m = s->model;

	/* Room for every rel at once: no copies left behind by growing. */
	os->contacts = g_array_sized_new(FALSE, TRUE, sizeof(tg_contact), o->n_rels);
	for (guint i = 0; i < o->n_rels; i++) {
		const tg_rel *r = &o->rels[i];
		tg_contact c = {0};

		c.node = r->node;
		c.n = tg_model_node(m, r->node);
		c.rel = r;
		c.talk_out = (guint64)r->count[TG_I_REPLY] + r->count[TG_I_MENTION] + r->count[TG_I_QUOTE] +
		             r->dms_sent;
		c.talk_in = (guint64)r->dms_received + r->group_dms_received;
		c.strength = c.talk_out + c.talk_in;
		c.cls = tg_class_of(c.talk_out, c.talk_in, r->count[TG_I_RETWEET], r->count[TG_I_CONTEXT],
		                    r->follows_me || r->i_follow);
		if (c.cls == TG_CLASS_NONE)
			continue;
		c.active_months = r->n_months;
		c.mutual = r->follows_me && r->i_follow;
		c.dormant = c.strength >= 3 && r->last_ms && o->end_ms - r->last_ms > YEAR_MS;
		c.automated = is_automated(&os->automated, c.n->id);
		c.circle = -1;
		g_array_append_val(os->contacts, c);
	}
	g_array_sort_with_data(os->contacts, cmp_contact_with, (gpointer)s);
}

/* ---- circles ---- */

static gboolean circles_of(const tg_stats *s, const tg_owner_model *o, tg_owner_stats *os,
                           GError **error)
{
	GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal);
	GArray *nodes = g_array_new(FALSE, FALSE, sizeof(guint));
	guint n_edges = o->edges->len;
	guint *eu = g_new(guint, MAX(n_edges, 1)), *ev = g_new(guint, MAX(n_edges, 1));
	double *ew = g_new(double, MAX(n_edges, 1));
	gint *membership = NULL;
	gboolean ok = FALSE;
	GHashTable *contact_of = g_hash_table_new(g_direct_hash, g_direct_equal);

	os->circles = g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
	os->modularity = NAN;
	for (guint i = 0; i < os->contacts->len; i++)
		g_hash_table_insert(contact_of,
		                    GUINT_TO_POINTER(g_array_index(os->contacts, tg_contact, i).node + 1),
		                    GUINT_TO_POINTER(i + 1));
	/* Nodes in key order, so that the same graph always gets the same
	 * numbering. */
	for (guint i = 0; i < n_edges; i++) {
		const tg_coedge *e = &g_array_index(o->edges, tg_coedge, i);
		if (g_hash_table_add(index, GUINT_TO_POINTER(e->u + 1)))
			g_array_append_val(nodes, e->u);
		if (g_hash_table_add(index, GUINT_TO_POINTER(e->v + 1)))
			g_array_append_val(nodes, e->v);
	}
	if (!nodes->len) {
		ok = TRUE;
		goto out;
	}
	g_array_sort_with_data(nodes, cmp_key_with, (gpointer)s);
	g_hash_table_remove_all(index);
	for (guint i = 0; i < nodes->len; i++)
		g_hash_table_insert(index, GUINT_TO_POINTER(g_array_index(nodes, guint, i) + 1),
		                    GUINT_TO_POINTER(i));
	for (guint i = 0; i < n_edges; i++) {
		const tg_coedge *e = &g_array_index(o->edges, tg_coedge, i);
		eu[i] = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(e->u + 1)));
		ev[i] = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(e->v + 1)));
		ew[i] = e->weight;
	}
	membership = g_new(gint, nodes->len);
	tg_debug_memory("stats: circles input");
	if (!tg_circles_compute(nodes->len, eu, ev, ew, n_edges, membership, &os->modularity, error))
		goto out;
	for (guint i = 0; i < nodes->len; i++) {
		guint node = g_array_index(nodes, guint, i);
		gint c = membership[i];
		gpointer ci;
		if (c < 0)
			continue;
		while (os->circles->len <= (guint)c)
			g_ptr_array_add(os->circles, g_array_new(FALSE, FALSE, sizeof(guint)));
		g_array_append_val((GArray *)os->circles->pdata[c], node);
		ci = g_hash_table_lookup(contact_of, GUINT_TO_POINTER(node + 1));
		if (ci)
			g_array_index(os->contacts, tg_contact, GPOINTER_TO_UINT(ci) - 1).circle = c;
	}
	ok = TRUE;
out:
	g_free(membership);
	g_free(eu);
	g_free(ev);
	g_free(ew);
	g_array_free(nodes, TRUE);
	g_hash_table_destroy(index);
	g_hash_table_destroy(contact_of);
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

static gboolean owner_stats(tg_stats *s, const tg_owner_model *o, tg_owner_stats *os, GError **error)
{
	guint64 named = 0, named_followers = 0, named_following = 0, reach = 0;

	os->om = o;
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

	dm_figures(s->model, o, &os->dms);
	tg_detect_automated(o, &os->automated);
	os->chats = tg_detect_chats(o);
	tg_memory_trim();
	tg_debug_memory("stats: dms, automated, chats");
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

	if (!circles_of(s, o, os, error))
		return FALSE;
	for (guint i = 0; i < os->circles->len; i++)
		g_array_sort_with_data(os->circles->pdata[i], cmp_key_with, s);
	for (guint i = 0; i < os->chats->len; i++)
		g_array_sort_with_data(g_array_index(os->chats, tg_chat, i).contacts, cmp_key_with, s);
	hashtags_of(o, os);
	return TRUE;
}

/* ---- pseudonyms ---- */

#define PSEUDONYM_DIGITS 10

/* One account to name: the HMAC of its message, and where the name goes. */
typedef struct pseudo_entry {
	guint8 mac[32];
	guint node;     /* G_MAXUINT for an automated sender with no node */
	guint64 id;     /* that sender's id */
	gboolean owner;
} pseudo_entry;

static gint cmp_pseudo(gconstpointer a, gconstpointer b)
{
	const pseudo_entry *x = a, *y = b;
	int c = memcmp(x->mac, y->mac, sizeof x->mac);
	if (c)
		return c;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Indices into a GArray of pseudo_entry, by their entries. */
static gint cmp_pseudo_at(gconstpointer a, gconstpointer b, gpointer user)
{
	const GArray *entries = user;
	return cmp_pseudo(&g_array_index(entries, pseudo_entry, *(const guint *)a),
	                  &g_array_index(entries, pseudo_entry, *(const guint *)b));
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
	GArray *entries = g_array_sized_new(FALSE, FALSE, sizeof(pseudo_entry), tg_model_n_nodes(m));
	guint *order;
	GHashTable *senders = g_hash_table_new(g_direct_hash, g_direct_equal);

	for (guint i = 0; i < tg_model_n_nodes(m); i++) {
		const tg_node *n = tg_model_node(m, i);
		pseudo_entry e = {{0}, i, n->id, n->owner != 0};
		char *msg;

		if (n->canonical != i)
			continue;
		msg = n->id ? g_strdup_printf("%" G_GUINT64_FORMAT, n->id)
		            : g_strconcat("name:", n->key ? n->key : "", NULL);
		pseudo_mac(base, msg, &e);
		g_free(msg);
		g_array_append_val(entries, e);
	}
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		for (guint k = 0; k < os->automated.senders->len; k++) {
			guint64 id = g_array_index(os->automated.senders, guint64, k);
			pseudo_entry e = {{0}, G_MAXUINT, id, FALSE};
			char msg[24];

			if (!id || tg_model_find_id(m, id) != G_MAXUINT ||
			    !g_hash_table_add(senders, (gpointer)(guintptr)id))
				continue;
			g_snprintf(msg, sizeof msg, "%" G_GUINT64_FORMAT, id);
			pseudo_mac(base, msg, &e);
			g_array_append_val(entries, e);
		}
	}
	/* Sorting indices, not the entries, spares a copy of them all. */
	order = g_new(guint, MAX(entries->len, 1));
	for (guint i = 0; i < entries->len; i++)
		order[i] = i;
	g_qsort_with_data(order, (gint)entries->len, sizeof(guint), cmp_pseudo_at, entries);
	for (guint i = 0, same = 0; i < entries->len; i++) {
		const pseudo_entry *e = &g_array_index(entries, pseudo_entry, order[i]);
		guint digits = PSEUDONYM_DIGITS, shared;
		GString *p = g_string_new(e->owner ? "o-" : "c-");

		if (i > 0) {
			shared = common_digits(e->mac, g_array_index(entries, pseudo_entry, order[i - 1]).mac);
			digits = MAX(digits, shared + 1);
			same = shared == 64 ? same + 1 : 0;
		}
		if (i + 1 < entries->len)
			digits = MAX(digits,
			             common_digits(e->mac, g_array_index(entries, pseudo_entry, order[i + 1]).mac) + 1);
		digits = MIN(digits, 64u);
		for (guint d = 0; d < digits; d++)
			g_string_append_c(p, "0123456789abcdef"[(e->mac[d / 2] >> (d % 2 ? 0 : 4)) & 0xf]);
		if (same)
			g_string_append_printf(p, "-%u", same + 1);
		if (e->node != G_MAXUINT)
			s->pseudonyms->pdata[e->node] = g_string_free(p, FALSE);
		else
			g_hash_table_insert(s->id_pseudonyms, (gpointer)(guintptr)e->id, g_string_free(p, FALSE));
	}
	g_free(order);
	g_array_free(entries, TRUE);
	g_hash_table_destroy(senders);
	g_hmac_unref(base);
	g_bytes_unref(key);
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

tg_stats *tg_stats_compute(const tg_model *m, GError **error)
{
	tg_stats *s = g_new0(tg_stats, 1);
	guint n = tg_model_n_nodes(m);

	s->model = m;
	s->owners = g_ptr_array_new_with_free_func(owner_stats_free);
	/* An id node's key is its id: one string for both. Freed by
	 * tg_stats_free(). */
	s->ids = g_ptr_array_sized_new(n);
	s->keys = g_ptr_array_sized_new(n);
	s->pseudonyms = g_ptr_array_new_full(n, g_free);
	s->id_pseudonyms = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	for (guint i = 0; i < n; i++) {
		const tg_node *nd = tg_model_node(m, i);
		if (nd->id) {
			char *id = g_strdup_printf("%" G_GUINT64_FORMAT, nd->id);
			g_ptr_array_add(s->ids, id);
			g_ptr_array_add(s->keys, id);
		} else {
			g_ptr_array_add(s->ids, (gpointer)"");
			g_ptr_array_add(s->keys, g_strconcat("name:", nd->screen_name ? nd->screen_name : nd->key,
			                                     NULL));
		}
		g_ptr_array_add(s->pseudonyms, NULL);
	}
	for (guint i = 0; i < tg_model_n_owners(m); i++) {
		tg_owner_stats *os = g_new0(tg_owner_stats, 1);
		g_ptr_array_add(s->owners, os);
		if (!owner_stats(s, tg_model_owner(m, i), os, error)) {
			tg_stats_free(s);
			return NULL;
		}
	}
	tg_debug_memory("stats: owners");
	pseudonyms_of(s);
	return s;
}

void tg_stats_free(tg_stats *s)
{
	if (!s)
		return;
	g_ptr_array_unref(s->owners);
	for (guint i = 0; i < s->keys->len; i++)
		g_free(s->keys->pdata[i]); /* ids[i] is keys[i], or "" */
	g_ptr_array_unref(s->ids);
	g_ptr_array_unref(s->keys);
	g_ptr_array_unref(s->pseudonyms);
	g_hash_table_destroy(s->id_pseudonyms);
	g_free(s);
}

/* ---- the graph ---- */

/* tg_graph first, so that the graph handed out can be freed through it. */
typedef struct graph_build {
	tg_graph graph;
	GArray *nodes; /* tg_gnode */
	GArray *edges; /* tg_gedge */
} graph_build;

static const char *const etype_names[TG_N_ETYPES] = {
	"reply", "mention", "context", "retweet", "quote", "dm", "dm", "group_dm",
};

static void add_edge(GArray *edges, guint from, guint to, const char *type, guint64 weight,
                     gint64 first, gint64 last)
{
	tg_gedge e = {from, to, type, weight, first, last};
	if (weight)
		g_array_append_val(edges, e);
}

static gint cmp_gedge(gconstpointer a, gconstpointer b)
{
	const tg_gedge *x = a, *y = b;
	int c;
	if (x->source != y->source)
		return (x->source > y->source) - (x->source < y->source);
	if (x->target != y->target)
		return (x->target > y->target) - (x->target < y->target);
	c = strcmp(x->type, y->type);
	if (c)
		return c;
	return (x->first_ms > y->first_ms) - (x->first_ms < y->first_ms);
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

tg_graph *tg_stats_graph_new(const tg_stats *s, gint level)
{
	const tg_model *m = s->model;
	graph_build *b = g_new0(graph_build, 1);
	GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal); /* node + 1 -> gnode + 1 */
	GArray *contacts = g_array_new(FALSE, FALSE, sizeof(guint));
	guint n_owners = tg_model_n_owners(m), w = 0;

	b->nodes = g_array_new(FALSE, TRUE, sizeof(tg_gnode));
	b->edges = g_array_new(FALSE, TRUE, sizeof(tg_gedge));
	for (guint i = 0; i < n_owners; i++) {
		const tg_owner_model *om = tg_model_owner(m, i);
		const tg_node *n = tg_model_node(m, om->node);
		tg_gnode g = {0};
		g.id = s->keys->pdata[om->node];
		g.screen_name = om->username ? om->username : "";
		g.name = om->display_name ? om->display_name : (n->name ? n->name : "");
		if (tg_stats_hides(s, om->node, level)) {
			g.id = tg_stats_pseudonym(s, om->node);
			g.screen_name = *g.screen_name ? g.id : "";
			g.name = *g.name ? g.id : "";
		}
		g.class = "owner";
		g.owner = TRUE;
		g.circle = -1;
		g_array_append_val(b->nodes, g);
		g_hash_table_insert(index, GUINT_TO_POINTER(om->node + 1), GUINT_TO_POINTER(i + 1));
	}
	/* Contacts of every owner, once, by key. */
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		for (guint k = 0; k < os->contacts->len; k++) {
			guint node = g_array_index(os->contacts, tg_contact, k).node;
			if (!g_hash_table_contains(index, GUINT_TO_POINTER(node + 1))) {
				g_hash_table_insert(index, GUINT_TO_POINTER(node + 1), NULL);
				g_array_append_val(contacts, node);
			}
		}
	}
	/* By what each node shows: hidden ids never decide an order. */
	if (level || s->anonymize)
		g_array_sort_with_data(contacts, cmp_graph_key, &(graph_sort){s, level});
	else
		g_array_sort_with_data(contacts, cmp_key_with, (gpointer)s);
	for (guint i = 0; i < contacts->len; i++) {
		guint node = g_array_index(contacts, guint, i);
		const tg_node *n = tg_model_node(m, node);
		tg_gnode g = {0};

		g.id = s->keys->pdata[node];
		g.screen_name = n->screen_name ? n->screen_name : "";
		g.name = n->name ? n->name : "";
		if (tg_stats_hides(s, node, level)) {
			g.id = tg_stats_pseudonym(s, node);
			g.screen_name = *g.screen_name ? g.id : "";
			g.name = *g.name ? g.id : "";
		}
		g.circle = -1;
		g.class = "";
		g_array_append_val(b->nodes, g);
		g_hash_table_insert(index, GUINT_TO_POINTER(node + 1), GUINT_TO_POINTER(b->nodes->len));
	}
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *os = s->owners->pdata[i];
		const tg_owner_model *om = os->om;
		guint on = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(om->node + 1))) - 1;

		for (guint k = 0; k < os->contacts->len; k++) {
			const tg_contact *c = &g_array_index(os->contacts, tg_contact, k);
			const tg_rel *r = c->rel;
			guint cn = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(c->node + 1))) - 1;
			tg_gnode *g = &g_array_index(b->nodes, tg_gnode, cn);
			gint64 by[TG_N_ETYPES][2];

			if (!*g->class) {
				g->class = tg_class_name(c->cls);
				g->strength = c->strength;
				g->circle = c->circle;
			}
			if (i == 0) {
				g->follows_me = r->follows_me;
				g->i_follow = r->i_follow;
			}
			for (int t = 0; t < TG_N_ETYPES; t++)
				tg_rel_by(om, r, (tg_etype)t, &by[t][0], &by[t][1]);
			for (int t = 0; t < TG_N_ITYPES; t++)
				add_edge(b->edges, on, cn, etype_names[t], r->count[t], by[t][0], by[t][1]);
			add_edge(b->edges, on, cn, "dm", r->dms_sent, by[TG_E_DM_SENT][0], by[TG_E_DM_SENT][1]);
			add_edge(b->edges, cn, on, "dm", r->dms_received, by[TG_E_DM_RECEIVED][0],
			         by[TG_E_DM_RECEIVED][1]);
			add_edge(b->edges, cn, on, "group_dm", r->group_dms_received, by[TG_E_GROUP_DM][0],
			         by[TG_E_GROUP_DM][1]);
			add_edge(b->edges, cn, on, "follows", r->follows_me, 0, 0);
			add_edge(b->edges, on, cn, "follows", r->i_follow, 0, 0);
		}
		for (guint k = 0; k < om->edges->len; k++) {
			const tg_coedge *e = &g_array_index(om->edges, tg_coedge, k);
			guint u = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(e->u + 1)));
			guint v = GPOINTER_TO_UINT(g_hash_table_lookup(index, GUINT_TO_POINTER(e->v + 1)));
			if (!u || !v)
				continue;
			add_edge(b->edges, MIN(u, v) - 1, MAX(u, v) - 1, "co", e->weight, e->first_ms, e->last_ms);
		}
	}
	/* One edge per (source, target, type). Two owners can both see an edge
	 * between them (a DM conversation, a follow): the same events, so the
	 * larger count is kept. "co" edges of different owners come from
	 * different tweets: their weights add up. */
	g_array_sort(b->edges, cmp_gedge);
	for (guint i = 0; i < b->edges->len; i++) {
		tg_gedge e = g_array_index(b->edges, tg_gedge, i);
		tg_gedge *last = w ? &g_array_index(b->edges, tg_gedge, w - 1) : NULL;
		if (last && last->source == e.source && last->target == e.target &&
		    strcmp(last->type, e.type) == 0) {
			if (strcmp(e.type, "co") == 0)
				last->weight += e.weight;
			else
				last->weight = MAX(last->weight, e.weight);
			if (e.first_ms && (!last->first_ms || e.first_ms < last->first_ms))
				last->first_ms = e.first_ms;
			last->last_ms = MAX(last->last_ms, e.last_ms);
			continue;
		}
		g_array_index(b->edges, tg_gedge, w++) = e;
	}
	g_array_set_size(b->edges, w);
	b->graph.nodes = (const tg_gnode *)b->nodes->data;
	b->graph.n_nodes = b->nodes->len;
	b->graph.edges = (const tg_gedge *)b->edges->data;
	b->graph.n_edges = b->edges->len;
	g_array_free(contacts, TRUE);
	g_hash_table_destroy(index);
	return &b->graph;
}

void tg_stats_graph_free(tg_graph *g)
{
	graph_build *b = (graph_build *)g;

	if (!b)
		return;
	g_array_free(b->nodes, TRUE);
	g_array_free(b->edges, TRUE);
	g_free(b);
}
