/* SPDX-License-Identifier: MIT */
/* The data-file scanner: "<lvalue> = [ elem, elem, ... ]" read from a stream
 * in chunks, handed on one top-level array element at a time. It never holds
 * more than one element (plus one read chunk) in memory. */
#ifndef TG_YTD_H
#define TG_YTD_H

#include "archive.h"

/* Called once per element with its bytes (not NUL-terminated, but
 * element[len] is a readable NUL), valid only during the call. Bare integer
 * numbers of more than 15 digits outside strings are handed on quoted
 * ("id" : 1066019840321669347 becomes "id" : "1066019840321669347") so that
 * a JSON parser keeps ids above 2^53 exact. INDEX counts elements from 0.
 * Return FALSE (with ERROR set) to stop the scan; tg_ytd_scan() then returns
 * FALSE with that error (without one: "stopped at element N"). */
typedef gboolean (*tg_element_fn)(void *user, const char *element, gsize len, guint64 index,
                                  GError **error);

typedef struct tg_scan_stats {
	guint64 bytes;    /* bytes read from the stream */
	guint64 elements; /* elements handed on */
} tg_scan_stats;

/* Scans S: skips everything up to and including the first '=' (the lvalue is
 * never matched literally: "window.YTD.tweet.part0", "Grailbird.data.
 * tweets_2015_03", "var user_details "), then white space, then expects '['
 * (each element of the array is handed on) or '{' (the object is handed on as
 * the single element 0). After the closing bracket only white space and ';'
 * may follow. Elements are cut, not validated: an element that is not valid
 * JSON is the parser's to refuse (a scalar element such as 12 or "x" is
 * handed on as it is).
 * Errors (TG_ERROR_INPUT), each naming tg_stream_where(S):
 *   "no '=' found: not a data file"        (also for an empty file)
 *   "expected '[' or '{' after '=' at byte N"
 *   "truncated at byte N"                  (stream ended inside the value)
 *   "element of more than N bytes at byte M" (limits->max_element, counting
 *                                          the quotes added; M: where it starts)
 *   "nested deeper than N levels at byte M" (limits->max_depth)
 *   "NUL byte at byte N"
 *   "unexpected 'c' at byte N"              (between elements, or trailing garbage)
 * plus any stream error. STATS may be NULL. */
gboolean tg_ytd_scan(tg_stream *s, const tg_limits *limits, tg_element_fn fn, void *user,
                     tg_scan_stats *stats, GError **error);

/* The same over a buffer in memory (for tests and fuzzing); WHERE names the
 * buffer in messages as tg_stream_where() does ("cannot read WHERE: ..."), so
 * it carries its own quotes. */
gboolean tg_ytd_scan_buffer(const char *data, gsize len, const char *where,
                            const tg_limits *limits, tg_element_fn fn, void *user,
                            tg_scan_stats *stats, GError **error);

#endif
