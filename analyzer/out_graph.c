/* SPDX-License-Identifier: MIT */
/* The relationship graph of an analysis as a tg_graph: owners and contacts
 * as nodes, owner -> contact edges per interaction type, contact -> owner DM
 * edges, co-conversation edges among contacts, and follow edges. */
#include "out_graph.h"

#include <string.h>

struct tg_graph_build {
	tg_graph g;
	GArray *nodes;     /* tg_gnode */
	GArray *edges;     /* tg_gedge */
	GStringChunk *strings;
	GHashTable *index; /* model node -> 1 + graph node */
	const tg_owner_stats *first;
	GHashTable *first_contact; /* model node -> 1 + index in first->contacts */
};

static guint node_of(tg_graph_build *b, const tg_stats *s, guint node, gboolean anonymize)
{
	gpointer v = g_hash_table_lookup(b->index, GUINT_TO_POINTER(node));
	if (v)
		return GPOINTER_TO_UINT(v) - 1;
	const tg_node *n = tg_model_node(s->model, node);
	tg_gnode g = {0};
	g.id = g_string_chunk_insert_const(b->strings, tg_stats_node_key(s, node, anonymize && !n->owner));
	g.screen_name = (anonymize && !n->owner) || !n->screen_name ? "" :
	                g_string_chunk_insert_const(b->strings, n->screen_name);
	g.name = (anonymize && !n->owner) || !n->name ? "" : g_string_chunk_insert_const(b->strings, n->name);
	g.owner = n->owner != 0;
	g.class = g.owner ? "owner" : "";
	g.circle = -1;
	/* Class, strength, follows and circle toward the first owner. */
	guint at = GPOINTER_TO_UINT(g_hash_table_lookup(b->first_contact, GUINT_TO_POINTER(node)));
	if (!g.owner && at) {
		const tg_contact *c = &g_array_index(b->first->contacts, tg_contact, at - 1);
		g.class = tg_class_name(c->cls);
		g.strength = c->strength;
		g.follows_me = c->rel->follows_me;
		g.i_follow = c->rel->i_follow;
		g.circle = c->circle;
	}
	g_array_append_val(b->nodes, g);
	g_hash_table_insert(b->index, GUINT_TO_POINTER(node), GUINT_TO_POINTER(b->nodes->len));
	return b->nodes->len - 1;
}

static void edge(tg_graph_build *b, guint u, guint v, const char *type, guint64 weight, gint64 first,
                 gint64 last)
{
	if (!weight)
		return;
	tg_gedge e = {u, v, type, weight, first, last};
	g_array_append_val(b->edges, e);
}

tg_graph_build *tg_graph_build_new(const tg_stats *s, gboolean anonymize)
{
	tg_graph_build *b = g_new0(tg_graph_build, 1);
	b->nodes = g_array_new(FALSE, FALSE, sizeof(tg_gnode));
	b->edges = g_array_new(FALSE, FALSE, sizeof(tg_gedge));
	b->strings = g_string_chunk_new(4096);
	b->index = g_hash_table_new(g_direct_hash, g_direct_equal);
	b->first = s->owners->pdata[0];
	b->first_contact = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < b->first->contacts->len; i++)
		g_hash_table_insert(b->first_contact,
		                    GUINT_TO_POINTER(g_array_index(b->first->contacts, tg_contact, i).node),
		                    GUINT_TO_POINTER(i + 1));

	/* Owners first, then each owner's contacts in strength order: a stable
	 * order that puts what matters at the top of every file. */
	for (guint o = 0; o < s->owners->len; o++)
		node_of(b, s, ((tg_owner_stats *)s->owners->pdata[o])->om->node, anonymize);
	for (guint o = 0; o < s->owners->len; o++) {
		const tg_owner_stats *os = s->owners->pdata[o];
		guint me = node_of(b, s, os->om->node, anonymize);
		for (guint i = 0; i < os->contacts->len; i++) {
			const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
			const tg_rel *r = c->rel;
			guint u = node_of(b, s, c->node, anonymize);
			edge(b, me, u, "reply", r->count[TG_I_REPLY], r->first_ms, r->last_ms);
			edge(b, me, u, "mention", r->count[TG_I_MENTION], r->first_ms, r->last_ms);
			edge(b, me, u, "quote", r->count[TG_I_QUOTE], r->first_ms, r->last_ms);
			edge(b, me, u, "retweet", r->count[TG_I_RETWEET], r->first_ms, r->last_ms);
			edge(b, me, u, "context", r->count[TG_I_CONTEXT], r->first_ms, r->last_ms);
			edge(b, me, u, "dm", r->dms_sent, r->first_ms, r->last_ms);
			edge(b, u, me, "dm", r->dms_received, r->first_ms, r->last_ms);
			edge(b, u, me, "group_dm", r->group_dms_received, r->first_ms, r->last_ms);
			if (r->follows_me)
				edge(b, u, me, "follows", 1, 0, 0);
			if (r->i_follow)
				edge(b, me, u, "follows", 1, 0, 0);
		}
		for (guint i = 0; i < os->om->edges->len; i++) {
			const tg_coedge *e = &g_array_index(os->om->edges, tg_coedge, i);
			edge(b, node_of(b, s, e->u, anonymize), node_of(b, s, e->v, anonymize), "co",
			     e->weight, e->first_ms, e->last_ms);
		}
	}
	b->g.nodes = (const tg_gnode *)b->nodes->data;
	b->g.n_nodes = b->nodes->len;
	b->g.edges = (const tg_gedge *)b->edges->data;
	b->g.n_edges = b->edges->len;
	return b;
}

const tg_graph *tg_graph_build_graph(const tg_graph_build *b)
{
	return &b->g;
}

void tg_graph_build_free(tg_graph_build *b)
{
	if (!b)
		return;
	g_array_free(b->nodes, TRUE);
	g_array_free(b->edges, TRUE);
	g_string_chunk_free(b->strings);
	g_hash_table_destroy(b->index);
	g_hash_table_destroy(b->first_contact);
	g_free(b);
}
