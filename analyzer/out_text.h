/* SPDX-License-Identifier: MIT */
/* Readable text outputs for a terminal: the stats summary and the contacts
 * table. Text goes to a GString; callers write it out. */
#ifndef TG_OUT_TEXT_H
#define TG_OUT_TEXT_H

#include "stats.h"

/* The summary of owner OWNER of S. ANONYMIZE is an anonymity level
 * (stats.h: tg_stats_hides); so below. */
void tg_out_stats_text(const tg_stats *s, guint owner, gint anonymize, GString *out);

/* An aligned table of ROWS (const tg_contact * of owner OWNER). */
void tg_out_contacts_table(const tg_stats *s, guint owner, const GArray *rows, gint anonymize,
                           GString *out);

/* "18m07s", "9d18h": S seconds into BUF; "n/a" for NaN. Returns BUF. */
char *tg_text_duration(double s, char *buf, gsize n);

/* "@handle", "id 123", or the pseudonym when tg_stats_hides() the contact
 * at LEVEL, into BUF. */
const char *tg_text_handle(const tg_stats *s, const tg_contact *c, gint level, char *buf, gsize n);

/* "2024-09-27": the UTC day of MS into BUF (at least 32 bytes); "-" for 0. */
const char *tg_text_day(gint64 ms, char *buf);

/* "45%" of V (a ratio in [0, 1]) into BUF of N bytes; "n/a" for NaN. */
const char *tg_text_percent(double v, char *buf, gsize n);

/* NUM / DEN, NaN when DEN is 0. */
double tg_text_share(guint64 num, guint64 den);

#endif
