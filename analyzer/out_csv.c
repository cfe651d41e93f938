/* SPDX-License-Identifier: MIT */
/* contacts.csv: one row per contact of one owner, SPEC.md's columns, sorted
 * by strength desc then id; RFC 4180 quoting. */
#include "outputs.h"

#include <string.h>

static const char *const columns[] = {
	"id", "screen_name", "name", "replies", "mentions", "context", "retweets", "quotes",
	"dms_sent", "dms_received", "group_dms_received", "talk_out", "talk_in", "strength",
	"first", "last", "active_months", "follows_me", "i_follow", "mutual", "class",
	"dormant", "circle", "automated",
};

/* A field, quoted when it holds a comma, a quote, CR or LF (quotes doubled).
 * Invalid UTF-8 is repaired: the file is UTF-8. */
static void field(GString *b, const char *s, gboolean first)
{
	char *v = g_utf8_make_valid(s ? s : "", -1);

	if (!first)
		g_string_append_c(b, ',');
	if (strpbrk(v, ",\"\r\n")) {
		g_string_append_c(b, '"');
		for (const char *p = v; *p; p++) {
			if (*p == '"')
				g_string_append_c(b, '"');
			g_string_append_c(b, *p);
		}
		g_string_append_c(b, '"');
	} else {
		g_string_append(b, v);
	}
	g_free(v);
}

static void num(GString *b, guint64 v)
{
	g_string_append_printf(b, ",%" G_GUINT64_FORMAT, v);
}

static void flag(GString *b, gboolean v)
{
	g_string_append(b, v ? ",true" : ",false");
}

static void date(GString *b, gint64 ms)
{
	char buf[32];
	g_string_append_c(b, ',');
	if (ms)
		g_string_append(b, tg_format_date(ms, buf));
}

static void header(GString *b)
{
	for (guint i = 0; i < G_N_ELEMENTS(columns); i++) {
		if (i)
			g_string_append_c(b, ',');
		g_string_append(b, columns[i]);
	}
	g_string_append_c(b, '\n');
}

static void row(GString *b, const tg_stats *s, const tg_contact *c, const tg_out_options *o)
{
	const tg_rel *r = c->rel;
	/* Asked for only when shown: pseudonyms are made on first use. */
	const char *pseudo = tg_stats_hides(s, c->node, o->anonymize) ? tg_stats_pseudonym(s, c->node) : NULL;

	if (pseudo) {
		field(b, pseudo, TRUE);
		field(b, c->n->screen_name && *c->n->screen_name ? pseudo : "", FALSE);
		field(b, c->n->name && *c->n->name ? pseudo : "", FALSE);
	} else {
		field(b, tg_stats_node_id(s, c->node), TRUE);
		field(b, c->n->screen_name, FALSE);
		field(b, c->n->name, FALSE);
	}
	num(b, r->count[TG_I_REPLY]);
	num(b, r->count[TG_I_MENTION]);
	num(b, r->count[TG_I_CONTEXT]);
	num(b, r->count[TG_I_RETWEET]);
	num(b, r->count[TG_I_QUOTE]);
	num(b, r->dms_sent);
	num(b, r->dms_received);
	num(b, r->group_dms_received);
	num(b, c->talk_out);
	num(b, c->talk_in);
	num(b, c->strength);
	date(b, c->first_ms);
	date(b, c->last_ms);
	num(b, c->active_months);
	flag(b, r->follows_me);
	flag(b, r->i_follow);
	flag(b, c->mutual);
	field(b, tg_class_name(c->cls), FALSE);
	flag(b, c->dormant);
	g_string_append_c(b, ',');
	if (c->circle >= 0)
		g_string_append_printf(b, "%d", c->circle);
	flag(b, c->automated);
	g_string_append_c(b, '\n');
}

void tg_out_contacts_csv_build(const tg_stats *s, guint owner, const tg_out_options *o, GString *b)
{
	const tg_owner_stats *os;

	header(b);
	if (owner >= s->owners->len)
		return;
	os = s->owners->pdata[owner];
	for (guint i = 0; i < os->contacts->len; i++)
		row(b, s, &g_array_index(os->contacts, tg_contact, i), o);
}

void tg_out_contacts_csv_rows(const tg_stats *s, const tg_contact *const *rows, guint n,
                              const tg_out_options *o, GString *b)
{
	header(b);
	for (guint i = 0; i < n; i++)
		row(b, s, rows[i], o);
}

/* Rows are handed on whenever the buffer holds this much. */
#define PIECE (64 * 1024)

gboolean tg_out_contacts_csv_stream(const tg_stats *s, guint owner, const tg_out_options *o,
                                    tg_out_sink sink, gpointer user, GError **error)
{
	GString *b = g_string_sized_new(2 * PIECE);
	gboolean ok = TRUE;

	header(b);
	if (owner < s->owners->len) {
		const tg_owner_stats *os = s->owners->pdata[owner];
		for (guint i = 0; ok && i < os->contacts->len; i++) {
			row(b, s, &g_array_index(os->contacts, tg_contact, i), o);
			if (b->len >= PIECE) {
				ok = sink(b->str, b->len, user, error);
				g_string_truncate(b, 0);
			}
		}
	}
	if (ok && b->len)
		ok = sink(b->str, b->len, user, error);
	g_string_free(b, TRUE);
	return ok;
}

typedef struct file_sink {
	FILE *out;
	const char *where;
} file_sink;

static gboolean write_piece(const char *data, gsize len, gpointer user, GError **error)
{
	const file_sink *f = user;
	return tg_out_write(f->out, f->where, data, len, error);
}

gboolean tg_out_contacts_csv(const tg_stats *s, guint owner, const tg_out_options *o, FILE *out,
                             const char *where, GError **error)
{
	file_sink f = {out, where};
	return tg_out_contacts_csv_stream(s, owner, o, write_piece, &f, error);
}
