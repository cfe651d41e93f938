/* SPDX-License-Identifier: MIT */
/* tg-gen: the command line of the synthetic archive generator. It parses the options,
 * plans the account (plan.c, plan_dm.c), writes the archive (emit.c) and, when asked,
 * the ground truth (truth.c). The only file that parses argv, prints or exits. */
#include "gen.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage_text[] =
    "usage: tg-gen --tweets N --seed S --out PATH [options]\n"
    "\n"
    "Writes a realistic synthetic Twitter/X archive and, with --truth, what talkgraph must\n"
    "compute for it (every SPEC.md figure). Same arguments, byte-identical files.\n"
    "\n"
    "  --tweets N          tweets (logical: an edited tweet counts once)\n"
    "  --dms N             direct messages, 1:1 and group (default: 2/3 of --tweets)\n"
    "  --followers N       follower.js entries (default: --tweets / 4)\n"
    "  --following N       following.js entries (default: 4/5 of --followers)\n"
    "  --likes N           like.js entries (default: --tweets / 2)\n"
    "  --contacts N        accounts the owner talks with (default: --tweets / 4, at least 40)\n"
    "  --seed S            the seed of everything\n"
    "  --layout L          2022 (default), 2020, 2019, 2018 or grailbird\n"
    "  --zone IANA         the owner's zone (account-timezone.js gets its Rails name)\n"
    "  --owner-autodm      the owner sends template DMs to new followers\n"
    "  --years Y           years of activity (default 6)\n"
    "  --end YYYY-MM-DD    archive date (default: per layout)\n"
    "  --part-bytes B      split tweets into -partN files above B bytes (default 104857600)\n"
    "  --zip-prefix DIR    put everything under one extra top-level folder\n"
    "  --level 0-9         deflate level (default 6, 0 = stored)\n"
    "  --out PATH          x.zip writes a zip, anything else an extracted folder\n"
    "  --truth FILE        write the ground truth (JSON)\n"
    "  --quiet             no summary on stderr\n"
    "  --help              this text\n"
    "\n"
    "Exit status: 0 success, 1 failure, 2 usage error.\n";

static int usage_error(const char *msg)
{
    g_printerr("tg-gen: %s\nusage: tg-gen --tweets N --seed S --out PATH [options]\n"
               "Try 'tg-gen --help'\n",
               msg);
    return 2;
}

static gboolean parse_i64(const char *s, int64_t *out, int64_t lo, int64_t hi)
{
    char *end = NULL;
    gint64 v = g_ascii_strtoll(s, &end, 10);
    if (!s[0] || (end && *end) || v < lo || v > hi)
        return FALSE;
    *out = v;
    return TRUE;
}

int main(int argc, char **argv)
{
    TgOptions o;
    memset(&o, 0, sizeof o);
    o.tweets = o.dms = o.followers = o.following = o.likes = -1;
    o.years = 6.0;
    o.part_bytes = 104857600;
    o.level = 6;
    o.layout = TG_LAYOUT_2022;
    gboolean have_seed = FALSE;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int64_t n;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (!strcmp(a, "--owner-autodm")) {
            o.owner_autodm = TRUE;
            continue;
        }
        if (!strcmp(a, "--quiet")) {
            o.quiet = TRUE;
            continue;
        }
        if (strncmp(a, "--", 2) || !v) {
            char *m = g_strdup_printf("unknown or incomplete option '%s'", a);
            int rc = usage_error(m);
            g_free(m);
            return rc;
        }
        i++;
        gboolean ok = TRUE;
        if (!strcmp(a, "--tweets"))
            ok = parse_i64(v, &o.tweets, 0, 50000000);
        else if (!strcmp(a, "--dms"))
            ok = parse_i64(v, &o.dms, 0, 50000000);
        else if (!strcmp(a, "--followers"))
            ok = parse_i64(v, &o.followers, 0, 50000000);
        else if (!strcmp(a, "--following"))
            ok = parse_i64(v, &o.following, 0, 50000000);
        else if (!strcmp(a, "--likes"))
            ok = parse_i64(v, &o.likes, 0, 50000000);
        else if (!strcmp(a, "--contacts"))
            ok = parse_i64(v, &o.contacts, 1, 20000000);
        else if (!strcmp(a, "--seed")) {
            char *end = NULL;
            o.seed = g_ascii_strtoull(v, &end, 10);
            ok = v[0] && end && !*end;
            have_seed = TRUE;
        } else if (!strcmp(a, "--layout")) {
            static const char *const names[] = {"2022", "2020", "2019", "2018", "grailbird"};
            ok = FALSE;
            for (int k = 0; k < 5; k++)
                if (!strcmp(v, names[k])) {
                    o.layout = (TgLayout)k;
                    ok = TRUE;
                }
        } else if (!strcmp(a, "--zone"))
            o.zone = (char *)v;
        else if (!strcmp(a, "--years")) {
            char *end = NULL;
            o.years = g_ascii_strtod(v, &end);
            ok = end && !*end && o.years >= 0.1 && o.years <= 40;
        } else if (!strcmp(a, "--end"))
            o.end = (char *)v;
        else if (!strcmp(a, "--part-bytes"))
            ok = parse_i64(v, &o.part_bytes, 1024, INT64_MAX / 2);
        else if (!strcmp(a, "--zip-prefix"))
            o.zip_prefix = (char *)v;
        else if (!strcmp(a, "--level")) {
            int64_t lv;
            ok = parse_i64(v, &lv, 0, 9);
            o.level = (int)lv;
        } else if (!strcmp(a, "--out"))
            o.out = (char *)v;
        else if (!strcmp(a, "--truth"))
            o.truth = (char *)v;
        else {
            char *m = g_strdup_printf("unknown option '%s'", a);
            int rc = usage_error(m);
            g_free(m);
            return rc;
        }
        if (!ok) {
            char *m = g_strdup_printf("bad value '%s' for %s", v, a);
            int rc = usage_error(m);
            g_free(m);
            return rc;
        }
        (void)n;
    }
    if (o.tweets < 0)
        return usage_error("--tweets is required");
    if (!have_seed)
        return usage_error("--seed is required");
    if (!o.out)
        return usage_error("--out is required");
    if (o.zip_prefix && (!o.zip_prefix[0] || strchr(o.zip_prefix, '/')))
        return usage_error("--zip-prefix takes one folder name");
    if (o.dms < 0)
        o.dms = o.layout == TG_LAYOUT_GRAIL ? 0 : o.tweets * 2 / 3;
    if (o.followers < 0)
        o.followers = o.layout == TG_LAYOUT_GRAIL ? 0 : o.tweets / 4;
    if (o.following < 0)
        o.following = o.layout == TG_LAYOUT_GRAIL ? 0 : o.followers * 4 / 5;
    if (o.likes < 0)
        o.likes = o.layout == TG_LAYOUT_GRAIL ? 0 : o.tweets / 2;
    if (o.layout == TG_LAYOUT_GRAIL)
        o.dms = o.followers = o.following = o.likes = 0;
    /* libzip writes DOS times through localtime(): pin the zone for identical bytes */
    g_setenv("TZ", "UTC", TRUE);
    tzset();

    GError *error = NULL;
    TgPlan plan;
    TgEmitted em;
    memset(&em, 0, sizeof em);
    int rc = 0;
    gint64 t0 = g_get_monotonic_time();
    if (!tg_plan_build(&plan, &o, &error)) {
        g_printerr("%s\n", error->message);
        g_error_free(error);
        tg_plan_clear(&plan);
        return 1;
    }
    gint64 t1 = g_get_monotonic_time();
    if (!tg_emit(&plan, &em, &error)) {
        g_printerr("%s\n", error->message);
        g_clear_error(&error);
        rc = 1;
    }
    gint64 t2 = g_get_monotonic_time();
    if (rc == 0 && o.truth && !tg_truth_write(&plan, &em, o.truth, &error)) {
        g_printerr("%s\n", error->message);
        g_clear_error(&error);
        rc = 1;
    }
    gint64 t3 = g_get_monotonic_time();
    if (rc == 0 && o.truth && !plan.chats_as_planted && !o.quiet)
        g_printerr("tg-gen: warning: the recurring chats of the figures are not exactly the planted ones\n");
    if (rc == 0 && !o.quiet)
        g_printerr("tg-gen: %s: %u tweets (%" G_GINT64_FORMAT " elements), %u DM events in %u "
                   "conversations, %u followers, %u following, %u contacts planned "
                   "(plan %.2fs, write %.2fs, truth %.2fs)\n",
                   o.out, plan.ntweets, (gint64)em.tweet_elements, plan.msgs->len, plan.convs->len,
                   plan.followers->len, plan.following->len, plan.contacts->len, (t1 - t0) / 1e6,
                   (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    tg_emitted_clear(&em);
    tg_plan_clear(&plan);
    tg_render_release();
    return rc;
}
