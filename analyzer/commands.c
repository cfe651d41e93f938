/* SPDX-License-Identifier: MIT */
/* The stats, contacts and graph commands: one analysis, one output. */
#include <errno.h>
#include <string.h>

#include "analyse.h"
#include "out_text.h"
#include "outputs.h"
#include "talkgraph.h"

gboolean tg_cmd_stats(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error)
{
	tg_analysis an;
	tg_out_options oo;
	gboolean ok = FALSE;
	if (!tg_analyse(paths, n, o, &an, error))
		goto out;
	tg_analysis_out_options(o, &oo);
	if (o->json) {
		ok = tg_out_stats_json(an.stats, &oo, out, "standard output", error);
	} else {
		GString *text = g_string_new(NULL);
		for (guint i = 0; i < an.stats->owners->len; i++) {
			if (i)
				g_string_append(text, "\n");
			tg_out_stats_text(an.stats, i, o->anonymize > 0, text);
		}
		ok = tg_out_write(out, "standard output", text->str, text->len, error);
		g_string_free(text, TRUE);
	}
out:
	tg_analysis_clear(&an);
	return ok;
}

typedef enum { SORT_STRENGTH, SORT_LAST, SORT_FIRST, SORT_NAME } sort_key;

static gint cmp_rows(gconstpointer a, gconstpointer b, gpointer user)
{
	const tg_contact *x = *(const tg_contact *const *)a, *y = *(const tg_contact *const *)b;
	sort_key k = GPOINTER_TO_INT(user);
	int r = 0;
	switch (k) {
	case SORT_LAST:
		r = (y->last_ms > x->last_ms) - (y->last_ms < x->last_ms);
		break;
	case SORT_FIRST:
		/* Earliest first; contacts with no interaction last. */
		r = (x->first_ms == 0) - (y->first_ms == 0);
		if (!r)
			r = (x->first_ms > y->first_ms) - (x->first_ms < y->first_ms);
		break;
	case SORT_NAME: {
		const char *p = x->n->screen_name ? x->n->screen_name : "", *q = y->n->screen_name ? y->n->screen_name : "";
		r = (*p == '\0') - (*q == '\0');
		if (!r)
			r = g_ascii_strcasecmp(p, q);
		break;
	}
	case SORT_STRENGTH:
		break;
	}
	/* Ties keep contacts.csv order (strength, then id). */
	return r ? r : (x > y) - (x < y);
}

gboolean tg_cmd_contacts(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error)
{
	tg_analysis an;
	tg_out_options oo;
	gboolean ok = FALSE;
	sort_key key = SORT_STRENGTH;
	static const char *const keys[] = {"strength", "last", "first", "name"};
	GArray *rows = NULL;

	if (o->sort) {
		gsize i;
		for (i = 0; i < G_N_ELEMENTS(keys) && strcmp(o->sort, keys[i]) != 0; i++)
			;
		if (i == G_N_ELEMENTS(keys)) {
			g_set_error(error, TG_ERROR, TG_ERROR_USAGE,
			            "--sort: '%s' is not one of strength, last, first, name", o->sort);
			return FALSE;
		}
		key = (sort_key)i;
	}
	if (o->class_name) {
		gboolean known = FALSE;
		for (int c = 0; c < TG_N_CLASSES; c++)
			known |= strcmp(o->class_name, tg_class_name((tg_class)c)) == 0;
		if (!known) {
			g_set_error(error, TG_ERROR, TG_ERROR_USAGE,
			            "--class: '%s' is not one of two-way, unanswered-in, one-way-out, amplify-only, "
			            "context-only, silent-follow", o->class_name);
			return FALSE;
		}
	}
	if (!tg_analyse(paths, n, o, &an, error))
		goto out;
	tg_analysis_out_options(o, &oo);
	const tg_owner_stats *os = an.stats->owners->pdata[0];
	rows = g_array_new(FALSE, FALSE, sizeof(const tg_contact *));
	for (guint i = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		if (o->class_name && strcmp(o->class_name, tg_class_name(c->cls)) != 0)
			continue;
		g_array_append_val(rows, c);
	}
	g_array_sort_with_data(rows, cmp_rows, GINT_TO_POINTER(key));
	if (o->top && rows->len > o->top)
		g_array_set_size(rows, o->top);
	GString *text = g_string_new(NULL);
	if (o->csv) {
		tg_out_contacts_csv_rows(an.stats, (const tg_contact *const *)rows->data, rows->len, &oo, text);
	} else {
		tg_out_contacts_table(an.stats, 0, rows, o->anonymize > 0, text);
	}
	ok = tg_out_write(out, "standard output", text->str, text->len, error);
	g_string_free(text, TRUE);
out:
	if (rows)
		g_array_free(rows, TRUE);
	tg_analysis_clear(&an);
	return ok;
}

gboolean tg_cmd_graph(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error)
{
	tg_graph_format fmt = TG_GRAPH_GRAPHML;
	tg_analysis an;
	gboolean ok = FALSE;
	FILE *f = out;
	gboolean created = FALSE;
	const char *where = "standard output";

	if (o->format && !tg_graph_format_parse(o->format, &fmt)) {
		g_set_error(error, TG_ERROR, TG_ERROR_USAGE, "--format: '%s' is not one of graphml, gexf, dot, csv",
		            o->format);
		return FALSE;
	}
	if (!tg_analyse(paths, n, o, &an, error))
		goto out;
	if (o->output && strcmp(o->output, "-") != 0) {
		/* Only a file this call creates is removed on failure: never a
		 * device such as /dev/full, nor a file that was there before. */
		created = !g_file_test(o->output, G_FILE_TEST_EXISTS);
		f = fopen(o->output, "wb");
		where = o->output;
		if (!f) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': %s", o->output, g_strerror(errno));
			goto out;
		}
	}
	tg_graph *g = tg_stats_graph_new(an.stats, o->anonymize > 0);
	ok = tg_graph_write(g, fmt, f, where, error);
	tg_stats_graph_free(g);
	if (f != out && fclose(f) != 0 && ok) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': %s", o->output, g_strerror(errno));
		ok = FALSE;
	}
	if (!ok && f != out && created)
		remove(o->output);
out:
	tg_analysis_clear(&an);
	return ok;
}
