/* SPDX-License-Identifier: MIT */
/* tg-gen: writes the planned archive in the layout of one generation, as a zip (libzip,
 * deflate at the chosen level, fixed timestamps) or as an extracted folder. Every file is
 * a producer that renders one record at a time when libzip (or the folder writer) asks for
 * more bytes, so no data file is ever held whole in memory. */
#include "gen.h"
#include "manifest.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <zip.h>

typedef enum {
    P_STATIC,
    P_TWEETS,
    P_TWEET_HEADERS,
    P_DMS,
    P_DM_HEADERS,
    P_FOLLOW,
    P_LIKES,
    P_GRAIL_MONTH,
    P_CSV,
    P_MANIFEST
} ProdKind;

typedef struct Emitter Emitter;

typedef struct {
    char *name;        /* relative to the archive root */
    ProdKind kind;
    Emitter *em;
    char *lvalue;      /* "window.YTD.tweets.part0" */
    uint32_t a, b;     /* range of positions / conversations / tweets */
    int flag;          /* P_DMS: group file; P_FOLLOW: following; P_GRAIL_MONTH: leading space */
    GString *content;  /* P_STATIC */
    gboolean records_file; /* counted in records_by_file */
    int64_t fixed_records; /* P_STATIC: elements of the prepared content */
    gboolean binary;
    /* production state */
    int phase;
    uint32_t cur;
    int sub;
    TgJw w;
    int64_t records;
    uint64_t bytes;
    GString *buf;
    gsize pos;
    gboolean done;
    zip_error_t zerr;
} Entry;

typedef struct {
    int y, m;
    uint32_t a, b;     /* tweet indices [a, b), ascending time */
} Month;

struct Emitter {
    TgPlan *p;
    GPtrArray *entries;
    TgJwStyle style;
    TgEsc esc;
    const char *dir;          /* "data/" or "" */
    gboolean wrapper;         /* {"tweet": …} */
    gboolean edit_info;
    gboolean modern_dm;       /* reactions/urls keys in DM events */
    gboolean user_link;       /* follower userLink */
    uint32_t *part_start;     /* tweet positions where each part starts; [nparts] = n */
    int64_t *part_count;
    int nparts;
    uint32_t *one_order, none_;
    uint32_t *group_order, ngroup;
    Month *months;
    int nmonths;
    int64_t mtime;
    const TgDataType *manifest;
};

/* ------------------------------------------------------------------ helpers */

static Entry *entry_new(Emitter *em, const char *name, ProdKind kind)
{
    Entry *e = g_new0(Entry, 1);
    e->name = g_strdup(name);
    e->kind = kind;
    e->em = em;
    e->buf = g_string_sized_new(1 << 16);
    zip_error_init(&e->zerr);
    g_ptr_array_add(em->entries, e);
    return e;
}

static void entry_free(gpointer data)
{
    Entry *e = data;
    g_free(e->name);
    g_free(e->lvalue);
    if (e->content)
        g_string_free(e->content, TRUE);
    g_string_free(e->buf, TRUE);
    zip_error_fini(&e->zerr);
    g_free(e);
}

static gboolean has_entry(Emitter *em, const char *name)
{
    for (guint i = 0; i < em->entries->len; i++)
        if (!strcmp(((Entry *)g_ptr_array_index(em->entries, i))->name, name))
            return TRUE;
    return FALSE;
}

static char *path_in(Emitter *em, const char *base)
{
    return g_strconcat(em->dir, base, NULL);
}

/* A small data file rendered at once: "<lvalue> = [ … ]" with one element per call of fn. */
typedef void (*ElemFn)(Emitter *em, TgJw *w, int k, void *ud);

static Entry *static_ytd(Emitter *em, const char *name, const char *global, int n, ElemFn fn, void *ud)
{
    Entry *e = entry_new(em, name, P_STATIC);
    e->content = g_string_new(NULL);
    g_string_append_printf(e->content, "window.%s = ", global);
    e->fixed_records = n;
    if (n == 0) {
        g_string_append(e->content, em->style == TG_JW_COMPACT ? "[]" : "[ ]");
        return e;
    }
    TgJw w;
    tg_jw_init(&w, e->content, em->style, TG_ESC_RAW);
    tg_jw_arr(&w);
    for (int k = 0; k < n; k++)
        fn(em, &w, k, ud);
    tg_jw_end(&w);
    return e;
}

static char *global_of(const char *file)
{
    /* "data/direct-messages-group.js" -> "YTD.direct_messages_group.part0" */
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    char *s = g_strndup(base, strlen(base) - 3);
    for (char *c = s; *c; c++)
        if (*c == '-')
            *c = '_';
    char *g = g_strdup_printf("YTD.%s.part0", s);
    g_free(s);
    return g;
}

/* ------------------------------------------------------------------ small files */

static void el_account(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    char buf[40];
    tg_jw_obj(w);
    tg_jw_key(w, "account");
    tg_jw_obj(w);
    char *mail = g_strdup_printf("%s@example.com", p->owner_sn);
    tg_jw_kstr(w, "email", mail);
    g_free(mail);
    tg_jw_kstr(w, "createdVia", "web");
    tg_jw_kstr(w, "username", p->owner_sn);
    tg_jw_kstr(w, "accountId", p->owner_idstr);
    tg_fmt_iso_ms(buf, p->owner_created * 1000 + 222);
    tg_jw_kstr(w, "createdAt", buf);
    tg_jw_kstr(w, "accountDisplayName", p->owner_disp);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_timezone(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    tg_jw_obj(w);
    tg_jw_key(w, "accountTimezone");
    tg_jw_obj(w);
    tg_jw_kstr(w, "accountId", em->p->owner_idstr);
    tg_jw_kstr(w, "timeZone", em->p->zone.rails);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_snc(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    char buf[40];
    tg_jw_obj(w);
    tg_jw_key(w, "screenNameChange");
    tg_jw_obj(w);
    tg_jw_kstr(w, "accountId", p->owner_idstr);
    tg_jw_key(w, "screenNameChange");
    tg_jw_obj(w);
    tg_fmt_iso_ms(buf, p->owner_renamed * 1000 + 222);
    tg_jw_kstr(w, "changedAt", buf);
    tg_jw_kstr(w, "changedFrom", p->owner_old_sn);
    tg_jw_kstr(w, "changedTo", p->owner_sn);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_profile(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    char buf[160];
    tg_jw_obj(w);
    tg_jw_key(w, "profile");
    tg_jw_obj(w);
    tg_jw_key(w, "description");
    tg_jw_obj(w);
    tg_jw_kstr(w, "bio", "Synthetic account 🧪 | writes about code & coffee | views my own");
    tg_jw_kstr(w, "website", "https://t.co/Tz7K9ZrVVH");
    tg_jw_kstr(w, "location", p->zone.rails && strcmp(p->zone.rails, "UTC") ? p->zone.rails : "Earth");
    tg_jw_end(w);
    g_snprintf(buf, sizeof buf, "https://pbs.twimg.com/profile_images/%" G_GUINT64_FORMAT "/UoBVAoWn.jpg",
               (guint64)(p->owner_id % 1000000000000000000ull + 1000000000000000000ull));
    tg_jw_kstr(w, "avatarMediaUrl", buf);
    g_snprintf(buf, sizeof buf, "https://pbs.twimg.com/profile_banners/%s/1542411202", p->owner_idstr);
    tg_jw_kstr(w, "headerMediaUrl", buf);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_empty_obj(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)em;
    (void)k;
    tg_jw_obj(w);
    tg_jw_key(w, ud);
    tg_jw_obj(w);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_verified(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    tg_jw_obj(w);
    tg_jw_key(w, "verified");
    tg_jw_obj(w);
    tg_jw_kstr(w, "accountId", em->p->owner_idstr);
    tg_jw_kbool(w, "verified", FALSE);
    tg_jw_end(w);
    tg_jw_end(w);
}

static void el_list(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)ud;
    TgPlan *p = em->p;
    static const char *const slugs[] = {"devs", "friends", "interesting"};
    char url[120];
    uint32_t c = p->nord ? (uint32_t)((k * 7 + 3) % p->nord) : 0;
    g_snprintf(url, sizeof url, "https://twitter.com/%s/lists/%s",
               p->nord ? tg_contact(p, c)->sn : "someone", slugs[k % 3]);
    tg_jw_obj(w);
    tg_jw_key(w, "userListInfo");
    tg_jw_obj(w);
    tg_jw_kstr(w, "url", url);
    tg_jw_end(w);
    tg_jw_end(w);
}

/* A tweet object that lives outside the tweet files (community, deleted): it mentions a
 * contact, so that a reader that wrongly takes it for a tweet gets the counts wrong. */
static void trap_tweet(Emitter *em, TgJw *w, uint64_t id, int64_t t, gboolean community)
{
    TgPlan *p = em->p;
    char buf[40], idstr[24];
    g_snprintf(idstr, sizeof idstr, "%" G_GUINT64_FORMAT, (guint64)id);
    TgRng r;
    tg_rng_seed(&r, p->opt->seed ^ id, 300);
    TgText tx = {g_string_new(NULL), 0};
    int ms = -1, me = -1;
    if (p->trap_contact != TG_NONE) {
        ms = tx.cp;
        tg_text_add(&tx, "@");
        tg_text_add(&tx, tg_contact_sn_at(tg_contact(p, p->trap_contact), t));
        me = tx.cp;
        tg_text_add(&tx, " ");
    }
    tg_filler(&tx, &r, 6, 20, ms < 0);
    tg_jw_obj(w);
    tg_jw_key(w, "tweet");
    tg_jw_obj(w);
    if (!community && em->edit_info) {
        tg_jw_key(w, "edit_info");
        tg_jw_obj(w);
        tg_jw_key(w, "initial");
        tg_jw_obj(w);
        tg_jw_key(w, "editTweetIds");
        tg_jw_arr(w);
        tg_jw_str(w, idstr);
        tg_jw_end(w);
        tg_fmt_iso_ms(buf, (t + 3600) * 1000);
        tg_jw_kstr(w, "editableUntil", buf);
        tg_jw_kstr(w, "editsRemaining", "5");
        tg_jw_kbool(w, "isEditEligible", TRUE);
        tg_jw_end(w);
        tg_jw_end(w);
    }
    tg_jw_kbool(w, "retweeted", FALSE);
    tg_jw_kstr(w, "source", tg_source_html(id));
    tg_jw_key(w, "entities");
    tg_jw_obj(w);
    const char *const keys[] = {"hashtags", "symbols"};
    for (int k = 0; k < 2; k++) {
        tg_jw_key(w, keys[k]);
        tg_jw_arr(w);
        tg_jw_end(w);
    }
    tg_jw_key(w, "user_mentions");
    tg_jw_arr(w);
    if (ms >= 0) {
        TgContact *c = tg_contact(p, p->trap_contact);
        tg_jw_obj(w);
        tg_jw_kstr(w, "name", tg_contact_disp_at(c, t));
        tg_jw_kstr(w, "screen_name", tg_contact_sn_at(c, t));
        tg_jw_key(w, "indices");
        tg_jw_arr(w);
        g_snprintf(buf, sizeof buf, "%d", ms);
        tg_jw_str(w, buf);
        g_snprintf(buf, sizeof buf, "%d", me);
        tg_jw_str(w, buf);
        tg_jw_end(w);
        tg_jw_kstr(w, "id_str", c->idstr);
        tg_jw_kstr(w, "id", c->idstr);
        tg_jw_end(w);
    }
    tg_jw_end(w);
    tg_jw_key(w, "urls");
    tg_jw_arr(w);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_key(w, "display_text_range");
    tg_jw_arr(w);
    tg_jw_str(w, "0");
    g_snprintf(buf, sizeof buf, "%d", tx.cp);
    tg_jw_str(w, buf);
    tg_jw_end(w);
    tg_jw_kstr(w, "favorite_count", "2");
    tg_jw_kstr(w, "id_str", idstr);
    if (community) {
        tg_jw_key(w, "scopes");
        tg_jw_obj(w);
        tg_jw_kbool(w, "followers", FALSE);
        tg_jw_end(w);
    }
    tg_jw_kbool(w, "truncated", FALSE);
    tg_jw_kstr(w, "retweet_count", "0");
    tg_jw_kstr(w, "id", idstr);
    if (community) {
        tg_jw_kstr(w, "community_id", "1609338612744361316");
        tg_jw_kstr(w, "community_id_str", "1609338612744361316");
    }
    tg_fmt_twitter(buf, t);
    tg_jw_kstr(w, "created_at", buf);
    tg_jw_kbool(w, "favorited", FALSE);
    tg_jw_key(w, "full_text");
    tg_jw_strn(w, tx.s->str, tx.s->len);
    tg_jw_kstr(w, "lang", "en");
    tg_jw_end(w);
    tg_jw_end(w);
    g_string_free(tx.s, TRUE);
}

static void el_community(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    int64_t t = p->end - 200 * 86400;
    trap_tweet(em, w, tg_snowflake(t * 1000 + 417, 13, 1), t, TRUE);
}

static void el_deleted(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    int64_t t = p->end - 23 * 86400;
    trap_tweet(em, w, tg_snowflake(t * 1000 + 31, 13, 2), t, FALSE);
}

static void el_deleted_header(Emitter *em, TgJw *w, int k, void *ud)
{
    (void)k;
    (void)ud;
    TgPlan *p = em->p;
    int64_t t = p->end - 23 * 86400;
    char buf[40];
    tg_jw_obj(w);
    tg_jw_key(w, "tweet");
    tg_jw_obj(w);
    tg_jw_ku64s(w, "tweet_id", tg_snowflake(t * 1000 + 31, 13, 2));
    tg_jw_kstr(w, "user_id", p->owner_idstr);
    tg_fmt_twitter(buf, t);
    tg_jw_kstr(w, "created_at", buf);
    tg_fmt_twitter(buf, t + 8 * 86400 + 14000);
    tg_jw_kstr(w, "deleted_at", buf);
    tg_jw_end(w);
    tg_jw_end(w);
}

typedef struct {
    uint32_t idx[4];
    int n;
} NoteList;

static void el_note(Emitter *em, TgJw *w, int k, void *ud)
{
    NoteList *nl = ud;
    TgPlan *p = em->p;
    TgTweet *tw = &p->tweets[nl->idx[k]];
    char buf[40];
    TgRng r;
    tg_rng_seed(&r, p->opt->seed ^ tw->id, 400);
    GString *s = g_string_new(NULL);
    tg_filler_plain(s, &r, 20, 30, TRUE);
    int from = -1, to = -1;
    if (p->trap_contact != TG_NONE) {
        g_string_append(s, " h/t ");
        from = tg_utf8_len(s->str);
        g_string_append_c(s, '@');
        g_string_append(s, tg_contact(p, p->trap_contact)->sn);
        to = tg_utf8_len(s->str);
    }
    for (int para = 0; para < 3; para++) {
        g_string_append(s, "\n\n");
        tg_filler_plain(s, &r, 8, 25, TRUE);
    }
    tg_jw_obj(w);
    tg_jw_key(w, "noteTweet");
    tg_jw_obj(w);
    tg_jw_ku64s(w, "noteTweetId", tw->id - 582);
    tg_fmt_iso_ms(buf, tw->t * 1000);
    tg_jw_kstr(w, "updatedAt", buf);
    tg_jw_key(w, "lifecycle");
    tg_jw_obj(w);
    tg_jw_kstr(w, "value", "1");
    tg_jw_kstr(w, "name", "Active");
    tg_jw_kstr(w, "originalName", "Active");
    tg_jw_key(w, "annotations");
    tg_jw_obj(w);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_kstr(w, "createdAt", buf);
    tg_jw_key(w, "core");
    tg_jw_obj(w);
    tg_jw_key(w, "styletags");
    tg_jw_arr(w);
    tg_jw_end(w);
    tg_jw_key(w, "urls");
    tg_jw_arr(w);
    tg_jw_end(w);
    tg_jw_kstr(w, "text", s->str);
    tg_jw_key(w, "mentions");
    tg_jw_arr(w);
    if (from >= 0) {
        tg_jw_obj(w);
        tg_jw_kstr(w, "screenName", tg_contact(p, p->trap_contact)->sn);
        g_snprintf(buf, sizeof buf, "%d", from);
        tg_jw_kstr(w, "fromIndex", buf);
        g_snprintf(buf, sizeof buf, "%d", to);
        tg_jw_kstr(w, "toIndex", buf);
        tg_jw_end(w);
    }
    tg_jw_end(w);
    tg_jw_key(w, "cashtags");
    tg_jw_arr(w);
    tg_jw_end(w);
    tg_jw_key(w, "hashtags");
    tg_jw_arr(w);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_end(w);
    g_string_free(s, TRUE);
}

/* ------------------------------------------------------------------ tweets */

static int versions_of(TgPlan *p, uint32_t i)
{
    TgTweet *tw = &p->tweets[i];
    return (tw->nver ? tw->nver : 1) + ((tw->var & TG_V_DUP) ? 1 : 0);
}

/* Element `sub` of tweet i: the versions newest first, then the duplicate. */
static int version_of(TgPlan *p, uint32_t i, int sub)
{
    int nv = p->tweets[i].nver ? p->tweets[i].nver : 1;
    return sub < nv ? nv - 1 - sub : nv - 1;
}

static void render_element(Emitter *em, TgJw *w, uint32_t i, int sub)
{
    tg_render_tweet(em->p, w, i, version_of(em->p, i, sub), em->wrapper, em->edit_info);
}

typedef struct {
    Emitter *em;
    uint32_t from, to;  /* tweet positions */
    int64_t *size;      /* per position */
} MeasureJob;

static gpointer measure_range(gpointer data)
{
    MeasureJob *job = data;
    Emitter *em = job->em;
    TgPlan *p = em->p;
    GString *s = g_string_sized_new(8192);
    for (uint32_t pos = job->from; pos < job->to; pos++) {
        uint32_t i = p->ntweets - 1 - pos;
        int64_t tsize = 0;
        int nel = versions_of(p, i);
        for (int sub = 0; sub < nel; sub++) {
            g_string_truncate(s, 0);
            TgJw w;
            tg_jw_init(&w, s, em->style, TG_ESC_RAW);
            tg_jw_arr(&w);
            render_element(em, &w, i, sub);
            tsize += (int64_t)s->len + 2;
        }
        job->size[pos] = tsize;
    }
    g_string_free(s, TRUE);
    tg_render_release();
    return NULL;
}

/* Where the tweet files split: a new -partN file starts before the tweet that would take
 * the current one past --part-bytes. The sizes are measured by rendering, on every core. */
static void measure_parts(Emitter *em)
{
    TgPlan *p = em->p;
    int64_t limit = p->opt->part_bytes > 0 ? p->opt->part_bytes : INT64_MAX;
    int64_t *size = g_new0(int64_t, p->ntweets + 1);
    if (limit != INT64_MAX && p->ntweets > 0) {
        guint nthreads = CLAMP(g_get_num_processors(), 1, 8);
        if (p->ntweets < 20000)
            nthreads = 1;
        MeasureJob jobs[8];
        GThread *threads[8];
        for (guint k = 0; k < nthreads; k++) {
            jobs[k].em = em;
            jobs[k].from = (uint32_t)((uint64_t)p->ntweets * k / nthreads);
            jobs[k].to = (uint32_t)((uint64_t)p->ntweets * (k + 1) / nthreads);
            jobs[k].size = size;
        }
        for (guint k = 1; k < nthreads; k++)
            threads[k] = g_thread_new("tg-measure", measure_range, &jobs[k]);
        measure_range(&jobs[0]);
        for (guint k = 1; k < nthreads; k++)
            g_thread_join(threads[k]);
    }
    GArray *starts = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    GArray *counts = g_array_new(FALSE, FALSE, sizeof(int64_t));
    uint32_t zero = 0;
    int64_t none = 0;
    g_array_append_val(starts, zero);
    g_array_append_val(counts, none);
    int64_t total = 64, elements = 0;
    for (uint32_t pos = 0; pos < p->ntweets; pos++) {
        uint32_t i = p->ntweets - 1 - pos;
        int nel = versions_of(p, i);
        if (elements > 0 && total + size[pos] > limit) {
            g_array_append_val(starts, pos);
            g_array_append_val(counts, none);
            total = 64;
            elements = 0;
        }
        total += size[pos];
        elements += nel;
        g_array_index(counts, int64_t, counts->len - 1) += nel;
    }
    g_free(size);
    em->nparts = (int)starts->len;
    g_array_append_val(starts, p->ntweets);
    em->part_start = (uint32_t *)g_array_free(starts, FALSE);
    em->part_count = (int64_t *)g_array_free(counts, FALSE);
}

/* ------------------------------------------------------------------ DMs */

static int64_t last_ms(TgPlan *p, const TgConv *cv)
{
    return cv->n ? g_array_index(p->msgs, TgMsg, cv->first + cv->n - 1).ms : 0;
}

static TgPlan *sort_plan;

static int cmp_conv_recent(const void *a, const void *b)
{
    const TgConv *x = &g_array_index(sort_plan->convs, TgConv, *(const uint32_t *)a);
    const TgConv *y = &g_array_index(sort_plan->convs, TgConv, *(const uint32_t *)b);
    int64_t lx = last_ms(sort_plan, x), ly = last_ms(sort_plan, y);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return strcmp(x->conv_id, y->conv_id);
}

static void order_convs(Emitter *em)
{
    TgPlan *p = em->p;
    em->one_order = g_new(uint32_t, p->convs->len + 1);
    em->group_order = g_new(uint32_t, p->convs->len + 1);
    for (guint i = 0; i < p->convs->len; i++) {
        TgConv *cv = &g_array_index(p->convs, TgConv, i);
        if (cv->partner != TG_NONE)
            em->one_order[em->none_++] = i;
        else
            em->group_order[em->ngroup++] = i;
    }
    sort_plan = p;
    if (em->none_ > 1)
        qsort(em->one_order, em->none_, sizeof(uint32_t), cmp_conv_recent);
    if (em->ngroup > 1)
        qsort(em->group_order, em->ngroup, sizeof(uint32_t), cmp_conv_recent);
}

static uint32_t conv_chunks(const TgConv *cv)
{
    if (!cv->chunk || cv->n <= cv->chunk)
        return 1;
    return (cv->n + cv->chunk - 1) / cv->chunk;
}

static void dm_urls(Emitter *em, TgJw *w, const char *text, uint64_t seed)
{
    tg_jw_key(w, "urls");
    tg_jw_arr(w);
    const char *s = text;
    TgRng r;
    tg_rng_seed(&r, em->p->opt->seed ^ seed, 500);
    while ((s = strstr(s, "https://t.co/"))) {
        char tco[24], exp[120], a[8];
        g_strlcpy(tco, s, 24);
        tg_rand_alnum(a, 6, &r);
        g_snprintf(exp, sizeof exp, "https://newsletter.example.com/%s", a);
        tg_jw_obj(w);
        tg_jw_kstr(w, "url", tco);
        tg_jw_kstr(w, "expanded", exp);
        tg_jw_kstr(w, "display", "newsletter.example.com/…");
        tg_jw_end(w);
        s += 13;
    }
    tg_jw_end(w);
}

static const char *who_id(TgPlan *p, uint32_t who)
{
    return tg_account_idstr(p, who);
}

static void render_msg(Emitter *em, TgJw *w, const TgConv *cv, const TgMsg *m, gboolean header)
{
    TgPlan *p = em->p;
    char ts[40];
    tg_fmt_iso_ms(ts, m->ms);
    gboolean group = cv->partner == TG_NONE;
    const char *recipient = NULL;
    if (!group)
        recipient = m->sender == TG_OWNER ? who_id(p, cv->partner) : p->owner_idstr;
    tg_jw_obj(w);
    switch ((TgMsgType)m->type) {
    case TG_M_CREATE:
    case TG_M_WELCOME: {
        tg_jw_key(w, m->type == TG_M_CREATE ? "messageCreate" : "welcomeMessageCreate");
        tg_jw_obj(w);
        if (header) {
            tg_jw_ku64s(w, "id", m->id);
            tg_jw_kstr(w, "senderId", who_id(p, m->sender));
            if (recipient)
                tg_jw_kstr(w, "recipientId", recipient);
            tg_jw_kstr(w, "createdAt", ts);
            tg_jw_end(w);
            break;
        }
        GString *text = g_string_sized_new(160);
        tg_render_dm_text(p, cv, m, text);
        if (recipient)
            tg_jw_kstr(w, "recipientId", recipient);
        if (em->modern_dm) {
            tg_jw_key(w, "reactions");
            tg_jw_arr(w);
            if (m->reacted && !group) {
                char rts[40];
                tg_fmt_iso_ms(rts, m->ms + 60000 + (int64_t)(m->id % 3600000));
                tg_jw_obj(w);
                tg_jw_kstr(w, "senderId", m->sender == TG_OWNER ? who_id(p, cv->partner) : p->owner_idstr);
                tg_jw_kstr(w, "reactionKey", (m->id & 1) ? "like" : "funny");
                tg_jw_ku64s(w, "eventId", m->id + 4194304000ull);
                tg_jw_kstr(w, "createdAt", rts);
                tg_jw_end(w);
            }
            tg_jw_end(w);
            dm_urls(em, w, text->str, m->id);
        }
        tg_jw_key(w, "text");
        tg_jw_strn(w, text->str, text->len);
        tg_jw_key(w, "mediaUrls");
        tg_jw_arr(w);
        tg_jw_end(w);
        tg_jw_kstr(w, "senderId", who_id(p, m->sender));
        tg_jw_ku64s(w, "id", m->id);
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        g_string_free(text, TRUE);
        break;
    }
    case TG_M_JOIN:
        tg_jw_key(w, "joinConversation");
        tg_jw_obj(w);
        tg_jw_kstr(w, "initiatingUserId", who_id(p, m->sender));
        tg_jw_key(w, "participantsSnapshot");
        tg_jw_arr(w);
        tg_jw_str(w, p->owner_idstr);
        for (uint32_t k = 0; k < cv->nmembers; k++) {
            /* the newcomer joins later: not in the first snapshot */
            if (k == cv->nmembers - 1 && cv->nmembers > 0) {
                gboolean later = FALSE;
                for (uint32_t j = 0; j < cv->n; j++) {
                    const TgMsg *x = &g_array_index(p->msgs, TgMsg, cv->first + j);
                    if (x->type == TG_M_PJOIN && x->arg2 == cv->members[k])
                        later = TRUE;
                }
                if (later)
                    continue;
            }
            tg_jw_str(w, who_id(p, cv->members[k]));
        }
        tg_jw_end(w);
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        break;
    case TG_M_PJOIN:
        tg_jw_key(w, "participantsJoin");
        tg_jw_obj(w);
        tg_jw_kstr(w, "initiatingUserId", who_id(p, m->sender));
        tg_jw_key(w, "userIds");
        tg_jw_arr(w);
        tg_jw_str(w, who_id(p, m->arg2));
        tg_jw_end(w);
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        break;
    case TG_M_PLEAVE:
        tg_jw_key(w, "participantsLeave");
        tg_jw_obj(w);
        tg_jw_key(w, "userIds");
        tg_jw_arr(w);
        tg_jw_str(w, who_id(p, m->arg2));
        tg_jw_end(w);
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        break;
    case TG_M_RENAME:
        tg_jw_key(w, "conversationNameUpdate");
        tg_jw_obj(w);
        tg_jw_kstr(w, "initiatingUserId", who_id(p, m->sender));
        tg_jw_kstr(w, "name", cv->name ? cv->name : "chat");
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        break;
    case TG_M_REACTION: {
        const TgMsg *target = m->arg2 != TG_NONE ? &g_array_index(p->msgs, TgMsg, cv->first + m->arg2) : m;
        tg_jw_key(w, "reactionCreate");
        tg_jw_obj(w);
        tg_jw_kstr(w, "senderId", who_id(p, m->sender));
        tg_jw_kstr(w, "reactionKey", (m->id & 2) ? "like" : "agree");
        tg_jw_ku64s(w, "eventId", target->id);
        tg_jw_kstr(w, "createdAt", ts);
        tg_jw_end(w);
        break;
    }
    }
    tg_jw_end(w);
}

/* One dmConversation entry: chunk c of conversation cv, messages newest first. */
static void render_chunk(Emitter *em, TgJw *w, const TgConv *cv, uint32_t c, gboolean header)
{
    TgPlan *p = em->p;
    uint32_t size = cv->chunk && cv->n > cv->chunk ? cv->chunk : cv->n;
    uint32_t hi = cv->n - c * size; /* exclusive, counted from the oldest */
    uint32_t lo = hi > size ? hi - size : 0;
    tg_jw_obj(w);
    tg_jw_key(w, "dmConversation");
    tg_jw_obj(w);
    tg_jw_kstr(w, "conversationId", cv->conv_id);
    tg_jw_key(w, "messages");
    tg_jw_arr(w);
    for (uint32_t k = hi; k-- > lo;) {
        const TgMsg *m = &g_array_index(p->msgs, TgMsg, cv->first + k);
        if (header && m->type != TG_M_CREATE)
            continue;
        render_msg(em, w, cv, m, header);
    }
    tg_jw_end(w);
    tg_jw_end(w);
    tg_jw_end(w);
}

/* ------------------------------------------------------------------ producers */

/* Writes "<lvalue> = [" and returns TRUE, or the whole empty file and FALSE. */
static gboolean begin_array(Entry *e, GString *out, gboolean empty)
{
    Emitter *em = e->em;
    g_string_append_printf(out, "%s = ", e->lvalue);
    if (empty) {
        /* an empty compact file is written "[]", an expanded one "[ ]" */
        g_string_append(out, em->style == TG_JW_COMPACT ? "[]" : "[ ]");
        return FALSE;
    }
    tg_jw_init(&e->w, out, em->style, TG_ESC_RAW);
    tg_jw_arr(&e->w);
    return TRUE;
}

static gboolean end_array(Entry *e, GString *out)
{
    e->w.out = out;
    tg_jw_end(&e->w);
    return FALSE;
}

static void like_element(Emitter *em, TgJw *w, uint32_t k)
{
    TgPlan *p = em->p;
    TgRng r;
    tg_rng_seed(&r, p->opt->seed, 600 + (uint64_t)k * 7919);
    int64_t t = p->end - (int64_t)((double)k / (double)MAX(1, p->opt->likes) * (double)(p->end - p->start)) -
                (int64_t)tg_rng_below(&r, 86400);
    uint64_t id = tg_snowflake(t * 1000 + (int64_t)tg_rng_below(&r, 1000), (unsigned)tg_rng_below(&r, 1024),
                               (unsigned)tg_rng_below(&r, 4096));
    char url[80];
    g_snprintf(url, sizeof url, "https://twitter.com/i/web/status/%" G_GUINT64_FORMAT, (guint64)id);
    tg_jw_obj(w);
    tg_jw_key(w, "like");
    tg_jw_obj(w);
    tg_jw_ku64s(w, "tweetId", id);
    if (tg_rng_unit(&r) > 0.01) {
        GString *s = g_string_sized_new(120);
        tg_filler_plain(s, &r, 4, 20, TRUE);
        tg_jw_kstr(w, "fullText", s->str);
        g_string_free(s, TRUE);
    }
    tg_jw_kstr(w, "expandedUrl", url);
    tg_jw_end(w);
    tg_jw_end(w);
}

static gboolean produce_raw(Entry *e, GString *out);

/* Appends the next piece of the entry to out; FALSE when that was the last piece. */
static gboolean produce(Entry *e, GString *out)
{
    gsize before = out->len;
    gboolean more = produce_raw(e, out);
    e->bytes += out->len - before;
    return more;
}

static gboolean produce_raw(Entry *e, GString *out)
{
    Emitter *em = e->em;
    TgPlan *p = em->p;
    e->w.out = out;
    switch (e->kind) {
    case P_STATIC:
        g_string_append_len(out, e->content->str, (gssize)e->content->len);
        return FALSE;
    case P_MANIFEST: {
        /* the manifest is written last: every other file is known by then */
        TgJw w;
        uint64_t total = 0;
        for (guint k = 0; k < em->entries->len; k++) {
            Entry *x = g_ptr_array_index(em->entries, k);
            if (x != e)
                total += x->bytes;
        }
        g_string_append(out, "window.__THAR_CONFIG = ");
        tg_jw_init(&w, out, em->style, TG_ESC_RAW);
        tg_jw_obj(&w);
        tg_jw_key(&w, "userInfo");
        tg_jw_obj(&w);
        tg_jw_kstr(&w, "accountId", p->owner_idstr);
        tg_jw_kstr(&w, "userName", p->owner_sn);
        tg_jw_kstr(&w, "displayName", p->owner_disp);
        tg_jw_end(&w);
        tg_jw_key(&w, "archiveInfo");
        tg_jw_obj(&w);
        char buf[40];
        g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, (guint64)(total + 16000));
        tg_jw_kstr(&w, "sizeBytes", buf);
        tg_fmt_iso_ms(buf, p->generated * 1000 + 456);
        tg_jw_kstr(&w, "generationDate", buf);
        tg_jw_kbool(&w, "isPartialArchive", FALSE);
        tg_jw_kstr(&w, "maxPartSizeBytes", "53687091200");
        tg_jw_end(&w);
        tg_jw_key(&w, "readmeInfo");
        tg_jw_obj(&w);
        tg_jw_kstr(&w, "fileName", "data/README.txt");
        tg_jw_kstr(&w, "directory", "data/");
        tg_jw_kstr(&w, "name", "README.txt");
        tg_jw_end(&w);
        tg_jw_key(&w, "dataTypes");
        tg_jw_obj(&w);
        for (const TgDataType *dt = em->manifest; dt->type; dt++) {
            tg_jw_key(&w, dt->type);
            tg_jw_obj(&w);
            if (dt->media_dir)
                tg_jw_kstr(&w, "mediaDirectory", dt->media_dir);
            if (dt->file) {
                tg_jw_key(&w, "files");
                tg_jw_arr(&w);
                gboolean tweets = !strcmp(dt->type, "tweets") || !strcmp(dt->type, "tweet");
                int nfiles = tweets ? em->nparts : 1;
                for (int k = 0; k < nfiles; k++) {
                    char *file, *global;
                    if (k == 0) {
                        file = g_strdup(dt->file);
                        global = g_strdup(dt->global);
                    } else {
                        file = g_strdup_printf("%.*s-part%d.js", (int)strlen(dt->file) - 3, dt->file, k);
                        global = g_strdup_printf("%.*s.part%d", (int)strlen(dt->global) - 6, dt->global, k);
                    }
                    int64_t count = 0;
                    for (guint x = 0; x < em->entries->len; x++) {
                        Entry *f = g_ptr_array_index(em->entries, x);
                        if (!strcmp(f->name, file)) {
                            count = f->records;
                            break;
                        }
                    }
                    tg_jw_obj(&w);
                    tg_jw_kstr(&w, "fileName", file);
                    tg_jw_kstr(&w, "globalName", global);
                    g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, (gint64)count);
                    tg_jw_kstr(&w, "count", buf);
                    tg_jw_end(&w);
                    g_free(file);
                    g_free(global);
                }
                tg_jw_end(&w);
            }
            tg_jw_end(&w);
        }
        tg_jw_end(&w);
        tg_jw_end(&w);
        return FALSE;
    }
    case P_TWEETS:
    case P_TWEET_HEADERS:
        if (e->phase == 0) {
            e->phase = 1;
            e->cur = e->a;
            e->sub = 0;
            return begin_array(e, out, e->a >= e->b);
        }
        if (e->cur >= e->b)
            return end_array(e, out);
        {
            uint32_t i = p->ntweets - 1 - e->cur;
            if (e->kind == P_TWEETS) {
                render_element(em, &e->w, i, e->sub);
            } else {
                uint64_t ids[4];
                int64_t times[4];
                tg_tweet_versions(p, &p->tweets[i], ids, times);
                int v = version_of(p, i, e->sub);
                char buf[40];
                tg_jw_obj(&e->w);
                tg_jw_key(&e->w, "tweet");
                tg_jw_obj(&e->w);
                tg_jw_ku64s(&e->w, "tweet_id", ids[v]);
                tg_jw_kstr(&e->w, "user_id", p->owner_idstr);
                tg_fmt_twitter(buf, times[v]);
                tg_jw_kstr(&e->w, "created_at", buf);
                tg_jw_end(&e->w);
                tg_jw_end(&e->w);
            }
            e->records++;
            if (++e->sub >= versions_of(p, i)) {
                e->sub = 0;
                e->cur++;
            }
        }
        return TRUE;
    case P_DMS:
    case P_DM_HEADERS: {
        uint32_t *order = e->flag ? em->group_order : em->one_order;
        uint32_t n = e->flag ? em->ngroup : em->none_;
        if (e->phase == 0) {
            e->phase = 1;
            e->cur = 0;
            e->sub = 0;
            return begin_array(e, out, n == 0);
        }
        if (e->cur >= n)
            return end_array(e, out);
        const TgConv *cv = &g_array_index(p->convs, TgConv, order[e->cur]);
        render_chunk(em, &e->w, cv, (uint32_t)e->sub, e->kind == P_DM_HEADERS);
        e->records++;
        if ((uint32_t)++e->sub >= conv_chunks(cv)) {
            e->sub = 0;
            e->cur++;
        }
        return TRUE;
    }
    case P_FOLLOW: {
        GArray *list = e->flag ? p->following : p->followers;
        const char *key = e->flag ? "following" : "follower";
        if (e->phase == 0) {
            e->phase = 1;
            e->cur = 0;
            return begin_array(e, out, list->len == 0);
        }
        if (e->cur >= list->len)
            return end_array(e, out);
        for (int k = 0; k < 256 && e->cur < list->len; k++, e->cur++) {
            const TgContact *c = tg_contact(p, g_array_index(list, uint32_t, e->cur));
            tg_jw_obj(&e->w);
            tg_jw_key(&e->w, key);
            tg_jw_obj(&e->w);
            tg_jw_kstr(&e->w, "accountId", c->idstr);
            if (em->user_link) {
                char url[80];
                g_snprintf(url, sizeof url, "https://twitter.com/intent/user?user_id=%s", c->idstr);
                tg_jw_kstr(&e->w, "userLink", url);
            }
            tg_jw_end(&e->w);
            tg_jw_end(&e->w);
            e->records++;
        }
        return TRUE;
    }
    case P_LIKES:
        if (e->phase == 0) {
            e->phase = 1;
            e->cur = 0;
            return begin_array(e, out, e->b == 0);
        }
        if (e->cur >= e->b)
            return end_array(e, out);
        for (int k = 0; k < 64 && e->cur < e->b; k++, e->cur++) {
            like_element(em, &e->w, e->cur);
            e->records++;
        }
        return TRUE;
    case P_GRAIL_MONTH: {
        const Month *mo = &em->months[e->a];
        if (e->phase == 0) {
            g_string_append_printf(out, "Grailbird.data.tweets_%04d_%02d = \n%s", mo->y, mo->m,
                                   e->flag ? " " : "");
            tg_jw_init(&e->w, out, TG_JW_COMPACT, mo->y < 2014 ? TG_ESC_GRAIL_OLD : TG_ESC_GRAIL);
            tg_jw_arr(&e->w);
            e->phase = 1;
            e->cur = mo->b;
            return TRUE;
        }
        if (e->cur <= mo->a) {
            tg_jw_end(&e->w);
            return FALSE;
        }
        e->cur--;
        tg_render_grail_tweet(p, &e->w, e->cur);
        e->records++;
        return TRUE;
    }
    case P_CSV:
        if (e->phase == 0) {
            g_string_append(out, "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\","
                                 "\"timestamp\",\"source\",\"text\",\"retweeted_status_id\","
                                 "\"retweeted_status_user_id\",\"retweeted_status_timestamp\","
                                 "\"expanded_urls\"\n");
            e->phase = 1;
            e->cur = p->ntweets;
            return TRUE;
        }
        if (e->cur == 0)
            return FALSE;
        for (int k = 0; k < 64 && e->cur > 0; k++) {
            e->cur--;
            tg_render_csv_row(p, out, e->cur);
        }
        return TRUE;
    }
    return FALSE;
}

static void entry_reset(Entry *e)
{
    e->phase = 0;
    e->cur = 0;
    e->sub = 0;
    e->records = e->fixed_records;
    e->bytes = 0;
    e->pos = 0;
    e->done = FALSE;
    g_string_truncate(e->buf, 0);
}

/* Fills `data` with up to len bytes of the entry; returns the count (0 at the end). */
static gsize entry_read(Entry *e, char *data, gsize len)
{
    gsize done = 0;
    while (done < len) {
        if (e->pos == e->buf->len) {
            if (e->done)
                break;
            g_string_truncate(e->buf, 0);
            e->pos = 0;
            if (!produce(e, e->buf))
                e->done = TRUE;
            continue;
        }
        gsize n = MIN(len - done, e->buf->len - e->pos);
        memcpy(data + done, e->buf->str + e->pos, n);
        e->pos += n;
        done += n;
    }
    return done;
}

/* The zip writer renders on a second thread while libzip deflates on this one: a producer
 * walks the entries in archive order and queues their content in chunks; libzip's read
 * callback takes them off the queue. libzip reads each entry once, in order. */
#define CHUNK (256 * 1024)
#define MAX_QUEUED 48

typedef struct {
    Entry *e;
    GString *data;
    gboolean last;
} Chunk;

typedef struct {
    Emitter *em;
    pthread_mutex_t lock; /* POSIX rather than GMutex: thread sanitizers understand it */
    pthread_cond_t cond;
    GQueue queue;     /* Chunk * */
    gboolean stop;
    Chunk *cur;       /* being read by libzip */
    gsize pos;
} Pipe;

static gpointer pipe_producer(gpointer data)
{
    Pipe *pp = data;
    Emitter *em = pp->em;
    for (guint k = 0; k < em->entries->len; k++) {
        Entry *e = g_ptr_array_index(em->entries, k);
        entry_reset(e);
        gboolean more = TRUE;
        while (more) {
            GString *buf = g_string_sized_new(CHUNK + 65536);
            while (more && buf->len < CHUNK)
                more = produce(e, buf);
            Chunk *c = g_new(Chunk, 1);
            c->e = e;
            c->data = buf;
            c->last = !more;
            pthread_mutex_lock(&pp->lock);
            while (!pp->stop && g_queue_get_length(&pp->queue) >= MAX_QUEUED)
                pthread_cond_wait(&pp->cond, &pp->lock);
            if (pp->stop) {
                pthread_mutex_unlock(&pp->lock);
                g_string_free(c->data, TRUE);
                g_free(c);
                tg_render_release();
                return NULL;
            }
            g_queue_push_tail(&pp->queue, c);
            pthread_cond_broadcast(&pp->cond);
            pthread_mutex_unlock(&pp->lock);
        }
    }
    tg_render_release();
    return NULL;
}

static void chunk_free(Chunk *c)
{
    if (c) {
        g_string_free(c->data, TRUE);
        g_free(c);
    }
}

static Pipe *the_pipe;

static zip_int64_t pipe_read(Entry *e, char *data, gsize len)
{
    Pipe *pp = the_pipe;
    gsize done = 0;
    while (done < len) {
        if (!pp->cur || pp->pos == pp->cur->data->len) {
            if (pp->cur && pp->cur->e == e && pp->cur->last)
                break; /* the entry is complete */
            chunk_free(pp->cur);
            pp->cur = NULL;
            pp->pos = 0;
            pthread_mutex_lock(&pp->lock);
            while (g_queue_is_empty(&pp->queue))
                pthread_cond_wait(&pp->cond, &pp->lock);
            pp->cur = g_queue_pop_head(&pp->queue);
            pthread_cond_broadcast(&pp->cond);
            pthread_mutex_unlock(&pp->lock);
            if (pp->cur->e != e) {
                zip_error_set(&e->zerr, ZIP_ER_INTERNAL, 0);
                return -1;
            }
            continue;
        }
        gsize n = MIN(len - done, pp->cur->data->len - pp->pos);
        memcpy(data + done, pp->cur->data->str + pp->pos, n);
        pp->pos += n;
        done += n;
    }
    return (zip_int64_t)done;
}

static zip_int64_t zip_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    Entry *e = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        return 0;
    case ZIP_SOURCE_READ:
        return pipe_read(e, data, (gsize)len);
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->mtime = (time_t)e->em->mtime;
        st->valid |= ZIP_STAT_MTIME;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&e->zerr, data, len);
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        zip_error_set(&e->zerr, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ------------------------------------------------------------------ layouts */

static Entry *array_entry(Emitter *em, const char *name, const char *lvalue, ProdKind kind)
{
    Entry *e = entry_new(em, name, kind);
    e->lvalue = g_strdup(lvalue);
    return e;
}

static void media_entry(Emitter *em, const char *name, uint64_t seed)
{
    Entry *e = entry_new(em, name, P_STATIC);
    e->binary = TRUE;
    TgRng r;
    tg_rng_seed(&r, em->p->opt->seed ^ seed, 700);
    gsize n = 2048 + (gsize)tg_rng_below(&r, 4096);
    e->content = g_string_sized_new(n);
    /* a JPEG header, then noise */
    static const unsigned char soi[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0};
    g_string_append_len(e->content, (const char *)soi, sizeof soi);
    while (e->content->len < n) {
        uint64_t x = tg_rng_next(&r);
        g_string_append_len(e->content, (const char *)&x, 8);
    }
}

static void add_media(Emitter *em, const char *dir)
{
    TgPlan *p = em->p;
    int n = 0;
    for (uint32_t i = p->ntweets; i-- > 0 && n < 2;) {
        TgTweet *tw = &p->tweets[i];
        if (!(tw->var & TG_V_MEDIA))
            continue;
        char key[16], name[160];
        TgRng r;
        tg_rng_seed(&r, p->opt->seed ^ tw->id, 5);
        tg_rand_alnum(key, 15, &r);
        g_snprintf(name, sizeof name, "%s%" G_GUINT64_FORMAT "-%s.jpg", dir, (guint64)tw->id, key);
        media_entry(em, name, tw->id);
        n++;
    }
    if (n == 0) {
        char name[160];
        g_snprintf(name, sizeof name, "%s%s-DmDPlpAU8AUb6mB.jpg", dir, p->owner_idstr);
        media_entry(em, name, 1);
    }
}

static const char readme_text[] =
    "INTRODUCTION\n============\nThis archive was generated at the request of the following user:\n"
    "- @username at the time the archive was generated: %s\n- Account ID: %s\n\n"
    "SYNTHETIC DATA produced by tg-gen (talkgraph) for parser testing; the layout mirrors a real "
    "archive.\n";

static void static_text(Emitter *em, const char *name, const char *text)
{
    Entry *e = entry_new(em, name, P_STATIC);
    e->content = g_string_new(text);
}

static void layout_ytd(Emitter *em)
{
    TgPlan *p = em->p;
    TgLayout L = p->opt->layout;
    gboolean l2022 = L == TG_LAYOUT_2022;
    gboolean manifest = L == TG_LAYOUT_2022 || L == TG_LAYOUT_2020;
    em->dir = L == TG_LAYOUT_2018 ? "" : "data/";
    em->style = l2022 ? TG_JW_EXPANDED : TG_JW_COMPACT;
    em->wrapper = L == TG_LAYOUT_2022 || L == TG_LAYOUT_2020;
    em->edit_info = l2022;
    em->modern_dm = l2022;
    em->user_link = manifest;
    em->manifest = l2022 ? tg_manifest_2022 : tg_manifest_2020;
    measure_parts(em);
    order_convs(em);

    static_text(em, "Your archive.html",
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Your Twitter Data</title>"
                "</head>\n<body><div id=\"root\">Synthetic archive placeholder. Real archives ship a "
                "React viewer that loads\n<code>./data/manifest.js</code> and "
                "<code>assets/js/*.js</code>.</div>\n<script src=\"./data/manifest.js\"></script>"
                "</body></html>\n");
    const char *tbase = l2022 ? "tweets" : "tweet";
    for (int k = 0; k < em->nparts; k++) {
        char name[64], lv[64];
        if (k == 0)
            g_snprintf(name, sizeof name, "%s%s.js", em->dir, tbase);
        else
            g_snprintf(name, sizeof name, "%s%s-part%d.js", em->dir, tbase, k);
        g_snprintf(lv, sizeof lv, "window.YTD.%s.part%d", tbase, k);
        Entry *e = array_entry(em, name, lv, P_TWEETS);
        e->a = em->part_start[k];
        e->b = em->part_start[k + 1];
        e->records_file = TRUE;
    }
    char *n;
    if (l2022) {
        Entry *e = array_entry(em, "data/tweet-headers.js", "window.YTD.tweet_headers.part0", P_TWEET_HEADERS);
        e->a = 0;
        e->b = p->ntweets;
        NoteList *nl = g_new0(NoteList, 1);
        for (uint32_t i = p->ntweets; i-- > 0 && nl->n < 4;)
            if (p->tweets[i].var & TG_V_NOTE)
                nl->idx[nl->n++] = i;
        static_ytd(em, "data/note-tweet.js", "YTD.note_tweet.part0", nl->n, el_note, nl);
        g_free(nl);
        static_ytd(em, "data/community-tweet.js", "YTD.community_tweet.part0", 1, el_community, NULL);
        static_ytd(em, "data/deleted-tweets.js", "YTD.deleted_tweets.part0", 1, el_deleted, NULL);
        static_ytd(em, "data/deleted-tweet-headers.js", "YTD.deleted_tweet_headers.part0", 1,
                   el_deleted_header, NULL);
    }
    n = path_in(em, "follower.js");
    Entry *e = array_entry(em, n, "window.YTD.follower.part0", P_FOLLOW);
    e->records_file = TRUE;
    g_free(n);
    n = path_in(em, "following.js");
    e = array_entry(em, n, "window.YTD.following.part0", P_FOLLOW);
    e->flag = 1;
    e->records_file = TRUE;
    g_free(n);
    n = path_in(em, "like.js");
    e = array_entry(em, n, "window.YTD.like.part0", P_LIKES);
    e->b = (uint32_t)p->opt->likes;
    g_free(n);
    /* DM file names changed: direct-message.js (2018) -> direct-messages.js */
    const char *dm = L == TG_LAYOUT_2018 ? "direct-message" : "direct-messages";
    const char *dmg = L == TG_LAYOUT_2018 ? "direct-message-group" : "direct-messages-group";
    char name[80], lv[80];
    g_snprintf(name, sizeof name, "%s%s.js", em->dir, dm);
    g_snprintf(lv, sizeof lv, "window.YTD.%s.part0", L == TG_LAYOUT_2018 ? "direct_message" : "direct_messages");
    e = array_entry(em, name, lv, P_DMS);
    e->records_file = TRUE;
    n = path_in(em, "direct-message-headers.js");
    array_entry(em, n, "window.YTD.direct_message_headers.part0", P_DM_HEADERS);
    g_free(n);
    g_snprintf(name, sizeof name, "%s%s.js", em->dir, dmg);
    g_snprintf(lv, sizeof lv, "window.YTD.%s.part0",
               L == TG_LAYOUT_2018 ? "direct_message_group" : "direct_messages_group");
    e = array_entry(em, name, lv, P_DMS);
    e->flag = 1;
    e->records_file = TRUE;
    n = path_in(em, "direct-message-group-headers.js");
    e = array_entry(em, n, "window.YTD.direct_message_group_headers.part0", P_DM_HEADERS);
    e->flag = 1;
    g_free(n);

    n = path_in(em, "account.js");
    static_ytd(em, n, "YTD.account.part0", 1, el_account, NULL);
    g_free(n);
    n = path_in(em, "profile.js");
    static_ytd(em, n, "YTD.profile.part0", 1, el_profile, NULL);
    g_free(n);
    n = path_in(em, "ageinfo.js");
    static_ytd(em, n, "YTD.ageinfo.part0", 1, el_empty_obj, "ageMeta");
    g_free(n);
    n = path_in(em, "verified.js");
    static_ytd(em, n, "YTD.verified.part0", 1, el_verified, NULL);
    g_free(n);
    n = path_in(em, "account-timezone.js");
    static_ytd(em, n, "YTD.account_timezone.part0", 1, el_timezone, NULL);
    g_free(n);
    if (l2022)
        static_ytd(em, "data/account-label.js", "YTD.account_label.part0", 1, el_empty_obj, "accountLabel");
    n = path_in(em, "screen-name-change.js");
    static_ytd(em, n, "YTD.screen_name_change.part0", 1, el_snc, NULL);
    g_free(n);
    n = path_in(em, "lists-member.js");
    static_ytd(em, n, "YTD.lists_member.part0", 3, el_list, NULL);
    g_free(n);
    /* every other data type of the generation, empty */
    for (const TgDataType *dt = em->manifest; dt->type; dt++) {
        if (!dt->file)
            continue;
        char *file = L == TG_LAYOUT_2018 ? g_strdup(dt->file + 5) : g_strdup(dt->file);
        if (!has_entry(em, file) && strcmp(dt->type, "tweets") && strcmp(dt->type, "tweet") &&
            strcmp(dt->type, "directMessages") && strcmp(dt->type, "directMessagesGroup") &&
            strcmp(dt->type, "directMessageHeaders") && strcmp(dt->type, "directMessageGroupHeaders")) {
            char *g = global_of(file);
            static_ytd(em, file, g, 0, NULL, NULL);
            g_free(g);
        }
        g_free(file);
    }
    /* media that a reader must never inflate */
    const char *mdir = l2022 ? "data/tweets_media/" : L == TG_LAYOUT_2018 ? "tweet_media/" : "data/tweet_media/";
    add_media(em, mdir);
    char *pm = g_strdup_printf("%sprofile_media/%s-UoBVAoWn.jpg", em->dir, p->owner_idstr);
    media_entry(em, pm, 2);
    g_free(pm);
    char *rd = g_strdup_printf(readme_text, p->owner_sn, p->owner_idstr);
    n = path_in(em, "README.txt");
    static_text(em, n, rd);
    g_free(n);
    g_free(rd);
    if (manifest)
        entry_new(em, "data/manifest.js", P_MANIFEST);
}

static void layout_grail(Emitter *em)
{
    TgPlan *p = em->p;
    em->style = TG_JW_COMPACT;
    em->dir = "";
    /* months (UTC) with tweets, newest first */
    GArray *months = g_array_new(FALSE, FALSE, sizeof(Month));
    for (uint32_t i = 0; i < p->ntweets; i++) {
        TgTm tm;
        tg_tm_from_unix(&tm, p->tweets[i].t);
        Month *last = months->len ? &g_array_index(months, Month, months->len - 1) : NULL;
        if (last && last->y == tm.y && last->m == tm.mo) {
            last->b = i + 1;
        } else {
            Month m = {tm.y, tm.mo, i, i + 1};
            g_array_append_val(months, m);
        }
    }
    em->nmonths = (int)months->len;
    em->months = (Month *)g_array_free(months, FALSE);
    static_text(em, "index.html",
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your Twitter archive</title>"
                "</head>\n<body>Synthetic Grailbird archive placeholder (data in data/js/tweets/*.js "
                "and tweets.csv).</body></html>\n");
    static_text(em, "README.txt",
                "# How to use your Twitter archive\n\nSYNTHETIC DATA produced by tg-gen (talkgraph). The "
                "JSON files in data/js are JavaScript assignments;\nstrip everything up to the first '=' "
                "to get JSON.\n");
    entry_new(em, "tweets.csv", P_CSV);
    /* tweet_index.js */
    Entry *e = entry_new(em, "data/js/tweet_index.js", P_STATIC);
    e->content = g_string_new("var tweet_index =  ");
    TgJw w;
    tg_jw_init(&w, e->content, TG_JW_COMPACT, TG_ESC_GRAIL);
    tg_jw_arr(&w);
    for (int k = em->nmonths; k-- > 0;) {
        const Month *m = &em->months[k];
        char buf[64];
        tg_jw_obj(&w);
        g_snprintf(buf, sizeof buf, "data/js/tweets/%04d_%02d.js", m->y, m->m);
        tg_jw_kstr(&w, "file_name", buf);
        tg_jw_kint(&w, "year", m->y);
        g_snprintf(buf, sizeof buf, "tweets_%04d_%02d", m->y, m->m);
        tg_jw_kstr(&w, "var_name", buf);
        tg_jw_kint(&w, "tweet_count", m->b - m->a);
        tg_jw_kint(&w, "month", m->m);
        tg_jw_end(&w);
    }
    tg_jw_end(&w);
    e = entry_new(em, "data/js/user_details.js", P_STATIC);
    e->content = g_string_new("var user_details =  ");
    tg_jw_init(&w, e->content, TG_JW_COMPACT, TG_ESC_GRAIL);
    tg_jw_obj(&w);
    tg_jw_kstr(&w, "screen_name", p->owner_sn);
    tg_jw_kstr(&w, "location", "Berlin, Germany");
    tg_jw_kstr(&w, "full_name", p->owner_disp);
    tg_jw_kstr(&w, "bio", "Synthetic account 🧪 | writes about code & coffee");
    tg_jw_kstr(&w, "id", p->owner_idstr);
    char buf[40];
    tg_fmt_grail_new(buf, p->owner_created);
    tg_jw_kstr(&w, "created_at", buf);
    tg_jw_end(&w);
    e = entry_new(em, "data/js/payload_details.js", P_STATIC);
    e->content = g_string_new("var payload_details =  ");
    tg_jw_init(&w, e->content, TG_JW_COMPACT, TG_ESC_GRAIL);
    tg_jw_obj(&w);
    tg_jw_kint(&w, "tweets", p->ntweets);
    tg_fmt_grail_new(buf, p->generated);
    tg_jw_kstr(&w, "created_at", buf);
    tg_jw_kstr(&w, "lang", "en");
    tg_jw_end(&w);
    for (int k = em->nmonths; k-- > 0;) {
        const Month *m = &em->months[k];
        char name[64];
        g_snprintf(name, sizeof name, "data/js/tweets/%04d_%02d.js", m->y, m->m);
        e = entry_new(em, name, P_GRAIL_MONTH);
        e->a = (uint32_t)k;
        e->flag = (m->m % 5 == 0); /* some month files start the array line with a space */
        e->records_file = TRUE;
    }
}

/* ------------------------------------------------------------------ sinks */

static gboolean write_zip(Emitter *em, const char *path, GError **error)
{
    TgPlan *p = em->p;
    int zerr = 0;
    zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tg-gen: cannot create '%s': %s", path,
                    zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return FALSE;
    }
    const char *prefix = p->opt->zip_prefix;
    for (guint k = 0; k < em->entries->len; k++) {
        Entry *e = g_ptr_array_index(em->entries, k);
        zip_source_t *src = zip_source_function(za, zip_cb, e);
        char *name = prefix ? g_strdup_printf("%s/%s", prefix, e->name) : g_strdup(e->name);
        zip_int64_t idx = src ? zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) : -1;
        g_free(name);
        if (idx < 0) {
            if (src)
                zip_source_free(src);
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tg-gen: cannot add '%s' to '%s': %s",
                        e->name, path, zip_strerror(za));
            zip_discard(za);
            return FALSE;
        }
        int level = p->opt->level;
        zip_set_file_compression(za, (zip_uint64_t)idx, level == 0 ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 (zip_uint32_t)level);
        zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)em->mtime, 0);
    }
    Pipe pp;
    memset(&pp, 0, sizeof pp);
    pp.em = em;
    pthread_mutex_init(&pp.lock, NULL);
    pthread_cond_init(&pp.cond, NULL);
    g_queue_init(&pp.queue);
    the_pipe = &pp;
    GThread *producer = g_thread_new("tg-render", pipe_producer, &pp);
    gboolean ok = zip_close(za) == 0;
    if (!ok)
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "tg-gen: cannot write '%s': %s", path,
                    zip_strerror(za));
    pthread_mutex_lock(&pp.lock);
    pp.stop = TRUE;
    pthread_cond_broadcast(&pp.cond);
    pthread_mutex_unlock(&pp.lock);
    g_thread_join(producer);
    chunk_free(pp.cur);
    Chunk *c;
    while ((c = g_queue_pop_head(&pp.queue)))
        chunk_free(c);
    pthread_mutex_destroy(&pp.lock);
    pthread_cond_destroy(&pp.cond);
    the_pipe = NULL;
    if (!ok)
        zip_discard(za);
    return ok;
}

static gboolean write_folder(Emitter *em, const char *dir, GError **error)
{
    TgPlan *p = em->p;
    const char *prefix = p->opt->zip_prefix;
    /* stale files of an earlier archive (a -part3.js too many) would contradict the truth */
    GDir *existing = g_dir_open(dir, 0, NULL);
    if (existing) {
        gboolean empty = g_dir_read_name(existing) == NULL;
        g_dir_close(existing);
        if (!empty) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                        "tg-gen: cannot write into '%s': the folder is not empty", dir);
            return FALSE;
        }
    }
    char *chunk = g_malloc(1 << 16);
    gboolean ok = TRUE;
    for (guint k = 0; k < em->entries->len && ok; k++) {
        Entry *e = g_ptr_array_index(em->entries, k);
        char *path = prefix ? g_build_filename(dir, prefix, e->name, NULL) : g_build_filename(dir, e->name, NULL);
        char *parent = g_path_get_dirname(path);
        if (g_mkdir_with_parents(parent, 0755) != 0) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "tg-gen: cannot create folder '%s': %s", parent, g_strerror(errno));
            ok = FALSE;
        }
        FILE *f = ok ? fopen(path, "wb") : NULL;
        if (ok && !f) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "tg-gen: cannot create '%s': %s",
                        path, g_strerror(errno));
            ok = FALSE;
        }
        if (ok) {
            entry_reset(e);
            gsize n;
            while ((n = entry_read(e, chunk, 1 << 16)) > 0) {
                if (fwrite(chunk, 1, n, f) != n) {
                    ok = FALSE;
                    break;
                }
            }
            if (fclose(f) != 0)
                ok = FALSE;
            if (!ok)
                g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_IO, "tg-gen: cannot write '%s': %s", path,
                            g_strerror(errno));
        }
        g_free(parent);
        g_free(path);
    }
    g_free(chunk);
    return ok;
}

gboolean tg_emit(TgPlan *p, TgEmitted *out, GError **error)
{
    Emitter em;
    memset(&em, 0, sizeof em);
    em.p = p;
    em.entries = g_ptr_array_new_with_free_func(entry_free);
    em.mtime = p->generated;
    if (p->opt->layout == TG_LAYOUT_GRAIL)
        layout_grail(&em);
    else
        layout_ytd(&em);
    const char *path = p->opt->out;
    gboolean zip = g_str_has_suffix(path, ".zip") || g_str_has_suffix(path, ".ZIP");
    gboolean ok = zip ? write_zip(&em, path, error) : write_folder(&em, path, error);
    memset(out, 0, sizeof *out);
    out->records_by_file = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    out->records_order = g_ptr_array_new();
    for (guint k = 0; k < em.entries->len; k++) {
        Entry *e = g_ptr_array_index(em.entries, k);
        if (!e->records_file)
            continue;
        int64_t *v = g_new(int64_t, 1);
        *v = e->records;
        char *key = g_strdup(e->name);
        g_hash_table_replace(out->records_by_file, key, v);
        g_ptr_array_add(out->records_order, key);
        if (e->kind == P_TWEETS || e->kind == P_GRAIL_MONTH)
            out->tweet_elements += e->records;
        if (e->kind == P_DMS)
            *(e->flag ? &out->group_entries : &out->one_to_one_entries) += e->records;
    }
    g_ptr_array_free(em.entries, TRUE);
    g_free(em.part_start);
    g_free(em.part_count);
    g_free(em.one_order);
    g_free(em.group_order);
    g_free(em.months);
    return ok;
}

void tg_emitted_clear(TgEmitted *em)
{
    if (em->records_by_file)
        g_hash_table_destroy(em->records_by_file);
    if (em->records_order)
        g_ptr_array_free(em->records_order, TRUE);
    memset(em, 0, sizeof *em);
}
