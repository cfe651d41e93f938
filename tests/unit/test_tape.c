/* SPDX-License-Identifier: MIT */
/* Unit tests of tape.c (bytes that move from memory to a temporary file)
 * and seen.c (the set of tweet ids on a tape): each against a plain
 * in-memory reference, in memory and on disk, in the orders archives have
 * and in orders they do not. */
#include "seen.h"
#include "tape.h"
#include "util.h"

#include <string.h>

/* Reads every byte of T back, in pieces of every size from 1 to 97, and
 * compares them with REF. */
static void check_tape(const tg_tape *t, const GByteArray *ref)
{
	GError *err = NULL;
	guint8 buf[97];

	g_assert_cmpuint(tg_tape_size(t), ==, ref->len);
	for (guint64 off = 0, step = 1; off < ref->len; off += step, step = step % 97 + 1) {
		gsize n = (gsize)MIN(step, ref->len - off);
		g_assert_true(tg_tape_read(t, off, buf, n, &err));
		g_assert_no_error(err);
		g_assert_cmpmem(buf, n, ref->data + off, n);
	}
}

/* Appends of assorted sizes (a few of them larger than the write buffer),
 * checked against a GByteArray, with the move to disk after LIMIT bytes. */
static void fill_and_check(gssize limit, gboolean expect_disk)
{
	GError *err = NULL;
	GByteArray *ref = g_byte_array_new();
	GRand *rand = g_rand_new_with_seed(7);
	tg_tape_set_memory_limit(limit);
	tg_tape *t = tg_tape_new("test bytes", NULL, NULL);

	for (guint i = 0; i < 400; i++) {
		gsize n = i % 50 == 49 ? 70000 + i : (gsize)g_rand_int_range(rand, 0, 3000);
		guint8 *p = g_malloc(n + 1);
		for (gsize k = 0; k < n; k++)
			p[k] = (guint8)g_rand_int(rand);
		guint64 off;
		g_assert_true(tg_tape_append(t, p, n, &off, &err));
		g_assert_no_error(err);
		g_assert_cmpuint(off, ==, ref->len);
		g_byte_array_append(ref, p, (guint)n);
		g_free(p);
		if (i % 100 == 0)
			check_tape(t, ref);
	}
	check_tape(t, ref);
	g_assert_cmpint(tg_tape_on_disk(t), ==, expect_disk);
	if (expect_disk)
		g_assert_cmpuint(tg_tape_memory(t), <=, 64 << 10);
	tg_tape_clear(t);
	g_assert_cmpuint(tg_tape_size(t), ==, 0);
	g_assert_false(tg_tape_on_disk(t));
	tg_tape_free(t);
	tg_tape_set_memory_limit(-1);
	g_rand_free(rand);
	g_byte_array_unref(ref);
}

static void test_tape_memory(void)
{
	fill_and_check(G_MAXSSIZE, FALSE);
}

static void test_tape_disk(void)
{
	fill_and_check(0, TRUE);
	fill_and_check(100000, TRUE);
}

static void count_warning(void *user, const char *message)
{
	g_assert_nonnull(strstr(message, "test bytes"));
	(*(guint *)user)++;
}

/* With no place for a temporary file a tape keeps everything in memory,
 * and the first such tape of the process says so, once. Run in a
 * subprocess: g_get_tmp_dir() reads $TMPDIR once per process. */
static void test_tape_no_disk(void)
{
	if (g_test_subprocess()) {
		GError *err = NULL;
		GByteArray *ref = g_byte_array_new();
		guint warnings = 0;
		g_setenv("TMPDIR", "/nonexistent/talkgraph-test", TRUE);
		tg_tape_set_memory_limit(10);
		tg_tape *t = tg_tape_new("test bytes", count_warning, &warnings);
		tg_tape *t2 = tg_tape_new("test bytes too", count_warning, &warnings);
		for (guint i = 0; i < 1000; i++) {
			guint8 b[3] = {(guint8)i, (guint8)(i >> 8), 0x5a};
			g_assert_true(tg_tape_append(t, b, sizeof b, NULL, &err));
			g_assert_true(tg_tape_append(t2, b, sizeof b, NULL, &err));
			g_byte_array_append(ref, b, sizeof b);
		}
		check_tape(t, ref);
		check_tape(t2, ref);
		g_assert_false(tg_tape_on_disk(t));
		g_assert_false(tg_tape_on_disk(t2));
		g_assert_cmpuint(warnings, ==, 1);
		tg_tape_free(t);
		tg_tape_free(t2);
		g_byte_array_unref(ref);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
}

/* ---- seen.c ---- */

/* Adds IDS[0, N) to a set holding CAP ids in memory and to a GHashTable;
 * both must agree on every add. Returns the runs left on the tape. */
static guint check_seen(const guint64 *ids, gsize n, gsize cap)
{
	GError *err = NULL;
	GHashTable *ref = g_hash_table_new(g_int64_hash, g_int64_equal);
	tg_seen_set_memory_ids(cap);
	tg_seen *s = tg_seen_new(NULL, NULL);

	for (gsize i = 0; i < n; i++) {
		gboolean added;
		g_assert_true(tg_seen_add(s, ids[i], &added, &err));
		g_assert_no_error(err);
		gboolean want = g_hash_table_add(ref, (gpointer)&ids[i]);
		if (added != want)
			g_test_fail_printf("id %" G_GUINT64_FORMAT " (add %" G_GSIZE_FORMAT "): %s, should be %s", ids[i],
			                   i, added ? "new" : "seen", want ? "new" : "seen");
	}
	g_assert_cmpuint(tg_seen_size(s), ==, g_hash_table_size(ref));
	guint runs = tg_seen_runs(s);
	tg_seen_clear(s);
	g_assert_cmpuint(tg_seen_size(s), ==, 0);
	gboolean added;
	g_assert_true(tg_seen_add(s, ids[0], &added, &err));
	g_assert_true(added);
	tg_seen_free(s);
	tg_seen_set_memory_ids(0);
	g_hash_table_destroy(ref);
	return runs;
}

/* Newest first, as archives list tweets: snowflake-like ids going down,
 * with a few going up and a few repeated (in the same run, in an older run
 * and in the hash set), and a second "part" over the same range. */
static void test_seen_archive_order(void)
{
	GRand *rand = g_rand_new_with_seed(11);
	gsize n = 60000;
	guint64 *ids = g_new(guint64, n);
	guint64 id = G_GUINT64_CONSTANT(1600000000000000000);

	for (gsize i = 0; i < n; i++) {
		if (i == n / 2)
			id = G_GUINT64_CONSTANT(1600000000000000000) - 12345; /* part 2, same range */
		id -= (guint64)g_rand_int_range(rand, 1, 1 << 30) << 10;
		ids[i] = id;
		if (i > 0 && i % 997 == 0)
			ids[i] = ids[i - 1] + 1; /* one going up */
		if (i > 5000 && i % 1499 == 0)
			ids[i] = ids[g_rand_int_range(rand, 0, (gint32)i)]; /* a repeat */
		if (i > 0 && i % 2003 == 0)
			ids[i] = ids[i - 1]; /* an adjacent repeat */
	}
	/* 64 ids in memory: 900-odd runs, merged to a handful. */
	guint runs = check_seen(ids, n, 64);
	g_assert_cmpuint(runs, >, 0);
	g_assert_cmpuint(runs, <, 40);
	/* Everything in memory: no run. */
	g_assert_cmpuint(check_seen(ids, n, n + 1), ==, 0);
	g_free(ids);
	g_rand_free(rand);
}

/* Random ids drawn from a small range (many repeats, no order), the
 * extremes 0 and G_MAXUINT64 among them. */
static void test_seen_any_order(void)
{
	GRand *rand = g_rand_new_with_seed(5);
	gsize n = 30000;
	guint64 *ids = g_new(guint64, n);

	for (gsize i = 0; i < n; i++)
		ids[i] = (guint64)g_rand_int_range(rand, 0, 20000) * 3;
	ids[100] = 0;
	ids[20000] = 0;
	ids[5000] = G_MAXUINT64;
	ids[29999] = G_MAXUINT64;
	check_seen(ids, n, 100);
	check_seen(ids, n, 1);
	g_free(ids);
	g_rand_free(rand);
}

/* Memory holds the hash set, one id per 512 and a block per run, whatever
 * the number of ids. */
static void test_seen_memory(void)
{
	GError *err = NULL;
	tg_seen_set_memory_ids(1024);
	tg_seen *s = tg_seen_new(NULL, NULL);
	gsize small = 0;

	for (guint64 i = 0; i < 400000; i++) {
		gboolean added;
		g_assert_true(tg_seen_add(s, (G_GUINT64_CONSTANT(1) << 60) - i * 1000, &added, &err));
		g_assert_true(added);
		if (i == 20000)
			small = tg_seen_memory(s);
	}
	g_assert_cmpuint(tg_seen_size(s), ==, 400000);
	/* 20 times the ids: the fences grow by 1/512 of that, nothing else. */
	g_assert_cmpuint(tg_seen_memory(s), <, small + 400000 / 512 * 8 + 64 * 4096);
	tg_seen_free(s);
	tg_seen_set_memory_ids(0);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tape/memory", test_tape_memory);
	g_test_add_func("/tape/disk", test_tape_disk);
	g_test_add_func("/tape/no-disk", test_tape_no_disk);
	g_test_add_func("/seen/archive-order", test_seen_archive_order);
	g_test_add_func("/seen/any-order", test_seen_any_order);
	g_test_add_func("/seen/memory", test_seen_memory);
	return g_test_run();
}
