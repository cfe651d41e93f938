/* SPDX-License-Identifier: MIT */
/* Every figure of SPEC.md ("Per-contact figures", "Owner figures"), computed
 * from a finished model: pure, no I/O but the model's reads of its tapes
 * (tape.h). The writers (outputs.h) and the report read these structs. */
#ifndef TG_STATS_H
#define TG_STATS_H

#include "detect.h"
#include "graph.h"
#include "model.h"

typedef enum tg_class {
	TG_CLASS_TWO_WAY,
	TG_CLASS_UNANSWERED_IN,
	TG_CLASS_ONE_WAY_OUT,
	TG_CLASS_AMPLIFY_ONLY,
	TG_CLASS_CONTEXT_ONLY,
	TG_CLASS_SILENT_FOLLOW,
	TG_N_CLASSES,
	TG_CLASS_NONE = TG_N_CLASSES /* nothing at all: not a contact */
} tg_class;

/* "two-way", "unanswered-in", "one-way-out", "amplify-only",
 * "context-only", "silent-follow". */
const char *tg_class_name(tg_class c);

/* SPEC.md's class of counters (first match wins). */
tg_class tg_class_of(guint64 talk_out, guint64 talk_in, guint64 retweets, guint64 context,
                     gboolean follow);

/* One row of contacts.csv. (64 bytes: the fields in this order pack.) */
typedef struct tg_contact {
	const tg_node *n;     /* borrowed from the model */
	const tg_rel *rel;    /* borrowed from the model */
	guint64 talk_out, talk_in, strength;
	gint64 first_ms, last_ms; /* any interaction (tg_rel_span()); 0 when none */
	guint node;           /* canonical node */
	tg_class cls;
	guint active_months;
	gint circle;          /* index into tg_owner_stats.circles, -1 for none */
	guint mutual : 1, dormant : 1, automated : 1; /* booleans */
} tg_contact;

typedef struct tg_dm_figures {
	guint64 conversations, group_conversations;
	guint64 sent, received, two_sided, opened_by_other, answered;
	double response_rate;     /* NAN when undefined */
	double response_median_s; /* NAN when there is no sample */
	double response_p90_s;
	guint64 response_samples;
	GArray *response_ms;      /* gint64 samples in ms, ascending (for the chart) */
} tg_dm_figures;

typedef struct tg_funnel {
	guint64 total, talked, two_way;
} tg_funnel;

typedef struct tg_hashtag {
	const char *tag; /* borrowed from the model */
	guint64 uses;
} tg_hashtag;

/* The figures of one owner. Ratios are NAN when undefined (null in JSON). */
typedef struct tg_owner_stats {
	const tg_owner_model *om;     /* borrowed */
	guint64 tweets_total, edited_versions_merged;
	double conversation_share;
	guint64 followers, following, mutuals;
	tg_funnel funnel_followers, funnel_following;
	double reach_out_rate;
	tg_dm_figures dms;
	tg_automated automated;
	GArray *chats;                /* tg_chat (detect.h) */
	double modularity;            /* NAN when there is no edge */
	GPtrArray *circles;           /* GArray* of guint nodes, members sorted by list key */
	GArray *contacts;             /* tg_contact, strength desc, then id (text), then name */
	guint64 by_class[TG_N_CLASSES];
	guint64 dormant;
	double resolution_contacts, resolution_followers, resolution_following;
	guint64 unnamed_contacts, unnamed_followers, unnamed_following;
	GArray *hashtags;             /* tg_hashtag, top 50: uses desc, then tag */
	guint64 records_read, records_skipped, manifest_mismatches;
} tg_owner_stats;

typedef struct tg_stats {
	const tg_model *model;        /* borrowed: must outlive the stats */
	GPtrArray *owners;            /* tg_owner_stats*, in model order */
	GHashTable *id_pseudonyms;    /* automated senders with no node: id -> pseudonym */
	gint anonymize;               /* the level set by tg_stats_anonymize(), 0 before */
	/* The per-node strings, read through tg_stats_node_id(),
	 * tg_stats_node_key() and tg_stats_pseudonym(). Every string lives in
	 * STRINGS (one block for all, rather than an allocation each). */
	guint n_nodes;
	const char **keys;            /* per node: decimal id or "name:<screen_name>" */
	/* per node: the pseudonym of a canonical node (owners too), NULL for a
	 * name-only node joined to an id. Made on first use: NULL before. */
	const char **pseudonyms;
	gsize pseudonyms_made;        /* g_once_init_enter() */
	GStringChunk *strings;
} tg_stats;

/* Computes every figure of every owner of M (finished). The pseudonyms
 * (one HMAC per account) are made when first asked for, all at once and
 * once only whatever the thread. Errors: from the community detection
 * (tg_circles_compute), and TG_ERROR_OUTPUT when the tapes of DM messages
 * or hashtag uses cannot be read back (tg_conv_messages(),
 * tg_detect_chats()). Free with tg_stats_free(). */
tg_stats *tg_stats_compute(const tg_model *m, GError **error);
/* The same, giving back M's DM conversations and hashtag uses
 * (tg_model_release_events()) as soon as their figures are made, before
 * community detection: for an analysis that computes its figures once. The
 * figures are the same; M cannot give them again. */
tg_stats *tg_stats_compute_release(tg_model *m, GError **error);
void tg_stats_free(tg_stats *s);

/* --anonymize. A LEVEL is 0 (nothing hidden), 1 (--anonymize: every
 * contact's id, handle and name replaced by its pseudonym; owners keep
 * theirs) or 2 (--anonymize=all: owners too). Every function below that
 * takes a level uses the larger of it and the level S was set to, so that
 * an anonymised analysis cannot be written out in the clear by mistake.
 *
 * Pseudonyms: "c-" (contacts) or "o-" (owners) and the first 10 hex digits
 * of HMAC-SHA256(key, message), the message being the decimal account id,
 * or "name:" and the lower-cased handle for an account known by handle
 * only; the key is tg_model_pseudonym_key() (--salt, else a secret derived
 * from the archives). When accounts of one analysis share those 10 digits,
 * each of them gets as many more as it takes to tell it apart. Pseudonyms
 * are valid XML names; the same inputs and salt always give the same ones. */

/* Sets S's level and orders what is listed by what is shown: contacts by
 * strength, then shown id (so that no order follows the hidden ids),
 * circle members and chat contacts by shown key. */
void tg_stats_anonymize(tg_stats *s, gint level);

/* Whether NODE (canonical) is shown by its pseudonym at LEVEL. */
gboolean tg_stats_hides(const tg_stats *s, guint node, gint level);

/* NODE's pseudonym (canonical nodes). Borrowed; lives as long as S. */
const char *tg_stats_pseudonym(const tg_stats *s, guint node);

/* The pseudonym of account ID, a node's or an automated sender's; NULL for
 * an id the analysis never met. Borrowed. */
const char *tg_stats_id_pseudonym(const tg_stats *s, guint64 id);

/* NODE's decimal id, or "" for an account known by name only (never
 * hidden: see tg_stats_node_key()). Borrowed; lives as long as S. */
const char *tg_stats_node_id(const tg_stats *s, guint node);

/* A node's id for lists (chats, circles): the decimal id, or
 * "name:<screen_name>" for a contact known by name only; the node's
 * pseudonym when tg_stats_hides() it at LEVEL. Borrowed; lives as long as S. */
const char *tg_stats_node_key(const tg_stats *s, guint node, gint level);

/* The relationship graph of every owner for the graph writers (graph.h):
 * nodes are the owners (in model order) then every contact of any owner
 * (by key); edges are, per owner and contact, one per interaction type with
 * a count -- "reply", "mention", "context", "retweet", "quote" (owner ->
 * contact), "dm" (both ways: sent and received), "group_dm" (contact ->
 * owner), "follows" (source follows target, undated) -- plus the "co" edges
 * between contacts (weights summed over owners). A contact's class,
 * strength and circle are those of the first owner it is a contact of;
 * follows_me / i_follow are toward the first owner. The accounts
 * tg_stats_hides() at LEVEL show their pseudonym as id, and as handle and
 * name where those are known; contacts are then sorted by what they show,
 * never by the hidden ids. Strings are
 * borrowed from S and its model: free the graph before them, with
 * tg_stats_graph_free(). Nodes and edges are sorted (deterministic). */
tg_graph *tg_stats_graph_new(const tg_stats *s, gint level);
void tg_stats_graph_free(tg_graph *g);

/* The monthly conversation share of MO, NAN when its denominator is 0. */
double tg_month_conversation_share(const tg_month *mo);

/* The median and p90 (nearest rank) of N samples, sorted ascending, in the
 * samples' unit; NAN for N == 0. */
double tg_stats_median(const gint64 *sorted, guint n);
gint64 tg_stats_p90(const gint64 *sorted, guint n);

#endif
