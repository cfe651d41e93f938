/* SPDX-License-Identifier: MIT */
/* Shared plumbing of the core: the error domain, input limits, and the
 * parsers for the date forms that archives use. */
#ifndef TG_UTIL_H
#define TG_UTIL_H

#include <glib.h>
#include <stdint.h>

/* Every core error is a GError in TG_ERROR. The code decides the exit status:
 * TG_ERROR_INPUT and TG_ERROR_OUTPUT exit 1, TG_ERROR_USAGE exits 2.
 * Messages follow STYLE.md: "cannot read 'data/tweets.js' in 'x.zip': truncated
 * at byte 1048576" -- lower case, subject in quotes, no full stop, no
 * "talkgraph: " prefix (the front end adds it). */
#define TG_ERROR (tg_error_quark())
GQuark tg_error_quark(void);
typedef enum {
	TG_ERROR_INPUT = 1,  /* unreadable or malformed input */
	TG_ERROR_OUTPUT,     /* cannot write an output */
	TG_ERROR_USAGE,      /* bad option value */
	TG_ERROR_RECORD,     /* one record of the wrong shape: skipped unless --strict */
	TG_ERROR_INTERRUPTED /* a signal asked us to stop */
} tg_error_code;

/* Caps on what input may make us allocate or inflate. All are options. */
typedef struct tg_limits {
	gsize max_element;     /* bytes of one array element (default 16 MiB) */
	guint64 max_inflated;  /* bytes inflated from one archive in all (default 64 GiB) */
	guint max_depth;       /* JSON nesting of one element (default 256) */
	guint64 max_contacts;  /* contacts in the model (default 10 million) */
} tg_limits;

#define TG_DEFAULT_MAX_ELEMENT ((gsize)16 << 20)
#define TG_DEFAULT_MAX_INFLATED ((guint64)64 << 30)
#define TG_DEFAULT_MAX_DEPTH 256u
#define TG_DEFAULT_MAX_CONTACTS 10000000u

void tg_limits_init(tg_limits *limits);

/* Call before starting threads that may make a TG_ERROR: GLib makes the
 * domain's quark and its error-domain lock on first use, racily (benign,
 * but ThreadSanitizer says so), so they are made here, on one thread. */
static inline void tg_threads_prepare(void)
{
	g_error_free(g_error_new_literal(TG_ERROR, TG_ERROR_INPUT, ""));
}

/* Date parsing. Each returns TRUE and sets *ms (milliseconds since the Unix
 * epoch, UTC) or returns FALSE for a malformed or out-of-range date
 * (years 1970..9999 are accepted, of the instant in UTC). Accepted forms:
 *   ISO 8601   "2024-09-27T00:07:44.064Z", "2019-07-23T16:37:50Z", offsets "+01:00"
 *              or "+0100"; a time without a zone is refused, not guessed
 *   Twitter    "Thu Nov 19 11:59:36 +0000 2009"
 *   Grailbird  "2015-11-01 08:00:22 +0000"
 * tg_parse_date() tries all three. Fractions past milliseconds are cut. */
gboolean tg_parse_date(const char *s, gint64 *ms);

/* Formats ms as ISO 8601 UTC with second precision, "2024-09-27T00:07:44Z",
 * into buf (at least 21 bytes). Returns buf. Instants outside the years
 * 1..9999 are clamped to them. */
char *tg_format_date(gint64 ms, char *buf);

/* Parses a decimal account or tweet id (digits only, up to 2^64-1).
 * Returns FALSE on anything else; an empty string is not an id. */
gboolean tg_parse_id(const char *s, guint64 *id);

/* Orders two guint64 (qsort(), g_array_sort()). */
gint tg_cmp_u64(gconstpointer a, gconstpointer b);
/* Sorts the guint64 of A and drops repeats, in place. */
void tg_sort_unique_u64(GArray *a);

/* With G_MESSAGES_DEBUG=all (or =talkgraph), logs the process's resident
 * memory and its peak so far, with STAGE, as a debug message: what the
 * benchmark's peak is made of (docs/bench.md). No-op otherwise. */
void tg_debug_memory(const char *stage);

/* Gives the free pages of the heap back to the system (glibc's
 * malloc_trim; nothing elsewhere). Called between the stages of an
 * analysis, whose many small temporaries would otherwise stay resident
 * under the blocks that outlive them. */
void tg_memory_trim(void);

#endif
