/* SPDX-License-Identifier: MIT */
/* Pattern detectors over a finished model (SPEC.md "automated DMs" and
 * "recurring chats"): template senders and the owner's own templates, and
 * hashtags used as weekly chats. No I/O but the reading of the model's
 * tapes (tape.h). */
#ifndef TG_DETECT_H
#define TG_DETECT_H

#include "model.h"

/* SPEC.md's normalisation of a DM text: Unicode case folding, "https?://\S+"
 * -> "<url>", "@[a-z0-9_]+" -> "<user>", each digit -> "0", white-space runs
 * -> one space, trimmed. Invalid UTF-8 is repaired first. Returns a new
 * string (g_free). */
char *tg_detect_normalize(const char *text);

/* Words of a normalised text: its space-separated tokens. */
guint tg_detect_word_count(const char *normalized);

/* Jaccard similarity of the word 3-shingle sets of two normalised texts
 * (0 when either has fewer than 3 words). */
double tg_detect_jaccard(const char *a, const char *b);

/* Automated DM senders of one owner. */
typedef struct tg_automated {
	GArray *senders;            /* guint64 account ids, ascending */
	GPtrArray *owner_templates; /* char* normalised texts that open >= 3 of the
	                               owner's 1:1 conversations, sorted */
	guint welcome_senders;      /* of SENDERS, those that sent a welcome message */
} tg_automated;

/* Fills OUT (initialised here, also on an error; clear with
 * tg_automated_clear()). Reads every conversation's messages
 * (tg_conv_messages()), one at a time. Cost: O(n log n) in the openers
 * plus the candidate pairs that share a prefix shingle (an exact,
 * prefix-filtered all-pairs join). Errors: those of tg_conv_messages(). */
gboolean tg_detect_automated(const tg_owner_model *o, tg_automated *out, GError **error);
void tg_automated_clear(tg_automated *a);

/* One recurring chat. */
typedef struct tg_chat {
	char *tag;          /* case-folded; borrowed from the model */
	guint uses;         /* all uses of the tag */
	gint weekday;       /* 0 = Monday */
	gint start_hour;    /* the window is [start_hour, start_hour + 2) local time */
	guint sessions;     /* ISO weeks with a use in the window */
	guint in_window;    /* uses in the window */
	GArray *contacts;   /* guint canonical nodes of the uses in the window,
	                       distinct, ascending node index (the owner left out) */
} tg_chat;

/* The chats of owner O of model M (finished, its events not released):
 * tags with uses in >= 4 distinct ISO weeks whose best two-hour window
 * (ties: earliest, Monday 0h first) holds >= 60% of the uses. Returns an
 * array of tg_chat sorted by uses desc then tag; free with tg_chats_free().
 * Memory: O(tags) plus a batch of 4096 tags (2 with tg_small_memory()) at
 * about 700 bytes each, plus the weeks and contacts of the batch's chats,
 * never the uses: each batch reads O's tape of uses at most twice. Errors:
 * TG_ERROR_OUTPUT when the tape's temporary file cannot be read; NULL then. */
GArray *tg_detect_chats(const tg_model *m, const tg_owner_model *o, GError **error);
void tg_chats_free(GArray *chats);

/* For tests: the candidate tags tg_detect_chats() takes per pass, 0 for the
 * default. */
void tg_detect_set_chat_batch(guint n);

#endif
