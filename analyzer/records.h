/* SPDX-License-Identifier: MIT */
/* Typed records: one array element of a data file (JSON text) becomes one
 * tweet, DM conversation chunk, follow, account or other record. This is the
 * only module that knows the archives' field names (jsonr.c reads the JSON,
 * through cJSON where it is not plain).
 *
 * Ownership: a tg_parser owns the parsed tree and the arrays of the last
 * record it produced; every pointer in a record is borrowed and lives until
 * the next tg_records_* call on the same parser, or tg_parser_free(). A parser
 * is not thread-safe; use one per thread. */
#ifndef TG_RECORDS_H
#define TG_RECORDS_H

#include "util.h"

typedef struct tg_parser tg_parser;
tg_parser *tg_parser_new(void);
void tg_parser_free(tg_parser *p);
/* Ends the life of the last record and gives back what an unusually large
 * one made P hold, so that many parsers (one per element of a batch read
 * on several threads) stay small. */
void tg_parser_trim(tg_parser *p);

/* A user mention entity. Indices are in code points of the (escaped) text;
 * -1 when absent. ID 0 when the entity has no id (it still has a name). */
typedef struct tg_mention {
	guint64 id;
	const char *screen_name; /* never NULL, may be "" */
	const char *name;        /* display name, NULL when absent */
	gint start, end;
} tg_mention;

/* An url entity, in the order of its start index. */
typedef struct tg_url {
	const char *expanded; /* expanded_url, NULL when absent */
	gint start;
} tg_url;

typedef struct tg_tweet {
	guint64 id;
	gint64 created_ms;             /* UTC */
	const char *text;              /* full_text (or Grailbird text), HTML-escaped as stored */
	guint64 reply_status_id;       /* 0 when none */
	guint64 reply_user_id;         /* 0 when none */
	const char *reply_screen_name; /* NULL when absent (deleted target) */
	const tg_mention *mentions;
	guint n_mentions;
	const char *const *hashtags; /* hashtag texts as stored (not folded) */
	guint n_hashtags;
	const tg_url *urls; /* sorted by start index */
	guint n_urls;
	/* Edits: EDIT_GROUP is the group key (editTweetIds[0] of "initial", or
	 * "edit".initialTweetId); EDIT_IDS the group's editTweetIds in order.
	 * EDIT_GROUP is 0 and N_EDIT_IDS 0 when the element has no edit_info. */
	guint64 edit_group;
	const guint64 *edit_ids;
	guint n_edit_ids;
	/* Grailbird retweets: retweeted_status.user (id 0 when absent). */
	tg_mention rt_user;
} tg_tweet;

typedef enum tg_dm_event_type {
	TG_DM_MESSAGE,          /* messageCreate */
	TG_DM_WELCOME,          /* welcomeMessageCreate */
	TG_DM_JOIN,             /* joinConversation */
	TG_DM_PARTICIPANTS_JOIN,
	TG_DM_PARTICIPANTS_LEAVE,
	TG_DM_NAME_UPDATE,      /* conversationNameUpdate */
	TG_DM_REACTION,         /* reactionCreate */
	TG_DM_OTHER             /* any other event name: kept, counted, ignored */
} tg_dm_event_type;

typedef struct tg_dm_event {
	tg_dm_event_type type;
	guint64 id;             /* message id, 0 when the event has none */
	guint64 sender;         /* senderId, or initiatingUserId; 0 when absent */
	guint64 recipient;      /* recipientId; 0 in groups */
	gint64 created_ms;      /* 0 when absent */
	const char *text;       /* messages and welcomes; NULL otherwise */
	const guint64 *users;   /* participantsSnapshot / userIds of joins and leaves */
	guint n_users;
} tg_dm_event;

/* One dmConversation element: a chunk of one conversation, events in the
 * file's order (newest first, as archives store them). */
typedef struct tg_dm_chunk {
	const char *conversation_id; /* "A-B" for 1:1, a number for groups */
	const tg_dm_event *events;
	guint n_events;
	/* Events of the wrong shape (no id, bad date, ...) are left out of EVENTS
	 * and counted here, with the first one's reason. */
	guint n_dropped;
	const char *drop_reason;
} tg_dm_chunk;

typedef struct tg_account {
	guint64 id;
	const char *username;
	const char *display_name; /* may be NULL */
	gint64 created_ms;        /* 0 when absent */
} tg_account;

typedef struct tg_name_change {
	const char *from, *to;
	gint64 changed_ms;
} tg_name_change;

/* Each parser returns TRUE and fills OUT, or FALSE with ERROR set:
 * TG_ERROR_INPUT when the element is not valid JSON (the file is broken),
 * TG_ERROR_RECORD when it is JSON of the wrong shape (the record is skipped
 * and counted; the message is the reason, e.g. "tweet without id_str").
 *
 * Tweets: {"tweet":{...}} or a bare tweet object; numbers as strings or JSON
 * numbers; created_at in the Twitter or Grailbird form. */
gboolean tg_records_tweet(tg_parser *p, const char *elem, gsize len, tg_tweet *out, GError **error);
/* {"dmConversation":{"conversationId":..., "messages":[...]}} */
gboolean tg_records_dm(tg_parser *p, const char *elem, gsize len, tg_dm_chunk *out, GError **error);
/* SPEC.md: a conversation id "A-B" (two account ids) that holds OWNER is
 * one-to-one; any other id is a group. Sets *OTHER to the other account (0
 * for a conversation with oneself) when it is one-to-one. OTHER may be NULL. */
gboolean tg_dm_one_to_one(const char *conversation_id, guint64 owner, guint64 *other);

/* {"follower":{"accountId":...}} or {"following":{...}}: sets *id. */
gboolean tg_records_follow(tg_parser *p, const char *elem, gsize len, guint64 *id, GError **error);
/* {"account":{...}} (YTD) or Grailbird's user_details object. */
gboolean tg_records_account(tg_parser *p, const char *elem, gsize len, tg_account *out, GError **error);
/* {"screenNameChange":{"screenNameChange":{"changedFrom":..., ...}}} */
gboolean tg_records_name_change(tg_parser *p, const char *elem, gsize len, tg_name_change *out,
                                GError **error);
/* {"accountTimezone":{"timeZone":...}}: *zone is NULL when the record has none. */
gboolean tg_records_timezone(tg_parser *p, const char *elem, gsize len, const char **zone,
                             GError **error);

/* The manifest (window.__THAR_CONFIG = {...}): owner, generation date, and
 * the files of each data type with their declared counts. */
typedef struct tg_manifest_file {
	const char *type;      /* data type key, e.g. "tweets", "directMessages" */
	const char *file_name; /* e.g. "data/tweets-part1.js" */
	gint64 count;          /* -1 when absent */
} tg_manifest_file;

typedef struct tg_manifest {
	guint64 owner_id;
	const char *username, *display_name;
	gint64 generated_ms; /* 0 when absent */
	const tg_manifest_file *files;
	guint n_files;
} tg_manifest;
gboolean tg_records_manifest(tg_parser *p, const char *elem, gsize len, tg_manifest *out,
                             GError **error);

/* Grailbird payload_details.js: generation date. tweet_index.js elements:
 * file_name and tweet_count. */
gboolean tg_records_grailbird_payload(tg_parser *p, const char *elem, gsize len, gint64 *generated_ms,
                                      GError **error);
gboolean tg_records_grailbird_index(tg_parser *p, const char *elem, gsize len, const char **file_name,
                                    gint64 *count, GError **error);

#endif
