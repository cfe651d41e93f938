/* SPDX-License-Identifier: MIT */
/* tg-gen: turns a planned tweet or DM into its text and JSON. The text is built piece by
 * piece (reply run, filler, deliberate mentions, hashtags, links) while the entities record
 * their code point indices in the escaped text, exactly as SPEC.md reads them. Filler and
 * links are drawn from a per-tweet RNG, so rendering twice gives the same bytes. */
#include "gen.h"

#include <string.h>

typedef struct {
    uint32_t who;     /* contact index or TG_OWNER */
    int start, end;
} Ment;

typedef struct {
    char tco[24];
    char expanded[200];
    char display[80];
    int start, end;
} Url;

typedef struct {
    TgText text;
    Ment ment[16];
    int nment;
    struct {
        uint16_t tag;
        int start, end;
    } tags[2];
    int ntags;
    Url urls[4];
    int nurls;
    Url media;
    gboolean has_media;
    int display_from;
    char rt_body[400]; /* a retweet's original text (Grailbird's retweeted_status) */
} Built;

/* Per-thread buffers reused by every rendering (tg_render_release() frees them). */
static _Thread_local GString *scratch_buf;
static _Thread_local Built *built;

static GString *scratch(void)
{
    if (!scratch_buf)
        scratch_buf = g_string_sized_new(512);
    g_string_truncate(scratch_buf, 0);
    return scratch_buf;
}

static void add_mention(TgPlan *p, Built *b, uint32_t who, int64_t t, gboolean entity)
{
    const char *sn = tg_account_sn_at(p, who, t);
    int start = b->text.cp;
    tg_text_add(&b->text, "@");
    tg_text_add(&b->text, sn);
    if (entity && b->nment < 16) {
        b->ment[b->nment].who = who;
        b->ment[b->nment].start = start;
        b->ment[b->nment].end = b->text.cp;
        b->nment++;
    }
}

static void add_tag(Built *b, TgPlan *p, uint16_t tag)
{
    if (!tag || b->ntags >= 2)
        return;
    tg_text_add(&b->text, " ");
    b->tags[b->ntags].start = b->text.cp;
    tg_text_add(&b->text, "#");
    tg_text_add(&b->text, g_ptr_array_index(p->tags, tag - 1));
    b->tags[b->ntags].end = b->text.cp;
    b->tags[b->ntags].tag = tag;
    b->ntags++;
}

static void display_of(const char *expanded, char out[80])
{
    const char *s = strstr(expanded, "://");
    s = s ? s + 3 : expanded;
    if (!strncmp(s, "www.", 4))
        s += 4;
    gsize n = strlen(s);
    if (n <= 26) {
        g_strlcpy(out, s, 80);
        return;
    }
    g_strlcpy(out, s, 27);
    g_strlcat(out, "…", 80);
}

static void add_url(Built *b, TgRng *r, const char *expanded)
{
    if (b->nurls >= 4)
        return;
    Url *u = &b->urls[b->nurls++];
    tg_tco(u->tco, r);
    g_strlcpy(u->expanded, expanded, sizeof u->expanded);
    display_of(expanded, u->display);
    tg_text_add(&b->text, " ");
    u->start = b->text.cp;
    tg_text_add(&b->text, u->tco);
    u->end = b->text.cp;
}

static void external_link(TgRng *r, char out[200])
{
    static const char *const hosts[] = {"github.com", "blog.example.org", "youtube.com",
                                        "docs.python.org", "nytimes.com", "example.com",
                                        "newsletter.example.com", "medium.com"};
    char a[8], c[10];
    tg_rand_alnum(a, 5, r);
    tg_rand_alnum(c, 8, r);
    g_snprintf(out, 200, "https://%s/%s/%s", hosts[tg_rng_below(r, G_N_ELEMENTS(hosts))], a, c);
}

static void quote_url(char out[200], int style, const char *name, uint64_t id, TgRng *r)
{
    char extra[12];
    tg_rand_alnum(extra, 8, r);
    static const char *const fmt[] = {
        "https://twitter.com/%s/status/%" G_GUINT64_FORMAT,
        "https://x.com/%s/status/%" G_GUINT64_FORMAT,
        "https://mobile.twitter.com/%s/status/%" G_GUINT64_FORMAT,
        "https://www.twitter.com/%s/status/%" G_GUINT64_FORMAT,
        "http://twitter.com/%s/status/%" G_GUINT64_FORMAT,
        "https://twitter.com/%s/statuses/%" G_GUINT64_FORMAT,
        "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "?s=20",
        "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "/photo/1",
        "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "#m",
        "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "/",
        "https://x.com/%s/status/%" G_GUINT64_FORMAT "?s=46&t=",
    };
    g_snprintf(out, 200, fmt[style % G_N_ELEMENTS(fmt)], name, (guint64)id);
    if (style % G_N_ELEMENTS(fmt) == 10)
        g_strlcat(out, extra, 200);
}

/* Twitter links that are no quote: i/web, i/status, fxtwitter, a profile, a search, a
 * truncated status url. */
static void nonquote_url(char out[200], int style, const char *name, uint64_t id)
{
    switch (style % 6) {
    case 0:
        g_snprintf(out, 200, "https://twitter.com/i/web/status/%" G_GUINT64_FORMAT, (guint64)id);
        break;
    case 1:
        g_snprintf(out, 200, "https://x.com/i/status/%" G_GUINT64_FORMAT, (guint64)id);
        break;
    case 2:
        g_snprintf(out, 200, "https://fxtwitter.com/%s/status/%" G_GUINT64_FORMAT, name, (guint64)id);
        break;
    case 3:
        g_snprintf(out, 200, "https://twitter.com/%s", name);
        break;
    case 4:
        g_snprintf(out, 200, "https://twitter.com/search?q=%%23python&src=typed_query");
        break;
    default:
        g_snprintf(out, 200, "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "%%E2%%80%%A6", name,
                   (guint64)(id / 1000));
        break;
    }
}

static void mention_phrase(TgPlan *p, Built *b, TgRng *r, const uint32_t *who, int n, int64_t t)
{
    static const char *const lead[] = {" cc", " thanks", " with", " h/t", " ping", " via"};
    if (!n)
        return;
    tg_text_add(&b->text, lead[tg_rng_below(r, G_N_ELEMENTS(lead))]);
    for (int i = 0; i < n; i++) {
        tg_text_add(&b->text, i && tg_rng_chance(r, 0.3) ? " and " : " ");
        add_mention(p, b, who[i], t, TRUE);
    }
}

/* Builds the text and entities of version `version` of tweet i. */
static void build(TgPlan *p, uint32_t i, int version, Built *b, int64_t t)
{
    TgTweet *tw = &p->tweets[i];
    TgRng r;
    /* every version shares the text; the earlier ones of an edited tweet carry a typo */
    tg_rng_seed(&r, p->opt->seed ^ tw->id, 100);
    int nver = tw->nver ? tw->nver : 1;
    const char *typo = NULL;
    if (version < nver - 1) {
        static const char *const typos[] = {"teh", "tomorow", "definately", "becuase", "wierd",
                                            "recieve", "thier", "untill"};
        typo = typos[(tw->id + (uint64_t)version) % G_N_ELEMENTS(typos)];
    }
    memset(b->ment, 0, sizeof b->ment);
    b->nment = b->ntags = b->nurls = 0;
    b->has_media = FALSE;
    b->display_from = 0;
    b->rt_body[0] = '\0';
    tg_text_reset(&b->text);
    uint32_t *pool = tg_pool(p, tw);
    const uint32_t *run = pool, *ment = pool + tw->nrun;
    int nrun = tw->nrun, nment = tw->nment;
    gboolean grail = p->opt->layout == TG_LAYOUT_GRAIL;
    char url[200];

    switch (tw->kind) {
    case TG_K_RETWEET: {
        tg_text_add(&b->text, "RT ");
        add_mention(p, b, tw->target, t, !(tw->var & TG_V_EMPTY_ENT));
        tg_text_add(&b->text, ": ");
        int body = b->text.s->len;
        tg_filler(&b->text, &r, 5, 16, TRUE);
        for (int k = 0; k < nment; k++) {
            tg_text_add(&b->text, " ");
            add_mention(p, b, ment[k], t, !(tw->var & TG_V_EMPTY_ENT));
        }
        if (tw->tag[0] && !(tw->var & TG_V_EMPTY_ENT))
            add_tag(b, p, tw->tag[0]);
        g_strlcpy(b->rt_body, b->text.s->str + body, sizeof b->rt_body);
        if (!grail && tg_rng_chance(&r, 0.15))
            tg_text_add(&b->text, "…");
        break;
    }
    case TG_K_REPLY:
    case TG_K_THREAD: {
        gboolean first = TRUE;
        if (tw->kind == TG_K_REPLY) {
            /* a deleted account keeps its "@name" in the text but has no entity */
            gboolean gone = tg_contact(p, tw->target)->flags & TG_C_DELETED;
            add_mention(p, b, tw->target, t, !gone);
            first = FALSE;
        }
        for (int k = 0; k < nrun; k++) {
            if (!first)
                tg_text_add(&b->text, " ");
            add_mention(p, b, run[k], t, TRUE);
            first = FALSE;
        }
        if (!first) {
            tg_text_add(&b->text, " ");
            b->display_from = b->text.cp;
        }
        tg_filler(&b->text, &r, 3, 16, first);
        if (typo) {
            tg_text_add(&b->text, " ");
            tg_text_add(&b->text, typo);
        }
        if (tw->var & TG_V_TARGET_AGAIN) {
            /* the target again, after the run: a deliberate mention */
            for (int k = 0; k < nment; k++) {
                tg_text_add(&b->text, k ? " " : " ");
                add_mention(p, b, ment[k], t, TRUE);
            }
            tg_text_add(&b->text, " 🙏");
        } else {
            mention_phrase(p, b, &r, ment, nment, t);
        }
        add_tag(b, p, tw->tag[0]);
        add_tag(b, p, tw->tag[1]);
        if (tw->var & TG_V_STATUS_URL) {
            /* a reply carrying a status url stays a reply */
            uint32_t named = tw->kind == TG_K_REPLY && !(tg_contact(p, tw->target)->flags & TG_C_DELETED)
                                 ? tw->target
                                 : TG_OWNER;
            quote_url(url, 0, tg_account_sn_at(p, named, t), tw->ref_status ? tw->ref_status : tw->id - 1,
                      &r);
            add_url(b, &r, url);
        }
        break;
    }
    case TG_K_QUOTE:
    case TG_K_ORIGINAL: {
        int k0 = 0;
        if ((tw->var & (TG_V_LEAD_AT | TG_V_LEAD_DOT)) && nment) {
            if (tw->var & TG_V_LEAD_DOT)
                tg_text_add(&b->text, ".");
            add_mention(p, b, ment[0], t, TRUE);
            k0 = 1;
            /* "@a @b text" on an original: every mention is deliberate */
            while (k0 < nment && tg_rng_chance(&r, 0.5)) {
                tg_text_add(&b->text, " ");
                add_mention(p, b, ment[k0], t, TRUE);
                k0++;
            }
            tg_text_add(&b->text, " ");
            tg_filler(&b->text, &r, 3, 16, FALSE);
        } else {
            tg_filler(&b->text, &r, 3, 18, TRUE);
        }
        if (typo) {
            tg_text_add(&b->text, " ");
            tg_text_add(&b->text, typo);
        }
        mention_phrase(p, b, &r, ment + k0, nment - k0, t);
        add_tag(b, p, tw->tag[0]);
        add_tag(b, p, tw->tag[1]);
        if (tw->var & TG_V_NOTE)
            tg_text_add(&b->text, " …");
        if (tw->kind == TG_K_ORIGINAL) {
            if (tw->var & TG_V_NONQUOTE) {
                nonquote_url(url, tw->qstyle, tg_account_sn_at(p, tw->target, t), tw->ref_status);
                add_url(b, &r, url);
            } else if (tw->var & TG_V_SELF_URL) {
                quote_url(url, 0, p->owner_sn, tw->ref_status, &r);
                add_url(b, &r, url);
            } else if (tg_rng_chance(&r, 0.18)) {
                external_link(&r, url);
                add_url(b, &r, url);
            }
        } else {
            if (tw->var & TG_V_LINK_FIRST) {
                external_link(&r, url);
                add_url(b, &r, url);
            } else if (tw->var & TG_V_NONQUOTE) {
                nonquote_url(url, (int)tg_rng_below(&r, 6), tg_account_sn_at(p, tw->target, t),
                             tw->ref_status + 17);
                add_url(b, &r, url);
            } else if (tw->var & TG_V_SELF_URL) {
                quote_url(url, 0, p->owner_sn, tw->id - 1000, &r);
                add_url(b, &r, url);
            }
            char name[32];
            tg_quote_name(p, tw, name);
            quote_url(url, tw->qstyle, name, tw->ref_status, &r);
            add_url(b, &r, url);
        }
        break;
    }
    default:
        break;
    }
    if ((tw->var & TG_V_MEDIA) && tw->kind != TG_K_RETWEET) {
        Url *u = &b->media;
        tg_tco(u->tco, &r);
        g_snprintf(u->expanded, sizeof u->expanded,
                   "https://twitter.com/%s/status/%" G_GUINT64_FORMAT "/photo/1",
                   p->owner_sn, (guint64)tw->id);
        g_snprintf(u->display, sizeof u->display, "pic.twitter.com/%s", u->tco + 13);
        tg_text_add(&b->text, " ");
        u->start = b->text.cp;
        tg_text_add(&b->text, u->tco);
        u->end = b->text.cp;
        b->has_media = TRUE;
    }
}

const char *tg_source_html(uint64_t h)
{
    static const char *const src[] = {
        "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
        "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
        "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
        "<a href=\"http://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>",
        "<a href=\"http://tapbots.com/tweetbot\" rel=\"nofollow\">Tweetbot for iΟS</a>",
    };
    return src[h % G_N_ELEMENTS(src)];
}

static void indices(TgJw *w, int a, int b, gboolean numbers)
{
    tg_jw_key(w, "indices");
    tg_jw_arr(w);
    if (numbers) {
        tg_jw_int(w, a);
        tg_jw_int(w, b);
    } else {
        char s[16];
        g_snprintf(s, sizeof s, "%d", a);
        tg_jw_str(w, s);
        g_snprintf(s, sizeof s, "%d", b);
        tg_jw_str(w, s);
    }
    tg_jw_end(w);
}

static void id_pair(TgJw *w, const char *k_str, const char *k_num, const char *idstr, gboolean numbers)
{
    tg_jw_kstr(w, k_str, idstr);
    if (numbers)
        tg_jw_kraw(w, k_num, idstr);
    else
        tg_jw_kstr(w, k_num, idstr);
}

static void w_mentions(TgPlan *p, TgJw *w, const Built *b, int64_t t, gboolean numbers)
{
    tg_jw_key(w, "user_mentions");
    tg_jw_arr(w);
    for (int k = 0; k < b->nment; k++) {
        tg_jw_obj(w);
        tg_jw_kstr(w, "name", tg_account_disp_at(p, b->ment[k].who, t));
        tg_jw_kstr(w, "screen_name", tg_account_sn_at(p, b->ment[k].who, t));
        indices(w, b->ment[k].start, b->ment[k].end, numbers);
        id_pair(w, "id_str", "id", tg_account_idstr(p, b->ment[k].who), numbers);
        tg_jw_end(w);
    }
    tg_jw_end(w);
}

static void w_hashtags(TgPlan *p, TgJw *w, const Built *b, gboolean numbers)
{
    tg_jw_key(w, "hashtags");
    tg_jw_arr(w);
    for (int k = 0; k < b->ntags; k++) {
        tg_jw_obj(w);
        tg_jw_kstr(w, "text", g_ptr_array_index(p->tags, b->tags[k].tag - 1));
        indices(w, b->tags[k].start, b->tags[k].end, numbers);
        tg_jw_end(w);
    }
    tg_jw_end(w);
}

static void w_urls(TgJw *w, const Built *b, gboolean grail)
{
    tg_jw_key(w, "urls");
    tg_jw_arr(w);
    for (int k = 0; k < b->nurls; k++) {
        const Url *u = &b->urls[k];
        tg_jw_obj(w);
        if (grail)
            indices(w, u->start, u->end, TRUE);
        tg_jw_kstr(w, "url", u->tco);
        tg_jw_kstr(w, "expanded_url", u->expanded);
        tg_jw_kstr(w, "display_url", u->display);
        if (!grail)
            indices(w, u->start, u->end, FALSE);
        tg_jw_end(w);
    }
    tg_jw_end(w);
}

static void w_media_array(TgPlan *p, TgJw *w, const Built *b, uint64_t tid)
{
    const Url *u = &b->media;
    char mid[24], murl[120];
    uint64_t media_id = tid - 1 - (tid % 4096);
    g_snprintf(mid, sizeof mid, "%" G_GUINT64_FORMAT, (guint64)media_id);
    char key[16];
    TgRng r;
    tg_rng_seed(&r, p->opt->seed ^ tid, 5);
    tg_rand_alnum(key, 15, &r);
    tg_jw_key(w, "media");
    tg_jw_arr(w);
    tg_jw_obj(w);
    tg_jw_kstr(w, "expanded_url", u->expanded);
    indices(w, u->start, u->end, FALSE);
    tg_jw_kstr(w, "url", u->tco);
    g_snprintf(murl, sizeof murl, "http://pbs.twimg.com/media/%s.jpg", key);
    tg_jw_kstr(w, "media_url", murl);
    tg_jw_kstr(w, "id_str", mid);
    tg_jw_kstr(w, "id", mid);
    g_snprintf(murl, sizeof murl, "https://pbs.twimg.com/media/%s.jpg", key);
    tg_jw_kstr(w, "media_url_https", murl);
    tg_jw_key(w, "sizes");
    tg_jw_obj(w);
    static const char *const names[] = {"large", "medium", "thumb", "small"};
    static const char *const wh[][3] = {{"2048", "1536", "fit"}, {"1200", "900", "fit"},
                                        {"150", "150", "crop"}, {"680", "510", "fit"}};
    for (int k = 0; k < 4; k++) {
        tg_jw_key(w, names[k]);
        tg_jw_obj(w);
        tg_jw_kstr(w, "w", wh[k][0]);
        tg_jw_kstr(w, "h", wh[k][1]);
        tg_jw_kstr(w, "resize", wh[k][2]);
        tg_jw_end(w);
    }
    tg_jw_end(w);
    tg_jw_kstr(w, "type", "photo");
    tg_jw_kstr(w, "display_url", u->display);
    tg_jw_end(w);
    tg_jw_end(w);
}

static Built *builder(void)
{
    if (!built) {
        built = g_new0(Built, 1);
        built->text.s = g_string_sized_new(512);
    }
    return built;
}

void tg_render_release(void)
{
    if (built) {
        g_string_free(built->text.s, TRUE);
        g_free(built);
        built = NULL;
    }
    if (scratch_buf) {
        g_string_free(scratch_buf, TRUE);
        scratch_buf = NULL;
    }
}

static void edit_control(TgJw *w, const uint64_t *ids, int n, int64_t t0, gboolean eligible)
{
    char buf[40];
    tg_jw_key(w, "editTweetIds");
    tg_jw_arr(w);
    for (int k = 0; k < n; k++)
        tg_jw_u64s(w, ids[k]);
    tg_jw_end(w);
    tg_fmt_iso_ms(buf, (t0 + 3600) * 1000);
    tg_jw_kstr(w, "editableUntil", buf);
    g_snprintf(buf, sizeof buf, "%d", 5 - (n - 1));
    tg_jw_kstr(w, "editsRemaining", buf);
    tg_jw_kbool(w, "isEditEligible", eligible);
}

void tg_render_tweet(TgPlan *p, TgJw *w, uint32_t i, int version, gboolean wrapper, gboolean edit_info)
{
    TgTweet *tw = &p->tweets[i];
    uint64_t ids[4];
    int64_t times[4];
    int nv = tg_tweet_versions(p, tw, ids, times);
    if (version < 0 || version >= nv)
        version = nv - 1;
    int64_t t = times[version];
    uint64_t id = ids[version];
    Built *b = builder();
    build(p, i, version, b, tw->t);
    char idstr[24], buf[40];
    g_snprintf(idstr, sizeof idstr, "%" G_GUINT64_FORMAT, (guint64)id);
    uint64_t h = tg_mix64(id ^ p->opt->seed);

    tg_jw_obj(w);
    if (wrapper) {
        tg_jw_key(w, "tweet");
        tg_jw_obj(w);
    }
    if (edit_info) {
        gboolean eligible = tw->kind != TG_K_RETWEET && !(h & 8);
        tg_jw_key(w, "edit_info");
        tg_jw_obj(w);
        if (version == 0) {
            tg_jw_key(w, "initial");
            tg_jw_obj(w);
            edit_control(w, ids, nv, times[0], nv > 1 ? TRUE : eligible);
            tg_jw_end(w);
        } else {
            tg_jw_key(w, "edit");
            tg_jw_obj(w);
            tg_jw_ku64s(w, "initialTweetId", ids[0]);
            tg_jw_key(w, "editControlInitial");
            tg_jw_obj(w);
            edit_control(w, ids, nv, times[0], TRUE);
            tg_jw_end(w);
            tg_jw_end(w);
        }
        tg_jw_end(w);
    }
    tg_jw_kbool(w, "retweeted", FALSE);
    tg_jw_kstr(w, "source", tg_source_html(h >> 8));
    tg_jw_key(w, "entities");
    tg_jw_obj(w);
    if (b->has_media) {
        w_mentions(p, w, b, tw->t, FALSE);
        w_urls(w, b, FALSE);
        tg_jw_key(w, "symbols");
        tg_jw_arr(w);
        tg_jw_end(w);
        w_media_array(p, w, b, id);
        w_hashtags(p, w, b, FALSE);
    } else {
        w_hashtags(p, w, b, FALSE);
        tg_jw_key(w, "symbols");
        tg_jw_arr(w);
        tg_jw_end(w);
        w_mentions(p, w, b, tw->t, FALSE);
        w_urls(w, b, FALSE);
    }
    tg_jw_end(w);
    tg_jw_key(w, "display_text_range");
    tg_jw_arr(w);
    g_snprintf(buf, sizeof buf, "%d", b->display_from);
    tg_jw_str(w, buf);
    g_snprintf(buf, sizeof buf, "%d", b->text.cp);
    tg_jw_str(w, buf);
    tg_jw_end(w);
    g_snprintf(buf, sizeof buf, "%u", (unsigned)((h >> 20) % 7 == 0 ? (h >> 24) % 40 : (h >> 24) % 3));
    tg_jw_kstr(w, "favorite_count", tw->kind == TG_K_RETWEET ? "0" : buf);
    gboolean is_reply = tw->kind == TG_K_REPLY || tw->kind == TG_K_THREAD;
    gboolean legacy = is_reply && (tw->var & TG_V_LEGACY);
    char rs[24];
    g_snprintf(rs, sizeof rs, "%" G_GUINT64_FORMAT, (guint64)tw->ref_status);
    const char *ruser = is_reply ? tg_account_idstr(p, tw->target) : NULL;
    gboolean gone = tw->kind == TG_K_REPLY && (tg_contact(p, tw->target)->flags & TG_C_DELETED);
    if (is_reply && !legacy)
        tg_jw_kstr(w, "in_reply_to_status_id_str", rs);
    tg_jw_kstr(w, "id_str", idstr);
    if (is_reply)
        tg_jw_kstr(w, "in_reply_to_user_id", ruser);
    tg_jw_kbool(w, "truncated", FALSE);
    tg_jw_kstr(w, "retweet_count", "0");
    tg_jw_kstr(w, "id", idstr);
    if (is_reply && !legacy)
        tg_jw_kstr(w, "in_reply_to_status_id", rs);
    if (b->nurls || b->has_media)
        tg_jw_kbool(w, "possibly_sensitive", FALSE);
    tg_fmt_twitter(buf, t);
    tg_jw_kstr(w, "created_at", buf);
    tg_jw_kbool(w, "favorited", FALSE);
    tg_jw_key(w, "full_text");
    tg_jw_strn(w, b->text.s->str, b->text.s->len);
    tg_jw_kstr(w, "lang", (h >> 40) % 9 == 0 ? "und" : "en");
    if (is_reply && !gone)
        tg_jw_kstr(w, "in_reply_to_screen_name", tg_account_sn_at(p, tw->target, tw->t));
    if (is_reply)
        tg_jw_kstr(w, "in_reply_to_user_id_str", ruser);
    if (b->has_media) {
        tg_jw_key(w, "extended_entities");
        tg_jw_obj(w);
        w_media_array(p, w, b, id);
        tg_jw_end(w);
    }
    if (wrapper)
        tg_jw_end(w);
    tg_jw_end(w);
}

static void grail_user(TgPlan *p, TgJw *w, uint32_t who, int64_t t)
{
    char img[120];
    TgRng r;
    const char *idstr = tg_account_idstr(p, who);
    tg_rng_seed(&r, p->opt->seed ^ (uint64_t)g_ascii_strtoull(idstr, NULL, 10), 9);
    char a[10];
    tg_rand_alnum(a, 8, &r);
    tg_jw_key(w, "user");
    tg_jw_obj(w);
    tg_jw_kstr(w, "name", tg_account_disp_at(p, who, t));
    tg_jw_kstr(w, "screen_name", tg_account_sn_at(p, who, t));
    tg_jw_kbool(w, "protected", FALSE);
    tg_jw_kstr(w, "id_str", idstr);
    g_snprintf(img, sizeof img, "https://pbs.twimg.com/profile_images/%" G_GUINT64_FORMAT "/%s_normal.jpg",
               (guint64)(tg_rng_next(&r) % 900000000000000000ull + 100000000000000000ull), a);
    tg_jw_kstr(w, "profile_image_url_https", img);
    tg_jw_kraw(w, "id", idstr);
    tg_jw_kbool(w, "verified", FALSE);
    tg_jw_end(w);
}

static void grail_created(TgJw *w, int64_t t)
{
    char buf[40];
    TgTm tm;
    tg_tm_from_unix(&tm, t);
    /* older months carry the API form, later ones the 2014+ form */
    if (tm.y < 2014)
        tg_fmt_twitter(buf, t);
    else
        tg_fmt_grail_new(buf, t);
    tg_jw_kstr(w, "created_at", buf);
}

void tg_render_grail_tweet(TgPlan *p, TgJw *w, uint32_t i)
{
    TgTweet *tw = &p->tweets[i];
    Built *b = builder();
    build(p, i, 0, b, tw->t);
    char idstr[24], rs[24];
    g_snprintf(idstr, sizeof idstr, "%" G_GUINT64_FORMAT, (guint64)tw->id);
    g_snprintf(rs, sizeof rs, "%" G_GUINT64_FORMAT, (guint64)tw->ref_status);
    uint64_t h = tg_mix64(tw->id ^ p->opt->seed);
    gboolean is_reply = tw->kind == TG_K_REPLY || tw->kind == TG_K_THREAD;
    gboolean legacy = is_reply && (tw->var & TG_V_LEGACY);
    gboolean gone = tw->kind == TG_K_REPLY && (tg_contact(p, tw->target)->flags & TG_C_DELETED);
    gboolean empty = tw->kind == TG_K_RETWEET && (tw->var & TG_V_EMPTY_ENT);

    tg_jw_obj(w);
    tg_jw_kstr(w, "source", tg_source_html(h >> 8));
    tg_jw_key(w, "entities");
    tg_jw_obj(w);
    if (empty) {
        const char *const keys[] = {"user_mentions", "media", "hashtags", "urls"};
        for (int k = 0; k < 4; k++) {
            tg_jw_key(w, keys[k]);
            tg_jw_arr(w);
            tg_jw_end(w);
        }
    } else {
        w_mentions(p, w, b, tw->t, TRUE);
        tg_jw_key(w, "media");
        tg_jw_arr(w);
        tg_jw_end(w);
        w_hashtags(p, w, b, TRUE);
        w_urls(w, b, TRUE);
    }
    tg_jw_end(w);
    if (is_reply && !legacy)
        tg_jw_kstr(w, "in_reply_to_status_id_str", rs);
    tg_jw_key(w, "geo");
    tg_jw_obj(w);
    tg_jw_end(w);
    tg_jw_kstr(w, "id_str", idstr);
    if (is_reply)
        tg_jw_kraw(w, "in_reply_to_user_id", tg_account_idstr(p, tw->target));
    tg_jw_key(w, "text");
    tg_jw_strn(w, b->text.s->str, b->text.s->len);
    if (tw->kind == TG_K_RETWEET) {
        char oid[24];
        g_snprintf(oid, sizeof oid, "%" G_GUINT64_FORMAT, (guint64)tw->ref_status);
        int64_t ot = tw->t - 1 - (int64_t)(h % 86400);
        tg_jw_key(w, "retweeted_status");
        tg_jw_obj(w);
        tg_jw_kstr(w, "source", tg_source_html(h >> 16));
        tg_jw_key(w, "entities");
        tg_jw_obj(w);
        const char *const keys[] = {"user_mentions", "media", "hashtags", "urls"};
        for (int k = 0; k < 4; k++) {
            tg_jw_key(w, keys[k]);
            tg_jw_arr(w);
            tg_jw_end(w);
        }
        tg_jw_end(w);
        tg_jw_key(w, "geo");
        tg_jw_obj(w);
        tg_jw_end(w);
        tg_jw_kstr(w, "id_str", oid);
        tg_jw_kstr(w, "text", b->rt_body);
        tg_jw_kraw(w, "id", oid);
        grail_created(w, ot);
        grail_user(p, w, tw->target, tw->t);
        tg_jw_end(w);
    }
    tg_jw_kraw(w, "id", idstr);
    if (is_reply && !legacy)
        tg_jw_kraw(w, "in_reply_to_status_id", rs);
    grail_created(w, tw->t);
    if (is_reply && !gone)
        tg_jw_kstr(w, "in_reply_to_screen_name", tg_account_sn_at(p, tw->target, tw->t));
    if (is_reply)
        tg_jw_kstr(w, "in_reply_to_user_id_str", tg_account_idstr(p, tw->target));
    grail_user(p, w, TG_OWNER, tw->t);
    tg_jw_end(w);
}

static void csv_field(GString *out, const char *s, gboolean last)
{
    g_string_append_c(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *s);
    }
    g_string_append(out, last ? "\"\n" : "\",");
}

void tg_render_csv_row(TgPlan *p, GString *out, uint32_t i)
{
    TgTweet *tw = &p->tweets[i];
    Built *b = builder();
    build(p, i, 0, b, tw->t);
    char buf[64];
    gboolean is_reply = tw->kind == TG_K_REPLY || tw->kind == TG_K_THREAD;
    gboolean legacy = is_reply && (tw->var & TG_V_LEGACY);
    g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, (guint64)tw->id);
    csv_field(out, buf, FALSE);
    g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, (guint64)tw->ref_status);
    csv_field(out, is_reply && !legacy ? buf : "", FALSE);
    csv_field(out, is_reply ? tg_account_idstr(p, tw->target) : "", FALSE);
    tg_fmt_grail_new(buf, tw->t);
    csv_field(out, buf, FALSE);
    csv_field(out, tg_source_html(tg_mix64(tw->id ^ p->opt->seed) >> 8), FALSE);
    csv_field(out, b->text.s->str, FALSE);
    if (tw->kind == TG_K_RETWEET) {
        g_snprintf(buf, sizeof buf, "%" G_GUINT64_FORMAT, (guint64)tw->ref_status);
        csv_field(out, buf, FALSE);
        csv_field(out, tg_account_idstr(p, tw->target), FALSE);
        tg_fmt_grail_new(buf, tw->t - 1 - (int64_t)(tg_mix64(tw->id ^ p->opt->seed) % 86400));
        csv_field(out, buf, FALSE);
    } else {
        csv_field(out, "", FALSE);
        csv_field(out, "", FALSE);
        csv_field(out, "", FALSE);
    }
    GString *urls = scratch();
    for (int k = 0; k < b->nurls; k++) {
        if (k)
            g_string_append_c(urls, ',');
        g_string_append(urls, b->urls[k].expanded);
    }
    if (b->has_media) {
        if (urls->len)
            g_string_append_c(urls, ',');
        g_string_append(urls, b->media.expanded);
    }
    csv_field(out, urls->str, TRUE);
}

/* ------------------------------------------------------------------ DM texts */

static const char *const near_words[20] = {
    "quick", "question", "about", "your", "conference", "talk", "do", "you", "know", "whether",
    "the", "slides", "will", "be", "shared", "online", "after", "this", "weekend", "please",
};

void tg_render_dm_text(TgPlan *p, const TgConv *cv, const TgMsg *m, GString *out)
{
    TgRng r;
    tg_rng_seed(&r, (cv->text_seed ? cv->text_seed : p->opt->seed) ^ m->id, 200 + m->seed);
    char tco[24];
    tg_tco(tco, &r);
    const char *peer = cv->partner != TG_NONE ? tg_contact(p, cv->partner)->sn : "you";
    switch ((TgTextKind)m->text) {
    case TG_TX_RANDOM:
        tg_filler_plain(out, &r, 2, 14, tg_rng_chance(&r, 0.3));
        break;
    case TG_TX_STOCK:
        g_string_append(out, tg_stock_dm[m->arg % tg_n_stock_dm]);
        if (tg_rng_chance(&r, 0.4)) {
            g_string_append_c(out, ' ');
            tg_filler_plain(out, &r, 2, 8, FALSE);
        }
        break;
    case TG_TX_OPENER:
        /* a stock start and at least six random words: never a near duplicate */
        g_string_append(out, tg_stock_dm[m->arg % tg_n_stock_dm]);
        g_string_append_c(out, ' ');
        tg_filler_plain(out, &r, 6, 12, FALSE);
        break;
    case TG_TX_TPL_A:
        g_string_append_printf(out,
                               "Hey @%s! Thanks for the follow 🙌 I run a tiny studio that helps indie "
                               "founders grow an audience. Grab the free playbook here: %s (only %d "
                               "spots left this week)%s",
                               m->arg == 1 ? p->owner_sn : p->owner_old_sn, tco, m->arg == 1 ? 5 : 3,
                               m->arg == 2 ? " cheers" : "");
        break;
    case TG_TX_TPL_B:
        g_string_append(out, m->arg ? "thanks for following!" : "Thanks for following!");
        break;
    case TG_TX_LONE:
        g_string_append_printf(out,
                               "Hi there! I noticed we both care about open source. Would you join our "
                               "community call next Thursday? Details: %s",
                               tco);
        break;
    case TG_TX_NEAR:
        for (int k = 0; k < 20; k++) {
            if (k)
                g_string_append_c(out, ' ');
            g_string_append(out, k == 10 && m->arg ? "those" : near_words[k]);
        }
        g_string_append_c(out, '?');
        break;
    case TG_TX_HI:
        g_string_append(out, "hi!");
        break;
    case TG_TX_HEY_THERE:
        g_string_append(out, "hey there");
        break;
    case TG_TX_OWNER_HEY:
        g_string_append(out, "hey 👋");
        break;
    case TG_TX_OWNER_TPL:
        g_string_append_printf(out,
                               "Thanks for the follow @%s! 🙌 I write a weekly newsletter about growth "
                               "hacking - issue #%d is out now: %s",
                               peer, 30 + m->arg, tco);
        break;
    case TG_TX_OWNER_CONNECT:
        g_string_append(out, "Thanks for connecting!");
        break;
    case TG_TX_WELCOME:
        g_string_append(out, m->arg == 0 ? "Welcome to PixelPrint! Ask us anything about your order. "
                                           "For tracking, send your order number."
                                         : "Hi! Thanks for reaching out to Lumen Coffee support 👋 "
                                           "How can we help today?");
        break;
    }
}
