/* SPDX-License-Identifier: MIT */
/* talkgraph report: analyse once, then write every file of the report into
 * a temporary folder that is renamed into place only when all succeeded. */
#include "report.h"

#include <string.h>

#include "charts.h"
#include "interrupt.h"
#include "outputs.h"
#include "report_charts.h"

static const tg_report_file files[] = {
	{"stats.json", "every figure of the analysis, with the inputs' SHA-256 and the options"},
	{"contacts.csv", "one row per contact with every per-contact figure, strongest first"},
	{"edges.csv", "the graph's edges: source, target, type, weight, first, last"},
	{"graph.graphml", "the graph for networkx, igraph, Gephi and Cytoscape"},
	{"graph.gexf", "the graph for Gephi, with first/last dates for its timeline"},
	{"graph.dot", "the graph for Graphviz"},
	{"charts/", "each chart as NAME.dat + NAME.gp ('gnuplot NAME.gp' there redraws), NAME.svg, NAME.png"},
	{"report.html", "the analysis as one self-contained page"},
	{"report.md", "the same for a code forge or an editor, with the PNG charts"},
};

const tg_report_file *tg_report_files(guint *n)
{
	*n = G_N_ELEMENTS(files);
	return files;
}

void tg_describe_report(GString *out)
{
	for (gsize i = 0; i < G_N_ELEMENTS(files); i++)
		g_string_append_printf(out, "  %-16s %s\n", files[i].name, files[i].help);
	guint n;
	const tg_chart_def *c = tg_charts(&n);
	g_string_append(out, "\ncharts (charts/NAME.dat, .gp, .svg, .png):\n");
	for (guint i = 0; i < n; i++)
		g_string_append_printf(out, "  %-19s %s\n", c[i].name, c[i].title);
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

/* The files written side by side: each task reads the finished analysis and
 * writes its own files, so any order gives the same bytes. */
typedef enum {
	T_STATS_JSON,
	T_CONTACTS_CSV,
	T_EDGES_CSV,
	T_GRAPHML,
	T_GEXF,
	T_DOT,
	T_CHARTS,
	N_TASKS
} task_id;

/* Largest first, so that two threads finish together: at 1M tweets the
 * graph files are 30-180 MB each and gnuplot takes a second or two. */
static const task_id task_order[N_TASKS] = {T_GEXF,      T_CHARTS,     T_GRAPHML,     T_DOT,
                                            T_EDGES_CSV, T_STATS_JSON, T_CONTACTS_CSV};

typedef struct writing {
	tg_outdir *d;
	const tg_analysis *an;
	const tg_options *o;
	tg_graph *g;
	gint next;                /* atomic: index into task_order */
	GError *errors[N_TASKS];  /* each task's own */
	gboolean rendered;
} writing;

/* A file of the folder being written in pieces. */
typedef struct piece_sink {
	tg_outdir *d;
	FILE *f;
	const char *name;
} piece_sink;

static gboolean put_piece(const char *data, gsize len, gpointer user, GError **error)
{
	const piece_sink *p = user;
	return tg_outdir_put(p->d, p->f, p->name, data, len, error);
}

/* contacts.csv, written as its rows are made: a row per contact would
 * otherwise all be in memory at once. */
static gboolean write_contacts_csv(tg_outdir *d, const tg_stats *s, const tg_out_options *oo,
                                   GError **error)
{
	piece_sink p = {d, NULL, "contacts.csv"};

	p.f = tg_outdir_open(d, p.name, error);
	if (!p.f)
		return FALSE;
	if (!tg_out_contacts_csv_stream(s, 0, oo, put_piece, &p, error)) {
		fclose(p.f);
		return FALSE;
	}
	return tg_outdir_close(d, p.f, p.name, error);
}

static gboolean run_task(writing *w, task_id t, GError **error)
{
	tg_out_options oo;
	GString *buf;
	gboolean ok;

	tg_analysis_out_options(w->o, &oo);
	switch (t) {
	case T_STATS_JSON:
		buf = g_string_new(NULL);
		tg_out_stats_json_build(w->an->stats, &oo, buf);
		ok = tg_outdir_write(w->d, "stats.json", buf->str, buf->len, error);
		g_string_free(buf, TRUE);
		return ok;
	case T_CONTACTS_CSV:
		return write_contacts_csv(w->d, w->an->stats, &oo, error);
	case T_EDGES_CSV:
		return write_graph(w->d, w->g, TG_GRAPH_CSV, "edges.csv", error);
	case T_GRAPHML:
		return write_graph(w->d, w->g, TG_GRAPH_GRAPHML, "graph.graphml", error);
	case T_GEXF:
		return write_graph(w->d, w->g, TG_GRAPH_GEXF, "graph.gexf", error);
	case T_DOT:
		return write_graph(w->d, w->g, TG_GRAPH_DOT, "graph.dot", error);
	case T_CHARTS:
		return tg_outdir_mkdir(w->d, "charts", error) && tg_report_charts(w->d, w->an, w->o, &w->rendered, error);
	case N_TASKS:
		break;
	}
	g_assert_not_reached();
}

static gpointer writer_main(gpointer user)
{
	writing *w = user;
	gint i;
	while ((i = g_atomic_int_add(&w->next, 1)) < N_TASKS) {
		task_id t = task_order[i];
		if (!tg_interrupted())
			run_task(w, t, &w->errors[t]);
	}
	return NULL;
}

static gboolean write_all(tg_outdir *d, const tg_analysis *an, const tg_options *o, GError **error)
{
	writing w = {d, an, o, NULL, 0, {NULL}, FALSE};
	GPtrArray *threads = g_ptr_array_new();
	gboolean ok = FALSE;

	w.g = tg_stats_graph_new(an->stats, o->anonymize > 0);
	tg_debug_memory("report: graph");
	tg_threads_prepare();
	for (guint t = 1; t < tg_analysis_threads(o); t++) {
		GThread *th = g_thread_try_new("tg-write", writer_main, &w, NULL);
		if (!th)
			break;
		g_ptr_array_add(threads, th);
	}
	writer_main(&w);
	for (guint t = 0; t < threads->len; t++)
		g_thread_join(threads->pdata[t]);
	/* The first failure in the files' own order, as one thread would meet
	 * it (an interruption comes first: it stopped the rest). */
	if (tg_check_interrupt(error))
		goto out;
	for (guint t = 0; t < N_TASKS; t++)
		if (w.errors[t]) {
			g_propagate_error(error, g_steal_pointer(&w.errors[t]));
			goto out;
		}
	tg_debug_memory("report: files and charts written");
	ok = tg_report_write_html(d, an, o, w.rendered, error) && tg_report_write_md(d, an, o, w.rendered, error);
out:
	for (guint t = 0; t < N_TASKS; t++)
		g_clear_error(&w.errors[t]);
	g_ptr_array_free(threads, TRUE);
	if (w.g)
		tg_stats_graph_free(w.g);
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
