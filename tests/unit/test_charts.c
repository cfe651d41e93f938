/* SPDX-License-Identifier: MIT */
/* Unit tests of charts.c: the chart table, golden .dat/.gp files of a small
 * input (TG_UPDATE=1 rewrites them), rendering by gnuplot to valid SVG and
 * PNG for a small, an empty and a realistic input, byte-identical output,
 * and the runner's failures: no gnuplot, a gnuplot error, a timeout.
 * TG_CHARTS_LOOK=DIR also renders the realistic input into DIR to look at. */
#include "charts.h"
#include "util.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#define GOLDEN_DIR TG_SOURCE_DIR "/tests/data/charts"

/* ---- Helpers ----------------------------------------------------------- */

static gboolean
have_gnuplot(void)
{
	char *p = g_find_program_in_path("gnuplot");
	gboolean ok = p != NULL;
	g_free(p);
	if (!ok)
		g_test_skip("gnuplot is not installed (apt-get install gnuplot-nox)");
	return ok;
}

static char *
make_tmp_dir(void)
{
	GError *err = NULL;
	char *dir = g_dir_make_tmp("tg-charts-XXXXXX", &err);
	g_assert_no_error(err);
	return dir;
}

static void
remove_tree(const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	if (!d)
		return;
	const char *name;
	while ((name = g_dir_read_name(d))) {
		char *p = g_build_filename(dir, name, NULL);
		if (g_file_test(p, G_FILE_TEST_IS_DIR))
			remove_tree(p);
		else
			g_unlink(p);
		g_free(p);
	}
	g_dir_close(d);
	g_rmdir(dir);
}

static char *
read_file(const char *dir, const char *name, const char *ext, gsize *len)
{
	char *base = g_strconcat(name, ext, NULL);
	char *path = g_build_filename(dir, base, NULL);
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(path, &text, len, &err)) {
		g_test_fail_printf("cannot read '%s': %s", path, err->message);
		g_error_free(err);
	}
	g_free(path);
	g_free(base);
	return text;
}

/* Well-formed XML (GMarkup is strict), an <svg> root, nothing after it. */
static void
check_svg(const char *dir, const char *name)
{
	gsize len = 0;
	char *svg = read_file(dir, name, ".svg", &len);
	if (!svg)
		return;
	GMarkupParser parser = {0};
	GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, NULL, NULL);
	GError *err = NULL;
	if (!g_markup_parse_context_parse(ctx, svg, (gssize)len, &err) || !g_markup_parse_context_end_parse(ctx, &err)) {
		g_test_fail_printf("%s.svg is no well-formed XML: %s", name, err->message);
		g_error_free(err);
	}
	g_markup_parse_context_free(ctx);
	g_assert_true(g_str_has_prefix(svg, "<?xml"));
	g_assert_nonnull(strstr(svg, "<svg"));
	g_strchomp(svg);
	g_assert_true(g_str_has_suffix(svg, "</svg>"));
	g_assert_nonnull(strstr(svg, "width=\"900\" height=\"500\""));
	g_free(svg);
}

/* The PNG signature, an IHDR of 1800 x 1000 and more than a few KB. */
static void
check_png(const char *dir, const char *name)
{
	static const guchar sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	gsize len = 0;
	guchar *png = (guchar *)read_file(dir, name, ".png", &len);
	if (!png)
		return;
	g_assert_cmpuint(len, >, 8 * 1024);
	g_assert_cmpmem(png, 8, sig, 8);
	g_assert_cmpmem(png + 12, 4, "IHDR", 4);
	guint32 w = (guint32)png[16] << 24 | png[17] << 16 | png[18] << 8 | png[19];
	guint32 h = (guint32)png[20] << 24 | png[21] << 16 | png[22] << 8 | png[23];
	g_assert_cmpuint(w, ==, 1800);
	g_assert_cmpuint(h, ==, 1000);
	g_free(png);
}

/* Runs gnuplot on NAME.gp by hand, as a user would, and insists on silence:
 * a chart that makes gnuplot warn has a bug even when it renders. */
static void
check_quiet(const char *dir, const char *name)
{
	char *script = g_strconcat(name, ".gp", NULL);
	char *argv[] = {(char *)"gnuplot", script, NULL};
	char *out = NULL, *err = NULL;
	int status = 0;
	GError *error = NULL;
	g_assert_true(g_spawn_sync(dir, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error));
	g_assert_no_error(error);
	if (*err)
		g_test_fail_printf("gnuplot %s: %s", script, err);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	g_free(out);
	g_free(err);
	g_free(script);
}

static void
write_and_render(const tg_charts_input *in, const char *dir)
{
	GError *err = NULL;
	g_assert_true(tg_charts_write(in, dir, &err));
	g_assert_no_error(err);
	tg_charts_status st = tg_charts_render(dir, NULL, &err);
	g_assert_no_error(err);
	g_assert_cmpint(st, ==, TG_CHARTS_RENDERED);
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	for (guint k = 0; k < n; k++) {
		check_svg(dir, defs[k].name);
		check_png(dir, defs[k].name);
	}
}

/* With TG_CHARTS_LOOK=DIR, renders IN into DIR (SUFFIX NULL) or into
 * DIR-SUFFIX, for a person to look at. */
static void
look(const tg_charts_input *in, const char *suffix)
{
	const char *dir = g_getenv("TG_CHARTS_LOOK");
	if (!dir || !*dir)
		return;
	char *path = suffix ? g_strconcat(dir, "-", suffix, NULL) : g_strdup(dir);
	write_and_render(in, path);
	g_free(path);
}

static void
set_month(tg_charts_month *m, int year, int month)
{
	g_snprintf(m->month, sizeof m->month, "%04d-%02d", year, month);
}

/* ---- The small input of the goldens ------------------------------------ */

typedef struct small {
	tg_charts_input in;
	tg_charts_month months[5];
	tg_charts_contact contacts[6];
	tg_charts_edge edges[4];
	double response[7];
} small;

/* Five months with a gap (2023-03 missing), labels that would break
 * gnuplot's enhanced text or its string syntax, every chart non-empty. */
static void
small_init(small *s)
{
	tg_charts_input_init(&s->in);
	memset(s->months, 0, sizeof s->months);
	static const int mon[5] = {1, 2, 4, 5, 6};
	for (int i = 0; i < 5; i++) {
		tg_charts_month *m = &s->months[i];
		set_month(m, 2023, mon[i]);
		m->original = 3 + i;
		m->reply = 2 * i;
		m->thread = i % 2;
		m->retweet = 4;
		m->quote = i == 2;
		m->dms_sent = 5 - i;
		m->dms_received = 2 + i;
		m->conversation_share = i == 1 ? NAN : (double)(2 * i + (i == 2)) / (3 + i + 2 * i + (i == 2));
		m->new_contacts = 2 + i % 3;
		m->active_contacts = 3 + i;
		m->went_dormant = i == 0 ? 2 : 0;
	}
	s->in.months = s->months;
	s->in.n_months = 5;
	s->in.conversation_share = 0.4;
	s->in.tz = "Europe/Madrid";
	s->in.owner_label = "@me_myself";
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			s->in.rhythm[d][h] = (guint)((d * 7 + h * 3) % 11 == 0 ? 5 : (h > 8 && h < 23) ? 1 : 0);

	static const tg_charts_contact c[6] = {
		{"@alice", 5, 3, 1, 10, 12, 0, 1},
		{"@bob_the_builder", 2, 6, 0, 0, 0, 3, 1},
		{"@c&d {x}^2 50%", 1, 1, 0, 0, 0, 0, 2},
		{"say \"hi\" it's \\n", 0, 2, 2, 1, 0, 0, 2},
		{"@silent", 0, 0, 0, 0, 0, 0, 0},
		{"@eve", 0, 0, 0, 2, 2, 0, 0},
	};
	memcpy(s->contacts, c, sizeof c);
	s->in.contacts = s->contacts;
	s->in.n_contacts = 6;
	static const tg_charts_edge e[4] = {{0, 1, 3}, {1, 2, 1}, {2, 3, 2}, {0, 9, 1} /* out of range */};
	memcpy(s->edges, e, sizeof e);
	s->in.edges = s->edges;
	s->in.n_edges = 4;
	s->in.followers = (tg_charts_funnel){120, 9, 4};
	s->in.following = (tg_charts_funnel){80, 10, 4};
	static const double r[7] = {30, 200, 4000, 4000, 90000, 700000, NAN};
	memcpy(s->response, r, sizeof r);
	s->in.response_s = s->response;
	s->in.n_response = 7;
}

/* ---- The realistic input ----------------------------------------------- */

typedef struct realistic {
	tg_charts_input in;
	GArray *months, *contacts, *edges, *response;
	GPtrArray *labels;
} realistic;

static const char *const SYL[] = {"ka", "lo", "mi", "ran", "te", "so", "vi", "nor", "el", "da",
                                  "ju", "pe", "xi", "ba", "ro", "lin", "ma", "qu", "ess", "to"};

/* Six years of months with a break, ~300 contacts with Zipf-like
 * strengths in 5 circles, a few hundred DM response times. Seeded. */
static void
realistic_init(realistic *r)
{
	GRand *rnd = g_rand_new_with_seed(20240501);
	tg_charts_input_init(&r->in);
	r->months = g_array_new(FALSE, TRUE, sizeof(tg_charts_month));
	r->contacts = g_array_new(FALSE, TRUE, sizeof(tg_charts_contact));
	r->edges = g_array_new(FALSE, TRUE, sizeof(tg_charts_edge));
	r->response = g_array_new(FALSE, TRUE, sizeof(double));
	r->labels = g_ptr_array_new_with_free_func(g_free);

	double talk = 0, own_all = 0;
	for (int k = 0; k < 72; k++) {
		tg_charts_month m = {0};
		set_month(&m, 2018 + (k + 2) / 12, (k + 2) % 12 + 1);
		double level = 20 + 40 * sin(k / 11.0) * sin(k / 11.0) + k * 0.5;
		gboolean off = k >= 30 && k < 33; /* a three-month break */
		if (!off) {
			m.original = (guint)(level * g_rand_double_range(rnd, 0.5, 1.0));
			m.reply = (guint)(level * g_rand_double_range(rnd, 0.4, 1.2));
			m.thread = (guint)(level * g_rand_double_range(rnd, 0.0, 0.2));
			m.retweet = (guint)(level * g_rand_double_range(rnd, 0.2, 0.9));
			m.quote = (guint)(level * g_rand_double_range(rnd, 0.0, 0.25));
			m.dms_sent = (guint)(level * g_rand_double_range(rnd, 0.3, 1.5));
			m.dms_received = (guint)(m.dms_sent * g_rand_double_range(rnd, 0.7, 1.6));
		}
		guint own = m.original + m.reply + m.quote;
		double t = m.reply + m.quote + m.original * g_rand_double_range(rnd, 0.1, 0.3);
		m.conversation_share = own ? t / own : NAN;
		talk += t;
		own_all += own;
		m.new_contacts = off ? 0 : (guint)g_rand_int_range(rnd, 0, 12) + (k < 12 ? 10 : 0);
		m.active_contacts = off ? 0 : (guint)(level * 0.6) + (guint)g_rand_int_range(rnd, 0, 8);
		m.went_dormant = k < 60 && g_rand_int_range(rnd, 0, 3) == 0 ? (guint)g_rand_int_range(rnd, 1, 5) : 0;
		g_array_append_val(r->months, m);
	}
	r->in.months = (tg_charts_month *)(void *)r->months->data;
	r->in.n_months = r->months->len;
	r->in.conversation_share = talk / own_all;

	static const double day_shape[24] = {0.2, 0.1, 0.05, 0.02, 0.02, 0.05, 0.2, 0.6, 1.0, 1.2, 1.1, 0.9,
	                                     1.0, 1.1, 0.8, 0.7, 0.7, 0.8, 0.9, 1.1, 1.4, 1.6, 1.2, 0.6};
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			r->in.rhythm[d][h] = (guint)(day_shape[(h + (d >= 5 ? 22 : 24)) % 24] * (d >= 5 ? 30 : 45) *
			                             g_rand_double_range(rnd, 0.8, 1.2));
	r->in.tz = "America/New_York";
	r->in.owner_label = "@owner";

	for (int i = 0; i < 300; i++) {
		tg_charts_contact c = {0};
		GString *name = g_string_new("@");
		int parts = g_rand_int_range(rnd, 2, 5);
		for (int p = 0; p < parts; p++) {
			g_string_append(name, SYL[g_rand_int_range(rnd, 0, G_N_ELEMENTS(SYL))]);
			if (p == 1 && g_rand_int_range(rnd, 0, 4) == 0)
				g_string_append_c(name, '_');
		}
		if (i == 3)
			g_string_assign(name, "@a_very_long_handle_name_here");
		if (i == 7)
			g_string_assign(name, "@back\\slash_\"quoted\"");
		g_ptr_array_add(r->labels, g_string_free(name, FALSE));
		double s = 400.0 / pow(i + 1, 0.95) * g_rand_double_range(rnd, 0.6, 1.4);
		guint total = (guint)MAX(1.0, s);
		double dm = g_rand_double_range(rnd, 0.0, 1.0);
		if (i % 17 == 5)
			dm = 0.0;
		c.dms_sent = (guint)(total * dm * 0.45);
		c.dms_received = (guint)(total * dm * 0.5);
		guint rest = total - c.dms_sent - c.dms_received;
		c.replies = (guint)(rest * g_rand_double_range(rnd, 0.2, 0.7));
		rest -= c.replies;
		c.quotes = (guint)(rest * g_rand_double_range(rnd, 0.0, 0.3));
		rest -= c.quotes;
		c.group_dms_received = i % 9 == 2 ? rest / 2 : 0;
		c.mentions = rest - c.group_dms_received;
		/* Circles of falling size; one contact in ten in none. */
		double u = g_rand_double(rnd);
		c.circle = u < 0.1 ? 0 : u < 0.38 ? 1 : u < 0.6 ? 2 : u < 0.78 ? 3 : u < 0.92 ? 4 : 5;
		c.label = g_ptr_array_index(r->labels, r->labels->len - 1);
		g_array_append_val(r->contacts, c);
	}
	r->in.contacts = (tg_charts_contact *)(void *)r->contacts->data;
	r->in.n_contacts = r->contacts->len;

	for (int e = 0; e < 900; e++) {
		tg_charts_edge ed;
		ed.a = (guint)g_rand_int_range(rnd, 0, 300);
		ed.b = (guint)g_rand_int_range(rnd, 0, 300);
		const tg_charts_contact *a = &g_array_index(r->contacts, tg_charts_contact, ed.a);
		const tg_charts_contact *b = &g_array_index(r->contacts, tg_charts_contact, ed.b);
		/* Mostly within a circle, which is what makes it a circle. */
		if (a->circle != b->circle && g_rand_int_range(rnd, 0, 8) != 0)
			continue;
		ed.weight = (guint)(1 + floor(pow(g_rand_double(rnd), 4) * 12));
		g_array_append_val(r->edges, ed);
	}
	r->in.edges = (tg_charts_edge *)(void *)r->edges->data;
	r->in.n_edges = r->edges->len;

	r->in.followers = (tg_charts_funnel){2740, 412, 96};
	r->in.following = (tg_charts_funnel){1150, 380, 120};

	for (int i = 0; i < 340; i++) {
		/* Log-normal around 40 minutes: most answers come the same day. */
		double z = 0;
		for (int k = 0; k < 12; k++)
			z += g_rand_double(rnd);
		double v = exp(log(2400.0) + 2.3 * (z - 6));
		g_array_append_val(r->response, v);
	}
	r->in.response_s = (double *)(void *)r->response->data;
	r->in.n_response = r->response->len;
	g_rand_free(rnd);
}

static void
realistic_clear(realistic *r)
{
	g_array_free(r->months, TRUE);
	g_array_free(r->contacts, TRUE);
	g_array_free(r->edges, TRUE);
	g_array_free(r->response, TRUE);
	g_ptr_array_free(r->labels, TRUE);
}

/* ---- Tests ------------------------------------------------------------- */

static void
test_table(void)
{
	static const char *const expected[] = {"activity", "conversation-share", "rhythm", "top-contacts", "funnel",
	                                       "relationships", "strength", "network", "dm-response"};
	guint n = 0;
	const tg_chart_def *defs = tg_charts(&n);
	g_assert_cmpuint(n, ==, G_N_ELEMENTS(expected));
	g_assert_true(tg_charts(NULL) == defs);
	for (guint k = 0; k < n; k++) {
		g_assert_cmpstr(defs[k].name, ==, expected[k]);
		g_assert_true(tg_charts_find(expected[k]) == &defs[k]);
		g_assert_cmpuint(strlen(defs[k].title), >, 5);
		/* One sentence: a capital, a full stop at the end and nowhere else. */
		g_assert_true(g_ascii_isupper(defs[k].help[0]));
		g_assert_true(g_str_has_suffix(defs[k].help, "."));
		g_assert_null(strstr(defs[k].help, ". "));
		g_assert_nonnull(defs[k].build);
	}
	g_assert_null(tg_charts_find("pie"));
}

/* The .dat and .gp of the small input against tests/data/charts/. */
static void
test_golden(void)
{
	small s;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	gboolean update = g_strcmp0(g_getenv("TG_UPDATE"), "1") == 0;
	small_init(&s);
	for (guint k = 0; k < n; k++) {
		GString *dat = g_string_new(NULL), *gp = g_string_new(NULL);
		defs[k].build(&s.in, dat, gp);
		for (int f = 0; f < 2; f++) {
			GString *got = f ? gp : dat;
			char *path = g_strdup_printf("%s/%s%s", GOLDEN_DIR, defs[k].name, f ? ".gp" : ".dat");
			if (update) {
				GError *err = NULL;
				g_mkdir_with_parents(GOLDEN_DIR, 0777);
				g_assert_true(g_file_set_contents(path, got->str, (gssize)got->len, &err));
				g_assert_no_error(err);
			} else {
				char *want = NULL;
				if (!g_file_get_contents(path, &want, NULL, NULL))
					g_test_fail_printf("no golden '%s' (run with TG_UPDATE=1)", path);
				else if (strcmp(want, got->str) != 0)
					g_test_fail_printf("'%s' differs (diff it; TG_UPDATE=1 rewrites it):\n%s", path, got->str);
				g_free(want);
			}
			g_free(path);
		}
		g_string_free(dat, TRUE);
		g_string_free(gp, TRUE);
	}
}

/* A decimal comma in the process locale changes no byte of the output. */
static void
test_locale(void)
{
	static const char *const comma[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"};
	const char *set = NULL;
	for (guint k = 0; k < G_N_ELEMENTS(comma) && !set; k++)
		set = setlocale(LC_NUMERIC, comma[k]);
	if (!set) {
		g_test_skip("no locale with a decimal comma is installed");
		return;
	}
	small s;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	small_init(&s);
	for (guint k = 0; k < n; k++) {
		GString *dat = g_string_new(NULL), *gp = g_string_new(NULL);
		defs[k].build(&s.in, dat, gp);
		for (int f = 0; f < 2; f++) {
			char *path = g_strdup_printf("%s/%s%s", GOLDEN_DIR, defs[k].name, f ? ".gp" : ".dat");
			char *want = NULL;
			g_assert_true(g_file_get_contents(path, &want, NULL, NULL));
			g_assert_cmpstr((f ? gp : dat)->str, ==, want);
			g_free(want);
			g_free(path);
		}
		g_string_free(dat, TRUE);
		g_string_free(gp, TRUE);
	}
	setlocale(LC_NUMERIC, "C");
}

/* Labels from the data: single-quoted in the .gp, double-quoted with \\ and
 * a curly quote in the .dat, always noenhanced, and printed as given. */
static void
test_escaping(void)
{
	small s;
	small_init(&s);
	GString *dat = g_string_new(NULL), *gp = g_string_new(NULL);
	tg_charts_find("top-contacts")->build(&s.in, dat, gp);
	g_assert_nonnull(strstr(dat->str, "\"say \u201dhi\u201d it's \\\\n\""));
	g_assert_nonnull(strstr(dat->str, "\"@c&d {x}^2 50%\""));
	g_assert_nonnull(strstr(gp->str, "noenhanced"));
	g_string_truncate(dat, 0);
	g_string_truncate(gp, 0);
	s.in.tz = "It's/Odd";
	tg_charts_find("rhythm")->build(&s.in, dat, gp);
	g_assert_nonnull(strstr(gp->str, "'hour of day, It''s/Odd time' noenhanced"));
	g_string_free(dat, TRUE);
	g_string_free(gp, TRUE);

	if (!have_gnuplot())
		return;
	char *dir = make_tmp_dir();
	GError *err = NULL;
	small_init(&s);
	g_assert_true(tg_charts_write(&s.in, dir, &err));
	g_assert_cmpint(tg_charts_render_one(dir, "top-contacts", NULL, &err), ==, TG_CHARTS_RENDERED);
	g_assert_no_error(err);
	char *svg = read_file(dir, "top-contacts", ".svg", NULL);
	g_assert_nonnull(strstr(svg, ">say \u201dhi\u201d it's \\n<"));
	g_assert_nonnull(strstr(svg, ">@c&amp;d {x}^2 50%<"));
	g_assert_nonnull(strstr(svg, ">@bob_the_builder<"));
	g_free(svg);
	remove_tree(dir);
	g_free(dir);
}

static void
test_render_small(void)
{
	if (!have_gnuplot())
		return;
	small s;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	char *dir = make_tmp_dir();
	small_init(&s);
	write_and_render(&s.in, dir);
	look(&s.in, "small");
	for (guint k = 0; k < n; k++) {
		check_quiet(dir, defs[k].name);
		char *dat = read_file(dir, defs[k].name, ".dat", NULL);
		g_assert_null(strstr(dat, "# no data"));
		g_free(dat);
	}
	remove_tree(dir);
	g_free(dir);
}

/* Every chart of an empty archive is a picture that says what is missing. */
static void
test_render_empty(void)
{
	if (!have_gnuplot())
		return;
	tg_charts_input in;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	char *dir = make_tmp_dir();
	tg_charts_input_init(&in);
	write_and_render(&in, dir);
	look(&in, "empty");
	for (guint k = 0; k < n; k++) {
		check_quiet(dir, defs[k].name);
		char *dat = read_file(dir, defs[k].name, ".dat", NULL);
		char *svg = read_file(dir, defs[k].name, ".svg", NULL);
		const char *msg = strstr(dat, "# no data: ");
		g_assert_nonnull(msg);
		char *text = g_strndup(msg + 11, strcspn(msg + 11, "\n"));
		g_assert_true(g_str_has_prefix(text, "No "));
		g_assert_true(g_str_has_suffix(text, " in this archive"));
		char *in_svg = g_strdup_printf(">%s<", text);
		g_assert_nonnull(strstr(svg, in_svg));
		g_free(in_svg);
		g_free(text);
		g_free(svg);
		g_free(dat);
	}
	remove_tree(dir);
	g_free(dir);
}

/* Odd but legal inputs: no crash, a picture each, no gnuplot warning. */
static void
test_render_odd(void)
{
	if (!have_gnuplot())
		return;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	tg_charts_input in;
	tg_charts_month m[3];
	tg_charts_contact c[2] = {{"\xff\xfe bad utf-8 and a very long name that goes on and on", 1, 0, 0, 0, 0, 0, 7},
	                          {"", 1, 0, 0, 0, 0, 0, 7}};
	tg_charts_edge e[2] = {{0, 1, 5}, {1, 0, 2}};
	double resp[2] = {-5, INFINITY};
	char *dir = make_tmp_dir();

	tg_charts_input_init(&in);
	memset(m, 0, sizeof m);
	memcpy(m[0].month, "2020-13", 8); /* skipped */
	memcpy(m[1].month, "20201201", 8); /* not NUL-terminated: skipped */
	set_month(&m[2], 2021, 7);
	m[2].original = 1;
	m[2].conversation_share = 0;
	in.months = m;
	in.n_months = 3;
	in.contacts = c;
	in.n_contacts = 2;
	in.edges = e;
	in.n_edges = 2;
	in.followers = (tg_charts_funnel){10, 0, 0}; /* following: none */
	in.response_s = resp;
	in.n_response = 2;
	write_and_render(&in, dir);
	look(&in, "odd");
	for (guint k = 0; k < n; k++)
		check_quiet(dir, defs[k].name);
	char *dat = read_file(dir, "top-contacts", ".dat", NULL);
	g_assert_nonnull(strstr(dat, "\"\ufffd\ufffd bad utf-8 and a very\u2026\""));
	g_assert_nonnull(strstr(dat, "\"(no name)\""));
	g_free(dat);
	dat = read_file(dir, "network", ".dat", NULL);
	/* The pair given both ways is one edge of weight 7. */
	g_assert_nonnull(strstr(dat, " 7 2\n"));
	g_free(dat);
	remove_tree(dir);
	g_free(dir);
}

static void
check_tics(int first_year, int first_month, int months, const char *want, const char *absent)
{
	tg_charts_input in;
	tg_charts_month *m = g_new0(tg_charts_month, months);
	for (int k = 0; k < months; k++) {
		int idx = first_year * 12 + first_month - 1 + k;
		set_month(&m[k], idx / 12, idx % 12 + 1);
		m[k].original = 1;
	}
	tg_charts_input_init(&in);
	in.months = m;
	in.n_months = (guint)months;
	GString *dat = g_string_new(NULL), *gp = g_string_new(NULL);
	tg_charts_find("activity")->build(&in, dat, gp);
	if (!strstr(gp->str, want))
		g_test_fail_printf("%d months from %d-%02d: no '%s' in\n%s", months, first_year, first_month, want, gp->str);
	if (absent && strstr(gp->str, absent))
		g_test_fail_printf("%d months from %d-%02d: '%s' in\n%s", months, first_year, first_month, absent, gp->str);
	g_string_free(dat, TRUE);
	g_string_free(gp, TRUE);
	g_free(m);
}

/* Month axes: every month, quarters, years, every few years. */
static void
test_month_tics(void)
{
	check_tics(2023, 11, 6, "set xtics (\"Nov 2023\" 0, \"Dec\" 1, \"Jan 2024\" 2, \"Feb\" 3", NULL);
	check_tics(2023, 11, 6, "set xrange [-0.5:5.5]", NULL);
	check_tics(2022, 2, 30, "set xtics (\"\" 0 1, \"\" 1 1, \"Apr 2022\" 2, \"\" 3 1, \"\" 4 1, \"Jul\" 5", NULL);
	check_tics(2018, 3, 72, "\"2019\" 10, \"\" 13 1", "Jan");
	check_tics(1990, 1, 300, "\"1990\" 0, \"\" 12 1, \"1992\" 24", "\"1991\"");
	check_tics(1960, 1, 600, "\"1960\" 0, \"\" 12 1", "\"1962\"");
}

/* Same input, same bytes: .dat, .gp and .svg; the PNG is reported. */
static void
test_realistic(void)
{
	if (!have_gnuplot())
		return;
	realistic r;
	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	char *a = make_tmp_dir(), *b = make_tmp_dir();
	realistic_init(&r);
	write_and_render(&r.in, a);
	write_and_render(&r.in, b);
	for (guint k = 0; k < n; k++) {
		static const char *const ext[] = {".dat", ".gp", ".svg", ".png"};
		check_quiet(a, defs[k].name);
		char *dat = read_file(a, defs[k].name, ".dat", NULL);
		g_assert_null(strstr(dat, "# no data"));
		g_free(dat);
		for (guint e = 0; e < G_N_ELEMENTS(ext); e++) {
			gsize la = 0, lb = 0;
			char *x = read_file(a, defs[k].name, ext[e], &la), *y = read_file(b, defs[k].name, ext[e], &lb);
			gboolean same = la == lb && memcmp(x, y, la) == 0;
			if (!same && e < 3)
				g_test_fail_printf("%s%s differs between two runs", defs[k].name, ext[e]);
			else if (!same)
				g_test_message("%s.png differs between two runs", defs[k].name);
			g_free(x);
			g_free(y);
		}
	}
	/* The network keeps to ~100 nodes and labels the strongest. */
	char *dat = read_file(a, "network", ".dat", NULL);
	g_assert_nonnull(strstr(dat, "\"@owner\""));
	guint lines = 0;
	const char *p = dat, *blk1 = strstr(dat, "# block 1");
	for (; p < blk1; p++)
		lines += *p == '\n';
	/* Two lines of head, the block comment, the owner, 100 nodes, two blank. */
	g_assert_cmpuint(lines, ==, 2 + 1 + 1 + 100 + 2);
	g_free(dat);

	look(&r.in, NULL);
	realistic_clear(&r);
	remove_tree(a);
	remove_tree(b);
	g_free(a);
	g_free(b);
}

/* No gnuplot in PATH, or a gnuplot path that does not exist: the status
 * says so, the message says how to install it, the scripts stay. */
static void
test_no_gnuplot(void)
{
	small s;
	GError *err = NULL;
	char *dir = make_tmp_dir();
	char *empty = make_tmp_dir();
	char *old_path = g_strdup(g_getenv("PATH"));
	small_init(&s);
	g_assert_true(tg_charts_write(&s.in, dir, &err));

	g_setenv("PATH", empty, TRUE);
	g_assert_cmpint(tg_charts_render(dir, NULL, &err), ==, TG_CHARTS_NO_GNUPLOT);
	g_setenv("PATH", old_path, TRUE);
	g_assert_error(err, TG_ERROR, TG_ERROR_OUTPUT);
	g_assert_nonnull(strstr(err->message, "apt-get install gnuplot-nox"));
	g_assert_nonnull(strstr(err->message, dir));
	g_clear_error(&err);

	tg_charts_render_options opt;
	tg_charts_render_options_init(&opt);
	opt.gnuplot = "/nonexistent/gnuplot";
	g_assert_cmpint(tg_charts_render(dir, &opt, &err), ==, TG_CHARTS_NO_GNUPLOT);
	g_assert_nonnull(strstr(err->message, "'/nonexistent/gnuplot' not found"));
	g_clear_error(&err);

	guint n;
	const tg_chart_def *defs = tg_charts(&n);
	for (guint k = 0; k < n; k++) {
		char *gp = read_file(dir, defs[k].name, ".gp", NULL);
		g_assert_nonnull(gp);
		g_free(gp);
	}
	remove_tree(dir);
	remove_tree(empty);
	g_free(dir);
	g_free(empty);
	g_free(old_path);
}

static char *
fake_gnuplot(const char *dir, const char *body)
{
	char *path = g_build_filename(dir, "fake-gnuplot", NULL);
	char *text = g_strdup_printf("#!/bin/sh\n%s\n", body);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
	g_chmod(path, 0755);
	g_free(text);
	return path;
}

/* A failing gnuplot: the chart is named and gnuplot's own line quoted. */
static void
test_gnuplot_error(void)
{
	GError *err = NULL;
	char *dir = make_tmp_dir();
	tg_charts_render_options opt;
	tg_charts_render_options_init(&opt);

	opt.gnuplot = fake_gnuplot(dir, "echo >&2; echo '  set foo' >&2\n"
	                                "echo \"\\\"$2\\\" line 3: something broke\" >&2; exit 1");
	char *gp = g_build_filename(dir, "strength.gp", NULL);
	g_assert_true(g_file_set_contents(gp, "set foo\n", -1, NULL));
	g_assert_cmpint(tg_charts_render(dir, &opt, &err), ==, TG_CHARTS_FAILED);
	g_assert_error(err, TG_ERROR, TG_ERROR_OUTPUT);
	g_assert_nonnull(strstr(err->message, "chart 'strength'"));
	g_assert_nonnull(strstr(err->message, "gnuplot: \"strength.gp\" line 3: something broke"));
	g_clear_error(&err);
	g_free((char *)opt.gnuplot);

	/* Exit 0 without pictures is a failure too. */
	opt.gnuplot = fake_gnuplot(dir, "exit 0");
	g_assert_cmpint(tg_charts_render_one(dir, "strength", &opt, &err), ==, TG_CHARTS_FAILED);
	g_assert_nonnull(strstr(err->message, "wrote no 'strength.svg'"));
	g_clear_error(&err);
	g_free((char *)opt.gnuplot);

	if (have_gnuplot()) {
		g_assert_cmpint(tg_charts_render_one(dir, "strength", NULL, &err), ==, TG_CHARTS_FAILED);
		g_assert_nonnull(strstr(err->message, "cannot draw chart 'strength' in '"));
		g_assert_nonnull(strstr(err->message, "\"strength.gp\" line 1: unrecognized option"));
		g_clear_error(&err);
	}
	g_free(gp);
	remove_tree(dir);
	g_free(dir);
}

/* A gnuplot that hangs is killed after the timeout. */
static void
test_timeout(void)
{
	GError *err = NULL;
	char *dir = make_tmp_dir();
	tg_charts_render_options opt;
	tg_charts_render_options_init(&opt);
	opt.gnuplot = fake_gnuplot(dir, "exec sleep 30");
	opt.timeout_s = 1;
	gint64 t0 = g_get_monotonic_time();
	g_assert_cmpint(tg_charts_render_one(dir, "rhythm", &opt, &err), ==, TG_CHARTS_FAILED);
	g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
	g_assert_nonnull(strstr(err->message, "chart 'rhythm'"));
	g_assert_nonnull(strstr(err->message, "took longer than 1 s"));
	g_clear_error(&err);
	g_free((char *)opt.gnuplot);
	remove_tree(dir);
	g_free(dir);
}

/* An output folder that cannot be made is an output error naming it. */
static void
test_write_error(void)
{
	small s;
	GError *err = NULL;
	char *dir = make_tmp_dir();
	char *file = g_build_filename(dir, "a-file", NULL);
	char *below = g_build_filename(file, "charts", NULL);
	small_init(&s);
	g_assert_true(g_file_set_contents(file, "x", 1, NULL));
	g_assert_false(tg_charts_write(&s.in, below, &err));
	g_assert_error(err, TG_ERROR, TG_ERROR_OUTPUT);
	g_assert_nonnull(strstr(err->message, below));
	g_clear_error(&err);
	g_free(below);
	g_free(file);
	remove_tree(dir);
	g_free(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/charts/table", test_table);
	g_test_add_func("/charts/golden", test_golden);
	g_test_add_func("/charts/locale", test_locale);
	g_test_add_func("/charts/escaping", test_escaping);
	g_test_add_func("/charts/month-tics", test_month_tics);
	g_test_add_func("/charts/render-small", test_render_small);
	g_test_add_func("/charts/render-empty", test_render_empty);
	g_test_add_func("/charts/render-odd", test_render_odd);
	g_test_add_func("/charts/realistic", test_realistic);
	g_test_add_func("/charts/no-gnuplot", test_no_gnuplot);
	g_test_add_func("/charts/gnuplot-error", test_gnuplot_error);
	g_test_add_func("/charts/timeout", test_timeout);
	g_test_add_func("/charts/write-error", test_write_error);
	return g_test_run();
}
