/* SPDX-License-Identifier: MIT */
/* The owner's time zone: --tz, account-timezone.js (Rails or IANA names) or
 * UTC, and UTC milliseconds to local month / ISO week / weekday / hour
 * through a transition table built once per zone, so that the per-record
 * path never allocates or walks GLib's interval list. */
#include "tz.h"

#include <string.h>

/* Rails ActiveSupport::TimeZone names and their IANA zones, from
 * shared/rails-timezones.tsv, sorted by name in byte order (bsearch). */
typedef struct rails_zone {
	const char *rails, *iana;
} rails_zone;

static const rails_zone rails_zones[] = {
#define TG_RAILS_ZONE(rails, iana) {rails, iana},
#include "rails_zones.def"
#undef TG_RAILS_ZONE
};

/* The table covers [TABLE_FROM, TABLE_TO) in UTC seconds; outside it GLib is
 * asked directly. 1900-01-01 .. 2200-01-01. */
#define TABLE_FROM G_GINT64_CONSTANT(-2208988800)
#define TABLE_TO G_GINT64_CONSTANT(7258118400)
#define DAY_S 86400

struct tg_tz {
	char *name;          /* IANA name in use */
	char *given;         /* as written in the input, NULL for the default */
	tg_tz_source source;
	GTimeZone *gtz;
	/* Transitions: from STARTS[i] (UTC seconds) the offset is OFFSETS[i];
	 * STARTS[0] is TABLE_FROM. */
	GArray *starts;  /* gint64 */
	GArray *offsets; /* gint32 */
};

static int cmp_rails(const void *key, const void *elem)
{
	return strcmp(key, ((const rails_zone *)elem)->rails);
}

const char *tg_tz_rails_to_iana(const char *name)
{
	const rails_zone *z;

	if (!name)
		return NULL;
	z = bsearch(name, rails_zones, G_N_ELEMENTS(rails_zones), sizeof rails_zones[0], cmp_rails);
	if (z)
		return z->iana;
	/* "madrid", "EASTERN TIME (US & CANADA)": a hand-edited name. */
	for (guint i = 0; i < G_N_ELEMENTS(rails_zones); i++)
		if (g_ascii_strcasecmp(name, rails_zones[i].rails) == 0)
			return rails_zones[i].iana;
	return NULL;
}

static gint32 glib_offset(GTimeZone *gtz, gint64 sec)
{
	gint interval = g_time_zone_find_interval(gtz, G_TIME_TYPE_UNIVERSAL, sec);
	return interval < 0 ? 0 : g_time_zone_get_offset(gtz, interval);
}

/* Walks the table's range a day at a time and pins each change of offset
 * to the second by bisection. Two transitions within one day (none in the
 * tz database since 1900 that return to the same offset) would be missed. */
static void build_table(tg_tz *tz)
{
	gint64 day;
	gint32 off;

	tz->starts = g_array_new(FALSE, FALSE, sizeof(gint64));
	tz->offsets = g_array_new(FALSE, FALSE, sizeof(gint32));
	day = TABLE_FROM;
	off = glib_offset(tz->gtz, day);
	g_array_append_val(tz->starts, day);
	g_array_append_val(tz->offsets, off);
	if (strcmp(tz->name, "UTC") == 0 || strcmp(tz->name, "Etc/UTC") == 0)
		return;
	for (; day < TABLE_TO; day += DAY_S) {
		gint32 next = glib_offset(tz->gtz, day + DAY_S);
		gint64 lo = day, hi = day + DAY_S;

		if (next == off)
			continue;
		while (hi - lo > 1) {
			gint64 mid = lo + (hi - lo) / 2;
			if (glib_offset(tz->gtz, mid) == off)
				lo = mid;
			else
				hi = mid;
		}
		off = next;
		g_array_append_val(tz->starts, hi);
		g_array_append_val(tz->offsets, off);
	}
}

static tg_tz *tz_new(GTimeZone *gtz, const char *name, const char *given, tg_tz_source source)
{
	tg_tz *tz = g_new0(tg_tz, 1);
	tz->gtz = gtz;
	tz->name = g_strdup(name);
	tz->given = g_strdup(given);
	tz->source = source;
	build_table(tz);
	return tz;
}

/* GLib also accepts absolute paths and offsets like "+01:00" as
 * identifiers; an IANA name is letters, digits and "_+-/" without "..". */
static gboolean iana_shaped(const char *s)
{
	if (!s || !*s || *s == '/' || strstr(s, ".."))
		return FALSE;
	for (const char *p = s; *p; p++)
		if (!g_ascii_isalnum(*p) && !strchr("_+-/", *p))
			return FALSE;
	return g_ascii_isalpha(*s);
}

tg_tz *tg_tz_new_iana(const char *identifier)
{
	GTimeZone *gtz;

	if (!iana_shaped(identifier))
		return NULL;
	gtz = g_time_zone_new_identifier(identifier);
	if (!gtz)
		return NULL;
	return tz_new(gtz, identifier, identifier, TG_TZ_ACCOUNT);
}

tg_tz *tg_tz_new_utc(void)
{
	return tz_new(g_time_zone_new_utc(), "UTC", NULL, TG_TZ_DEFAULT);
}

tg_tz *tg_tz_resolve(const char *option_tz, const char *account_tz, char **warning, GError **error)
{
	tg_tz *tz = NULL;
	const char *iana;

	if (warning)
		*warning = NULL;
	if (option_tz) {
		tz = tg_tz_new_iana(option_tz);
		if (!tz) {
			g_set_error(error, TG_ERROR, TG_ERROR_USAGE, "unknown time zone '%s'", option_tz);
			return NULL;
		}
		tz->source = TG_TZ_OPTION;
		return tz;
	}
	if (!account_tz || !*account_tz)
		return tg_tz_new_utc();
	iana = tg_tz_rails_to_iana(account_tz);
	tz = tg_tz_new_iana(iana ? iana : account_tz);
	if (tz) {
		g_free(tz->given);
		tz->given = g_strdup(account_tz);
		tz->source = TG_TZ_ACCOUNT;
		return tz;
	}
	if (warning)
		*warning = g_strdup_printf("unknown time zone '%s' in account-timezone.js: using UTC",
		                           account_tz);
	tz = tg_tz_new_utc();
	tz->given = g_strdup(account_tz);
	tz->source = TG_TZ_FALLBACK;
	return tz;
}

void tg_tz_free(tg_tz *tz)
{
	if (!tz)
		return;
	g_free(tz->name);
	g_free(tz->given);
	g_time_zone_unref(tz->gtz);
	g_array_free(tz->starts, TRUE);
	g_array_free(tz->offsets, TRUE);
	g_free(tz);
}

const char *tg_tz_name(const tg_tz *tz)
{
	return tz->name;
}

const char *tg_tz_given(const tg_tz *tz)
{
	return tz->given;
}

tg_tz_source tg_tz_get_source(const tg_tz *tz)
{
	return tz->source;
}

const char *tg_tz_source_name(tg_tz_source s)
{
	switch (s) {
	case TG_TZ_OPTION:
		return "--tz";
	case TG_TZ_ACCOUNT:
		return "account-timezone.js";
	case TG_TZ_FALLBACK:
		return "fallback";
	case TG_TZ_DEFAULT:
		break;
	}
	return "default";
}

static gint64 floor_div(gint64 a, gint64 b)
{
	gint64 q = a / b;
	return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

gint32 tg_tz_offset(const tg_tz *tz, tg_tz_cursor *cursor, gint64 ms)
{
	gint64 sec = floor_div(ms, 1000);
	const gint64 *starts = (const gint64 *)tz->starts->data;
	guint n = tz->starts->len, lo = 0, hi = n;

	if (cursor && cursor->valid && sec >= cursor->lo && sec < cursor->hi)
		return cursor->offset;
	if (sec < TABLE_FROM || sec >= TABLE_TO)
		return glib_offset(tz->gtz, sec);
	/* The last start <= SEC; STARTS[0] == TABLE_FROM <= SEC. */
	while (hi - lo > 1) {
		guint mid = lo + (hi - lo) / 2;
		if (starts[mid] <= sec)
			lo = mid;
		else
			hi = mid;
	}
	if (cursor) {
		cursor->lo = starts[lo];
		cursor->hi = lo + 1 < n ? starts[lo + 1] : TABLE_TO;
		cursor->offset = g_array_index(tz->offsets, gint32, lo);
		cursor->valid = TRUE;
	}
	return g_array_index(tz->offsets, gint32, lo);
}

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days). */
static void civil_from_days(gint64 z, gint *y, gint *m, gint *d)
{
	gint64 era, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yy = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = yoe - (365 * yy + yy / 4 - yy / 100);
	mp = (5 * doy + 2) / 153;
	*d = (gint)(doy - (153 * mp + 2) / 5 + 1);
	*m = (gint)(mp < 10 ? mp + 3 : mp - 9);
	*y = (gint)(yy + era * 400 + (*m <= 2));
}

void tg_tz_local(const tg_tz *tz, tg_tz_cursor *cursor, gint64 ms, tg_local *out)
{
	gint64 local = floor_div(ms, 1000) + tg_tz_offset(tz, cursor, ms);
	gint64 days = floor_div(local, DAY_S);
	gint64 sod = local - days * DAY_S;

	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (gint)(sod / 3600);
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	out->weekday = (gint)(((days + 3) % 7 + 7) % 7);
	out->month_key = (gint32)(out->year * 12 + out->month - 1);
	out->week_key = (gint32)(days - out->weekday);
}

char *tg_month_key_format(gint32 month_key, char *buf)
{
	gint32 y = month_key / 12, m = month_key % 12 + 1;
	g_snprintf(buf, 8, "%04d-%02d", (int)CLAMP(y, 0, 9999), (int)m);
	return buf;
}

const char *tg_weekday_name(gint weekday)
{
	static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	return weekday >= 0 && weekday < 7 ? names[weekday] : "?";
}
