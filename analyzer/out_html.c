/* SPDX-License-Identifier: MIT */
/* report.html and report.md: the analysis read as a story -- the funnel
 * first, then who the owner talks with, one-way and unanswered ties, dormant
 * ones, automated DMs, chats, circles, activity and rhythm, and what the
 * archive cannot show. report.html is one self-contained file (inline SVG
 * charts and CSS, no script, font or request); report.md links the PNGs. */
#include <math.h>
#include <string.h>

#include "out_text.h"
#include "report.h"
#include "tz.h"

/* Each document is written through these, so the HTML and the Markdown say
 * the same things in the same order. */
typedef struct doc {
	GString *out;
	gboolean html;
	const tg_analysis *an;
	const tg_options *o;
	tg_outdir *d;
	gboolean rendered;
	gboolean anon;       /* contacts pseudonymised */
	gboolean anon_owner; /* the owner too */
	const char *align;   /* of the table being written: 'l' or 'r' per column */
} doc;

static void text(doc *w, const char *s)
{
	if (w->html) {
		char *e = g_markup_escape_text(s, -1);
		g_string_append(w->out, e);
		g_free(e);
	} else {
		/* Markdown: escape what would start markup. */
		for (const char *p = s; *p; p++) {
			if (strchr("\\`*_[]<>#|", *p))
				g_string_append_c(w->out, '\\');
			g_string_append_c(w->out, *p);
		}
	}
}

static void G_GNUC_PRINTF(2, 3) textf(doc *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	text(w, s);
	g_free(s);
}

static void raw(doc *w, const char *s)
{
	g_string_append(w->out, s);
}

static void heading(doc *w, const char *id, const char *title)
{
	if (w->html) {
		g_string_append_printf(w->out, "<section id=\"%s\">\n<h2>", id);
		text(w, title);
		raw(w, "</h2>\n");
	} else {
		raw(w, "\n## ");
		text(w, title);
		raw(w, "\n\n");
	}
}

static void end_section(doc *w)
{
	if (w->html)
		raw(w, "</section>\n");
}

static void para_begin(doc *w)
{
	raw(w, w->html ? "<p>" : "");
}

static void para_end(doc *w)
{
	raw(w, w->html ? "</p>\n" : "\n\n");
}

static void G_GNUC_PRINTF(2, 3) para(doc *w, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	para_begin(w);
	text(w, s);
	para_end(w);
	g_free(s);
}

static void note(doc *w, const char *s)
{
	if (w->html) {
		raw(w, "<p class=\"note\">");
		text(w, s);
		raw(w, "</p>\n");
	} else {
		raw(w, "> ");
		text(w, s);
		raw(w, "\n\n");
	}
}


static const tg_owner_stats *first_owner(const doc *w)
{
	return w->an->stats->owners->pdata[0];
}

static const char *owner_label(const doc *w, const tg_owner_model *om, char *buf, gsize n)
{
	if (w->anon_owner)
		g_snprintf(buf, n, "%s", tg_stats_pseudonym(w->an->stats, om->node));
	else
		g_snprintf(buf, n, "@%s", om->username ? om->username : "?");
	return buf;
}

static const char *contact_label(const doc *w, const tg_contact *c, char *buf, gsize n)
{
	return tg_text_handle(w->an->stats, c, w->anon, buf, n);
}

/* ---- tables ---- */

/* ALIGN has one letter per column: 'r' for numbers, 'l' for text. */
static gboolean right(const doc *w, guint i)
{
	return w->align && i < strlen(w->align) && w->align[i] == 'r';
}

static void table_begin(doc *w, const char *const *cols, guint n, const char *align)
{
	w->align = align;
	if (w->html) {
		raw(w, "<table>\n<thead><tr>");
		for (guint i = 0; i < n; i++) {
			raw(w, right(w, i) ? "<th class=\"num\">" : "<th>");
			text(w, cols[i]);
			raw(w, "</th>");
		}
		raw(w, "</tr></thead>\n<tbody>\n");
	} else {
		raw(w, "|");
		for (guint i = 0; i < n; i++) {
			raw(w, " ");
			text(w, cols[i]);
			raw(w, " |");
		}
		raw(w, "\n|");
		for (guint i = 0; i < n; i++)
			raw(w, right(w, i) ? " ---: |" : " --- |");
		raw(w, "\n");
	}
}

static void table_row(doc *w, const char *const *cells, guint n)
{
	if (w->html) {
		raw(w, "<tr>");
		for (guint i = 0; i < n; i++) {
			raw(w, right(w, i) ? "<td class=\"num\">" : "<td>");
			text(w, cells[i]);
			raw(w, "</td>");
		}
		raw(w, "</tr>\n");
	} else {
		raw(w, "|");
		for (guint i = 0; i < n; i++) {
			raw(w, " ");
			text(w, cells[i]);
			raw(w, " |");
		}
		raw(w, "\n");
	}
}

static void table_end(doc *w)
{
	raw(w, w->html ? "</tbody>\n</table>\n" : "\n");
}

/* Rows of contacts: handle, class, strength, out, in, first, last. */
static void contact_table(doc *w, GPtrArray *rows)
{
	static const char *const cols[] = {"contact", "class", "strength", "you → them", "them → you",
	                                   "first", "last"};
	table_begin(w, cols, G_N_ELEMENTS(cols), "llrrrrr");
	for (guint i = 0; i < rows->len; i++) {
		const tg_contact *c = rows->pdata[i];
		char h[96], s[24], a[24], b[24], f[32], l[32];
		g_snprintf(s, sizeof s, "%" G_GUINT64_FORMAT, c->strength);
		g_snprintf(a, sizeof a, "%" G_GUINT64_FORMAT, c->talk_out);
		g_snprintf(b, sizeof b, "%" G_GUINT64_FORMAT, c->talk_in);
		const char *cells[] = {contact_label(w, c, h, sizeof h), tg_class_name(c->cls), s, a, b,
		                       tg_text_day(c->first_ms, f), tg_text_day(c->last_ms, l)};
		table_row(w, cells, G_N_ELEMENTS(cells));
	}
	table_end(w);
}

/* The first N contacts of OS that satisfy KEEP, in contacts.csv order. */
static GPtrArray *select_contacts(const tg_owner_stats *os, gboolean (*keep)(const tg_contact *), guint n,
                                  guint *total)
{
	GPtrArray *rows = g_ptr_array_new();
	*total = 0;
	for (guint i = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		if (!keep(c))
			continue;
		(*total)++;
		if (rows->len < n)
			g_ptr_array_add(rows, (gpointer)c);
	}
	return rows;
}

static gboolean talked(const tg_contact *c)
{
	return c->strength > 0;
}
static gboolean unanswered(const tg_contact *c)
{
	return c->cls == TG_CLASS_UNANSWERED_IN;
}
static gboolean one_way(const tg_contact *c)
{
	return c->cls == TG_CLASS_ONE_WAY_OUT;
}
static gboolean dormant(const tg_contact *c)
{
	return c->dormant;
}

/* ---- charts ---- */

/* A chart: inline SVG in HTML (ids prefixed with the chart's name, so that
 * several charts live in one page), a PNG link in Markdown; when gnuplot
 * was missing, a note where the picture would be. */
static void chart(doc *w, const char *name, const char *caption)
{
	if (!w->rendered) {
		char *s = g_strdup_printf("Chart '%s' not rendered: gnuplot was not found. Its data and "
		                          "script are in charts/%s.dat and charts/%s.gp.", name, name, name);
		note(w, s);
		g_free(s);
		return;
	}
	if (!w->html) {
		g_string_append_printf(w->out, "![%s](charts/%s.png)\n\n", caption, name);
		if (caption) {
			raw(w, "*");
			text(w, caption);
			raw(w, "*\n\n");
		}
		return;
	}
	char *rel = g_strdup_printf("charts/%s.svg", name);
	char *path = tg_outdir_path(w->d, rel);
	char *svg = NULL;
	gsize len = 0;
	raw(w, "<figure>\n");
	if (g_file_get_contents(path, &svg, &len, NULL)) {
		const char *start = strstr(svg, "<svg");
		if (start) {
			GString *s = g_string_new(start);
			char *pfx = g_strdup_printf("id=\"%s-", name);
			g_string_replace(s, "id=\"", pfx, 0);
			g_free(pfx);
			pfx = g_strdup_printf("url(#%s-", name);
			g_string_replace(s, "url(#", pfx, 0);
			g_free(pfx);
			pfx = g_strdup_printf("href=\"#%s-", name);
			g_string_replace(s, "href=\"#", pfx, 0);
			g_free(pfx);
			g_string_append(w->out, s->str);
			g_string_free(s, TRUE);
		}
	}
	if (caption) {
		raw(w, "\n<figcaption>");
		text(w, caption);
		raw(w, "</figcaption>");
	}
	raw(w, "\n</figure>\n");
	g_free(svg);
	g_free(path);
	g_free(rel);
}

/* ---- sections ---- */

static void funnel(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	char a[16], b[16], c[16], d[16];
	heading(w, "funnel", "From follows to conversations");
	para(w, "Following someone says they are relevant; talking with them is a relationship. Of your %"
	     G_GUINT64_FORMAT " followers you have talked with %" G_GUINT64_FORMAT " (%s), and %" G_GUINT64_FORMAT
	     " (%s) talked back. Of the %" G_GUINT64_FORMAT " accounts you follow, you have talked with %"
	     G_GUINT64_FORMAT " (%s), and %" G_GUINT64_FORMAT " (%s) talked back.",
	     os->funnel_followers.total, os->funnel_followers.talked,
	     tg_text_percent(tg_text_share(os->funnel_followers.talked, os->funnel_followers.total), a, sizeof a), os->funnel_followers.two_way,
	     tg_text_percent(tg_text_share(os->funnel_followers.two_way, os->funnel_followers.total), b, sizeof b), os->funnel_following.total,
	     os->funnel_following.talked, tg_text_percent(tg_text_share(os->funnel_following.talked, os->funnel_following.total), c, sizeof c),
	     os->funnel_following.two_way, tg_text_percent(tg_text_share(os->funnel_following.two_way, os->funnel_following.total), d, sizeof d));
	para(w, "%s of your followers ever wrote to you in a direct message (the reach-out rate). %" G_GUINT64_FORMAT
	     " accounts follow you and are followed by you (mutuals).",
	     tg_text_percent(os->reach_out_rate, a, sizeof a), os->mutuals);
	if (!os->dms.conversations && !os->dms.group_conversations)
		note(w, "This archive holds no direct messages. They are the only record of people talking back "
		        "to you, so no contact can be two-way here and talk back cannot be measured: a missing "
		        "DM file, or an account that never used DMs.");
	chart(w, "funnel", "Followers and following, then those you talked with, then those who talked back.");
	note(w, "Talked with: any reply, deliberate mention, quote or direct message, either way. Talked back: "
	        "a two-way relationship, with talk from you and a direct message from them.");
	end_section(w);
}

static void talk(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	guint total;
	char a[16];
	heading(w, "talk", "Who you talk with");
	GPtrArray *rows = select_contacts(os, talked, 20, &total);
	para(w, "You have talked with %u accounts. A contact's strength counts every reply, deliberate mention, quote "
	     "and direct message between you (retweets and names that only ride along in a reply are shown, not "
	     "counted). The strongest:", total);
	contact_table(w, rows);
	g_ptr_array_unref(rows);
	chart(w, "top-contacts", "The 20 strongest contacts, by kind of interaction.");
	chart(w, "network", "Your network: you in the centre, the strongest contacts around you (closer is "
	      "stronger), coloured by circle; lines join contacts you address together.");
	para(w, "%s of your own tweets (originals, replies and quotes) are conversation: a reply, a quote, or an "
	     "original that mentions someone on purpose (the conversation share).",
	     tg_text_percent(os->conversation_share, a, sizeof a));
	end_section(w);
}

static void one_way_section(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	const tg_dm_figures *d = &os->dms;
	guint n_un, n_ow;
	char a[16], b[32], c[32];
	heading(w, "one-way", "One-way and unanswered");
	GPtrArray *un = select_contacts(os, unanswered, 15, &n_un);
	GPtrArray *ow = select_contacts(os, one_way, 15, &n_ow);
	para(w, "%u accounts wrote to you in direct messages and never heard from you in any form (unanswered). "
	     "You reached out to %u accounts whose answers the archive does not show (one-way): they never wrote "
	     "to you in a DM, though they may have replied in public, which the archive cannot see.",
	     n_un, n_ow);
	if (un->len) {
		para(w, "Unanswered, strongest first:");
		contact_table(w, un);
	}
	if (ow->len) {
		para(w, "One-way, strongest first:");
		contact_table(w, ow);
	}
	para(w, "Of %" G_GUINT64_FORMAT " one-to-one conversations that someone else opened, you answered %"
	     G_GUINT64_FORMAT " (%s). When you answered, half of your answers came within %s and nine in ten "
	     "within %s.", d->opened_by_other, d->answered, tg_text_percent(d->response_rate, a, sizeof a),
	     tg_text_duration(d->response_median_s, b, sizeof b), tg_text_duration(d->response_p90_s, c, sizeof c));
	chart(w, "dm-response", "How long you took to answer a direct message.");
	g_ptr_array_unref(un);
	g_ptr_array_unref(ow);
	end_section(w);
}

static void dormant_section(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	guint n;
	heading(w, "dormant", "Relationships gone quiet");
	GPtrArray *rows = select_contacts(os, dormant, 25, &n);
	para(w, "%u relationships with some weight (strength 3 or more) have been silent for more than a year "
	     "before the archive's last activity.", n);
	if (rows->len)
		contact_table(w, rows);
	chart(w, "relationships", "New and active contacts per month, and relationships that went quiet.");
	g_ptr_array_unref(rows);
	end_section(w);
}

static void automated(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	const tg_automated *au = &os->automated;
	heading(w, "automated", "Automated messages");
	para(w, "%u accounts sent you automated direct messages: a welcome message, or an opening message "
	     "that other senders sent almost word for word. They are flagged in contacts.csv and are not "
	     "relationships.", au->senders->len);
	if (au->owner_templates->len) {
		para(w, "You opened three or more conversations with the same text %u time%s: to the people who got "
		     "them, you were the automated sender.", au->owner_templates->len,
		     au->owner_templates->len == 1 ? "" : "s");
		if (!w->anon) {
			for (guint i = 0; i < au->owner_templates->len; i++) {
				if (w->html) {
					raw(w, "<blockquote>");
					text(w, au->owner_templates->pdata[i]);
					raw(w, "</blockquote>\n");
				} else {
					raw(w, "> ");
					text(w, au->owner_templates->pdata[i]);
					raw(w, "\n\n");
				}
			}
		}
	}
	end_section(w);
}

static void chats(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	heading(w, "chats", "Recurring chats");
	if (!os->chats->len) {
		para(w, "No hashtag returns at the same time every week: no recurring chat was found.");
		end_section(w);
		return;
	}
	para(w, "A recurring chat is a hashtag you use at the same weekday and hour, week after week (in at least "
	     "four weeks, with most uses in one two-hour window).");
	static const char *const cols[] = {"hashtag", "when", "uses", "weeks", "contacts"};
	table_begin(w, cols, G_N_ELEMENTS(cols), "llrrr");
	for (guint i = 0; i < os->chats->len; i++) {
		const tg_chat *c = &g_array_index(os->chats, tg_chat, i);
		char tag[96], when[48], u[16], s[16], n[16];
		g_snprintf(tag, sizeof tag, "#%s", c->tag);
		g_snprintf(when, sizeof when, "%s %02d:00-%02d:00", tg_weekday_name(c->weekday), c->start_hour,
		           c->start_hour + 2);
		g_snprintf(u, sizeof u, "%u", c->uses);
		g_snprintf(s, sizeof s, "%u", c->sessions);
		g_snprintf(n, sizeof n, "%u", c->contacts->len);
		const char *cells[] = {tag, when, u, s, n};
		table_row(w, cells, G_N_ELEMENTS(cells));
	}
	table_end(w);
	end_section(w);
}

static void circles(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	const tg_stats *s = w->an->stats;
	heading(w, "circles", "Circles");
	if (!os->circles->len) {
		para(w, "No two contacts were ever addressed together: there are no circles to show.");
		end_section(w);
		return;
	}
	para(w, "Contacts you address together (in one reply or mention, or who write in one group conversation) "
	     "form circles: groups found by community detection (Leiden, fixed seed). %u circles, modularity "
	     "%.2f (above 0.3, the circles are clearly apart).", os->circles->len, os->modularity);
	static const char *const cols[] = {"circle", "size", "members (strongest first)"};
	table_begin(w, cols, G_N_ELEMENTS(cols), "rrl");
	for (guint i = 0; i < os->circles->len && i < 12; i++) {
		GArray *members = os->circles->pdata[i];
		GString *names = g_string_new(NULL);
		guint shown = 0;
		/* Members in contacts order, i.e. strongest first. */
		for (guint k = 0; k < os->contacts->len && shown < 8; k++) {
			const tg_contact *c = &g_array_index(os->contacts, tg_contact, k);
			if (c->circle != (gint)i)
				continue;
			char h[96];
			g_string_append_printf(names, "%s%s", shown ? ", " : "", contact_label(w, c, h, sizeof h));
			shown++;
		}
		if (members->len > shown)
			g_string_append_printf(names, " and %u more", members->len - shown);
		char idx[16], size[16];
		g_snprintf(idx, sizeof idx, "%u", i + 1);
		g_snprintf(size, sizeof size, "%u", members->len);
		const char *cells[] = {idx, size, names->str};
		table_row(w, cells, G_N_ELEMENTS(cells));
		g_string_free(names, TRUE);
	}
	table_end(w);
	(void)s;
	end_section(w);
}

static void activity(doc *w)
{
	const tg_owner_model *om = first_owner(w)->om;
	heading(w, "activity", "Activity and rhythm");
	chart(w, "activity", "Your tweets per month by kind, and direct messages sent and received.");
	chart(w, "conversation-share", "The share of your own tweets that are conversation, month by month.");
	char *s = g_strdup_printf("When you are active, by weekday and hour (%s).", tg_tz_name(om->tz));
	chart(w, "rhythm", s);
	g_free(s);
	chart(w, "strength", "How strength is spread: a few strong relationships, many light ones.");
	end_section(w);
}

static void owners_section(doc *w)
{
	const tg_stats *s = w->an->stats;
	if (s->owners->len < 2)
		return;
	heading(w, "owners", "The owners with each other");
	para(w, "Several archives were read together: each owner's archive shows that owner's side, so between two "
	     "owners public replies are visible both ways.");
	static const char *const cols[] = {"from", "to", "strength", "talk out", "talk in", "class"};
	table_begin(w, cols, G_N_ELEMENTS(cols), "llrrrl");
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_stats *a = s->owners->pdata[i];
		for (guint j = 0; j < s->owners->len; j++) {
			if (i == j)
				continue;
			const tg_owner_stats *b = s->owners->pdata[j];
			for (guint k = 0; k < a->contacts->len; k++) {
				const tg_contact *c = &g_array_index(a->contacts, tg_contact, k);
				if (c->node != b->om->node)
					continue;
				char x[96], y[96], st[24], o[24], in[24];
				g_snprintf(st, sizeof st, "%" G_GUINT64_FORMAT, c->strength);
				g_snprintf(o, sizeof o, "%" G_GUINT64_FORMAT, c->talk_out);
				g_snprintf(in, sizeof in, "%" G_GUINT64_FORMAT, c->talk_in);
				const char *cells[] = {owner_label(w, a->om, x, sizeof x), owner_label(w, b->om, y, sizeof y), st,
				                       o, in, tg_class_name(c->cls)};
				table_row(w, cells, G_N_ELEMENTS(cells));
			}
		}
	}
	table_end(w);
	end_section(w);
}

static void limits(doc *w)
{
	heading(w, "limits", "What the archive cannot show");
	static const char *const items[] = {
		"Replies to you and mentions of you by others: an archive holds only your own tweets. A contact "
		"who answers you in public but never in a direct message looks one-way here.",
		"Direct messages are the only two-way record, so talk back is measured in DMs.",
		"Follower and following lists hold account ids only: no handle, no date. Followers you never "
		"interacted with stay unnamed, and follows cannot be placed in time.",
		"Likes carry no author, so they are not counted.",
		"Deleted tweets and messages, and conversations of deleted accounts, are gone from the archive.",
		"Contacts known only by a quoted link are shown by that name; if they renamed, the old name stays.",
	};
	if (w->html)
		raw(w, "<ul>\n");
	for (gsize i = 0; i < G_N_ELEMENTS(items); i++) {
		raw(w, w->html ? "<li>" : "- ");
		text(w, items[i]);
		raw(w, w->html ? "</li>\n" : "\n");
	}
	raw(w, w->html ? "</ul>\n" : "\n");
	const tg_owner_stats *os = first_owner(w);
	para(w, "Handles are known for %.0f%% of contacts, %.0f%% of followers and %.0f%% of the accounts you "
	     "follow; %" G_GUINT64_FORMAT " followers and %" G_GUINT64_FORMAT " followed accounts stay unnamed.",
	     isnan(os->resolution_contacts) ? 0 : 100 * os->resolution_contacts,
	     isnan(os->resolution_followers) ? 0 : 100 * os->resolution_followers,
	     isnan(os->resolution_following) ? 0 : 100 * os->resolution_following, os->unnamed_followers,
	     os->unnamed_following);
	end_section(w);
}

static void method(doc *w)
{
	const tg_stats *s = w->an->stats;
	heading(w, "method", "How this report was made");
	para(w, "talkgraph %s read the archive offline; the same archives and options always give the same "
	     "report, byte for byte. Every figure is in stats.json and every contact in contacts.csv.", TG_VERSION);
	static const char *const cols[] = {"archive", "generation", "bytes", "SHA-256"};
	table_begin(w, cols, G_N_ELEMENTS(cols), "llrl");
	guint n_inputs = 0;
	for (guint i = 0; i < s->owners->len; i++) {
		const tg_owner_model *om = ((tg_owner_stats *)s->owners->pdata[i])->om;
		for (guint j = 0; j < om->inputs->len; j++) {
			const tg_input *in = om->inputs->pdata[j];
			/* A file name can name its owner: neutral with --anonymize, as in
			 * stats.json (where the owners follow the model's order too). */
			char *base = w->anon ? g_strdup_printf("archive %u", ++n_inputs) : g_path_get_basename(in->path);
			char bytes[32];
			g_snprintf(bytes, sizeof bytes, "%" G_GUINT64_FORMAT, in->bytes);
			const char *cells[] = {base, tg_generation_name(in->generation), bytes,
			                       in->sha256 ? in->sha256 : "(folder)"};
			table_row(w, cells, G_N_ELEMENTS(cells));
			g_free(base);
		}
	}
	table_end(w);
	const tg_owner_stats *fo = first_owner(w);
	para(w, "%" G_GUINT64_FORMAT " records were read and %" G_GUINT64_FORMAT " skipped for being of the wrong "
	     "shape%s%s.", fo->records_read, fo->records_skipped,
	     fo->records_skipped ? " ('talkgraph inspect' lists each file's skips and why)" : "",
	     fo->manifest_mismatches ? "; some files disagree with the count the archive's manifest gives" : "");
	const tg_options *o = w->o;
	para(w, "Options: time zone %s%s%s%s%s%s.", o->tz ? o->tz : "from the archive",
	     o->since ? ", since " : "", o->since ? o->since : "", o->until ? ", until " : "",
	     o->until ? o->until : "", w->anon ? (w->anon_owner ? ", anonymised (all)" : ", anonymised") : "");
	guint n;
	const tg_report_file *files = tg_report_files(&n);
	static const char *const fcols[] = {"file", "what it holds"};
	table_begin(w, fcols, G_N_ELEMENTS(fcols), "ll");
	for (guint i = 0; i < n; i++) {
		const char *cells[] = {files[i].name, files[i].help};
		table_row(w, cells, G_N_ELEMENTS(cells));
	}
	table_end(w);
	end_section(w);
}

static const char css[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:60rem;"
	"margin:0 auto;padding:1rem 1.5rem;color:#1b1b1b;line-height:1.5}"
	"h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}"
	".lead{color:#555;margin-top:0}nav a{margin-right:.8rem}"
	"table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}"
	"th,td{padding:.25rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left}"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	"figure{margin:1.2rem 0}figure svg{max-width:100%;height:auto}"
	"figcaption{color:#555;font-size:.9rem}.note{color:#555;font-size:.9rem}"
	"blockquote{border-left:3px solid #ccc;margin:.5rem 0;padding-left:.8rem;color:#333}";

static void document(doc *w)
{
	const tg_owner_stats *os = first_owner(w);
	const tg_owner_model *om = os->om;
	char who[128], a[32], b[32];
	owner_label(w, om, who, sizeof who);
	if (w->html) {
		raw(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
		textf(w, "Who %s talks with: a talkgraph report", who);
		raw(w, "</title>\n<style>");
		raw(w, css);
		raw(w, "</style>\n</head>\n<body>\n<header>\n<h1>");
		textf(w, "Who %s talks with", who);
		raw(w, "</h1>\n<p class=\"lead\">");
	} else {
		raw(w, "# ");
		textf(w, "Who %s talks with", who);
		raw(w, "\n\n");
	}
	textf(w, "From the archive of %s%s%s%s, %s to %s. Months, weekdays and hours are in %s; dates are UTC.", who,
	      !w->anon_owner && om->display_name ? " (" : "", !w->anon_owner && om->display_name ? om->display_name : "",
	      !w->anon_owner && om->display_name ? ")" : "", tg_text_day(om->first_ms, a), tg_text_day(om->last_ms, b),
	      tg_tz_name(om->tz));
	if (w->html) {
		raw(w, "</p>\n<nav>");
		static const char *const nav[][2] = {
			{"funnel", "Funnel"}, {"talk", "Who you talk with"}, {"one-way", "One-way"},
			{"dormant", "Dormant"}, {"automated", "Automated"}, {"chats", "Chats"}, {"circles", "Circles"},
			{"activity", "Activity"}, {"limits", "Limits"}, {"method", "Method"}};
		for (gsize i = 0; i < G_N_ELEMENTS(nav); i++)
			g_string_append_printf(w->out, "<a href=\"#%s\">%s</a>", nav[i][0], nav[i][1]);
		raw(w, "</nav>\n</header>\n<main>\n");
	} else {
		raw(w, "\n\n");
	}
	funnel(w);
	talk(w);
	one_way_section(w);
	dormant_section(w);
	automated(w);
	chats(w);
	circles(w);
	owners_section(w);
	activity(w);
	limits(w);
	method(w);
	if (w->html)
		raw(w, "</main>\n</body>\n</html>\n");
}

static gboolean write_doc(tg_outdir *d, const tg_analysis *an, const tg_options *o, gboolean rendered,
                          gboolean html, GError **error)
{
	gint level = MAX(o->anonymize, an->stats->anonymize);
	doc w = {g_string_new(NULL), html, an, o, d, rendered, level > 0, level > 1, NULL};
	document(&w);
	gboolean ok = tg_outdir_write(d, html ? "report.html" : "report.md", w.out->str, w.out->len, error);
	g_string_free(w.out, TRUE);
	return ok;
}

gboolean tg_report_write_html(tg_outdir *d, const tg_analysis *an, const tg_options *o, gboolean rendered,
                              GError **error)
{
	return write_doc(d, an, o, rendered, TRUE, error);
}

gboolean tg_report_write_md(tg_outdir *d, const tg_analysis *an, const tg_options *o, gboolean rendered,
                            GError **error)
{
	return write_doc(d, an, o, rendered, FALSE, error);
}
