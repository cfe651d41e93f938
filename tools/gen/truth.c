/* SPDX-License-Identifier: MIT */
/* tg-gen: the ground truth. It tallies what the plan put into the archive (never re-reading
 * the files) and derives every SPEC.md figure from it: tweet kinds, per-contact interaction
 * counters and classes, dormancy, monthly series in the owner's zone, DM response times,
 * automated senders, recurring chats, follows, funnel and resolution; then writes them in
 * the format of the shared synthetic fixtures' truth files, plus the inspect-level counts. */
#include "gen.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { C_REPLIES, C_MENTIONS, C_CONTEXT, C_RETWEETS, C_QUOTES, C_DMS_SENT, C_DMS_RECEIVED, C_GROUP, C_N };

typedef struct {
    int32_t c[C_N];
    int64_t first, last; /* ms */
    uint64_t *months;
    gboolean automated;
    /* resolved names */
    int64_t sn_t, disp_t;
    const char *sn, *disp;
} Acc;

typedef struct {
    char *key;        /* lower-case quoted name */
    char *shown;      /* latest quoted form */
    int64_t shown_t;
    Acc acc;
} NameOnly;

typedef struct {
    const char *id;   /* "" for name-only */
    const char *sn, *name;
    Acc *a;
    int32_t talk_out, talk_in, strength;
    gboolean follows_me, i_follow;
    const char *cls;
    gboolean dormant;
    int circle;
    int active_months;
} Row;

typedef struct {
    TgPlan *p;
    Acc *acc;                 /* per contact */
    GPtrArray *names;         /* NameOnly * */
    GHashTable *name_index;   /* key -> NameOnly * */
    GHashTable *pair;         /* lower name -> contact index + 1 (latest pairing) */
    int64_t mbase;            /* first month index (y*12+m-1), local */
    int nmonths, words;
    uint64_t *bits;
    /* monthly */
    int32_t (*kinds)[TG_K_COUNT];
    int32_t *m_sent, *m_recv, *m_num, *m_den, *m_new, *m_active;
    int64_t first_ms, end_ms;
    gboolean any_event;
} Tally;

static const char *const kind_names[TG_K_COUNT] = {"original", "reply", "thread", "retweet", "quote"};
static const char *const counter_names[C_N] = {"replies", "mentions", "context", "retweets",
                                               "quotes", "dms_sent", "dms_received",
                                               "group_dms_received"};

static int64_t month_index(Tally *T, int64_t ms)
{
    int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    TgTm tm;
    tg_tm_from_unix(&tm, tg_zone_local(&T->p->zone, s));
    return (int64_t)tm.y * 12 + tm.mo - 1;
}

static void acc_init(Tally *T, Acc *a)
{
    memset(a, 0, sizeof *a);
    a->first = INT64_MAX;
    a->last = INT64_MIN;
    a->months = NULL;
    (void)T;
}

static uint64_t *acc_months(Tally *T, Acc *a)
{
    if (!a->months)
        a->months = g_new0(uint64_t, (gsize)T->words);
    return a->months;
}

static void hit(Tally *T, Acc *a, int what, int64_t ms)
{
    a->c[what]++;
    if (ms < a->first)
        a->first = ms;
    if (ms > a->last)
        a->last = ms;
    int64_t m = month_index(T, ms) - T->mbase;
    if (m >= 0 && m < T->nmonths)
        acc_months(T, a)[m / 64] |= 1ull << (m % 64);
}

static void event(Tally *T, int64_t ms)
{
    if (!T->any_event || ms < T->first_ms)
        T->first_ms = ms;
    if (!T->any_event || ms > T->end_ms)
        T->end_ms = ms;
    T->any_event = TRUE;
}

static Acc *acc_of(Tally *T, uint32_t c)
{
    return &T->acc[c];
}

/* ------------------------------------------------------------------ pairing */

static void pair(Tally *T, uint32_t who, int64_t t, gboolean display)
{
    TgPlan *p = T->p;
    if (who == TG_OWNER || who == TG_NONE)
        return;
    TgContact *c = tg_contact(p, who);
    const char *sn = tg_contact_sn_at(c, t);
    char *low = g_ascii_strdown(sn, -1);
    g_hash_table_replace(T->pair, low, GUINT_TO_POINTER(who + 1));
    Acc *a = acc_of(T, who);
    if (t >= a->sn_t) {
        a->sn_t = t;
        a->sn = sn;
    }
    if (display && t >= a->disp_t) {
        a->disp_t = t;
        a->disp = tg_contact_disp_at(c, t);
    }
}

static void pair_tweet(Tally *T, const TgTweet *tw)
{
    TgPlan *p = T->p;
    const uint32_t *pool = tg_pool(p, tw);
    int64_t t = tw->t;
    switch (tw->kind) {
    case TG_K_RETWEET: {
        gboolean empty = tw->var & TG_V_EMPTY_ENT;
        /* Grailbird's retweeted_status.user pairs the name even with empty entities */
        pair(T, tw->target, t, !empty);
        if (!empty)
            for (int k = 0; k < tw->nment; k++)
                pair(T, pool[tw->nrun + k], t, TRUE);
        break;
    }
    case TG_K_REPLY:
        if (!(tg_contact(p, tw->target)->flags & TG_C_DELETED))
            pair(T, tw->target, t, TRUE); /* entity, and in_reply_to_screen_name */
        /* fall through */
    case TG_K_THREAD:
    case TG_K_ORIGINAL:
    case TG_K_QUOTE:
        for (int k = 0; k < tw->nrun + tw->nment; k++)
            pair(T, pool[k], t, TRUE);
        break;
    }
}

/* ------------------------------------------------------------------ tweets */

static Acc *name_only(Tally *T, const char *written, int64_t t)
{
    char *low = g_ascii_strdown(written, -1);
    NameOnly *n = g_hash_table_lookup(T->name_index, low);
    if (!n) {
        n = g_new0(NameOnly, 1);
        n->key = low;
        acc_init(T, &n->acc);
        g_hash_table_insert(T->name_index, n->key, n);
        g_ptr_array_add(T->names, n);
    } else {
        g_free(low);
    }
    if (!n->shown || t >= n->shown_t) {
        g_free(n->shown);
        n->shown = g_strdup(written);
        n->shown_t = t;
    }
    return &n->acc;
}

typedef struct {
    int64_t local;      /* local wall clock (s) */
    uint32_t tweet;
    int32_t week;       /* ISO year*100 + week */
    int wday, hour;
} Use;

typedef struct {
    char *tag;          /* case-folded */
    GArray *uses;       /* Use */
} TagUses;

static int32_t iso_week(int64_t local)
{
    int64_t d = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int wd = (int)(((d % 7) + 7 + 3) % 7);
    int64_t thu = d - wd + 3;
    int y, m, dd;
    tg_civil_from_days(thu, &y, &m, &dd);
    int64_t jan1 = tg_days_from_civil(y, 1, 1);
    return (int32_t)(y * 100 + (thu - jan1) / 7 + 1);
}

static void tally_tweets(Tally *T, GHashTable *tags, GPtrArray *tag_order)
{
    TgPlan *p = T->p;
    for (uint32_t i = 0; i < p->ntweets; i++) {
        const TgTweet *tw = &p->tweets[i];
        const uint32_t *pool = tg_pool(p, tw);
        int64_t ms = tw->t * 1000;
        int64_t mi = month_index(T, ms) - T->mbase;
        T->kinds[mi][tw->kind]++;
        if (tw->kind == TG_K_RETWEET) {
            if (tw->target != TG_OWNER)
                hit(T, acc_of(T, tw->target), C_RETWEETS, ms);
            continue;
        }
        /* deliberate mentions: after the run in replies/threads, all of them otherwise */
        uint32_t delib[8];
        int nd = 0;
        for (int k = 0; k < tw->nment; k++) {
            uint32_t c = pool[tw->nrun + k];
            gboolean seen = c == TG_OWNER;
            for (int j = 0; j < nd; j++)
                if (delib[j] == c)
                    seen = TRUE;
            if (!seen)
                delib[nd++] = c;
        }
        for (int j = 0; j < nd; j++)
            hit(T, acc_of(T, delib[j]), C_MENTIONS, ms);
        if (tw->kind == TG_K_REPLY || tw->kind == TG_K_THREAD) {
            uint32_t target = tw->kind == TG_K_THREAD ? TG_OWNER : tw->target;
            uint32_t ctx[8];
            int nc = 0;
            for (int k = 0; k < tw->nrun; k++) {
                uint32_t c = pool[k];
                gboolean seen = c == TG_OWNER || c == target;
                for (int j = 0; j < nc; j++)
                    if (ctx[j] == c)
                        seen = TRUE;
                if (!seen)
                    ctx[nc++] = c;
            }
            for (int j = 0; j < nc; j++)
                hit(T, acc_of(T, ctx[j]), C_CONTEXT, ms);
        }
        if (tw->kind == TG_K_REPLY)
            hit(T, acc_of(T, tw->target), C_REPLIES, ms);
        Acc *quoted = NULL;
        uint32_t quoted_id = TG_NONE;
        if (tw->kind == TG_K_QUOTE) {
            char name[32];
            tg_quote_name(p, tw, name);
            char *low = g_ascii_strdown(name, -1);
            gpointer v = g_hash_table_lookup(T->pair, low);
            g_free(low);
            if (v) {
                quoted_id = GPOINTER_TO_UINT(v) - 1;
                quoted = acc_of(T, quoted_id);
            } else {
                quoted = name_only(T, name, tw->t);
            }
            hit(T, quoted, C_QUOTES, ms);
        }
        gboolean conv = tw->kind == TG_K_REPLY || tw->kind == TG_K_QUOTE ||
                        (tw->kind == TG_K_ORIGINAL && nd > 0);
        if (conv)
            T->m_num[mi]++;
        if (tw->kind != TG_K_THREAD)
            T->m_den[mi]++;
        /* hashtags: case-folded, once per non-retweet tweet */
        for (int k = 0; k < 2; k++) {
            if (!tw->tag[k])
                continue;
            char *folded = g_ascii_strdown(g_ptr_array_index(p->tags, tw->tag[k] - 1), -1);
            TagUses *tu = g_hash_table_lookup(tags, folded);
            if (!tu) {
                tu = g_new0(TagUses, 1);
                tu->tag = folded;
                tu->uses = g_array_new(FALSE, FALSE, sizeof(Use));
                g_hash_table_insert(tags, tu->tag, tu);
                g_ptr_array_add(tag_order, tu);
            } else {
                g_free(folded);
            }
            Use u;
            u.local = tg_zone_local(&p->zone, tw->t);
            u.tweet = i;
            u.week = iso_week(u.local);
            TgTm tm;
            tg_tm_from_unix(&tm, u.local);
            u.wday = tm.wday;
            u.hour = tm.h;
            g_array_append_val(tu->uses, u);
        }
    }
}

/* The contacts a chat use addresses: reply target, deliberate mentions, quoted contact. */
static void use_contacts(Tally *T, uint32_t i, GHashTable *set)
{
    TgPlan *p = T->p;
    const TgTweet *tw = &p->tweets[i];
    const uint32_t *pool = tg_pool(p, tw);
    for (int k = 0; k < tw->nment; k++)
        if (pool[tw->nrun + k] != TG_OWNER)
            g_hash_table_add(set, (gpointer)tg_contact(p, pool[tw->nrun + k])->idstr);
    if (tw->kind == TG_K_REPLY)
        g_hash_table_add(set, (gpointer)tg_contact(p, tw->target)->idstr);
    if (tw->kind == TG_K_QUOTE) {
        char name[32];
        tg_quote_name(p, tw, name);
        char *low = g_ascii_strdown(name, -1);
        gpointer v = g_hash_table_lookup(T->pair, low);
        g_free(low);
        if (v)
            g_hash_table_add(set, (gpointer)tg_contact(p, GPOINTER_TO_UINT(v) - 1)->idstr);
    }
}

/* ------------------------------------------------------------------ DMs */

typedef struct {
    int conversations, group_conversations, sent, received, two_sided, opened_by_other, answered;
    GArray *samples; /* double seconds */
    int one_msgs, group_msgs;
    GHashTable *automated; /* contact index + 1 */
    int owner_templates;
} DmTally;

static int family_of(int text)
{
    switch (text) {
    case TG_TX_TPL_A:
        return 1;
    case TG_TX_TPL_B:
        return 2;
    case TG_TX_OWNER_TPL:
        return 3;
    case TG_TX_OWNER_CONNECT:
        return 4;
    default:
        return 0;
    }
}

static void tally_dms(Tally *T, DmTally *D)
{
    TgPlan *p = T->p;
    GHashTable *family_senders[5];
    int owner_family[5] = {0};
    for (int f = 0; f < 5; f++)
        family_senders[f] = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint k = 0; k < p->convs->len; k++) {
        const TgConv *cv = &g_array_index(p->convs, TgConv, k);
        const TgMsg *m = &g_array_index(p->msgs, TgMsg, cv->first);
        if (cv->partner == TG_NONE) {
            D->group_conversations++;
            for (uint32_t j = 0; j < cv->n; j++) {
                if (m[j].type == TG_M_CREATE) {
                    event(T, m[j].ms);
                    D->group_msgs++;
                    if (m[j].sender != TG_OWNER)
                        hit(T, acc_of(T, m[j].sender), C_GROUP, m[j].ms);
                } else if (m[j].type == TG_M_WELCOME) {
                    event(T, m[j].ms);
                    g_hash_table_add(D->automated, GUINT_TO_POINTER(m[j].sender + 1));
                }
            }
            continue;
        }
        D->conversations++;
        gboolean wrote_o = FALSE, wrote_x = FALSE;
        int64_t turn = -1;
        const TgMsg *opener = NULL;
        for (uint32_t j = 0; j < cv->n; j++) {
            const TgMsg *x = &m[j];
            if (x->type == TG_M_WELCOME) {
                event(T, x->ms);
                g_hash_table_add(D->automated, GUINT_TO_POINTER(x->sender + 1));
                continue;
            }
            if (x->type != TG_M_CREATE)
                continue;
            event(T, x->ms);
            D->one_msgs++;
            if (!opener)
                opener = x;
            int64_t mi = month_index(T, x->ms) - T->mbase;
            if (x->sender == TG_OWNER) {
                D->sent++;
                T->m_sent[mi]++;
                hit(T, acc_of(T, cv->partner), C_DMS_SENT, x->ms);
                wrote_o = TRUE;
                if (turn >= 0) {
                    double s = (double)(x->ms - turn) / 1000.0;
                    g_array_append_val(D->samples, s);
                    turn = -1;
                }
            } else {
                D->received++;
                T->m_recv[mi]++;
                hit(T, acc_of(T, x->sender), C_DMS_RECEIVED, x->ms);
                wrote_x = TRUE;
                if (turn < 0)
                    turn = x->ms;
            }
        }
        if (wrote_o && wrote_x)
            D->two_sided++;
        if (opener && opener->sender != TG_OWNER) {
            D->opened_by_other++;
            if (wrote_o)
                D->answered++;
        }
        if (opener) {
            int f = family_of(opener->text);
            if (f && opener->sender != TG_OWNER)
                g_hash_table_add(family_senders[f], GUINT_TO_POINTER(opener->sender + 1));
            if (f && opener->sender == TG_OWNER)
                owner_family[f]++;
        }
    }
    /* a template is automated once two senders share it (exact or near-duplicate copies) */
    for (int f = 1; f < 5; f++) {
        if (g_hash_table_size(family_senders[f]) >= 2) {
            GHashTableIter it;
            gpointer key;
            g_hash_table_iter_init(&it, family_senders[f]);
            while (g_hash_table_iter_next(&it, &key, NULL))
                g_hash_table_add(D->automated, key);
        }
        if (owner_family[f] >= 3)
            D->owner_templates++;
        g_hash_table_destroy(family_senders[f]);
    }
    g_hash_table_destroy(family_senders[0]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------------ rows */

static int cmp_row(const void *a, const void *b)
{
    const Row *x = a, *y = b;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return strcmp(x->sn, y->sn);
}

static int popcount_months(Tally *T, const Acc *a)
{
    if (!a->months)
        return 0;
    int n = 0;
    for (int w = 0; w < T->words; w++)
        n += __builtin_popcountll(a->months[w]);
    return n;
}

static void fill_row(Tally *T, Row *r, Acc *a)
{
    r->a = a;
    r->talk_out = a->c[C_REPLIES] + a->c[C_MENTIONS] + a->c[C_QUOTES] + a->c[C_DMS_SENT];
    r->talk_in = a->c[C_DMS_RECEIVED] + a->c[C_GROUP];
    r->strength = r->talk_out + r->talk_in;
    if (r->talk_out > 0 && r->talk_in > 0)
        r->cls = "two-way";
    else if (r->talk_in > 0)
        r->cls = "unanswered-in";
    else if (r->talk_out > 0)
        r->cls = "one-way-out";
    else if (a->c[C_RETWEETS] > 0)
        r->cls = "amplify-only";
    else if (a->c[C_CONTEXT] > 0)
        r->cls = "context-only";
    else
        r->cls = "silent-follow";
    r->dormant = r->strength >= 3 && a->last != INT64_MIN &&
                 T->end_ms - a->last > (int64_t)365 * 86400 * 1000;
    r->active_months = popcount_months(T, a);
}

/* ------------------------------------------------------------------ output */

typedef struct {
    FILE *f;
    GString *buf;
    TgJw w;
    gboolean failed;
} Out;

static void flush(Out *o, gboolean force)
{
    if (o->buf->len > (1 << 20) || (force && o->buf->len)) {
        if (fwrite(o->buf->str, 1, o->buf->len, o->f) != o->buf->len)
            o->failed = TRUE;
        g_string_truncate(o->buf, 0);
    }
}

static void k_ratio(TgJw *w, const char *k, double num, double den)
{
    tg_jw_key(w, k);
    if (den > 0)
        tg_jw_double(w, num / den);
    else
        tg_jw_null(w);
}

static void k_iso_ms(TgJw *w, const char *k, int64_t ms)
{
    char buf[40];
    tg_jw_key(w, k);
    if (ms == INT64_MIN || ms == INT64_MAX) {
        tg_jw_str(w, "");
        return;
    }
    int64_t s = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    tg_fmt_iso_s(buf, s);
    tg_jw_str(w, buf);
}

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_strs(GPtrArray *a)
{
    if (a->len > 1)
        qsort(a->pdata, a->len, sizeof(gpointer), cmp_str_ptr);
}

static void planted_ids(TgPlan *p, TgJw *w, const char *k, GArray *list)
{
    GPtrArray *ids = g_ptr_array_new();
    for (guint i = 0; i < list->len; i++)
        g_ptr_array_add(ids, (gpointer)tg_contact(p, g_array_index(list, uint32_t, i))->idstr);
    sort_strs(ids);
    tg_jw_key(w, k);
    tg_jw_arr(w);
    for (guint i = 0; i < ids->len; i++)
        tg_jw_str(w, g_ptr_array_index(ids, i));
    tg_jw_end(w);
    g_ptr_array_free(ids, TRUE);
}

static const char *layout_name(TgLayout l)
{
    static const char *const n[] = {"2022", "2020", "2019", "2018", "grailbird"};
    return n[l];
}

typedef struct {
    TagUses *tu;
    int count;
} TagCount;

static int cmp_tagcount(const void *a, const void *b)
{
    const TagCount *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->tu->tag, y->tu->tag);
}

static const char *const day_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void write_chat_window(Tally *T, TgJw *w, TagUses *tu, int wd, int h, gboolean alt)
{
    GHashTable *weeks = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint k = 0; k < tu->uses->len; k++) {
        Use *u = &g_array_index(tu->uses, Use, k);
        if (u->wday == wd && u->hour >= h && u->hour < h + 2) {
            g_hash_table_add(weeks, GINT_TO_POINTER(u->week));
            use_contacts(T, u->tweet, set);
        }
    }
    if (!alt) {
        tg_jw_kstr(w, "weekday", day_names[wd]);
        tg_jw_kint(w, "start_hour", h);
    } else {
        tg_jw_obj(w);
        tg_jw_kstr(w, "weekday", day_names[wd]);
        tg_jw_kint(w, "start_hour", h);
    }
    tg_jw_kint(w, "sessions", g_hash_table_size(weeks));
    GPtrArray *ids = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, set);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(ids, key);
    sort_strs(ids);
    tg_jw_key(w, "contacts");
    tg_jw_arr(w);
    for (guint k = 0; k < ids->len; k++)
        tg_jw_str(w, g_ptr_array_index(ids, k));
    tg_jw_end(w);
    if (alt)
        tg_jw_end(w);
    g_ptr_array_free(ids, TRUE);
    g_hash_table_destroy(weeks);
    g_hash_table_destroy(set);
}

static void write_chats(Tally *T, TgJw *w, GPtrArray *tag_order, GPtrArray *chat_names)
{
    TagCount *tc = g_new(TagCount, tag_order->len + 1);
    int n = 0;
    for (guint k = 0; k < tag_order->len; k++) {
        TagUses *tu = g_ptr_array_index(tag_order, k);
        GHashTable *weeks = g_hash_table_new(g_direct_hash, g_direct_equal);
        int hist[7][24];
        memset(hist, 0, sizeof hist);
        for (guint j = 0; j < tu->uses->len; j++) {
            Use *u = &g_array_index(tu->uses, Use, j);
            g_hash_table_add(weeks, GINT_TO_POINTER(u->week));
            hist[u->wday][u->hour]++;
        }
        guint nweeks = g_hash_table_size(weeks);
        g_hash_table_destroy(weeks);
        if (nweeks < 4)
            continue;
        int best = -1;
        for (int d = 0; d < 7; d++)
            for (int h = 0; h < 23; h++)
                best = MAX(best, hist[d][h] + hist[d][h + 1]);
        if ((double)best < 0.6 * tu->uses->len)
            continue;
        tc[n].tu = tu;
        tc[n].count = (int)tu->uses->len;
        n++;
    }
    if (n > 1)
        qsort(tc, (gsize)n, sizeof *tc, cmp_tagcount);
    tg_jw_key(w, "chats");
    tg_jw_arr(w);
    for (int k = 0; k < n; k++) {
        TagUses *tu = tc[k].tu;
        g_ptr_array_add(chat_names, tu->tag);
        int hist[7][24];
        memset(hist, 0, sizeof hist);
        for (guint j = 0; j < tu->uses->len; j++) {
            Use *u = &g_array_index(tu->uses, Use, j);
            hist[u->wday][u->hour]++;
        }
        int best = -1, bd = 0, bh = 0;
        for (int d = 0; d < 7; d++)
            for (int h = 0; h < 23; h++)
                if (hist[d][h] + hist[d][h + 1] > best) {
                    best = hist[d][h] + hist[d][h + 1];
                    bd = d;
                    bh = h;
                }
        tg_jw_obj(w);
        tg_jw_kstr(w, "tag", tu->tag);
        tg_jw_kint(w, "uses", tu->uses->len);
        write_chat_window(T, w, tu, bd, bh, FALSE);
        tg_jw_key(w, "alternatives");
        tg_jw_arr(w);
        for (int d = 0; d < 7; d++)
            for (int h = 0; h < 23; h++)
                if (hist[d][h] + hist[d][h + 1] == best)
                    write_chat_window(T, w, tu, d, h, TRUE);
        tg_jw_end(w);
        tg_jw_end(w);
    }
    tg_jw_end(w);
    g_free(tc);
}

static void write_hashtags(TgJw *w, const char *key, GPtrArray *tag_order, int limit)
{
    TagCount *tc = g_new(TagCount, tag_order->len + 1);
    for (guint k = 0; k < tag_order->len; k++) {
        tc[k].tu = g_ptr_array_index(tag_order, k);
        tc[k].count = (int)tc[k].tu->uses->len;
    }
    if (tag_order->len > 1)
        qsort(tc, tag_order->len, sizeof *tc, cmp_tagcount);
    tg_jw_key(w, key);
    tg_jw_obj(w);
    for (guint k = 0; k < tag_order->len && (limit < 0 || (int)k < limit); k++)
        tg_jw_kint(w, tc[k].tu->tag, tc[k].count);
    tg_jw_end(w);
    g_free(tc);
}

/* Pair mode: the other owner (a contact here, its figures in contacts_table), the shared
 * conversation, the planted follows and the contacts both owners share. */
static void write_peer(TgPlan *p, TgJw *w)
{
    const TgPeer *pe = p->opt->peer;
    tg_jw_key(w, "peer");
    tg_jw_obj(w);
    tg_jw_kstr(w, "role", pe->second ? "second" : "first");
    tg_jw_key(w, "owner");
    tg_jw_obj(w);
    tg_jw_kstr(w, "id", pe->other.idstr);
    tg_jw_kstr(w, "username", pe->other.sn);
    tg_jw_kstr(w, "display_name", pe->other.disp);
    tg_jw_end(w);
    tg_jw_kstr(w, "conversation_id", pe->conv_id);
    const TgConv *cv = p->peer_conv != TG_NONE ? &g_array_index(p->convs, TgConv, p->peer_conv) : NULL;
    tg_jw_kint(w, "messages", cv ? cv->n : 0);
    uint32_t entries = !cv ? 0 : cv->chunk && cv->n > cv->chunk ? (cv->n + cv->chunk - 1) / cv->chunk : 1;
    tg_jw_kint(w, "conversation_entries", entries);
    tg_jw_kbool(w, "i_follow", pe->i_follow);
    tg_jw_kbool(w, "follows_me", pe->follows_me);
    planted_ids(p, w, "shared_contacts", p->peer_shared);
    tg_jw_end(w);
}

static void free_taguses(gpointer data)
{
    TagUses *tu = data;
    g_free(tu->tag);
    g_array_free(tu->uses, TRUE);
    g_free(tu);
}

gboolean tg_truth_write(TgPlan *p, TgEmitted *em, const char *path, GError **error)
{
    TgOptions *o = p->opt;
    Tally T;
    memset(&T, 0, sizeof T);
    T.p = p;
    guint ncon = p->contacts->len;
    T.acc = g_new(Acc, ncon ? ncon : 1);
    for (guint k = 0; k < ncon; k++)
        acc_init(&T, &T.acc[k]);
    T.names = g_ptr_array_new();
    T.name_index = g_hash_table_new(g_str_hash, g_str_equal);
    T.pair = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

    /* the archive's span of events: kept tweets, messages and welcome messages */
    for (uint32_t i = 0; i < p->ntweets; i++)
        event(&T, p->tweets[i].t * 1000);
    for (guint k = 0; k < p->msgs->len; k++) {
        const TgMsg *m = &g_array_index(p->msgs, TgMsg, k);
        if (m->type == TG_M_CREATE || m->type == TG_M_WELCOME)
            event(&T, m->ms);
    }
    if (T.any_event) {
        T.mbase = month_index(&T, T.first_ms);
        T.nmonths = (int)(month_index(&T, T.end_ms) - T.mbase + 1);
    }
    T.words = (T.nmonths + 63) / 64 + 1;
    int nm = MAX(T.nmonths, 1);
    T.kinds = g_malloc0(sizeof(*T.kinds) * (gsize)nm);
    T.m_sent = g_new0(int32_t, nm);
    T.m_recv = g_new0(int32_t, nm);
    T.m_num = g_new0(int32_t, nm);
    T.m_den = g_new0(int32_t, nm);
    T.m_new = g_new0(int32_t, nm);
    T.m_active = g_new0(int32_t, nm);

    for (uint32_t i = 0; i < p->ntweets; i++)
        pair_tweet(&T, &p->tweets[i]);
    GHashTable *tags = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *tag_order = g_ptr_array_new_with_free_func(free_taguses);
    tally_tweets(&T, tags, tag_order);
    DmTally D;
    memset(&D, 0, sizeof D);
    D.samples = g_array_new(FALSE, FALSE, sizeof(double));
    D.automated = g_hash_table_new(g_direct_hash, g_direct_equal);
    tally_dms(&T, &D);

    /* rows: every contact with an interaction or a follow, then the name-only ones */
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(Row));
    int by_class[6] = {0};
    static const char *const classes[6] = {"two-way", "unanswered-in", "one-way-out",
                                           "amplify-only", "context-only", "silent-follow"};
    int dormant = 0, mutuals = 0;
    for (guint k = 0; k < ncon; k++) {
        TgContact *c = tg_contact(p, k);
        Acc *a = &T.acc[k];
        gboolean fm = (c->flags & TG_C_FOLLOWS_ME) != 0, ifo = (c->flags & TG_C_I_FOLLOW) != 0;
        if (a->last == INT64_MIN && !fm && !ifo)
            continue;
        Row r;
        memset(&r, 0, sizeof r);
        r.id = c->idstr;
        r.sn = a->sn ? a->sn : "";
        r.name = a->disp ? a->disp : "";
        r.follows_me = fm;
        r.i_follow = ifo;
        r.circle = c->circle;
        a->automated = g_hash_table_contains(D.automated, GUINT_TO_POINTER(k + 1));
        fill_row(&T, &r, a);
        g_array_append_val(rows, r);
        mutuals += fm && ifo;
    }
    for (guint k = 0; k < T.names->len; k++) {
        NameOnly *n = g_ptr_array_index(T.names, k);
        Row r;
        memset(&r, 0, sizeof r);
        r.id = "";
        r.sn = n->shown;
        r.name = "";
        r.circle = -1;
        fill_row(&T, &r, &n->acc);
        g_array_append_val(rows, r);
    }
    g_array_sort(rows, cmp_row);
    int named = 0;
    int f_talked = 0, f_two = 0, g_talked = 0, g_two = 0, f_named = 0, g_named = 0, reach = 0;
    for (guint k = 0; k < rows->len; k++) {
        Row *r = &g_array_index(rows, Row, k);
        for (int c = 0; c < 6; c++)
            if (!strcmp(r->cls, classes[c]))
                by_class[c]++;
        dormant += r->dormant;
        named += r->sn[0] != '\0';
        gboolean two = !strcmp(r->cls, "two-way");
        if (r->follows_me) {
            f_talked += r->strength > 0;
            f_two += two;
            f_named += r->sn[0] != '\0';
            reach += r->talk_in > 0;
        }
        if (r->i_follow) {
            g_talked += r->strength > 0;
            g_two += two;
            g_named += r->sn[0] != '\0';
        }
        if (r->a->first != INT64_MAX) {
            int64_t m = month_index(&T, r->a->first) - T.mbase;
            if (m >= 0 && m < T.nmonths)
                T.m_new[m]++;
        }
        if (r->a->months)
            for (int m = 0; m < T.nmonths; m++)
                if (r->a->months[m / 64] & (1ull << (m % 64)))
                    T.m_active[m]++;
    }

    /* ---- write */
    Out out;
    out.f = fopen(path, "wb");
    if (!out.f) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tg-gen: cannot create '%s': %s", path,
                    g_strerror(errno));
        return FALSE;
    }
    out.buf = g_string_sized_new(1 << 21);
    out.failed = FALSE;
    TgJw *w = &out.w;
    tg_jw_init(w, out.buf, TG_JW_TRUTH, TG_ESC_ASCII);
    char buf[64];
    gboolean grail = o->layout == TG_LAYOUT_GRAIL;
    tg_jw_obj(w);
    tg_jw_kint(w, "truth_format", 1);
    tg_jw_key(w, "options");
    tg_jw_obj(w);
    tg_jw_key(w, "tz");
    if (grail && o->zone)
        tg_jw_str(w, p->zone.iana);
    else
        tg_jw_null(w);
    tg_jw_end(w);
    tg_jw_kstr(w, "generation", grail ? "grailbird"
                                : (o->layout == TG_LAYOUT_2022 || o->layout == TG_LAYOUT_2020) ? "ytd-manifest"
                                                                                                 : "ytd");
    tg_jw_key(w, "generated");
    if (o->layout == TG_LAYOUT_2019 || o->layout == TG_LAYOUT_2018) {
        tg_jw_null(w); /* nothing in such an archive dates it */
    } else {
        tg_fmt_iso_s(buf, p->generated);
        tg_jw_str(w, buf);
    }
    tg_jw_key(w, "owner");
    tg_jw_obj(w);
    tg_jw_kstr(w, "id", p->owner_idstr);
    tg_jw_kstr(w, "username", p->owner_sn);
    tg_jw_kstr(w, "display_name", p->owner_disp);
    tg_jw_end(w);
    tg_jw_key(w, "period");
    tg_jw_obj(w);
    if (T.any_event) {
        k_iso_ms(w, "first", T.first_ms);
        k_iso_ms(w, "last", T.end_ms);
    } else {
        tg_jw_key(w, "first");
        tg_jw_null(w);
        tg_jw_key(w, "last");
        tg_jw_null(w);
    }
    tg_jw_end(w);
    int64_t kinds[TG_K_COUNT] = {0}, num = 0, den = 0;
    for (int m = 0; m < T.nmonths; m++) {
        for (int k = 0; k < TG_K_COUNT; k++)
            kinds[k] += T.kinds[m][k];
        num += T.m_num[m];
        den += T.m_den[m];
    }
    int64_t merged = 0;
    for (uint32_t i = 0; i < p->ntweets; i++)
        merged += (p->tweets[i].nver ? p->tweets[i].nver : 1) - 1;
    tg_jw_key(w, "tweets");
    tg_jw_obj(w);
    tg_jw_kint(w, "total", p->ntweets);
    for (int k = 0; k < TG_K_COUNT; k++)
        tg_jw_kint(w, kind_names[k], kinds[k]);
    tg_jw_kint(w, "edited_versions_merged", merged);
    tg_jw_end(w);
    k_ratio(w, "conversation_share", (double)num, (double)den);
    tg_jw_key(w, "monthly");
    tg_jw_arr(w);
    for (int m = 0; m < T.nmonths; m++) {
        int64_t mi = T.mbase + m;
        tg_jw_obj(w);
        g_snprintf(buf, sizeof buf, "%04d-%02d", (int)(mi / 12), (int)(mi % 12) + 1);
        tg_jw_kstr(w, "month", buf);
        for (int k = 0; k < TG_K_COUNT; k++)
            tg_jw_kint(w, kind_names[k], T.kinds[m][k]);
        tg_jw_kint(w, "dms_sent", T.m_sent[m]);
        tg_jw_kint(w, "dms_received", T.m_recv[m]);
        k_ratio(w, "conversation_share", T.m_num[m], T.m_den[m]);
        tg_jw_kint(w, "new_contacts", T.m_new[m]);
        tg_jw_kint(w, "active_contacts", T.m_active[m]);
        tg_jw_end(w);
        flush(&out, FALSE);
    }
    tg_jw_end(w);
    int nf = (int)p->followers->len, ng = (int)p->following->len;
    tg_jw_key(w, "follows");
    tg_jw_obj(w);
    tg_jw_kint(w, "followers", nf);
    tg_jw_kint(w, "following", ng);
    tg_jw_kint(w, "mutuals", mutuals);
    tg_jw_end(w);
    tg_jw_key(w, "funnel");
    tg_jw_obj(w);
    tg_jw_key(w, "followers");
    tg_jw_obj(w);
    tg_jw_kint(w, "total", nf);
    tg_jw_kint(w, "talked", f_talked);
    tg_jw_kint(w, "two_way", f_two);
    tg_jw_end(w);
    tg_jw_key(w, "following");
    tg_jw_obj(w);
    tg_jw_kint(w, "total", ng);
    tg_jw_kint(w, "talked", g_talked);
    tg_jw_kint(w, "two_way", g_two);
    tg_jw_end(w);
    tg_jw_end(w);
    k_ratio(w, "reach_out_rate", reach, nf);
    /* dms */
    g_array_sort(D.samples, cmp_double);
    guint ns = D.samples->len;
    tg_jw_key(w, "dms");
    tg_jw_obj(w);
    tg_jw_kint(w, "conversations", D.conversations);
    tg_jw_kint(w, "group_conversations", D.group_conversations);
    tg_jw_kint(w, "sent", D.sent);
    tg_jw_kint(w, "received", D.received);
    tg_jw_kint(w, "two_sided", D.two_sided);
    tg_jw_kint(w, "opened_by_other", D.opened_by_other);
    tg_jw_kint(w, "answered", D.answered);
    k_ratio(w, "response_rate", D.answered, D.opened_by_other);
    tg_jw_key(w, "response_median_s");
    if (ns) {
        double *s = (double *)D.samples->data;
        double med = ns % 2 ? s[ns / 2] : (s[ns / 2 - 1] + s[ns / 2]) / 2.0;
        tg_jw_double(w, round(med * 10000.0) / 10000.0);
        tg_jw_key(w, "response_p90_s");
        guint rank = (guint)ceil(0.9 * ns);
        tg_jw_double(w, round(s[MAX(rank, 1u) - 1] * 1000.0) / 1000.0);
    } else {
        tg_jw_null(w);
        tg_jw_key(w, "response_p90_s");
        tg_jw_null(w);
    }
    tg_jw_end(w);
    /* automated */
    GPtrArray *auto_ids = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, D.automated);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(auto_ids, (gpointer)tg_account_idstr(p, GPOINTER_TO_UINT(key) - 1));
    sort_strs(auto_ids);
    tg_jw_key(w, "automated_dms");
    tg_jw_obj(w);
    tg_jw_key(w, "senders");
    tg_jw_arr(w);
    for (guint k = 0; k < auto_ids->len; k++)
        tg_jw_str(w, g_ptr_array_index(auto_ids, k));
    tg_jw_end(w);
    tg_jw_kint(w, "owner_templates", D.owner_templates);
    tg_jw_end(w);
    GPtrArray *chat_names = g_ptr_array_new();
    write_chats(&T, w, tag_order, chat_names);
    flush(&out, FALSE);
    /* circles: the planted ones */
    tg_jw_key(w, "circles");
    tg_jw_obj(w);
    tg_jw_key(w, "planted");
    tg_jw_arr(w);
    for (int c = 0; c < 3; c++) {
        if (!p->circle_n[c])
            continue;
        GPtrArray *ids = g_ptr_array_new();
        for (int k = 0; k < p->circle_n[c]; k++)
            g_ptr_array_add(ids, (gpointer)tg_contact(p, p->circle_members[c][k])->idstr);
        sort_strs(ids);
        tg_jw_arr(w);
        for (guint k = 0; k < ids->len; k++)
            tg_jw_str(w, g_ptr_array_index(ids, k));
        tg_jw_end(w);
        g_ptr_array_free(ids, TRUE);
    }
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_key(w, "contacts");
    tg_jw_obj(w);
    tg_jw_kint(w, "total", rows->len);
    tg_jw_key(w, "by_class");
    tg_jw_obj(w);
    for (int c = 0; c < 6; c++)
        tg_jw_kint(w, classes[c], by_class[c]);
    tg_jw_end(w);
    tg_jw_kint(w, "dormant", dormant);
    tg_jw_end(w);
    tg_jw_key(w, "resolution");
    tg_jw_obj(w);
    k_ratio(w, "contacts", named, rows->len);
    k_ratio(w, "followers", f_named, nf);
    k_ratio(w, "following", g_named, ng);
    tg_jw_end(w);
    write_hashtags(w, "hashtags", tag_order, 50);
    write_hashtags(w, "hashtags_all", tag_order, -1);
    flush(&out, FALSE);
    tg_jw_key(w, "contacts_table");
    tg_jw_arr(w);
    for (guint k = 0; k < rows->len; k++) {
        Row *r = &g_array_index(rows, Row, k);
        Acc *a = r->a;
        tg_jw_obj(w);
        tg_jw_kstr(w, "id", r->id);
        tg_jw_kstr(w, "screen_name", r->sn);
        tg_jw_kstr(w, "name", r->name);
        for (int c = 0; c < C_N; c++)
            tg_jw_kint(w, counter_names[c], a->c[c]);
        tg_jw_kint(w, "talk_out", r->talk_out);
        tg_jw_kint(w, "talk_in", r->talk_in);
        tg_jw_kint(w, "strength", r->strength);
        k_iso_ms(w, "first", a->first);
        k_iso_ms(w, "last", a->last);
        tg_jw_kint(w, "active_months", r->active_months);
        tg_jw_kbool(w, "follows_me", r->follows_me);
        tg_jw_kbool(w, "i_follow", r->i_follow);
        tg_jw_kbool(w, "mutual", r->follows_me && r->i_follow);
        tg_jw_kstr(w, "class", r->cls);
        tg_jw_kbool(w, "dormant", r->dormant);
        tg_jw_key(w, "circle");
        if (r->circle >= 0)
            tg_jw_int(w, r->circle);
        else
            tg_jw_str(w, "");
        tg_jw_kbool(w, "automated", a->automated);
        tg_jw_end(w);
        flush(&out, FALSE);
    }
    tg_jw_end(w);
    tg_jw_key(w, "time_zone");
    tg_jw_obj(w);
    if (grail) {
        tg_jw_kstr(w, "zone", o->zone ? p->zone.iana : "UTC");
        tg_jw_kstr(w, "source", o->zone ? "--tz" : "default");
        tg_jw_key(w, "account_timezone");
        tg_jw_null(w);
    } else {
        tg_jw_kstr(w, "zone", p->zone.iana);
        tg_jw_kstr(w, "source", "account-timezone.js");
        tg_jw_kstr(w, "account_timezone", p->zone.rails);
    }
    tg_jw_end(w);
    tg_jw_key(w, "records_by_file");
    tg_jw_obj(w);
    for (guint k = 0; k < em->records_order->len; k++) {
        const char *f = g_ptr_array_index(em->records_order, k);
        tg_jw_kint(w, f, *(int64_t *)g_hash_table_lookup(em->records_by_file, f));
    }
    tg_jw_end(w);
    tg_jw_key(w, "dm_counts");
    tg_jw_obj(w);
    tg_jw_kint(w, "one_to_one_messages", D.one_msgs);
    tg_jw_kint(w, "group_messages", D.group_msgs);
    tg_jw_kint(w, "one_to_one_conversations", D.conversations);
    tg_jw_kint(w, "group_conversations", D.group_conversations);
    tg_jw_end(w);
    /* what the generator meant to plant, and how it was called */
    tg_jw_key(w, "source");
    tg_jw_obj(w);
    tg_jw_kstr(w, "tool", "tg-gen");
    tg_jw_kstr(w, "layout", layout_name(o->layout));
    tg_jw_kint(w, "seed", (int64_t)o->seed);
    tg_jw_key(w, "args");
    tg_jw_obj(w);
    tg_jw_kint(w, "tweets", o->tweets);
    tg_jw_kint(w, "dms", o->dms);
    tg_jw_kint(w, "followers", o->followers);
    tg_jw_kint(w, "following", o->following);
    tg_jw_kint(w, "likes", o->likes);
    tg_jw_kint(w, "contacts", (int64_t)p->nord);
    tg_jw_key(w, "zone");
    if (o->zone)
        tg_jw_str(w, o->zone);
    else
        tg_jw_null(w);
    tg_jw_kbool(w, "owner_autodm", o->owner_autodm);
    tg_jw_key(w, "years");
    tg_jw_double(w, o->years);
    tg_fmt_iso_s(buf, p->generated);
    buf[10] = '\0';
    tg_jw_kstr(w, "end", buf);
    tg_jw_kint(w, "part_bytes", o->part_bytes);
    tg_jw_key(w, "zip_prefix");
    if (o->zip_prefix)
        tg_jw_str(w, o->zip_prefix);
    else
        tg_jw_null(w);
    tg_jw_kint(w, "level", o->level);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_key(w, "planted");
    tg_jw_obj(w);
    tg_jw_key(w, "chats");
    tg_jw_arr(w);
    for (int k = 0; k < 2; k++)
        if (p->chat_tags[k]) {
            char *f = g_ascii_strdown(g_ptr_array_index(p->tags, p->chat_tags[k] - 1), -1);
            tg_jw_str(w, f);
            g_free(f);
        }
    tg_jw_end(w);
    tg_jw_key(w, "near_chats");
    tg_jw_arr(w);
    for (int k = 0; k < 2; k++)
        if (p->near_tags[k]) {
            char *f = g_ascii_strdown(g_ptr_array_index(p->tags, p->near_tags[k] - 1), -1);
            tg_jw_str(w, f);
            g_free(f);
        }
    tg_jw_end(w);
    planted_ids(p, w, "automated_senders", p->p_automated);
    planted_ids(p, w, "lone_template_sender", p->p_lone);
    GArray *wo = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    if (p->p_welcome_only != TG_NONE)
        g_array_append_val(wo, p->p_welcome_only);
    planted_ids(p, w, "welcome_only_sender", wo);
    g_array_free(wo, TRUE);
    planted_ids(p, w, "short_openers", p->p_short);
    planted_ids(p, w, "three_word_openers", p->p_three_word);
    tg_jw_kint(w, "owner_short_openers", p->p_owner_short);
    tg_jw_kint(w, "owner_templates", p->p_owner_templates);
    planted_ids(p, w, "owner_autodm_recipients", p->p_autodm_recipients);
    planted_ids(p, w, "dormant", p->p_dormant);
    planted_ids(p, w, "context_only", p->p_context_only);
    planted_ids(p, w, "retweet_only", p->p_retweet_only);
    tg_jw_key(w, "quote_only_by_name");
    tg_jw_arr(w);
    for (guint k = 0; k < p->p_quote_only->len; k++)
        tg_jw_str(w, tg_contact(p, g_array_index(p->p_quote_only, uint32_t, k))->sn);
    tg_jw_end(w);
    tg_jw_key(w, "renamed");
    if (p->p_renamed != TG_NONE) {
        TgContact *c = tg_contact(p, p->p_renamed);
        tg_jw_obj(w);
        tg_jw_kstr(w, "id", c->idstr);
        tg_jw_kstr(w, "old", c->old_sn ? c->old_sn : "");
        tg_jw_kstr(w, "new", c->sn);
        tg_jw_end(w);
    } else {
        tg_jw_null(w);
    }
    /* a planted chat the figures do not confirm would make the truth ambiguous */
    gboolean chats_ok = TRUE;
    for (int k = 0; k < 2; k++) {
        if (!p->chat_tags[k])
            continue;
        char *f = g_ascii_strdown(g_ptr_array_index(p->tags, p->chat_tags[k] - 1), -1);
        gboolean found = FALSE;
        for (guint j = 0; j < chat_names->len; j++)
            if (!strcmp(g_ptr_array_index(chat_names, j), f))
                found = TRUE;
        chats_ok &= found;
        g_free(f);
    }
    chats_ok = chats_ok && chat_names->len == (guint)((p->chat_tags[0] != 0) + (p->chat_tags[1] != 0));
    tg_jw_kbool(w, "chats_as_planted", chats_ok);
    if (o->peer)
        write_peer(p, w);
    tg_jw_end(w);
    tg_jw_end(w);
    g_string_append_c(out.buf, '\n');
    flush(&out, TRUE);
    gboolean ok = !out.failed;
    if (fclose(out.f) != 0)
        ok = FALSE;
    if (!ok)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "tg-gen: cannot write '%s'", path);
    p->chats_as_planted = chats_ok;

    /* cleanup */
    g_string_free(out.buf, TRUE);
    g_ptr_array_free(chat_names, TRUE);
    g_ptr_array_free(auto_ids, TRUE);
    g_array_free(rows, TRUE);
    for (guint k = 0; k < ncon; k++)
        g_free(T.acc[k].months);
    for (guint k = 0; k < T.names->len; k++) {
        NameOnly *n = g_ptr_array_index(T.names, k);
        g_free(n->acc.months);
        g_free(n->key);
        g_free(n->shown);
        g_free(n);
    }
    g_ptr_array_free(T.names, TRUE);
    g_hash_table_destroy(T.name_index);
    g_hash_table_destroy(T.pair);
    g_free(T.acc);
    g_free(T.kinds);
    g_free(T.m_sent);
    g_free(T.m_recv);
    g_free(T.m_num);
    g_free(T.m_den);
    g_free(T.m_new);
    g_free(T.m_active);
    g_hash_table_destroy(tags);
    g_ptr_array_free(tag_order, TRUE);
    g_array_free(D.samples, TRUE);
    g_hash_table_destroy(D.automated);
    return ok;
}
