/* SPDX-License-Identifier: MIT */
/* The writers of the relationship graph: GraphML, GEXF 1.2, DOT and edges.csv.
 * Nodes and edges come out in the order given, numbers in fixed formats and
 * strings made safe for each syntax, so the same graph always gives the same
 * bytes; every write is checked. */

#include "graph.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

/* Output with sticky error: after the first failed write the rest is
 * skipped, and the errno of that failure is what gets reported. */
typedef struct writer {
	FILE *out;
	int err;
} writer;

static void w_failed(writer *w)
{
	if (w->err == 0)
		w->err = errno != 0 ? errno : EIO;
}

static void w_write(writer *w, const char *s, size_t n)
{
	if (w->err != 0 || n == 0)
		return;
	errno = 0;
	if (fwrite(s, 1, n, w->out) != n)
		w_failed(w);
}

static void w_puts(writer *w, const char *s)
{
	w_write(w, s, strlen(s));
}

static void w_printf(writer *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void w_printf(writer *w, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (w->err != 0)
		return;
	errno = 0;
	va_start(ap, fmt);
	r = vfprintf(w->out, fmt, ap);
	va_end(ap);
	if (r < 0)
		w_failed(w);
}

/* U+FFFD, written in place of what a syntax cannot carry. */
#define REPLACEMENT "\xEF\xBF\xBD"

/* Strings come from archives: invalid UTF-8 is possible and no output
 * format can carry it. Returns S, or a repaired copy in *FIXED to free. */
static const char *valid_utf8(const char *s, char **fixed)
{
	*fixed = NULL;
	if (s == NULL)
		return "";
	if (g_utf8_validate(s, -1, NULL))
		return s;
	*fixed = g_utf8_make_valid(s, -1);
	return *fixed;
}

/* XML text or attribute value. XML 1.0 cannot carry C0 controls other than
 * tab, LF and CR, nor U+FFFE and U+FFFF, even as character references: they
 * become U+FFFD. Tab, LF and CR are written as references, because a parser
 * turns them into spaces in attribute values and CR into LF in text. */
static void xml_escaped(writer *w, const char *s)
{
	char *fixed;
	const char *run, *p;

	s = valid_utf8(s, &fixed);
	run = p = s;
	while (*p != '\0') {
		const unsigned char c = (unsigned char)*p;
		const char *rep = NULL;
		size_t len = 1;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		case '\t': rep = "&#9;"; break;
		case '\n': rep = "&#10;"; break;
		case '\r': rep = "&#13;"; break;
		default:
			if (c < 0x20)
				rep = REPLACEMENT;
			else if (c == 0xEF && (unsigned char)p[1] == 0xBF &&
			         ((unsigned char)p[2] == 0xBE || (unsigned char)p[2] == 0xBF)) {
				rep = REPLACEMENT; /* U+FFFE, U+FFFF */
				len = 3;
			}
		}
		if (rep != NULL) {
			w_write(w, run, (size_t)(p - run));
			w_puts(w, rep);
			run = p + len;
		}
		p += len;
	}
	w_write(w, run, (size_t)(p - run));
	g_free(fixed);
}

/* A DOT double-quoted string. Backslashes are doubled so that Graphviz's
 * label escapes (\N, \G, \l...) cannot fire; LF becomes \n and the other
 * controls U+FFFD. */
static void dot_quoted(writer *w, const char *s)
{
	char *fixed;
	const char *run, *p;

	s = valid_utf8(s, &fixed);
	w_puts(w, "\"");
	for (run = p = s; *p != '\0'; p++) {
		const unsigned char c = (unsigned char)*p;
		const char *rep = NULL;

		if (c == '"')
			rep = "\\\"";
		else if (c == '\\')
			rep = "\\\\";
		else if (c == '\n')
			rep = "\\n";
		else if (c < 0x20 || c == 0x7F)
			rep = REPLACEMENT;
		if (rep != NULL) {
			w_write(w, run, (size_t)(p - run));
			w_puts(w, rep);
			run = p + 1;
		}
	}
	w_write(w, run, (size_t)(p - run));
	w_puts(w, "\"");
	g_free(fixed);
}

/* An RFC 4180 field: quoted only when it holds a comma, a quote, CR or LF. */
static void csv_field(writer *w, const char *s)
{
	char *fixed;

	s = valid_utf8(s, &fixed);
	if (strpbrk(s, ",\"\r\n") == NULL) {
		w_puts(w, s);
	} else {
		const char *run = s, *q;
		w_puts(w, "\"");
		while ((q = strchr(run, '"')) != NULL) {
			w_write(w, run, (size_t)(q - run + 1));
			w_puts(w, "\"");
			run = q + 1;
		}
		w_puts(w, run);
		w_puts(w, "\"");
	}
	g_free(fixed);
}

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* What a viewer shows for a node: its handle, else its name, else its id. */
static const char *label_of(const tg_gnode *n)
{
	if (n->screen_name != NULL && n->screen_name[0] != '\0')
		return n->screen_name;
	if (n->name != NULL && n->name[0] != '\0')
		return n->name;
	return or_empty(n->id);
}

static const char *bool_str(gboolean b)
{
	return b ? "true" : "false";
}

/* Fills BUF with the ISO 8601 UTC date of MS, or "" when undated (0). */
static const char *date_str(gint64 ms, char buf[32])
{
	if (ms == 0)
		buf[0] = '\0';
	else
		tg_format_date(ms, buf);
	return buf;
}

const tg_gnode *tg_graph_node(const tg_graph *g, guint i, tg_gnode *tmp)
{
	if (g->nodes != NULL)
		return &g->nodes[i];
	g->node(g, i, tmp);
	return tmp;
}

/* The id of node I of G. */
static const char *node_id(const tg_graph *g, guint i)
{
	tg_gnode tmp;
	return tg_graph_node(g, i, &tmp)->id;
}

const tg_gedge *tg_graph_edge(const tg_graph *g, guint i, tg_gedge *tmp)
{
	if (g->edges != NULL)
		return &g->edges[i];
	g->edge(g, i, tmp);
	return tmp;
}

/* ---- GraphML ---- */

/* Optional string data are left out when empty: readers then report the
 * attribute missing, rather than each inventing its own default. */
static void graphml_data(writer *w, const char *key, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	w_printf(w, "      <data key=\"%s\">", key);
	xml_escaped(w, value);
	w_puts(w, "</data>\n");
}

static void write_graphml(writer *w, const tg_graph *g)
{
	char first[32], last[32];

	w_puts(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	          "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
	          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	          "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
	          "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
	          /* "label" is what Gephi shows; the rest is the model. */
	          "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
	          "  <key id=\"screen_name\" for=\"node\" attr.name=\"screen_name\" attr.type=\"string\"/>\n"
	          "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
	          "  <key id=\"class\" for=\"node\" attr.name=\"class\" attr.type=\"string\"/>\n"
	          "  <key id=\"strength\" for=\"node\" attr.name=\"strength\" attr.type=\"long\"/>\n"
	          "  <key id=\"owner\" for=\"node\" attr.name=\"owner\" attr.type=\"boolean\"/>\n"
	          "  <key id=\"follows_me\" for=\"node\" attr.name=\"follows_me\" attr.type=\"boolean\"/>\n"
	          "  <key id=\"i_follow\" for=\"node\" attr.name=\"i_follow\" attr.type=\"boolean\"/>\n"
	          "  <key id=\"circle\" for=\"node\" attr.name=\"circle\" attr.type=\"int\"/>\n"
	          "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"
	          "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"long\"/>\n"
	          "  <key id=\"first\" for=\"edge\" attr.name=\"first\" attr.type=\"string\"/>\n"
	          "  <key id=\"last\" for=\"edge\" attr.name=\"last\" attr.type=\"string\"/>\n"
	          "  <graph id=\"talkgraph\" edgedefault=\"directed\">\n");
	for (guint i = 0; i < g->n_nodes && w->err == 0; i++) {
		tg_gnode tmp;
		const tg_gnode *n = tg_graph_node(g, i, &tmp);
		w_puts(w, "    <node id=\"");
		xml_escaped(w, n->id);
		w_puts(w, "\">\n");
		graphml_data(w, "label", label_of(n));
		graphml_data(w, "screen_name", n->screen_name);
		graphml_data(w, "name", n->name);
		graphml_data(w, "class", n->class);
		w_printf(w,
		         "      <data key=\"strength\">%" G_GUINT64_FORMAT "</data>\n"
		         "      <data key=\"owner\">%s</data>\n"
		         "      <data key=\"follows_me\">%s</data>\n"
		         "      <data key=\"i_follow\">%s</data>\n"
		         "      <data key=\"circle\">%d</data>\n"
		         "    </node>\n",
		         n->strength, bool_str(n->owner), bool_str(n->follows_me),
		         bool_str(n->i_follow), n->circle);
	}
	/* "co" edges are symmetric but stay directed records here: per-edge
	 * directed="false" makes networkx and igraph refuse the whole file. */
	for (guint i = 0; i < g->n_edges && w->err == 0; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		w_printf(w, "    <edge id=\"e%u\" source=\"", i);
		xml_escaped(w, node_id(g, e->source));
		w_puts(w, "\" target=\"");
		xml_escaped(w, node_id(g, e->target));
		w_puts(w, "\">\n");
		graphml_data(w, "type", e->type);
		w_printf(w, "      <data key=\"weight\">%" G_GUINT64_FORMAT "</data>\n", e->weight);
		graphml_data(w, "first", date_str(e->first_ms, first));
		graphml_data(w, "last", date_str(e->last_ms, last));
		w_puts(w, "    </edge>\n");
	}
	w_puts(w, "  </graph>\n</graphml>\n");
}

/* ---- GEXF ---- */

/* GEXF 1.2draft, because networkx (2.8) reads no later version. The timeline
 * uses timeformat "date": networkx cannot read start/end under "dateTime",
 * and a day is fine grain for a relationship; the exact instants are in the
 * first/last attributes. */
static void gexf_attvalue(writer *w, const char *id, const char *value)
{
	if (value == NULL || value[0] == '\0')
		return;
	w_printf(w, "          <attvalue for=\"%s\" value=\"", id);
	xml_escaped(w, value);
	w_puts(w, "\"/>\n");
}

static void write_gexf(writer *w, const tg_graph *g)
{
	char first[32], last[32];

	w_puts(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	          "<gexf xmlns=\"http://www.gexf.net/1.2draft\"\n"
	          "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
	          "    xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
	          "http://www.gexf.net/1.2draft/gexf.xsd\"\n"
	          "    version=\"1.2\">\n"
	          "  <meta>\n"
	          "    <creator>talkgraph</creator>\n"
	          "  </meta>\n"
	          "  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n"
	          "    <attributes class=\"node\" mode=\"static\">\n"
	          "      <attribute id=\"0\" title=\"screen_name\" type=\"string\"/>\n"
	          "      <attribute id=\"1\" title=\"name\" type=\"string\"/>\n"
	          "      <attribute id=\"2\" title=\"class\" type=\"string\"/>\n"
	          "      <attribute id=\"3\" title=\"strength\" type=\"long\"/>\n"
	          "      <attribute id=\"4\" title=\"owner\" type=\"boolean\"/>\n"
	          "      <attribute id=\"5\" title=\"follows_me\" type=\"boolean\"/>\n"
	          "      <attribute id=\"6\" title=\"i_follow\" type=\"boolean\"/>\n"
	          "      <attribute id=\"7\" title=\"circle\" type=\"integer\"/>\n"
	          "    </attributes>\n"
	          "    <attributes class=\"edge\" mode=\"static\">\n"
	          "      <attribute id=\"0\" title=\"type\" type=\"string\"/>\n"
	          "      <attribute id=\"1\" title=\"first\" type=\"string\"/>\n"
	          "      <attribute id=\"2\" title=\"last\" type=\"string\"/>\n"
	          "    </attributes>\n"
	          "    <nodes>\n");
	for (guint i = 0; i < g->n_nodes && w->err == 0; i++) {
		tg_gnode tmp;
		const tg_gnode *n = tg_graph_node(g, i, &tmp);
		w_puts(w, "      <node id=\"");
		xml_escaped(w, n->id);
		w_puts(w, "\" label=\"");
		xml_escaped(w, label_of(n));
		w_puts(w, "\">\n        <attvalues>\n");
		gexf_attvalue(w, "0", n->screen_name);
		gexf_attvalue(w, "1", n->name);
		gexf_attvalue(w, "2", n->class);
		w_printf(w,
		         "          <attvalue for=\"3\" value=\"%" G_GUINT64_FORMAT "\"/>\n"
		         "          <attvalue for=\"4\" value=\"%s\"/>\n"
		         "          <attvalue for=\"5\" value=\"%s\"/>\n"
		         "          <attvalue for=\"6\" value=\"%s\"/>\n"
		         "          <attvalue for=\"7\" value=\"%d\"/>\n"
		         "        </attvalues>\n"
		         "      </node>\n",
		         n->strength, bool_str(n->owner), bool_str(n->follows_me),
		         bool_str(n->i_follow), n->circle);
	}
	w_puts(w, "    </nodes>\n    <edges>\n");
	/* Edge types stay directed ("co" too): networkx refuses a directed
	 * graph with an undirected edge. */
	for (guint i = 0; i < g->n_edges && w->err == 0; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		date_str(e->first_ms, first);
		date_str(e->last_ms, last);
		w_printf(w, "      <edge id=\"%u\" source=\"", i);
		xml_escaped(w, node_id(g, e->source));
		w_puts(w, "\" target=\"");
		xml_escaped(w, node_id(g, e->target));
		w_printf(w, "\" weight=\"%" G_GUINT64_FORMAT "\"", e->weight);
		if (first[0] != '\0')
			w_printf(w, " start=\"%.10s\"", first);
		if (last[0] != '\0')
			w_printf(w, " end=\"%.10s\"", last);
		w_puts(w, ">\n        <attvalues>\n");
		gexf_attvalue(w, "0", e->type);
		gexf_attvalue(w, "1", first);
		gexf_attvalue(w, "2", last);
		w_puts(w, "        </attvalues>\n      </edge>\n");
	}
	w_puts(w, "    </edges>\n  </graph>\n</gexf>\n");
}

/* ---- DOT ---- */

static void write_dot(writer *w, const tg_graph *g)
{
	char first[32], last[32];

	w_puts(w, "digraph talkgraph {\n");
	for (guint i = 0; i < g->n_nodes && w->err == 0; i++) {
		tg_gnode tmp;
		const tg_gnode *n = tg_graph_node(g, i, &tmp);
		w_puts(w, "\t");
		dot_quoted(w, n->id);
		w_puts(w, " [label=");
		dot_quoted(w, label_of(n));
		w_puts(w, "];\n");
	}
	for (guint i = 0; i < g->n_edges && w->err == 0; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		w_puts(w, "\t");
		dot_quoted(w, node_id(g, e->source));
		w_puts(w, " -> ");
		dot_quoted(w, node_id(g, e->target));
		w_puts(w, " [type=");
		dot_quoted(w, or_empty(e->type));
		/* DOT draws each edge on its own, so "co" can show its symmetry. */
		if (g_strcmp0(e->type, "co") == 0)
			w_puts(w, ", dir=none");
		w_printf(w, ", weight=%" G_GUINT64_FORMAT, e->weight);
		if (e->first_ms != 0)
			w_printf(w, ", first=\"%s\"", date_str(e->first_ms, first));
		if (e->last_ms != 0)
			w_printf(w, ", last=\"%s\"", date_str(e->last_ms, last));
		w_puts(w, "];\n");
	}
	w_puts(w, "}\n");
}

/* ---- CSV ---- */

static void write_csv(writer *w, const tg_graph *g)
{
	char first[32], last[32];

	w_puts(w, "source,target,type,weight,first,last\n");
	for (guint i = 0; i < g->n_edges && w->err == 0; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		csv_field(w, node_id(g, e->source));
		w_puts(w, ",");
		csv_field(w, node_id(g, e->target));
		w_puts(w, ",");
		csv_field(w, e->type);
		w_printf(w, ",%" G_GUINT64_FORMAT ",%s,%s\n", e->weight, date_str(e->first_ms, first),
		         date_str(e->last_ms, last));
	}
}

/* ---- entry points ---- */

gboolean tg_graph_format_parse(const char *s, tg_graph_format *out)
{
	static const struct {
		const char *name;
		tg_graph_format fmt;
	} formats[] = {
		{"graphml", TG_GRAPH_GRAPHML},
		{"gexf", TG_GRAPH_GEXF},
		{"dot", TG_GRAPH_DOT},
		{"csv", TG_GRAPH_CSV},
	};

	g_return_val_if_fail(out != NULL, FALSE);
	for (gsize i = 0; s != NULL && i < G_N_ELEMENTS(formats); i++) {
		if (strcmp(s, formats[i].name) == 0) {
			*out = formats[i].fmt;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean tg_graph_write(const tg_graph *g, tg_graph_format fmt, FILE *out, const char *where,
                        GError **error)
{
	writer w = {out, 0};

	g_return_val_if_fail(g != NULL && out != NULL, FALSE);
	g_return_val_if_fail(g->n_nodes == 0 || g->nodes != NULL || g->node != NULL, FALSE);
	g_return_val_if_fail(g->n_edges == 0 || g->edges != NULL || g->edge != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
	if (where == NULL)
		where = "output";

	/* Checked before the first byte, so that a bad graph leaves no half file. */
	for (guint i = 0; i < g->n_edges; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		if (e->source >= g->n_nodes || e->target >= g->n_nodes) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT,
			            "cannot write '%s': edge %u joins nodes %u and %u of %u", where, i,
			            e->source, e->target, g->n_nodes);
			return FALSE;
		}
	}

	switch (fmt) {
	case TG_GRAPH_GRAPHML: write_graphml(&w, g); break;
	case TG_GRAPH_GEXF: write_gexf(&w, g); break;
	case TG_GRAPH_DOT: write_dot(&w, g); break;
	case TG_GRAPH_CSV: write_csv(&w, g); break;
	default:
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': unknown graph format %d",
		            where, (int)fmt);
		return FALSE;
	}
	/* Most write errors (a full disk) only show when the buffer goes out. */
	if (w.err == 0) {
		errno = 0;
		if (fflush(out) != 0)
			w_failed(&w);
	}
	if (w.err == 0 && ferror(out))
		w.err = EIO;
	if (w.err != 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': %s", where,
		            g_strerror(w.err));
		return FALSE;
	}
	return TRUE;
}
