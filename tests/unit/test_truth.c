/* SPDX-License-Identifier: MIT */
/* Acceptance: each synthetic archive of shared/fixtures/synthetic goes
 * through tg_load() + the model + stats + the two writers, and every figure
 * of its .truth.json is compared with what talkgraph writes (stats.json and
 * contacts.csv, parsed back). Every mismatch is printed with its path before
 * the test fails. Circles are judged by how well they recover the planted
 * ones. With --owner N, several archives are read into one model (as
 * talkgraph does with several archives) and the figures of owner N -- the
 * top level of stats.json for 0, owners[N-1] after it -- and N's
 * contacts.csv are compared with the truth of that owner's archive alone. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "archive.h"
#include "load.h"
#include "model.h"
#include "outputs.h"
#include "stats.h"

static const char *const fixtures[] = {
	"modern-small-seed1",
	"ytd2020-madrid-seed2",
	"grailbird-seed3",
};

/* The stats.json keys the truth files hold (README.md). */
static const char *const figure_keys[] = {
	"owner", "period", "tweets", "conversation_share", "monthly", "follows", "funnel",
	"reach_out_rate", "dms", "automated_dms", "chats", "contacts", "resolution", "hashtags",
};

/* Keys of the truth that are not figures, or are judged separately. */
static gboolean skipped_key(const char *path, const char *key)
{
	(void)path;
	return strcmp(key, "alternatives") == 0;
}

typedef struct checker {
	const char *fixture;
	guint mismatches;
	guint compared;
} checker;

static void mismatch(checker *c, const char *path, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void mismatch(checker *c, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	printf("MISMATCH %s: %s: %s\n", c->fixture, path, msg);
	g_free(msg);
	c->mismatches++;
}

static char *show(const cJSON *v)
{
	char *s = v ? cJSON_PrintUnformatted(v) : NULL;
	char *r = g_strdup(s ? s : "(missing)");
	if (s)
		cJSON_free(s);
	if (strlen(r) > 300) {
		r[297] = r[298] = r[299] = '.';
		r[300] = '\0';
	}
	return r;
}

static gboolean numbers_equal(double a, double b)
{
	return fabs(a - b) <= 1e-9 * MAX(1.0, fabs(b));
}

/* Compares EXPECTED (truth) with ACTUAL: every key of EXPECTED must be in
 * ACTUAL with an equal value; extra keys of ACTUAL are fine. Object key
 * order is compared too where the truth's order is meaningful (hashtags). */
static void compare(checker *c, const char *path, const cJSON *expected, const cJSON *actual)
{
	c->compared++;
	if (!actual) {
		char *e = show(expected);
		mismatch(c, path, "expected %s, missing", e);
		g_free(e);
		return;
	}
	if (cJSON_IsNumber(expected) && cJSON_IsNumber(actual)) {
		if (!numbers_equal(actual->valuedouble, expected->valuedouble))
			mismatch(c, path, "expected %.17g, got %.17g", expected->valuedouble, actual->valuedouble);
		return;
	}
	if (cJSON_IsObject(expected) && cJSON_IsObject(actual)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, expected)
		{
			char *sub;
			if (skipped_key(path, e->string))
				continue;
			sub = g_strdup_printf("%s.%s", path, e->string);
			compare(c, sub, e, cJSON_GetObjectItemCaseSensitive(actual, e->string));
			g_free(sub);
		}
		return;
	}
	if (cJSON_IsArray(expected) && cJSON_IsArray(actual)) {
		int ne = cJSON_GetArraySize(expected), na = cJSON_GetArraySize(actual);
		if (ne != na) {
			char *e = show(expected), *a = show(actual);
			mismatch(c, path, "expected %d elements, got %d: expected %s, got %s", ne, na, e, a);
			g_free(e);
			g_free(a);
		}
		for (int i = 0; i < MIN(ne, na); i++) {
			char *sub = g_strdup_printf("%s[%d]", path, i);
			compare(c, sub, cJSON_GetArrayItem(expected, i), cJSON_GetArrayItem(actual, i));
			g_free(sub);
		}
		return;
	}
	if (!cJSON_Compare(expected, actual, TRUE)) {
		char *e = show(expected), *a = show(actual);
		mismatch(c, path, "expected %s, got %s", e, a);
		g_free(e);
		g_free(a);
	}
}

/* hashtags: the truth's key order (uses desc, then tag) must be ours. */
static void compare_order(checker *c, const char *path, const cJSON *expected, const cJSON *actual)
{
	const cJSON *e = expected ? expected->child : NULL, *a = actual ? actual->child : NULL;
	int i = 0;

	for (; e && a; e = e->next, a = a->next, i++) {
		if (strcmp(e->string, a->string) != 0) {
			mismatch(c, path, "key %d: expected '%s', got '%s'", i, e->string, a->string);
			return;
		}
	}
}

/* ---- contacts.csv ---- */

/* Splits one RFC 4180 CSV text into rows of fields. */
static GPtrArray *parse_csv(const char *s)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
	GPtrArray *row = NULL;
	GString *f = g_string_new(NULL);
	const char *p = s;

	while (*p) {
		if (!row)
			row = g_ptr_array_new_with_free_func(g_free);
		g_string_truncate(f, 0);
		if (*p == '"') {
			p++;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					g_string_append_c(f, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					g_string_append_c(f, *p++);
				}
			}
		} else {
			while (*p && *p != ',' && *p != '\n' && *p != '\r')
				g_string_append_c(f, *p++);
		}
		g_ptr_array_add(row, g_strdup(f->str));
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\r')
			p++;
		if (*p == '\n')
			p++;
		g_ptr_array_add(rows, row);
		row = NULL;
	}
	if (row)
		g_ptr_array_add(rows, row);
	g_string_free(f, TRUE);
	return rows;
}

static int column(GPtrArray *header, const char *name)
{
	for (guint i = 0; i < header->len; i++)
		if (strcmp(header->pdata[i], name) == 0)
			return (int)i;
	return -1;
}

static char *row_key(const char *id, const char *sn)
{
	return *id ? g_strdup(id) : g_strconcat("name:", sn, NULL);
}

/* The CSV text of a truth value. */
static char *truth_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return g_strdup(v->valuestring);
	if (cJSON_IsBool(v))
		return g_strdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v))
		return g_strdup_printf("%.0f", v->valuedouble);
	if (cJSON_IsNull(v))
		return g_strdup("");
	return show(v);
}

static void compare_contacts(checker *c, const cJSON *table, const char *csv)
{
	GPtrArray *rows = parse_csv(csv);
	GPtrArray *header = rows->len ? rows->pdata[0] : NULL;
	GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	int id_col, sn_col, n = cJSON_GetArraySize(table);
	int order_reported = 0;

	if (!header) {
		mismatch(c, "contacts_table", "contacts.csv is empty");
		goto out;
	}
	id_col = column(header, "id");
	sn_col = column(header, "screen_name");
	for (guint i = 1; i < rows->len; i++) {
		GPtrArray *r = rows->pdata[i];
		g_hash_table_insert(by_key, row_key(r->pdata[id_col], r->pdata[sn_col]), r);
	}
	if ((int)rows->len - 1 != n)
		mismatch(c, "contacts_table", "expected %d rows, got %u", n, rows->len - 1);
	for (int i = 0; i < n; i++) {
		const cJSON *e = cJSON_GetArrayItem(table, i);
		const char *id = cJSON_GetObjectItem(e, "id")->valuestring;
		const char *sn = cJSON_GetObjectItem(e, "screen_name")->valuestring;
		char *key = row_key(id, sn);
		GPtrArray *r = g_hash_table_lookup(by_key, key);
		const cJSON *col;

		if (!r) {
			char *row = show(e);
			mismatch(c, "contacts_table", "row %s missing: %s", key, row);
			g_free(row);
			g_free(key);
			continue;
		}
		/* Row order: strength desc, then id. */
		if (i + 1 < (int)rows->len && r != rows->pdata[i + 1] && order_reported++ < 3)
			mismatch(c, "contacts_table", "row %d: expected %s here", i, key);
		cJSON_ArrayForEach(col, e)
		{
			int k = column(header, col->string);
			char *want, *path;
			if (strcmp(col->string, "circle") == 0)
				continue; /* the planted circle, judged separately */
			c->compared++;
			path = g_strdup_printf("contacts_table[%s].%s", key, col->string);
			if (k < 0) {
				mismatch(c, path, "no such column");
				g_free(path);
				continue;
			}
			want = truth_text(col);
			if (strcmp(want, r->pdata[k]) != 0)
				mismatch(c, path, "expected '%s', got '%s'", want, (char *)r->pdata[k]);
			g_free(want);
			g_free(path);
		}
		g_hash_table_remove(by_key, key);
		g_free(key);
	}
	{
		GHashTableIter it;
		gpointer k;
		g_hash_table_iter_init(&it, by_key);
		while (g_hash_table_iter_next(&it, &k, NULL))
			mismatch(c, "contacts_table", "extra row %s", (char *)k);
	}
out:
	g_hash_table_destroy(by_key);
	g_ptr_array_unref(rows);
}

/* ---- circles ---- */

/* Each planted circle should sit mostly in one computed circle (at least
 * 3/4 of its members), and two planted circles should not share their best
 * computed circle. Prints recall and purity of each. */
static void judge_circles(checker *c, const cJSON *planted, const cJSON *circles)
{
	const cJSON *list = cJSON_GetObjectItem(circles, "list");
	const cJSON *mod = cJSON_GetObjectItem(circles, "modularity");
	const cJSON *p;
	int pi = 0;
	GHashTable *used = g_hash_table_new(g_direct_hash, g_direct_equal);

	printf("circles %s: modularity %s%.4f, %d computed\n", c->fixture,
	       cJSON_IsNumber(mod) ? "" : "(null) ", cJSON_IsNumber(mod) ? mod->valuedouble : 0.0,
	       cJSON_GetArraySize(list));
	cJSON_ArrayForEach(p, planted)
	{
		int best = -1, best_n = 0, best_size = 0, size = cJSON_GetArraySize(p), ci = 0;
		const cJSON *circle;
		char *path = g_strdup_printf("circles.planted[%d]", pi);

		cJSON_ArrayForEach(circle, list)
		{
			int n = 0;
			const cJSON *id;
			cJSON_ArrayForEach(id, p)
			{
				const cJSON *m;
				cJSON_ArrayForEach(m, cJSON_GetObjectItem(circle, "members"))
				{
					if (strcmp(m->valuestring, id->valuestring) == 0)
						n++;
				}
			}
			if (n > best_n) {
				best_n = n;
				best = ci;
				best_size = cJSON_GetObjectItem(circle, "size")->valueint;
			}
			ci++;
		}
		printf("  planted %d: %d of %d members in computed circle %d (size %d): recall %.2f, "
		       "purity %.2f\n",
		       pi, best_n, size, best, best_size, size ? (double)best_n / size : 0.0,
		       best_size ? (double)best_n / best_size : 0.0);
		if (4 * best_n < 3 * size)
			mismatch(c, path, "only %d of %d members in one computed circle", best_n, size);
		else if (!g_hash_table_add(used, GINT_TO_POINTER(best + 1)))
			mismatch(c, path, "shares computed circle %d with another planted circle", best);
		g_free(path);
		pi++;
	}
	g_hash_table_destroy(used);
}

/* ---- one fixture ---- */

static cJSON *read_json(const char *path)
{
	char *text = NULL;
	gsize len;
	cJSON *j;

	if (!g_file_get_contents(path, &text, &len, NULL))
		return NULL;
	j = cJSON_ParseWithLength(text, len);
	g_free(text);
	return j;
}

/* Reads archive ZIP into model M. */
static gboolean load_one(tg_model *m, const char *zip, const tg_limits *limits, GError **error)
{
	tg_load_options lo;
	tg_load_report report = {0};
	tg_archive *a;
	tg_sink sink = tg_model_sink(m);
	gboolean ok = FALSE;

	tg_load_options_init(&lo);
	a = tg_archive_open(zip, limits, error);
	if (!a)
		return FALSE;
	if (tg_load(a, &lo, &sink, &report, error) &&
	    tg_model_note_input(m, zip, tg_archive_disk_size(a), error))
		ok = TRUE;
	tg_load_report_clear(&report);
	tg_archive_free(a);
	return ok;
}

/* Compares what talkgraph wrote -- stats.json JSON and, unless NULL,
 * owner OWNER's contacts.csv CSV -- with the truth of that owner's archive:
 * the figures of owner OWNER (the top level of stats.json for 0, owners[N-1]
 * after it), their key order, every contacts.csv cell and the circles. */
static void check_outputs(checker *c, const cJSON *truth, const char *json, const char *csv, guint owner)
{
	cJSON *stats = cJSON_Parse(json);
	const cJSON *figures;

	if (!stats) {
		mismatch(c, "stats.json", "not valid JSON");
		return;
	}
	figures = owner ? cJSON_GetArrayItem(cJSON_GetObjectItem(stats, "owners"), (int)owner - 1) : stats;
	if (!figures) {
		mismatch(c, "stats.json", "no figures of owner %u", owner);
		cJSON_Delete(stats);
		return;
	}
	for (guint i = 0; i < G_N_ELEMENTS(figure_keys); i++) {
		const char *k = figure_keys[i];
		compare(c, k, cJSON_GetObjectItem(truth, k), cJSON_GetObjectItem(figures, k));
	}
	compare_order(c, "hashtags", cJSON_GetObjectItem(truth, "hashtags"),
	              cJSON_GetObjectItem(figures, "hashtags"));
	/* Keys of stats.json, in SPEC.md's order: the top level, or from
	 * "owner" to "records" in a further owner's object. */
	{
		static const char *const order[] = {
			"talkgraph", "inputs", "options", "owner", "period", "tweets", "conversation_share",
			"monthly", "follows", "funnel", "reach_out_rate", "dms", "automated_dms", "chats",
			"circles", "contacts", "resolution", "hashtags", "records",
		};
		guint first = owner ? 3 : 0;
		const cJSON *k = figures->child;
		for (guint i = first; i < G_N_ELEMENTS(order); i++, k = k ? k->next : NULL)
			if (!k || strcmp(k->string, order[i]) != 0)
				mismatch(c, "stats.json", "key %u: expected '%s', got '%s'", i - first, order[i],
				         k ? k->string : "(end)");
	}
	if (csv)
		compare_contacts(c, cJSON_GetObjectItem(truth, "contacts_table"), csv);
	judge_circles(c, cJSON_GetObjectItem(cJSON_GetObjectItem(truth, "circles"), "planted"),
	              cJSON_GetObjectItem(figures, "circles"));
	/* DM text never appears in the outputs (a known opener of the fixture). */
	if (strstr(json, "Thanks for following") || (csv && strstr(csv, "Thanks for following")))
		mismatch(c, "outputs", "DM text written out");
	cJSON_Delete(stats);
}

/* Compares the N_ZIPS archives ZIPS, read together, with the truth file
 * TRUTH_PATH of the archive of owner OWNER (ZIPS and TRUTH_PATH taken over). */
static guint run_pair(const char *name, char **zips, guint n_zips, guint owner, char *truth_path)
{
	checker c = {name, 0, 0};
	tg_limits limits;
	tg_model_options mo;
	tg_out_options oo;
	tg_model *m = NULL;
	tg_stats *s = NULL;
	cJSON *truth = NULL;
	GString *json = g_string_new(NULL), *csv = g_string_new(NULL);
	GError *error = NULL;

	truth = read_json(truth_path);
	if (!truth) {
		mismatch(&c, truth_path, "cannot read the truth file");
		goto out;
	}
	tg_limits_init(&limits);
	tg_model_options_init(&mo);
	tg_out_options_init(&oo);
	/* A truth made with a zone the archive cannot state (Grailbird) says so
	 * in its options: run as a user would, with --tz. */
	const cJSON *tz = cJSON_GetObjectItem(cJSON_GetObjectItem(truth, "options"), "tz");
	if (cJSON_IsString(tz))
		mo.tz = tz->valuestring;
	m = tg_model_new(&mo, &error);
	if (!m)
		goto fail;
	for (guint i = 0; i < n_zips; i++)
		if (!load_one(m, zips[i], &limits, &error))
			goto fail;
	if (!tg_model_finish(m, &error))
		goto fail;
	s = tg_stats_compute(m, &error);
	if (!s)
		goto fail;
	if (owner >= s->owners->len) {
		mismatch(&c, name, "owner %u asked for, %u read", owner, s->owners->len);
		goto out;
	}
	tg_out_stats_json_build(s, &oo, json);
	tg_out_contacts_csv_build(s, owner, &oo, csv);
	printf("%s: %u contacts, model about %" G_GSIZE_FORMAT " bytes (%.0f per contact), zone %s\n", name,
	       ((tg_owner_stats *)s->owners->pdata[owner])->contacts->len, tg_model_memory(m),
	       (double)tg_model_memory(m) / MAX(1, tg_model_n_nodes(m)),
	       tg_tz_name(tg_model_owner(m, owner)->tz));
	check_outputs(&c, truth, json->str, csv->str, owner);
	goto out;
fail:
	mismatch(&c, name, "%s", error ? error->message : "failed");
	g_clear_error(&error);
out:
	printf("%s: %u values compared, %u mismatches\n", name, c.compared, c.mismatches);
	cJSON_Delete(truth);
	g_string_free(json, TRUE);
	g_string_free(csv, TRUE);
	tg_stats_free(s);
	tg_model_free(m);
	for (guint i = 0; i < n_zips; i++)
		g_free(zips[i]);
	g_free(zips);
	g_free(truth_path);
	return c.mismatches;
}

/* Compares the stats.json STATS_PATH and (unless NULL) the contacts.csv
 * CSV_PATH that talkgraph wrote with the truth TRUTH_PATH of owner OWNER. */
static guint run_files(const char *stats_path, const char *csv_path, guint owner, const char *truth_path)
{
	checker c = {stats_path, 0, 0};
	cJSON *truth = read_json(truth_path);
	char *json = NULL, *csv = NULL;

	if (!truth)
		mismatch(&c, truth_path, "cannot read the truth file");
	else if (!g_file_get_contents(stats_path, &json, NULL, NULL))
		mismatch(&c, stats_path, "cannot read it");
	else if (csv_path && !g_file_get_contents(csv_path, &csv, NULL, NULL))
		mismatch(&c, csv_path, "cannot read it");
	else
		check_outputs(&c, truth, json, csv, owner);
	printf("%s: owner %u: %u values compared, %u mismatches\n", stats_path, owner, c.compared,
	       c.mismatches);
	cJSON_Delete(truth);
	g_free(json);
	g_free(csv);
	return c.mismatches;
}

static guint run_fixture(const char *name)
{
	char **zips = g_new(char *, 1);

	zips[0] = g_strdup_printf("%s/fixtures/synthetic/%s.zip", TG_SHARED_DIR, name);
	return run_pair(name, zips, 1, 0,
	                g_strdup_printf("%s/fixtures/synthetic/%s.truth.json", TG_SHARED_DIR, name));
}

/* test_truth                     the shared synthetic fixtures
 * test_truth NAME                one of them
 * test_truth ARCHIVE TRUTH.json  any archive with its truth (the generator's)
 * test_truth --owner N ARCHIVE... TRUTH.json
 *     the archives read together (as talkgraph reads several); owner N (0
 *     for the first) against the truth of its own archive
 * test_truth --owner N --stats STATS.json [--csv CONTACTS.csv] TRUTH.json
 *     a stats.json (and owner N's contacts.csv) that talkgraph wrote */
static int usage(void)
{
	fprintf(stderr, "usage: test_truth [NAME | ARCHIVE TRUTH.json | --owner N ARCHIVE... TRUTH.json |\n"
	                "                   --owner N --stats STATS.json [--csv CONTACTS.csv] TRUTH.json]\n");
	return 2;
}

int main(int argc, char **argv)
{
	guint failures = 0;

	if (argc >= 2 && strcmp(argv[1], "--owner") == 0) {
		char *end = NULL;
		guint64 owner = argc >= 3 ? g_ascii_strtoull(argv[2], &end, 10) : 0;

		if (argc < 5 || !end || *end || argv[2][0] == '\0' || owner > 1000)
			return usage();
		if (strcmp(argv[3], "--stats") == 0) {
			const char *csv = NULL;
			if (argc == 8 && strcmp(argv[5], "--csv") == 0)
				csv = argv[6];
			else if (argc != 6)
				return usage();
			failures = run_files(argv[4], csv, (guint)owner, argv[argc - 1]);
		} else {
			guint n = (guint)argc - 4;
			char **zips;
			if (owner >= n)
				return usage();
			zips = g_new(char *, n);
			for (guint i = 0; i < n; i++)
				zips[i] = g_strdup(argv[3 + i]);
			failures = run_pair(argv[3 + owner], zips, n, (guint)owner, g_strdup(argv[argc - 1]));
		}
		if (failures)
			printf("FAIL: %u mismatches\n", failures);
		return failures ? 1 : 0;
	}
	if (argc == 3) {
		char **zips = g_new(char *, 1);

		zips[0] = g_strdup(argv[1]);
		failures = run_pair(argv[1], zips, 1, 0, g_strdup(argv[2]));
		if (failures)
			printf("FAIL: %u mismatches\n", failures);
		return failures ? 1 : 0;
	}
	for (guint i = 0; i < G_N_ELEMENTS(fixtures); i++) {
		if (argc > 1 && strcmp(argv[1], fixtures[i]) != 0)
			continue;
		failures += run_fixture(fixtures[i]);
	}
	if (failures)
		printf("FAIL: %u mismatches\n", failures);
	return failures ? 1 : 0;
}
