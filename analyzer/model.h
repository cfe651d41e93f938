/* SPDX-License-Identifier: MIT */
/* The model: one pass over the records of one or more archives gives
 * accounts (nodes), per (owner, contact) counters, per-month series, DM
 * conversations, co-conversation edges and hashtag uses. Updates commute, and
 * everything that depends on order is settled in tg_model_finish(), so records
 * may arrive in any order (and from several threads through the sink).
 * Memory grows with contacts, DM conversations and distinct hashtags, never
 * with tweets or messages: a tweet leaves only counters behind in memory.
 * Hashtag uses and DM messages go to tapes (tape.h), which move to a
 * temporary file past 1 MiB; messages are read back one conversation at a
 * time. */
#ifndef TG_MODEL_H
#define TG_MODEL_H

#include "classify.h"
#include "load.h"
#include "tape.h"
#include "tz.h"

typedef struct tg_model tg_model;

typedef struct tg_model_options {
	const char *tz;           /* --tz (IANA), NULL for each archive's own zone */
	/* --since/--until in UTC ms, 0 when absent: tweets and DM events with
	 * created < since_ms or created > until_ms are ignored (both bounds
	 * inclusive). Follows are never filtered. */
	gint64 since_ms, until_ms;
	guint64 max_contacts;     /* accounts known to the model, 0 for the default cap */
	/* --salt: the key of the pseudonyms (tg_model_pseudonym_key), NULL to
	 * derive one from the archives' content. Copied. */
	const char *salt;
	/* Called with each warning (an unknown zone in account-timezone.js), or
	 * NULL. MESSAGE is valid during the call only. */
	void (*warn)(void *user, const char *message);
	void *warn_user;
} tg_model_options;

void tg_model_options_init(tg_model_options *o);

/* An account: a contact, an owner, or an id only ever paired with a name.
 * Strings are owned by the model. */
typedef struct tg_node {
	guint64 id;         /* 0 for an account known by name only */
	char *key;          /* name-only nodes: the lower-cased name they are keyed by */
	char *screen_name;  /* latest pairing (id nodes) or latest name written
	                       (name-only nodes); NULL when unknown */
	char *name;         /* latest non-empty display name of a mention entity, NULL */
	guint owner;        /* 1 + owner index when the account is an owner, else 0 */
	guint canonical;    /* after finish: the node a name-only node was joined
	                       to (itself when not joined) */
} tg_node;

/* Interaction types as graph edges: the tweet ones (same values as
 * tg_itype), then DMs. */
typedef enum tg_etype {
	TG_E_REPLY = TG_I_REPLY,
	TG_E_MENTION = TG_I_MENTION,
	TG_E_CONTEXT = TG_I_CONTEXT,
	TG_E_RETWEET = TG_I_RETWEET,
	TG_E_QUOTE = TG_I_QUOTE,
	TG_E_DM_SENT = TG_N_ITYPES,
	TG_E_DM_RECEIVED,
	TG_E_GROUP_DM,
	TG_N_ETYPES
} tg_etype;

/* One owner's view of one contact. Counters come from kept records only. */
typedef struct tg_rel {
	guint node;                     /* canonical node index */
	guint32 count[TG_N_ITYPES];     /* replies, mentions, context, retweets, quotes */
	guint32 dms_sent, dms_received; /* 1:1 messageCreate */
	guint32 group_dms_received;
	guint follows_me : 1, i_follow : 1; /* booleans */
	/* The interaction types with a date, bit 1 << type (after finish). */
	guint by_mask : TG_N_ETYPES;
	guint32 by;                     /* where tg_rel_by() finds them */
	union {
		guint32 n_months;       /* months with an interaction (after finish) */
		gint32 last_month;      /* before: the month key last logged, 0 for none */
	};
} tg_rel;

/* One month of an owner (local month in the owner's zone). */
typedef struct tg_month {
	gint32 key;                   /* tg_local.month_key */
	guint32 kinds[TG_N_KINDS];
	guint32 dms_sent, dms_received; /* 1:1 only */
	guint32 conv_num, conv_den;   /* conversation_share = num / den */
	guint32 new_contacts, active_contacts; /* filled by tg_model_finish() */
} tg_month;

/* A DM event kept by the model: messageCreate and welcomeMessageCreate only.
 * 24 bytes on the owner's tape: the sender is a reference, read by
 * tg_dm_sender(). */
typedef struct tg_dm_msg {
	guint64 id;          /* 0 for none: such messages are never deduplicated */
	gint64 ms;
	guint32 conv;        /* index in tg_owner_model.convs */
	guint32 from : 31;   /* the sender, for tg_dm_sender() */
	guint32 welcome : 1; /* a welcomeMessageCreate */
} tg_dm_msg;

typedef struct tg_conv {
	char *id;              /* conversation id */
	guint64 other;         /* 1:1: the other account (0 for a note-to-self) */
	/* Where its messages are: until finish, the last of its chunks (index
	 * + 1 in the owner's list of chunks, 0 for none); after, their offset
	 * on the owner's tape. */
	guint64 msgs_at;
	/* Its messages: until finish, those kept from its chunks; after, those
	 * of distinct ids, read with tg_conv_messages(). */
	guint n_msgs;
	gboolean one_to_one;   /* "A-B" holding the owner */
	/* The earliest messageCreate (by time, then id) and its text, kept for
	 * template detection; never written out. NULL when there is none. */
	char *opener_text;
	guint64 opener_sender, opener_id;
	gint64 opener_ms;
} tg_conv;

/* A co-conversation edge between two contacts of one owner. */
typedef struct tg_coedge {
	guint u, v;       /* canonical node indices, u < v */
	guint32 weight;   /* tweets + group conversations addressing both */
	gint64 first_ms, last_ms;
} tg_coedge;

/* One non-retweet tweet's use of one hashtag (case-folded), as
 * tg_use_reader_next() gives it back. */
typedef struct tg_tag_use {
	guint32 tag;       /* index into tg_owner_model.tags */
	gint32 week_key;   /* ISO week (tg_local.week_key) */
	guint8 weekday, hour; /* local: 0 = Monday; 0-23 */
	guint16 n_contacts;   /* the contacts the tweet talks to */
} tg_tag_use;

typedef struct tg_tag {
	char *tag;         /* case-folded */
	guint32 uses;      /* its uses on tg_owner_model.uses */
} tg_tag;

/* What the model keeps of one archive's load report. */
typedef struct tg_input {
	char *path;
	tg_generation generation;
	gint64 generated_ms;        /* 0 when unknown */
	guint64 owner_id;
	guint64 bytes;              /* size on disk, 0 until tg_model_note_input() */
	char *sha256;               /* hex, NULL when not computed (folders) */
	GPtrArray *files;           /* tg_file_report* (deep copies), reading order */
	guint64 tweet_elements, duplicate_tweets, edited_versions_merged, tweets;
	guint64 manifest_mismatches;
} tg_input;

typedef struct tg_owner_model {
	guint node;                  /* the owner's node */
	guint64 id;
	char *username, *display_name;
	GPtrArray *former_names;     /* char* */
	char *account_tz;            /* account-timezone.js as written, NULL */
	tg_tz *tz;                   /* the zone figures are computed in */
	char *tz_warning;            /* set when account_tz was unknown */
	GPtrArray *inputs;           /* tg_input* of this owner's archives */

	guint64 kinds[TG_N_KINDS];
	guint64 conv_num, conv_den;
	/* The owner's kept tweets and sent messages (1:1 and group
	 * messageCreate) by local weekday (0 = Monday) and hour. */
	guint32 rhythm[7][24];
	gint64 first_ms, last_ms;    /* period: kept tweets and DM events; 0 when none */
	gint64 end_ms;               /* the archive's end: latest kept tweet or DM event */

	/* Read after tg_model_finish(): */
	GArray *months;              /* tg_month, every month from first_ms to last_ms */
	tg_rel *rels;                /* n_rels, sorted by node index */
	guint n_rels;
	/* gint64 (first, last) pairs of the rels' dated types, those of
	 * tg_rel.by_mask from tg_rel.by on (tg_rel_by()); NULL before finish. */
	GArray *rel_times;
	tg_conv *convs;              /* n_convs, sorted by id */
	guint n_convs;
	GArray *edges;               /* tg_coedge, sorted by (u, v) */
	GArray *tags;                /* tg_tag, indexed by tg_tag_use.tag */
	/* The hashtag uses, in the order they were added: read them with a
	 * tg_use_reader. */
	tg_tape *uses;
	guint64 followers, following;

	gpointer priv;               /* build-time tables */
} tg_owner_model;

/* A new, empty model. Errors: an unknown O->tz (TG_ERROR_USAGE).
 * Free with tg_model_free(). O is copied; O->tz is copied. */
tg_model *tg_model_new(const tg_model_options *o, GError **error);
void tg_model_free(tg_model *m);

/* A sink feeding M, to hand to tg_load() (one archive at a time: BEGIN makes
 * the archive's owner current until END). Callbacks may be called from
 * several threads: they take M's lock. The sink borrows M. */
tg_sink tg_model_sink(tg_model *m);

/* The sink's parts, for tests and other front ends. Adding a tweet fails
 * with TG_ERROR_INPUT past max_contacts, and with TG_ERROR_OUTPUT when its
 * hashtag uses cannot be written to the temporary file of their tape (a
 * full disk). */
gboolean tg_model_begin(tg_model *m, const tg_load_report *r, GError **error);
gboolean tg_model_add_tweet(tg_model *m, const tg_tweet *t, GError **error);
/* The same for a tweet already classified (the model does not call
 * tg_classify()). */
gboolean tg_model_add_classified(tg_model *m, const tg_tweet *t, const tg_classified *c,
                                 GError **error);
/* The chunk's messages go to the owner's tape. Errors: TG_ERROR_OUTPUT
 * when the tape's temporary file cannot be written (a full disk). */
gboolean tg_model_add_dm(tg_model *m, const tg_dm_chunk *c, GError **error);
gboolean tg_model_add_follow(tg_model *m, guint64 id, gboolean follower, GError **error);
gboolean tg_model_end(tg_model *m, const tg_load_report *r, GError **error);

/* Records the size and SHA-256 of the input file at PATH for the input
 * named PATH (as passed to tg_archive_open()). A folder gets its size only.
 * Errors: TG_ERROR_INPUT when the file cannot be read. */
gboolean tg_model_note_input(tg_model *m, const char *path, guint64 bytes, GError **error);
/* The same with the SHA-256 (hex; NULL for none, as for a folder) computed
 * by the caller, e.g. on another thread while the archive loaded. FALSE
 * when no input is named PATH. */
gboolean tg_model_note_input_sha256(tg_model *m, const char *path, guint64 bytes, const char *sha256);

/* Settles everything order-dependent: joins name-only contacts to ids,
 * merges their counters, counts DMs (chunks merged, ids deduplicated; each
 * conversation's messages rewritten in order to a new tape, one
 * conversation in memory at a time), fills the monthly series and sorts
 * every array. Call once, after the last archive; no add after it.
 * Errors: TG_ERROR_OUTPUT when a tape's temporary file cannot be written
 * or read. */
gboolean tg_model_finish(tg_model *m, GError **error);

/* Gives back what only the figures of DMs, automated DMs and chats read
 * (stats.c, detect.c): every owner's DM conversations, the tape of their
 * messages and the tape of hashtag uses (with their temporary files),
 * leaving them empty (tags stay: the figures borrow their names). After
 * tg_model_finish(), once those figures are computed. */
void tg_model_release_events(tg_model *m);

/* Reads owner O's hashtag uses back from its tape (tg_owner_model.uses),
 * in the order they were added, through a buffer of 64 KiB (more only for
 * a use with more than 16k contacts). After tg_model_finish(); the reader
 * borrows M and O. Readers of one model may run on several threads. Free
 * with tg_use_reader_free(). */
typedef struct tg_use_reader tg_use_reader;
tg_use_reader *tg_use_reader_new(const tg_model *m, const tg_owner_model *o);
/* The next use into *U, and when CONTACTS is not NULL, its U->n_contacts
 * contacts as canonical node indices (they may include the owner's node:
 * a name-only contact may have been joined to it), valid until the next
 * call. FALSE at the end of the tape (ERROR unset) or on a read error
 * (TG_ERROR_OUTPUT: the temporary file cannot be read). */
gboolean tg_use_reader_next(tg_use_reader *r, tg_tag_use *u, const guint **contacts, GError **error);
void tg_use_reader_free(tg_use_reader *r);

/* Read access, after tg_model_finish(). Pointers live as long as M. */
guint tg_model_n_owners(const tg_model *m);
const tg_owner_model *tg_model_owner(const tg_model *m, guint i);
guint tg_model_n_nodes(const tg_model *m);
const tg_node *tg_model_node(const tg_model *m, guint i);
const tg_model_options *tg_model_get_options(const tg_model *m);
/* The first and last interaction of type TYPE of rel R of owner O (after
 * tg_model_finish()), 0 when none. */
void tg_rel_by(const tg_owner_model *o, const tg_rel *r, tg_etype type, gint64 *first, gint64 *last);
/* The first and last interaction of any type of rel R of owner O (after
 * tg_model_finish()), 0 when none: the span of its dated types. */
void tg_rel_span(const tg_owner_model *o, const tg_rel *r, gint64 *first, gint64 *last);
/* The rel of node NODE in owner O, or NULL. O(log rels). */
const tg_rel *tg_model_find_rel(const tg_owner_model *o, guint node);
/* The canonical node of account ID, or G_MAXUINT when it is unknown. */
guint tg_model_find_id(const tg_model *m, guint64 id);
/* The sender of message MSG of owner O (0 when it had none). */
guint64 tg_dm_sender(const tg_owner_model *o, const tg_dm_msg *msg);
/* The messages of conversation CONV (an index in O->convs) into BUF, a
 * GArray of tg_dm_msg that the caller owns and may reuse from one call to
 * the next: distinct ids (messages without one all stay), by (time, id),
 * o->convs[CONV].n_msgs of them. After tg_model_finish() and before
 * tg_model_release_events(); several threads may read at once, each with
 * its own BUF. One read of the owner's tape, no sort. Errors:
 * TG_ERROR_OUTPUT when the tape's temporary file cannot be read. */
gboolean tg_conv_messages(const tg_owner_model *o, guint conv, GArray *buf, GError **error);

/* The key of --anonymize's pseudonyms (HMAC-SHA256 keys, see stats.h): the
 * bytes of o->salt when one was given, else a secret derived from the
 * content of every archive loaded -- SHA-256 over an order-independent sum
 * of the hashes of the owners' account records, every tweet's id, time and
 * text, every DM event (ids, people, time, text) and every follower and
 * following id, all taken before --since/--until. The secret is never
 * written out and is not derivable from any output (stats.json's sha256 of
 * an input is a hash of the file, not of this). The same archives give the
 * same key whatever the order of their records, files or command-line
 * arguments. *FROM_PRIVATE (may be NULL) is FALSE when there is no salt and
 * no DM or follow record: the key then rests on public data (account and
 * tweets) that others could gather. Free with g_bytes_unref(). */
GBytes *tg_model_pseudonym_key(const tg_model *m, gboolean *from_private);

/* Bytes the model holds in memory (approximate: arrays by their length,
 * hash table entries at 48 bytes, strings with 16 bytes of malloc overhead;
 * a tape by the bytes it keeps in memory, not those on disk). */
gsize tg_model_memory(const tg_model *m);

#endif
