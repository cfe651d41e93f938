/* SPDX-License-Identifier: MIT */
/* One array element (JSON text) -> one typed record. The only module that
 * knows the archives' field names; every generation's spelling of a field is
 * handled here so that nothing downstream has to care. */
#include "records.h"

#include <string.h>

#include "jsonr.h"

struct tg_parser {
	tg_jsonr *json;
	const tg_jnode *root;
	GArray *mentions; /* tg_mention */
	GArray *urls;     /* tg_url */
	GPtrArray *hashtags;
	GArray *edit_ids; /* guint64 */
	GArray *events;   /* tg_dm_event */
	GArray *users;    /* guint64, all events' user lists back to back */
	GArray *files;    /* tg_manifest_file */
	GString *scratch;
};

tg_parser *tg_parser_new(void)
{
	tg_parser *p = g_new0(tg_parser, 1);
	p->json = tg_jsonr_new();
	p->mentions = g_array_new(FALSE, FALSE, sizeof(tg_mention));
	p->urls = g_array_new(FALSE, FALSE, sizeof(tg_url));
	p->hashtags = g_ptr_array_new();
	p->edit_ids = g_array_new(FALSE, FALSE, sizeof(guint64));
	p->events = g_array_new(FALSE, FALSE, sizeof(tg_dm_event));
	p->users = g_array_new(FALSE, FALSE, sizeof(guint64));
	p->files = g_array_new(FALSE, FALSE, sizeof(tg_manifest_file));
	p->scratch = g_string_new(NULL);
	return p;
}

void tg_parser_free(tg_parser *p)
{
	if (!p)
		return;
	tg_jsonr_free(p->json);
	g_array_free(p->mentions, TRUE);
	g_array_free(p->urls, TRUE);
	g_ptr_array_free(p->hashtags, TRUE);
	g_array_free(p->edit_ids, TRUE);
	g_array_free(p->events, TRUE);
	g_array_free(p->users, TRUE);
	g_array_free(p->files, TRUE);
	g_string_free(p->scratch, TRUE);
	g_free(p);
}

/* Parses ELEM into p->root, replacing the previous tree. Invalid JSON means
 * the file itself is broken: that is an input error, not a skipped record. */
static gboolean parse(tg_parser *p, const char *elem, gsize len, GError **error)
{
	gsize off;
	p->root = tg_jsonr_parse(p->json, elem, len, &off);
	if (!p->root) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "invalid JSON at byte %" G_GSIZE_FORMAT
		            " of the element", off);
		return FALSE;
	}
	return TRUE;
}

/* An array that held more than TRIM_BYTES is made anew: a GArray never
 * gives memory back, and a load keeps a parser per element in flight
 * (a few hundred with two threads). */
#define TRIM_BYTES 2048u

static void trim_array(GArray **a)
{
	guint size = g_array_get_element_size(*a);
	if ((gsize)(*a)->len * size > TRIM_BYTES) {
		g_array_free(*a, TRUE);
		*a = g_array_new(FALSE, FALSE, size);
	}
}

void tg_parser_trim(tg_parser *p)
{
	tg_jsonr_trim(p->json);
	p->root = NULL;
	/* The arrays hold the last record: one that was large made them large. */
	trim_array(&p->mentions);
	trim_array(&p->urls);
	trim_array(&p->edit_ids);
	trim_array(&p->events);
	trim_array(&p->users);
	trim_array(&p->files);
	if (p->hashtags->len > TRIM_BYTES / sizeof(gpointer)) {
		g_ptr_array_free(p->hashtags, TRUE);
		p->hashtags = g_ptr_array_new();
	}
	if (p->scratch->allocated_len > TRIM_BYTES) {
		g_string_free(p->scratch, TRUE);
		p->scratch = g_string_new(NULL);
	}
}

static gboolean skip(GError **error, const char *reason)
{
	g_set_error_literal(error, TG_ERROR, TG_ERROR_RECORD, reason);
	return FALSE;
}

/* The tree's types, as cJSON's predicates: NULL is none of them. */
static gboolean is_object(const tg_jnode *v)
{
	return v && v->type == TG_JOBJECT;
}

static gboolean is_array(const tg_jnode *v)
{
	return v && v->type == TG_JARRAY;
}

static gboolean is_string(const tg_jnode *v)
{
	return v && v->type == TG_JSTRING;
}

static gboolean is_number(const tg_jnode *v)
{
	return v && v->type == TG_JNUMBER;
}

static const tg_jnode *item(const tg_jnode *obj, const char *key)
{
	return tg_jsonr_get(obj, key);
}

static const char *str(const tg_jnode *obj, const char *key)
{
	const tg_jnode *v = item(obj, key);
	return is_string(v) ? v->str : NULL;
}

/* The elements of an array (or members of an object), as
 * cJSON_ArrayForEach walks them. */
#define each(e, parent) for (e = tg_jsonr_child(parent); e; e = tg_jsonr_next(e))

/* A number stored as a string ("145"), a JSON number, or a big integer that
 * the scanner quoted. Returns FALSE when absent or not a whole number. */
static gboolean num_value(const tg_jnode *v, gint64 *out)
{
	if (is_number(v)) {
		double d = v->num;
		if (d != d || d < -9.0e18 || d > 9.0e18 || (double)(gint64)d != d)
			return FALSE;
		*out = (gint64)d;
		return TRUE;
	}
	if (is_string(v)) {
		const char *s = v->str;
		char *end;
		if (!*s)
			return FALSE;
		gint64 n = g_ascii_strtoll(s, &end, 10);
		if (*end)
			return FALSE;
		*out = n;
		return TRUE;
	}
	return FALSE;
}

/* An id: a decimal string or a JSON number; "" and null count as absent.
 * Returns 1 and sets *id when present and valid, 0 when absent, -1 when
 * present but not an id. */
static int id_value(const tg_jnode *v, guint64 *id)
{
	if (!v || v->type == TG_JNULL)
		return 0;
	if (is_string(v)) {
		if (!v->str[0])
			return 0;
		return tg_parse_id(v->str, id) ? 1 : -1;
	}
	if (is_number(v)) {
		double d = v->num;
		/* Larger ids arrive quoted by the scanner; a number here is exact
		 * only below 2^53. */
		if (d < 0 || d > 9007199254740992.0 || (double)(guint64)d != d)
			return -1;
		*id = (guint64)d;
		return 1;
	}
	return -1;
}

/* KEY_STR ("id_str") wins over KEY ("id"): Grailbird carries both. */
static int id_field(const tg_jnode *obj, const char *key_str, const char *key, guint64 *id)
{
	int r = key_str ? id_value(item(obj, key_str), id) : 0;
	if (r != 0)
		return r;
	return key ? id_value(item(obj, key), id) : 0;
}

static int indices_start(const tg_jnode *ent, gint *start, gint *end)
{
	const tg_jnode *ind = item(ent, "indices");
	gint64 a, b;
	*start = *end = -1;
	if (!is_array(ind) || ind->size < 2)
		return 0;
	if (!num_value(tg_jsonr_at(ind, 0), &a) || !num_value(tg_jsonr_at(ind, 1), &b))
		return 0;
	if (a < 0 || b < a || b > G_MAXINT)
		return 0;
	*start = (gint)a;
	*end = (gint)b;
	return 1;
}

static gint cmp_url(gconstpointer a, gconstpointer b)
{
	const tg_url *x = a, *y = b;
	/* Urls without indices keep their place after the indexed ones. */
	gint xs = x->start < 0 ? G_MAXINT : x->start, ys = y->start < 0 ? G_MAXINT : y->start;
	return (xs > ys) - (xs < ys);
}

static void read_edit_ids(tg_parser *p, const tg_jnode *arr)
{
	const tg_jnode *e;
	each(e, arr)
	{
		guint64 id;
		if (id_value(e, &id) == 1)
			g_array_append_val(p->edit_ids, id);
	}
}

gboolean tg_records_tweet(tg_parser *p, const char *elem, gsize len, tg_tweet *out, GError **error)
{
	memset(out, 0, sizeof *out);
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *t = p->root;
	if (is_object(item(t, "tweet")))
		t = item(t, "tweet");
	if (!is_object(t))
		return skip(error, "tweet is not an object");

	if (id_field(t, "id_str", "id", &out->id) != 1)
		return skip(error, "tweet without a valid id");
	const char *date = str(t, "created_at");
	if (!date)
		return skip(error, "tweet without created_at");
	if (!tg_parse_date(date, &out->created_ms))
		return skip(error, "tweet with a malformed created_at");
	out->text = str(t, "full_text");
	if (!out->text)
		out->text = str(t, "text");
	if (!out->text)
		return skip(error, "tweet without text");

	if (id_field(t, "in_reply_to_status_id_str", "in_reply_to_status_id", &out->reply_status_id) < 0)
		return skip(error, "tweet with a malformed in_reply_to_status_id");
	if (id_field(t, "in_reply_to_user_id_str", "in_reply_to_user_id", &out->reply_user_id) < 0)
		return skip(error, "tweet with a malformed in_reply_to_user_id");
	out->reply_screen_name = str(t, "in_reply_to_screen_name");
	if (out->reply_screen_name && !out->reply_screen_name[0])
		out->reply_screen_name = NULL;

	g_array_set_size(p->mentions, 0);
	g_array_set_size(p->urls, 0);
	g_ptr_array_set_size(p->hashtags, 0);
	g_array_set_size(p->edit_ids, 0);

	const tg_jnode *ent = item(t, "entities");
	const tg_jnode *e;
	each(e, item(ent, "user_mentions"))
	{
		tg_mention m = {0};
		if (id_field(e, "id_str", "id", &m.id) < 0)
			m.id = 0;
		m.screen_name = str(e, "screen_name");
		if (!m.screen_name)
			m.screen_name = "";
		m.name = str(e, "name");
		indices_start(e, &m.start, &m.end);
		if (!m.id && !m.screen_name[0])
			continue;
		g_array_append_val(p->mentions, m);
	}
	each(e, item(ent, "hashtags"))
	{
		const char *h = str(e, "text");
		if (h && *h)
			g_ptr_array_add(p->hashtags, (gpointer)h);
	}
	each(e, item(ent, "urls"))
	{
		tg_url u = {0};
		gint end;
		u.expanded = str(e, "expanded_url");
		indices_start(e, &u.start, &end);
		g_array_append_val(p->urls, u);
	}
	g_array_sort(p->urls, cmp_url);

	const tg_jnode *edit = item(t, "edit_info");
	if (edit) {
		const tg_jnode *init = item(edit, "initial");
		const tg_jnode *ed = item(edit, "edit");
		if (init) {
			read_edit_ids(p, item(init, "editTweetIds"));
			if (p->edit_ids->len)
				out->edit_group = g_array_index(p->edit_ids, guint64, 0);
		} else if (ed) {
			if (id_value(item(ed, "initialTweetId"), &out->edit_group) < 0)
				out->edit_group = 0;
			read_edit_ids(p, item(item(ed, "editControlInitial"), "editTweetIds"));
			if (!out->edit_group && p->edit_ids->len)
				out->edit_group = g_array_index(p->edit_ids, guint64, 0);
		}
		if (!out->edit_group)
			g_array_set_size(p->edit_ids, 0);
	}

	const tg_jnode *rt = item(item(t, "retweeted_status"), "user");
	if (rt) {
		if (id_field(rt, "id_str", "id", &out->rt_user.id) != 1)
			out->rt_user.id = 0;
		out->rt_user.screen_name = str(rt, "screen_name");
		if (!out->rt_user.screen_name)
			out->rt_user.screen_name = "";
		out->rt_user.name = str(rt, "name");
		out->rt_user.start = out->rt_user.end = -1;
	} else {
		out->rt_user.screen_name = "";
		out->rt_user.start = out->rt_user.end = -1;
	}

	out->mentions = (const tg_mention *)p->mentions->data;
	out->n_mentions = p->mentions->len;
	out->hashtags = (const char *const *)p->hashtags->pdata;
	out->n_hashtags = p->hashtags->len;
	out->urls = (const tg_url *)p->urls->data;
	out->n_urls = p->urls->len;
	out->edit_ids = (const guint64 *)p->edit_ids->data;
	out->n_edit_ids = p->edit_ids->len;
	return TRUE;
}

static const struct {
	const char *key;
	tg_dm_event_type type;
} dm_types[] = {
	{"messageCreate", TG_DM_MESSAGE},
	{"welcomeMessageCreate", TG_DM_WELCOME},
	{"joinConversation", TG_DM_JOIN},
	{"participantsJoin", TG_DM_PARTICIPANTS_JOIN},
	{"participantsLeave", TG_DM_PARTICIPANTS_LEAVE},
	{"conversationNameUpdate", TG_DM_NAME_UPDATE},
	{"reactionCreate", TG_DM_REACTION},
};

/* Fills EV from one event object; returns NULL or the reason it is dropped.
 * User lists go to p->users; EV->users is fixed up once the array stops
 * moving. */
static const char *read_event(tg_parser *p, const tg_jnode *msg, tg_dm_event *ev, guint *users_at)
{
	const tg_jnode *body = tg_jsonr_child(msg);
	if (!is_object(msg) || !body || !body->key || !is_object(body))
		return "DM event is not an object";
	ev->type = TG_DM_OTHER;
	for (gsize i = 0; i < G_N_ELEMENTS(dm_types); i++)
		if (strcmp(body->key, dm_types[i].key) == 0)
			ev->type = dm_types[i].type;
	if (id_value(item(body, "id"), &ev->id) < 0)
		return "DM event with a malformed id";
	if (id_field(body, "senderId", "initiatingUserId", &ev->sender) < 0)
		return "DM event with a malformed sender id";
	if (id_value(item(body, "recipientId"), &ev->recipient) < 0)
		return "DM event with a malformed recipient id";
	const char *date = str(body, "createdAt");
	if (date && !tg_parse_date(date, &ev->created_ms))
		return "DM event with a malformed createdAt";
	ev->text = str(body, "text");
	if (ev->type == TG_DM_MESSAGE || ev->type == TG_DM_WELCOME) {
		if (!ev->id)
			return "DM message without an id";
		if (!ev->sender)
			return "DM message without a sender";
		if (!date)
			return "DM message without createdAt";
		if (!ev->text)
			ev->text = "";
	}
	const tg_jnode *list = item(body, "participantsSnapshot");
	if (!list)
		list = item(body, "userIds");
	*users_at = p->users->len;
	const tg_jnode *u;
	each(u, list)
	{
		guint64 id;
		if (id_value(u, &id) == 1)
			g_array_append_val(p->users, id);
	}
	ev->n_users = p->users->len - *users_at;
	return NULL;
}

gboolean tg_records_dm(tg_parser *p, const char *elem, gsize len, tg_dm_chunk *out, GError **error)
{
	memset(out, 0, sizeof *out);
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *c = item(p->root, "dmConversation");
	if (!is_object(c))
		return skip(error, "DM element without dmConversation");
	out->conversation_id = str(c, "conversationId");
	if (!out->conversation_id || !out->conversation_id[0])
		return skip(error, "DM conversation without conversationId");
	const tg_jnode *msgs = item(c, "messages");
	if (msgs && !is_array(msgs))
		return skip(error, "DM conversation whose messages are not an array");

	g_array_set_size(p->events, 0);
	g_array_set_size(p->users, 0);
	GArray *offsets = g_array_new(FALSE, FALSE, sizeof(guint));
	const tg_jnode *m;
	each(m, msgs)
	{
		tg_dm_event ev = {0};
		guint at = 0;
		const char *why = read_event(p, m, &ev, &at);
		if (why) {
			if (!out->n_dropped)
				out->drop_reason = why;
			out->n_dropped++;
			continue;
		}
		g_array_append_val(p->events, ev);
		g_array_append_val(offsets, at);
	}
	for (guint i = 0; i < p->events->len; i++) {
		tg_dm_event *ev = &g_array_index(p->events, tg_dm_event, i);
		ev->users = ev->n_users ? &g_array_index(p->users, guint64, g_array_index(offsets, guint, i))
		                        : NULL;
	}
	g_array_free(offsets, TRUE);
	out->events = (const tg_dm_event *)p->events->data;
	out->n_events = p->events->len;
	return TRUE;
}

gboolean tg_records_follow(tg_parser *p, const char *elem, gsize len, guint64 *id, GError **error)
{
	*id = 0;
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *f = item(p->root, "follower");
	if (!f)
		f = item(p->root, "following");
	if (!is_object(f))
		return skip(error, "element without follower or following");
	if (id_value(item(f, "accountId"), id) != 1)
		return skip(error, "follow without a valid accountId");
	return TRUE;
}

gboolean tg_records_account(tg_parser *p, const char *elem, gsize len, tg_account *out, GError **error)
{
	memset(out, 0, sizeof *out);
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *a = item(p->root, "account");
	const char *date;
	if (is_object(a)) {
		if (id_value(item(a, "accountId"), &out->id) != 1)
			return skip(error, "account without a valid accountId");
		out->username = str(a, "username");
		out->display_name = str(a, "accountDisplayName");
		date = str(a, "createdAt");
	} else if (item(p->root, "screen_name")) {
		/* Grailbird user_details.js */
		a = p->root;
		if (id_field(a, "id_str", "id", &out->id) != 1)
			return skip(error, "user_details without a valid id");
		out->username = str(a, "screen_name");
		out->display_name = str(a, "full_name");
		date = str(a, "created_at");
	} else {
		return skip(error, "element without account");
	}
	if (!out->username || !out->username[0])
		return skip(error, "account without username");
	if (date && !tg_parse_date(date, &out->created_ms))
		out->created_ms = 0;
	return TRUE;
}

gboolean tg_records_name_change(tg_parser *p, const char *elem, gsize len, tg_name_change *out,
                                GError **error)
{
	memset(out, 0, sizeof *out);
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *c = item(item(p->root, "screenNameChange"), "screenNameChange");
	if (!is_object(c))
		return skip(error, "element without screenNameChange");
	out->from = str(c, "changedFrom");
	out->to = str(c, "changedTo");
	if (!out->from || !out->from[0])
		return skip(error, "screen name change without changedFrom");
	const char *date = str(c, "changedAt");
	if (date && !tg_parse_date(date, &out->changed_ms))
		out->changed_ms = 0;
	return TRUE;
}

gboolean tg_records_timezone(tg_parser *p, const char *elem, gsize len, const char **zone,
                             GError **error)
{
	*zone = NULL;
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *z = item(p->root, "accountTimezone");
	if (!is_object(z))
		return skip(error, "element without accountTimezone");
	*zone = str(z, "timeZone");
	if (*zone && !**zone)
		*zone = NULL;
	return TRUE;
}

gboolean tg_records_manifest(tg_parser *p, const char *elem, gsize len, tg_manifest *out,
                             GError **error)
{
	memset(out, 0, sizeof *out);
	if (!parse(p, elem, len, error))
		return FALSE;
	const tg_jnode *root = p->root;
	const tg_jnode *types = item(root, "dataTypes");
	if (!is_object(types))
		return skip(error, "manifest without dataTypes");
	const tg_jnode *user = item(root, "userInfo");
	if (id_value(item(user, "accountId"), &out->owner_id) < 0)
		out->owner_id = 0;
	out->username = str(user, "userName");
	out->display_name = str(user, "displayName");
	const char *date = str(item(root, "archiveInfo"), "generationDate");
	if (date && !tg_parse_date(date, &out->generated_ms))
		out->generated_ms = 0;

	g_array_set_size(p->files, 0);
	const tg_jnode *t;
	each(t, types)
	{
		const tg_jnode *f;
		each(f, item(t, "files"))
		{
			tg_manifest_file mf = {.type = t->key, .file_name = str(f, "fileName"), .count = -1};
			gint64 n;
			if (!mf.file_name || !mf.file_name[0])
				continue;
			if (num_value(item(f, "count"), &n) && n >= 0)
				mf.count = n;
			g_array_append_val(p->files, mf);
		}
	}
	out->files = (const tg_manifest_file *)p->files->data;
	out->n_files = p->files->len;
	return TRUE;
}

gboolean tg_records_grailbird_payload(tg_parser *p, const char *elem, gsize len, gint64 *generated_ms,
                                      GError **error)
{
	*generated_ms = 0;
	if (!parse(p, elem, len, error))
		return FALSE;
	const char *date = str(p->root, "created_at");
	if (!date)
		return skip(error, "payload_details without created_at");
	if (!tg_parse_date(date, generated_ms))
		return skip(error, "payload_details with a malformed created_at");
	return TRUE;
}

gboolean tg_records_grailbird_index(tg_parser *p, const char *elem, gsize len, const char **file_name,
                                    gint64 *count, GError **error)
{
	*file_name = NULL;
	*count = -1;
	if (!parse(p, elem, len, error))
		return FALSE;
	*file_name = str(p->root, "file_name");
	if (!*file_name || !**file_name)
		return skip(error, "tweet_index entry without file_name");
	gint64 n;
	if (num_value(item(p->root, "tweet_count"), &n) && n >= 0)
		*count = n;
	return TRUE;
}

gboolean tg_dm_one_to_one(const char *conversation_id, guint64 owner, guint64 *other)
{
	const char *dash = strchr(conversation_id, '-');
	guint64 a, b;
	gboolean ok;

	if (!dash || strchr(dash + 1, '-'))
		return FALSE;
	char *left = g_strndup(conversation_id, (gsize)(dash - conversation_id));
	ok = tg_parse_id(left, &a) && tg_parse_id(dash + 1, &b) && (a == owner || b == owner);
	g_free(left);
	if (ok && other)
		*other = a == owner ? (b == owner ? 0 : b) : a;
	return ok;
}
