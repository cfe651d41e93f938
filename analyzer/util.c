/* SPDX-License-Identifier: MIT */
/* Shared plumbing of the core: the error domain, the default input limits,
 * and strict parsers for the three date forms archives use and for ids. */
#include "util.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

G_DEFINE_QUARK(tg-error-quark, tg_error)

void
tg_limits_init(tg_limits *limits)
{
	limits->max_element = TG_DEFAULT_MAX_ELEMENT;
	limits->max_inflated = TG_DEFAULT_MAX_INFLATED;
	limits->max_depth = TG_DEFAULT_MAX_DEPTH;
	limits->max_contacts = TG_DEFAULT_MAX_CONTACTS;
}

/* Julian day number (GDate's, day 1 = 0001-01-01) of 1970-01-01. */
#define EPOCH_JULIAN 719163
#define MS_PER_DAY G_GINT64_CONSTANT(86400000)
/* 9999-12-31T23:59:59.999Z: the last instant of the accepted years. */
#define MAX_MS G_GINT64_CONSTANT(253402300799999)

/* Reads exactly N ASCII digits at *P; advances *P. */
static gboolean
digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return FALSE;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return TRUE;
}

/* "HH:MM:SS" with an optional fraction; the fraction is cut to milliseconds
 * (not rounded, so that a value never moves into the next second). */
static gboolean
parse_time(const char **p, int *h, int *mi, int *sec, int *msec)
{
	if (!digits(p, 2, h) || **p != ':')
		return FALSE;
	(*p)++;
	if (!digits(p, 2, mi) || **p != ':')
		return FALSE;
	(*p)++;
	if (!digits(p, 2, sec))
		return FALSE;
	*msec = 0;
	if (**p == '.' || **p == ',') {
		int scale = 100, n = 0;
		(*p)++;
		while (**p >= '0' && **p <= '9') {
			*msec += (**p - '0') * scale;
			scale /= 10;
			(*p)++;
			n++;
		}
		if (n == 0)
			return FALSE;
	}
	return *h <= 23 && *mi <= 59 && *sec <= 59;
}

/* A UTC offset: "+HH:MM" when COLON is 1, "+HHMM" when 0, either when -1.
 * Sets *SECONDS east of UTC. */
static gboolean
parse_offset(const char **p, int colon, int *seconds)
{
	int sign, h, m;
	if (**p == '+')
		sign = 1;
	else if (**p == '-')
		sign = -1;
	else
		return FALSE;
	(*p)++;
	if (!digits(p, 2, &h))
		return FALSE;
	if (**p == ':' && colon != 0)
		(*p)++;
	else if (colon == 1)
		return FALSE;
	if (!digits(p, 2, &m) || h > 23 || m > 59)
		return FALSE;
	*seconds = sign * (h * 3600 + m * 60);
	return TRUE;
}

/* Combines the fields into milliseconds since the epoch. GDate does the
 * calendar (leap years, days per month) without allocating, which matters
 * because this runs once per tweet and per message. */
static gboolean
combine(int y, int mo, int d, int h, int mi, int sec, int msec, int offset, gint64 *ms)
{
	GDate date;
	gint64 v;

	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    !g_date_valid_dmy((GDateDay)d, (GDateMonth)mo, (GDateYear)y))
		return FALSE;
	g_date_clear(&date, 1);
	g_date_set_dmy(&date, (GDateDay)d, (GDateMonth)mo, (GDateYear)y);
	v = ((gint64)g_date_get_julian(&date) - EPOCH_JULIAN) * MS_PER_DAY;
	v += ((gint64)h * 3600 + mi * 60 + sec - offset) * 1000 + msec;
	/* An offset can push the instant out of the accepted years. */
	if (v < 0 || v > MAX_MS)
		return FALSE;
	*ms = v;
	return TRUE;
}

/* "2024-09-27T00:07:44.064Z", "...+01:00", and the Grailbird form
 * "2015-11-01 08:00:22 +0000". A time without a zone is refused: guessing
 * one would shift every date silently. */
static gboolean
parse_numeric(const char *s, gint64 *ms)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, msec, off = 0;

	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return FALSE;
	if (*p == 'T') {
		p++;
		if (!parse_time(&p, &h, &mi, &sec, &msec))
			return FALSE;
		if (*p == 'Z')
			p++;
		else if (!parse_offset(&p, -1, &off))
			return FALSE;
	} else if (*p == ' ') {
		p++;
		if (!parse_time(&p, &h, &mi, &sec, &msec) || *p++ != ' ' ||
		    !parse_offset(&p, 0, &off))
			return FALSE;
	} else {
		return FALSE;
	}
	return *p == '\0' && combine(y, mo, d, h, mi, sec, msec, off, ms);
}

/* Index (0-based) of a three-letter English name in NAMES, or -1. */
static int
name_index(const char *p, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (g_ascii_strncasecmp(p, names[i], 3) == 0)
			return i;
	return -1;
}

/* "Thu Nov 19 11:59:36 +0000 2009". The weekday must be a weekday name but is
 * not checked against the date: the date fields are what we keep. */
static gboolean
parse_twitter(const char *s, gint64 *ms)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	const char *p = s;
	int mo, d, h, mi, sec, msec, off, y;

	if (strlen(s) < 30 || name_index(p, days, 7) < 0 || p[3] != ' ')
		return FALSE;
	p += 4;
	if ((mo = name_index(p, months, 12)) < 0 || p[3] != ' ')
		return FALSE;
	p += 4;
	if (!digits(&p, 2, &d) || *p++ != ' ' || !parse_time(&p, &h, &mi, &sec, &msec) ||
	    *p++ != ' ' || !parse_offset(&p, 0, &off) || *p++ != ' ' || !digits(&p, 4, &y))
		return FALSE;
	return *p == '\0' && combine(y, mo + 1, d, h, mi, sec, msec, off, ms);
}

gboolean
tg_parse_date(const char *s, gint64 *ms)
{
	if (s == NULL)
		return FALSE;
	if (s[0] >= '0' && s[0] <= '9')
		return parse_numeric(s, ms);
	return parse_twitter(s, ms);
}

char *
tg_format_date(gint64 ms, char *buf)
{
	GDate date;
	gint64 days, rest;

	/* GDate covers years 1..65535; the format has room for four digits. */
	ms = CLAMP(ms, -G_GINT64_CONSTANT(62135596800000), MAX_MS);
	days = ms / MS_PER_DAY;
	rest = ms % MS_PER_DAY;
	if (rest < 0) { /* floor division for instants before 1970 */
		days--;
		rest += MS_PER_DAY;
	}
	rest /= 1000;
	g_date_clear(&date, 1);
	g_date_set_julian(&date, (guint32)(days + EPOCH_JULIAN));
	g_snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)g_date_get_year(&date),
	           (unsigned)g_date_get_month(&date), (unsigned)g_date_get_day(&date),
	           (unsigned)(rest / 3600), (unsigned)(rest / 60 % 60), (unsigned)(rest % 60));
	return buf;
}

gboolean
tg_parse_id(const char *s, guint64 *id)
{
	guint64 v = 0;

	if (s == NULL || *s == '\0')
		return FALSE;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return FALSE;
		if (!g_uint64_checked_mul(&v, v, 10) ||
		    !g_uint64_checked_add(&v, v, (guint64)(*s - '0')))
			return FALSE;
	}
	*id = v;
	return TRUE;
}

gint
tg_cmp_u64(gconstpointer a, gconstpointer b)
{
	guint64 x = *(const guint64 *)a, y = *(const guint64 *)b;
	return (x > y) - (x < y);
}

void
tg_sort_unique_u64(GArray *a)
{
	guint64 *v = (guint64 *)(void *)a->data;
	guint w = 0;

	if (a->len)
		qsort(v, a->len, sizeof *v, tg_cmp_u64);
	for (guint i = 0; i < a->len; i++)
		if (w == 0 || v[i] != v[w - 1])
			v[w++] = v[i];
	g_array_set_size(a, w);
}

void
tg_debug_memory(const char *stage)
{
	char *status = NULL, *rss, *hwm;

	if (!g_log_writer_default_would_drop(G_LOG_LEVEL_DEBUG, "talkgraph") &&
	    g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
		rss = strstr(status, "VmRSS:");
		hwm = strstr(status, "VmHWM:");
		if (rss && hwm)
			g_log("talkgraph", G_LOG_LEVEL_DEBUG, "memory %s: resident %.1f MiB, peak %.1f MiB",
			      stage, g_ascii_strtod(rss + 6, NULL) / 1024.0,
			      g_ascii_strtod(hwm + 6, NULL) / 1024.0);
	}
	g_free(status);
}

void
tg_memory_trim(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
