/* SPDX-License-Identifier: MIT */
/* tg-gen: calendar arithmetic without gmtime/localtime (proleptic Gregorian, UTC), the
 * date formats of every archive generation, and the owner's zone: GLib's GTimeZone behind
 * a per-quarter-hour offset cache, plus the Rails zone names of account-timezone.js. */
#include "gen.h"

#include <string.h>

/* From ../shared/rails-timezones.tsv (Rails ActiveSupport::TimeZone::MAPPING). */
static const struct {
    const char *rails, *iana;
} rails_table[] = {
#define TG_RAILS_ZONE(rails, iana) {rails, iana},
#include "rails_zones.def"
#undef TG_RAILS_ZONE
};

const char *tg_rails_name(const char *iana)
{
    if (!iana || !strcmp(iana, "UTC") || !strcmp(iana, "Etc/UTC"))
        return "UTC";
    const char *city = strrchr(iana, '/');
    city = city ? city + 1 : iana;
    const char *first = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(rails_table); i++) {
        if (strcmp(rails_table[i].iana, iana))
            continue;
        if (!first)
            first = rails_table[i].rails;
        /* "Europe/Madrid" -> "Madrid", "America/Sao_Paulo" -> "Sao Paulo" style matches */
        gsize n = strlen(rails_table[i].rails);
        gboolean same = n == strlen(city);
        for (gsize k = 0; same && k < n; k++) {
            char a = rails_table[i].rails[k], b = city[k];
            if (!(a == b || (a == ' ' && b == '_')))
                same = FALSE;
        }
        if (same)
            return rails_table[i].rails;
    }
    return first;
}

int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tg_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t yy = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

void tg_tm_from_unix(TgTm *tm, int64_t t)
{
    int64_t days = floordiv(t, 86400);
    int64_t rem = t - days * 86400;
    tg_civil_from_days(days, &tm->y, &tm->mo, &tm->d);
    tm->h = (int)(rem / 3600);
    tm->mi = (int)(rem / 60 % 60);
    tm->s = (int)(rem % 60);
    /* 1970-01-01 was a Thursday (3 with Monday = 0) */
    tm->wday = (int)(((days % 7) + 7 + 3) % 7);
}

static const char *const wdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void tg_fmt_twitter(char buf[40], int64_t t)
{
    TgTm tm;
    tg_tm_from_unix(&tm, t);
    g_snprintf(buf, 40, "%s %s %02d %02d:%02d:%02d +0000 %04d", wdays[tm.wday], months[tm.mo - 1],
               tm.d, tm.h, tm.mi, tm.s, tm.y);
}

void tg_fmt_grail_new(char buf[40], int64_t t)
{
    TgTm tm;
    tg_tm_from_unix(&tm, t);
    g_snprintf(buf, 40, "%04d-%02d-%02d %02d:%02d:%02d +0000", tm.y, tm.mo, tm.d, tm.h, tm.mi, tm.s);
}

void tg_fmt_iso_ms(char buf[40], int64_t ms)
{
    TgTm tm;
    int64_t s = floordiv(ms, 1000);
    tg_tm_from_unix(&tm, s);
    g_snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.y, tm.mo, tm.d, tm.h, tm.mi, tm.s,
               (int)(ms - s * 1000));
}

void tg_fmt_iso_s(char buf[40], int64_t t)
{
    TgTm tm;
    tg_tm_from_unix(&tm, t);
    g_snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.y, tm.mo, tm.d, tm.h, tm.mi, tm.s);
}

gboolean tg_parse_date(const char *s, int64_t *t_out)
{
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return FALSE;
    *t_out = tg_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
    return TRUE;
}

#define QUARTER 900

gboolean tg_zone_init(TgZone *z, const char *iana, int64_t from, int64_t to, GError **error)
{
    memset(z, 0, sizeof *z);
    if (!iana || !strcmp(iana, "UTC") || !strcmp(iana, "Etc/UTC")) {
        z->iana = g_strdup("Etc/UTC");
        z->tz = g_time_zone_new_utc();
        z->rails = g_strdup("UTC");
    } else {
        z->tz = g_time_zone_new_identifier(iana);
        if (!z->tz) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                        "tg-gen: unknown time zone '%s'", iana);
            return FALSE;
        }
        z->iana = g_strdup(iana);
        const char *r = tg_rails_name(iana);
        /* a zone Rails does not name is written as its IANA name (SPEC.md takes it as is) */
        z->rails = g_strdup(r ? r : iana);
    }
    from -= 2 * 86400;
    to += 2 * 86400;
    z->base = floordiv(from, QUARTER) * QUARTER;
    z->n = (uint32_t)((to - z->base) / QUARTER + 1);
    z->off = g_new(int32_t, z->n);
    for (uint32_t i = 0; i < z->n; i++)
        z->off[i] = INT32_MIN;
    return TRUE;
}

void tg_zone_clear(TgZone *z)
{
    if (z->tz)
        g_time_zone_unref(z->tz);
    g_free(z->iana);
    g_free(z->rails);
    g_free(z->off);
    memset(z, 0, sizeof *z);
}

static int32_t offset_slow(TgZone *z, int64_t utc)
{
    gint iv = g_time_zone_find_interval(z->tz, G_TIME_TYPE_UNIVERSAL, utc);
    return iv < 0 ? 0 : g_time_zone_get_offset(z->tz, iv);
}

int32_t tg_zone_offset(TgZone *z, int64_t utc)
{
    int64_t slot = floordiv(utc - z->base, QUARTER);
    if (slot < 0 || slot >= z->n)
        return offset_slow(z, utc);
    if (z->off[slot] == INT32_MIN)
        z->off[slot] = offset_slow(z, z->base + slot * QUARTER);
    return z->off[slot];
}

int64_t tg_zone_local(TgZone *z, int64_t utc)
{
    return utc + tg_zone_offset(z, utc);
}

int64_t tg_zone_to_utc(TgZone *z, int64_t local)
{
    int64_t guess = local - tg_zone_offset(z, local);
    return local - tg_zone_offset(z, guess);
}
