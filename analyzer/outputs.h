/* SPDX-License-Identifier: MIT */
/* The two main outputs: stats.json (every figure, SPEC.md's keys in SPEC.md's
 * order) and contacts.csv (one row per contact). Deterministic bytes: fixed
 * key order, sorted rows, shortest round-trip numbers, no wall clock. */
#ifndef TG_OUTPUTS_H
#define TG_OUTPUTS_H

#include <stdio.h>

#include "stats.h"

/* What the outputs echo or obey besides the figures. Strings are borrowed. */
typedef struct tg_out_options {
	const char *tz;            /* --tz as given, NULL when absent */
	const char *since, *until; /* --since/--until as given, NULL when absent */
	/* 0, 1 (--anonymize: contacts' ids, handles and names -> pseudonyms,
	 * input file names -> "archive N") or 2 (--anonymize=all: owners too);
	 * the stats' own level (tg_stats_anonymize) applies when larger. */
	gint anonymize;
	const char *version;       /* NULL for TG_VERSION */
} tg_out_options;

void tg_out_options_init(tg_out_options *o);

/* stats.json of S into BUF (appended). The top-level keys are SPEC.md's:
 * talkgraph, inputs, options, owner, period, tweets, conversation_share,
 * monthly, follows, funnel, reach_out_rate, dms, automated_dms, chats,
 * circles, contacts, resolution, hashtags, records -- the per-owner ones
 * for the first owner; with several owners a last key "owners" holds one
 * object per further owner with the per-owner keys (owner .. records). */
void tg_out_stats_json_build(const tg_stats *s, const tg_out_options *o, GString *buf);

/* The same, written to OUT and flushed. WHERE names OUT in messages.
 * Errors: TG_ERROR_OUTPUT on a failed write. */
gboolean tg_out_stats_json(const tg_stats *s, const tg_out_options *o, FILE *out, const char *where,
                           GError **error);

/* contacts.csv of owner OWNER (an index into S->owners) into BUF: a header
 * line and one row per contact in tg_owner_stats.contacts order, RFC 4180
 * quoting, "\n" line ends. */
void tg_out_contacts_csv_build(const tg_stats *s, guint owner, const tg_out_options *o, GString *buf);

/* The same columns for the N contacts ROWS only, in that order. */
void tg_out_contacts_csv_rows(const tg_stats *s, const tg_contact *const *rows, guint n,
                              const tg_out_options *o, GString *buf);

/* Where a writer hands its output, piece by piece: FALSE (with ERROR)
 * stops it. */
typedef gboolean (*tg_out_sink)(const char *data, gsize len, gpointer user, GError **error);

/* contacts.csv of owner OWNER as tg_out_contacts_csv_build() makes it,
 * handed to SINK in pieces of some 64 KiB as the rows are made, so that the
 * whole file is never in memory. FALSE when SINK failed. */
gboolean tg_out_contacts_csv_stream(const tg_stats *s, guint owner, const tg_out_options *o,
                                    tg_out_sink sink, gpointer user, GError **error);

/* The same, written to OUT and flushed. WHERE names OUT in messages.
 * Errors: TG_ERROR_OUTPUT on a failed write. */
gboolean tg_out_contacts_csv(const tg_stats *s, guint owner, const tg_out_options *o, FILE *out,
                             const char *where, GError **error);

/* Writes LEN bytes of BUF to OUT and flushes; TG_ERROR_OUTPUT naming WHERE
 * on failure. */
gboolean tg_out_write(FILE *out, const char *where, const char *buf, gsize len, GError **error);

#endif
