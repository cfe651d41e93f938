/* SPDX-License-Identifier: MIT */
/* Unit tests of the graph writers: golden files for a small graph full of
 * escaping cases, well-formed XML read back, and failed writes reported.
 * With TG_GRAPH_OUT set, also writes sample.{graphml,gexf,dot,csv} into that
 * folder for tests/graph_networkx.sh; TG_UPDATE_GOLDEN=1 rewrites the goldens. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"

#ifdef TG_HAVE_IGRAPH
#include <igraph.h>
#endif

#define GOLDEN_DIR TG_SOURCE_DIR "/tests/data/graph"

/* Names with markup characters, controls (SOH, tab, CR LF), non-ASCII,
 * U+FFFF, invalid UTF-8 and a backslash; a parallel edge, "co" edges, and
 * undated "follows" edges. */
static const tg_gnode sample_nodes[] = {
	{"1000", "owner", "\xC3\x93wner \xE2\x98\x95", "owner", 0, TRUE, FALSE, FALSE, -1},
	{"2001", "alice", "A <&\"'> b", "two-way", 12, FALSE, TRUE, TRUE, 0},
	{"2002", "bob", "Bob\x01" "ctl\ttab\r\nnl", "one-way-out", 3, FALSE, FALSE, TRUE, 0},
	{"name:carol", "carol", "Carol \xEF\xBF\xBF \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 \xFF" "bad",
	 "one-way-out", 1, FALSE, FALSE, FALSE, 1},
	{"2004", "", "", "silent-follow", 0, FALSE, TRUE, FALSE, -1},
	{"2005", "dave\\N", "", "unanswered-in", 2, FALSE, FALSE, FALSE, 1},
};

static const tg_gedge sample_edges[] = {
	{0, 1, "reply", 5, G_GINT64_CONSTANT(1727395664064), G_GINT64_CONSTANT(1727870400000)},
	{0, 1, "mention", 2, G_GINT64_CONSTANT(1673771405000), G_GINT64_CONSTANT(1735689599999)},
	{1, 0, "dm", 4, G_GINT64_CONSTANT(1563899870000), G_GINT64_CONSTANT(1727870400000)},
	{0, 2, "quote", 3, G_GINT64_CONSTANT(1614834367000), G_GINT64_CONSTANT(1614834367000)},
	{0, 3, "quote", 1, G_GINT64_CONSTANT(1727395664064), G_GINT64_CONSTANT(1727395664064)},
	{1, 2, "co", 2, G_GINT64_CONSTANT(1673771405000), G_GINT64_CONSTANT(1727395664064)},
	{4, 0, "follows", 1, 0, 0},
	{0, 4, "follows", 1, 0, 0},
	{5, 0, "group_dm", 2, G_GINT64_CONSTANT(1563899870000), G_GINT64_CONSTANT(1614834367000)},
	{2, 5, "co", 1, G_GINT64_CONSTANT(1614834367000), G_GINT64_CONSTANT(1614834367000)},
};

static const tg_graph sample = {
	sample_nodes, G_N_ELEMENTS(sample_nodes), sample_edges, G_N_ELEMENTS(sample_edges), NULL, NULL,
};

static const struct {
	tg_graph_format fmt;
	const char *ext;
} formats[] = {
	{TG_GRAPH_GRAPHML, "graphml"},
	{TG_GRAPH_GEXF, "gexf"},
	{TG_GRAPH_DOT, "dot"},
	{TG_GRAPH_CSV, "csv"},
};

static char *write_string(const tg_graph *g, tg_graph_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	GError *error = NULL;

	g_assert_nonnull(f);
	g_assert_true(tg_graph_write(g, fmt, f, "memory", &error));
	g_assert_no_error(error);
	g_assert_cmpint(fclose(f), ==, 0);
	g_assert_cmpuint(strlen(buf), ==, len); /* no NUL slipped in */
	return buf;
}

/* A graph whose nodes and edges are made on demand writes the same bytes
 * as the same graph held in arrays. */
static void sample_node(const tg_graph *g, guint i, tg_gnode *n)
{
	(void)g;
	*n = sample_nodes[i];
}

static void sample_edge(const tg_graph *g, guint i, tg_gedge *e)
{
	(void)g;
	*e = sample_edges[i];
}

static void test_on_demand(void)
{
	tg_graph lazy = {NULL, G_N_ELEMENTS(sample_nodes), NULL, G_N_ELEMENTS(sample_edges), sample_node,
	                 sample_edge};
	tg_gnode n;
	tg_gedge e;

	g_assert_true(tg_graph_node(&lazy, 3, &n) == &n);
	g_assert_cmpstr(n.id, ==, "name:carol");
	g_assert_true(tg_graph_node(&sample, 3, &n) == &sample_nodes[3]);
	g_assert_true(tg_graph_edge(&lazy, 6, &e) == &e);
	g_assert_cmpstr(e.type, ==, "follows");
	g_assert_true(tg_graph_edge(&sample, 6, &e) == &sample_edges[6]);
	for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *held = write_string(&sample, formats[i].fmt);
		char *made = write_string(&lazy, formats[i].fmt);
		g_assert_cmpstr(made, ==, held);
		free(held);
		free(made);
	}
}

static void test_format_parse(void)
{
	tg_graph_format f = TG_GRAPH_CSV;

	for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
		g_assert_true(tg_graph_format_parse(formats[i].ext, &f));
		g_assert_cmpint(f, ==, formats[i].fmt);
	}
	g_assert_false(tg_graph_format_parse("gml", &f));
	g_assert_false(tg_graph_format_parse("", &f));
	g_assert_false(tg_graph_format_parse("graphml ", &f));
	g_assert_false(tg_graph_format_parse(NULL, &f));
	g_assert_cmpint(f, ==, TG_GRAPH_CSV); /* untouched on failure */
}

static void test_golden(gconstpointer data)
{
	const gsize i = GPOINTER_TO_SIZE(data);
	char *path = g_strdup_printf(GOLDEN_DIR "/sample.%s", formats[i].ext);
	char *got = write_string(&sample, formats[i].fmt);
	char *want = NULL;
	GError *error = NULL;

	if (g_getenv("TG_UPDATE_GOLDEN") != NULL) {
		g_assert_true(g_file_set_contents(path, got, -1, &error));
		g_assert_no_error(error);
	}
	g_assert_true(g_file_get_contents(path, &want, NULL, &error));
	g_assert_no_error(error);
	g_assert_cmpstr(got, ==, want);

	/* Same graph, same bytes. */
	char *again = write_string(&sample, formats[i].fmt);
	g_assert_cmpstr(again, ==, got);
	g_free(again);
	g_free(want);
	g_free(got);
	g_free(path);
}

/* ---- reading the XML back with GMarkup ---- */

typedef struct xml_read {
	guint nodes, edges;
	char *owner_id;      /* id of the current <node> */
	char *data_key;      /* key of the current <data> */
	GString *text;
	GHashTable *values;  /* "node-id/key" -> value, for GraphML data and GEXF attvalues */
} xml_read;

static void xml_start(GMarkupParseContext *ctx, const char *element, const char **names,
                      const char **values, gpointer user, GError **error)
{
	xml_read *r = user;
	(void)ctx;
	(void)error;

	if (strcmp(element, "node") == 0 || strcmp(element, "edge") == 0) {
		const char *id = NULL, *label = NULL;
		if (element[0] == 'n')
			r->nodes++;
		else
			r->edges++;
		for (guint i = 0; names[i] != NULL; i++) {
			if (strcmp(names[i], "id") == 0)
				id = values[i];
			else if (strcmp(names[i], "label") == 0)
				label = values[i];
		}
		g_free(r->owner_id);
		r->owner_id = g_strdup(id);
		if (label != NULL)
			g_hash_table_insert(r->values, g_strdup_printf("%s/label", id), g_strdup(label));
	} else if (strcmp(element, "data") == 0) {
		g_free(r->data_key);
		r->data_key = g_strdup(values[0]);
		g_string_truncate(r->text, 0);
	} else if (strcmp(element, "attvalue") == 0) {
		const char *key = NULL, *value = NULL;
		for (guint i = 0; names[i] != NULL; i++) {
			if (strcmp(names[i], "for") == 0)
				key = values[i];
			else if (strcmp(names[i], "value") == 0)
				value = values[i];
		}
		g_hash_table_insert(r->values, g_strdup_printf("%s/%s", r->owner_id, key),
		                    g_strdup(value));
	}
}

static void xml_end(GMarkupParseContext *ctx, const char *element, gpointer user,
                    GError **error)
{
	xml_read *r = user;
	(void)ctx;
	(void)error;

	if (strcmp(element, "data") == 0) {
		g_hash_table_insert(r->values, g_strdup_printf("%s/%s", r->owner_id, r->data_key),
		                    g_strdup(r->text->str));
		g_clear_pointer(&r->data_key, g_free);
	}
}

static void xml_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer user,
                     GError **error)
{
	xml_read *r = user;
	(void)ctx;
	(void)error;
	if (r->data_key != NULL)
		g_string_append_len(r->text, text, (gssize)len);
}

static void xml_read_init(xml_read *r, const char *doc)
{
	static const GMarkupParser parser = {xml_start, xml_end, xml_text, NULL, NULL};
	GError *error = NULL;

	memset(r, 0, sizeof *r);
	r->text = g_string_new(NULL);
	r->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, r, NULL);
	g_assert_true(g_markup_parse_context_parse(ctx, doc, -1, &error));
	g_assert_no_error(error);
	g_assert_true(g_markup_parse_context_end_parse(ctx, &error));
	g_assert_no_error(error);
	g_markup_parse_context_free(ctx);
}

static void xml_read_clear(xml_read *r)
{
	g_free(r->owner_id);
	g_free(r->data_key);
	g_string_free(r->text, TRUE);
	g_hash_table_destroy(r->values);
}

static const char *value_of(const xml_read *r, const char *owner, const char *key)
{
	char *k = g_strdup_printf("%s/%s", owner, key);
	const char *v = g_hash_table_lookup(r->values, k);
	g_free(k);
	return v;
}

/* What the sample's names become once read back: the same, except the
 * controls XML cannot carry, U+FFFF and the invalid byte, now U+FFFD. */
static const char NAME_ALICE[] = "A <&\"'> b";
static const char NAME_BOB[] = "Bob\xEF\xBF\xBD" "ctl\ttab\r\nnl";
static const char NAME_CAROL[] = "Carol \xEF\xBF\xBD \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x98\x80 "
                                 "\xEF\xBF\xBD" "bad";

static void test_graphml_read_back(void)
{
	char *doc = write_string(&sample, TG_GRAPH_GRAPHML);
	xml_read r;

	xml_read_init(&r, doc);
	g_assert_cmpuint(r.nodes, ==, sample.n_nodes);
	g_assert_cmpuint(r.edges, ==, sample.n_edges);
	g_assert_cmpstr(value_of(&r, "2001", "name"), ==, NAME_ALICE);
	g_assert_cmpstr(value_of(&r, "2002", "name"), ==, NAME_BOB);
	g_assert_cmpstr(value_of(&r, "name:carol", "name"), ==, NAME_CAROL);
	g_assert_cmpstr(value_of(&r, "1000", "name"), ==, "\xC3\x93wner \xE2\x98\x95");
	g_assert_cmpstr(value_of(&r, "2001", "strength"), ==, "12");
	g_assert_cmpstr(value_of(&r, "2001", "follows_me"), ==, "true");
	g_assert_cmpstr(value_of(&r, "1000", "owner"), ==, "true");
	g_assert_cmpstr(value_of(&r, "1000", "circle"), ==, "-1");
	g_assert_cmpstr(value_of(&r, "2004", "label"), ==, "2004");
	g_assert_null(value_of(&r, "2004", "screen_name")); /* unknown: left out */
	g_assert_cmpstr(value_of(&r, "e0", "first"), ==, "2024-09-27T00:07:44Z");
	g_assert_cmpstr(value_of(&r, "e0", "last"), ==, "2024-10-02T12:00:00Z");
	g_assert_cmpstr(value_of(&r, "e1", "last"), ==, "2024-12-31T23:59:59Z");
	g_assert_cmpstr(value_of(&r, "e5", "type"), ==, "co");
	g_assert_cmpstr(value_of(&r, "e6", "weight"), ==, "1");
	g_assert_null(value_of(&r, "e6", "first")); /* undated */
	/* Tab, CR and LF survive as references, not raw (which a reader would
	 * fold into spaces in attributes and CR into LF in text). */
	g_assert_nonnull(strstr(doc, "Bob\xEF\xBF\xBD" "ctl&#9;tab&#13;&#10;nl"));
	g_assert_nonnull(strstr(doc, "A &lt;&amp;&quot;&apos;&gt; b"));
	xml_read_clear(&r);
	g_free(doc);
}

static void test_gexf_read_back(void)
{
	char *doc = write_string(&sample, TG_GRAPH_GEXF);
	xml_read r;

	xml_read_init(&r, doc);
	g_assert_cmpuint(r.nodes, ==, sample.n_nodes);
	g_assert_cmpuint(r.edges, ==, sample.n_edges);
	/* Attribute ids: nodes 0 screen_name 1 name 2 class 3 strength 4 owner
	 * 5 follows_me 6 i_follow 7 circle; edges 0 type 1 first 2 last. */
	g_assert_cmpstr(value_of(&r, "2001", "1"), ==, NAME_ALICE);
	g_assert_cmpstr(value_of(&r, "2002", "1"), ==, NAME_BOB);
	g_assert_cmpstr(value_of(&r, "name:carol", "1"), ==, NAME_CAROL);
	g_assert_cmpstr(value_of(&r, "2001", "label"), ==, "alice");
	g_assert_cmpstr(value_of(&r, "2004", "label"), ==, "2004");
	g_assert_cmpstr(value_of(&r, "2005", "label"), ==, "dave\\N");
	g_assert_cmpstr(value_of(&r, "2001", "3"), ==, "12");
	g_assert_cmpstr(value_of(&r, "0", "0"), ==, "reply");
	g_assert_cmpstr(value_of(&r, "0", "1"), ==, "2024-09-27T00:07:44Z");
	g_assert_null(value_of(&r, "6", "1"));
	g_assert_nonnull(strstr(doc, "<edge id=\"0\" source=\"1000\" target=\"2001\" weight=\"5\" "
	                             "start=\"2024-09-27\" end=\"2024-10-02\">"));
	g_assert_nonnull(strstr(doc, "<edge id=\"6\" source=\"2004\" target=\"1000\" weight=\"1\">"));
	g_assert_nonnull(strstr(doc, "mode=\"dynamic\""));
	xml_read_clear(&r);
	g_free(doc);
}

static void test_dot_escaping(void)
{
	char *doc = write_string(&sample, TG_GRAPH_DOT);

	g_assert_true(g_str_has_prefix(doc, "digraph talkgraph {\n"));
	g_assert_true(g_str_has_suffix(doc, "}\n"));
	g_assert_nonnull(strstr(doc, "\t\"2005\" [label=\"dave\\\\N\"];\n"));
	g_assert_nonnull(strstr(doc, "\t\"2004\" [label=\"2004\"];\n"));
	g_assert_nonnull(strstr(doc, "\"2001\" -> \"2002\" [type=\"co\", dir=none, weight=2, "
	                             "first=\"2023-01-15T08:30:05Z\", last=\"2024-09-27T00:07:44Z\"];\n"));
	g_assert_nonnull(strstr(doc, "\"2004\" -> \"1000\" [type=\"follows\", weight=1];\n"));
	g_free(doc);

	/* A name that only holds text that DOT would otherwise read. */
	tg_gnode n = {"x\"y", "", "say \"hi\"\\\n\x02", "", 0, FALSE, FALSE, FALSE, -1};
	tg_graph g = {&n, 1, NULL, 0, NULL, NULL};
	doc = write_string(&g, TG_GRAPH_DOT);
	g_assert_cmpstr(doc, ==,
	                "digraph talkgraph {\n"
	                "\t\"x\\\"y\" [label=\"say \\\"hi\\\"\\\\\\n\xEF\xBF\xBD\"];\n"
	                "}\n");
	g_free(doc);
}

static void test_csv_quoting(void)
{
	tg_gnode n[] = {
		{"1", "", "", "", 0, FALSE, FALSE, FALSE, -1},
		{"name:a,b", "", "", "", 0, FALSE, FALSE, FALSE, -1},
		{"name:\"q\"", "", "", "", 0, FALSE, FALSE, FALSE, -1},
	};
	tg_gedge e[] = {
		{0, 1, "reply", 7, G_GINT64_CONSTANT(1727395664064), 0},
		{2, 0, "line\nbreak", G_MAXUINT64, 0, G_GINT64_CONSTANT(1563899870000)},
	};
	tg_graph g = {n, 3, e, 2, NULL, NULL};
	char *doc = write_string(&g, TG_GRAPH_CSV);

	g_assert_cmpstr(doc, ==,
	                "source,target,type,weight,first,last\n"
	                "1,\"name:a,b\",reply,7,2024-09-27T00:07:44Z,\n"
	                "\"name:\"\"q\"\"\",1,\"line\nbreak\",18446744073709551615,,"
	                "2019-07-23T16:37:50Z\n");
	g_free(doc);
}

/* An empty graph is still a valid file of each format. */
static void test_empty(void)
{
	tg_graph g = {NULL, 0, NULL, 0, NULL, NULL};

	for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *doc = write_string(&g, formats[i].fmt);
		if (formats[i].fmt == TG_GRAPH_GRAPHML || formats[i].fmt == TG_GRAPH_GEXF) {
			xml_read r;
			xml_read_init(&r, doc);
			g_assert_cmpuint(r.nodes + r.edges, ==, 0);
			xml_read_clear(&r);
		} else if (formats[i].fmt == TG_GRAPH_DOT) {
			g_assert_cmpstr(doc, ==, "digraph talkgraph {\n}\n");
		} else {
			g_assert_cmpstr(doc, ==, "source,target,type,weight,first,last\n");
		}
		g_free(doc);
	}
}

/* A full disk: buffered, the failure shows at the flush; unbuffered, at the
 * first write. Either way the message names the file and the reason. */
static void test_write_error(void)
{
	for (int buffered = 0; buffered < 2; buffered++) {
		for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
			FILE *f = fopen("/dev/full", "w");
			GError *error = NULL;
			char *where = g_strdup_printf("graph.%s", formats[i].ext);
			char *want = g_strdup_printf("cannot write '%s': %s", where, g_strerror(ENOSPC));

			if (f == NULL) {
				g_test_skip("no /dev/full");
				g_free(where);
				g_free(want);
				return;
			}
			if (!buffered)
				setvbuf(f, NULL, _IONBF, 0);
			g_assert_false(tg_graph_write(&sample, formats[i].fmt, f, where, &error));
			g_assert_error(error, TG_ERROR, TG_ERROR_OUTPUT);
			g_assert_cmpstr(error->message, ==, want);
			g_error_free(error);
			fclose(f);
			g_free(where);
			g_free(want);
		}
	}
}

/* An edge to a node that is not there is refused before anything is written. */
static void test_bad_edge(void)
{
	tg_gedge e = {0, 2, "reply", 1, 0, 0};
	tg_graph g = {sample_nodes, 2, &e, 1, NULL, NULL};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	GError *error = NULL;

	g_assert_false(tg_graph_write(&g, TG_GRAPH_GRAPHML, f, "x.graphml", &error));
	g_assert_error(error, TG_ERROR, TG_ERROR_OUTPUT);
	g_assert_cmpstr(error->message, ==, "cannot write 'x.graphml': edge 0 joins nodes 0 and 2 of 2");
	g_error_free(error);
	fclose(f);
	g_assert_cmpuint(len, ==, 0);
	free(buf);
}

#ifdef TG_HAVE_IGRAPH
/* igraph is one of the readers the GraphML file is for. */
static void test_igraph_reads_graphml(void)
{
	char *doc = write_string(&sample, TG_GRAPH_GRAPHML);
	FILE *f = fmemopen(doc, strlen(doc), "r");
	igraph_t graph;
	igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_printignore);
	const igraph_attribute_table_t *old_table = igraph_set_attribute_table(&igraph_cattribute_table);

	g_assert_nonnull(f);
	g_assert_cmpint(igraph_read_graph_graphml(&graph, f, 0), ==, IGRAPH_SUCCESS);
	g_assert_true(igraph_is_directed(&graph));
	g_assert_cmpint(igraph_vcount(&graph), ==, sample.n_nodes);
	g_assert_cmpint(igraph_ecount(&graph), ==, sample.n_edges);
	g_assert_cmpstr(VAS(&graph, "id", 3), ==, "name:carol");
	g_assert_cmpstr(VAS(&graph, "name", 1), ==, NAME_ALICE);
	g_assert_cmpstr(VAS(&graph, "screen_name", 4), ==, "");
	g_assert_cmpfloat(VAN(&graph, "strength", 1), ==, 12.0);
	g_assert_true(VAB(&graph, "owner", 0));
	g_assert_false(VAB(&graph, "owner", 1));
	g_assert_cmpstr(EAS(&graph, "type", 5), ==, "co");
	g_assert_cmpfloat(EAN(&graph, "weight", 0), ==, 5.0);
	igraph_destroy(&graph);
	fclose(f);
	igraph_set_attribute_table(old_table);
	igraph_set_error_handler(old);
	g_free(doc);
}
#endif

/* For tests/graph_networkx.sh: the sample in every format, in DIR. */
static void write_samples(const char *dir)
{
	for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *path = g_strdup_printf("%s/sample.%s", dir, formats[i].ext);
		FILE *f = fopen(path, "w");
		GError *error = NULL;

		if (f == NULL)
			g_error("cannot open '%s': %s", path, g_strerror(errno));
		if (!tg_graph_write(&sample, formats[i].fmt, f, path, &error))
			g_error("%s", error->message);
		if (fclose(f) != 0)
			g_error("cannot close '%s': %s", path, g_strerror(errno));
		g_free(path);
	}
}

int main(int argc, char **argv)
{
	const char *out = g_getenv("TG_GRAPH_OUT");

	g_test_init(&argc, &argv, NULL);
	if (out != NULL && out[0] != '\0')
		write_samples(out);
	g_test_add_func("/graph/format-parse", test_format_parse);
	for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
		char *name = g_strdup_printf("/graph/golden/%s", formats[i].ext);
		g_test_add_data_func(name, GSIZE_TO_POINTER(i), test_golden);
		g_free(name);
	}
	g_test_add_func("/graph/graphml-read-back", test_graphml_read_back);
	g_test_add_func("/graph/gexf-read-back", test_gexf_read_back);
	g_test_add_func("/graph/dot-escaping", test_dot_escaping);
	g_test_add_func("/graph/csv-quoting", test_csv_quoting);
	g_test_add_func("/graph/empty", test_empty);
	g_test_add_func("/graph/write-error", test_write_error);
	g_test_add_func("/graph/bad-edge", test_bad_edge);
	g_test_add_func("/graph/on-demand", test_on_demand);
#ifdef TG_HAVE_IGRAPH
	g_test_add_func("/graph/igraph-reads-graphml", test_igraph_reads_graphml);
#endif
	return g_test_run();
}
