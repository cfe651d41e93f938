/* SPDX-License-Identifier: MIT */
/* tg-gen: plans the direct messages and the follow lists. 1:1 conversations (two-way,
 * one-way either way, split in chunks), welcome messages, template senders and the near
 * misses that must not look automated, the owner as an auto-DMer, group conversations
 * with their join/leave/rename/reaction events, and followers/following that overlap; in
 * pair mode, the conversation and the follows between the two owners. */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

enum { S_DMS = 40, S_FOLLOWS = 41 };

typedef struct {
    TgPlan *p;
    TgRng r;
    GHashTable *ids;       /* account ids in use */
    GHashTable *handles;   /* lower-case handles in use */
    GHashTable *partners;  /* contact index -> has a 1:1 conversation */
    TgAlias zipf;
    uint32_t dm_seq;
    int64_t lo, hi;        /* DM era (s) */
} DmPlanner;

static uint64_t fresh_id(DmPlanner *d)
{
    for (;;) {
        uint64_t id;
        double u = tg_rng_unit(&d->r);
        if (u < 0.2)
            id = (uint64_t)tg_rng_range(&d->r, 100000, 999999999);
        else if (u < 0.55)
            id = (uint64_t)tg_rng_range(&d->r, 1000000000, 4294967295LL);
        else
            id = tg_snowflake(d->lo * 1000 + (int64_t)tg_rng_below(&d->r, (uint64_t)(d->hi - d->lo) * 1000),
                              (unsigned)tg_rng_below(&d->r, 1024), (unsigned)tg_rng_below(&d->r, 4096));
        if (id == d->p->owner_id || g_hash_table_contains(d->ids, &id))
            continue;
        uint64_t *k = g_new(uint64_t, 1);
        *k = id;
        g_hash_table_add(d->ids, k);
        return id;
    }
}

static uint32_t new_contact(DmPlanner *d, uint32_t flags)
{
    TgPlan *p = d->p;
    TgContact c;
    memset(&c, 0, sizeof c);
    c.id = fresh_id(d);
    g_snprintf(c.idstr, sizeof c.idstr, "%" G_GUINT64_FORMAT, (guint64)c.id);
    c.sn = tg_make_handle(&d->r, d->handles);
    c.disp = g_strdup(c.sn);
    c.from = d->lo;
    c.to = d->hi;
    c.flags = flags | TG_C_SPECIAL;
    c.circle = -1;
    g_array_append_val(p->contacts, c);
    return p->contacts->len - 1;
}

/* Pair mode, second archive: the first archive's ids and handles are taken. */
static void reserve_taken(DmPlanner *d)
{
    const TgPeer *pe = d->p->opt->peer;
    GHashTableIter it;
    gpointer key;
    if (!pe)
        return;
    if (pe->taken_ids) {
        g_hash_table_iter_init(&it, pe->taken_ids);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            uint64_t *k = g_new(uint64_t, 1);
            *k = *(uint64_t *)key;
            g_hash_table_add(d->ids, k);
        }
    }
    if (pe->taken_handles) {
        g_hash_table_iter_init(&it, pe->taken_handles);
        while (g_hash_table_iter_next(&it, &key, NULL))
            g_hash_table_add(d->handles, g_strdup(key));
    }
}

static TgConv *conv_new(DmPlanner *d, uint32_t partner)
{
    TgPlan *p = d->p;
    TgConv cv;
    memset(&cv, 0, sizeof cv);
    cv.partner = partner;
    cv.first = p->msgs->len;
    if (partner != TG_NONE) {
        uint64_t a = p->owner_id, b = tg_contact(p, partner)->id;
        g_snprintf(cv.conv_id, sizeof cv.conv_id, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                   (guint64)MIN(a, b), (guint64)MAX(a, b));
        g_hash_table_add(d->partners, GUINT_TO_POINTER(partner + 1));
    }
    g_array_append_val(p->convs, cv);
    return &g_array_index(p->convs, TgConv, p->convs->len - 1);
}

static TgConv *last_conv(DmPlanner *d)
{
    return &g_array_index(d->p->convs, TgConv, d->p->convs->len - 1);
}

static TgMsg *msg_add(DmPlanner *d, int64_t ms, uint32_t sender, TgMsgType type, TgTextKind text,
                      int arg)
{
    TgPlan *p = d->p;
    TgMsg m;
    memset(&m, 0, sizeof m);
    m.ms = ms;
    m.sender = sender;
    m.type = (uint8_t)type;
    m.text = (uint8_t)text;
    m.arg = (uint16_t)arg;
    m.seed = (uint32_t)tg_rng_next(&d->r);
    m.arg2 = TG_NONE;
    g_array_append_val(p->msgs, m);
    last_conv(d)->n++;
    return &g_array_index(p->msgs, TgMsg, p->msgs->len - 1);
}

static int cmp_msg(const void *a, const void *b)
{
    const TgMsg *x = a, *y = b;
    return x->ms < y->ms ? -1 : x->ms > y->ms;
}

/* Sorts the conversation's messages, makes their times strictly increasing and gives
 * them ids (snowflakes of their time). */
static void conv_finish(DmPlanner *d, TgConv *cv)
{
    TgPlan *p = d->p;
    TgMsg *m = &g_array_index(p->msgs, TgMsg, cv->first);
    if (cv->n > 1)
        qsort(m, cv->n, sizeof(TgMsg), cmp_msg);
    for (uint32_t i = 0; i < cv->n; i++) {
        if (i && m[i].ms <= m[i - 1].ms)
            m[i].ms = m[i - 1].ms + 1 + (int64_t)tg_rng_below(&d->r, 700);
        m[i].id = tg_snowflake(m[i].ms, 9, d->dm_seq++);
    }
    /* a reaction points at the latest message before it */
    for (uint32_t i = 0; i < cv->n; i++) {
        if (m[i].type != TG_M_REACTION || m[i].arg2 != TG_NONE)
            continue;
        for (uint32_t j = i; j-- > 0;)
            if (m[j].type == TG_M_CREATE) {
                m[i].arg2 = j;
                break;
            }
    }
}

static int64_t rand_ms(DmPlanner *d, int64_t from_s, int64_t to_s)
{
    if (to_s <= from_s)
        to_s = from_s + 1;
    return from_s * 1000 + (int64_t)tg_rng_below(&d->r, (uint64_t)(to_s - from_s) * 1000);
}

/* A reply delay: minutes usually, hours or days sometimes (log-normal). */
static int64_t reply_delay_ms(DmPlanner *d)
{
    double s = exp(log(600.0) + 1.6 * tg_rng_normal(&d->r));
    s = CLAMP(s, 15.0, 5.0 * DAY);
    return (int64_t)(s * 1000.0) + (int64_t)tg_rng_below(&d->r, 1000);
}

static int short_stock(DmPlanner *d)
{
    /* stock phrases of at most two words: never compared as openers */
    static const int idx[] = {0, 1, 2, 3, 4, 5, 7, 11, 17};
    return idx[tg_rng_below(&d->r, G_N_ELEMENTS(idx))];
}

typedef enum { MODE_TWO, MODE_IN, MODE_OUT } Mode;

/* A regular 1:1 conversation of n messages starting at ms0. */
static void conv_fill(DmPlanner *d, uint32_t partner, int n, Mode mode, int64_t ms0, int64_t hi_s,
                      gboolean owner_opens)
{
    TgPlan *p = d->p;
    gboolean reactions = p->opt->layout == TG_LAYOUT_2022;
    uint32_t side = mode == MODE_OUT ? TG_OWNER : mode == MODE_IN ? partner
                                              : (owner_opens ? TG_OWNER : partner);
    int64_t ms = ms0;
    int turn_left = (int)tg_rng_range(&d->r, 1, 3);
    for (int i = 0; i < n; i++) {
        TgTextKind tk;
        int arg = 0;
        if (i == 0) {
            if (tg_rng_chance(&d->r, 0.75)) {
                tk = TG_TX_OPENER;
                arg = (int)tg_rng_below(&d->r, (uint64_t)tg_n_stock_dm);
            } else {
                tk = TG_TX_STOCK;
                arg = short_stock(d);
            }
        } else if (tg_rng_chance(&d->r, 0.35)) {
            tk = TG_TX_STOCK;
            arg = (int)tg_rng_below(&d->r, (uint64_t)tg_n_stock_dm);
        } else {
            tk = TG_TX_RANDOM;
        }
        if (ms / 1000 > hi_s)
            break;
        TgMsg *m = msg_add(d, ms, side, TG_M_CREATE, tk, arg);
        if (reactions && tg_rng_chance(&d->r, 0.05))
            m->reacted = 1;
        if (--turn_left <= 0 && mode == MODE_TWO) {
            side = side == TG_OWNER ? partner : TG_OWNER;
            turn_left = (int)tg_rng_range(&d->r, 1, 3);
            ms += reply_delay_ms(d);
        } else if (mode != MODE_TWO && tg_rng_chance(&d->r, 0.5)) {
            ms += (int64_t)tg_rng_range(&d->r, 1, 40) * DAY * 1000;
        } else {
            ms += (int64_t)tg_rng_range(&d->r, 4000, 120000);
        }
        if (tg_rng_chance(&d->r, 0.08))
            ms += (int64_t)tg_rng_range(&d->r, 1, 60) * DAY * 1000; /* a new session */
    }
}

static uint32_t pick_partner(DmPlanner *d)
{
    TgPlan *p = d->p;
    if (p->nord == 0)
        return new_contact(d, TG_C_DM_ONLY);
    for (int tries = 0; tries < 24; tries++) {
        uint32_t c = tg_alias_pick(&d->zipf, &d->r);
        if (g_hash_table_contains(d->partners, GUINT_TO_POINTER(c + 1)))
            continue;
        if (tg_contact(p, c)->flags & TG_C_SPECIAL)
            continue;
        return c;
    }
    return new_contact(d, TG_C_DM_ONLY);
}

static void window_of(DmPlanner *d, uint32_t c, int64_t *lo, int64_t *hi)
{
    TgContact *ct = tg_contact(d->p, c);
    *lo = MAX(d->lo, ct->from);
    *hi = MIN(d->hi, ct->to);
    if (*hi - *lo < 10 * DAY) {
        *lo = d->lo;
        *hi = d->hi;
    }
}

/* A conversation opened by `sender` with one planted text, maybe answered. */
static void opened_by(DmPlanner *d, uint32_t sender, TgTextKind tk, int arg, double p_answer)
{
    int64_t lo, hi;
    window_of(d, sender, &lo, &hi);
    TgConv *cv = conv_new(d, sender);
    (void)cv;
    int64_t ms = rand_ms(d, lo, hi - 10 * DAY);
    msg_add(d, ms, sender, TG_M_CREATE, tk, arg);
    if (tg_rng_chance(&d->r, p_answer)) {
        ms += reply_delay_ms(d);
        msg_add(d, ms, TG_OWNER, TG_M_CREATE, TG_TX_RANDOM, 0);
        if (tg_rng_chance(&d->r, 0.5))
            msg_add(d, ms + reply_delay_ms(d), sender, TG_M_CREATE, TG_TX_STOCK, short_stock(d));
    }
    conv_finish(d, last_conv(d));
}

static void owner_opens(DmPlanner *d, uint32_t to, TgTextKind tk, int arg, double p_answer)
{
    int64_t lo, hi;
    window_of(d, to, &lo, &hi);
    conv_new(d, to);
    int64_t ms = rand_ms(d, lo, hi - 10 * DAY);
    msg_add(d, ms, TG_OWNER, TG_M_CREATE, tk, arg);
    if (tg_rng_chance(&d->r, p_answer)) {
        ms += reply_delay_ms(d);
        msg_add(d, ms, to, TG_M_CREATE, TG_TX_RANDOM, 0);
    }
    conv_finish(d, last_conv(d));
}

static int plant_special_dms(DmPlanner *d)
{
    TgPlan *p = d->p;
    guint before = p->msgs->len;
    /* a business whose conversation holds nothing but its welcome message */
    uint32_t biz = new_contact(d, TG_C_BUSINESS | TG_C_DM_ONLY);
    p->p_welcome_only = biz;
    conv_new(d, biz);
    msg_add(d, rand_ms(d, d->lo, d->hi), biz, TG_M_WELCOME, TG_TX_WELCOME, 0);
    conv_finish(d, last_conv(d));
    g_array_append_val(p->p_automated, biz);
    /* a business with a welcome message the owner answered */
    uint32_t biz2 = new_contact(d, TG_C_BUSINESS | TG_C_DM_ONLY | TG_C_I_FOLLOW);
    conv_new(d, biz2);
    int64_t ms = rand_ms(d, d->lo, d->hi - 20 * DAY);
    msg_add(d, ms, biz2, TG_M_WELCOME, TG_TX_WELCOME, 1);
    ms += reply_delay_ms(d);
    msg_add(d, ms, TG_OWNER, TG_M_CREATE, TG_TX_RANDOM, 0);
    msg_add(d, ms + reply_delay_ms(d), biz2, TG_M_CREATE, TG_TX_STOCK, 3);
    conv_finish(d, last_conv(d));
    g_array_append_val(p->p_automated, biz2);
    /* template family A: exact and near-duplicate copies from three senders */
    for (int v = 0; v < 3; v++) {
        uint32_t s = v == 0 && p->nord > 30 ? 12 + (uint32_t)tg_rng_below(&d->r, MIN(p->nord - 12, 40))
                                             : new_contact(d, TG_C_DM_ONLY);
        if (g_hash_table_contains(d->partners, GUINT_TO_POINTER(s + 1)) ||
            (tg_contact(p, s)->flags & (TG_C_SPECIAL | TG_C_CIRCLE | TG_C_CHAT | TG_C_RENAMED | TG_C_SHARED)))
            s = new_contact(d, TG_C_DM_ONLY);
        tg_contact(p, s)->flags |= TG_C_TEMPLATE;
        opened_by(d, s, TG_TX_TPL_A, v, v == 0 ? 0.6 : 0.0);
        g_array_append_val(p->p_automated, s);
    }
    /* "Thanks for following!": three words, equal, two senders -> automated */
    for (int v = 0; v < 2; v++) {
        uint32_t s = new_contact(d, TG_C_DM_ONLY | TG_C_TEMPLATE);
        opened_by(d, s, TG_TX_TPL_B, v, 0.0);
        g_array_append_val(p->p_automated, s);
        g_array_append_val(p->p_three_word, s);
    }
    /* a lone template-like text: nobody else sends it -> not automated */
    uint32_t lone = new_contact(d, TG_C_DM_ONLY);
    opened_by(d, lone, TG_TX_LONE, 0, 0.0);
    g_array_append_val(p->p_lone, lone);
    /* two openers sharing 19 of 20 words: Jaccard 0.71 -> not automated */
    for (int v = 0; v < 2; v++) {
        uint32_t s = new_contact(d, TG_C_DM_ONLY);
        opened_by(d, s, TG_TX_NEAR, v, 0.5);
    }
    /* "hi!" and "hey there" from two senders each: too short to compare */
    for (int v = 0; v < 4; v++) {
        uint32_t s = pick_partner(d);
        opened_by(d, s, v < 2 ? TG_TX_HI : TG_TX_HEY_THERE, 0, 0.7);
        g_array_append_val(p->p_short, s);
    }
    /* the owner opens three with "hey 👋": two words, no template */
    for (int v = 0; v < 3; v++)
        owner_opens(d, pick_partner(d), TG_TX_OWNER_HEY, 0, 0.6);
    p->p_owner_short = 3;
    if (p->opt->owner_autodm) {
        int n = (int)tg_rng_range(&d->r, 3, 5);
        for (int v = 0; v < n + 3; v++) {
            uint32_t s = new_contact(d, TG_C_DM_ONLY | TG_C_FOLLOWS_ME);
            owner_opens(d, s, v < n ? TG_TX_OWNER_TPL : TG_TX_OWNER_CONNECT, v, v % 3 == 1 ? 1.0 : 0.0);
            g_array_append_val(p->p_autodm_recipients, s);
        }
        p->p_owner_templates = 2;
    }
    return (int)(p->msgs->len - before);
}

static const char *const group_names[] = {"Crew", "weekend plans", "book club 📚", "🎮 squad",
                                          "conf buddies", "the usual suspects", "rust nerds",
                                          "🏃 run club"};

static void plan_group(DmPlanner *d, const uint32_t *members, int nm, int budget, int gi)
{
    TgPlan *p = d->p;
    TgConv *cv = conv_new(d, TG_NONE);
    int64_t lo = d->lo, hi = d->hi;
    if (nm > 0) {
        TgContact *c0 = tg_contact(p, members[0]);
        lo = MAX(lo, c0->from);
        hi = MIN(hi, c0->to);
        if (hi - lo < 60 * DAY) {
            lo = d->lo;
            hi = d->hi;
        }
    }
    int64_t ms = rand_ms(d, lo, lo + (hi - lo) / 3);
    cv->group_id = tg_snowflake(ms - 3600000, 11, (unsigned)gi);
    g_snprintf(cv->conv_id, sizeof cv->conv_id, "%" G_GUINT64_FORMAT, (guint64)cv->group_id);
    cv->name = group_names[gi % G_N_ELEMENTS(group_names)];
    cv->members = g_new(uint32_t, (gsize)nm + 1);
    memcpy(cv->members, members, sizeof(uint32_t) * (gsize)nm);
    cv->nmembers = (uint32_t)nm;
    msg_add(d, ms, members[0], TG_M_JOIN, TG_TX_RANDOM, 0);
    ms += 1000 + (int64_t)tg_rng_below(&d->r, 60000);
    msg_add(d, ms, tg_rng_chance(&d->r, 0.5) ? TG_OWNER : members[1 % nm], TG_M_RENAME,
            TG_TX_RANDOM, gi);
    /* active writers: the members, plus a newcomer half-way; one leaves near the end */
    uint32_t newcomer = TG_NONE, leaver = TG_NONE;
    int join_at = budget / 2, leave_at = budget * 4 / 5;
    if (budget >= 6 && p->nord > 0) {
        for (int tries = 0; tries < 20 && newcomer == TG_NONE; tries++) {
            uint32_t c = tg_alias_pick(&d->zipf, &d->r);
            gboolean in = FALSE;
            for (int i = 0; i < nm; i++)
                if (members[i] == c)
                    in = TRUE;
            if (!in && !(tg_contact(p, c)->flags & TG_C_SPECIAL))
                newcomer = c;
        }
        leaver = members[nm - 1];
    }
    uint32_t writers[16];
    int nw = 0;
    for (int i = 0; i < nm && nw < 15; i++)
        writers[nw++] = members[i];
    for (int k = 0; k < budget; k++) {
        if (k == join_at && newcomer != TG_NONE) {
            TgMsg *m = msg_add(d, ms, members[0], TG_M_PJOIN, TG_TX_RANDOM, 0);
            m->arg2 = newcomer;
            ms += 1000;
            writers[nw++] = newcomer;
            cv->members[cv->nmembers] = newcomer; /* the array has room for one more */
        }
        if (k == leave_at && leaver != TG_NONE) {
            TgMsg *m = msg_add(d, ms, leaver, TG_M_PLEAVE, TG_TX_RANDOM, 0);
            m->arg2 = leaver;
            ms += 1000;
            for (int i = 0; i < nw; i++)
                if (writers[i] == leaver)
                    writers[i] = writers[--nw];
        }
        uint32_t who = tg_rng_chance(&d->r, 0.15) ? TG_OWNER : writers[tg_rng_below(&d->r, (uint64_t)nw)];
        TgTextKind tk = tg_rng_chance(&d->r, 0.5) ? TG_TX_STOCK : TG_TX_RANDOM;
        msg_add(d, ms, who, TG_M_CREATE, tk, (int)tg_rng_below(&d->r, (uint64_t)tg_n_stock_dm));
        if (tg_rng_chance(&d->r, 0.12)) {
            uint32_t by = writers[tg_rng_below(&d->r, (uint64_t)nw)];
            msg_add(d, ms + 5000 + (int64_t)tg_rng_below(&d->r, 600000), by, TG_M_REACTION,
                    TG_TX_RANDOM, 0);
        }
        ms += tg_rng_chance(&d->r, 0.2) ? (int64_t)tg_rng_range(&d->r, 1, 30) * DAY * 1000
                                        : (int64_t)tg_rng_range(&d->r, 20000, 3600000);
        if (ms / 1000 > hi)
            ms = hi * 1000 - (int64_t)tg_rng_below(&d->r, 3600000);
    }
    if (newcomer != TG_NONE && budget > join_at)
        cv->nmembers++;
    conv_finish(d, last_conv(d));
}

void tg_plan_dms(TgPlan *p)
{
    TgOptions *o = p->opt;
    if (o->dms <= 0)
        return;
    DmPlanner d;
    memset(&d, 0, sizeof d);
    d.p = p;
    tg_rng_seed(&d.r, o->seed, S_DMS);
    d.ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    d.handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d.partners = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < p->contacts->len; i++) {
        TgContact *c = tg_contact(p, i);
        uint64_t *k = g_new(uint64_t, 1);
        *k = c->id;
        g_hash_table_add(d.ids, k);
        char *low = g_ascii_strdown(c->sn, -1);
        g_hash_table_add(d.handles, low);
        if (c->old_sn)
            g_hash_table_add(d.handles, g_ascii_strdown(c->old_sn, -1));
    }
    g_hash_table_add(d.handles, g_ascii_strdown(p->owner_sn, -1));
    g_hash_table_add(d.handles, g_ascii_strdown(p->owner_old_sn, -1));
    reserve_taken(&d);
    d.lo = p->start + (p->end - p->start) / 8;
    d.hi = p->end - 3600;
    if (p->nord) {
        double *w = g_new(double, p->nord);
        for (uint32_t i = 0; i < p->nord; i++)
            w[i] = 1.0 / pow((double)i + 1.0, 1.1);
        tg_alias_init(&d.zipf, w, p->nord);
        g_free(w);
    }

    int64_t budget = o->dms;
    int64_t group_budget = budget >= 60 ? budget * 12 / 100 : 0;
    if (budget >= 60)
        budget -= plant_special_dms(&d);
    budget -= group_budget;

    /* group conversations: one per planted circle, plus a few more */
    if (group_budget > 0) {
        int ncircle = 0;
        for (int c = 0; c < 3; c++)
            if (p->circle_n[c])
                ncircle++;
        int ngroups = ncircle + 2 + (int)(o->dms / 5000);
        int per = (int)MAX(4, group_budget / ngroups);
        int gi = 0;
        for (int c = 0; c < 3; c++) {
            if (!p->circle_n[c])
                continue;
            plan_group(&d, p->circle_members[c], p->circle_n[c], per, gi++);
        }
        while (gi < ngroups && p->nord >= 8) {
            uint32_t mem[8];
            int nm = (int)tg_rng_range(&d.r, 3, 7);
            for (int i = 0; i < nm; i++) {
                for (int tries = 0;; tries++) {
                    uint32_t c = tg_alias_pick(&d.zipf, &d.r);
                    gboolean dup = FALSE;
                    for (int j = 0; j < i; j++)
                        if (mem[j] == c)
                            dup = TRUE;
                    if (!dup && (tries > 50 || !(tg_contact(p, c)->flags & TG_C_SPECIAL))) {
                        mem[i] = c;
                        break;
                    }
                }
            }
            plan_group(&d, mem, nm, per, gi++);
        }
    }

    /* regular 1:1 conversations until the budget is spent */
    GArray *regular = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    while (budget > 0) {
        int64_t n = 1 + (int64_t)floor(exp(1.8 + 1.0 * tg_rng_normal(&d.r)));
        n = CLAMP(n, 1, MIN(budget, 3000));
        uint32_t partner = tg_rng_chance(&d.r, 0.25) ? new_contact(&d, TG_C_DM_ONLY) : pick_partner(&d);
        double u = tg_rng_unit(&d.r);
        Mode mode = n == 1 ? (u < 0.6 ? MODE_IN : MODE_OUT) : u < 0.62 ? MODE_TWO : u < 0.85 ? MODE_IN : MODE_OUT;
        if (mode != MODE_TWO && n > 6)
            n = 1 + n % 6;
        int64_t lo, hi;
        window_of(&d, partner, &lo, &hi);
        conv_new(&d, partner);
        int64_t ms0 = rand_ms(&d, lo, lo + (int64_t)((double)(hi - lo) * 0.8));
        guint before = p->msgs->len;
        conv_fill(&d, partner, (int)n, mode, ms0, hi, tg_rng_chance(&d.r, 0.45));
        TgConv *cv = last_conv(&d);
        if (cv->n == 0)
            msg_add(&d, ms0, partner, TG_M_CREATE, TG_TX_STOCK, short_stock(&d));
        conv_finish(&d, cv);
        budget -= (int64_t)(p->msgs->len - before);
        uint32_t ci = p->convs->len - 1;
        g_array_append_val(regular, ci);
    }
    /* long conversations come in chunks; make sure two of them do */
    int forced = 0;
    for (guint k = regular->len; k-- > 0;) {
        TgConv *cv = &g_array_index(p->convs, TgConv, g_array_index(regular, uint32_t, k));
        if (cv->n > 120)
            cv->chunk = (uint32_t)tg_rng_range(&d.r, 50, 100);
        else if (cv->n >= 5 && forced < 2) {
            cv->chunk = (cv->n + 1) / 2;
            forced++;
        }
    }
    g_array_free(regular, TRUE);
    tg_alias_clear(&d.zipf);
    g_hash_table_destroy(d.ids);
    g_hash_table_destroy(d.handles);
    g_hash_table_destroy(d.partners);
}

void tg_plan_peer_dms(TgPlan *p)
{
    const TgPeer *pe = p->opt->peer;
    if (!pe || !pe->msgs || !pe->msgs->len)
        return;
    TgConv cv;
    memset(&cv, 0, sizeof cv);
    cv.partner = p->peer_contact;
    cv.first = p->msgs->len;
    cv.n = pe->msgs->len;
    g_strlcpy(cv.conv_id, pe->conv_id, sizeof cv.conv_id);
    cv.text_seed = pe->text_seed;
    /* the same messages, held as archives do: the second archive splits them in two entries */
    if (pe->second && cv.n >= 6)
        cv.chunk = (cv.n + 1) / 2;
    for (guint i = 0; i < pe->msgs->len; i++) {
        TgMsg m = g_array_index(pe->msgs, TgMsg, i);
        gboolean by_first = m.sender == TG_OWNER;
        m.sender = by_first == !pe->second ? TG_OWNER : p->peer_contact;
        m.arg2 = TG_NONE;
        g_array_append_val(p->msgs, m);
    }
    g_array_append_val(p->convs, cv);
    p->peer_conv = p->convs->len - 1;
}

static void shuffle(GArray *a, TgRng *r)
{
    for (guint i = a->len; i > 1; i--) {
        guint j = (guint)tg_rng_below(r, i);
        uint32_t t = g_array_index(a, uint32_t, i - 1);
        g_array_index(a, uint32_t, i - 1) = g_array_index(a, uint32_t, j);
        g_array_index(a, uint32_t, j) = t;
    }
}

void tg_plan_follows(TgPlan *p)
{
    TgOptions *o = p->opt;
    DmPlanner d;
    memset(&d, 0, sizeof d);
    d.p = p;
    tg_rng_seed(&d.r, o->seed, S_FOLLOWS);
    d.ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    d.handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    d.partners = g_hash_table_new(g_direct_hash, g_direct_equal);
    d.lo = p->start;
    d.hi = p->end;
    for (guint i = 0; i < p->contacts->len; i++) {
        uint64_t *k = g_new(uint64_t, 1);
        *k = tg_contact(p, i)->id;
        g_hash_table_add(d.ids, k);
        g_hash_table_add(d.handles, g_ascii_strdown(tg_contact(p, i)->sn, -1));
    }
    reserve_taken(&d);
    int64_t F = o->followers, G = o->following;
    int64_t nf = 0, ng = 0;
    guint ncontacts = p->contacts->len;
    /* the people the owner talks with follow and are followed more often */
    for (guint i = 0; i < ncontacts; i++) {
        TgContact *c = tg_contact(p, i);
        double pf, pg;
        if (c->flags & TG_C_PEER) {
            /* the other owner: the planted follows, whatever the lists' sizes */
            if (o->peer->follows_me) {
                c->flags |= TG_C_FOLLOWS_ME;
                g_array_append_val(p->followers, i);
                nf++;
            }
            if (o->peer->i_follow) {
                c->flags |= TG_C_I_FOLLOW;
                g_array_append_val(p->following, i);
                ng++;
            }
            continue;
        }
        if (c->flags & (TG_C_DELETED | TG_C_QUOTE_ONLY | TG_C_CONTEXT_ONLY))
            continue;
        if (c->flags & TG_C_BUSINESS) {
            pf = 0;
            pg = (c->flags & TG_C_I_FOLLOW) ? 1 : 0;
        } else if (i < p->nord) {
            pg = 0.25 + 0.65 / (1.0 + i / 40.0);
            pf = 0.2 + 0.6 / (1.0 + i / 40.0);
        } else if (c->flags & TG_C_FOLLOWS_ME) {
            pf = 1;
            pg = 0.2;
        } else if (c->flags & TG_C_DORMANT) {
            pf = 0.5;
            pg = 0.5;
        } else {
            pf = 0.45;
            pg = 0.35;
        }
        gboolean g = tg_rng_chance(&d.r, pg), f;
        /* mutuals: following someone makes being followed back likely */
        f = tg_rng_chance(&d.r, g ? MIN(1.0, pf * 1.8) : pf * 0.6);
        if (c->flags & TG_C_FOLLOWS_ME)
            f = TRUE;
        c->flags &= ~(uint32_t)(TG_C_FOLLOWS_ME | TG_C_I_FOLLOW);
        if (f && nf < F) {
            c->flags |= TG_C_FOLLOWS_ME;
            g_array_append_val(p->followers, i);
            nf++;
        }
        if (g && ng < G) {
            c->flags |= TG_C_I_FOLLOW;
            g_array_append_val(p->following, i);
            ng++;
        }
    }
    /* the rest: accounts known by id only (silent follows), some of them mutual */
    while (ng < G) {
        uint32_t c = new_contact(&d, TG_C_SILENT);
        tg_contact(p, c)->flags |= TG_C_I_FOLLOW;
        g_array_append_val(p->following, c);
        ng++;
        if (nf < F && tg_rng_chance(&d.r, 0.45)) {
            tg_contact(p, c)->flags |= TG_C_FOLLOWS_ME;
            g_array_append_val(p->followers, c);
            nf++;
        }
    }
    while (nf < F) {
        uint32_t c = new_contact(&d, TG_C_SILENT);
        tg_contact(p, c)->flags |= TG_C_FOLLOWS_ME;
        g_array_append_val(p->followers, c);
        nf++;
    }
    shuffle(p->followers, &d.r);
    shuffle(p->following, &d.r);
    g_hash_table_destroy(d.ids);
    g_hash_table_destroy(d.handles);
    g_hash_table_destroy(d.partners);
}
