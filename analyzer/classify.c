/* SPDX-License-Identifier: MIT */
/* SPEC.md's tweet kinds and interactions, read off one tweet: the leading
 * "@a @b" run of a reply is context, not conversation; a mention after it is
 * deliberate; quotes are status links to someone else's tweet. */
#include "classify.h"

#include <string.h>

struct tg_classifier {
	GArray *targets;  /* tg_target */
	GArray *pairings; /* tg_pairing */
	GStringChunk *names;
};

typedef struct run_name {
	const char *name; /* NUL-terminated copy in c->names */
	gsize len;
} run_name;

static const char *const kind_names[TG_N_KINDS] = {"original", "reply", "thread", "retweet", "quote"};
static const char *const itype_names[TG_N_ITYPES] = {"replies", "mentions", "context", "retweets",
                                                     "quotes"};

const char *tg_kind_name(tg_kind k)
{
	return (unsigned)k < TG_N_KINDS ? kind_names[k] : "?";
}

const char *tg_itype_name(tg_itype t)
{
	return (unsigned)t < TG_N_ITYPES ? itype_names[t] : "?";
}

tg_classifier *tg_classifier_new(void)
{
	tg_classifier *c = g_new0(tg_classifier, 1);
	c->targets = g_array_new(FALSE, FALSE, sizeof(tg_target));
	c->pairings = g_array_new(FALSE, FALSE, sizeof(tg_pairing));
	c->names = g_string_chunk_new(256);
	return c;
}

void tg_classifier_free(tg_classifier *c)
{
	if (!c)
		return;
	g_array_free(c->targets, TRUE);
	g_array_free(c->pairings, TRUE);
	g_string_chunk_free(c->names);
	g_free(c);
}

static gboolean name_char(char ch)
{
	return g_ascii_isalnum(ch) || ch == '_';
}

static gboolean is_owner_name(const tg_owner *o, const char *name, gsize len)
{
	for (guint i = 0; i < o->n_names; i++)
		if (strlen(o->names[i]) == len && g_ascii_strncasecmp(o->names[i], name, len) == 0)
			return TRUE;
	return FALSE;
}

static gboolean is_owner(const tg_owner *o, guint64 id, const char *name)
{
	if (id)
		return id == o->id;
	return name && *name && is_owner_name(o, name, strlen(name));
}

/* Adds (type, contact) once per tweet; the owner never. */
static void add_target(tg_classifier *c, const tg_owner *o, tg_itype type, guint64 id, const char *name)
{
	if (!id && (!name || !*name))
		return;
	if (is_owner(o, id, name))
		return;
	for (guint i = 0; i < c->targets->len; i++) {
		const tg_target *t = &g_array_index(c->targets, tg_target, i);
		if (t->type != type)
			continue;
		if (id ? t->id == id : (!t->id && t->screen_name && g_ascii_strcasecmp(t->screen_name, name) == 0))
			return;
	}
	tg_target t = {.type = type, .id = id, .screen_name = (name && *name) ? name : NULL};
	g_array_append_val(c->targets, t);
}

static void add_pairing(tg_classifier *c, guint64 id, const char *screen_name, const char *name)
{
	if (!id || !screen_name || !*screen_name)
		return;
	tg_pairing p = {.id = id, .screen_name = screen_name, .name = name};
	g_array_append_val(c->pairings, p);
}

gboolean tg_status_url(const char *url, const char **name, gsize *name_len)
{
	const char *p = url;
	if (!p)
		return FALSE;
	if (g_ascii_strncasecmp(p, "https://", 8) == 0)
		p += 8;
	else if (g_ascii_strncasecmp(p, "http://", 7) == 0)
		p += 7;
	else
		return FALSE;
	if (g_ascii_strncasecmp(p, "www.", 4) == 0)
		p += 4;
	else if (g_ascii_strncasecmp(p, "mobile.", 7) == 0)
		p += 7;
	if (g_ascii_strncasecmp(p, "twitter.com/", 12) == 0)
		p += 12;
	else if (g_ascii_strncasecmp(p, "x.com/", 6) == 0)
		p += 6;
	else
		return FALSE;
	const char *n = p;
	while (name_char(*p))
		p++;
	if (p == n || *p != '/')
		return FALSE;
	gsize nl = (gsize)(p - n);
	p++;
	if (strncmp(p, "statuses/", 9) == 0)
		p += 9;
	else if (strncmp(p, "status/", 7) == 0)
		p += 7;
	else
		return FALSE;
	const char *d = p;
	while (g_ascii_isdigit(*p))
		p++;
	if (p == d || (*p && *p != '/' && *p != '?' && *p != '#'))
		return FALSE;
	*name = n;
	*name_len = nl;
	return TRUE;
}

/* The leading run "@a @b @c" of TEXT: names into RUN, returns the run's end
 * (a byte offset; the run is ASCII, so it is also a code-point offset). */
static gsize leading_run(tg_classifier *c, const char *text, GArray *run)
{
	const char *p = text, *end = text;
	while (*p == '@') {
		const char *n = p + 1, *q = n;
		while (name_char(*q))
			q++;
		if (q == n)
			break;
		run_name r = {g_string_chunk_insert_len(c->names, n, q - n), (gsize)(q - n)};
		g_array_append_val(run, r);
		end = q;
		p = q;
		if (*p != ' ')
			break;
		while (*p == ' ')
			p++;
	}
	return (gsize)(end - text);
}

static gboolean starts_with_rt(const char *text)
{
	return strncmp(text, "RT @", 4) == 0;
}

void tg_classify(tg_classifier *c, const tg_tweet *t, const tg_owner *o, tg_classified *out)
{
	g_array_set_size(c->targets, 0);
	g_array_set_size(c->pairings, 0);
	g_string_chunk_clear(c->names);
	memset(out, 0, sizeof *out);

	for (guint i = 0; i < t->n_mentions; i++)
		add_pairing(c, t->mentions[i].id, t->mentions[i].screen_name, t->mentions[i].name);
	if (t->reply_user_id && t->reply_screen_name)
		add_pairing(c, t->reply_user_id, t->reply_screen_name, NULL);
	if (t->rt_user.id)
		add_pairing(c, t->rt_user.id, t->rt_user.screen_name, t->rt_user.name);

	const char *text = t->text ? t->text : "";
	if (starts_with_rt(text)) {
		out->kind = TG_KIND_RETWEET;
		if (t->rt_user.id || t->rt_user.screen_name[0]) {
			add_target(c, o, TG_I_RETWEET, t->rt_user.id, t->rt_user.screen_name);
		} else if (t->n_mentions) {
			/* The first mention entity in text order. */
			const tg_mention *first = &t->mentions[0];
			for (guint i = 1; i < t->n_mentions; i++)
				if (t->mentions[i].start >= 0 &&
				    (first->start < 0 || t->mentions[i].start < first->start))
					first = &t->mentions[i];
			add_target(c, o, TG_I_RETWEET, first->id, first->screen_name);
		} else {
			const char *n = text + 4, *q = n;
			while (name_char(*q))
				q++;
			if (q > n)
				add_target(c, o, TG_I_RETWEET, 0, g_string_chunk_insert_len(c->names, n, q - n));
		}
		goto done;
	}

	gboolean reply = t->reply_status_id || t->reply_user_id;
	gboolean thread = reply && (t->reply_user_id ? t->reply_user_id == o->id
	                                             : is_owner(o, 0, t->reply_screen_name));
	if (thread)
		out->kind = TG_KIND_THREAD;
	else if (reply)
		out->kind = TG_KIND_REPLY;
	else {
		out->kind = TG_KIND_ORIGINAL;
		for (guint i = 0; i < t->n_urls; i++) {
			const char *n;
			gsize nl;
			if (!tg_status_url(t->urls[i].expanded, &n, &nl))
				continue;
			if ((nl == 1 && g_ascii_tolower(n[0]) == 'i') || is_owner_name(o, n, nl))
				continue;
			out->kind = TG_KIND_QUOTE;
			add_target(c, o, TG_I_QUOTE, 0, g_string_chunk_insert_len(c->names, n, nl));
			break;
		}
	}

	GArray *run = g_array_new(FALSE, FALSE, sizeof(run_name));
	gsize run_end = reply ? leading_run(c, text, run) : 0;

	for (guint i = 0; i < t->n_mentions; i++) {
		const tg_mention *m = &t->mentions[i];
		gboolean in_run;
		if (!reply)
			in_run = FALSE;
		else if (m->start >= 0)
			in_run = (gsize)m->start < run_end;
		else {
			/* No indices: a name of the run is taken to be in it. */
			in_run = FALSE;
			for (guint j = 0; j < run->len; j++)
				if (g_ascii_strcasecmp(g_array_index(run, run_name, j).name, m->screen_name) == 0)
					in_run = TRUE;
		}
		if (in_run || is_owner(o, m->id, m->screen_name))
			continue;
		out->deliberate_mention = TRUE;
		add_target(c, o, TG_I_MENTION, m->id, m->screen_name);
	}

	if (out->kind == TG_KIND_REPLY)
		add_target(c, o, TG_I_REPLY, t->reply_user_id, t->reply_screen_name);

	/* Context: names of the run other than the reply target, identified by
	 * the tweet's mention entities (by name, so that indices that do not
	 * point at the name still find it). A run name that no entity explains is
	 * an account the archive cannot resolve -- gone or suspended -- and no
	 * contact; when the target has no screen name (a deleted account), the
	 * first such name is taken to be the target. */
	gboolean target_unnamed = reply && t->reply_user_id && !t->reply_screen_name;
	for (guint j = 0; j < run->len; j++) {
		const run_name *r = &g_array_index(run, run_name, j);
		if (is_owner_name(o, r->name, r->len))
			continue;
		if (t->reply_screen_name && g_ascii_strcasecmp(t->reply_screen_name, r->name) == 0)
			continue;
		const tg_mention *m = NULL;
		for (guint i = 0; i < t->n_mentions && !m; i++)
			if (g_ascii_strcasecmp(t->mentions[i].screen_name, r->name) == 0)
				m = &t->mentions[i];
		if (m) {
			if (m->id && m->id == t->reply_user_id)
				continue;
			add_target(c, o, TG_I_CONTEXT, m->id, m->screen_name);
		} else if (target_unnamed) {
			target_unnamed = FALSE;
		}
	}
	g_array_free(run, TRUE);

done:
	out->targets = (const tg_target *)c->targets->data;
	out->n_targets = c->targets->len;
	out->pairings = (const tg_pairing *)c->pairings->data;
	out->n_pairings = c->pairings->len;
}
