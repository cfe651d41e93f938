/* SPDX-License-Identifier: MIT */
/* tg-gen: the generator of realistic synthetic Twitter/X archives with ground truth.
 * This header holds the plan (owner, contacts, tweets, DMs, follows) that every other
 * module shares: plan*.c build it, render.c and emit.c write it out as an archive, and
 * truth.c tallies what was planted into the truth file. */
#ifndef TG_GEN_H
#define TG_GEN_H

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

#define TG_NONE UINT32_MAX          /* no contact */
#define TG_OWNER (UINT32_MAX - 1)   /* the archive's owner, where a contact index goes */

/* ------------------------------------------------------------------ rng.c */

typedef struct {
    uint64_t s[4];
} TgRng;

void tg_rng_seed(TgRng *r, uint64_t seed, uint64_t stream);
uint64_t tg_rng_next(TgRng *r);
double tg_rng_unit(TgRng *r);                       /* [0, 1) */
uint64_t tg_rng_below(TgRng *r, uint64_t n);        /* [0, n), n > 0 */
int64_t tg_rng_range(TgRng *r, int64_t lo, int64_t hi); /* [lo, hi] */
gboolean tg_rng_chance(TgRng *r, double p);
double tg_rng_normal(TgRng *r);
uint64_t tg_mix64(uint64_t x);

/* Vose alias table: O(1) sampling of a discrete distribution. */
typedef struct {
    uint32_t n;
    float *prob;
    uint32_t *alias;
} TgAlias;

void tg_alias_init(TgAlias *a, const double *w, uint32_t n);
uint32_t tg_alias_pick(const TgAlias *a, TgRng *r);
void tg_alias_clear(TgAlias *a);

/* ------------------------------------------------------------------ timeutil.c */

/* Days since 1970-01-01 of a proleptic Gregorian date and back. */
int64_t tg_days_from_civil(int64_t y, unsigned m, unsigned d);
void tg_civil_from_days(int64_t z, int *y, int *m, int *d);

typedef struct {
    int y, mo, d, h, mi, s, wday; /* wday 0 = Monday */
} TgTm;

void tg_tm_from_unix(TgTm *tm, int64_t t);
/* "Wed Nov 13 21:05:17 +0000 2024" */
void tg_fmt_twitter(char buf[40], int64_t t);
/* "2015-11-01 08:00:22 +0000" */
void tg_fmt_grail_new(char buf[40], int64_t t);
/* "2024-11-13T21:05:17.123Z" */
void tg_fmt_iso_ms(char buf[40], int64_t ms);
/* "2024-11-13T21:05:17Z" */
void tg_fmt_iso_s(char buf[40], int64_t t);
gboolean tg_parse_date(const char *s, int64_t *t_out);

/* The owner's zone: UTC offsets cached per quarter hour over the archive's span. */
typedef struct {
    GTimeZone *tz;
    char *iana;        /* IANA name as given (or "Etc/UTC") */
    char *rails;       /* name written to account-timezone.js */
    int64_t base;      /* first cached instant (s), quarter-hour aligned */
    uint32_t n;
    int32_t *off;      /* INT32_MIN = not yet computed */
} TgZone;

gboolean tg_zone_init(TgZone *z, const char *iana, int64_t from, int64_t to, GError **error);
void tg_zone_clear(TgZone *z);
int32_t tg_zone_offset(TgZone *z, int64_t utc);
int64_t tg_zone_local(TgZone *z, int64_t utc);          /* local wall clock as if UTC */
int64_t tg_zone_to_utc(TgZone *z, int64_t local);
/* The Rails-style name of an IANA zone (rails-timezones.tsv), or NULL. */
const char *tg_rails_name(const char *iana);

/* ------------------------------------------------------------------ words.c */

/* Text under construction: escaped UTF-8 plus its length in code points, which is what
 * entity indices count (SPEC.md "Records"). */
typedef struct {
    GString *s;
    int cp;
} TgText;

void tg_text_reset(TgText *t);
void tg_text_add(TgText *t, const char *raw);  /* HTML-escapes & < > */
int tg_utf8_len(const char *s);
void tg_filler(TgText *t, TgRng *r, int minw, int maxw, gboolean capital);
void tg_filler_plain(GString *s, TgRng *r, int minw, int maxw, gboolean capital);
const char *tg_word(TgRng *r);
const char *tg_emoji(TgRng *r);
char *tg_make_handle(TgRng *r, GHashTable *taken);
char *tg_make_display(TgRng *r, const char *handle);
const char *tg_first_name(TgRng *r);
const char *tg_last_name(TgRng *r);
void tg_tco(char out[24], TgRng *r);   /* https://t.co/XXXXXXXXXX (23 chars) */
void tg_rand_alnum(char *out, int n, TgRng *r);
extern const char *const tg_stock_dm[];
extern const int tg_n_stock_dm;

/* ------------------------------------------------------------------ jw.c */

typedef enum {
    TG_JW_EXPANDED,   /* 2022+: arrays broken over lines */
    TG_JW_COMPACT,    /* 2018-2021 and Grailbird (Jackson default): "[ {", inline scalar arrays */
    TG_JW_TRUTH       /* Python json.dump(indent=1) */
} TgJwStyle;

typedef enum {
    TG_ESC_RAW,       /* Jackson: UTF-8 as is */
    TG_ESC_GRAIL,     /* 2014+ Grailbird: \/, \u003C \u003E, \uXXXX for non-ASCII */
    TG_ESC_GRAIL_OLD, /* early Grailbird: raw / and <, \uXXXX for non-ASCII */
    TG_ESC_ASCII      /* Python ensure_ascii */
} TgEsc;

typedef struct {
    GString *out;
    TgJwStyle style;
    TgEsc esc;
    int unit;         /* spaces per level */
    int depth;
    char type[48];    /* 'o' or 'a' per level */
    int n[48];        /* values so far per level */
    gboolean inl[48]; /* array printed inline (compact style) */
    gboolean key_pending;
} TgJw;

void tg_jw_init(TgJw *w, GString *out, TgJwStyle style, TgEsc esc);
void tg_jw_obj(TgJw *w);
void tg_jw_arr(TgJw *w);
void tg_jw_end(TgJw *w);
void tg_jw_key(TgJw *w, const char *k);
void tg_jw_str(TgJw *w, const char *v);
void tg_jw_strn(TgJw *w, const char *v, gsize len);
void tg_jw_raw(TgJw *w, const char *v);  /* a number, true, false, null */
void tg_jw_int(TgJw *w, int64_t v);
void tg_jw_u64s(TgJw *w, uint64_t v);    /* an id as a string */
void tg_jw_double(TgJw *w, double v);    /* shortest round-trip, Python style */
void tg_jw_null(TgJw *w);
void tg_jw_bool(TgJw *w, gboolean v);
void tg_jw_kstr(TgJw *w, const char *k, const char *v);
void tg_jw_kint(TgJw *w, const char *k, int64_t v);
void tg_jw_ku64s(TgJw *w, const char *k, uint64_t v);
void tg_jw_kraw(TgJw *w, const char *k, const char *v);
void tg_jw_kbool(TgJw *w, const char *k, gboolean v);
void tg_json_escape(GString *out, const char *s, gsize len, TgEsc esc);

/* ------------------------------------------------------------------ the plan */

typedef enum {
    TG_LAYOUT_2022,
    TG_LAYOUT_2020,
    TG_LAYOUT_2019,
    TG_LAYOUT_2018,
    TG_LAYOUT_GRAIL
} TgLayout;

typedef struct TgPeer TgPeer;

typedef struct {
    int64_t tweets, dms, followers, following, likes, contacts;
    uint64_t seed;
    TgLayout layout;
    char *zone;          /* IANA, NULL = UTC */
    gboolean owner_autodm;
    double years;
    char *end;           /* YYYY-MM-DD or NULL */
    int64_t part_bytes;
    char *zip_prefix;
    int level;
    char *out;
    char *truth;
    gboolean quiet;
    const TgPeer *peer;  /* pair mode (pair.c): the owner this one talks with, else NULL */
} TgOptions;

enum {
    TG_C_DELETED = 1u << 0,      /* account gone: replies carry no screen name, no entity */
    TG_C_QUOTE_ONLY = 1u << 1,   /* only ever quoted: a name-only contact */
    TG_C_CONTEXT_ONLY = 1u << 2,
    TG_C_RETWEET_ONLY = 1u << 3,
    TG_C_SILENT = 1u << 4,       /* follow lists only */
    TG_C_DORMANT = 1u << 5,      /* planted dormant relationship */
    TG_C_DM_ONLY = 1u << 6,      /* talks by DM only: no handle in the archive */
    TG_C_TEMPLATE = 1u << 7,     /* automated template sender */
    TG_C_BUSINESS = 1u << 8,     /* sends welcome messages */
    TG_C_RENAMED = 1u << 9,
    TG_C_FOLLOWS_ME = 1u << 10,
    TG_C_I_FOLLOW = 1u << 11,
    TG_C_SPECIAL = 1u << 12,     /* never drawn at random */
    TG_C_CHAT = 1u << 13,
    TG_C_CIRCLE = 1u << 14,
    TG_C_STRANGER = 1u << 15,    /* quoted once, unknown otherwise */
    TG_C_PEER = 1u << 16,        /* pair mode: the other archive's owner */
    TG_C_SHARED = 1u << 17       /* pair mode: a contact of both owners */
};

typedef struct {
    uint64_t id;
    char *sn;          /* current handle */
    char *old_sn;      /* former handle (renamed contact), else NULL */
    int64_t rename_at; /* s: old_sn before, sn from then on */
    char *disp;        /* current display name */
    char *old_disp;    /* earlier display name, else NULL */
    int64_t disp_at;
    int64_t from, to;  /* when the relationship is active (s) */
    uint32_t flags;
    int8_t circle;     /* planted circle index or -1 */
    char idstr[24];
} TgContact;

typedef enum {
    TG_K_ORIGINAL,
    TG_K_REPLY,
    TG_K_THREAD,
    TG_K_RETWEET,
    TG_K_QUOTE,
    TG_K_COUNT
} TgKind;

/* tweet variant bits */
enum {
    TG_V_LEGACY = 1u << 0,       /* reply with user id but no status id */
    TG_V_TARGET_AGAIN = 1u << 1, /* reply target mentioned again after the run */
    TG_V_LEAD_AT = 1u << 2,      /* original starting with @x */
    TG_V_LEAD_DOT = 1u << 3,     /* original starting with .@x */
    TG_V_OWNER_RUN = 1u << 4,    /* thread starting "@owner @a" */
    TG_V_QUOTE_OLD = 1u << 5,    /* quote by the contact's former handle */
    TG_V_QUOTE_CASE = 1u << 6,   /* quote with a case-changed handle */
    TG_V_LINK_FIRST = 1u << 7,   /* another link before the qualifying one */
    TG_V_SELF_URL = 1u << 8,     /* the owner's own status url (self-quote) */
    TG_V_NONQUOTE = 1u << 9,     /* a twitter link that is no quote */
    TG_V_STATUS_URL = 1u << 10,  /* a reply carrying a status url (still a reply) */
    TG_V_EMPTY_ENT = 1u << 11,   /* Grailbird retweet with empty entities */
    TG_V_MEDIA = 1u << 12,
    TG_V_DUP = 1u << 13,         /* written twice */
    TG_V_NOTE = 1u << 14,        /* long post: text in note-tweet.js */
    TG_V_OWNER_IN_RUN = 1u << 15 /* reply run "@a @owner" */
};

typedef struct {
    int64_t t;           /* UTC seconds of the kept version */
    uint64_t id;         /* id of the kept version */
    uint64_t ref_status; /* replied-to or quoted status id */
    uint32_t target;     /* reply target / retweeted / quoted contact, TG_OWNER, TG_NONE */
    uint32_t pool;       /* offset in plan->pool: nrun run contacts then nment mentions */
    uint16_t var;
    uint16_t tag[2];     /* hashtag index + 1, 0 = none */
    uint8_t kind;
    uint8_t nrun;
    uint8_t nment;
    uint8_t nver;        /* edit versions, 1 = not edited */
    uint8_t qstyle;      /* quote url form / non-quote link form */
    uint8_t chat;        /* planted chat use: tag index + 1 */
} TgTweet;

typedef enum {
    TG_M_CREATE,
    TG_M_WELCOME,
    TG_M_JOIN,        /* joinConversation */
    TG_M_PJOIN,       /* participantsJoin */
    TG_M_PLEAVE,      /* participantsLeave */
    TG_M_RENAME,      /* conversationNameUpdate */
    TG_M_REACTION     /* reactionCreate */
} TgMsgType;

typedef enum {
    TG_TX_RANDOM,      /* filler, seeded */
    TG_TX_STOCK,       /* short stock phrase (arg) + optional filler */
    TG_TX_OPENER,      /* unique opener: stock start + >= 6 filler words */
    TG_TX_TPL_A,       /* template family A, arg = variant */
    TG_TX_TPL_B,       /* "Thanks for following!" */
    TG_TX_LONE,        /* a lone template-like text */
    TG_TX_NEAR,        /* near miss pair, arg 0/1 */
    TG_TX_HI,          /* "hi!" */
    TG_TX_HEY_THERE,   /* "hey there" */
    TG_TX_OWNER_HEY,   /* "hey 👋" */
    TG_TX_OWNER_TPL,   /* owner auto-DM long template, arg = variant */
    TG_TX_OWNER_CONNECT, /* "Thanks for connecting!" */
    TG_TX_WELCOME      /* business welcome, arg = business */
} TgTextKind;

typedef struct {
    int64_t ms;
    uint64_t id;
    uint32_t sender;     /* contact index or TG_OWNER */
    uint32_t arg2;       /* participantsJoin/Leave: contact; reaction: message index */
    uint32_t seed;
    uint8_t type;
    uint8_t text;
    uint16_t arg;
    uint8_t reacted;     /* messageCreate carries a reaction by the other side */
} TgMsg;

typedef struct {
    uint32_t partner;    /* 1:1: contact index; group: TG_NONE */
    uint64_t group_id;
    uint32_t first, n;   /* messages, ascending time, in plan->msgs */
    uint32_t chunk;      /* messages per dmConversation entry (0 = one entry) */
    uint32_t *members;   /* group: contact indices */
    uint32_t nmembers;
    char conv_id[48];
    const char *name;    /* group name */
    uint64_t text_seed;  /* seeds the texts (pair mode: both archives alike); 0 = opt->seed */
} TgConv;

/* Everything planted. tg_plan_build() fills it, tg_plan_clear() frees all it owns (the
 * contacts' strings, the arrays, the zone); opt is borrowed and must outlive the plan. */
typedef struct {
    TgOptions *opt;
    TgZone zone;
    int64_t start, end;      /* tweets span (s) */
    int64_t generated;       /* archive generation instant (s) */
    /* owner */
    uint64_t owner_id;
    char owner_idstr[24];
    char *owner_sn, *owner_old_sn, *owner_disp;
    int64_t owner_created, owner_renamed;
    /* contacts */
    GArray *contacts;        /* TgContact */
    uint32_t nord;           /* ordinary contacts are [0, nord), by Zipf rank */
    /* tweets, ascending time */
    TgTweet *tweets;
    uint32_t ntweets;
    GArray *pool;            /* uint32_t contact indices */
    /* hashtags: index + 1 in TgTweet.tag */
    GPtrArray *tags;         /* char *, as written (mixed case) */
    int chat_tags[2], near_tags[2];
    /* DMs */
    GArray *msgs;            /* TgMsg, grouped per conversation */
    GArray *convs;           /* TgConv */
    /* follows */
    GArray *followers, *following; /* uint32_t contact indices, file order */
    /* circles */
    uint32_t circle_members[3][6];
    int circle_n[3];
    /* planted intentions, for the truth's "planted" section */
    GArray *p_dormant, *p_context_only, *p_retweet_only, *p_quote_only, *p_automated,
        *p_lone, *p_short, *p_three_word, *p_autodm_recipients;
    uint32_t p_renamed, p_welcome_only;
    int p_owner_templates, p_owner_short;
    /* misc content */
    uint64_t deleted_tweet_id, community_tweet_id;
    int64_t deleted_tweet_t, community_tweet_t;
    uint32_t trap_contact;   /* mentioned in deleted/community/note tweets */
    /* pair mode: the other owner as a contact (TG_NONE outside pair mode), the contacts
     * both owners share, and the shared conversation */
    uint32_t peer_contact;
    GArray *peer_shared;     /* uint32_t contact indices, NULL outside pair mode */
    uint32_t peer_conv;      /* index in convs, TG_NONE when none */
    gboolean chats_as_planted; /* set by tg_truth_write(): the figures confirm the plan */
} TgPlan;

static inline TgContact *tg_contact(TgPlan *p, uint32_t i)
{
    return &g_array_index(p->contacts, TgContact, i);
}

static inline uint32_t *tg_pool(TgPlan *p, const TgTweet *tw)
{
    return &g_array_index(p->pool, uint32_t, tw->pool);
}

/* The handle and display name a contact carries at time t (s). */
const char *tg_contact_sn_at(const TgContact *c, int64_t t);
const char *tg_contact_disp_at(const TgContact *c, int64_t t);
const char *tg_account_sn_at(TgPlan *p, uint32_t who, int64_t t);
const char *tg_account_disp_at(TgPlan *p, uint32_t who, int64_t t);
const char *tg_account_idstr(TgPlan *p, uint32_t who);
/* The handle a quote url names (former handle, case changes). */
void tg_quote_name(TgPlan *p, const TgTweet *tw, char out[32]);
/* Ids of the versions of an edited tweet, oldest first; returns the count. */
int tg_tweet_versions(TgPlan *p, const TgTweet *tw, uint64_t ids[4], int64_t times[4]);
uint64_t tg_snowflake(int64_t ms, unsigned worker, unsigned seq);
uint64_t tg_tweet_id_at(int64_t t, uint32_t salt, TgRng *r);

gboolean tg_plan_build(TgPlan *p, TgOptions *opt, GError **error);
void tg_plan_dms(TgPlan *p);     /* plan_dm.c */
void tg_plan_follows(TgPlan *p); /* plan_dm.c */
void tg_plan_peer_dms(TgPlan *p); /* plan_dm.c: the shared conversation, pair mode only */
void tg_plan_clear(TgPlan *p);

/* ------------------------------------------------------------------ pair.c */

/* An owner as the other archive of a pair sees it. Strings are owned (tg_account_clear()). */
typedef struct {
    uint64_t id;
    char idstr[24];
    char *sn;          /* current handle */
    char *old_sn;      /* former handle, NULL when the archive names none */
    int64_t renamed;   /* s: old_sn before, sn from then on */
    char *disp;
    int64_t start, end; /* the archive's span of tweets (s) */
} TgAccount;

void tg_account_clear(TgAccount *a);

/* The owner tg_plan_build() will give OPT's archive (plan.c): the same draws, nothing else. */
gboolean tg_plan_identity(TgOptions *opt, TgAccount *out, GError **error);

/* What one archive of a pair needs to know about the other (pair.c fills it, plan*.c read
 * it). The first archive is planned without knowing the second's contacts; the second then
 * avoids every id and handle of the first and takes over the contacts they share. */
struct TgPeer {
    gboolean second;       /* this is the pair's second archive (B) */
    TgAccount other;       /* the other owner: a contact here */
    int64_t lo, hi;        /* the span both archives cover, where their talk is planted (s) */
    gboolean i_follow, follows_me; /* planted follows, this owner's view */
    /* The shared 1:1 conversation in the first archive's terms (sender TG_OWNER: the first
     * owner; 0: the second), times and ids fixed; texts seeded by text_seed. */
    GArray *msgs;          /* TgMsg */
    uint64_t text_seed;
    char conv_id[48];
    /* second only: the first archive's ids (uint64_t *) and lower-case handles, and the
     * contacts both owners share (TgContact copies with id, idstr, sn, disp) */
    GHashTable *taken_ids, *taken_handles;
    GArray *shared;
};

typedef struct {
    TgAccount a, b;
    TgPeer first, second;  /* given to the first and the second archive's options */
    GArray *msgs;
    /* an owner renamed only after the common span: the other archive knows its former
     * handle only (read together, talkgraph shows the current one); NULL, a or b */
    const TgAccount *known_by_old_name[2];
} TgPair;

typedef enum { TG_FOLLOW_DRAWN, TG_FOLLOW_BOTH, TG_FOLLOW_FIRST, TG_FOLLOW_SECOND, TG_FOLLOW_NONE } TgFollowMode;

/* Plans what the two owners of A and B share (identities, the common span, the DM
 * conversation, the follows) and sets a->peer. Errors: periods that hardly overlap,
 * owners that clash. Free with tg_pair_clear() after both archives are written. */
gboolean tg_pair_init(TgPair *pair, TgOptions *a, TgOptions *b, TgFollowMode follows,
                      GError **error);
/* After the first archive's plan: what the second must avoid and share; sets b->peer. */
void tg_pair_take_first(TgPair *pair, TgPlan *first, TgOptions *b);
void tg_pair_clear(TgPair *pair);

/* ------------------------------------------------------------------ render.c */

/* Renders tweet element i (version v of nver, 0 = the kept one is nver-1) into w. */
void tg_render_tweet(TgPlan *p, TgJw *w, uint32_t i, int version, gboolean wrapper,
                     gboolean edit_info);
void tg_render_grail_tweet(TgPlan *p, TgJw *w, uint32_t i);
void tg_render_csv_row(TgPlan *p, GString *out, uint32_t i);
void tg_render_dm_text(TgPlan *p, const TgConv *cv, const TgMsg *m, GString *out);
const char *tg_source_html(uint64_t h);
/* Frees the calling thread's rendering buffers. */
void tg_render_release(void);

/* ------------------------------------------------------------------ emit.c */

typedef struct {
    GHashTable *records_by_file; /* char * -> int64 (GINT_TO_POINTER not enough: boxed) */
    GPtrArray *records_order;    /* char *, insertion order */
    int64_t tweet_elements;
    int64_t one_to_one_entries, group_entries;
} TgEmitted;

/* Writes the archive to p->opt->out (a zip when it ends in .zip, else a new or empty folder)
 * and fills em, which tg_emitted_clear() frees. Renders on a second thread while libzip
 * deflates; the plan is only read. */
gboolean tg_emit(TgPlan *p, TgEmitted *em, GError **error);
void tg_emitted_clear(TgEmitted *em);

/* ------------------------------------------------------------------ truth.c */

/* Tallies the plan into every SPEC.md figure and writes the truth JSON to path. Sets
 * p->chats_as_planted. */
gboolean tg_truth_write(TgPlan *p, TgEmitted *em, const char *path, GError **error);

#endif
