/* SPDX-License-Identifier: MIT */
/* Fills the charts' plain input from an analysis (the first owner's
 * figures), writes every chart and renders it with gnuplot. */
#include "report_charts.h"

#include <string.h>

#include "charts.h"
#include "out_text.h"
#include "tz.h"

gboolean tg_report_charts(tg_outdir *d, const tg_analysis *an, const tg_options *o, gboolean *rendered,
                          GError **error)
{
	const tg_stats *s = an->stats;
	const tg_owner_stats *os = s->owners->pdata[0];
	const tg_owner_model *om = os->om;
	tg_charts_input in;
	gboolean ok = FALSE;

	tg_charts_input_init(&in);
	gint level = MAX(o->anonymize, s->anonymize);
	char *owner = tg_stats_hides(s, om->node, level) ? g_strdup(tg_stats_pseudonym(s, om->node))
	                                                 : g_strdup_printf("@%s", om->username ? om->username : "?");
	in.owner_label = owner;
	in.tz = tg_tz_name(om->tz);
	in.conversation_share = os->conversation_share;
	memcpy(in.rhythm, om->rhythm, sizeof in.rhythm);

	/* Dormant contacts by the month of their last interaction. */
	GHashTable *dormant_by_month = g_hash_table_new(g_direct_hash, g_direct_equal);
	tg_tz_cursor cur = {0};
	for (guint i = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		if (!c->dormant || !c->last_ms)
			continue;
		tg_local loc;
		tg_tz_local(om->tz, &cur, c->last_ms, &loc);
		gpointer k = GINT_TO_POINTER(loc.month_key);
		g_hash_table_insert(dormant_by_month, k,
		                    GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(dormant_by_month, k)) + 1));
	}
	GArray *months = g_array_sized_new(FALSE, TRUE, sizeof(tg_charts_month), om->months->len);
	for (guint i = 0; i < om->months->len; i++) {
		const tg_month *mo = &g_array_index(om->months, tg_month, i);
		tg_charts_month cm = {0};
		tg_month_key_format(mo->key, cm.month);
		cm.original = mo->kinds[TG_KIND_ORIGINAL];
		cm.reply = mo->kinds[TG_KIND_REPLY];
		cm.thread = mo->kinds[TG_KIND_THREAD];
		cm.retweet = mo->kinds[TG_KIND_RETWEET];
		cm.quote = mo->kinds[TG_KIND_QUOTE];
		cm.dms_sent = mo->dms_sent;
		cm.dms_received = mo->dms_received;
		cm.conversation_share = tg_month_conversation_share(mo);
		cm.new_contacts = mo->new_contacts;
		cm.active_contacts = mo->active_contacts;
		cm.went_dormant = GPOINTER_TO_UINT(g_hash_table_lookup(dormant_by_month, GINT_TO_POINTER(mo->key)));
		g_array_append_val(months, cm);
	}
	in.months = (const tg_charts_month *)months->data;
	in.n_months = months->len;

	/* Contacts who were talked with, strongest first, and the
	 * co-conversation links among them: counted first, so that each array
	 * takes its room once. */
	guint n_talked = 0, n_links = 0;
	for (guint i = 0; i < os->contacts->len; i++)
		n_talked += g_array_index(os->contacts, tg_contact, i).strength > 0;
	tg_charts_contact *contacts = g_new0(tg_charts_contact, MAX(n_talked, 1));
	/* The labels, short strings: in blocks rather than an allocation each. */
	GStringChunk *labels = g_string_chunk_new(64 * 1024);
	/* Per model node: its index in CONTACTS + 1, 0 for none. */
	guint *index = g_new0(guint, MAX(s->n_nodes, 1));
	for (guint i = 0, k = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		if (!c->strength)
			continue;
		char h[128];
		tg_charts_contact *cc = &contacts[k++];
		cc->label = g_string_chunk_insert(labels, tg_text_handle(s, c, level, h, sizeof h));
		cc->replies = c->rel->count[TG_I_REPLY];
		cc->mentions = c->rel->count[TG_I_MENTION];
		cc->quotes = c->rel->count[TG_I_QUOTE];
		cc->dms_sent = c->rel->dms_sent;
		cc->dms_received = c->rel->dms_received;
		cc->group_dms_received = c->rel->group_dms_received;
		cc->circle = c->circle >= 0 ? (guint)c->circle + 1 : 0;
		index[c->node] = k;
	}
	in.contacts = contacts;
	in.n_contacts = n_talked;
	for (guint i = 0; i < om->edges->len; i++) {
		const tg_coedge *e = &g_array_index(om->edges, tg_coedge, i);
		n_links += index[e->u] && index[e->v];
	}
	tg_charts_edge *edges = g_new(tg_charts_edge, MAX(n_links, 1));
	for (guint i = 0, k = 0; i < om->edges->len; i++) {
		const tg_coedge *e = &g_array_index(om->edges, tg_coedge, i);
		guint a = index[e->u], b = index[e->v];
		if (!a || !b)
			continue;
		edges[k++] = (tg_charts_edge){a - 1, b - 1, e->weight};
	}
	g_free(index);
	in.edges = edges;
	in.n_edges = n_links;

	in.followers.total = (guint)os->funnel_followers.total;
	in.followers.talked = (guint)os->funnel_followers.talked;
	in.followers.two_way = (guint)os->funnel_followers.two_way;
	in.following.total = (guint)os->funnel_following.total;
	in.following.talked = (guint)os->funnel_following.talked;
	in.following.two_way = (guint)os->funnel_following.two_way;

	GArray *resp = g_array_new(FALSE, FALSE, sizeof(double));
	for (guint i = 0; os->dms.response_ms && i < os->dms.response_ms->len; i++) {
		double v = (double)g_array_index(os->dms.response_ms, gint64, i) / 1000.0;
		g_array_append_val(resp, v);
	}
	in.response_s = (const double *)resp->data;
	in.n_response = resp->len;

	char *dir = tg_outdir_path(d, "charts");
	if (!tg_charts_write(&in, dir, error))
		goto out;
	tg_charts_render_options ro;
	tg_charts_render_options_init(&ro);
	ro.jobs = tg_analysis_threads(o);
	GError *err = NULL;
	switch (tg_charts_render(dir, &ro, &err)) {
	case TG_CHARTS_RENDERED:
		*rendered = TRUE;
		ok = TRUE;
		break;
	case TG_CHARTS_NO_GNUPLOT:
		*rendered = FALSE;
		if (o->warn)
			o->warn(o->warn_user, err->message);
		g_clear_error(&err);
		ok = TRUE;
		break;
	case TG_CHARTS_FAILED:
		g_propagate_error(error, err);
		break;
	}
out:
	g_free(dir);
	g_free(owner);
	g_hash_table_destroy(dormant_by_month);
	g_array_free(months, TRUE);
	g_free(contacts);
	g_free(edges);
	g_array_free(resp, TRUE);
	g_string_chunk_free(labels);
	return ok;
}
