/* SPDX-License-Identifier: MIT */
/* A small streaming JSON writer with fixed formatting (two-space indent, keys
 * in the order written, shortest round-trip numbers), so that every JSON
 * output of talkgraph is byte-for-byte deterministic. Text goes to a GString;
 * callers write it out. */
#ifndef TG_JSONW_H
#define TG_JSONW_H

#include <glib.h>

typedef struct tg_jsonw {
	GString *out;   /* borrowed */
	guint depth;
	gboolean first; /* no member written yet at this depth */
	gboolean pretty;
} tg_jsonw;

void tg_jsonw_init(tg_jsonw *w, GString *out, gboolean pretty);
/* KEY is NULL inside arrays and at the top. */
void tg_jsonw_begin_object(tg_jsonw *w, const char *key);
void tg_jsonw_end_object(tg_jsonw *w);
void tg_jsonw_begin_array(tg_jsonw *w, const char *key);
void tg_jsonw_end_array(tg_jsonw *w);
/* VALUE NULL writes null. Invalid UTF-8 is replaced by U+FFFD. */
void tg_jsonw_string(tg_jsonw *w, const char *key, const char *value);
void tg_jsonw_int(tg_jsonw *w, const char *key, gint64 value);
void tg_jsonw_uint(tg_jsonw *w, const char *key, guint64 value);
/* Written with 17 significant digits at most, shortest form that reads back
 * exactly; NaN and infinities write null. */
void tg_jsonw_double(tg_jsonw *w, const char *key, double value);
void tg_jsonw_bool(tg_jsonw *w, const char *key, gboolean value);
void tg_jsonw_null(tg_jsonw *w, const char *key);
/* An id as a string; 0 writes null. */
void tg_jsonw_id(tg_jsonw *w, const char *key, guint64 id);
/* A date as ISO 8601 UTC ("2024-09-27T00:07:44Z"); 0 writes null. */
void tg_jsonw_date(tg_jsonw *w, const char *key, gint64 ms);
/* Appends S to OUT as a JSON string literal (quotes included). */
void tg_json_escape(GString *out, const char *s);

#endif
