/* SPDX-License-Identifier: MIT */
/* Readable text outputs for a terminal: the stats summary and the contacts
 * table. Text goes to a GString; callers write it out. */
#ifndef TG_OUT_TEXT_H
#define TG_OUT_TEXT_H

#include "stats.h"

/* The summary of owner OWNER of S. */
void tg_out_stats_text(const tg_stats *s, guint owner, gboolean anonymize, GString *out);

/* An aligned table of ROWS (const tg_contact * of owner OWNER). */
void tg_out_contacts_table(const tg_stats *s, guint owner, const GArray *rows, gboolean anonymize,
                           GString *out);

/* "18m07s", "9d18h": S seconds into BUF; "n/a" for NaN. Returns BUF. */
char *tg_text_duration(double s, char *buf, gsize n);

/* "@handle", "id 123", or the pseudonym with ANONYMIZE, into BUF. */
const char *tg_text_handle(const tg_stats *s, const tg_contact *c, gboolean anonymize, char *buf,
                           gsize n);

#endif
