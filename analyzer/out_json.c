/* SPDX-License-Identifier: MIT */
/* stats.json: every figure under SPEC.md's keys, in SPEC.md's order, through
 * the deterministic JSON writer. DM text never appears here. */
#include "outputs.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "jsonw.h"

void tg_out_options_init(tg_out_options *o)
{
	memset(o, 0, sizeof *o);
}

gboolean tg_out_write(FILE *out, const char *where, const char *buf, gsize len, GError **error)
{
	errno = 0;
	if ((len && fwrite(buf, 1, len, out) != len) || fflush(out) != 0 || ferror(out)) {
		/* A file is named in quotes; "standard output" is not a file name. */
		gboolean quote = strcmp(where, "standard output") != 0;
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write %s%s%s: %s", quote ? "'" : "", where,
		            quote ? "'" : "", errno ? g_strerror(errno) : "write error");
		return FALSE;
	}
	return TRUE;
}

/* A ratio: null when undefined. */
static void ratio(tg_jsonw *w, const char *key, double v)
{
	if (isnan(v))
		tg_jsonw_null(w, key);
	else
		tg_jsonw_double(w, key, v);
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The anonymity level in force: the option's or the analysis's. */
static gint level_of(const tg_stats *s, const tg_out_options *o)
{
	return MAX(o->anonymize, s->anonymize);
}

static const char *key_of(const tg_stats *s, const tg_out_options *o, guint node)
{
	return tg_stats_node_key(s, node, o->anonymize);
}

/* An input's name: its file name, or with --anonymize "archive N" (N from 1
 * in the order of the inputs list), since a file name can name its owner. */
static char *input_name(const tg_stats *s, const tg_out_options *o, const tg_input *in)
{
	const tg_model *m = s->model;
	guint n = 0;

	if (!level_of(s, o))
		return g_path_get_basename(in->path);
	for (guint i = 0; i < tg_model_n_owners(m); i++) {
		const tg_owner_model *om = tg_model_owner(m, i);
		for (guint k = 0; k < om->inputs->len; k++) {
			n++;
			if (om->inputs->pdata[k] == in)
				return g_strdup_printf("archive %u", n);
		}
	}
	return g_strdup("archive");
}

/* An owner's id: the decimal id, or its pseudonym when hidden. */
static void owner_id(tg_jsonw *w, const char *key, const tg_stats *s, const tg_out_options *o, guint64 id)
{
	guint node = tg_model_find_id(s->model, id);

	if (node != G_MAXUINT && tg_stats_hides(s, node, o->anonymize))
		tg_jsonw_string(w, key, tg_stats_pseudonym(s, node));
	else
		tg_jsonw_id(w, key, id);
}

static void node_list(tg_jsonw *w, const char *key, const tg_stats *s, const tg_out_options *o,
                      const GArray *nodes)
{
	GPtrArray *keys = g_ptr_array_new();

	for (guint i = 0; i < nodes->len; i++)
		g_ptr_array_add(keys, (gpointer)key_of(s, o, g_array_index(nodes, guint, i)));
	/* Lists are sorted by what they show (ids, or pseudonyms). */
	if (level_of(s, o))
		g_ptr_array_sort(keys, cmp_str);
	tg_jsonw_begin_array(w, key);
	for (guint i = 0; i < keys->len; i++)
		tg_jsonw_string(w, NULL, keys->pdata[i]);
	tg_jsonw_end_array(w);
	g_ptr_array_unref(keys);
}

static void write_owner(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os, const tg_out_options *o)
{
	const tg_owner_model *om = os->om;
	gboolean hide = tg_stats_hides(s, om->node, o->anonymize);
	/* Asked for only when shown: pseudonyms are made on first use. */
	const char *pseudo = hide ? tg_stats_pseudonym(s, om->node) : NULL;

	tg_jsonw_begin_object(w, "owner");
	owner_id(w, "id", s, o, om->id);
	tg_jsonw_string(w, "username", hide && om->username ? pseudo : om->username);
	tg_jsonw_string(w, "display_name", hide && om->display_name ? pseudo : om->display_name);
	tg_jsonw_begin_object(w, "time_zone");
	tg_jsonw_string(w, "zone", tg_tz_name(om->tz));
	tg_jsonw_string(w, "source", tg_tz_source_name(tg_tz_get_source(om->tz)));
	tg_jsonw_string(w, "account_timezone", om->account_tz);
	tg_jsonw_end_object(w);
	tg_jsonw_end_object(w);
}

static void write_monthly(tg_jsonw *w, const tg_owner_model *om)
{
	tg_jsonw_begin_array(w, "monthly");
	for (guint i = 0; i < om->months->len; i++) {
		const tg_month *mo = &g_array_index(om->months, tg_month, i);
		char buf[16];

		tg_jsonw_begin_object(w, NULL);
		tg_jsonw_string(w, "month", tg_month_key_format(mo->key, buf));
		for (int k = 0; k < TG_N_KINDS; k++)
			tg_jsonw_uint(w, tg_kind_name((tg_kind)k), mo->kinds[k]);
		tg_jsonw_uint(w, "dms_sent", mo->dms_sent);
		tg_jsonw_uint(w, "dms_received", mo->dms_received);
		ratio(w, "conversation_share", tg_month_conversation_share(mo));
		tg_jsonw_uint(w, "new_contacts", mo->new_contacts);
		tg_jsonw_uint(w, "active_contacts", mo->active_contacts);
		tg_jsonw_end_object(w);
	}
	tg_jsonw_end_array(w);
}

static void write_funnel(tg_jsonw *w, const char *key, const tg_funnel *f)
{
	tg_jsonw_begin_object(w, key);
	tg_jsonw_uint(w, "total", f->total);
	tg_jsonw_uint(w, "talked", f->talked);
	tg_jsonw_uint(w, "two_way", f->two_way);
	tg_jsonw_end_object(w);
}

static void write_dms(tg_jsonw *w, const tg_dm_figures *d)
{
	tg_jsonw_begin_object(w, "dms");
	tg_jsonw_uint(w, "conversations", d->conversations);
	tg_jsonw_uint(w, "group_conversations", d->group_conversations);
	tg_jsonw_uint(w, "sent", d->sent);
	tg_jsonw_uint(w, "received", d->received);
	tg_jsonw_uint(w, "two_sided", d->two_sided);
	tg_jsonw_uint(w, "opened_by_other", d->opened_by_other);
	tg_jsonw_uint(w, "answered", d->answered);
	ratio(w, "response_rate", d->response_rate);
	ratio(w, "response_median_s", d->response_median_s);
	ratio(w, "response_p90_s", d->response_p90_s);
	tg_jsonw_end_object(w);
}

static void write_automated(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os,
                            const tg_out_options *o)
{
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < os->automated.senders->len; i++) {
		guint64 id = g_array_index(os->automated.senders, guint64, i);
		guint node = tg_model_find_id(s->model, id);
		/* A sender with no node is no owner: hidden at any level. */
		gboolean hide = node != G_MAXUINT ? tg_stats_hides(s, node, o->anonymize) : level_of(s, o) > 0;
		const char *pseudo = hide ? tg_stats_id_pseudonym(s, id) : NULL;
		if (hide)
			g_ptr_array_add(ids, g_strdup(pseudo ? pseudo : "c-"));
		else
			g_ptr_array_add(ids, g_strdup_printf("%" G_GUINT64_FORMAT, id));
	}
	g_ptr_array_sort(ids, cmp_str);
	tg_jsonw_begin_object(w, "automated_dms");
	tg_jsonw_begin_array(w, "senders");
	for (guint i = 0; i < ids->len; i++)
		tg_jsonw_string(w, NULL, ids->pdata[i]);
	tg_jsonw_end_array(w);
	tg_jsonw_uint(w, "owner_templates", os->automated.owner_templates->len);
	tg_jsonw_end_object(w);
	g_ptr_array_unref(ids);
}

static void write_chats(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os,
                        const tg_out_options *o)
{
	tg_jsonw_begin_array(w, "chats");
	for (guint i = 0; i < os->chats->len; i++) {
		const tg_chat *c = &g_array_index(os->chats, tg_chat, i);
		tg_jsonw_begin_object(w, NULL);
		tg_jsonw_string(w, "tag", c->tag);
		tg_jsonw_uint(w, "uses", c->uses);
		tg_jsonw_string(w, "weekday", tg_weekday_name(c->weekday));
		tg_jsonw_int(w, "start_hour", c->start_hour);
		tg_jsonw_uint(w, "sessions", c->sessions);
		node_list(w, "contacts", s, o, c->contacts);
		tg_jsonw_end_object(w);
	}
	tg_jsonw_end_array(w);
}

static void write_circles(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os,
                          const tg_out_options *o)
{
	tg_jsonw_begin_object(w, "circles");
	ratio(w, "modularity", os->modularity);
	tg_jsonw_begin_array(w, "list");
	for (guint i = 0; i < os->circles->len; i++) {
		const GArray *members = os->circles->pdata[i];
		tg_jsonw_begin_object(w, NULL);
		tg_jsonw_uint(w, "circle", i);
		tg_jsonw_uint(w, "size", members->len);
		node_list(w, "members", s, o, members);
		tg_jsonw_end_object(w);
	}
	tg_jsonw_end_array(w);
	tg_jsonw_end_object(w);
}

static void write_records(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os, const tg_out_options *o)
{
	const tg_owner_model *om = os->om;

	tg_jsonw_begin_object(w, "records");
	tg_jsonw_uint(w, "read", os->records_read);
	tg_jsonw_uint(w, "skipped", os->records_skipped);
	tg_jsonw_begin_object(w, "by_file");
	for (guint i = 0; i < om->inputs->len; i++) {
		const tg_input *in = om->inputs->pdata[i];
		char *base = input_name(s, o, in);

		for (guint k = 0; in->files && k < in->files->len; k++) {
			const tg_file_report *f = in->files->pdata[k];
			/* Several archives of one owner: "archive.zip:data/tweets.js". */
			char *name = om->inputs->len > 1 ? g_strconcat(base, ":", f->name, NULL) : g_strdup(f->name);
			GTreeNode *r;

			tg_jsonw_begin_object(w, name);
			tg_jsonw_string(w, "type", f->type);
			tg_jsonw_uint(w, "bytes", f->bytes);
			tg_jsonw_uint(w, "read", f->read);
			tg_jsonw_uint(w, "skipped", f->skipped);
			if (f->manifest_count >= 0)
				tg_jsonw_int(w, "manifest_count", f->manifest_count);
			else
				tg_jsonw_null(w, "manifest_count");
			tg_jsonw_begin_object(w, "reasons");
			for (r = f->reasons ? g_tree_node_first(f->reasons) : NULL; r; r = g_tree_node_next(r))
				tg_jsonw_uint(w, g_tree_node_key(r), GPOINTER_TO_UINT(g_tree_node_value(r)));
			tg_jsonw_end_object(w);
			tg_jsonw_end_object(w);
			g_free(name);
		}
		g_free(base);
	}
	tg_jsonw_end_object(w);
	tg_jsonw_uint(w, "manifest_mismatches", os->manifest_mismatches);
	tg_jsonw_end_object(w);
}

/* The per-owner keys, owner .. records. */
static void write_figures(tg_jsonw *w, const tg_stats *s, const tg_owner_stats *os,
                          const tg_out_options *o)
{
	const tg_owner_model *om = os->om;

	write_owner(w, s, os, o);
	tg_jsonw_begin_object(w, "period");
	tg_jsonw_date(w, "first", om->first_ms);
	tg_jsonw_date(w, "last", om->last_ms);
	tg_jsonw_end_object(w);

	tg_jsonw_begin_object(w, "tweets");
	tg_jsonw_uint(w, "total", os->tweets_total);
	for (int k = 0; k < TG_N_KINDS; k++)
		tg_jsonw_uint(w, tg_kind_name((tg_kind)k), om->kinds[k]);
	tg_jsonw_uint(w, "edited_versions_merged", os->edited_versions_merged);
	tg_jsonw_end_object(w);
	ratio(w, "conversation_share", os->conversation_share);
	write_monthly(w, om);

	tg_jsonw_begin_object(w, "follows");
	tg_jsonw_uint(w, "followers", os->followers);
	tg_jsonw_uint(w, "following", os->following);
	tg_jsonw_uint(w, "mutuals", os->mutuals);
	tg_jsonw_end_object(w);
	tg_jsonw_begin_object(w, "funnel");
	write_funnel(w, "followers", &os->funnel_followers);
	write_funnel(w, "following", &os->funnel_following);
	tg_jsonw_end_object(w);
	ratio(w, "reach_out_rate", os->reach_out_rate);
	write_dms(w, &os->dms);
	write_automated(w, s, os, o);
	write_chats(w, s, os, o);
	write_circles(w, s, os, o);

	tg_jsonw_begin_object(w, "contacts");
	tg_jsonw_uint(w, "total", os->contacts->len);
	tg_jsonw_begin_object(w, "by_class");
	for (int c = 0; c < TG_N_CLASSES; c++)
		tg_jsonw_uint(w, tg_class_name((tg_class)c), os->by_class[c]);
	tg_jsonw_end_object(w);
	tg_jsonw_uint(w, "dormant", os->dormant);
	tg_jsonw_end_object(w);

	tg_jsonw_begin_object(w, "resolution");
	ratio(w, "contacts", os->resolution_contacts);
	ratio(w, "followers", os->resolution_followers);
	ratio(w, "following", os->resolution_following);
	tg_jsonw_end_object(w);

	tg_jsonw_begin_object(w, "hashtags");
	for (guint i = 0; i < os->hashtags->len; i++) {
		const tg_hashtag *h = &g_array_index(os->hashtags, tg_hashtag, i);
		tg_jsonw_uint(w, h->tag, h->uses);
	}
	tg_jsonw_end_object(w);
	write_records(w, s, os, o);
}

void tg_out_stats_json_build(const tg_stats *s, const tg_out_options *o, GString *buf)
{
	tg_jsonw w;
	const tg_model *m = s->model;

	tg_jsonw_init(&w, buf, TRUE);
	tg_jsonw_begin_object(&w, NULL);
	tg_jsonw_string(&w, "talkgraph", o->version ? o->version : TG_VERSION);

	tg_jsonw_begin_array(&w, "inputs");
	for (guint i = 0; i < tg_model_n_owners(m); i++) {
		const tg_owner_model *om = tg_model_owner(m, i);
		for (guint k = 0; k < om->inputs->len; k++) {
			const tg_input *in = om->inputs->pdata[k];
			char *base = input_name(s, o, in);
			tg_jsonw_begin_object(&w, NULL);
			tg_jsonw_string(&w, "name", base);
			tg_jsonw_uint(&w, "bytes", in->bytes);
			tg_jsonw_string(&w, "sha256", in->sha256);
			tg_jsonw_string(&w, "generation", tg_generation_name(in->generation));
			tg_jsonw_date(&w, "generated", in->generated_ms);
			owner_id(&w, "owner", s, o, in->owner_id);
			tg_jsonw_end_object(&w);
			g_free(base);
		}
	}
	tg_jsonw_end_array(&w);

	tg_jsonw_begin_object(&w, "options");
	tg_jsonw_string(&w, "tz", o->tz);
	tg_jsonw_string(&w, "since", o->since);
	tg_jsonw_string(&w, "until", o->until);
	tg_jsonw_bool(&w, "anonymize", level_of(s, o) > 0);
	tg_jsonw_end_object(&w);

	if (s->owners->len)
		write_figures(&w, s, s->owners->pdata[0], o);
	if (s->owners->len > 1) {
		tg_jsonw_begin_array(&w, "owners");
		for (guint i = 1; i < s->owners->len; i++) {
			tg_jsonw_begin_object(&w, NULL);
			write_figures(&w, s, s->owners->pdata[i], o);
			tg_jsonw_end_object(&w);
		}
		tg_jsonw_end_array(&w);
	}
	tg_jsonw_end_object(&w);
	g_string_append_c(buf, '\n');
}

gboolean tg_out_stats_json(const tg_stats *s, const tg_out_options *o, FILE *out, const char *where,
                           GError **error)
{
	GString *buf = g_string_new(NULL);
	gboolean ok;

	tg_out_stats_json_build(s, o, buf);
	ok = tg_out_write(out, where, buf->str, buf->len, error);
	g_string_free(buf, TRUE);
	return ok;
}
