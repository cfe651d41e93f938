/* SPDX-License-Identifier: MIT */
/* talkgraph inspect: reads one archive and tells what it holds -- files,
 * record counts against the manifest, skips with reasons, tweets by kind,
 * DMs and follows -- without building the relationship model. */
#include <errno.h>
#include <string.h>

#include "archive.h"
#include "classify.h"
#include "jsonw.h"
#include "idset.h"
#include "seen.h"
#include "load.h"
#include "outputs.h"
#include "progress.h"
#include "talkgraph.h"

typedef struct inspect {
	tg_classifier *cls;
	tg_owner owner;
	GPtrArray *owner_names; /* char*, lower-cased */
	guint64 kinds[TG_N_KINDS];
	gint64 first_ms, last_ms;
	guint64 dm_messages, group_messages, welcomes;
	GHashTable *conversations, *group_conversations; /* conversation ids */
	tg_idset *followers, *following;                 /* account ids */
	tg_seen *dm_ids;                                 /* message ids seen */
} inspect;

static void see_time(inspect *s, gint64 ms)
{
	if (!ms)
		return;
	if (!s->first_ms || ms < s->first_ms)
		s->first_ms = ms;
	if (ms > s->last_ms)
		s->last_ms = ms;
}

static gboolean on_begin(void *user, const tg_load_report *r, GError **error)
{
	inspect *s = user;
	(void)error;
	s->owner.id = r->owner.id;
	if (r->owner.username)
		g_ptr_array_add(s->owner_names, g_ascii_strdown(r->owner.username, -1));
	for (guint i = 0; r->owner.former_names && i < r->owner.former_names->len; i++)
		g_ptr_array_add(s->owner_names, g_ascii_strdown(r->owner.former_names->pdata[i], -1));
	s->owner.names = (const char *const *)s->owner_names->pdata;
	s->owner.n_names = s->owner_names->len;
	return TRUE;
}

static gboolean on_tweet(void *user, const tg_tweet *t, GError **error)
{
	inspect *s = user;
	tg_classified c;
	(void)error;
	tg_classify(s->cls, t, &s->owner, &c);
	s->kinds[c.kind]++;
	see_time(s, t->created_ms);
	return TRUE;
}

static gboolean on_dm(void *user, const tg_dm_chunk *c, gboolean group, GError **error)
{
	inspect *s = user;
	(void)group;
	gboolean one = tg_dm_one_to_one(c->conversation_id, s->owner.id, NULL);
	g_hash_table_add(one ? s->conversations : s->group_conversations, g_strdup(c->conversation_id));
	for (guint i = 0; i < c->n_events; i++) {
		const tg_dm_event *e = &c->events[i];
		if (e->type != TG_DM_MESSAGE && e->type != TG_DM_WELCOME)
			continue;
		gboolean added;
		if (!tg_seen_add(s->dm_ids, e->id, &added, error))
			return FALSE;
		if (!added)
			continue;
		see_time(s, e->created_ms);
		if (e->type == TG_DM_WELCOME)
			s->welcomes++;
		else if (one)
			s->dm_messages++;
		else
			s->group_messages++;
	}
	return TRUE;
}

static gboolean on_follow(void *user, guint64 id, gboolean follower, GError **error)
{
	inspect *s = user;
	(void)error;
	tg_idset_add(follower ? s->followers : s->following, id);
	return TRUE;
}

static guint64 total_read(const tg_load_report *r, guint64 *skipped)
{
	guint64 n = 0;
	*skipped = 0;
	for (guint i = 0; i < r->files->len; i++) {
		const tg_file_report *f = r->files->pdata[i];
		n += f->read;
		*skipped += f->skipped;
	}
	return n;
}

typedef struct reason_ctx {
	tg_jsonw *w;
	GString *text;
} reason_ctx;

static gboolean reason_json(gpointer key, gpointer value, gpointer user)
{
	tg_jsonw_uint(user, key, GPOINTER_TO_UINT(value));
	return FALSE;
}

static gboolean reason_text(gpointer key, gpointer value, gpointer user)
{
	g_string_append_printf(user, "    skipped %u: %s\n", GPOINTER_TO_UINT(value), (const char *)key);
	return FALSE;
}

static void write_json(GString *out, const tg_load_report *r, const inspect *s)
{
	tg_jsonw w;
	guint64 skipped, read = total_read(r, &skipped);
	tg_jsonw_init(&w, out, TRUE);
	tg_jsonw_begin_object(&w, NULL);
	tg_jsonw_string(&w, "archive", r->path);
	tg_jsonw_string(&w, "generation", tg_generation_name(r->generation));
	tg_jsonw_date(&w, "generated", r->generated_ms);
	tg_jsonw_begin_object(&w, "owner");
	tg_jsonw_id(&w, "id", r->owner.id);
	tg_jsonw_string(&w, "username", r->owner.username);
	tg_jsonw_string(&w, "display_name", r->owner.display_name);
	tg_jsonw_date(&w, "created_at", r->owner.created_ms);
	tg_jsonw_begin_array(&w, "former_names");
	for (guint i = 0; i < r->owner.former_names->len; i++)
		tg_jsonw_string(&w, NULL, r->owner.former_names->pdata[i]);
	tg_jsonw_end_array(&w);
	tg_jsonw_string(&w, "timezone", r->owner.timezone);
	tg_jsonw_end_object(&w);
	tg_jsonw_begin_object(&w, "period");
	tg_jsonw_date(&w, "first", s->first_ms);
	tg_jsonw_date(&w, "last", s->last_ms);
	tg_jsonw_end_object(&w);
	tg_jsonw_begin_array(&w, "files");
	for (guint i = 0; i < r->files->len; i++) {
		const tg_file_report *f = r->files->pdata[i];
		tg_jsonw_begin_object(&w, NULL);
		tg_jsonw_string(&w, "name", f->name);
		tg_jsonw_string(&w, "type", f->type);
		tg_jsonw_uint(&w, "bytes", f->bytes);
		tg_jsonw_uint(&w, "read", f->read);
		if (f->manifest_count >= 0)
			tg_jsonw_int(&w, "manifest_count", f->manifest_count);
		else
			tg_jsonw_null(&w, "manifest_count");
		tg_jsonw_bool(&w, "manifest_mismatch",
		              f->manifest_count >= 0 && (guint64)f->manifest_count != f->read);
		tg_jsonw_uint(&w, "skipped", f->skipped);
		tg_jsonw_begin_object(&w, "skip_reasons");
		g_tree_foreach(f->reasons, reason_json, &w);
		tg_jsonw_end_object(&w);
		tg_jsonw_end_object(&w);
	}
	tg_jsonw_end_array(&w);
	tg_jsonw_begin_object(&w, "records");
	tg_jsonw_uint(&w, "read", read);
	tg_jsonw_uint(&w, "skipped", skipped);
	tg_jsonw_uint(&w, "manifest_mismatches", r->manifest_mismatches);
	tg_jsonw_uint(&w, "missing_files", r->missing_files);
	tg_jsonw_end_object(&w);
	tg_jsonw_begin_array(&w, "warnings");
	for (guint i = 0; i < r->warnings->len; i++)
		tg_jsonw_string(&w, NULL, r->warnings->pdata[i]);
	tg_jsonw_end_array(&w);
	tg_jsonw_begin_object(&w, "tweets");
	tg_jsonw_uint(&w, "total", r->tweets);
	for (int k = 0; k < TG_N_KINDS; k++)
		tg_jsonw_uint(&w, tg_kind_name((tg_kind)k), s->kinds[k]);
	tg_jsonw_uint(&w, "elements", r->tweet_elements);
	tg_jsonw_uint(&w, "duplicates", r->duplicate_tweets);
	tg_jsonw_uint(&w, "edited_versions_merged", r->edited_versions_merged);
	tg_jsonw_end_object(&w);
	tg_jsonw_begin_object(&w, "dms");
	tg_jsonw_uint(&w, "messages", s->dm_messages);
	tg_jsonw_uint(&w, "conversations", g_hash_table_size(s->conversations));
	tg_jsonw_uint(&w, "group_messages", s->group_messages);
	tg_jsonw_uint(&w, "group_conversations", g_hash_table_size(s->group_conversations));
	tg_jsonw_uint(&w, "welcome_messages", s->welcomes);
	tg_jsonw_end_object(&w);
	tg_jsonw_uint(&w, "followers", tg_idset_size(s->followers));
	tg_jsonw_uint(&w, "following", tg_idset_size(s->following));
	tg_jsonw_end_object(&w);
	g_string_append_c(out, '\n');
}

static void write_text(GString *out, const tg_load_report *r, const inspect *s)
{
	char d1[32], d2[32];
	guint64 skipped, read = total_read(r, &skipped);
	g_string_append_printf(out, "archive     %s\n", r->path);
	g_string_append_printf(out, "generation  %s\n", tg_generation_name(r->generation));
	g_string_append_printf(out, "generated   %s\n",
	                       r->generated_ms ? tg_format_date(r->generated_ms, d1) : "unknown");
	g_string_append_printf(out, "owner       @%s", r->owner.username ? r->owner.username : "?");
	if (r->owner.display_name)
		g_string_append_printf(out, " (%s)", r->owner.display_name);
	g_string_append_printf(out, ", id %" G_GUINT64_FORMAT "\n", r->owner.id);
	if (r->owner.former_names->len) {
		g_string_append(out, "formerly    ");
		for (guint i = 0; i < r->owner.former_names->len; i++)
			g_string_append_printf(out, "%s@%s", i ? ", " : "",
			                       (const char *)r->owner.former_names->pdata[i]);
		g_string_append_c(out, '\n');
	}
	g_string_append_printf(out, "time zone   %s\n", r->owner.timezone ? r->owner.timezone : "none");
	if (s->first_ms)
		g_string_append_printf(out, "period      %s .. %s\n", tg_format_date(s->first_ms, d1),
		                       tg_format_date(s->last_ms, d2));
	else
		g_string_append(out, "period      none\n");

	gsize width = 4;
	for (guint i = 0; i < r->files->len; i++)
		width = MAX(width, strlen(((tg_file_report *)r->files->pdata[i])->name));
	g_string_append_printf(out, "\n%-*s  %-21s %10s %10s %8s\n", (int)width, "file", "type", "read",
	                       "manifest", "skipped");
	for (guint i = 0; i < r->files->len; i++) {
		const tg_file_report *f = r->files->pdata[i];
		char m[32] = "-";
		if (f->manifest_count >= 0)
			g_snprintf(m, sizeof m, "%" G_GINT64_FORMAT, f->manifest_count);
		gboolean bad = f->manifest_count >= 0 && (guint64)f->manifest_count != f->read;
		g_string_append_printf(out, "%-*s  %-21s %10" G_GUINT64_FORMAT " %10s %8" G_GUINT64_FORMAT "%s\n",
		                       (int)width, f->name, f->type, f->read, m, f->skipped,
		                       bad ? "  MISMATCH" : "");
		g_tree_foreach(f->reasons, reason_text, out);
	}
	g_string_append_printf(out, "%-*s  %-21s %10" G_GUINT64_FORMAT " %10s %8" G_GUINT64_FORMAT "\n\n",
	                       (int)width, "total", "", read, "", skipped);
	if (r->manifest_mismatches)
		g_string_append_printf(out, "warning: %" G_GUINT64_FORMAT
		                       " file(s) disagree with the manifest's count\n\n",
		                       r->manifest_mismatches);

	for (guint i = 0; i < r->warnings->len; i++)
		g_string_append_printf(out, "warning: %s\n", (const char *)r->warnings->pdata[i]);
	if (r->warnings->len)
		g_string_append_c(out, '\n');
	g_string_append_printf(out, "tweets      %" G_GUINT64_FORMAT " (", r->tweets);
	for (int k = 0; k < TG_N_KINDS; k++)
		g_string_append_printf(out, "%s%s %" G_GUINT64_FORMAT, k ? ", " : "",
		                       tg_kind_name((tg_kind)k), s->kinds[k]);
	g_string_append(out, ")\n");
	g_string_append_printf(out, "            %" G_GUINT64_FORMAT " elements, %" G_GUINT64_FORMAT
	                       " edited versions merged, %" G_GUINT64_FORMAT " duplicates dropped\n",
	                       r->tweet_elements, r->edited_versions_merged, r->duplicate_tweets);
	g_string_append_printf(out, "dms         %" G_GUINT64_FORMAT " in %u 1:1 conversations, %"
	                       G_GUINT64_FORMAT " in %u group conversations, %" G_GUINT64_FORMAT
	                       " welcome messages\n",
	                       s->dm_messages, g_hash_table_size(s->conversations), s->group_messages,
	                       g_hash_table_size(s->group_conversations), s->welcomes);
	g_string_append_printf(out, "followers   %" G_GUINT64_FORMAT "\n", tg_idset_size(s->followers));
	g_string_append_printf(out, "following   %" G_GUINT64_FORMAT "\n", tg_idset_size(s->following));
}

gboolean tg_cmd_inspect(const char *path, const tg_options *o, FILE *out, GError **error)
{
	gboolean ok = FALSE;
	tg_load_report report = {0};
	tg_load_options lo;
	tg_progress *progress = NULL;
	inspect s = {0};
	GString *text = NULL;

	tg_archive *a = tg_archive_open(path, &o->limits, error);
	if (!a)
		return FALSE;
	tg_load_options_init(&lo);
	lo.limits = o->limits;
	lo.strict = o->strict;
	/* Warnings are part of what inspect reports: not repeated on stderr. */
	if (o->progress && !o->quiet) {
		progress = tg_progress_new(stderr);
		lo.progress = tg_progress_update;
		lo.progress_user = progress;
	}
	s.cls = tg_classifier_new();
	s.owner_names = g_ptr_array_new_with_free_func(g_free);
	s.conversations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	s.group_conversations = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	s.followers = tg_idset_new();
	s.following = tg_idset_new();
	/* A tape that cannot go to disk is said on stderr: it is no caveat
	 * of the archive. */
	s.dm_ids = tg_seen_new(o->warn, o->warn_user);
	tg_sink sink = {.user = &s, .begin = on_begin, .tweet = on_tweet, .dm = on_dm, .follow = on_follow};

	if (!tg_load(a, &lo, &sink, &report, error))
		goto out;
	tg_progress_free(progress);
	progress = NULL;
	text = g_string_new(NULL);
	if (o->json)
		write_json(text, &report, &s);
	else
		write_text(text, &report, &s);
	ok = tg_out_write(out, "standard output", text->str, text->len, error);
out:
	tg_progress_free(progress);
	if (text)
		g_string_free(text, TRUE);
	tg_load_report_clear(&report);
	tg_classifier_free(s.cls);
	g_ptr_array_unref(s.owner_names);
	g_hash_table_destroy(s.conversations);
	g_hash_table_destroy(s.group_conversations);
	tg_idset_free(s.followers);
	tg_idset_free(s.following);
	tg_seen_free(s.dm_ids);
	tg_archive_free(a);
	return ok;
}
