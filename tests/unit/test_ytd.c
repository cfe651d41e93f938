/* SPDX-License-Identifier: MIT */
/* Unit tests of ytd.c: every prefix form, element splitting, big-integer
 * quoting, every error with its message, at every chunk size from 1 byte up,
 * over buffers and streams, and the real fixtures against python's counts. */
#include "ytd.h"

#include <cjson/cJSON.h>
#include <glib/gstdio.h>
#include <string.h>

/* Test hook in ytd.c: the size of the pieces read or fed (0: default). */
extern void tg_ytd_set_test_chunk_size(gsize n);

static char *tmp_dir;

typedef struct collect {
	GString *out;
	guint64 n;
	guint64 stop_at; /* 1-based element at which to return FALSE; 0: never */
} collect;

static gboolean
collect_fn(void *user, const char *element, gsize len, guint64 index, GError **error)
{
	collect *c = user;

	g_assert_cmpuint(index, ==, c->n);
	g_assert_cmpint(element[len], ==, '\0');
	c->n++;
	g_string_append_c(c->out, '<');
	g_string_append_len(c->out, element, (gssize)len);
	g_string_append_c(c->out, '>');
	if (c->stop_at != 0 && c->n == c->stop_at) {
		g_set_error(error, TG_ERROR, TG_ERROR_RECORD, "stop at %" G_GUINT64_FORMAT, index);
		return FALSE;
	}
	return TRUE;
}

/* "<e0><e1>..." and, on failure, " ERROR: message" with the where-string
 * replaced by 'test.js' so that buffer and stream runs compare equal. */
static char *
outcome(collect *c, gboolean ok, GError *err, const char *where, const tg_scan_stats *st)
{
	g_assert_cmpuint(st->elements, ==, c->n);
	if (!ok) {
		char *msg;
		g_assert_nonnull(err);
		g_assert_true(g_error_matches(err, TG_ERROR, TG_ERROR_INPUT) ||
		              g_error_matches(err, TG_ERROR, TG_ERROR_RECORD));
		msg = g_strdup(err->message);
		if (g_str_has_prefix(msg, "cannot read ") &&
		    g_str_has_prefix(msg + strlen("cannot read "), where)) {
			char *rest = msg + strlen("cannot read ") + strlen(where);
			g_string_append_printf(c->out, " ERROR: cannot read 'test.js'%s", rest);
		} else {
			g_string_append_printf(c->out, " ERROR: %s", msg);
		}
		g_free(msg);
		g_error_free(err);
	} else {
		g_assert_null(err);
	}
	return g_string_free(c->out, FALSE);
}

static char *
scan_buffer_once(const char *text, gsize len, const tg_limits *l, guint64 stop_at)
{
	collect c = {g_string_new(NULL), 0, stop_at};
	tg_scan_stats st = {99, 99};
	GError *err = NULL;
	gboolean ok = tg_ytd_scan_buffer(text, len, "'test.js'", l, collect_fn, &c, &st, &err);
	g_assert_cmpuint(st.bytes, ==, len);
	return outcome(&c, ok, err, "'test.js'", &st);
}

static char *
scan_stream_once(const char *path, const tg_limits *l, guint64 stop_at, guint64 len)
{
	collect c = {g_string_new(NULL), 0, stop_at};
	tg_scan_stats st = {99, 99};
	GError *err = NULL;
	tg_archive *a = tg_archive_open(path, l, &err);
	tg_stream *s;
	gboolean ok;
	char *where, *r;

	g_assert_no_error(err);
	s = tg_archive_open_entry(a, 0, &err);
	g_assert_no_error(err);
	where = g_strdup(tg_stream_where(s));
	ok = tg_ytd_scan(s, l, collect_fn, &c, &st, &err);
	if (ok)
		g_assert_cmpuint(st.bytes, ==, len);
	r = outcome(&c, ok, err, where, &st);
	g_free(where);
	tg_stream_close(s);
	tg_archive_free(a);
	return r;
}

/* Scans TEXT as a buffer and as a file stream, in one piece and in pieces of
 * 1 to 7 and 64 bytes; all runs must agree. Returns the outcome. */
static char *
scan_all_l(const char *text, gsize len, const tg_limits *l, guint64 stop_at)
{
	static const gsize sizes[] = {0, 1, 2, 3, 4, 5, 6, 7, 64};
	char *path = g_build_filename(tmp_dir, "test.js", NULL);
	char *first = NULL;

	g_assert_true(g_file_set_contents(path, text, (gssize)len, NULL));
	for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
		char *b, *s;
		tg_ytd_set_test_chunk_size(sizes[i]);
		b = scan_buffer_once(text, len, l, stop_at);
		s = scan_stream_once(path, l, stop_at, len);
		if (first == NULL)
			first = g_strdup(b);
		if (strcmp(b, first) != 0 || strcmp(s, first) != 0)
			g_error("chunk size %zu: buffer '%s', stream '%s', expected '%s'", sizes[i], b, s,
			        first);
		g_free(b);
		g_free(s);
	}
	tg_ytd_set_test_chunk_size(0);
	g_unlink(path);
	g_free(path);
	return first;
}

static char *
scan_len(const char *text, gsize len)
{
	tg_limits l;
	tg_limits_init(&l);
	return scan_all_l(text, len, &l, 0);
}

#define check_scan(text, want)                                                                     \
	do {                                                                                       \
		char *got_ = scan_len(text, strlen(text));                                         \
		g_assert_cmpstr(got_, ==, want);                                                   \
		g_free(got_);                                                                      \
	} while (0)

#define check_scan_l(text, limits, want)                                                           \
	do {                                                                                       \
		char *got_ = scan_all_l(text, strlen(text), limits, 0);                            \
		g_assert_cmpstr(got_, ==, want);                                                   \
		g_free(got_);                                                                      \
	} while (0)

static void
test_prefix_forms(void)
{
	check_scan("window.YTD.tweets.part0 = [\n  {\n    \"tweet\" : {\"a\" : \"1\"}\n  },\n"
	           "  {\n    \"tweet\" : {}\n  }\n]",
	           "<{\n    \"tweet\" : {\"a\" : \"1\"}\n  }><{\n    \"tweet\" : {}\n  }>");
	check_scan("window.YTD.tweet.part0 = [ {\n  \"tweet\" : { }\n} ]", "<{\n  \"tweet\" : { }\n}>");
	check_scan("Grailbird.data.tweets_2015_03 = \n [ {\"a\":1}, {\"b\":2} ]",
	           "<{\"a\":1}><{\"b\":2}>");
	check_scan("Grailbird.data.tweets_2015_03 =\r\n[{\"a\":1},\r\n{\"b\":2}]\r\n",
	           "<{\"a\":1}><{\"b\":2}>");
	check_scan("var user_details =  {\n  \"screen_name\" : \"x\"\n}",
	           "<{\n  \"screen_name\" : \"x\"\n}>");
	check_scan("window.__THAR_CONFIG = {\"a\" : [1, {\"b\" : []}]};\n",
	           "<{\"a\" : [1, {\"b\" : []}]}>");
	/* Only the first '=' counts, and the lvalue is never matched. */
	check_scan("anything at all=[{\"k\":\"a=b\"}]", "<{\"k\":\"a=b\"}>");
	check_scan("\xef\xbb\xbfwindow.YTD.x.part0 = [{}]", "<{}>"); /* a UTF-8 BOM */
	check_scan("x=[[1,2],[3]]", "<[1,2]><[3]>");
}

static void
test_empty_arrays(void)
{
	check_scan("window.YTD.app.part0 = [ ]", "");
	check_scan("window.YTD.saved_search.part0 = []", "");
	check_scan("window.YTD.account_suspension.part0 = [ ]\n", "");
	check_scan("x = [\n\n]  ;\n;", "");
	check_scan("x = {}", "<{}>");
}

static void
test_scalars(void)
{
	check_scan("x = [1, -2.5e3, \"a,]\", true, null, false]",
	           "<1><-2.5e3><\"a,]\"><true><null><false>");
	check_scan("x = [12345678901234567,\"s\"]", "<\"12345678901234567\"><\"s\">");
	check_scan("x = [\"\\\"\"]", "<\"\\\"\">");
}

static void
test_strings(void)
{
	/* Escaped quotes, escaped backslashes, and brackets inside strings. */
	check_scan("x = [{\"a\":\"q\\\"}{]\",\"b\":\"\\\\\"},{\"c\":\"\\\\\\\"]\"}]",
	           "<{\"a\":\"q\\\"}{]\",\"b\":\"\\\\\"}><{\"c\":\"\\\\\\\"]\"}>");
	check_scan("x = [{\"a\":\"[[[{{{\"}]", "<{\"a\":\"[[[{{{\"}>");
	check_scan("x = [{\"a\":\"\\\\\\\\\"},{\"b\":\"\\u0022\"}]",
	           "<{\"a\":\"\\\\\\\\\"}><{\"b\":\"\\u0022\"}>");
	/* Keys and values with digits inside strings stay as they are. */
	check_scan("x = [{\"12345678901234567890\":\"12345678901234567890\"}]",
	           "<{\"12345678901234567890\":\"12345678901234567890\"}>");
	/* Multi-byte UTF-8 goes through untouched. */
	check_scan("x = [{\"t\":\"caf\xc3\xa9 \xf0\x9f\x90\xa6\"}]",
	           "<{\"t\":\"caf\xc3\xa9 \xf0\x9f\x90\xa6\"}>");
}

static void
test_big_integers(void)
{
	check_scan("x = [{\"id\" : 1066019840321669347, \"n\" : 123456789012345,"
	           " \"m\" : 1234567890123456}]",
	           "<{\"id\" : \"1066019840321669347\", \"n\" : 123456789012345,"
	           " \"m\" : \"1234567890123456\"}>");
	/* Decimals and exponents are left alone, however long. */
	check_scan("x = [{\"d\":1.2345678901234567,\"e\":12345678901234567e2,"
	           "\"E\":12345678901234567E-2,\"f\":12345678901234567.0}]",
	           "<{\"d\":1.2345678901234567,\"e\":12345678901234567e2,"
	           "\"E\":12345678901234567E-2,\"f\":12345678901234567.0}>");
	/* Negative, in arrays, at the end of an object, and at the top. */
	check_scan("x = [{\"neg\":-1234567890123456789,\"arr\":[12345678901234567,1],"
	           "\"last\":18446744073709551615}]",
	           "<{\"neg\":\"-1234567890123456789\",\"arr\":[\"12345678901234567\",1],"
	           "\"last\":\"18446744073709551615\"}>");
	check_scan("x = {\"id\":12345678901234567}", "<{\"id\":\"12345678901234567\"}>");
	/* The quoted result must be JSON that keeps the id exact. */
	{
		const char *text = "x = [{\"id\":1066019840321669347}]";
		char *got = scan_len(text, strlen(text));
		cJSON *j;
		got[strlen(got) - 1] = '\0';
		j = cJSON_Parse(got + 1);
		g_assert_nonnull(j);
		g_assert_cmpstr(cJSON_GetStringValue(cJSON_GetObjectItem(j, "id")), ==,
		                "1066019840321669347");
		cJSON_Delete(j);
		g_free(got);
	}
}

static void
test_errors(void)
{
	check_scan("", " ERROR: cannot read 'test.js': no '=' found: not a data file");
	check_scan("[{\"a\":1}]", " ERROR: cannot read 'test.js': no '=' found: not a data file");
	check_scan("x = ", " ERROR: cannot read 'test.js': truncated at byte 4");
	check_scan("x = 5", " ERROR: cannot read 'test.js': expected '[' or '{' after '=' at byte 4");
	check_scan("x = \"s\"", " ERROR: cannot read 'test.js': expected '[' or '{' after '=' at byte 4");
	check_scan("x = [", " ERROR: cannot read 'test.js': truncated at byte 5");
	check_scan("x = [{\"a\":1},", "<{\"a\":1}> ERROR: cannot read 'test.js': truncated at byte 13");
	check_scan("x = [{\"a\":\"abc", " ERROR: cannot read 'test.js': truncated at byte 14");
	check_scan("x = [{\"a\":\"abc\\", " ERROR: cannot read 'test.js': truncated at byte 15");
	check_scan("x = [{\"a\":123", " ERROR: cannot read 'test.js': truncated at byte 13");
	check_scan("x = [{\"a\":{}}", "<{\"a\":{}}> ERROR: cannot read 'test.js': truncated at byte 13");
	check_scan("x = {\"a\":1", " ERROR: cannot read 'test.js': truncated at byte 10");
	check_scan("x = [tru", " ERROR: cannot read 'test.js': truncated at byte 8");
	/* Between elements. */
	check_scan("x = [{},,{}]", "<{}> ERROR: cannot read 'test.js': unexpected ',' at byte 8");
	check_scan("x = [{},]", "<{}> ERROR: cannot read 'test.js': unexpected ']' at byte 8");
	check_scan("x = [{} {}]", "<{}> ERROR: cannot read 'test.js': unexpected '{' at byte 8");
	check_scan("x = [,]", " ERROR: cannot read 'test.js': unexpected ',' at byte 5");
	check_scan("x = [}", " ERROR: cannot read 'test.js': unexpected '}' at byte 5");
	check_scan("x = [\x01]", " ERROR: cannot read 'test.js': unexpected byte 0x01 at byte 5");
	/* Trailing garbage. */
	check_scan("x = [{}] y", "<{}> ERROR: cannot read 'test.js': unexpected 'y' at byte 9");
	check_scan("x = [{}];\nwindow.y = [{}]",
	           "<{}> ERROR: cannot read 'test.js': unexpected 'w' at byte 10");
	check_scan("x = {} {}", "<{}> ERROR: cannot read 'test.js': unexpected '{' at byte 7");
	check_scan("x = [{}]]", "<{}> ERROR: cannot read 'test.js': unexpected ']' at byte 8");
	check_scan("x = [{}]\n\xc2\xa0", "<{}> ERROR: cannot read 'test.js': unexpected byte 0xc2 at byte 9");
}

static void
test_nul(void)
{
	static const char in_string[] = "x = [{\"a\":\"b\0c\"}]";
	static const char in_prefix[] = "x\0 = []";
	static const char trailing[] = "x = [{}]\0";
	char *got;

	got = scan_len(in_string, sizeof in_string - 1);
	g_assert_cmpstr(got, ==, " ERROR: cannot read 'test.js': NUL byte at byte 12");
	g_free(got);
	got = scan_len(in_prefix, sizeof in_prefix - 1);
	g_assert_cmpstr(got, ==, " ERROR: cannot read 'test.js': NUL byte at byte 1");
	g_free(got);
	got = scan_len(trailing, sizeof trailing - 1);
	g_assert_cmpstr(got, ==, "<{}> ERROR: cannot read 'test.js': NUL byte at byte 8");
	g_free(got);
}

static void
test_depth_cap(void)
{
	tg_limits l;
	tg_limits_init(&l);
	l.max_depth = 3;
	check_scan_l("x = [{\"a\":[{\"b\":1}]}]", &l, "<{\"a\":[{\"b\":1}]}>");
	check_scan_l("x = [{\"a\":[{\"b\":[1]}]}]", &l,
	             " ERROR: cannot read 'test.js': nested deeper than 3 levels at byte 16");
	check_scan_l("x = [{\"a\":\"[[[[[[\"}]", &l, "<{\"a\":\"[[[[[[\"}>");

	/* The default cap, one level each side of it. */
	tg_limits_init(&l);
	GString *ok = g_string_new("x = [");
	for (guint i = 0; i < TG_DEFAULT_MAX_DEPTH; i++)
		g_string_append_c(ok, '[');
	for (guint i = 0; i < TG_DEFAULT_MAX_DEPTH; i++)
		g_string_append_c(ok, ']');
	g_string_append_c(ok, ']');
	char *got = scan_all_l(ok->str, ok->len, &l, 0);
	g_assert_true(got[0] == '<' && strstr(got, "ERROR") == NULL);
	g_free(got);
	g_string_insert_c(ok, 5, '[');
	g_string_insert_c(ok, ok->len - 1, ']');
	got = scan_all_l(ok->str, ok->len, &l, 0);
	g_assert_cmpstr(got, ==, " ERROR: cannot read 'test.js': nested deeper than 256 levels at byte 261");
	g_free(got);
	g_string_free(ok, TRUE);
}

static void
test_element_cap(void)
{
	tg_limits l;
	tg_limits_init(&l);
	l.max_element = 10;
	check_scan_l("x = [{\"a\":\"12\"},{}]", &l, "<{\"a\":\"12\"}><{}>"); /* exactly 10 */
	check_scan_l("x = [{},{\"a\":\"12345\"}]", &l,
	             "<{}> ERROR: cannot read 'test.js': element of more than 10 bytes at byte 8");
	/* Quotes added around a big number count too: the buffer is what is capped. */
	l.max_element = 17;
	check_scan_l("x = [12345678901234567]", &l,
	             " ERROR: cannot read 'test.js': element of more than 17 bytes at byte 5");
	l.max_element = 19;
	check_scan_l("x = [12345678901234567]", &l, "<\"12345678901234567\">");
	/* An element far past the cap in one piece of input. */
	l.max_element = 100;
	GString *big = g_string_new("x = [{\"a\":\"");
	for (int i = 0; i < 100000; i++)
		g_string_append_c(big, 'a');
	g_string_append(big, "\"}]");
	collect c = {g_string_new(NULL), 0, 0};
	GError *err = NULL;
	g_assert_false(tg_ytd_scan_buffer(big->str, big->len, "'big.js'", &l, collect_fn, &c, NULL, &err));
	g_assert_cmpstr(err->message, ==, "cannot read 'big.js': element of more than 100 bytes at byte 5");
	g_assert_cmpuint(c.n, ==, 0);
	g_error_free(err);
	g_string_free(c.out, TRUE);
	g_string_free(big, TRUE);
}

static void
test_callback_stops(void)
{
	tg_limits l;
	tg_limits_init(&l);
	char *got = scan_all_l("x = [{},[],{\"a\":1},{}]", 22, &l, 2);
	g_assert_cmpstr(got, ==, "<{}><[]> ERROR: stop at 1");
	g_free(got);
	got = scan_all_l("x = {\"a\":1}", 11, &l, 1);
	g_assert_cmpstr(got, ==, "<{\"a\":1}> ERROR: stop at 0");
	g_free(got);
}

/* A callback that returns FALSE without an error still stops the scan with one. */
static gboolean
refuse_silently(void *user, const char *element, gsize len, guint64 index, GError **error)
{
	(void)user, (void)element, (void)len, (void)index, (void)error;
	return FALSE;
}

static void
test_callback_without_error(void)
{
	tg_limits l;
	GError *err = NULL;
	tg_scan_stats st;
	tg_limits_init(&l);
	g_assert_false(tg_ytd_scan_buffer("x=[{},{}]", 9, "'t'", &l, refuse_silently, NULL, &st, &err));
	g_assert_cmpstr(err->message, ==, "cannot read 't': stopped at element 0");
	g_assert_cmpuint(st.elements, ==, 1);
	g_error_free(err);
	/* NULL stats and NULL error are allowed. */
	g_assert_false(tg_ytd_scan_buffer("x=[", 3, "'t'", &l, refuse_silently, NULL, NULL, NULL));
}

static void
test_stats(void)
{
	tg_limits l;
	tg_scan_stats st;
	collect c = {g_string_new(NULL), 0, 0};
	tg_limits_init(&l);
	g_assert_true(tg_ytd_scan_buffer("x = [{},{},{}] ;", 16, "'t'", &l, collect_fn, &c, &st, NULL));
	g_assert_cmpuint(st.bytes, ==, 16);
	g_assert_cmpuint(st.elements, ==, 3);
	g_string_free(c.out, TRUE);
}

/* Random JSON documents written by cJSON: every element handed on must be
 * the same value as cJSON's own parse of the whole document says. */
static cJSON *
random_value(GRand *r, int depth)
{
	static const char pieces[][5] = {"a", "Z", "0", "9", " ", "\"", "\\", "{", "}", "[", "]",
	                                 ",", ":", "\n", "\t", "/", "=", "\xc3\xa9", "\xf0\x9f\x90\xa6"};
	int kind = g_rand_int_range(r, 0, depth >= 5 ? 4 : 7);
	switch (kind) {
	case 0: {
		GString *str = g_string_new(NULL);
		int n = g_rand_int_range(r, 0, 12);
		for (int i = 0; i < n; i++)
			g_string_append(str, pieces[g_rand_int_range(r, 0, G_N_ELEMENTS(pieces))]);
		cJSON *v = cJSON_CreateString(str->str);
		g_string_free(str, TRUE);
		return v;
	}
	case 1:
		return cJSON_CreateNumber(g_rand_int_range(r, -100000, 100000) / 4.0);
	case 2:
		/* Up to 15 digits: exact in a double, never quoted. */
		return cJSON_CreateNumber((double)g_rand_int_range(r, 0, 999999999) * 1000000.0 + 7);
	case 3:
		return g_rand_boolean(r) ? cJSON_CreateBool(g_rand_boolean(r)) : cJSON_CreateNull();
	case 4:
	case 5: {
		cJSON *o = cJSON_CreateObject();
		int n = g_rand_int_range(r, 0, 5);
		for (int i = 0; i < n; i++) {
			char key[16];
			g_snprintf(key, sizeof key, "k%d\"{%d", i, depth);
			cJSON_AddItemToObject(o, key, random_value(r, depth + 1));
		}
		return o;
	}
	default: {
		cJSON *a = cJSON_CreateArray();
		int n = g_rand_int_range(r, 0, 5);
		for (int i = 0; i < n; i++)
			cJSON_AddItemToArray(a, random_value(r, depth + 1));
		return a;
	}
	}
}

typedef struct compare {
	cJSON *doc;
	guint64 n;
} compare;

static gboolean
compare_fn(void *user, const char *element, gsize len, guint64 index, GError **error)
{
	compare *c = user;
	cJSON *mine = cJSON_ParseWithLength(element, len);
	cJSON *theirs = cJSON_IsArray(c->doc) ? cJSON_GetArrayItem(c->doc, (int)index) : c->doc;
	(void)error;
	g_assert_nonnull(mine);
	g_assert_nonnull(theirs);
	g_assert_true(cJSON_Compare(mine, theirs, TRUE));
	cJSON_Delete(mine);
	c->n++;
	return TRUE;
}

static void
test_random_documents(void)
{
	GRand *r = g_rand_new_with_seed(20241126);
	tg_limits l;
	tg_limits_init(&l);
	for (int round = 0; round < 400; round++) {
		cJSON *doc = round % 5 == 0 ? random_value(r, 1) : cJSON_CreateArray();
		if (!cJSON_IsObject(doc) && !cJSON_IsArray(doc)) {
			cJSON_Delete(doc);
			doc = cJSON_CreateObject();
		}
		if (cJSON_IsArray(doc) && round % 5 != 0) {
			int n = g_rand_int_range(r, 0, 8);
			for (int i = 0; i < n; i++)
				cJSON_AddItemToArray(doc, random_value(r, 1));
		}
		char *json = round % 2 ? cJSON_Print(doc) : cJSON_PrintUnformatted(doc);
		char *text = g_strdup_printf("window.YTD.random.part%d = %s%s", round, json,
		                             round % 3 ? "" : ";\n");
		compare c = {doc, 0};
		GError *err = NULL;
		tg_ytd_set_test_chunk_size((gsize)g_rand_int_range(r, 0, 9));
		if (!tg_ytd_scan_buffer(text, strlen(text), "'random'", &l, compare_fn, &c, NULL, &err))
			g_error("%s in: %s", err->message, text);
		g_assert_cmpuint(c.n, ==, cJSON_IsArray(doc) ? (guint64)cJSON_GetArraySize(doc) : 1);
		tg_ytd_set_test_chunk_size(0);
		g_free(text);
		cJSON_free(json);
		cJSON_Delete(doc);
	}
	g_rand_free(r);
}

/* Element counts of the real fixtures must match python's json module. */
typedef struct real_check {
	guint64 n;
	GChecksum *sum;
	gboolean all_parse;
	const char *path;
} real_check;

static gboolean
real_fn(void *user, const char *element, gsize len, guint64 index, GError **error)
{
	real_check *r = user;
	cJSON *j = cJSON_ParseWithLength(element, len);
	(void)index, (void)error;
	if (j == NULL || (!cJSON_IsObject(j) && !cJSON_IsArray(j))) {
		g_test_message("%s: element %" G_GUINT64_FORMAT " is not a JSON object", r->path, index);
		r->all_parse = FALSE;
	}
	cJSON_Delete(j);
	r->n++;
	g_checksum_update(r->sum, (const guchar *)element, (gssize)len + 1);
	return TRUE;
}

static char *
scan_real(const char *path, guint64 *n)
{
	tg_limits l;
	GError *err = NULL;
	real_check r = {0, g_checksum_new(G_CHECKSUM_SHA256), TRUE, path};
	tg_archive *a;
	tg_stream *s;
	char *digest;

	tg_limits_init(&l);
	a = tg_archive_open(path, &l, &err);
	g_assert_no_error(err);
	s = tg_archive_open_entry(a, 0, &err);
	g_assert_no_error(err);
	if (!tg_ytd_scan(s, &l, real_fn, &r, NULL, &err))
		g_error("%s: %s", path, err->message);
	g_assert_true(r.all_parse);
	tg_stream_close(s);
	tg_archive_free(a);
	*n = r.n;
	digest = g_strdup(g_checksum_get_string(r.sum));
	g_checksum_free(r.sum);
	return digest;
}

static void
test_real_fixtures(void)
{
	char *tsv_path = g_build_filename(TG_SOURCE_DIR, "tests", "data", "input",
	                                  "real-element-counts.tsv", NULL);
	char *root = g_build_filename(TG_SHARED_DIR, "fixtures", "real", NULL);
	char *text = NULL;
	char **lines;
	guint files = 0;
	guint64 total = 0;

	g_assert_true(g_file_get_contents(tsv_path, &text, NULL, NULL));
	lines = g_strsplit(text, "\n", -1);
	for (char **line = lines; *line; line++) {
		char **cols, *path, *digest;
		guint64 want, got;

		if (**line == '#' || **line == '\0')
			continue;
		cols = g_strsplit(*line, "\t", 2);
		g_assert_nonnull(cols[1]);
		g_assert_true(tg_parse_id(cols[0], &want));
		path = g_build_filename(root, cols[1], NULL);
		digest = scan_real(path, &got);
		if (got != want)
			g_error("%s: %" G_GUINT64_FORMAT " elements, python counts %" G_GUINT64_FORMAT, cols[1],
			        got, want);
		/* The same bytes when read 7 bytes at a time (the biggest files
		 * only in 4093-byte pieces, to keep valgrind runs short). */
		tg_ytd_set_test_chunk_size(got > 500 ? 4093 : 7);
		char *again = scan_real(path, &got);
		tg_ytd_set_test_chunk_size(0);
		g_assert_cmpstr(again, ==, digest);
		g_assert_cmpuint(got, ==, want);
		g_free(again);
		g_free(digest);
		g_free(path);
		g_strfreev(cols);
		files++;
		total += want;
	}
	/* Every .js file of the fixtures is in the table. */
	{
		GPtrArray *stack = g_ptr_array_new_with_free_func(g_free);
		guint found = 0;
		g_ptr_array_add(stack, g_strdup(root));
		while (stack->len > 0) {
			char *dir_path = g_ptr_array_steal_index(stack, stack->len - 1);
			GDir *dir = g_dir_open(dir_path, 0, NULL);
			const char *name;
			g_assert_nonnull(dir);
			while ((name = g_dir_read_name(dir)) != NULL) {
				char *full = g_build_filename(dir_path, name, NULL);
				if (g_file_test(full, G_FILE_TEST_IS_DIR))
					g_ptr_array_add(stack, full);
				else {
					if (g_str_has_suffix(name, ".js"))
						found++;
					g_free(full);
				}
			}
			g_dir_close(dir);
			g_free(dir_path);
		}
		g_ptr_array_free(stack, TRUE);
		g_assert_cmpuint(found, ==, files);
	}
	g_test_message("%u real files, %" G_GUINT64_FORMAT " elements", files, total);
	g_assert_cmpuint(files, >, 100);
	g_strfreev(lines);
	g_free(text);
	g_free(root);
	g_free(tsv_path);
}

int
main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	tmp_dir = g_dir_make_tmp("test_ytd-XXXXXX", NULL);
	g_assert_nonnull(tmp_dir);
	g_test_add_func("/ytd/prefix-forms", test_prefix_forms);
	g_test_add_func("/ytd/empty-arrays", test_empty_arrays);
	g_test_add_func("/ytd/scalars", test_scalars);
	g_test_add_func("/ytd/strings", test_strings);
	g_test_add_func("/ytd/big-integers", test_big_integers);
	g_test_add_func("/ytd/errors", test_errors);
	g_test_add_func("/ytd/nul", test_nul);
	g_test_add_func("/ytd/depth-cap", test_depth_cap);
	g_test_add_func("/ytd/element-cap", test_element_cap);
	g_test_add_func("/ytd/callback-stops", test_callback_stops);
	g_test_add_func("/ytd/callback-without-error", test_callback_without_error);
	g_test_add_func("/ytd/stats", test_stats);
	g_test_add_func("/ytd/random-documents", test_random_documents);
	g_test_add_func("/ytd/real-fixtures", test_real_fixtures);
	rc = g_test_run();
	g_rmdir(tmp_dir);
	g_free(tmp_dir);
	return rc;
}
