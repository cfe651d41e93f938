/* SPDX-License-Identifier: MIT */
/* Streaming JSON writer: fixed layout and number formats, so that the same
 * figures always give the same bytes. */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void tg_jsonw_init(tg_jsonw *w, GString *out, gboolean pretty)
{
	w->out = out;
	w->depth = 0;
	w->first = TRUE;
	w->pretty = pretty;
}

static void newline(tg_jsonw *w)
{
	if (!w->pretty)
		return;
	g_string_append_c(w->out, '\n');
	for (guint i = 0; i < w->depth; i++)
		g_string_append(w->out, "  ");
}

/* Separator, indentation and "key": before a value. */
static void member(tg_jsonw *w, const char *key)
{
	if (w->depth > 0) {
		if (!w->first)
			g_string_append_c(w->out, ',');
		newline(w);
	}
	w->first = FALSE;
	if (key) {
		tg_json_escape(w->out, key);
		g_string_append(w->out, w->pretty ? ": " : ":");
	}
}

void tg_json_escape(GString *out, const char *s)
{
	g_string_append_c(out, '"');
	const char *p = s;
	const char *end = s + strlen(s);
	while (p < end) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x80) {
			switch (ch) {
			case '"':
				g_string_append(out, "\\\"");
				break;
			case '\\':
				g_string_append(out, "\\\\");
				break;
			case '\n':
				g_string_append(out, "\\n");
				break;
			case '\r':
				g_string_append(out, "\\r");
				break;
			case '\t':
				g_string_append(out, "\\t");
				break;
			default:
				if (ch < 0x20)
					g_string_append_printf(out, "\\u%04x", ch);
				else
					g_string_append_c(out, (char)ch);
			}
			p++;
			continue;
		}
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c != (gunichar)-1 && c != (gunichar)-2) {
			const char *q = g_utf8_next_char(p);
			g_string_append_len(out, p, q - p);
			p = q;
			continue;
		}
		g_string_append(out, "\xEF\xBF\xBD"); /* U+FFFD for a bad byte */
		p++;
	}
	g_string_append_c(out, '"');
}

void tg_jsonw_begin_object(tg_jsonw *w, const char *key)
{
	member(w, key);
	g_string_append_c(w->out, '{');
	w->depth++;
	w->first = TRUE;
}

void tg_jsonw_end_object(tg_jsonw *w)
{
	gboolean empty = w->first;
	w->depth--;
	if (!empty)
		newline(w);
	g_string_append_c(w->out, '}');
	w->first = FALSE;
}

void tg_jsonw_begin_array(tg_jsonw *w, const char *key)
{
	member(w, key);
	g_string_append_c(w->out, '[');
	w->depth++;
	w->first = TRUE;
}

void tg_jsonw_end_array(tg_jsonw *w)
{
	gboolean empty = w->first;
	w->depth--;
	if (!empty)
		newline(w);
	g_string_append_c(w->out, ']');
	w->first = FALSE;
}

void tg_jsonw_string(tg_jsonw *w, const char *key, const char *value)
{
	member(w, key);
	if (value)
		tg_json_escape(w->out, value);
	else
		g_string_append(w->out, "null");
}

void tg_jsonw_int(tg_jsonw *w, const char *key, gint64 value)
{
	member(w, key);
	g_string_append_printf(w->out, "%" G_GINT64_FORMAT, value);
}

void tg_jsonw_uint(tg_jsonw *w, const char *key, guint64 value)
{
	member(w, key);
	g_string_append_printf(w->out, "%" G_GUINT64_FORMAT, value);
}

void tg_jsonw_double(tg_jsonw *w, const char *key, double value)
{
	member(w, key);
	if (!isfinite(value)) {
		g_string_append(w->out, "null");
		return;
	}
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	/* The shortest %.Ng that reads back to the same double: locale-free. */
	for (int prec = 1; prec <= 17; prec++) {
		g_ascii_formatd(buf, sizeof buf, prec == 17 ? "%.17g" : (const char *[]){
			"%.1g", "%.2g", "%.3g", "%.4g", "%.5g", "%.6g", "%.7g", "%.8g",
			"%.9g", "%.10g", "%.11g", "%.12g", "%.13g", "%.14g", "%.15g", "%.16g"}[prec - 1],
		                value);
		if (g_ascii_strtod(buf, NULL) == value)
			break;
	}
	g_string_append(w->out, buf);
}

void tg_jsonw_bool(tg_jsonw *w, const char *key, gboolean value)
{
	member(w, key);
	g_string_append(w->out, value ? "true" : "false");
}

void tg_jsonw_null(tg_jsonw *w, const char *key)
{
	member(w, key);
	g_string_append(w->out, "null");
}

void tg_jsonw_id(tg_jsonw *w, const char *key, guint64 id)
{
	if (!id) {
		tg_jsonw_null(w, key);
		return;
	}
	member(w, key);
	g_string_append_printf(w->out, "\"%" G_GUINT64_FORMAT "\"", id);
}

void tg_jsonw_date(tg_jsonw *w, const char *key, gint64 ms)
{
	if (!ms) {
		tg_jsonw_null(w, key);
		return;
	}
	char buf[32];
	tg_jsonw_string(w, key, tg_format_date(ms, buf));
}
