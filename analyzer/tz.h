/* SPDX-License-Identifier: MIT */
/* The owner's time zone (SPEC.md "Time"): resolved from --tz, from the
 * archive's account-timezone.js (a Rails name or an IANA name) or UTC, and
 * a fast conversion of UTC milliseconds to local calendar fields (month, ISO
 * week, weekday, hour) for per-record use. */
#ifndef TG_TZ_H
#define TG_TZ_H

#include "util.h"

typedef struct tg_tz tg_tz;

/* Where the zone came from. */
typedef enum tg_tz_source {
	TG_TZ_DEFAULT,  /* no --tz and no account-timezone.js: UTC */
	TG_TZ_OPTION,   /* --tz */
	TG_TZ_ACCOUNT,  /* account-timezone.js */
	TG_TZ_FALLBACK  /* account-timezone.js named an unknown zone: UTC */
} tg_tz_source;

/* Local calendar fields of one instant. */
typedef struct tg_local {
	gint year, month, day; /* month 1..12, day 1..31 */
	gint weekday;          /* 0 = Monday .. 6 = Sunday */
	gint hour;             /* 0..23 */
	gint32 month_key;      /* year * 12 + (month - 1): months as consecutive integers */
	gint32 week_key;       /* days since 1970-01-01 of the Monday of the ISO week: one
	                          value per ISO week, consecutive weeks 7 apart */
} tg_local;

/* The Rails time-zone name NAME ("Madrid", "Eastern Time (US & Canada)")
 * mapped to its IANA zone ("Europe/Madrid"), or NULL when NAME is not a Rails
 * name (ASCII case is ignored). The table is built in (from
 * shared/rails-timezones.tsv); the result is a static string. */
const char *tg_tz_rails_to_iana(const char *name);

/* Resolves the zone per SPEC.md: OPTION_TZ (--tz, an IANA name; may be NULL)
 * wins; else ACCOUNT_TZ (account-timezone.js as written, a Rails or IANA
 * name; may be NULL); else UTC. An unknown OPTION_TZ is an error
 * (TG_ERROR_USAGE: "unknown time zone 'X'"); an unknown ACCOUNT_TZ falls back
 * to UTC and sets *WARNING (newly allocated, g_free; WARNING may be NULL) to
 * "unknown time zone 'X' in account-timezone.js: using UTC".
 * Returns a zone to free with tg_tz_free(), or NULL with ERROR set. */
tg_tz *tg_tz_resolve(const char *option_tz, const char *account_tz, char **warning, GError **error);

/* UTC. Never fails. */
tg_tz *tg_tz_new_utc(void);

/* An IANA identifier; NULL when GLib does not know it (no error). */
tg_tz *tg_tz_new_iana(const char *identifier);

void tg_tz_free(tg_tz *tz);

/* The IANA name in use ("Europe/Madrid", "UTC"), the name as written in the
 * input (NULL for TG_TZ_DEFAULT) and the source. Borrowed; live as long as TZ. */
const char *tg_tz_name(const tg_tz *tz);
const char *tg_tz_given(const tg_tz *tz);
tg_tz_source tg_tz_get_source(const tg_tz *tz);
/* "default", "--tz", "account-timezone.js", "fallback". */
const char *tg_tz_source_name(tg_tz_source s);

/* Offset east of UTC in seconds at the instant MS (UTC milliseconds).
 * A zone holds a table of its transitions between 1900 and 2200 (built once
 * in tg_tz_resolve); lookups binary-search it, or, with a CURSOR, first try
 * the interval of the previous lookup. TZ is read-only after creation and can
 * be shared by threads, each with its own cursor (CURSOR may be NULL). */
typedef struct tg_tz_cursor {
	gint64 lo, hi; /* the cached interval [lo, hi) in UTC seconds */
	gint32 offset;
	gboolean valid;
} tg_tz_cursor;

gint32 tg_tz_offset(const tg_tz *tz, tg_tz_cursor *cursor, gint64 ms);

/* Local fields of the instant MS. O(log transitions), no allocation. */
void tg_tz_local(const tg_tz *tz, tg_tz_cursor *cursor, gint64 ms, tg_local *out);

/* Pure calendar helpers on UTC-free local values. */
/* "YYYY-MM" of a month key into BUF (at least 8 bytes); returns BUF. */
char *tg_month_key_format(gint32 month_key, char *buf);
/* "Mon".."Sun" for 0..6. */
const char *tg_weekday_name(gint weekday);

#endif
