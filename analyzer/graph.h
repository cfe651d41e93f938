/* SPDX-License-Identifier: MIT */
/* A plain, library-neutral description of the relationship graph, and the
 * writers of its file formats (GraphML, GEXF, DOT, CSV). The model fills it;
 * circles.c and the graph writers read it. No igraph type appears here. */
#ifndef TG_GRAPH_H
#define TG_GRAPH_H

#include <stdio.h>
#include "util.h"

typedef struct tg_gnode {
	const char *id;          /* account id as a decimal string, or "name:<screen_name>"
	                            for a contact known by name only */
	const char *screen_name; /* "" when unknown */
	const char *name;        /* display name, "" when unknown */
	const char *class;       /* SPEC.md class, or "owner" for an owner */
	guint64 strength;
	gboolean owner;
	gboolean follows_me, i_follow; /* toward the (first) owner */
	gint circle;             /* circle index from 0, -1 for none */
} tg_gnode;

typedef struct tg_gedge {
	guint source, target;    /* indices into nodes */
	const char *type;        /* "reply", "mention", "context", "retweet", "quote", "dm",
	                            "group_dm", "co" (co-conversation between contacts),
	                            "follows" (source follows target; undated) */
	guint64 weight;
	gint64 first_ms, last_ms; /* 0 when undated */
} tg_gedge;

typedef struct tg_graph tg_graph;
struct tg_graph {
	const tg_gnode *nodes;   /* n_nodes of them, or NULL when NODE makes them */
	guint n_nodes;
	const tg_gedge *edges;   /* n_edges of them, or NULL when EDGE makes them */
	guint n_edges;
	/* For a graph that does not hold its nodes or edges at their full size:
	 * with NODES (EDGES) NULL, fills *N (*E) with node (edge) I. They only
	 * read: the writers may call them from several threads at once. The
	 * strings they set live as long as G. */
	void (*node)(const tg_graph *g, guint i, tg_gnode *n);
	void (*edge)(const tg_graph *g, guint i, tg_gedge *e);
};

/* Node I (< n_nodes) of G: in G's NODES, or made by G's NODE into *TMP. */
const tg_gnode *tg_graph_node(const tg_graph *g, guint i, tg_gnode *tmp);

/* Edge I (< n_edges) of G: in G's EDGES, or made by G's EDGE into *TMP. */
const tg_gedge *tg_graph_edge(const tg_graph *g, guint i, tg_gedge *tmp);

typedef enum tg_graph_format {
	TG_GRAPH_GRAPHML,
	TG_GRAPH_GEXF,
	TG_GRAPH_DOT,
	TG_GRAPH_CSV /* edges.csv: source,target,type,weight,first,last */
} tg_graph_format;

/* Parses "graphml", "gexf", "dot", "csv"; FALSE for anything else. */
gboolean tg_graph_format_parse(const char *s, tg_graph_format *out);

/* Writes G to OUT in FMT, nodes and edges in the order given (callers sort
 * them: outputs must be deterministic). Dates are ISO 8601 UTC. Returns FALSE
 * with ERROR (TG_ERROR_OUTPUT) when a write fails. WHERE names OUT in messages. */
gboolean tg_graph_write(const tg_graph *g, tg_graph_format fmt, FILE *out, const char *where,
                        GError **error);

/* Communities of the undirected weighted graph with N_NODES nodes and the
 * edges given (EDGE_U[i]-EDGE_V[i] with weight EDGE_W[i]), by igraph's
 * Leiden (modularity objective) or Louvain with a fixed seed, so the same
 * input always gives the same result. Fills MEMBERSHIP[n_nodes] (circle
 * index from 0, numbered by decreasing size then smallest member index;
 * isolated nodes get -1) and *MODULARITY. Returns FALSE with ERROR when
 * igraph reports an error (igraph's error handler is replaced so that it
 * never aborts). A node is isolated when no edge of weight > 0 joins it to
 * another node. With no such edge at all, modularity is undefined and
 * *MODULARITY is NAN. Weights must be finite and >= 0, else TG_ERROR_INPUT.
 * On failure MEMBERSHIP is all -1 and *MODULARITY NAN. Reseeds igraph's
 * default RNG. Without igraph at build time it always fails (TG_ERROR_INPUT). */
gboolean tg_circles_compute(guint n_nodes, const guint *edge_u, const guint *edge_v,
                            const double *edge_w, guint n_edges, gint *membership,
                            double *modularity, GError **error);

/* The same with edge I given by EDGE(USER, I, &u, &v, &w) rather than held
 * in arrays, so that no copy of the edges is alive besides igraph's own
 * while it works. EDGE may be called several times for each edge. */
typedef void (*tg_circles_edge_fn)(gpointer user, guint i, guint *u, guint *v, double *w);
gboolean tg_circles_compute_fn(guint n_nodes, guint n_edges, tg_circles_edge_fn edge, gpointer user,
                               gint *membership, double *modularity, GError **error);

#endif
