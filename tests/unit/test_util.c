/* SPDX-License-Identifier: MIT */
/* Unit tests of util.c: the error domain, default limits, the three date
 * forms (and what they must refuse), date formatting and id parsing. */
#include "util.h"

#include <string.h>

/* 2009-11-19T11:59:36Z, worked out by hand: 14567 days after 1970-01-01. */
#define T_2009_11_19 (G_GINT64_CONSTANT(14567) * 86400000 + (11 * 3600 + 59 * 60 + 36) * 1000)

static gint64
date(const char *s)
{
	gint64 ms = -1;
	if (!tg_parse_date(s, &ms))
		g_test_fail_printf("'%s' was refused", s);
	return ms;
}

static void
refused(const char *s)
{
	gint64 ms = 12345;
	if (tg_parse_date(s, &ms))
		g_test_fail_printf("'%s' was accepted", s);
	g_assert_cmpint(ms, ==, 12345); /* left alone on failure */
}

static void
test_error_quark(void)
{
	GError *err = g_error_new(TG_ERROR, TG_ERROR_INPUT, "x");
	g_assert_true(g_error_matches(err, TG_ERROR, TG_ERROR_INPUT));
	g_assert_cmpstr(g_quark_to_string(TG_ERROR), ==, "tg-error-quark");
	g_assert_cmpuint(tg_error_quark(), ==, tg_error_quark());
	g_error_free(err);
}

static void
test_limits(void)
{
	tg_limits l;
	memset(&l, 0xff, sizeof l);
	tg_limits_init(&l);
	g_assert_cmpuint(l.max_element, ==, 16u << 20);
	g_assert_cmpuint(l.max_inflated, ==, G_GUINT64_CONSTANT(64) << 30);
	g_assert_cmpuint(l.max_depth, ==, 256);
	g_assert_cmpuint(l.max_contacts, ==, 10000000);
}

static void
test_iso(void)
{
	g_assert_cmpint(date("1970-01-01T00:00:00Z"), ==, 0);
	g_assert_cmpint(date("1970-01-01T00:00:00.001Z"), ==, 1);
	g_assert_cmpint(date("2009-11-19T11:59:36Z"), ==, T_2009_11_19);
	g_assert_cmpint(date("2009-11-19T11:59:36.064Z"), ==, T_2009_11_19 + 64);
	g_assert_cmpint(date("2009-11-19T11:59:36.5Z"), ==, T_2009_11_19 + 500);
	/* Extra fraction digits are cut, never rounded into the next second. */
	g_assert_cmpint(date("2009-11-19T11:59:36.9999Z"), ==, T_2009_11_19 + 999);
	g_assert_cmpint(date("2009-11-19T12:59:36+01:00"), ==, T_2009_11_19);
	g_assert_cmpint(date("2009-11-19T12:59:36+0100"), ==, T_2009_11_19);
	g_assert_cmpint(date("2009-11-19T06:29:36.064-05:30"), ==, T_2009_11_19 + 64);
	/* Across a day and a year end through the offset. */
	g_assert_cmpint(date("2009-12-31T23:30:00-01:00"), ==, date("2010-01-01T00:30:00Z"));
	/* Real values from archives. */
	g_assert_cmpint(date("2024-09-27T00:07:44.064Z"), ==, G_GINT64_CONSTANT(1727395664064));
	g_assert_cmpint(date("2019-07-23T16:37:50Z"), ==, G_GINT64_CONSTANT(1563899870000));
	/* Leap days. */
	g_assert_cmpint(date("2024-03-01T00:00:00Z") - date("2024-02-29T00:00:00Z"), ==, 86400000);
	g_assert_cmpint(date("2000-03-01T00:00:00Z") - date("2000-02-28T00:00:00Z"), ==, 2 * 86400000);
	g_assert_cmpint(date("9999-12-31T23:59:59.999Z"), ==, G_GINT64_CONSTANT(253402300799999));
}

static void
test_twitter(void)
{
	g_assert_cmpint(date("Thu Nov 19 11:59:36 +0000 2009"), ==, T_2009_11_19);
	g_assert_cmpint(date("Thu Nov 19 12:59:36 +0100 2009"), ==, T_2009_11_19);
	g_assert_cmpint(date("Wed Oct 10 20:19:24 +0000 2018"), ==, date("2018-10-10T20:19:24Z"));
	g_assert_cmpint(date("Mon Feb 29 00:00:00 +0000 2016"), ==, date("2016-02-29T00:00:00Z"));
}

static void
test_grailbird(void)
{
	g_assert_cmpint(date("2015-11-01 08:00:22 +0000"), ==, date("2015-11-01T08:00:22Z"));
	g_assert_cmpint(date("2009-11-19 11:59:36 +0000"), ==, T_2009_11_19);
	g_assert_cmpint(date("2009-11-19 03:59:36 -0800"), ==, T_2009_11_19);
}

static void
test_refused(void)
{
	static const char *const bad[] = {
		"", "2009", "2009-11-19", "2009-11-19T11:59:36", /* no zone: refused, not guessed */
		"2009-11-19T11:59Z", "2009-11-19T11:59:36.Z", "2009-11-19T11:59:36Zjunk",
		"2009-11-19T11:59:36+1", "2009-11-19T11:59:36+01:0", "2009-11-19T11:59:36 Z",
		"2009-13-01T00:00:00Z", "2009-00-01T00:00:00Z", "2009-02-29T00:00:00Z",
		"2009-04-31T00:00:00Z", "2009-11-19T24:00:00Z", "2009-11-19T23:60:00Z",
		"2009-11-19T23:59:60Z", "1969-12-31T23:59:59Z", "1970-01-01T00:30:00+01:00",
		"10000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00", " 2009-11-19T11:59:36Z",
		"2009-11-19 11:59:36", "2009-11-19 11:59:36 +00:00", "2009-11-19 11:59:36 Z",
		"2009-11-19T11:59:36+24:00", "Thu Nov 19 11:59:36 +0000 09",
		"Xyz Nov 19 11:59:36 +0000 2009", "Thu Noz 19 11:59:36 +0000 2009",
		"Thu Nov 31 11:59:36 +0000 2009", "Thu Nov 19 11:59:36 +0000 2009 ",
		"Thu Nov 19 11:59:36 2009", "Thu Nov  9 11:59:36 +0000 2009", "Thu", "T", "-1",
		"2009-11-19X11:59:36Z", "２００９-11-19T11:59:36Z",
	};
	for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
		refused(bad[i]);
	g_assert_false(tg_parse_date(NULL, &(gint64){0}));
}

static void
check_format(gint64 ms, const char *want)
{
	char buf[21];
	memset(buf, 'x', sizeof buf);
	g_assert_true(tg_format_date(ms, buf) == buf);
	g_assert_cmpstr(buf, ==, want);
}

static void
test_format(void)
{
	check_format(0, "1970-01-01T00:00:00Z");
	check_format(T_2009_11_19 + 999, "2009-11-19T11:59:36Z");
	check_format(G_GINT64_CONSTANT(1727395664064), "2024-09-27T00:07:44Z");
	check_format(G_GINT64_CONSTANT(253402300799999), "9999-12-31T23:59:59Z");
	check_format(-1, "1969-12-31T23:59:59Z"); /* floor, not toward zero */
	check_format(date("2024-02-29T23:59:59Z"), "2024-02-29T23:59:59Z");
	/* Round trip over a spread of instants, both parsers agreeing. */
	for (gint64 ms = 0; ms < G_GINT64_CONSTANT(253402300799999); ms += G_GINT64_CONSTANT(86399999937)) {
		char buf[21];
		gint64 back;
		tg_format_date(ms, buf);
		g_assert_true(tg_parse_date(buf, &back));
		g_assert_cmpint(back, ==, ms - ms % 1000);
	}
}

static void
test_id(void)
{
	guint64 id = 7;
	g_assert_true(tg_parse_id("0", &id));
	g_assert_cmpuint(id, ==, 0);
	g_assert_true(tg_parse_id("1066019840321669347", &id));
	g_assert_cmpuint(id, ==, G_GUINT64_CONSTANT(1066019840321669347));
	g_assert_true(tg_parse_id("18446744073709551615", &id));
	g_assert_cmpuint(id, ==, G_MAXUINT64);
	g_assert_true(tg_parse_id("007", &id));
	g_assert_cmpuint(id, ==, 7);

	static const char *const bad[] = {"", "18446744073709551616", "99999999999999999999",
	                                  "123456789012345678901", "-1", "+1", " 1", "1 ",
	                                  "1a", "0x10", "1.0", "1e3"};
	for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
		id = 42;
		if (tg_parse_id(bad[i], &id))
			g_test_fail_printf("id '%s' was accepted", bad[i]);
		g_assert_cmpuint(id, ==, 42);
	}
	g_assert_false(tg_parse_id(NULL, &id));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/util/error-quark", test_error_quark);
	g_test_add_func("/util/limits", test_limits);
	g_test_add_func("/util/date/iso8601", test_iso);
	g_test_add_func("/util/date/twitter", test_twitter);
	g_test_add_func("/util/date/grailbird", test_grailbird);
	g_test_add_func("/util/date/refused", test_refused);
	g_test_add_func("/util/date/format", test_format);
	g_test_add_func("/util/id", test_id);
	return g_test_run();
}
