/* SPDX-License-Identifier: MIT */
/* tg-gen: pair mode, two archives whose owners talk to each other. It previews both owners,
 * finds the span both archives cover, and plans what they share whatever their layouts: one
 * 1:1 conversation (the same id, messages, ids and texts in both) and the follows between
 * them. The first archive is then planned knowing only the second owner; the second avoids
 * every id and handle of the first and takes over the contacts both owners share. */
#include "gen.h"

#include <math.h>
#include <string.h>

#define DAY 86400

static gboolean same_handle(const char *a, const char *b)
{
    return a && b && !g_ascii_strcasecmp(a, b);
}

/* A two-way conversation in the first archive's terms: sender TG_OWNER is the first owner,
 * 0 the second. Turns of one to three messages, answers after minutes to days, now and then
 * a new session; times strictly increasing, ids snowflakes of their time (worker 12: no
 * other message of either archive uses it). */
static GArray *plan_conversation(TgRng *r, int64_t lo, int64_t hi)
{
    GArray *msgs = g_array_new(FALSE, TRUE, sizeof(TgMsg));
    int n = (int)tg_rng_range(r, 8, 18);
    uint32_t side = tg_rng_chance(r, 0.5) ? TG_OWNER : 0;
    int64_t ms = (lo + (int64_t)tg_rng_below(r, (uint64_t)MAX(1, hi - lo - 40 * DAY))) * 1000;
    int turn_left = (int)tg_rng_range(r, 1, 3);
    uint32_t seq = 0;
    for (int i = 0; i < n && ms / 1000 < hi; i++) {
        TgMsg m;
        memset(&m, 0, sizeof m);
        if (msgs->len && ms <= g_array_index(msgs, TgMsg, msgs->len - 1).ms)
            ms = g_array_index(msgs, TgMsg, msgs->len - 1).ms + 1;
        m.ms = ms;
        m.id = tg_snowflake(ms, 12, seq++);
        m.sender = side;
        m.type = TG_M_CREATE;
        m.arg2 = TG_NONE;
        m.seed = (uint32_t)tg_rng_next(r);
        if (i == 0) {
            /* a stock start and six or more random words: no template, no near duplicate */
            m.text = TG_TX_OPENER;
            m.arg = (uint16_t)tg_rng_below(r, (uint64_t)tg_n_stock_dm);
        } else if (tg_rng_chance(r, 0.35)) {
            m.text = TG_TX_STOCK;
            m.arg = (uint16_t)tg_rng_below(r, (uint64_t)tg_n_stock_dm);
        } else {
            m.text = TG_TX_RANDOM;
        }
        m.reacted = tg_rng_chance(r, 0.1);
        g_array_append_val(msgs, m);
        if (--turn_left <= 0) {
            side = side == TG_OWNER ? 0 : TG_OWNER;
            turn_left = (int)tg_rng_range(r, 1, 3);
            double s = exp(log(900.0) + 1.5 * tg_rng_normal(r));
            ms += (int64_t)(CLAMP(s, 20.0, 3.0 * DAY) * 1000.0) + (int64_t)tg_rng_below(r, 1000);
        } else {
            ms += tg_rng_range(r, 4000, 90000);
        }
        if (tg_rng_chance(r, 0.1))
            ms += tg_rng_range(r, 1, 20) * DAY * 1000; /* a new session */
    }
    return msgs;
}

gboolean tg_pair_init(TgPair *pair, TgOptions *a, TgOptions *b, TgFollowMode follows,
                      GError **error)
{
    memset(pair, 0, sizeof *pair);
    if (!tg_plan_identity(a, &pair->a, error) || !tg_plan_identity(b, &pair->b, error))
        return FALSE;
    TgAccount *x = &pair->a, *y = &pair->b;
    if (x->id == y->id || same_handle(x->sn, y->sn) || same_handle(x->sn, y->old_sn) ||
        same_handle(x->old_sn, y->sn) || same_handle(x->old_sn, y->old_sn)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "tg-gen: the two owners would share an id or a handle: choose another --peer-seed");
        return FALSE;
    }
    int64_t lo = MAX(x->start, y->start) + 30 * DAY;
    int64_t hi = MIN(x->end, y->end) - 2 * DAY;
    if (hi - lo < 120 * DAY) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "tg-gen: the two archives have less than 152 days in common: set --end, "
                    "--peer-end or --years");
        return FALSE;
    }
    int stale = 0;
    if (x->old_sn && x->renamed + 2 * DAY >= hi)
        pair->known_by_old_name[stale++] = x;
    if (y->old_sn && y->renamed + 2 * DAY >= hi)
        pair->known_by_old_name[stale++] = y;
    uint64_t seed = tg_mix64(a->seed ^ tg_mix64(b->seed ^ 0x70a12ull)) | 1;
    TgRng r;
    tg_rng_seed(&r, seed, 1);
    /* drawn whether asked for or not: --peer-follows changes nothing else */
    TgFollowMode mode = (TgFollowMode)(TG_FOLLOW_BOTH + (int)tg_rng_below(&r, 3));
    if (follows != TG_FOLLOW_DRAWN)
        mode = follows;
    gboolean a_follows_b = mode == TG_FOLLOW_BOTH || mode == TG_FOLLOW_FIRST;
    gboolean b_follows_a = mode == TG_FOLLOW_BOTH || mode == TG_FOLLOW_SECOND;
    pair->msgs = plan_conversation(&r, lo, hi);

    TgPeer *f = &pair->first, *s = &pair->second;
    f->second = FALSE;
    f->other = *y; /* borrowed strings: pair->b owns them */
    f->i_follow = a_follows_b;
    f->follows_me = b_follows_a;
    s->second = TRUE;
    s->other = *x;
    s->i_follow = b_follows_a;
    s->follows_me = a_follows_b;
    for (int k = 0; k < 2; k++) {
        TgPeer *pe = k ? s : f;
        pe->lo = lo;
        pe->hi = hi;
        pe->msgs = pair->msgs;
        pe->text_seed = seed;
        g_snprintf(pe->conv_id, sizeof pe->conv_id, "%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                   (guint64)MIN(x->id, y->id), (guint64)MAX(x->id, y->id));
    }
    a->peer = f;
    return TRUE;
}

static void take_handle(GHashTable *set, const char *h)
{
    if (h)
        g_hash_table_add(set, g_ascii_strdown(h, -1));
}

void tg_pair_take_first(TgPair *pair, TgPlan *first, TgOptions *b)
{
    TgPeer *s = &pair->second;
    s->taken_ids = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    s->taken_handles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->shared = g_array_new(FALSE, TRUE, sizeof(TgContact));
    uint64_t *k = g_new(uint64_t, 1);
    *k = first->owner_id;
    g_hash_table_add(s->taken_ids, k);
    take_handle(s->taken_handles, first->owner_sn);
    take_handle(s->taken_handles, first->owner_old_sn);
    for (guint i = 0; i < first->contacts->len; i++) {
        const TgContact *c = tg_contact(first, i);
        k = g_new(uint64_t, 1);
        *k = c->id;
        g_hash_table_add(s->taken_ids, k);
        take_handle(s->taken_handles, c->sn);
        take_handle(s->taken_handles, c->old_sn);
    }
    for (guint i = 0; first->peer_shared && i < first->peer_shared->len; i++) {
        const TgContact *c = tg_contact(first, g_array_index(first->peer_shared, uint32_t, i));
        TgContact copy;
        memset(&copy, 0, sizeof copy);
        copy.id = c->id;
        g_strlcpy(copy.idstr, c->idstr, sizeof copy.idstr);
        copy.sn = g_strdup(c->sn);
        copy.disp = g_strdup(c->disp);
        copy.circle = -1;
        g_array_append_val(s->shared, copy);
    }
    b->peer = s;
}

void tg_pair_clear(TgPair *pair)
{
    TgPeer *s = &pair->second;
    if (s->taken_ids)
        g_hash_table_destroy(s->taken_ids);
    if (s->taken_handles)
        g_hash_table_destroy(s->taken_handles);
    if (s->shared) {
        for (guint i = 0; i < s->shared->len; i++) {
            TgContact *c = &g_array_index(s->shared, TgContact, i);
            g_free(c->sn);
            g_free(c->disp);
        }
        g_array_free(s->shared, TRUE);
    }
    if (pair->msgs)
        g_array_free(pair->msgs, TRUE);
    tg_account_clear(&pair->a);
    tg_account_clear(&pair->b);
    memset(pair, 0, sizeof *pair);
}
