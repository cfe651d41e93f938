/* SPDX-License-Identifier: MIT */
/* SPEC.md's tweet kinds and owner -> contact interactions, read off one tweet.
 * Pure functions of a tweet and the owner: no model, no I/O. */
#ifndef TG_CLASSIFY_H
#define TG_CLASSIFY_H

#include "records.h"

typedef enum tg_kind {
	TG_KIND_ORIGINAL,
	TG_KIND_REPLY,
	TG_KIND_THREAD,
	TG_KIND_RETWEET,
	TG_KIND_QUOTE,
	TG_N_KINDS
} tg_kind;

/* "original", "reply", "thread", "retweet", "quote". */
const char *tg_kind_name(tg_kind k);

typedef enum tg_itype {
	TG_I_REPLY,
	TG_I_MENTION,
	TG_I_CONTEXT,
	TG_I_RETWEET,
	TG_I_QUOTE,
	TG_N_ITYPES
} tg_itype;

/* "replies", "mentions", "context", "retweets", "quotes". */
const char *tg_itype_name(tg_itype t);

/* The owner as classification needs it: id and every screen name, current
 * and former, lower-cased (ASCII). Borrowed by the classifier. */
typedef struct tg_owner {
	guint64 id;
	const char *const *names;
	guint n_names;
} tg_owner;

/* One interaction of a tweet with a contact. ID is 0 when the contact is
 * known by name only (a quote, or a context name read from the text);
 * SCREEN_NAME is then set. Each (type, contact) pair appears once per tweet.
 * The owner never appears. */
typedef struct tg_target {
	tg_itype type;
	guint64 id;
	const char *screen_name; /* as written (case kept), NULL when unknown */
} tg_target;

/* An id <-> name pairing seen in the tweet (mention entities,
 * in_reply_to_screen_name with in_reply_to_user_id, Grailbird
 * retweeted_status.user). NAME is the display name or NULL. The owner's own
 * pairings are included (callers skip them). */
typedef struct tg_pairing {
	guint64 id;
	const char *screen_name;
	const char *name;
} tg_pairing;

typedef struct tg_classified {
	tg_kind kind;
	/* TRUE when the tweet has a deliberate mention of a contact (for
	 * conversation_share: originals with one count as conversation). */
	gboolean deliberate_mention;
	const tg_target *targets;
	guint n_targets;
	const tg_pairing *pairings;
	guint n_pairings;
} tg_classified;

/* Holds the scratch arrays of the last result; one per thread. */
typedef struct tg_classifier tg_classifier;
tg_classifier *tg_classifier_new(void);
void tg_classifier_free(tg_classifier *c);

/* Classifies T for OWNER into OUT. Pointers in OUT borrow from C and from T
 * and live until the next call on C or until T's parser moves on. */
void tg_classify(tg_classifier *c, const tg_tweet *t, const tg_owner *owner, tg_classified *out);

/* If URL is a status link "http(s)://(www.|mobile.)?(twitter|x).com/<name>/
 * status(es)/<id>" (anything after the id only after '/', '?' or '#'),
 * returns TRUE and the name's span in URL; it does not exclude the owner or "i". */
gboolean tg_status_url(const char *url, const char **name, gsize *name_len);

#endif
