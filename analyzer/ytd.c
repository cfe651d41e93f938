/* SPDX-License-Identifier: MIT */
/* The data-file scanner: finds the value after the first '=' and cuts its
 * top-level array into elements without parsing them, so that only one
 * element is ever held and parsed at a time. String bodies are skipped with
 * memchr(), which keeps the scan close to memory speed. */
#include "ytd.h"

#include <string.h>

#define CHUNK_SIZE ((gsize)256 << 10)
/* Integers of up to 15 digits are exact in a double; longer ones are quoted. */
#define EXACT_DIGITS 15

/* Test hook, not part of the API: read or feed in pieces of this many bytes
 * (0: the default) so that tests reach every chunk boundary. */
static gsize tg_ytd_test_chunk_size;
void tg_ytd_set_test_chunk_size(gsize n);
void
tg_ytd_set_test_chunk_size(gsize n)
{
	tg_ytd_test_chunk_size = n;
}

/* What a byte outside strings means inside an element. */
enum { C_PLAIN, C_QUOTE, C_OPEN, C_CLOSE, C_NUM };
static const unsigned char byte_class[256] = {
	['"'] = C_QUOTE, ['{'] = C_OPEN,  ['['] = C_OPEN,  ['}'] = C_CLOSE, [']'] = C_CLOSE,
	['-'] = C_NUM,   ['0'] = C_NUM,   ['1'] = C_NUM,   ['2'] = C_NUM,   ['3'] = C_NUM,
	['4'] = C_NUM,   ['5'] = C_NUM,   ['6'] = C_NUM,   ['7'] = C_NUM,   ['8'] = C_NUM,
	['9'] = C_NUM,
};

typedef enum {
	ST_PREFIX,  /* before the first '=' */
	ST_VALUE,   /* after '=', before '[' or '{' */
	ST_FIRST,   /* after '[': an element or ']' */
	ST_NEXT,    /* after an element: ',' or ']' */
	ST_COMMA,   /* after ',': an element */
	ST_ELEMENT, /* inside an element */
	ST_TRAILER  /* after the value: white space and ';' only */
} scan_state;

typedef enum { M_STRUCT, M_STRING, M_ESCAPE, M_NUMBER, M_LITERAL } element_mode;

typedef struct scanner {
	const char *where;
	gsize max_element;
	guint max_depth;
	tg_element_fn fn;
	void *user;
	tg_scan_stats *stats;

	scan_state state;
	gboolean object; /* the value is a single object, not an array */
	guint64 index;

	/* The chunk being fed: its first byte's stream offset, its start, and
	 * the cached positions of the next '"' and '\\' (NULL: not looked for
	 * yet; STOP: none left), so that no byte is searched twice. */
	guint64 base;
	const char *chunk, *stop, *next_quote, *next_backslash;

	/* The element so far. */
	char *buf;
	gsize len, cap;
	guint64 start;
	guint depth;
	element_mode mode;
	gboolean number_int;
	guint number_digits;
	gsize number_at; /* where the number starts in buf */
} scanner;

static gboolean
fail(scanner *sc, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
fail(scanner *sc, GError **error, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read %s: %s", sc->where, why);
	g_free(why);
	return FALSE;
}

static guint64
offset_of(const scanner *sc, const char *p)
{
	return sc->base + (guint64)(p - sc->chunk);
}

static gboolean
unexpected(scanner *sc, const char *p, GError **error)
{
	unsigned char c = (unsigned char)*p;
	if (c > 0x20 && c < 0x7f)
		return fail(sc, error, "unexpected '%c' at byte %" G_GUINT64_FORMAT, c, offset_of(sc, p));
	return fail(sc, error, "unexpected byte 0x%02x at byte %" G_GUINT64_FORMAT, c,
	            offset_of(sc, p));
}

/* Makes room for EXTRA more bytes of element plus the NUL handed on after it. */
static gboolean
reserve(scanner *sc, gsize extra, GError **error)
{
	gsize need = sc->len + extra, cap;

	if (extra > sc->max_element || need > sc->max_element)
		return fail(sc, error,
		            "element of more than %" G_GSIZE_FORMAT " bytes at byte %" G_GUINT64_FORMAT,
		            sc->max_element, sc->start);
	if (need < sc->cap)
		return TRUE;
	cap = MAX(sc->cap, (gsize)4096);
	while (cap <= need)
		cap = cap > G_MAXSIZE / 2 ? G_MAXSIZE : cap * 2;
	/* need <= max_element, so this still leaves room for need and the NUL. */
	cap = MIN(cap, sc->max_element < G_MAXSIZE ? sc->max_element + 1 : G_MAXSIZE);
	sc->buf = g_realloc(sc->buf, cap);
	sc->cap = cap;
	return TRUE;
}

static gboolean
append(scanner *sc, const char *p, gsize n, GError **error)
{
	if (n == 0)
		return TRUE;
	if (!reserve(sc, n, error))
		return FALSE;
	memcpy(sc->buf + sc->len, p, n);
	sc->len += n;
	return TRUE;
}

/* Wraps the number that starts at buf[number_at] and runs to the end of buf
 * in quotes. */
static gboolean
quote_number(scanner *sc, GError **error)
{
	if (!reserve(sc, 2, error))
		return FALSE;
	memmove(sc->buf + sc->number_at + 1, sc->buf + sc->number_at, sc->len - sc->number_at);
	sc->buf[sc->number_at] = '"';
	sc->len++;
	sc->buf[sc->len++] = '"';
	return TRUE;
}

static gboolean
hand_on(scanner *sc, GError **error)
{
	GError *err = NULL;
	gboolean go_on;

	sc->buf[sc->len] = '\0';
	go_on = sc->fn(sc->user, sc->buf, sc->len, sc->index, &err);
	sc->index++;
	if (sc->stats)
		sc->stats->elements++;
	sc->len = 0;
	sc->state = sc->object ? ST_TRAILER : ST_NEXT;
	if (!go_on) {
		if (err == NULL)
			return fail(sc, error, "stopped at element %" G_GUINT64_FORMAT, sc->index - 1);
		g_propagate_error(error, err);
		return FALSE;
	}
	return TRUE;
}

/* Starts an element at P (not consumed). FALSE when no value starts there. */
static gboolean
begin_element(scanner *sc, const char *p)
{
	char c = *p;

	if (c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9'))
		sc->mode = M_STRUCT;
	else if (g_ascii_isalpha(c))
		sc->mode = M_LITERAL; /* true, false, null: checked by the parser */
	else
		return FALSE;
	sc->state = ST_ELEMENT;
	sc->len = 0;
	sc->depth = 0;
	sc->start = offset_of(sc, p);
	return TRUE;
}

/* Scans element bytes from P up to sc->stop. Returns where it stopped (the
 * byte after the element, or stop), or NULL with ERROR set. Bytes are copied
 * to buf in spans, not one by one. */
static const char *
scan_element(scanner *sc, const char *p, GError **error)
{
	const char *stop = sc->stop, *span = p;

	for (;;) {
		switch (sc->mode) {
		case M_ESCAPE:
			if (p == stop)
				goto more;
			p++;
			sc->mode = M_STRING;
			/* fall through */
		case M_STRING:
			for (;;) {
				const char *q = sc->next_quote, *b = sc->next_backslash;
				if (q == NULL || q < p) {
					q = memchr(p, '"', (gsize)(stop - p));
					sc->next_quote = q = q ? q : stop;
				}
				if (b == NULL || b < p) {
					b = memchr(p, '\\', (gsize)(stop - p));
					sc->next_backslash = b = b ? b : stop;
				}
				if (b < q) {
					p = b + 1;
					if (p == stop) {
						sc->mode = M_ESCAPE;
						goto more;
					}
					p++;
					continue;
				}
				if (q == stop) {
					p = stop;
					goto more;
				}
				p = q + 1;
				break;
			}
			sc->mode = M_STRUCT;
			if (sc->depth == 0)
				goto done;
			break;
		case M_NUMBER:
			for (; p < stop; p++) {
				char c = *p;
				if (c >= '0' && c <= '9')
					sc->number_digits++;
				else if (c == '.' || c == 'e' || c == 'E')
					sc->number_int = FALSE;
				else if (c != '-' && c != '+')
					break;
			}
			if (p == stop)
				goto more;
			sc->mode = M_STRUCT;
			if (sc->number_int && sc->number_digits > EXACT_DIGITS) {
				if (!append(sc, span, (gsize)(p - span), error) || !quote_number(sc, error))
					return NULL;
				span = p;
			}
			if (sc->depth == 0)
				goto done;
			break;
		case M_LITERAL:
			while (p < stop && g_ascii_isalnum(*p))
				p++;
			if (p == stop)
				goto more;
			sc->mode = M_STRUCT;
			goto done;
		case M_STRUCT:
			for (;;) {
				unsigned char k = C_PLAIN;
				while (p < stop && (k = byte_class[(unsigned char)*p]) == C_PLAIN)
					p++;
				if (p == stop)
					goto more;
				if (k == C_QUOTE) {
					p++;
					sc->mode = M_STRING;
					break;
				}
				if (k == C_NUM) {
					sc->mode = M_NUMBER;
					sc->number_int = TRUE;
					sc->number_digits = 0;
					sc->number_at = sc->len + (gsize)(p - span);
					break;
				}
				if (k == C_OPEN) {
					if (++sc->depth > sc->max_depth) {
						fail(sc, error, "nested deeper than %u levels at byte %" G_GUINT64_FORMAT,
						     sc->max_depth, offset_of(sc, p));
						return NULL;
					}
					p++;
					continue;
				}
				/* C_CLOSE. Depth is at least 1 here: an element that does
				 * not open with a bracket is a scalar and never gets here
				 * at depth 0 after its first byte. */
				p++;
				if (sc->depth <= 1) {
					sc->depth = 0;
					goto done;
				}
				sc->depth--;
			}
			break;
		}
	}
done:
	if (!append(sc, span, (gsize)(p - span), error) || !reserve(sc, 0, error) ||
	    !hand_on(sc, error))
		return NULL;
	return p;
more:
	if (!append(sc, span, (gsize)(p - span), error))
		return NULL;
	return p;
}

static const char *
skip_space(const char *p, const char *stop)
{
	while (p < stop && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	return p;
}

/* Feeds the next LEN bytes of the input. */
static gboolean
feed(scanner *sc, const char *chunk, gsize len, GError **error)
{
	const char *nul = len ? memchr(chunk, '\0', len) : NULL;
	const char *p = chunk;

	sc->chunk = chunk;
	/* Scanning stops at a NUL: everything before it still gets its own,
	 * earlier error if it has one. */
	sc->stop = nul ? nul : chunk + len;
	sc->next_quote = sc->next_backslash = NULL;

	while (p < sc->stop) {
		switch (sc->state) {
		case ST_PREFIX: {
			const char *eq = memchr(p, '=', (gsize)(sc->stop - p));
			if (eq == NULL) {
				p = sc->stop;
			} else {
				p = eq + 1;
				sc->state = ST_VALUE;
			}
			break;
		}
		case ST_VALUE:
			p = skip_space(p, sc->stop);
			if (p == sc->stop)
				break;
			if (*p == '[') {
				sc->state = ST_FIRST;
				p++;
			} else if (*p == '{') {
				sc->object = TRUE;
				begin_element(sc, p);
			} else {
				return fail(sc, error, "expected '[' or '{' after '=' at byte %" G_GUINT64_FORMAT,
				            offset_of(sc, p));
			}
			break;
		case ST_FIRST:
		case ST_NEXT:
		case ST_COMMA:
			p = skip_space(p, sc->stop);
			if (p == sc->stop)
				break;
			if (*p == ']' && sc->state != ST_COMMA) {
				sc->state = ST_TRAILER;
				p++;
			} else if (*p == ',' && sc->state == ST_NEXT) {
				sc->state = ST_COMMA;
				p++;
			} else if (sc->state == ST_NEXT || !begin_element(sc, p)) {
				return unexpected(sc, p, error);
			}
			break;
		case ST_ELEMENT:
			p = scan_element(sc, p, error);
			if (p == NULL)
				return FALSE;
			break;
		case ST_TRAILER:
			while (p < sc->stop && (*p == ';' || *p == ' ' || *p == '\n' || *p == '\r' ||
			                        *p == '\t'))
				p++;
			if (p < sc->stop)
				return unexpected(sc, p, error);
			break;
		}
	}
	if (nul != NULL)
		return fail(sc, error, "NUL byte at byte %" G_GUINT64_FORMAT, offset_of(sc, nul));
	sc->base += len;
	return TRUE;
}

/* The input ended after sc->base bytes. */
static gboolean
finish(scanner *sc, GError **error)
{
	if (sc->state == ST_PREFIX)
		return fail(sc, error, "no '=' found: not a data file");
	if (sc->state != ST_TRAILER)
		return fail(sc, error, "truncated at byte %" G_GUINT64_FORMAT, sc->base);
	return TRUE;
}

static void
scanner_init(scanner *sc, const char *where, const tg_limits *limits, tg_element_fn fn,
             void *user, tg_scan_stats *stats)
{
	memset(sc, 0, sizeof *sc);
	sc->where = where;
	sc->max_element = limits->max_element;
	sc->max_depth = limits->max_depth;
	sc->fn = fn;
	sc->user = user;
	sc->stats = stats;
	sc->state = ST_PREFIX;
	if (stats) {
		stats->bytes = 0;
		stats->elements = 0;
	}
}

gboolean
tg_ytd_scan(tg_stream *s, const tg_limits *limits, tg_element_fn fn, void *user,
            tg_scan_stats *stats, GError **error)
{
	scanner sc;
	gsize size = tg_ytd_test_chunk_size ? tg_ytd_test_chunk_size : CHUNK_SIZE;
	char *chunk = g_malloc(size);
	gboolean ok = FALSE;
	gssize n;

	scanner_init(&sc, tg_stream_where(s), limits, fn, user, stats);
	while ((n = tg_stream_read(s, chunk, size, error)) > 0) {
		if (stats)
			stats->bytes += (guint64)n;
		if (!feed(&sc, chunk, (gsize)n, error))
			goto out;
	}
	if (n < 0)
		goto out;
	ok = finish(&sc, error);
out:
	g_free(sc.buf);
	g_free(chunk);
	return ok;
}

gboolean
tg_ytd_scan_buffer(const char *data, gsize len, const char *where, const tg_limits *limits,
                   tg_element_fn fn, void *user, tg_scan_stats *stats, GError **error)
{
	scanner sc;
	gsize size = tg_ytd_test_chunk_size ? tg_ytd_test_chunk_size : MAX(len, (gsize)1);
	gboolean ok = FALSE;

	scanner_init(&sc, where, limits, fn, user, stats);
	if (stats)
		stats->bytes = len;
	for (gsize at = 0; at < len; at += size)
		if (!feed(&sc, data + at, MIN(size, len - at), error))
			goto out;
	ok = finish(&sc, error);
out:
	g_free(sc.buf);
	return ok;
}
