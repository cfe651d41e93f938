/* SPDX-License-Identifier: MIT */
/* Circles: communities of the co-conversation graph, found by igraph's Leiden
 * algorithm with the modularity objective and a fixed seed. This is the only
 * file that includes igraph.h; it keeps igraph from ever aborting the process. */

#include "graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef TG_HAVE_IGRAPH
#include <igraph.h>

/* Checks the input; counts in *N_WEIGHTED the edges that carry weight
 * (w > 0), and in *N_LINKS those of them that join two nodes. */
static gboolean check_input(guint n_nodes, guint n_edges, tg_circles_edge_fn edge, gpointer user,
                            guint *n_weighted, guint *n_links, GError **error)
{
	double total = 0.0;

	*n_weighted = *n_links = 0;
	for (guint e = 0; e < n_edges; e++) {
		guint u, v;
		double w;

		edge(user, e, &u, &v, &w);
		if (u >= n_nodes || v >= n_nodes) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT,
			            "cannot compute circles: edge %u joins nodes %u and %u of %u", e, u, v,
			            n_nodes);
			return FALSE;
		}
		/* igraph 0.10's Leiden checks no weight: a NaN or an infinite one
		 * makes it loop forever and a negative one goes unnoticed. */
		if (!isfinite(w) || w < 0.0) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT,
			            "cannot compute circles: edge %u has weight %g, not a finite "
			            "non-negative number",
			            e, w);
			return FALSE;
		}
		if (w > 0.0) {
			(*n_weighted)++;
			*n_links += u != v;
			total += w;
		}
	}
	if (!isfinite(total)) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT,
		                    "cannot compute circles: the total edge weight overflows");
		return FALSE;
	}
	return TRUE;
}

/* Any seed does; a fixed one makes the same graph give the same circles. */
#define CIRCLES_SEED 20240927u

/* igraph's error handler and RNG are process-wide: one computation at a time. */
G_LOCK_DEFINE_STATIC(igraph_state);

/* The first reason igraph gave for the error being unwound. */
static char igraph_reason[256];
static igraph_error_t igraph_code;

/* In igraph 0.10 an error calls the handler once per frame as it unwinds, the
 * innermost with the real reason and the outer ones with "": keep the first.
 * The handler must free igraph's temporaries and return, never abort. */
static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t code)
{
	(void)file;
	(void)line;
	if (igraph_code == IGRAPH_SUCCESS)
		igraph_code = code;
	if (igraph_reason[0] == '\0' && reason != NULL && reason[0] != '\0')
		g_strlcpy(igraph_reason, reason, sizeof igraph_reason);
	/* Copy REASON first: this may free the buffer it points into. */
	IGRAPH_FINALLY_FREE();
}

/* Warnings say nothing the user can act on; keep them for G_MESSAGES_DEBUG. */
static void on_igraph_warning(const char *reason, const char *file, int line)
{
	g_debug("igraph warning: %s (%s:%d)", reason, file, line);
}

static void set_igraph_error(GError **error)
{
	gsize n = strlen(igraph_reason);
	while (n > 0 && (igraph_reason[n - 1] == '.' || igraph_reason[n - 1] == ' '))
		igraph_reason[--n] = '\0';
	g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot compute circles: igraph: %s",
	            n > 0 ? igraph_reason : igraph_strerror(igraph_code));
}

typedef struct community {
	guint label;   /* igraph's cluster index */
	guint size;    /* members with a weighted edge to another node */
	guint first;   /* smallest such member */
} community;

static int compare_communities(const void *a, const void *b)
{
	const community *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

/* Renumbers igraph's clusters by decreasing size, then smallest member. A node
 * without a weighted edge to another node belongs to no circle. */
static void number_circles(guint n_nodes, const igraph_vector_int_t *clusters,
                           const gboolean *linked, gint *membership)
{
	igraph_integer_t n_clusters = 0;
	for (guint i = 0; i < n_nodes; i++)
		n_clusters = MAX(n_clusters, VECTOR(*clusters)[i] + 1);

	community *c = g_new0(community, n_clusters);
	for (igraph_integer_t k = 0; k < n_clusters; k++)
		c[k].label = (guint)k;
	for (guint i = 0; i < n_nodes; i++) {
		community *k = &c[VECTOR(*clusters)[i]];
		if (!linked[i])
			continue;
		if (k->size++ == 0)
			k->first = i;
	}
	qsort(c, n_clusters, sizeof *c, compare_communities);

	gint *circle_of = g_new(gint, n_clusters);
	for (igraph_integer_t k = 0; k < n_clusters; k++)
		circle_of[c[k].label] = c[k].size > 0 ? (gint)k : -1;
	for (guint i = 0; i < n_nodes; i++)
		membership[i] = linked[i] ? circle_of[VECTOR(*clusters)[i]] : -1;
	g_free(circle_of);
	g_free(c);
}

static gboolean compute(guint n_nodes, guint n_edges, tg_circles_edge_fn edge, gpointer user,
                        guint n_weighted, gint *membership, double *modularity, GError **error)
{
	gboolean ok = FALSE;
	igraph_t graph;
	igraph_vector_int_t ends, clusters;
	igraph_vector_t weights, strength;
	gboolean have_ends = FALSE, have_weights = FALSE, have_graph = FALSE;
	gboolean have_strength = FALSE, have_clusters = FALSE;
	gboolean *linked = g_new0(gboolean, n_nodes);
	igraph_real_t q = NAN;

	G_LOCK(igraph_state);
	igraph_error_handler_t *old_error = igraph_set_error_handler(on_igraph_error);
	igraph_warning_handler_t *old_warning = igraph_set_warning_handler(on_igraph_warning);
	igraph_reason[0] = '\0';
	igraph_code = IGRAPH_SUCCESS;

	if (igraph_vector_int_init(&ends, 2 * (igraph_integer_t)n_weighted) != IGRAPH_SUCCESS)
		goto out;
	have_ends = TRUE;
	if (igraph_vector_init(&weights, n_weighted) != IGRAPH_SUCCESS)
		goto out;
	have_weights = TRUE;
	/* Weightless edges change neither modularity nor the optimum; leaving
	 * them out also keeps igraph from a zero total weight, where its
	 * resolution 1/(2m) is infinite. */
	for (guint e = 0, k = 0; e < n_edges; e++) {
		guint u, v;
		double w;

		edge(user, e, &u, &v, &w);
		if (w <= 0.0)
			continue;
		VECTOR(ends)[2 * k] = u;
		VECTOR(ends)[2 * k + 1] = v;
		VECTOR(weights)[k] = w;
		k++;
		if (u != v)
			linked[u] = linked[v] = TRUE;
	}
	if (igraph_create(&graph, &ends, n_nodes, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
		goto out;
	have_graph = TRUE;
	/* The graph has its own copy: this one would only add to Leiden's peak. */
	igraph_vector_int_destroy(&ends);
	have_ends = FALSE;
	if (igraph_vector_init(&strength, n_nodes) != IGRAPH_SUCCESS)
		goto out;
	have_strength = TRUE;
	if (igraph_vector_int_init(&clusters, n_nodes) != IGRAPH_SUCCESS)
		goto out;
	have_clusters = TRUE;

	/* Leiden optimises modularity when the node weights are the strengths
	 * and the resolution is 1/(2m), 2m being the sum of the strengths. */
	if (igraph_strength(&graph, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS,
	                    &weights) != IGRAPH_SUCCESS)
		goto out;
	if (igraph_rng_seed(igraph_rng_default(), CIRCLES_SEED) != IGRAPH_SUCCESS)
		goto out;
	/* beta 0.01 is igraph's usual randomness of the refinement; a negative
	 * iteration count repeats until the partition no longer changes. */
	if (igraph_community_leiden(&graph, &weights, &strength, 1.0 / igraph_vector_sum(&strength),
	                            0.01, FALSE, -1, &clusters, NULL, NULL) != IGRAPH_SUCCESS)
		goto out;
	if (igraph_modularity(&graph, &clusters, &weights, 1.0, FALSE, &q) != IGRAPH_SUCCESS)
		goto out;

	tg_debug_memory("circles: leiden done");
	number_circles(n_nodes, &clusters, linked, membership);
	*modularity = q;
	ok = TRUE;
out:
	if (!ok)
		set_igraph_error(error);
	if (have_clusters)
		igraph_vector_int_destroy(&clusters);
	if (have_strength)
		igraph_vector_destroy(&strength);
	if (have_graph)
		igraph_destroy(&graph);
	if (have_weights)
		igraph_vector_destroy(&weights);
	if (have_ends)
		igraph_vector_int_destroy(&ends);
	igraph_set_warning_handler(old_warning);
	igraph_set_error_handler(old_error);
	G_UNLOCK(igraph_state);
	g_free(linked);
	return ok;
}

#endif /* TG_HAVE_IGRAPH */

gboolean tg_circles_compute_fn(guint n_nodes, guint n_edges, tg_circles_edge_fn edge, gpointer user,
                               gint *membership, double *modularity, GError **error)
{
	g_return_val_if_fail(n_nodes == 0 || membership != NULL, FALSE);
	g_return_val_if_fail(n_edges == 0 || edge != NULL, FALSE);
	g_return_val_if_fail(modularity != NULL, FALSE);
	g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

	/* Defined outputs even on failure: no circles, no modularity. */
	for (guint i = 0; i < n_nodes; i++)
		membership[i] = -1;
	*modularity = NAN;

#ifdef TG_HAVE_IGRAPH
	guint n_weighted, n_links;
	if (!check_input(n_nodes, n_edges, edge, user, &n_weighted, &n_links, error))
		return FALSE;
	/* No circle without a link; modularity is undefined without edges (a
	 * graph of self-loops only would give a number that means nothing). */
	if (n_links == 0)
		return TRUE;
	return compute(n_nodes, n_edges, edge, user, n_weighted, membership, modularity, error);
#else
	(void)user;
	g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT,
	                    "cannot compute circles: talkgraph was built without igraph");
	return FALSE;
#endif
}

typedef struct edge_arrays {
	const guint *u, *v;
	const double *w;
} edge_arrays;

static void array_edge(gpointer user, guint i, guint *u, guint *v, double *w)
{
	const edge_arrays *a = user;
	*u = a->u[i];
	*v = a->v[i];
	*w = a->w[i];
}

gboolean tg_circles_compute(guint n_nodes, const guint *edge_u, const guint *edge_v,
                            const double *edge_w, guint n_edges, gint *membership,
                            double *modularity, GError **error)
{
	edge_arrays a = {edge_u, edge_v, edge_w};

	g_return_val_if_fail(n_edges == 0 || (edge_u && edge_v && edge_w), FALSE);
	return tg_circles_compute_fn(n_nodes, n_edges, array_edge, &a, membership, modularity, error);
}
