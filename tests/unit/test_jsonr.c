/* SPDX-License-Identifier: MIT */
/* Unit tests of jsonr.c: the fast reader against cJSON itself, which is
 * the reference -- the same acceptance, the same error byte and the same
 * tree (types, keys, strings to the byte, numbers to the bit) on hand-made
 * edge cases, on every element of the real and synthetic fixtures, and on
 * thousands of mutations of them (cut, a byte changed, an escape or an odd
 * number put in). Also: the fast reader does read the fixtures (cJSON is
 * the exception), idset.c's set, idmap.c's index, and records.c's pool
 * trimming. */
#include "archive.h"
#include "idmap.h"
#include "idset.h"
#include "jsonr.h"
#include "records.h"
#include "ytd.h"

#include <math.h>
#include <string.h>

static tg_jsonr *fast, *ref;
static guint64 n_compared, n_fast, n_rejected;

static void assert_same_node(const tg_jnode *a, const tg_jnode *b, const char *text)
{
	if (a->type != b->type || a->size != b->size || (a->key == NULL) != (b->key == NULL) ||
	    (a->key && strcmp(a->key, b->key) != 0))
		g_error("trees differ (type %d/%d, size %u/%u, key %s/%s) for: %s", a->type, b->type, a->size,
		        b->size, a->key ? a->key : "-", b->key ? b->key : "-", text);
	if (a->type == TG_JSTRING && strcmp(a->str, b->str) != 0)
		g_error("strings differ ('%s' / '%s') for: %s", a->str, b->str, text);
	if (a->type == TG_JNUMBER && memcmp(&a->num, &b->num, sizeof a->num) != 0 &&
	    !(isnan(a->num) && isnan(b->num)))
		g_error("numbers differ (%.17g / %.17g) for: %s", a->num, b->num, text);
	const tg_jnode *x = tg_jsonr_child(a), *y = tg_jsonr_child(b);
	for (; x && y; x = tg_jsonr_next(x), y = tg_jsonr_next(y))
		assert_same_node(x, y, text);
	g_assert_true(x == NULL && y == NULL);
}

/* Parses TEXT both ways and checks they agree. Returns TRUE when the fast
 * reader read it on its own. */
static gboolean compare(const char *text, gsize len)
{
	gsize at_a = 99, at_b = 99;
	/* Neither reader may read past LEN: hand them an exact copy. */
	char *copy = g_memdup2(text, len ? len : 1);
	const tg_jnode *a = tg_jsonr_parse(fast, copy, len, &at_a);
	const tg_jnode *b = tg_jsonr_parse(ref, copy, len, &at_b);
	gboolean was_fast = !tg_jsonr_used_cjson(fast);
	char *shown = g_strndup(copy, MIN(len, (gsize)300));

	g_assert_true(tg_jsonr_used_cjson(ref));
	if ((a == NULL) != (b == NULL))
		g_error("fast reader %s what cJSON %s: %s", a ? "accepts" : "refuses", b ? "accepts" : "refuses",
		        shown);
	if (!a) {
		g_assert_false(was_fast);
		if (at_a != at_b)
			g_error("error at byte %zu, cJSON says %zu: %s", at_a, at_b, shown);
		n_rejected++;
	} else {
		assert_same_node(a, b, shown);
	}
	n_compared++;
	if (was_fast)
		n_fast++;
	g_free(shown);
	g_free(copy);
	return was_fast;
}

static void compare_str(const char *text)
{
	compare(text, strlen(text));
}

static void test_edge_cases(void)
{
	static const char *const cases[] = {
		"{}", "[]", " { } ", "{\"a\":1}", "[1,2,3]", "{\"a\":{\"b\":[true,false,null]}}",
		"{\"a\":1,\"a\":2}", "{\"\":\"\"}", "[\"\"]", "[[[[[]]]]]", "[{},{},[]]",
		/* strings and escapes */
		"[\"a\\\"b\"]", "[\"\\\\\"]", "[\"\\/\\b\\f\\n\\r\\t\"]", "[\"\\u0041\\u00e9\\u20ac\"]",
		"[\"\\uD83D\\uDE00\"]", "[\"\\ud83d\\ude00x\"]", "[\"\\u0000\"]", "[\"a\\u0000b\"]",
		"[\"\\uDC00\"]", "[\"\\uD800\"]", "[\"\\uD800x\"]", "[\"\\uD800\\u0041\"]", "[\"\\uZZZZ\"]",
		"[\"\\u12\"]", "[\"\\u12G4\"]", "[\"\\x\"]", "[\"\\", "[\"abc", "[\"\\\"]", "[\"\x01\x1f\"]",
		"[\"\xff\xfe\xc3\"]", "{\"k\\u0041\":1}", "{\"k\\n\":\"v\"}", "[\"\\uDBFF\\uDFFF\"]",
		/* numbers */
		"[0]", "[-0]", "[01]", "[1.]", "[.5]", "[-]", "[+1]", "[1e5]", "[1E+5]", "[1e-5]", "[1e]",
		"[1e400]", "[-1e400]", "[1.5e-400]", "[123456789012345]", "[1234567890123456]",
		"[9007199254740993]", "[-9007199254740993]", "[0.1]", "[3.14159265358979323846]",
		"[1.7976931348623157e308]", "[0x10]", "[1-2]", "[1+2]", "[1.2.3]", "[--1]", "[1ee5]",
		"[123456789012345678901234567890123456789012345678901234567890123]",
		"[12345678901234567890123456789012345678901234567890123456789012]",
		"[1234567890123456789012345678901234567890123456789012345678901234]",
		/* literals */
		"[true]", "[false]", "[null]", "[tru]", "[nul]", "[nullx]", "[True]", "[truefalse]",
		/* white space cJSON takes and JSON does not */
		"[\x01 1]", "[1\x0b]", "{\x1f\"a\"\x02:\x03\x31}", "\x01[1]",
		/* structure */
		"[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}", "{\"a\":}", "{1:2}", "{\"a\" 1}", "[1 2]",
		"[1]]", "[1]x", "[1] ", "{\"a\":1}}", "[", "{", "]", "}", "", " ", "1", "\"s\"", "true",
		"null", "\xef\xbb\xbf[1]", "[1]\x00junk", "[\"a\x00b\"]", "{\"a\x00\":1}",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
		compare_str(cases[i]);
	/* Cases with a NUL inside: strlen() would cut them. */
	compare("[1]\0junk", 8);
	compare("[\"a\0b\"]", 7);
	compare("{\"a\0\":1}", 8);
	compare("[\0 1]", 5);
	/* Plain JSON goes the fast way. */
	const char *plain = "{\"a\":[1,\"x\\n\",{\"b\":null}]}";
	g_assert_true(compare(plain, strlen(plain)));
	g_assert_false(compare("[01]", 4));

	/* Nesting around the fast reader's limit and cJSON's. */
	guint depths[] = {199, 200, 201, 999, 1000, 1001};
	for (gsize i = 0; i < G_N_ELEMENTS(depths); i++) {
		GString *s = g_string_new(NULL);
		for (guint d = 0; d < depths[i]; d++)
			g_string_append_c(s, '[');
		for (guint d = 0; d < depths[i]; d++)
			g_string_append_c(s, ']');
		compare(s->str, s->len);
		g_string_truncate(s, 0);
		for (guint d = 0; d < depths[i]; d++)
			g_string_append(s, "{\"k\":");
		g_string_append(s, "1");
		for (guint d = 0; d < depths[i]; d++)
			g_string_append_c(s, '}');
		compare(s->str, s->len);
		g_string_free(s, TRUE);
	}
}

/* ---- fixtures and their mutations ---- */

static const char *const inserts[] = {
	"\\u0000", "\\ud800", "\\udc00\\ud800", "\\uD83D\\uDE00", "\\u00e9", "01", "1.", "-", "1e400",
	"\\", "\"", "{", "}", "[", "]", ",", ":", " ", "\x01", "\xff", "null", "tru", "-0", "\\n",
	"12345678901234567890", "\xef\xbb\xbf",
};
static const char flips[] = "\"\\{}[],:0-e. \x01unt/";

typedef struct walk {
	GRand *rand;
	guint64 elements, mutate_every;
} walk;

static void mutate(walk *w, const char *elem, gsize len)
{
	GString *m = g_string_new(NULL);
	for (int k = 0; k < 6; k++) {
		gsize at = len ? (gsize)g_rand_int_range(w->rand, 0, (gint32)MIN(len, (gsize)G_MAXINT32)) : 0;
		g_string_assign(m, "");
		g_string_append_len(m, elem, (gssize)len);
		switch (k % 3) {
		case 0: /* cut */
			g_string_truncate(m, at);
			break;
		case 1: /* a byte changed */
			if (m->len)
				m->str[at] = flips[g_rand_int_range(w->rand, 0, (gint32)sizeof flips - 1)];
			break;
		default: /* something put in */
			g_string_insert(m, (gssize)at,
			                inserts[g_rand_int_range(w->rand, 0, (gint32)G_N_ELEMENTS(inserts))]);
			break;
		}
		compare(m->str, m->len);
	}
	g_string_free(m, TRUE);
}

static gboolean element_fn(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	walk *w = user;
	(void)index;
	(void)error;
	/* Fixture elements are plain JSON: the fast reader must take them. */
	if (!compare(elem, len))
		g_error("the fast reader left a fixture element to cJSON: %.200s", elem);
	if (w->elements++ % w->mutate_every == 0)
		mutate(w, elem, len);
	return TRUE;
}

static void walk_archive(walk *w, const char *path)
{
	GError *err = NULL;
	tg_limits limits;
	tg_limits_init(&limits);
	tg_archive *a = tg_archive_open(path, &limits, &err);
	g_assert_no_error(err);
	for (guint i = 0; i < tg_archive_n_entries(a); i++) {
		const char *name = tg_archive_entry_name(a, i);
		if (!g_str_has_suffix(name, ".js"))
			continue;
		tg_stream *s = tg_archive_open_entry(a, i, &err);
		g_assert_no_error(err);
		/* Not every .js is a data file (Grailbird's app code): skip those. */
		if (!tg_ytd_scan(s, &limits, element_fn, w, NULL, &err))
			g_clear_error(&err);
		tg_stream_close(s);
	}
	tg_archive_free(a);
}

static void test_fixtures(void)
{
	static const char *const archives[] = {
		"fixtures/synthetic/modern-small-seed1.zip", "fixtures/synthetic/ytd2020-madrid-seed2.zip",
		"fixtures/synthetic/grailbird-seed3.zip",    "fixtures/real/alrocar__x",
		"fixtures/real/andreruffert__twitter",       "fixtures/real/denchi__lumeninferiusarchive",
		"fixtures/real/dgageot__tweets",             "fixtures/real/hugovk__randomsentencebot",
	};
	walk w = {g_rand_new_with_seed(20241126), 0, 2};
	guint64 before = n_compared;
	for (gsize i = 0; i < G_N_ELEMENTS(archives); i++) {
		char *path = g_build_filename(TG_SHARED_DIR, archives[i], NULL);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			walk_archive(&w, path);
		else
			g_test_message("no %s: skipped", path);
		g_free(path);
	}
	char *mini = g_build_filename(TG_SOURCE_DIR, "tests", "data", "mini", NULL);
	walk_archive(&w, mini);
	g_free(mini);
	g_rand_free(w.rand);
	g_test_message("%" G_GUINT64_FORMAT " elements, %" G_GUINT64_FORMAT " parses compared, %" G_GUINT64_FORMAT
	               " fast, %" G_GUINT64_FORMAT " refused",
	               w.elements, n_compared - before, n_fast, n_rejected);
	g_assert_cmpuint(w.elements, >, 100);
}

/* ---- records through a trimmed pool parser ---- */

static void test_parser_trim(void)
{
	tg_parser *p = tg_parser_new();
	tg_tweet t;
	GError *err = NULL;
	GString *big = g_string_new("{\"tweet\":{\"id_str\":\"5\",\"created_at\":\"Thu Nov 19 11:59:36 +0000 2009\","
	                            "\"full_text\":\"");
	for (int i = 0; i < 100000; i++)
		g_string_append(big, "x\\n");
	g_string_append(big, "\",\"entities\":{\"user_mentions\":[");
	for (int i = 0; i < 500; i++)
		g_string_append_printf(big, "%s{\"id_str\":\"%d\",\"screen_name\":\"u%d\"}", i ? "," : "", i + 1, i);
	g_string_append(big, "]}}}");
	g_assert_true(tg_records_tweet(p, big->str, big->len, &t, &err));
	g_assert_no_error(err);
	g_assert_cmpuint(t.n_mentions, ==, 500);
	g_assert_cmpuint(strlen(t.text), ==, 200000);
	tg_parser_trim(p);
	const char *small = "{\"tweet\":{\"id_str\":\"6\",\"created_at\":\"Thu Nov 19 11:59:36 +0000 2009\","
	                    "\"full_text\":\"hi @a\",\"entities\":{\"user_mentions\":[{\"id_str\":\"7\","
	                    "\"screen_name\":\"a\",\"indices\":[\"3\",\"5\"]}]}}}";
	g_assert_true(tg_records_tweet(p, small, strlen(small), &t, &err));
	g_assert_cmpuint(t.id, ==, 6);
	g_assert_cmpuint(t.n_mentions, ==, 1);
	g_assert_cmpint(t.mentions[0].start, ==, 3);
	g_assert_cmpstr(t.text, ==, "hi @a");
	g_string_free(big, TRUE);
	tg_parser_free(p);
}

/* ---- idset.c ---- */

static void test_idset(void)
{
	tg_idset *s = tg_idset_new();
	GHashTable *ref_set = g_hash_table_new(g_int64_hash, g_int64_equal);
	GRand *r = g_rand_new_with_seed(7);
	static guint64 keys[200000];

	g_assert_false(tg_idset_contains(s, 0));
	g_assert_true(tg_idset_add(s, 0));
	g_assert_false(tg_idset_add(s, 0));
	g_assert_true(tg_idset_contains(s, 0));
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		/* Snowflake-like ids, close together, and some repeats. */
		guint64 id = (i % 5 == 4 && i) ? keys[g_rand_int_range(r, 0, (gint32)i)]
		                               : 1500000000000000000u + ((guint64)g_rand_int(r) << 12) + i;
		keys[i] = id;
		gboolean added = tg_idset_add(s, id);
		gboolean fresh = !g_hash_table_contains(ref_set, &keys[i]);
		g_assert_cmpint(added, ==, fresh);
		if (fresh)
			g_hash_table_add(ref_set, &keys[i]);
	}
	g_assert_cmpuint(tg_idset_size(s), ==, g_hash_table_size(ref_set) + 1);
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
		g_assert_true(tg_idset_contains(s, keys[i]));
	g_assert_false(tg_idset_contains(s, 42));
	/* At most 70 % full, in a power of two of 8-byte slots. */
	g_assert_cmpuint(tg_idset_memory(s), <=, (gsize)(tg_idset_size(s) / 0.35) * 8);
	tg_idset_clear(s);
	g_assert_cmpuint(tg_idset_size(s), ==, 0);
	/* Reserved ahead, the set does not grow while it takes what was
	 * announced, and holds it in about 11.4 bytes an id. */
	tg_idset_reserve(s, 100000);
	gsize reserved = tg_idset_memory(s);
	g_assert_cmpuint(reserved, <=, 100000 * 12);
	for (guint i = 0; i < 100000; i++)
		g_assert_true(tg_idset_add(s, keys[0] + 1 + i));
	g_assert_cmpuint(tg_idset_memory(s), ==, reserved);
	g_assert_false(tg_idset_add(s, keys[0] + 1));
	g_assert_true(tg_idset_add(s, 7)); /* past what was announced: it grows */
	for (guint i = 0; i < 1000; i++)
		tg_idset_add(s, 1 + i);
	g_assert_cmpuint(tg_idset_memory(s), >, reserved);
	for (guint i = 0; i < 100000; i++)
		g_assert_true(tg_idset_contains(s, keys[0] + 1 + i));
	tg_idset_clear(s);
	g_assert_false(tg_idset_contains(s, keys[0]));
	g_assert_true(tg_idset_add(s, keys[0]));
	g_rand_free(r);
	g_hash_table_destroy(ref_set);
	tg_idset_free(s);
}

/* ---- idmap.c ---- */

static guint64 key_at(gconstpointer user, guint i)
{
	return g_array_index((const GArray *)user, guint64, i);
}

static void test_idmap(void)
{
	GArray *items = g_array_new(FALSE, FALSE, sizeof(guint64)); /* moves as it grows */
	tg_idmap *m = tg_idmap_new(key_at, items);
	GHashTable *ref_map = g_hash_table_new(g_int64_hash, g_int64_equal);
	GRand *r = g_rand_new_with_seed(11);
	static guint64 keys[150000]; /* stable copies for the reference */

	g_assert_cmpuint(tg_idmap_lookup(m, 0), ==, TG_IDMAP_NONE);
	for (guint i = 0; i < G_N_ELEMENTS(keys); i++) {
		/* Both kinds of keys: snowflake-like ids and (u << 32 | v) pairs of
		 * small indices, with repeats; key 0 too. */
		guint64 key = i == 0  ? 0
		              : i % 2 ? 1500000000000000000u + ((guint64)g_rand_int_range(r, 0, 60000) << 12)
		                      : ((guint64)g_rand_int_range(r, 0, 300) << 32) | (guint)g_rand_int_range(r, 0, 300);
		gpointer want;

		keys[i] = key;
		want = g_hash_table_lookup(ref_map, &keys[i]);
		if (want) {
			g_assert_cmpuint(tg_idmap_lookup(m, key), ==, GPOINTER_TO_UINT(want) - 1);
			continue;
		}
		g_assert_cmpuint(tg_idmap_lookup(m, key), ==, TG_IDMAP_NONE);
		g_array_append_val(items, key);
		tg_idmap_insert(m, key, items->len - 1);
		g_hash_table_insert(ref_map, &keys[i], GUINT_TO_POINTER(items->len));
	}
	g_assert_cmpuint(tg_idmap_size(m), ==, items->len);
	g_assert_cmpuint(items->len, ==, g_hash_table_size(ref_map));
	g_assert_cmpuint(items->len, >, 50000); /* the repeats did not swallow everything */
	for (guint i = 0; i < items->len; i++)
		g_assert_cmpuint(tg_idmap_lookup(m, g_array_index(items, guint64, i)), ==, i);
	g_assert_cmpuint(tg_idmap_lookup(m, (guint64)1 << 62), ==, TG_IDMAP_NONE);
	/* At most 70 % full, in a power of two of 4-byte slots. */
	g_assert_cmpuint(tg_idmap_memory(m), <=, (gsize)(items->len / 0.35) * 4);
	tg_idmap_clear(m);
	g_assert_cmpuint(tg_idmap_size(m), ==, 0);
	g_assert_cmpuint(tg_idmap_lookup(m, keys[1]), ==, TG_IDMAP_NONE);
	tg_idmap_insert(m, g_array_index(items, guint64, 7), 7);
	g_assert_cmpuint(tg_idmap_lookup(m, g_array_index(items, guint64, 7)), ==, 7);
	g_rand_free(r);
	g_hash_table_destroy(ref_map);
	tg_idmap_free(m);
	g_array_free(items, TRUE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	fast = tg_jsonr_new();
	ref = tg_jsonr_new();
	tg_jsonr_force_cjson(ref, TRUE);
	g_test_add_func("/jsonr/edge-cases", test_edge_cases);
	g_test_add_func("/jsonr/fixtures-and-mutations", test_fixtures);
	g_test_add_func("/jsonr/parser-trim", test_parser_trim);
	g_test_add_func("/idset/matches-ghashtable", test_idset);
	g_test_add_func("/idmap/matches-ghashtable", test_idmap);
	int rc = g_test_run();
	tg_jsonr_free(fast);
	tg_jsonr_free(ref);
	return rc;
}
