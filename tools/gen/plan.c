/* SPDX-License-Identifier: MIT */
/* tg-gen: plans the owner's tweets. It creates the owner and a heavy-tailed population of
 * contacts (Zipf strength, relationships that start and end), lays the tweets over the
 * years with a daily and weekly rhythm in the owner's zone, and plants every situation the
 * truth must cover: reply runs, deliberate mentions, deleted and renamed accounts, quote
 * url forms, retweet-only and context-only contacts, dormant ties, circles, weekly chats;
 * in pair mode, the talk with the other archive's owner and the contacts both share. */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_OWNER = 1,
    S_CONTACTS,
    S_TIMES,
    S_KINDS,
    S_SPECIAL,
    S_TAGS,
    S_IDS,
    S_PEER = 50
};

#define DAY 86400
#define YEAR_S (365 * DAY)

static const char *const filler_tags[] = {
    "python", "rust", "javascript", "opensource", "devops", "gamedev", "100DaysOfCode", "FF",
    "running", "a11y", "data", "indiedev", "WebDev", "linux", "design", "music", "books",
    "travel", "café", "MondayMotivation", "photography", "coffee",
};

typedef struct {
    TgPlan *p;
    TgRng r;
    TgAlias zipf;            /* over the ordinary contacts */
    uint32_t nord;           /* ordinary contacts: indices [0, nord) */
    GArray *special;         /* TgTweet planted at fixed times */
    GHashTable *ids;         /* account ids in use */
    GHashTable *handles;     /* lower-case handles in use */
    TgAlias tagz;
    uint32_t context_only[3], retweet_only[3], quote_only[2], deleted[2];
    int n_context_only, n_retweet_only, n_quote_only, n_deleted;
    int ctx_quota[3], rt_quota[3];
} Planner;

/* ------------------------------------------------------------------ accessors */

const char *tg_contact_sn_at(const TgContact *c, int64_t t)
{
    if (c->old_sn && t < c->rename_at)
        return c->old_sn;
    return c->sn;
}

const char *tg_contact_disp_at(const TgContact *c, int64_t t)
{
    if (c->old_disp && t < c->disp_at)
        return c->old_disp;
    return c->disp;
}

const char *tg_account_sn_at(TgPlan *p, uint32_t who, int64_t t)
{
    if (who == TG_OWNER)
        return t < p->owner_renamed ? p->owner_old_sn : p->owner_sn;
    return tg_contact_sn_at(tg_contact(p, who), t);
}

const char *tg_account_disp_at(TgPlan *p, uint32_t who, int64_t t)
{
    if (who == TG_OWNER)
        return p->owner_disp;
    return tg_contact_disp_at(tg_contact(p, who), t);
}

const char *tg_account_idstr(TgPlan *p, uint32_t who)
{
    return who == TG_OWNER ? p->owner_idstr : tg_contact(p, who)->idstr;
}

void tg_quote_name(TgPlan *p, const TgTweet *tw, char out[32])
{
    const TgContact *c = tg_contact(p, tw->target);
    const char *n = (tw->var & TG_V_QUOTE_OLD) && c->old_sn ? c->old_sn : tg_contact_sn_at(c, tw->t);
    g_strlcpy(out, n, 32);
    if (tw->var & TG_V_QUOTE_CASE) {
        /* flip the case of every letter: "pypatel" -> "PYPATEL", "Realx" -> "rEALX" */
        for (char *s = out; *s; s++)
            *s = g_ascii_isupper(*s) ? g_ascii_tolower(*s) : g_ascii_toupper(*s);
    }
}

#define TWEPOCH 1288834974657LL

uint64_t tg_snowflake(int64_t ms, unsigned worker, unsigned seq)
{
    return ((uint64_t)(ms - TWEPOCH) << 22) | ((uint64_t)(worker & 0x3FF) << 12) | (seq & 0xFFF);
}

/* Before snowflakes (2010-11-04) status ids were sequential; they stay far below 2^53. */
uint64_t tg_tweet_id_at(int64_t t, uint32_t salt, TgRng *r)
{
    int64_t ms = t * 1000 + (int64_t)tg_rng_below(r, 1000);
    if (ms >= TWEPOCH + 1000)
        return tg_snowflake(ms, 7, salt);
    const int64_t t0 = 1142899200; /* 2006-03-21 */
    double f = (double)(t - t0) / (double)(1288834974 - t0);
    if (f < 0)
        f = 0;
    return 20 + (uint64_t)(f * f * 2.9e10) + (uint64_t)(t % 997) * 13 + (salt % 13);
}

int tg_tweet_versions(TgPlan *p, const TgTweet *tw, uint64_t ids[4], int64_t times[4])
{
    int n = tw->nver ? tw->nver : 1;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed ^ tw->id, 77);
    int64_t t = tw->t;
    for (int k = n - 1; k >= 0; k--) {
        times[k] = t;
        ids[k] = k == n - 1 ? tw->id : tg_snowflake(t * 1000 + (int64_t)tg_rng_below(&r, 1000), 8,
                                                  (unsigned)(tw->id & 0xFFF));
        t -= tg_rng_range(&r, 60, 900);
    }
    return n;
}

/* ------------------------------------------------------------------ contacts */

static uint64_t new_account_id(Planner *pl, int64_t created)
{
    for (;;) {
        uint64_t id;
        double u = tg_rng_unit(&pl->r);
        if (created < 1230768000 || u < 0.25) /* before 2009: short ids */
            id = (uint64_t)tg_rng_range(&pl->r, 100000, 999999999);
        else if (created < 1420070400 || u < 0.6)
            id = (uint64_t)tg_rng_range(&pl->r, 1000000000, 4294967295LL);
        else
            id = tg_snowflake(created * 1000 + (int64_t)tg_rng_below(&pl->r, 1000),
                              (unsigned)tg_rng_below(&pl->r, 1024), (unsigned)tg_rng_below(&pl->r, 4096));
        if (id == pl->p->owner_id || g_hash_table_contains(pl->ids, &id))
            continue;
        uint64_t *k = g_new(uint64_t, 1);
        *k = id;
        g_hash_table_add(pl->ids, k);
        return id;
    }
}

static uint32_t add_contact(Planner *pl, uint32_t flags, gboolean handle)
{
    TgPlan *p = pl->p;
    TgContact c;
    memset(&c, 0, sizeof c);
    int64_t created = p->start - (int64_t)tg_rng_below(&pl->r, 6 * YEAR_S);
    if (tg_rng_chance(&pl->r, 0.3))
        created = p->start + (int64_t)tg_rng_below(&pl->r, (uint64_t)(p->end - p->start));
    c.id = new_account_id(pl, created);
    g_snprintf(c.idstr, sizeof c.idstr, "%" G_GUINT64_FORMAT, (guint64)c.id);
    if (handle) {
        c.sn = tg_make_handle(&pl->r, pl->handles);
        c.disp = tg_make_display(&pl->r, c.sn);
    } else {
        /* the archive never names it, but the renderer may need a word for it */
        c.sn = tg_make_handle(&pl->r, pl->handles);
        c.disp = g_strdup(c.sn);
    }
    c.from = p->start;
    c.to = p->end;
    c.flags = flags;
    c.circle = -1;
    g_array_append_val(p->contacts, c);
    return p->contacts->len - 1;
}

static void plan_owner(Planner *pl)
{
    TgPlan *p = pl->p;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, S_OWNER);
    int64_t created = p->start - (int64_t)tg_rng_range(&r, 30, 400) * DAY;
    p->owner_created = created;
    if (created < 1230768000)
        p->owner_id = (uint64_t)tg_rng_range(&r, 1000000, 99999999);
    else if (created < 1420070400)
        p->owner_id = (uint64_t)tg_rng_range(&r, 100000000, 4294967295LL);
    else
        p->owner_id = tg_snowflake(created * 1000 + 222, (unsigned)tg_rng_below(&r, 1024),
                                   (unsigned)tg_rng_below(&r, 4096));
    g_snprintf(p->owner_idstr, sizeof p->owner_idstr, "%" G_GUINT64_FORMAT, (guint64)p->owner_id);
    char *h = tg_make_handle(&r, pl->handles);
    /* the owner's handle carries no upper case: its former one is the _old variant */
    for (char *s = h; *s; s++)
        *s = g_ascii_tolower(*s);
    if (strlen(h) > 11)
        h[11] = '\0';
    p->owner_sn = h;
    p->owner_old_sn = g_strdup_printf("%s_old", h);
    char low[32];
    g_strlcpy(low, p->owner_old_sn, sizeof low);
    g_hash_table_add(pl->handles, g_strdup(low));
    g_hash_table_add(pl->handles, g_strdup(p->owner_sn));
    p->owner_disp = g_strdup_printf("%s %s", tg_first_name(&r), tg_last_name(&r));
    /* a Grailbird archive names no former handle: the owner keeps one all along there */
    p->owner_renamed = p->opt->layout == TG_LAYOUT_GRAIL ? INT64_MIN : p->start + (p->end - p->start) / 5;
}

static void plan_contacts(Planner *pl)
{
    TgPlan *p = pl->p;
    TgOptions *o = p->opt;
    int64_t span = p->end - p->start;
    uint32_t k = (uint32_t)(o->contacts > 0 ? o->contacts : MAX(40, o->tweets / 4));
    pl->nord = k;
    p->nord = k;
    double *w = g_new(double, k);
    for (uint32_t i = 0; i < k; i++) {
        uint32_t ci = add_contact(pl, 0, TRUE);
        TgContact *c = tg_contact(p, ci);
        w[i] = 1.0 / pow((double)i + 1.0, 1.05);
        if (i >= 8) {
            c->from = p->start + (int64_t)(tg_rng_unit(&pl->r) * 0.85 * (double)span);
            if (tg_rng_chance(&pl->r, 0.6)) {
                c->to = p->end;
            } else {
                double e = -log(1.0 - tg_rng_unit(&pl->r)) * 0.4;
                c->to = c->from + 30 * DAY + (int64_t)(MIN(1.0, e) * (double)span);
                if (c->to > p->end)
                    c->to = p->end;
            }
        }
        if (tg_rng_chance(&pl->r, 0.1)) {
            /* a display name that changed once: the latest one wins */
            c->old_disp = c->disp;
            c->disp = tg_make_display(&pl->r, c->sn);
            c->disp_at = c->from + (int64_t)(tg_rng_unit(&pl->r) * (double)(c->to - c->from));
        }
    }
    tg_alias_init(&pl->zipf, w, k);
    g_free(w);

    /* one frequent contact renames half-way */
    if (k > 3) {
        TgContact *c = tg_contact(p, 2);
        c->old_sn = c->sn;
        c->sn = tg_make_handle(&pl->r, pl->handles);
        c->rename_at = p->start + span / 2;
        c->flags |= TG_C_RENAMED;
        p->p_renamed = 2;
    }
    int nspecial = o->tweets >= 60 ? 1 : 0;
    pl->n_deleted = o->tweets >= 2000 ? 2 : nspecial;
    for (int i = 0; i < pl->n_deleted; i++)
        pl->deleted[i] = add_contact(pl, TG_C_DELETED | TG_C_SPECIAL, TRUE);
    pl->n_quote_only = o->tweets >= 100 ? 2 : nspecial;
    for (int i = 0; i < pl->n_quote_only; i++) {
        pl->quote_only[i] = add_contact(pl, TG_C_QUOTE_ONLY | TG_C_SPECIAL, TRUE);
        g_array_append_val(p->p_quote_only, pl->quote_only[i]);
    }
    pl->n_context_only = o->tweets >= 100 ? 3 : nspecial;
    for (int i = 0; i < pl->n_context_only; i++) {
        pl->context_only[i] = add_contact(pl, TG_C_CONTEXT_ONLY | TG_C_SPECIAL, TRUE);
        pl->ctx_quota[i] = (int)tg_rng_range(&pl->r, 1, 3);
        g_array_append_val(p->p_context_only, pl->context_only[i]);
    }
    pl->n_retweet_only = o->tweets >= 100 ? 3 : nspecial;
    for (int i = 0; i < pl->n_retweet_only; i++) {
        pl->retweet_only[i] = add_contact(pl, TG_C_RETWEET_ONLY | TG_C_SPECIAL, TRUE);
        pl->rt_quota[i] = (int)tg_rng_range(&pl->r, 2, 5);
        g_array_append_val(p->p_retweet_only, pl->retweet_only[i]);
    }
}

/* A contact the owner could address at time t: Zipf-heavy, within its relationship. */
static uint32_t pick_contact(Planner *pl, int64_t t)
{
    TgPlan *p = pl->p;
    for (int tries = 0; tries < 64; tries++) {
        uint32_t i = tg_alias_pick(&pl->zipf, &pl->r);
        TgContact *c = tg_contact(p, i);
        if (t >= c->from && t <= c->to && !(c->flags & TG_C_SPECIAL))
            return i;
    }
    return 0;
}

static uint32_t pick_other(Planner *pl, int64_t t, const uint32_t *avoid, int navoid)
{
    for (int tries = 0; tries < 32; tries++) {
        uint32_t c = pick_contact(pl, t);
        gboolean clash = FALSE;
        for (int i = 0; i < navoid; i++)
            if (avoid[i] == c)
                clash = TRUE;
        if (!clash)
            return c;
    }
    /* a quiet contact that clashes with nobody */
    for (uint32_t c = 0; c < pl->nord; c++) {
        gboolean clash = FALSE;
        for (int i = 0; i < navoid; i++)
            if (avoid[i] == c)
                clash = TRUE;
        if (!clash && !(tg_contact(pl->p, c)->flags & TG_C_SPECIAL))
            return c;
    }
    return 0;
}

/* ------------------------------------------------------------------ tweets */

static void set_pool(TgPlan *p, TgTweet *tw, const uint32_t *run, int nrun, const uint32_t *ment,
                     int nment)
{
    tw->pool = p->pool->len;
    tw->nrun = (uint8_t)nrun;
    tw->nment = (uint8_t)nment;
    if (nrun)
        g_array_append_vals(p->pool, run, (guint)nrun);
    if (nment)
        g_array_append_vals(p->pool, ment, (guint)nment);
}

static TgTweet *special(Planner *pl, int64_t t, int kind, uint32_t target)
{
    TgTweet tw;
    memset(&tw, 0, sizeof tw);
    tw.t = t;
    tw.kind = (uint8_t)kind;
    tw.target = target;
    tw.nver = 1;
    tw.pool = 0;
    g_array_append_val(pl->special, tw);
    return &g_array_index(pl->special, TgTweet, pl->special->len - 1);
}

static int64_t rand_time(Planner *pl, int64_t from, int64_t to)
{
    if (to <= from)
        return from;
    return from + (int64_t)tg_rng_below(&pl->r, (uint64_t)(to - from));
}

/* Local wall clock (day number of a local date, hour, minute) -> UTC seconds. */
static int64_t local_time(TgPlan *p, int64_t lday, int h, int mi, int s)
{
    return tg_zone_to_utc(&p->zone, lday * DAY + h * 3600 + mi * 60 + s);
}

static int64_t floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

/* Weekly chats in one weekday + hour of the owner's zone, and two near misses. */
static void plant_chats(Planner *pl)
{
    TgPlan *p = pl->p;
    if (p->opt->tweets < 150)
        return;
    const char *names[4] = {"PyChat", "ScreenshotSaturday", "TinyDesk", "OpenOffice"};
    int wd[4] = {2, 5, 4, 1};      /* Wed, Sat, Fri, Tue */
    int hour[4] = {18, 14, 19, 11};
    for (int k = 0; k < 4; k++) {
        g_ptr_array_add(p->tags, g_strdup(names[k]));
        int tag = (int)p->tags->len; /* index + 1 */
        if (k < 2)
            p->chat_tags[k] = tag;
        else
            p->near_tags[k - 2] = tag;
        /* the chat's participants: a few regular contacts */
        uint32_t part[6];
        int npart = (int)tg_rng_range(&pl->r, 4, 6);
        for (int i = 0; i < npart; i++)
            part[i] = pick_other(pl, p->end - YEAR_S, part, i);
        for (int i = 0; i < npart; i++) {
            TgContact *c = tg_contact(p, part[i]);
            c->flags |= TG_C_CHAT;
            if (c->from > p->end - 2 * YEAR_S)
                c->from = p->end - 2 * YEAR_S;
            c->to = p->end;
        }
        /* sessions: local Mondays in the last two years */
        int64_t lend = floordiv(tg_zone_local(&p->zone, p->end), DAY) - 7;
        int64_t lstart = MAX(floordiv(tg_zone_local(&p->zone, p->start), DAY) + 7, lend - 700);
        int sessions = k == 2 ? 3 : (int)tg_rng_range(&pl->r, 5, 7);
        /* sessions skip up to two weeks each: keep the whole run before the end */
        int64_t avail = lend - lstart - 7 * 3 * sessions;
        int64_t monday0 = lstart + (int64_t)tg_rng_below(&pl->r, (uint64_t)MAX(1, avail));
        monday0 -= ((monday0 % 7) + 7 + 3) % 7; /* back to a Monday (1970-01-01 was a Thursday) */
        int inside = 0;
        int64_t week = monday0;
        for (int s = 0; s < sessions; s++) {
            int uses = k == 2 ? 4 : (int)tg_rng_range(&pl->r, 1, k == 3 ? 2 : 3);
            for (int u = 0; u < uses; u++) {
                int64_t t = local_time(p, week + wd[k], hour[k], (int)tg_rng_range(&pl->r, 3, 55),
                                       (int)tg_rng_below(&pl->r, 60));
                if (t >= p->end || t <= p->start)
                    continue;
                uint32_t who = part[tg_rng_below(&pl->r, (uint64_t)npart)];
                double v = tg_rng_unit(&pl->r);
                TgTweet *tw;
                if (v < 0.5) {
                    tw = special(pl, t, TG_K_REPLY, who);
                    tw->ref_status = tg_tweet_id_at(t - 120, 3, &pl->r);
                    set_pool(p, tw, NULL, 0, NULL, 0);
                } else if (v < 0.8) {
                    tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
                    set_pool(p, tw, NULL, 0, &who, 1);
                } else {
                    tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
                    set_pool(p, tw, NULL, 0, NULL, 0);
                }
                tw->tag[0] = (uint16_t)tag;
                tw->chat = (uint8_t)tag;
                inside++;
            }
            week += 7 * (int64_t)tg_rng_range(&pl->r, 1, 3);
        }
        /* uses elsewhere: a third of the inside ones for chats, as many for the 50% miss */
        int outside = k == 3 ? inside : (k == 2 ? 0 : inside / 3);
        for (int u = 0; u < outside; u++) {
            int64_t t = rand_time(pl, p->end - 2 * YEAR_S, p->end - DAY);
            if (t <= p->start)
                t = rand_time(pl, p->start, p->end);
            TgTweet *tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
            set_pool(p, tw, NULL, 0, NULL, 0);
            tw->tag[0] = (uint16_t)tag;
        }
    }
}

static void plant_circles(Planner *pl)
{
    TgPlan *p = pl->p;
    if (p->opt->tweets < 200 || pl->nord < 40)
        return;
    uint32_t used[18];
    int nused = 0;
    for (int c = 0; c < 3; c++) {
        int n = (int)tg_rng_range(&pl->r, 4, 6);
        p->circle_n[c] = n;
        for (int i = 0; i < n; i++) {
            uint32_t m;
            for (int tries = 0;; tries++) {
                m = 10 + (uint32_t)tg_rng_below(&pl->r, MIN(pl->nord - 10, 200));
                gboolean clash = FALSE;
                for (int j = 0; j < nused; j++)
                    if (used[j] == m)
                        clash = TRUE;
                if (clash)
                    continue;
                if (tries > 200 || !(tg_contact(p, m)->flags & (TG_C_CHAT | TG_C_RENAMED)))
                    break;
            }
            used[nused++] = m;
            p->circle_members[c][i] = m;
            TgContact *ct = tg_contact(p, m);
            ct->circle = (int8_t)c;
            ct->flags |= TG_C_CIRCLE;
        }
        /* the circle's active years */
        int64_t from = p->start + (int64_t)(tg_rng_unit(&pl->r) * 0.5 * (double)(p->end - p->start));
        for (int i = 0; i < n; i++) {
            TgContact *ct = tg_contact(p, p->circle_members[c][i]);
            ct->from = MIN(ct->from, from);
            ct->to = p->end;
        }
        int tweets = n * 2 + 2;
        for (int k = 0; k < tweets; k++) {
            int64_t t = rand_time(pl, from, p->end - DAY);
            uint32_t *mem = p->circle_members[c];
            uint32_t a = mem[tg_rng_below(&pl->r, (uint64_t)n)];
            uint32_t others[5];
            int no = 0;
            for (int i = 0; i < n && no < 3; i++)
                if (mem[i] != a && tg_rng_chance(&pl->r, 0.6))
                    others[no++] = mem[i];
            if (!no)
                others[no++] = mem[0] == a ? mem[1] : mem[0];
            TgTweet *tw;
            if (k % 3 != 2) {
                /* "@a @b @c ...": a reply to a, the rest is context */
                tw = special(pl, t, TG_K_REPLY, a);
                tw->ref_status = tg_tweet_id_at(t - 600, 5, &pl->r);
                set_pool(p, tw, others, no, NULL, 0);
            } else {
                uint32_t ment[4] = {a, others[0], no > 1 ? others[1] : TG_NONE, TG_NONE};
                int nm = no > 1 ? 3 : 2;
                tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
                tw->var |= tg_rng_chance(&pl->r, 0.5) ? TG_V_LEAD_AT : 0;
                set_pool(p, tw, NULL, 0, ment, nm);
            }
        }
    }
}

static void plant_specials(Planner *pl)
{
    TgPlan *p = pl->p;
    int64_t span = p->end - p->start;
    int64_t body = p->start + span / 10;
    /* deleted accounts: "@gone @bob ..." with no screen name and no entity for @gone */
    for (int i = 0; i < pl->n_deleted; i++) {
        int n = (int)tg_rng_range(&pl->r, 2, 4);
        for (int k = 0; k < n; k++) {
            int64_t t = rand_time(pl, body, p->end - DAY);
            TgTweet *tw = special(pl, t, TG_K_REPLY, pl->deleted[i]);
            tw->ref_status = tg_tweet_id_at(t - 3000, 9, &pl->r);
            uint32_t bob = pick_contact(pl, t);
            set_pool(p, tw, &bob, k == 0 ? 1 : (int)tg_rng_below(&pl->r, 2), NULL, 0);
        }
    }
    /* quoted only, by name: name-only contacts */
    for (int i = 0; i < pl->n_quote_only; i++) {
        int n = (int)tg_rng_range(&pl->r, 1, 3);
        for (int k = 0; k < n; k++) {
            int64_t t = rand_time(pl, body, p->end - DAY);
            TgTweet *tw = special(pl, t, TG_K_QUOTE, pl->quote_only[i]);
            tw->ref_status = tg_tweet_id_at(t - 5000, 11, &pl->r);
            tw->qstyle = (uint8_t)tg_rng_below(&pl->r, 11);
            if (i == 0 && k == n - 1 && n > 1)
                tw->var |= TG_V_QUOTE_CASE;
            set_pool(p, tw, NULL, 0, NULL, 0);
        }
    }
    /* the renamed contact: named before and after, and quoted by its former handle */
    if (p->p_renamed != TG_NONE && p->p_renamed < pl->nord) {
        TgContact *c = tg_contact(p, p->p_renamed);
        uint32_t who = p->p_renamed;
        int64_t t1 = rand_time(pl, MAX(p->start + DAY, c->rename_at - YEAR_S), c->rename_at - DAY);
        TgTweet *tw = special(pl, t1, TG_K_ORIGINAL, TG_NONE);
        set_pool(p, tw, NULL, 0, &who, 1);
        int64_t t2 = rand_time(pl, c->rename_at + DAY, p->end - DAY);
        tw = special(pl, t2, TG_K_QUOTE, who);
        tw->var |= TG_V_QUOTE_OLD;
        tw->qstyle = 0;
        tw->ref_status = tg_tweet_id_at(t2 - 4000, 13, &pl->r);
        set_pool(p, tw, NULL, 0, NULL, 0);
        int64_t t3 = rand_time(pl, MAX(t2, c->rename_at + DAY), p->end - DAY / 2);
        tw = special(pl, t3, TG_K_ORIGINAL, TG_NONE);
        set_pool(p, tw, NULL, 0, &who, 1);
    }
    /* a legacy reply (user id, no status id) and a retweet of the owner, at least once */
    if (p->opt->tweets >= 100) {
        int64_t t = rand_time(pl, body, p->end - DAY);
        TgTweet *tw = special(pl, t, TG_K_REPLY, pick_contact(pl, t));
        tw->var |= TG_V_LEGACY;
        set_pool(p, tw, NULL, 0, NULL, 0);
        t = rand_time(pl, body, p->end - DAY);
        tw = special(pl, t, TG_K_RETWEET, TG_OWNER);
        tw->ref_status = tg_tweet_id_at(t - 7200, 27, &pl->r);
        set_pool(p, tw, NULL, 0, NULL, 0);
    }
    /* dormant ties: strength >= 3, all of it more than a year before the archive's end */
    int ndorm = p->opt->tweets >= 150 ? 3 : 0;
    for (int i = 0; i < ndorm; i++) {
        uint32_t d = add_contact(pl, TG_C_DORMANT | TG_C_SPECIAL, TRUE);
        TgContact *c = tg_contact(p, d);
        c->to = p->end - (int64_t)tg_rng_range(&pl->r, 420, 900) * DAY;
        c->from = MAX(p->start, c->to - (int64_t)tg_rng_range(&pl->r, 60, 500) * DAY);
        if (c->to <= c->from + DAY) {
            c->from = p->start;
            c->to = p->start + 30 * DAY;
        }
        g_array_append_val(p->p_dormant, d);
        int n = (int)tg_rng_range(&pl->r, 3, 6);
        for (int k = 0; k < n; k++) {
            int64_t t = rand_time(pl, c->from, c->to);
            TgTweet *tw;
            if (k % 2 == 0) {
                tw = special(pl, t, TG_K_REPLY, d);
                tw->ref_status = tg_tweet_id_at(t - 800, 15, &pl->r);
                set_pool(p, tw, NULL, 0, NULL, 0);
            } else {
                tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
                set_pool(p, tw, NULL, 0, &d, 1);
            }
        }
    }
}

/* Regular tweet times: a slowly varying monthly rate, weekly and daily rhythm (local). */
static int64_t *regular_times(Planner *pl, uint32_t n)
{
    TgPlan *p = pl->p;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, S_TIMES);
    int64_t *t = g_new(int64_t, n ? n : 1);
    if (!n)
        return t;
    /* the first tweet months before the rest: empty months in between */
    int64_t lstart = floordiv(tg_zone_local(&p->zone, p->start), DAY);
    int64_t lend = floordiv(tg_zone_local(&p->zone, p->end), DAY);
    int64_t bulk = lstart + MIN((lend - lstart) / 8, tg_rng_range(&r, 90, 200));
    int64_t ndays = lend - bulk;
    if (ndays < 1) {
        bulk = lstart;
        ndays = MAX(1, lend - lstart);
    }
    double *w = g_new(double, ndays);
    double level = 0, wk[7];
    for (int i = 0; i < 7; i++)
        wk[i] = (i < 5 ? 1.0 : 0.75) * (0.85 + 0.3 * tg_rng_unit(&r));
    for (int64_t d = 0; d < ndays; d++) {
        if (d % 30 == 0)
            level += 0.35 * tg_rng_normal(&r);
        level = CLAMP(level, -2.0, 1.5);
        int wd = (int)((((bulk + d) % 7) + 7 + 3) % 7);
        w[d] = exp(level) * wk[wd];
    }
    TgAlias days;
    tg_alias_init(&days, w, (uint32_t)ndays);
    g_free(w);
    static const double hp[24] = {0.35, 0.2, 0.1, 0.05, 0.05, 0.08, 0.2, 0.5, 0.8, 0.9, 1.0,
                                  1.0,  1.1, 1.2, 0.9, 0.85, 0.9, 1.0, 1.3, 1.5, 1.5, 1.4,
                                  1.1,  0.7};
    TgAlias hours;
    tg_alias_init(&hours, hp, 24);
    t[0] = local_time(p, lstart, (int)tg_rng_range(&r, 9, 20), (int)tg_rng_below(&r, 60),
                      (int)tg_rng_below(&r, 60));
    if (t[0] < p->start)
        t[0] = p->start;
    for (uint32_t i = 1; i < n; i++) {
        int64_t d = bulk + tg_alias_pick(&days, &r);
        int h = (int)tg_alias_pick(&hours, &r);
        int64_t x = local_time(p, d, h, (int)tg_rng_below(&r, 60), (int)tg_rng_below(&r, 60));
        t[i] = CLAMP(x, p->start, p->end - 60);
    }
    tg_alias_clear(&days);
    tg_alias_clear(&hours);
    return t;
}

static int cmp_tweet(const void *a, const void *b)
{
    const TgTweet *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    /* planted ones first, then stable by pool offset */
    if (x->pool != y->pool)
        return x->pool < y->pool ? -1 : 1;
    return 0;
}

static void assign_regular(Planner *pl, TgTweet *tw, uint32_t i)
{
    TgPlan *p = pl->p;
    TgRng *r = &pl->r;
    int64_t t = tw->t;
    double u = tg_rng_unit(r);
    uint32_t run[6], ment[4];
    int nrun = 0, nment = 0;
    gboolean grail = p->opt->layout == TG_LAYOUT_GRAIL;
    tw->nver = 1;
    if (u < 0.19) {
        tw->kind = TG_K_RETWEET;
        tw->target = pick_contact(pl, t);
        for (int k = 0; k < pl->n_retweet_only; k++)
            if (pl->rt_quota[k] > 0 && tg_rng_chance(r, 0.02)) {
                tw->target = pl->retweet_only[k];
                pl->rt_quota[k]--;
                break;
            }
        if (tg_rng_chance(r, 0.012))
            tw->target = TG_OWNER;
        if (tg_rng_chance(r, 0.1) && tw->target != TG_OWNER) {
            ment[nment++] = pick_other(pl, t, &tw->target, 1);
        }
        if (grail && tg_rng_chance(r, 0.3) && tw->target != TG_OWNER)
            tw->var |= TG_V_EMPTY_ENT;
        tw->ref_status = tg_tweet_id_at(t - (int64_t)tg_rng_range(r, 60, 86400), 17, r);
    } else if (u < 0.49) {
        tw->kind = TG_K_REPLY;
        tw->target = pick_contact(pl, t);
        run[nrun++] = tw->target;
        if (tg_rng_chance(r, 0.25)) {
            int extra = (int)tg_rng_range(r, 1, 3);
            for (int k = 0; k < extra; k++) {
                run[nrun] = pick_other(pl, t, run, nrun);
                nrun++;
            }
        }
        for (int k = 0; k < pl->n_context_only; k++)
            if (pl->ctx_quota[k] > 0 && tg_rng_chance(r, 0.02)) {
                run[nrun++] = pl->context_only[k];
                pl->ctx_quota[k]--;
                break;
            }
        if (tg_rng_chance(r, 0.03) && nrun < 5) {
            /* "@a @owner ...": the owner in someone else's reply chain */
            run[nrun++] = TG_OWNER;
            tw->var |= TG_V_OWNER_IN_RUN;
        }
        if (tg_rng_chance(r, 0.1)) {
            int extra = (int)tg_rng_range(r, 1, 2);
            for (int k = 0; k < extra; k++) {
                uint32_t avoid[10];
                memcpy(avoid, run, sizeof(uint32_t) * (gsize)nrun);
                memcpy(avoid + nrun, ment, sizeof(uint32_t) * (gsize)nment);
                ment[nment] = pick_other(pl, t, avoid, nrun + nment);
                nment++;
            }
        }
        if (tg_rng_chance(r, 0.05)) {
            ment[nment++] = tw->target;
            tw->var |= TG_V_TARGET_AGAIN;
        }
        if (tg_rng_chance(r, 0.004))
            tw->var |= TG_V_LEGACY;
        else
            tw->ref_status = tg_tweet_id_at(t - (int64_t)tg_rng_range(r, 30, 86400 * 3), 19, r);
        if (tg_rng_chance(r, 0.03))
            tw->var |= TG_V_STATUS_URL;
        /* the run holds the target first; keep it out of the stored run */
        memmove(run, run + 1, sizeof(uint32_t) * (gsize)(nrun - 1));
        nrun--;
    } else if (u < 0.55 && i > 0) {
        tw->kind = TG_K_THREAD;
        tw->target = TG_OWNER;
        tw->ref_status = p->tweets[i - 1].id;
        if (tg_rng_chance(r, 0.25)) {
            tw->var |= TG_V_OWNER_RUN;
            run[nrun++] = TG_OWNER;
            int extra = (int)tg_rng_range(r, 1, 2);
            for (int k = 0; k < extra; k++) {
                run[nrun] = pick_other(pl, t, run, nrun);
                nrun++;
            }
        }
        if (tg_rng_chance(r, 0.1))
            ment[nment++] = pick_other(pl, t, run, nrun);
    } else if (u < 0.62) {
        tw->kind = TG_K_QUOTE;
        double v = tg_rng_unit(r);
        if (v < 0.12) {
            tw->target = add_contact(pl, TG_C_QUOTE_ONLY | TG_C_STRANGER | TG_C_SPECIAL, TRUE);
        } else {
            tw->target = pick_contact(pl, t);
        }
        tw->qstyle = (uint8_t)tg_rng_below(r, 11);
        if (tg_rng_chance(r, 0.08))
            tw->var |= TG_V_QUOTE_CASE;
        v = tg_rng_unit(r);
        if (v < 0.08)
            tw->var |= TG_V_LINK_FIRST;
        else if (v < 0.12)
            tw->var |= TG_V_NONQUOTE; /* a twitter link that is no quote, then the quote */
        else if (v < 0.14)
            tw->var |= TG_V_SELF_URL; /* the owner's own status first, then the quote */
        if (tg_rng_chance(r, 0.1))
            ment[nment++] = pick_other(pl, t, &tw->target, 1);
        tw->ref_status = tg_tweet_id_at(t - (int64_t)tg_rng_range(r, 60, 86400 * 20), 21, r);
    } else {
        tw->kind = TG_K_ORIGINAL;
        tw->target = TG_NONE;
        if (tg_rng_chance(r, 0.22)) {
            int n = (int)tg_rng_range(r, 1, 3);
            for (int k = 0; k < n; k++) {
                ment[nment] = pick_other(pl, t, ment, nment);
                nment++;
            }
            double v = tg_rng_unit(r);
            if (v < 0.12)
                tw->var |= TG_V_LEAD_AT;
            else if (v < 0.2)
                tw->var |= TG_V_LEAD_DOT;
        }
        if (tg_rng_chance(r, 0.01) && nment < 4)
            ment[nment++] = TG_OWNER; /* a self-mention counts nothing */
        double v = tg_rng_unit(r);
        if (v < 0.05) {
            tw->var |= TG_V_NONQUOTE;
            tw->qstyle = (uint8_t)tg_rng_below(r, 6);
            tw->target = pick_contact(pl, t); /* the name in the link, not a quote */
        } else if (v < 0.07) {
            tw->var |= TG_V_SELF_URL;
        }
        tw->ref_status = tg_tweet_id_at(t - (int64_t)tg_rng_range(r, 60, 86400 * 20), 23, r);
    }
    if (tw->kind != TG_K_RETWEET && tg_rng_chance(r, 0.08) && !(tw->var & TG_V_STATUS_URL))
        tw->var |= TG_V_MEDIA;
    set_pool(p, tw, run, nrun, ment, nment);
}

static void assign_tags(Planner *pl)
{
    TgPlan *p = pl->p;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, S_TAGS);
    uint32_t first = p->tags->len;
    double w[G_N_ELEMENTS(filler_tags)];
    for (gsize i = 0; i < G_N_ELEMENTS(filler_tags); i++) {
        g_ptr_array_add(p->tags, g_strdup(filler_tags[i]));
        w[i] = 1.0 / pow((double)i + 1.0, 1.1);
    }
    tg_alias_init(&pl->tagz, w, G_N_ELEMENTS(filler_tags));
    for (uint32_t i = 0; i < p->ntweets; i++) {
        TgTweet *tw = &p->tweets[i];
        if (tw->tag[0])
            continue;
        double pr = tw->kind == TG_K_RETWEET ? 0.05 : 0.2;
        if (!tg_rng_chance(&r, pr))
            continue;
        tw->tag[0] = (uint16_t)(first + tg_alias_pick(&pl->tagz, &r) + 1);
        if (tg_rng_chance(&r, 0.3)) {
            uint16_t b = (uint16_t)(first + tg_alias_pick(&pl->tagz, &r) + 1);
            if (b != tw->tag[0])
                tw->tag[1] = b;
        }
    }
}

static void assign_edits(Planner *pl)
{
    TgPlan *p = pl->p;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, S_IDS + 10);
    const int64_t edit_era = 1664582400; /* 2022-10-01: edits exist from then on */
    int edited = 0, dups = 0;
    uint32_t eligible = 0;
    for (uint32_t i = 0; i < p->ntweets; i++) {
        TgTweet *tw = &p->tweets[i];
        if (tw->t >= edit_era && (tw->kind == TG_K_ORIGINAL || tw->kind == TG_K_REPLY) && !tw->chat)
            eligible++;
    }
    double pe = eligible ? MAX(0.01, 2.5 / eligible) : 0;
    for (uint32_t i = 0; i < p->ntweets; i++) {
        TgTweet *tw = &p->tweets[i];
        if (p->opt->layout == TG_LAYOUT_2022 && tw->t >= edit_era && i + 1 < p->ntweets &&
            (tw->kind == TG_K_ORIGINAL || tw->kind == TG_K_REPLY) && !tw->chat &&
            tg_rng_chance(&r, pe)) {
            double v = tg_rng_unit(&r);
            tw->nver = v < 0.6 ? 2 : v < 0.85 ? 3 : 4;
            edited++;
        }
    }
    /* a duplicated element or two (never an edited one) */
    uint32_t want = p->ntweets >= 300 ? MAX(1u, p->ntweets / 1000) : 0;
    for (uint32_t k = 0; k < want * 4 && (uint32_t)dups < want; k++) {
        TgTweet *tw = &p->tweets[tg_rng_below(&r, p->ntweets)];
        if (tw->nver == 1 && !(tw->var & TG_V_DUP)) {
            tw->var |= TG_V_DUP;
            dups++;
        }
    }
    /* long posts (note-tweet.js) */
    if (p->opt->layout == TG_LAYOUT_2022) {
        int notes = 0;
        for (uint32_t i = p->ntweets; i-- > 0 && notes < 2;) {
            TgTweet *tw = &p->tweets[i];
            if (tw->kind == TG_K_ORIGINAL && tw->nver == 1 && !tw->chat && !tw->var && !tw->nment &&
                tw->t > 1672531200) {
                tw->var |= TG_V_NOTE;
                notes++;
                i -= MIN(i, 40u);
            }
        }
    }
}

/* The archive's date and the span of its tweets. */
static gboolean plan_dates(TgPlan *p, GError **error)
{
    static const char *const default_end[] = {"2024-11-16", "2021-06-05", "2019-09-10",
                                              "2018-10-20", "2015-11-01"};
    TgOptions *opt = p->opt;
    int64_t endday;
    const char *end = opt->end ? opt->end : default_end[opt->layout];
    if (!tg_parse_date(end, &endday)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "tg-gen: --end '%s' is not a YYYY-MM-DD date", end);
        return FALSE;
    }
    p->generated = endday + 13 * 3600 + 33 * 60 + 23;
    p->end = p->generated - 3 * 86400 + 7 * 3600;
    p->start = p->end - (int64_t)(opt->years * 365.25 * DAY);
    return TRUE;
}

void tg_account_clear(TgAccount *a)
{
    g_free(a->sn);
    g_free(a->old_sn);
    g_free(a->disp);
    memset(a, 0, sizeof *a);
}

gboolean tg_plan_identity(TgOptions *opt, TgAccount *out, GError **error)
{
    TgPlan p;
    memset(&p, 0, sizeof p);
    memset(out, 0, sizeof *out);
    p.opt = opt;
    if (!plan_dates(&p, error))
        return FALSE;
    /* the state tg_plan_build() calls plan_owner() in: a handle table holding "i" */
    Planner pl;
    memset(&pl, 0, sizeof pl);
    pl.p = &p;
    pl.handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add(pl.handles, g_strdup("i"));
    plan_owner(&pl);
    g_hash_table_destroy(pl.handles);
    out->id = p.owner_id;
    g_strlcpy(out->idstr, p.owner_idstr, sizeof out->idstr);
    out->sn = p.owner_sn;
    /* a Grailbird owner never renamed as far as its archive tells */
    out->old_sn = p.owner_renamed == INT64_MIN ? NULL : p.owner_old_sn;
    if (!out->old_sn)
        g_free(p.owner_old_sn);
    out->renamed = p.owner_renamed;
    out->disp = p.owner_disp;
    out->start = p.start;
    out->end = p.end;
    return TRUE;
}

/* ------------------------------------------------------------------ pair mode */

static void reserve_id(Planner *pl, uint64_t id)
{
    uint64_t *k = g_new(uint64_t, 1);
    *k = id;
    g_hash_table_add(pl->ids, k);
}

/* Nothing of this archive may take the other owner's id or handles, nor (second archive)
 * any id or handle of the first. */
static void peer_reserve(Planner *pl)
{
    const TgPeer *pe = pl->p->opt->peer;
    reserve_id(pl, pe->other.id);
    g_hash_table_add(pl->handles, g_ascii_strdown(pe->other.sn, -1));
    if (pe->other.old_sn)
        g_hash_table_add(pl->handles, g_ascii_strdown(pe->other.old_sn, -1));
    GHashTableIter it;
    gpointer key;
    if (pe->taken_ids) {
        g_hash_table_iter_init(&it, pe->taken_ids);
        while (g_hash_table_iter_next(&it, &key, NULL))
            reserve_id(pl, *(uint64_t *)key);
    }
    if (pe->taken_handles) {
        g_hash_table_iter_init(&it, pe->taken_handles);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_hash_table_add(pl->handles, g_strdup(key));
    }
}

/* The other owner as a contact; in the second archive also the contacts both share,
 * as the first archive shows them. */
static void peer_contacts(Planner *pl)
{
    TgPlan *p = pl->p;
    const TgPeer *pe = p->opt->peer;
    TgContact c;
    memset(&c, 0, sizeof c);
    c.id = pe->other.id;
    g_strlcpy(c.idstr, pe->other.idstr, sizeof c.idstr);
    c.sn = g_strdup(pe->other.sn);
    c.old_sn = g_strdup(pe->other.old_sn);
    c.rename_at = pe->other.renamed;
    c.disp = g_strdup(pe->other.disp);
    c.from = pe->lo;
    c.to = pe->hi;
    c.flags = TG_C_PEER | TG_C_SPECIAL;
    c.circle = -1;
    g_array_append_val(p->contacts, c);
    p->peer_contact = p->contacts->len - 1;
    p->peer_shared = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    for (guint i = 0; pe->second && pe->shared && i < pe->shared->len; i++) {
        const TgContact *s = &g_array_index(pe->shared, TgContact, i);
        memset(&c, 0, sizeof c);
        c.id = s->id;
        g_strlcpy(c.idstr, s->idstr, sizeof c.idstr);
        c.sn = g_strdup(s->sn);
        c.disp = g_strdup(s->disp);
        c.from = pe->lo;
        c.to = pe->hi;
        c.flags = TG_C_SHARED | TG_C_SPECIAL;
        c.circle = -1;
        g_array_append_val(p->contacts, c);
        uint32_t k = p->contacts->len - 1;
        g_array_append_val(p->peer_shared, k);
    }
}

/* The first archive's friends that the second owner knows too: regular contacts of some
 * weight whose handle and display name never change (both archives then name them alike). */
static void choose_shared(Planner *pl, TgRng *r)
{
    TgPlan *p = pl->p;
    uint32_t hi = MIN(pl->nord, 80u);
    for (int tries = 0; tries < 400 && p->peer_shared->len < 4; tries++) {
        uint32_t i = 3 + (uint32_t)tg_rng_below(r, MAX(1u, hi > 3 ? hi - 3 : 1));
        if (i >= pl->nord)
            continue;
        TgContact *c = tg_contact(p, i);
        if (c->old_sn || c->old_disp ||
            (c->flags & (TG_C_SPECIAL | TG_C_CIRCLE | TG_C_CHAT | TG_C_RENAMED | TG_C_SHARED)))
            continue;
        c->flags |= TG_C_SHARED;
        g_array_append_val(p->peer_shared, i);
    }
}

/* A time in the span both archives cover, an hour or more away from the other owner's
 * rename, so that the handle a tweet carries is never in doubt. */
static int64_t peer_time(TgRng *r, const TgPeer *pe, int64_t from)
{
    int64_t lo = MAX(pe->lo, from), hi = pe->hi - DAY;
    int64_t t = lo < hi ? lo + (int64_t)tg_rng_below(r, (uint64_t)(hi - lo)) : lo;
    int64_t at = pe->other.renamed;
    if (pe->other.old_sn && t > at - 3600 && t < at + 3600)
        t = at + 3600 < hi ? at + 3600 : at - 3600;
    return t;
}

/* The talk with the other owner, as this archive shows it. The first owner replies to,
 * mentions, retweets and quotes the second, some of it with the contacts both share in
 * the reply run or the mentions; the second replies to, mentions and retweets the first
 * and talks with the shared contacts too. One reply comes after the other's rename (when
 * the common span allows), so that both archives end on the other's current handle. */
static void plant_peer(Planner *pl)
{
    TgPlan *p = pl->p;
    const TgPeer *pe = p->opt->peer;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, S_PEER);
    uint32_t other = p->peer_contact;
    if (!pe->second)
        choose_shared(pl, &r);
    const uint32_t *sh = (const uint32_t *)(void *)p->peer_shared->data;
    int nsh = (int)p->peer_shared->len;
    int64_t named[24];
    int nnamed = 0;
    int64_t late = pe->other.old_sn && pe->other.renamed + DAY < pe->hi - DAY ? pe->other.renamed + DAY
                                                                               : INT64_MIN;

    int nrep = (int)(pe->second ? tg_rng_range(&r, 2, 5) : tg_rng_range(&r, 3, 6));
    for (int k = 0; k < nrep; k++) {
        int64_t t = peer_time(&r, pe, k == 0 ? late : INT64_MIN);
        TgTweet *tw = special(pl, t, TG_K_REPLY, other);
        tw->ref_status = tg_tweet_id_at(t - tg_rng_range(&r, 60, 86400), 29, &r);
        if (k >= 1 && k <= 2 && nsh >= 2) {
            /* "@other @s1 @s2 ...": the shared contacts are reply context */
            uint32_t run[2] = {sh[k - 1], sh[k % nsh]};
            set_pool(p, tw, run, 2, NULL, 0);
        } else {
            set_pool(p, tw, NULL, 0, NULL, 0);
        }
        named[nnamed++] = t;
    }
    int nment = (int)tg_rng_range(&r, 2, 4);
    for (int k = 0; k < nment; k++) {
        int64_t t = peer_time(&r, pe, INT64_MIN);
        TgTweet *tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
        uint32_t ment[2] = {other, nsh ? sh[(k + 2) % nsh] : TG_NONE};
        if (k == 1)
            tw->var |= TG_V_LEAD_AT; /* "@other text": an original, the mention deliberate */
        set_pool(p, tw, NULL, 0, ment, k == 0 && nsh ? 2 : 1);
        named[nnamed++] = t;
    }
    int nrt = (int)tg_rng_range(&r, 1, 2);
    for (int k = 0; k < nrt; k++) {
        int64_t t = peer_time(&r, pe, INT64_MIN);
        TgTweet *tw = special(pl, t, TG_K_RETWEET, other);
        tw->ref_status = tg_tweet_id_at(t - tg_rng_range(&r, 600, 86400), 31, &r);
        set_pool(p, tw, NULL, 0, NULL, 0);
        named[nnamed++] = t;
    }
    if (!pe->second) {
        /* every shared contact named here too, every other one with the second owner */
        for (int k = 0; k < nsh; k++) {
            int64_t t = peer_time(&r, pe, INT64_MIN);
            TgTweet *tw = special(pl, t, TG_K_ORIGINAL, TG_NONE);
            uint32_t ment[2] = {sh[k], other};
            set_pool(p, tw, NULL, 0, ment, k % 2 ? 1 : 2);
            if (k % 2 == 0)
                named[nnamed++] = t;
        }
        /* quotes by handle: each near a tweet that pairs the same handle with the id */
        int nq = (int)tg_rng_range(&r, 2, 3);
        for (int k = 0; k < nq; k++) {
            int64_t t = named[tg_rng_below(&r, (uint64_t)nnamed)] + tg_rng_range(&r, 60, 3000);
            TgTweet *tw = special(pl, t, TG_K_QUOTE, other);
            tw->qstyle = (uint8_t)tg_rng_below(&r, 11);
            if (k == 1)
                tw->var |= TG_V_QUOTE_CASE;
            tw->ref_status = tg_tweet_id_at(t - tg_rng_range(&r, 600, 5 * 86400), 33, &r);
            set_pool(p, tw, NULL, 0, NULL, 0);
        }
    } else {
        /* the second owner talks with the shared contacts on its own too */
        for (int k = 0; k < nsh; k++) {
            int n = (int)tg_rng_range(&r, 1, 2);
            for (int j = 0; j < n; j++) {
                int64_t t = peer_time(&r, pe, INT64_MIN);
                TgTweet *tw = special(pl, t, TG_K_REPLY, sh[k]);
                tw->ref_status = tg_tweet_id_at(t - tg_rng_range(&r, 60, 86400), 35, &r);
                set_pool(p, tw, NULL, 0, NULL, 0);
            }
        }
    }
}

gboolean tg_plan_build(TgPlan *p, TgOptions *opt, GError **error)
{
    memset(p, 0, sizeof *p);
    p->opt = opt;
    if (!plan_dates(p, error))
        return FALSE;
    if (!tg_zone_init(&p->zone, opt->zone, p->start - 3 * YEAR_S, p->generated + DAY, error))
        return FALSE;
    p->contacts = g_array_new(FALSE, TRUE, sizeof(TgContact));
    p->pool = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    p->tags = g_ptr_array_new_with_free_func(g_free);
    p->msgs = g_array_new(FALSE, TRUE, sizeof(TgMsg));
    p->convs = g_array_new(FALSE, TRUE, sizeof(TgConv));
    p->followers = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    p->following = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray **lists[] = {&p->p_dormant, &p->p_context_only, &p->p_retweet_only, &p->p_quote_only,
                        &p->p_automated, &p->p_lone, &p->p_short, &p->p_three_word,
                        &p->p_autodm_recipients};
    for (gsize i = 0; i < G_N_ELEMENTS(lists); i++)
        *lists[i] = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    p->p_renamed = TG_NONE;
    p->p_welcome_only = TG_NONE;
    p->trap_contact = TG_NONE;
    p->peer_contact = TG_NONE;
    p->peer_conv = TG_NONE;
    g_array_append_val(p->pool, (uint32_t){TG_NONE}); /* offset 0: nothing */

    Planner pl;
    memset(&pl, 0, sizeof pl);
    pl.p = p;
    tg_rng_seed(&pl.r, opt->seed, S_CONTACTS);
    pl.ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    pl.handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    pl.special = g_array_new(FALSE, TRUE, sizeof(TgTweet));
    g_hash_table_add(pl.handles, g_strdup("i"));

    plan_owner(&pl);
    if (opt->peer)
        peer_reserve(&pl);
    plan_contacts(&pl);
    if (opt->peer)
        peer_contacts(&pl);
    tg_rng_seed(&pl.r, opt->seed, S_SPECIAL);
    plant_chats(&pl);
    plant_circles(&pl);
    plant_specials(&pl);

    /* planted tweets take their slots out of --tweets; keep at least most of it regular */
    uint32_t n = (uint32_t)opt->tweets;
    while (pl.special->len > n / 2 && pl.special->len > 0)
        g_array_remove_index(pl.special, pl.special->len - 1);
    /* the talk between the two owners is never dropped (pair mode needs --tweets >= 100) */
    if (opt->peer)
        plant_peer(&pl);
    uint32_t nreg = n - pl.special->len;
    int64_t *times = regular_times(&pl, nreg);
    p->ntweets = n;
    p->tweets = g_new0(TgTweet, n ? n : 1);
    for (uint32_t i = 0; i < pl.special->len; i++) {
        p->tweets[i] = g_array_index(pl.special, TgTweet, i);
        p->tweets[i].nver = 1;
        p->tweets[i].id = 1; /* marks a planted tweet until ids are drawn */
    }
    for (uint32_t i = 0; i < nreg; i++) {
        TgTweet *tw = &p->tweets[pl.special->len + i];
        tw->t = times[i];
        tw->pool = UINT32_MAX; /* sorts after planted ones at equal times */
    }
    g_free(times);
    if (n > 1)
        qsort(p->tweets, n, sizeof(TgTweet), cmp_tweet);
    TgRng idr;
    tg_rng_seed(&idr, opt->seed, S_IDS);
    tg_rng_seed(&pl.r, opt->seed, S_KINDS);
    for (uint32_t i = 0; i < n; i++) {
        TgTweet *tw = &p->tweets[i];
        if (i && tw->t <= p->tweets[i - 1].t)
            tw->t = p->tweets[i - 1].t + 1; /* unique seconds: "latest" is never a tie */
        gboolean planted = tw->id == 1;
        tw->id = tg_tweet_id_at(tw->t, i & 0xFFF, &idr);
        if (!planted)
            assign_regular(&pl, tw, i);
        else if (tw->kind == TG_K_QUOTE || tw->kind == TG_K_ORIGINAL)
            tw->ref_status = tw->ref_status ? tw->ref_status : tg_tweet_id_at(tw->t - 99, 25, &idr);
    }
    assign_tags(&pl);
    assign_edits(&pl);
    if (p->ntweets)
        p->trap_contact = p->tweets[p->ntweets - 1].target < pl.nord ? p->tweets[p->ntweets - 1].target : 0;
    if (pl.nord == 0)
        p->trap_contact = TG_NONE;

    tg_alias_clear(&pl.zipf);
    tg_alias_clear(&pl.tagz);
    g_array_free(pl.special, TRUE);
    g_hash_table_destroy(pl.ids);
    g_hash_table_destroy(pl.handles);

    if (opt->layout != TG_LAYOUT_GRAIL) {
        tg_plan_dms(p);
        if (opt->peer)
            tg_plan_peer_dms(p);
        tg_plan_follows(p);
    }
    return TRUE;
}

void tg_plan_clear(TgPlan *p)
{
    if (p->contacts) {
        for (guint i = 0; i < p->contacts->len; i++) {
            TgContact *c = tg_contact(p, i);
            g_free(c->sn);
            g_free(c->old_sn);
            g_free(c->disp);
            g_free(c->old_disp);
        }
        g_array_free(p->contacts, TRUE);
    }
    if (p->convs) {
        for (guint i = 0; i < p->convs->len; i++)
            g_free(g_array_index(p->convs, TgConv, i).members);
        g_array_free(p->convs, TRUE);
    }
    if (p->msgs)
        g_array_free(p->msgs, TRUE);
    if (p->pool)
        g_array_free(p->pool, TRUE);
    if (p->tags)
        g_ptr_array_free(p->tags, TRUE);
    if (p->followers)
        g_array_free(p->followers, TRUE);
    if (p->following)
        g_array_free(p->following, TRUE);
    if (p->peer_shared)
        g_array_free(p->peer_shared, TRUE);
    GArray *lists[] = {p->p_dormant, p->p_context_only, p->p_retweet_only, p->p_quote_only,
                       p->p_automated, p->p_lone, p->p_short, p->p_three_word,
                       p->p_autodm_recipients};
    for (gsize i = 0; i < G_N_ELEMENTS(lists); i++)
        if (lists[i])
            g_array_free(lists[i], TRUE);
    g_free(p->tweets);
    g_free(p->owner_sn);
    g_free(p->owner_old_sn);
    g_free(p->owner_disp);
    tg_zone_clear(&p->zone);
    memset(p, 0, sizeof *p);
}
