/* SPDX-License-Identifier: MIT */
/* tg-gen: the command line of the synthetic archive generator. It parses the options,
 * plans the account (plan.c, plan_dm.c), writes the archive (emit.c) and, when asked,
 * the ground truth (truth.c); in pair mode (pair.c) a second archive whose owner talks
 * with the first. The only file that parses argv, prints or exits. */
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
    "Pair mode: a second archive whose owner talks with this one (replies, mentions, quotes,\n"
    "one DM conversation, follows, shared contacts); not with grailbird, --tweets >= 100.\n"
    "Its other options are those given for the first.\n"
    "  --peer-out PATH     write it to PATH\n"
    "  --peer-truth FILE   and its ground truth\n"
    "  --peer-seed S       its seed (default: --seed + 1)\n"
    "  --peer-layout L     its layout (default: --layout)\n"
    "  --peer-zone IANA    its owner's zone (default UTC)\n"
    "  --peer-end DATE     its archive date (default: per its layout)\n"
    "  --peer-tweets N     its tweets (default: --tweets)\n"
    "  --peer-dms N        its direct messages (default: --dms, else 2/3 of its tweets)\n"
    "  --peer-follows W    both, out (this owner follows the peer), in, none (default: drawn)\n"
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

static gboolean parse_seed(const char *v, uint64_t *out)
{
    char *end = NULL;
    *out = g_ascii_strtoull(v, &end, 10);
    return v[0] && end && !*end;
}

static gboolean parse_layout(const char *v, TgLayout *out)
{
    static const char *const names[] = {"2022", "2020", "2019", "2018", "grailbird"};
    for (int k = 0; k < 5; k++)
        if (!strcmp(v, names[k])) {
            *out = (TgLayout)k;
            return TRUE;
        }
    return FALSE;
}

/* The sizes not given, from --tweets and the layout. */
static void apply_defaults(TgOptions *o)
{
    if (o->dms < 0)
        o->dms = o->layout == TG_LAYOUT_GRAIL ? 0 : o->tweets * 2 / 3;
    if (o->followers < 0)
        o->followers = o->layout == TG_LAYOUT_GRAIL ? 0 : o->tweets / 4;
    if (o->following < 0)
        o->following = o->layout == TG_LAYOUT_GRAIL ? 0 : o->followers * 4 / 5;
    if (o->likes < 0)
        o->likes = o->layout == TG_LAYOUT_GRAIL ? 0 : o->tweets / 2;
    if (o->layout == TG_LAYOUT_GRAIL)
        o->dms = o->followers = o->following = o->likes = 0;
}

/* Plans, writes and tallies one archive; in pair mode hands what the second archive needs
 * from the first to NEXT before the plan goes. Returns the exit status. */
static int generate(TgOptions *o, TgPair *pair, TgOptions *next)
{
    GError *error = NULL;
    TgPlan plan;
    TgEmitted em;
    memset(&em, 0, sizeof em);
    int rc = 0;
    gint64 t0 = g_get_monotonic_time();
    if (!tg_plan_build(&plan, o, &error)) {
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
    if (rc == 0 && o->truth && !tg_truth_write(&plan, &em, o->truth, &error)) {
        g_printerr("%s\n", error->message);
        g_clear_error(&error);
        rc = 1;
    }
    gint64 t3 = g_get_monotonic_time();
    if (rc == 0 && o->truth && !plan.chats_as_planted && !o->quiet)
        g_printerr("tg-gen: warning: the recurring chats of the figures are not exactly the planted ones\n");
    if (rc == 0 && !o->quiet)
        g_printerr("tg-gen: %s: %u tweets (%" G_GINT64_FORMAT " elements), %u DM events in %u "
                   "conversations, %u followers, %u following, %u contacts planned "
                   "(plan %.2fs, write %.2fs, truth %.2fs)\n",
                   o->out, plan.ntweets, (gint64)em.tweet_elements, plan.msgs->len, plan.convs->len,
                   plan.followers->len, plan.following->len, plan.contacts->len, (t1 - t0) / 1e6,
                   (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    if (rc == 0 && pair && next)
        tg_pair_take_first(pair, &plan, next);
    tg_emitted_clear(&em);
    tg_plan_clear(&plan);
    tg_render_release();
    return rc;
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
    /* pair mode */
    char *peer_out = NULL, *peer_truth = NULL, *peer_zone = NULL, *peer_end = NULL;
    uint64_t peer_seed = 0;
    gboolean have_peer_seed = FALSE, have_peer_layout = FALSE, any_peer = FALSE;
    TgLayout peer_layout = TG_LAYOUT_2022;
    int64_t peer_tweets = -1, peer_dms = -1;
    TgFollowMode peer_follows = TG_FOLLOW_DRAWN;

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
            ok = parse_seed(v, &o.seed);
            have_seed = TRUE;
        } else if (!strcmp(a, "--layout")) {
            ok = parse_layout(v, &o.layout);
        } else if (!strncmp(a, "--peer-", 7)) {
            any_peer = TRUE;
            if (!strcmp(a, "--peer-out"))
                peer_out = (char *)v;
            else if (!strcmp(a, "--peer-truth"))
                peer_truth = (char *)v;
            else if (!strcmp(a, "--peer-seed")) {
                ok = parse_seed(v, &peer_seed);
                have_peer_seed = TRUE;
            } else if (!strcmp(a, "--peer-layout")) {
                ok = parse_layout(v, &peer_layout);
                have_peer_layout = TRUE;
            } else if (!strcmp(a, "--peer-zone"))
                peer_zone = (char *)v;
            else if (!strcmp(a, "--peer-end"))
                peer_end = (char *)v;
            else if (!strcmp(a, "--peer-tweets"))
                ok = parse_i64(v, &peer_tweets, 0, 50000000);
            else if (!strcmp(a, "--peer-dms"))
                ok = parse_i64(v, &peer_dms, 0, 50000000);
            else if (!strcmp(a, "--peer-follows")) {
                static const char *const modes[] = {"both", "out", "in", "none"};
                ok = FALSE;
                for (int k = 0; k < 4; k++)
                    if (!strcmp(v, modes[k])) {
                        peer_follows = (TgFollowMode)(TG_FOLLOW_BOTH + k);
                        ok = TRUE;
                    }
            } else {
                char *m = g_strdup_printf("unknown option '%s'", a);
                int rc = usage_error(m);
                g_free(m);
                return rc;
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
    if (any_peer && !peer_out)
        return usage_error("the --peer-* options need --peer-out");
    /* the peer: everything as given for the first, but its own seed, layout, zone, date
     * and paths, and no owner auto-DMs or zip prefix */
    TgOptions ob = o;
    if (peer_out) {
        ob.seed = have_peer_seed ? peer_seed : o.seed + 1;
        ob.layout = have_peer_layout ? peer_layout : o.layout;
        ob.zone = peer_zone;
        ob.end = peer_end;
        ob.out = peer_out;
        ob.truth = peer_truth;
        ob.zip_prefix = NULL;
        ob.owner_autodm = FALSE;
        if (peer_tweets >= 0)
            ob.tweets = peer_tweets;
        if (peer_dms >= 0)
            ob.dms = peer_dms;
        if (o.layout == TG_LAYOUT_GRAIL || ob.layout == TG_LAYOUT_GRAIL)
            return usage_error("pair mode needs DMs and follows: not with the grailbird layout");
        if (o.tweets < 100 || ob.tweets < 100)
            return usage_error("pair mode needs --tweets (and --peer-tweets) of 100 or more");
        if (!strcmp(peer_out, o.out) || (peer_truth && o.truth && !strcmp(peer_truth, o.truth)))
            return usage_error("--peer-out and --peer-truth must differ from --out and --truth");
        apply_defaults(&ob);
    }
    apply_defaults(&o);
    /* libzip writes DOS times through localtime(): pin the zone for identical bytes */
    g_setenv("TZ", "UTC", TRUE);
    tzset();

    if (!peer_out)
        return generate(&o, NULL, NULL);
    GError *error = NULL;
    TgPair pair;
    if (!tg_pair_init(&pair, &o, &ob, peer_follows, &error)) {
        g_printerr("%s\n", error->message);
        g_error_free(error);
        tg_pair_clear(&pair);
        return 1;
    }
    for (int k = 0; k < 2 && !o.quiet; k++)
        if (pair.known_by_old_name[k])
            g_printerr("tg-gen: note: the two archives share no time after @%s took that handle: the "
                       "other one names that owner @%s only\n",
                       pair.known_by_old_name[k]->sn, pair.known_by_old_name[k]->old_sn);
    int rc = generate(&o, &pair, &ob);
    if (rc == 0)
        rc = generate(&ob, NULL, NULL);
    tg_pair_clear(&pair);
    return rc;
}
