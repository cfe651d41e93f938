/* SPDX-License-Identifier: MIT */
/* talkgraph report: analyse once, then write every file of the report into
 * a temporary folder that is renamed into place only when all succeeded. */
#include "report.h"

#include <string.h>

#include "interrupt.h"
#include "outputs.h"
#include "report_charts.h"

static const tg_report_file files[] = {
	{"stats.json", "every figure: owner, period, tweets by kind, monthly series, funnel, DMs, automated "
	               "DMs, chats, circles, contacts by class, resolution, hashtags, records, inputs and options"},
	{"contacts.csv", "one row per contact with every per-contact figure, strongest first"},
	{"edges.csv", "the graph's edges: source, target, type, weight, first, last"},
	{"graph.graphml", "the graph for networkx, igraph, Gephi and Cytoscape"},
	{"graph.gexf", "the graph for Gephi, with first/last dates for its timeline"},
	{"graph.dot", "the graph for Graphviz"},
	{"charts/", "each chart as NAME.dat + NAME.gp (run 'gnuplot NAME.gp' there), NAME.svg and NAME.png"},
	{"report.html", "this analysis as one self-contained page"},
	{"report.md", "the same for a code forge or an editor, with the PNG charts"},
};

const tg_report_file *tg_report_files(guint *n)
{
	*n = G_N_ELEMENTS(files);
	return files;
}

static gboolean write_graph(tg_outdir *d, const tg_graph *g, tg_graph_format fmt, const char *name,
                            GError **error)
{
	FILE *f = tg_outdir_open(d, name, error);
	if (!f)
		return FALSE;
	if (!tg_graph_write(g, fmt, f, name, error)) {
		fclose(f);
		return FALSE;
	}
	return tg_outdir_close(d, f, name, error);
}

static gboolean write_all(tg_outdir *d, const tg_analysis *an, const tg_options *o, GError **error)
{
	tg_out_options oo;
	GString *buf = g_string_new(NULL);
	gboolean ok = FALSE, rendered = FALSE;
	tg_graph *g = NULL;

	tg_out_options_init(&oo);
	oo.tz = o->tz;
	oo.since = o->since;
	oo.until = o->until;
	oo.anonymize = o->anonymize > 0;

	tg_out_stats_json_build(an->stats, &oo, buf);
	if (!tg_outdir_write(d, "stats.json", buf->str, buf->len, error))
		goto out;
	g_string_truncate(buf, 0);
	tg_out_contacts_csv_build(an->stats, 0, &oo, buf);
	if (!tg_outdir_write(d, "contacts.csv", buf->str, buf->len, error))
		goto out;
	g = tg_stats_graph_new(an->stats, o->anonymize > 0);
	if (!write_graph(d, g, TG_GRAPH_CSV, "edges.csv", error) ||
	    !write_graph(d, g, TG_GRAPH_GRAPHML, "graph.graphml", error) ||
	    !write_graph(d, g, TG_GRAPH_GEXF, "graph.gexf", error) ||
	    !write_graph(d, g, TG_GRAPH_DOT, "graph.dot", error))
		goto out;
	if (tg_check_interrupt(error))
		goto out;
	if (!tg_outdir_mkdir(d, "charts", error) || !tg_report_charts(d, an, o, &rendered, error))
		goto out;
	if (tg_check_interrupt(error))
		goto out;
	ok = tg_report_write_html(d, an, o, rendered, error) && tg_report_write_md(d, an, o, rendered, error);
out:
	if (g)
		tg_stats_graph_free(g);
	g_string_free(buf, TRUE);
	return ok;
}

gboolean tg_cmd_report(char *const *paths, guint n, const tg_options *o, GError **error)
{
	tg_analysis an = {0};
	if (!o->output) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_USAGE, "report: no output folder given (-o DIR)");
		return FALSE;
	}
	tg_outdir *d = tg_outdir_begin(o->output, o->force, error);
	if (!d)
		return FALSE;
	gboolean ok = tg_analyse(paths, n, o, &an, error) && write_all(d, &an, o, error);
	tg_analysis_clear(&an);
	if (ok)
		return tg_outdir_commit(d, error);
	tg_outdir_abort(d);
	return FALSE;
}
