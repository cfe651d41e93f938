/* SPDX-License-Identifier: MIT */
/* tg-gen: a streaming JSON writer that reproduces the exact pretty-printing of each
 * archive generation (Jackson's expanded 2022+ layout, its compact "[ {" default used by
 * 2018-2021 archives and Grailbird) and of Python's json.dump(indent=1) for truth files. */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void tg_jw_init(TgJw *w, GString *out, TgJwStyle style, TgEsc esc)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->style = style;
    w->esc = esc;
    w->unit = style == TG_JW_TRUTH ? 1 : 2;
}

static int level(const TgJw *w)
{
    int l = 0;
    for (int i = 0; i < w->depth; i++)
        if (!w->inl[i])
            l++;
    return l;
}

static void newline(TgJw *w, int lvl)
{
    static const char spaces[] = "\n                                                                "
                                 "                                                                ";
    int n = lvl * w->unit;
    if (n > (int)sizeof spaces - 2)
        n = (int)sizeof spaces - 2;
    g_string_append_len(w->out, spaces, n + 1);
}

/* Separator and indentation before a value (array element) or a key (object member). */
static void before_value(TgJw *w)
{
    if (w->key_pending) {
        w->key_pending = FALSE;
        return;
    }
    if (w->depth == 0)
        return;
    int d = w->depth - 1;
    if (w->type[d] == 'a') {
        if (w->inl[d]) {
            g_string_append(w->out, w->n[d] ? ", " : " ");
        } else {
            if (w->n[d])
                g_string_append_c(w->out, ',');
            newline(w, level(w));
        }
    }
    w->n[d]++;
}

void tg_jw_key(TgJw *w, const char *k)
{
    int d = w->depth - 1;
    g_assert(d >= 0 && w->type[d] == 'o');
    if (w->n[d])
        g_string_append_c(w->out, ',');
    newline(w, level(w));
    w->n[d]++;
    g_string_append_c(w->out, '"');
    tg_json_escape(w->out, k, strlen(k), w->esc);
    g_string_append(w->out, w->style == TG_JW_TRUTH ? "\": " : "\" : ");
    w->key_pending = TRUE;
}

void tg_jw_obj(TgJw *w)
{
    before_value(w);
    g_assert(w->depth < 48);
    g_string_append_c(w->out, '{');
    w->type[w->depth] = 'o';
    w->n[w->depth] = 0;
    w->inl[w->depth] = FALSE;
    w->depth++;
}

void tg_jw_arr(TgJw *w)
{
    before_value(w);
    g_assert(w->depth < 48);
    g_string_append_c(w->out, '[');
    w->type[w->depth] = 'a';
    w->n[w->depth] = 0;
    w->inl[w->depth] = w->style == TG_JW_COMPACT;
    w->depth++;
}

void tg_jw_end(TgJw *w)
{
    g_assert(w->depth > 0);
    int d = w->depth - 1;
    gboolean empty = w->n[d] == 0;
    char close = w->type[d] == 'o' ? '}' : ']';
    w->depth--;
    if (w->style == TG_JW_TRUTH) {
        if (!empty)
            newline(w, level(w));
    } else if (w->inl[d]) {
        g_string_append_c(w->out, ' ');
    } else if (empty) {
        g_string_append_c(w->out, ' ');
    } else {
        newline(w, level(w));
    }
    g_string_append_c(w->out, close);
}

static const char hexu[] = "0123456789ABCDEF";
static const char hexl[] = "0123456789abcdef";

static void put_u(GString *out, unsigned v, gboolean upper)
{
    const char *h = upper ? hexu : hexl;
    char b[7] = {'\\', 'u', h[(v >> 12) & 15], h[(v >> 8) & 15], h[(v >> 4) & 15], h[v & 15], 0};
    g_string_append(out, b);
}

void tg_json_escape(GString *out, const char *s, gsize len, TgEsc esc)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + len;
    gboolean upper = esc != TG_ESC_ASCII;
    while (p < e) {
        /* the common case: a run of bytes that need no escape, appended at once */
        const unsigned char *run = p;
        if (esc == TG_ESC_RAW) {
            while (p < e && *p >= 0x20 && *p != '"' && *p != '\\')
                p++;
        } else {
            while (p < e && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\' && *p != '/' &&
                   *p != '<' && *p != '>')
                p++;
        }
        if (p > run)
            g_string_append_len(out, (const char *)run, (gssize)(p - run));
        if (p >= e)
            break;
        unsigned c = *p;
        if (c < 0x80) {
            switch (c) {
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
            case '/':
                g_string_append(out, esc == TG_ESC_GRAIL ? "\\/" : "/");
                break;
            case '<':
            case '>':
                if (esc == TG_ESC_GRAIL)
                    put_u(out, c, TRUE);
                else
                    g_string_append_c(out, (char)c);
                break;
            default:
                if (c < 0x20)
                    put_u(out, c, upper);
                else
                    g_string_append_c(out, (char)c);
            }
            p++;
            continue;
        }
        if (esc == TG_ESC_RAW) {
            g_string_append_c(out, (char)c);
            p++;
            continue;
        }
        /* decode one UTF-8 sequence; the generator only writes valid UTF-8 */
        gunichar u = g_utf8_get_char_validated((const gchar *)p, (gssize)(e - p));
        if (u == (gunichar)-1 || u == (gunichar)-2) {
            put_u(out, 0xFFFD, upper);
            p++;
            continue;
        }
        if (u >= 0x10000) {
            unsigned v = u - 0x10000;
            put_u(out, 0xD800 + (v >> 10), upper);
            put_u(out, 0xDC00 + (v & 0x3FF), upper);
        } else {
            put_u(out, u, upper);
        }
        p = (const unsigned char *)g_utf8_next_char(p);
    }
}

void tg_jw_strn(TgJw *w, const char *v, gsize len)
{
    before_value(w);
    g_string_append_c(w->out, '"');
    tg_json_escape(w->out, v, len, w->esc);
    g_string_append_c(w->out, '"');
}

void tg_jw_str(TgJw *w, const char *v)
{
    tg_jw_strn(w, v, strlen(v));
}

void tg_jw_raw(TgJw *w, const char *v)
{
    before_value(w);
    g_string_append(w->out, v);
}

void tg_jw_int(TgJw *w, int64_t v)
{
    before_value(w);
    g_string_append_printf(w->out, "%" G_GINT64_FORMAT, (gint64)v);
}

void tg_jw_u64s(TgJw *w, uint64_t v)
{
    before_value(w);
    g_string_append_printf(w->out, "\"%" G_GUINT64_FORMAT "\"", (guint64)v);
}

void tg_jw_double(TgJw *w, double v)
{
    before_value(w);
    if (!isfinite(v)) {
        g_string_append(w->out, "null");
        return;
    }
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        g_snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    /* Python's repr: "1.0" rather than "1", "1e-05" as %g writes it */
    if (!strpbrk(buf, ".eEn"))
        g_strlcat(buf, ".0", sizeof buf);
    g_string_append(w->out, buf);
}

void tg_jw_null(TgJw *w)
{
    tg_jw_raw(w, "null");
}

void tg_jw_bool(TgJw *w, gboolean v)
{
    tg_jw_raw(w, v ? "true" : "false");
}

void tg_jw_kstr(TgJw *w, const char *k, const char *v)
{
    tg_jw_key(w, k);
    tg_jw_str(w, v);
}

void tg_jw_kint(TgJw *w, const char *k, int64_t v)
{
    tg_jw_key(w, k);
    tg_jw_int(w, v);
}

void tg_jw_ku64s(TgJw *w, const char *k, uint64_t v)
{
    tg_jw_key(w, k);
    tg_jw_u64s(w, v);
}

void tg_jw_kraw(TgJw *w, const char *k, const char *v)
{
    tg_jw_key(w, k);
    tg_jw_raw(w, v);
}

void tg_jw_kbool(TgJw *w, const char *k, gboolean v)
{
    tg_jw_key(w, k);
    tg_jw_bool(w, v);
}
