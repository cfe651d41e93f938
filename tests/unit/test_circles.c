/* SPDX-License-Identifier: MIT */
/* Unit tests of tg_circles_compute(): planted communities are found, the
 * numbering and the seed make results repeatable, and bad input or an igraph
 * failure comes back as a GError instead of an abort. */

#include <math.h>
#include <string.h>

#include "graph.h"

typedef struct edges {
	guint u[128], v[128];
	double w[128];
	guint n;
} edges;

static void add_edge(edges *e, guint u, guint v, double w)
{
	g_assert_cmpuint(e->n, <, G_N_ELEMENTS(e->u));
	e->u[e->n] = u;
	e->v[e->n] = v;
	e->w[e->n] = w;
	e->n++;
}

#ifdef TG_HAVE_IGRAPH

/* A clique on nodes FROM..FROM+SIZE-1, every edge of weight W. */
static void add_clique(edges *e, guint from, guint size, double w)
{
	for (guint i = from; i < from + size; i++)
		for (guint j = i + 1; j < from + size; j++)
			add_edge(e, i, j, w);
}

static void compute_ok(guint n_nodes, const edges *e, gint *membership, double *q)
{
	GError *error = NULL;
	gboolean ok = tg_circles_compute(n_nodes, e->u, e->v, e->w, e->n, membership, q, &error);
	g_assert_no_error(error);
	g_assert_true(ok);
}

/* Two 5-cliques joined by one weak edge: two circles, the one holding node
 * 0 first (equal sizes), and the modularity of that split, 19/42. */
static void test_two_cliques(void)
{
	edges e = {0};
	gint m[10];
	double q;

	add_clique(&e, 0, 5, 1.0);
	add_clique(&e, 5, 5, 1.0);
	add_edge(&e, 4, 5, 1.0);
	compute_ok(10, &e, m, &q);
	for (guint i = 0; i < 5; i++)
		g_assert_cmpint(m[i], ==, 0);
	for (guint i = 5; i < 10; i++)
		g_assert_cmpint(m[i], ==, 1);
	g_assert_cmpfloat(q, >, 0.3);
	g_assert_cmpfloat_with_epsilon(q, 19.0 / 42.0, 1e-9);
}

/* Weights count: the same wiring with heavy cliques and a light bridge
 * gives the same split and a higher modularity. */
static void test_weights(void)
{
	edges e = {0};
	gint m[10];
	double q;

	add_clique(&e, 0, 5, 5.0);
	add_clique(&e, 5, 5, 5.0);
	add_edge(&e, 4, 5, 1.0);
	compute_ok(10, &e, m, &q);
	for (guint i = 1; i < 10; i++)
		g_assert_cmpint(m[i], ==, i < 5 ? m[0] : 1 - m[0]);
	g_assert_cmpfloat(q, >, 19.0 / 42.0);
}

/* Circles are numbered by decreasing size, then smallest member: a 3-clique
 * at nodes 0-2 comes after a 6-clique at nodes 3-8, and of two equal
 * cliques the one with the smaller first member comes first. */
static void test_numbering(void)
{
	edges e = {0};
	gint m[13];
	double q;

	add_clique(&e, 0, 3, 1.0);
	add_clique(&e, 3, 6, 1.0);
	add_clique(&e, 9, 4, 1.0);
	add_edge(&e, 2, 3, 0.1);
	add_edge(&e, 8, 12, 0.1);
	compute_ok(13, &e, m, &q);
	for (guint i = 0; i < 3; i++)
		g_assert_cmpint(m[i], ==, 2);
	for (guint i = 3; i < 9; i++)
		g_assert_cmpint(m[i], ==, 0);
	for (guint i = 9; i < 13; i++)
		g_assert_cmpint(m[i], ==, 1);
}

/* Same input, same output, call after call, bit for bit. */
static void test_repeatable(void)
{
	edges e = {0};
	gint first[40], again[40];
	double q1, q2;

	/* A graph with less obvious structure: four loose groups of ten
	 * chained together, plus cross links. */
	for (guint g = 0; g < 4; g++) {
		for (guint i = 0; i < 10; i++)
			add_edge(&e, g * 10 + i, g * 10 + (i + 1) % 10, 1.0 + (i % 3));
		add_edge(&e, g * 10, g * 10 + 5, 2.0);
		add_edge(&e, g * 10 + 2, g * 10 + 7, 2.0);
		add_edge(&e, g * 10 + 9, (g * 10 + 13) % 40, 1.0);
	}
	compute_ok(40, &e, first, &q1);
	for (int k = 0; k < 5; k++) {
		compute_ok(40, &e, again, &q2);
		g_assert_cmpmem(first, sizeof first, again, sizeof again);
		g_assert_true(memcmp(&q1, &q2, sizeof q1) == 0);
	}
	g_assert_cmpfloat(q1, >, 0.3);
}

static void test_empty(void)
{
	GError *error = NULL;
	double q = 0.0;

	g_assert_true(tg_circles_compute(0, NULL, NULL, NULL, 0, NULL, &q, &error));
	g_assert_no_error(error);
	g_assert_true(isnan(q));
}

/* Nodes but no edge, or only weightless edges and self-loops: no circle,
 * and the modularity is undefined. */
static void test_no_edges(void)
{
	edges e = {0};
	gint m[4] = {7, 7, 7, 7};
	double q = 0.0;

	compute_ok(4, &e, m, &q);
	for (guint i = 0; i < 4; i++)
		g_assert_cmpint(m[i], ==, -1);
	g_assert_true(isnan(q));

	add_edge(&e, 0, 1, 0.0);
	add_edge(&e, 2, 3, 0.0);
	add_edge(&e, 2, 2, 4.0);
	memset(m, 7, sizeof m);
	compute_ok(4, &e, m, &q);
	for (guint i = 0; i < 4; i++)
		g_assert_cmpint(m[i], ==, -1);
	g_assert_true(isnan(q));
}

/* Isolated nodes, a node tied only by a weightless edge and one with only a
 * self-loop get -1 and leave the circles and the modularity as they were. */
static void test_isolated(void)
{
	edges e = {0};
	gint m[14], base[10];
	double q, q_base;

	add_clique(&e, 0, 5, 1.0);
	add_clique(&e, 5, 5, 1.0);
	add_edge(&e, 4, 5, 1.0);
	compute_ok(10, &e, base, &q_base);

	add_edge(&e, 12, 3, 0.0); /* weightless */
	compute_ok(14, &e, m, &q);
	g_assert_cmpmem(m, sizeof base, base, sizeof base);
	for (guint i = 10; i < 14; i++)
		g_assert_cmpint(m[i], ==, -1);
	g_assert_cmpfloat_with_epsilon(q, q_base, 1e-12);

	add_edge(&e, 13, 13, 1.0); /* a self-loop links to nobody */
	compute_ok(14, &e, m, &q);
	g_assert_cmpmem(m, sizeof base, base, sizeof base);
	g_assert_cmpint(m[13], ==, -1);
}

/* One edge: its two ends are one circle, and a single community has
 * modularity 0. */
static void test_one_edge(void)
{
	edges e = {0};
	gint m[3];
	double q;

	add_edge(&e, 2, 1, 3.0);
	compute_ok(3, &e, m, &q);
	g_assert_cmpint(m[0], ==, -1);
	g_assert_cmpint(m[1], ==, 0);
	g_assert_cmpint(m[2], ==, 0);
	g_assert_cmpfloat_with_epsilon(q, 0.0, 1e-12);
}

static void expect_input_error(guint n_nodes, const edges *e, const char *fragment)
{
	GError *error = NULL;
	gint m[8];
	double q = 0.0;

	memset(m, 7, sizeof m);
	g_assert_false(tg_circles_compute(n_nodes, e->u, e->v, e->w, e->n, m, &q, &error));
	g_assert_error(error, TG_ERROR, TG_ERROR_INPUT);
	g_assert_nonnull(strstr(error->message, fragment));
	g_assert_true(g_str_has_prefix(error->message, "cannot compute circles: "));
	/* The outputs are still defined. */
	for (guint i = 0; i < n_nodes; i++)
		g_assert_cmpint(m[i], ==, -1);
	g_assert_true(isnan(q));
	g_error_free(error);
}

/* igraph 0.10's Leiden loops forever on a NaN or infinite weight and
 * accepts negative ones: such input must come back as an error. */
static void test_bad_input(void)
{
	edges e = {0};

	add_edge(&e, 0, 1, 1.0);
	add_edge(&e, 1, 2, -1.0);
	expect_input_error(3, &e, "edge 1 has weight -1");
	e.w[1] = NAN;
	expect_input_error(3, &e, "edge 1 has weight nan");
	e.w[1] = INFINITY;
	expect_input_error(3, &e, "edge 1 has weight inf");
	e.w[1] = 1.0;
	e.v[1] = 3;
	expect_input_error(3, &e, "edge 1 joins nodes 1 and 3 of 3");
	e.v[1] = 2;
	e.w[0] = e.w[1] = G_MAXDOUBLE;
	expect_input_error(3, &e, "overflows");

	/* After errors, igraph still works and still does not abort. */
	{
		edges ok = {0};
		gint m[10];
		double q;
		add_clique(&ok, 0, 5, 1.0);
		add_clique(&ok, 5, 5, 1.0);
		add_edge(&ok, 4, 5, 1.0);
		compute_ok(10, &ok, m, &q);
		g_assert_cmpfloat_with_epsilon(q, 19.0 / 42.0, 1e-9);
	}
}

/* A larger graph: 30 planted groups of 8, dense inside, sparse across. */
static void test_planted(void)
{
	enum { GROUPS = 30, SIZE = 8, N = GROUPS * SIZE };
	GArray *u = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *v = g_array_new(FALSE, FALSE, sizeof(guint));
	GArray *w = g_array_new(FALSE, FALSE, sizeof(double));
	GRand *rand = g_rand_new_with_seed(7);
	gint m[N];
	double q;
	GError *error = NULL;

	for (guint a = 0; a < N; a++) {
		for (guint b = a + 1; b < N; b++) {
			gboolean same = a / SIZE == b / SIZE;
			if (g_rand_double(rand) < (same ? 0.9 : 0.004)) {
				double weight = same ? 1.0 + g_rand_int_range(rand, 0, 4) : 1.0;
				g_array_append_val(u, a);
				g_array_append_val(v, b);
				g_array_append_val(w, weight);
			}
		}
	}
	g_assert_true(tg_circles_compute(N, (guint *)u->data, (guint *)v->data, (double *)w->data,
	                                 u->len, m, &q, &error));
	g_assert_no_error(error);
	for (guint a = 0; a < N; a++) {
		g_assert_cmpint(m[a], >=, 0);
		g_assert_cmpint(m[a], <, GROUPS);
		g_assert_cmpint(m[a], ==, m[a - a % SIZE]);
	}
	g_assert_cmpfloat(q, >, 0.8);
	g_rand_free(rand);
	g_array_free(u, TRUE);
	g_array_free(v, TRUE);
	g_array_free(w, TRUE);
}

#else /* !TG_HAVE_IGRAPH */

static void test_without_igraph(void)
{
	edges e = {0};
	GError *error = NULL;
	gint m[2] = {5, 5};
	double q = 0.0;

	add_edge(&e, 0, 1, 1.0);
	g_assert_false(tg_circles_compute(2, e.u, e.v, e.w, e.n, m, &q, &error));
	g_assert_error(error, TG_ERROR, TG_ERROR_INPUT);
	g_assert_nonnull(strstr(error->message, "without igraph"));
	g_assert_cmpint(m[0], ==, -1);
	g_assert_true(isnan(q));
	g_error_free(error);
}

#endif

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
#ifdef TG_HAVE_IGRAPH
	g_test_add_func("/circles/two-cliques", test_two_cliques);
	g_test_add_func("/circles/weights", test_weights);
	g_test_add_func("/circles/numbering", test_numbering);
	g_test_add_func("/circles/repeatable", test_repeatable);
	g_test_add_func("/circles/empty", test_empty);
	g_test_add_func("/circles/no-edges", test_no_edges);
	g_test_add_func("/circles/isolated", test_isolated);
	g_test_add_func("/circles/one-edge", test_one_edge);
	g_test_add_func("/circles/bad-input", test_bad_input);
	g_test_add_func("/circles/planted", test_planted);
#else
	g_test_add_func("/circles/without-igraph", test_without_igraph);
#endif
	return g_test_run();
}
