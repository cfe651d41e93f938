/* SPDX-License-Identifier: MIT */
/* The readable outputs on a terminal: the stats summary (funnel first, then
 * classes, conversation share, DMs, top contacts, automated DMs, chats,
 * circles) and the aligned contacts table. */
#include "out_text.h"

#include <math.h>
#include <string.h>

#include "tz.h"

const char *tg_text_percent(double v, char *buf, gsize n)
{
	if (isnan(v))
		g_strlcpy(buf, "n/a", n);
	else
		g_snprintf(buf, n, "%.0f%%", 100.0 * v);
	return buf;
}

double tg_text_share(guint64 num, guint64 den)
{
	return den ? (double)num / (double)den : NAN;
}

/* "18m07s", "9d18h", "42s": a duration a person reads at a glance. */
char *tg_text_duration(double s, char *buf, gsize n)
{
	if (isnan(s)) {
		g_strlcpy(buf, "n/a", n);
		return buf;
	}
	guint64 t = (guint64)llround(s);
	if (t < 60)
		g_snprintf(buf, n, "%" G_GUINT64_FORMAT "s", t);
	else if (t < 3600)
		g_snprintf(buf, n, "%" G_GUINT64_FORMAT "m%02" G_GUINT64_FORMAT "s", t / 60, t % 60);
	else if (t < 86400)
		g_snprintf(buf, n, "%" G_GUINT64_FORMAT "h%02" G_GUINT64_FORMAT "m", t / 3600, t % 3600 / 60);
	else
		g_snprintf(buf, n, "%" G_GUINT64_FORMAT "d%02" G_GUINT64_FORMAT "h", t / 86400, t % 86400 / 3600);
	return buf;
}

const char *tg_text_handle(const tg_stats *s, const tg_contact *c, gint level, char *buf, gsize n)
{
	if (tg_stats_hides(s, c->node, level))
		g_snprintf(buf, n, "%s", tg_stats_node_key(s, c->node, level));
	else if (c->n->screen_name && *c->n->screen_name)
		g_snprintf(buf, n, "@%s", c->n->screen_name);
	else
		g_snprintf(buf, n, "id %" G_GUINT64_FORMAT, c->n->id);
	return buf;
}

const char *tg_text_day(gint64 ms, char *buf)
{
	if (!ms)
		return "-";
	tg_format_date(ms, buf);
	buf[10] = '\0';
	return buf;
}

static void funnel_line(GString *out, const char *what, const tg_funnel *f)
{
	char a[16], b[16];
	g_string_append_printf(out, "  %-10s %6" G_GUINT64_FORMAT "  ->  talked with %5" G_GUINT64_FORMAT
	                       " (%s)  ->  two-way %5" G_GUINT64_FORMAT " (%s)\n",
	                       what, f->total, f->talked, tg_text_percent(tg_text_share(f->talked, f->total), a, sizeof a),
	                       f->two_way, tg_text_percent(tg_text_share(f->two_way, f->total), b, sizeof b));
}

void tg_out_stats_text(const tg_stats *s, guint owner, gint anonymize, GString *out)
{
	const tg_owner_stats *os = s->owners->pdata[owner];
	const tg_owner_model *om = os->om;
	char a[64], b[64], c[64];

	g_string_append_printf(out, "talkgraph %s: ", TG_VERSION);
	if (tg_stats_hides(s, om->node, anonymize))
		g_string_append(out, tg_stats_pseudonym(s, om->node));
	else
		g_string_append_printf(out, "@%s%s%s%s", om->username ? om->username : "?",
		                       om->display_name ? " (" : "", om->display_name ? om->display_name : "",
		                       om->display_name ? ")" : "");
	g_string_append_printf(out, ", %s to %s, time zone %s\n\n", tg_text_day(om->first_ms, a), tg_text_day(om->last_ms, b),
	                       tg_tz_name(om->tz));

	g_string_append(out, "Who you talk with, of the accounts around you\n");
	funnel_line(out, "followers", &os->funnel_followers);
	funnel_line(out, "following", &os->funnel_following);
	g_string_append_printf(out, "  mutuals    %6" G_GUINT64_FORMAT "\n", os->mutuals);
	g_string_append_printf(out, "  reach-out rate %s: followers who ever wrote to you in a DM\n",
	                       tg_text_percent(os->reach_out_rate, a, sizeof a));
	if (!os->dms.conversations && !os->dms.group_conversations)
		g_string_append(out, "  note: this archive holds no direct messages, the only record of talk back:\n"
		                     "  no contact can be two-way, and talk back cannot be measured\n");
	g_string_append_c(out, '\n');

	g_string_append_printf(out, "Contacts   %" G_GUINT64_FORMAT " in all, %" G_GUINT64_FORMAT
	                       " dormant (strength >= 3, silent for over a year)\n",
	                       (guint64)os->contacts->len, os->dormant);
	for (int k = 0; k < TG_N_CLASSES; k++)
		g_string_append_printf(out, "  %-14s %6" G_GUINT64_FORMAT "\n", tg_class_name((tg_class)k),
		                       os->by_class[k]);
	g_string_append_printf(out, "  handles known for %s of contacts, %s of followers, %s of following\n\n",
	                       tg_text_percent(os->resolution_contacts, a, sizeof a), tg_text_percent(os->resolution_followers, b, sizeof b),
	                       tg_text_percent(os->resolution_following, c, sizeof c));

	g_string_append_printf(out, "Tweets     %" G_GUINT64_FORMAT ":", os->tweets_total);
	for (int k = 0; k < TG_N_KINDS; k++)
		g_string_append_printf(out, " %s %" G_GUINT64_FORMAT "%s", tg_kind_name((tg_kind)k), om->kinds[k],
		                       k + 1 < TG_N_KINDS ? "," : "\n");
	g_string_append_printf(out, "  conversation share %s: replies, quotes and originals that mention\n"
	                       "  someone, of your own tweets (originals, replies, quotes)\n\n",
	                       tg_text_percent(os->conversation_share, a, sizeof a));

	const tg_dm_figures *d = &os->dms;
	g_string_append_printf(out, "DMs        %" G_GUINT64_FORMAT " one-to-one conversations, %" G_GUINT64_FORMAT
	                       " group conversations\n", d->conversations, d->group_conversations);
	g_string_append_printf(out, "  sent %" G_GUINT64_FORMAT ", received %" G_GUINT64_FORMAT
	                       ", both sides wrote in %" G_GUINT64_FORMAT "\n", d->sent, d->received, d->two_sided);
	g_string_append_printf(out, "  opened by the other side %" G_GUINT64_FORMAT ", answered %" G_GUINT64_FORMAT
	                       " (%s); response time median %s, 90%% within %s\n\n",
	                       d->opened_by_other, d->answered, tg_text_percent(d->response_rate, a, sizeof a),
	                       tg_text_duration(d->response_median_s, b, sizeof b),
	                       tg_text_duration(d->response_p90_s, c, sizeof c));

	guint top = MIN(os->contacts->len, 10);
	g_string_append_printf(out, "Strongest contacts (of %u)\n", os->contacts->len);
	g_string_append_printf(out, "  %-24s %8s %8s %8s  %-14s %s\n", "contact", "strength", "out", "in", "class",
	                       "last");
	for (guint i = 0; i < top; i++) {
		const tg_contact *ct = &g_array_index(os->contacts, tg_contact, i);
		if (!ct->strength)
			break;
		g_string_append_printf(out, "  %-24s %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT " %8" G_GUINT64_FORMAT
		                       "  %-14s %s\n", tg_text_handle(s, ct, anonymize, a, sizeof a), ct->strength,
		                       ct->talk_out, ct->talk_in, tg_class_name(ct->cls), tg_text_day(ct->last_ms, b));
	}
	g_string_append_c(out, '\n');

	g_string_append_printf(out, "Automated DMs: %u sender%s", os->automated.senders->len,
	                       os->automated.senders->len == 1 ? "" : "s");
	g_string_append_printf(out, "; you opened conversations with %u template%s\n",
	                       os->automated.owner_templates->len,
	                       os->automated.owner_templates->len == 1 ? "" : "s");

	g_string_append_printf(out, "Recurring chats: %u\n", os->chats->len);
	for (guint i = 0; i < os->chats->len; i++) {
		const tg_chat *ch = &g_array_index(os->chats, tg_chat, i);
		g_string_append_printf(out, "  #%s  %s %02d-%02dh  %u uses, %u weekly sessions, %u contacts\n", ch->tag,
		                       tg_weekday_name(ch->weekday), ch->start_hour, ch->start_hour + 2, ch->uses,
		                       ch->sessions, ch->contacts->len);
	}
	g_string_append_printf(out, "Records: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT " skipped",
	                       os->records_read, os->records_skipped);
	if (os->records_skipped)
		g_string_append(out, " (records of the wrong shape: 'talkgraph inspect' lists why)");
	if (os->manifest_mismatches)
		g_string_append_printf(out, "; %" G_GUINT64_FORMAT " file(s) disagree with the manifest's count",
		                       os->manifest_mismatches);
	g_string_append_c(out, '\n');
	g_string_append_printf(out, "Circles: %u", os->circles->len);
	if (os->circles->len) {
		g_string_append_printf(out, " (modularity %.2f), sizes", os->modularity);
		for (guint i = 0; i < os->circles->len; i++)
			g_string_append_printf(out, " %u", ((GArray *)os->circles->pdata[i])->len);
	}
	g_string_append_c(out, '\n');
}

/* RFC 4180 is for CSV; the table pads with spaces and cuts long text. */
static void cell(GString *out, const char *text, guint width)
{
	glong len = g_utf8_strlen(text, -1);
	if ((guint)len > width) {
		const char *end = g_utf8_offset_to_pointer(text, width - 1);
		g_string_append_len(out, text, end - text);
		g_string_append(out, "…");
		return;
	}
	g_string_append(out, text);
	for (glong i = len; i < (glong)width; i++)
		g_string_append_c(out, ' ');
}

void tg_out_contacts_table(const tg_stats *s, guint owner, const GArray *rows, gint anonymize,
                           GString *out)
{
	char h[64], f[32], l[32];
	(void)owner;
	g_string_append(out, "contact                  name                 strength  out   in  rep  men  quo  dms  dmr  "
	                     "grp   rt  ctx  class          first      last       follows\n");
	for (guint i = 0; i < rows->len; i++) {
		const tg_contact *c = g_array_index(rows, const tg_contact *, i);
		const tg_rel *r = c->rel;
		cell(out, tg_text_handle(s, c, anonymize, h, sizeof h), 24);
		g_string_append_c(out, ' ');
		cell(out, tg_stats_hides(s, c->node, anonymize) || !c->n->name ? "" : c->n->name, 20);
		g_string_append_printf(out, " %8" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT
		                       " %4u %4u %4u %4u %4u %4u %4u %4u  ",
		                       c->strength, c->talk_out, c->talk_in, r->count[TG_I_REPLY], r->count[TG_I_MENTION],
		                       r->count[TG_I_QUOTE], r->dms_sent, r->dms_received, r->group_dms_received,
		                       r->count[TG_I_RETWEET], r->count[TG_I_CONTEXT]);
		cell(out, tg_class_name(c->cls), 14);
		g_string_append_printf(out, " %-10s %-10s %s%s\n", tg_text_day(c->first_ms, f), tg_text_day(c->last_ms, l),
		                       c->mutual ? "mutual" : r->follows_me ? "follows you" : r->i_follow ? "you follow" : "-",
		                       c->dormant ? ", dormant" : "");
	}
}
