/* SPDX-License-Identifier: MIT */
/* One archive, front to back: which generation it is, which data files hold
 * what, the owner first, then tweets, DMs and follows streamed into a sink.
 * Tweets are deduplicated by id and edited versions merged here, so that every
 * consumer sees each logical tweet once. */
#include "load.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "interrupt.h"
#include "ytd.h"

/* The data types we read, in reading order. */
typedef enum ftype {
	F_ACCOUNT,
	F_NAME_CHANGE,
	F_TIMEZONE,
	F_TWEETS,
	F_DMS,
	F_GROUP_DMS,
	F_FOLLOWER,
	F_FOLLOWING,
	N_FTYPES
} ftype;

static const char *const ftype_names[N_FTYPES] = {
	"account", "screen-name-change", "account-timezone", "tweets",
	"direct-messages", "direct-messages-group", "follower", "following",
};

/* Manifest data-type keys of each type (all generations' spellings). */
static const char *const manifest_keys[N_FTYPES][3] = {
	{"account", NULL},
	{"screenNameChange", NULL},
	{"accountTimezone", NULL},
	{"tweets", "tweet", NULL},
	{"directMessages", "directMessage", NULL},
	{"directMessagesGroup", "directMessageGroup", NULL},
	{"follower", NULL},
	{"following", NULL},
};

/* File stems of each type in archives without a manifest; "-partN"
 * suffixes are accepted after each. */
static const char *const known_stems[N_FTYPES][4] = {
	{"account", NULL},
	{"screen-name-change", NULL},
	{"account-timezone", NULL},
	{"tweets", "tweet", NULL},
	{"direct-messages", "direct-message", NULL},
	{"direct-messages-group", "direct-message-group", NULL},
	{"follower", NULL},
	{"following", NULL},
};

typedef struct plan_file {
	guint entry;
	ftype type;
	gint64 manifest_count;
} plan_file;

typedef struct edit_best {
	gint pos;       /* index of the kept version's id in editTweetIds */
	guint64 id;
	GBytes *element;
} edit_best;

typedef struct loader {
	tg_archive *a;
	const tg_load_options *opts;
	const tg_sink *sink;
	tg_load_report *report;
	tg_parser *parser;
	GArray *plan;          /* plan_file */
	GHashTable *seen;      /* tweet ids (as pointers) */
	GHashTable *edits;     /* group id (pointer) -> edit_best* */
	guint64 edit_elements; /* version elements deferred */
	guint64 total_bytes, done_bytes;
	tg_file_report *file;  /* being read */
	const char *where;
	guint64 element_base_bytes;
	gboolean begun;
} loader;

G_STATIC_ASSERT(sizeof(gpointer) >= sizeof(guint64));

const char *tg_generation_name(tg_generation g)
{
	switch (g) {
	case TG_GEN_GRAILBIRD:
		return "grailbird";
	case TG_GEN_YTD_MANIFEST:
		return "ytd-manifest";
	case TG_GEN_YTD:
		return "ytd";
	}
	return "unknown";
}

void tg_load_options_init(tg_load_options *o)
{
	memset(o, 0, sizeof *o);
	tg_limits_init(&o->limits);
}

static void file_report_free(gpointer p)
{
	tg_file_report *f = p;
	g_free(f->name);
	g_free(f->type);
	if (f->reasons)
		g_tree_unref(f->reasons);
	g_free(f);
}

void tg_load_report_clear(tg_load_report *r)
{
	g_free(r->path);
	g_free(r->owner.username);
	g_free(r->owner.display_name);
	if (r->owner.former_names)
		g_ptr_array_unref(r->owner.former_names);
	g_free(r->owner.timezone);
	if (r->files)
		g_ptr_array_unref(r->files);
	if (r->warnings)
		g_ptr_array_unref(r->warnings);
	memset(r, 0, sizeof *r);
}

static void edit_best_free(gpointer p)
{
	edit_best *b = p;
	g_bytes_unref(b->element);
	g_free(b);
}

/* ---- planning: generation and data files ---- */

static gboolean has(const tg_archive *a, const char *name)
{
	guint i;
	return tg_archive_find(a, name, &i);
}

/* "data/tweets-part3.js" has stem "tweets" under DIR "data/". */
static gboolean matches_stem(const char *name, const char *dir, const char *stem)
{
	gsize dl = strlen(dir), sl = strlen(stem);
	if (strncmp(name, dir, dl) != 0)
		return FALSE;
	name += dl;
	if (strncmp(name, stem, sl) != 0)
		return FALSE;
	name += sl;
	if (strncmp(name, "-part", 5) == 0) {
		name += 5;
		if (!g_ascii_isdigit(*name))
			return FALSE;
		while (g_ascii_isdigit(*name))
			name++;
	}
	return strcmp(name, ".js") == 0;
}

static void plan_add(loader *L, guint entry, ftype type, gint64 count)
{
	for (guint i = 0; i < L->plan->len; i++)
		if (g_array_index(L->plan, plan_file, i).entry == entry)
			return;
	plan_file f = {entry, type, count};
	g_array_append_val(L->plan, f);
}

static gint cmp_plan(gconstpointer x, gconstpointer y, gpointer user)
{
	const plan_file *a = x, *b = y;
	const tg_archive *ar = user;
	if (a->type != b->type)
		return (a->type > b->type) - (a->type < b->type);
	return strcmp(tg_archive_entry_name(ar, a->entry), tg_archive_entry_name(ar, b->entry));
}

/* Reads a small single-object or array file with FN (manifest, Grailbird
 * index), outside the per-file report. */
static gboolean read_aux(loader *L, guint entry, tg_element_fn fn, void *user, GError **error)
{
	tg_stream *s = tg_archive_open_entry(L->a, entry, error);
	if (!s)
		return FALSE;
	gboolean ok = tg_ytd_scan(s, &L->opts->limits, fn, user, NULL, error);
	tg_stream_close(s);
	return ok;
}

static void G_GNUC_PRINTF(2, 3) warn(loader *L, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(L->report->warnings, msg);
	if (L->opts->warn)
		L->opts->warn(L->opts->warn_user, msg);
}

static gboolean manifest_element(void *user, const char *elem, gsize len, guint64 index,
                                 GError **error)
{
	loader *L = user;
	tg_manifest m;
	GError *err = NULL;
	(void)index;
	if (!tg_records_manifest(L->parser, elem, len, &m, &err)) {
		g_propagate_prefixed_error(error, err, "cannot read 'data/manifest.js' in '%s': ",
		                           tg_archive_path(L->a));
		return FALSE;
	}
	L->report->generated_ms = m.generated_ms;
	if (m.owner_id && !L->report->owner.id) {
		L->report->owner.id = m.owner_id;
		L->report->owner.username = g_strdup(m.username);
		L->report->owner.display_name = g_strdup(m.display_name);
	}
	for (guint i = 0; i < m.n_files; i++) {
		const tg_manifest_file *f = &m.files[i];
		for (int t = 0; t < N_FTYPES; t++) {
			for (int k = 0; manifest_keys[t][k]; k++) {
				if (strcmp(f->type, manifest_keys[t][k]) != 0)
					continue;
				guint entry;
				if (!tg_archive_find(L->a, f->file_name, &entry)) {
					warn(L, "'%s': the manifest lists '%s' but it is missing",
					     tg_archive_path(L->a), f->file_name);
					L->report->missing_files++;
					continue;
				}
				plan_add(L, entry, (ftype)t, f->count);
			}
		}
	}
	return TRUE;
}

typedef struct grail_ctx {
	loader *L;
	GHashTable *counts; /* file name -> count + 1 */
} grail_ctx;

static gboolean grail_index_element(void *user, const char *elem, gsize len, guint64 index,
                                    GError **error)
{
	grail_ctx *g = user;
	const char *name;
	gint64 count;
	(void)index;
	(void)error;
	/* A malformed index entry only loses its count check. */
	if (tg_records_grailbird_index(g->L->parser, elem, len, &name, &count, NULL))
		g_hash_table_insert(g->counts, g_strdup(name), GINT_TO_POINTER((gint)(count + 1)));
	return TRUE;
}

static gboolean grail_payload_element(void *user, const char *elem, gsize len, guint64 index,
                                      GError **error)
{
	loader *L = user;
	(void)index;
	(void)error;
	gint64 ms;
	if (tg_records_grailbird_payload(L->parser, elem, len, &ms, NULL))
		L->report->generated_ms = ms;
	return TRUE;
}

static gboolean is_grailbird_month(const char *name)
{
	const char *dir = "data/js/tweets/";
	gsize dl = strlen(dir);
	if (strncmp(name, dir, dl) != 0)
		return FALSE;
	name += dl;
	return strlen(name) == 10 && g_ascii_isdigit(name[0]) && g_ascii_isdigit(name[1]) &&
	       g_ascii_isdigit(name[2]) && g_ascii_isdigit(name[3]) && name[4] == '_' &&
	       g_ascii_isdigit(name[5]) && g_ascii_isdigit(name[6]) && strcmp(name + 7, ".js") == 0;
}

static gboolean plan_grailbird(loader *L, GError **error)
{
	tg_archive *a = L->a;
	guint entry;
	grail_ctx g = {L, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
	if (tg_archive_find(a, "data/js/tweet_index.js", &entry) &&
	    !read_aux(L, entry, grail_index_element, &g, error))
		goto fail;
	if (tg_archive_find(a, "data/js/payload_details.js", &entry) &&
	    !read_aux(L, entry, grail_payload_element, L, error))
		goto fail;
	if (tg_archive_find(a, "data/js/user_details.js", &entry))
		plan_add(L, entry, F_ACCOUNT, -1);
	for (guint i = 0; i < tg_archive_n_entries(a); i++) {
		const char *name = tg_archive_entry_name(a, i);
		if (!is_grailbird_month(name))
			continue;
		gpointer c = g_hash_table_lookup(g.counts, name);
		plan_add(L, i, F_TWEETS, c ? (gint64)GPOINTER_TO_INT(c) - 1 : -1);
	}
	g_hash_table_destroy(g.counts);
	return TRUE;
fail:
	g_hash_table_destroy(g.counts);
	return FALSE;
}

static void plan_known_names(loader *L, const char *dir)
{
	tg_archive *a = L->a;
	for (guint i = 0; i < tg_archive_n_entries(a); i++) {
		const char *name = tg_archive_entry_name(a, i);
		for (int t = 0; t < N_FTYPES; t++)
			for (int k = 0; known_stems[t][k]; k++)
				if (matches_stem(name, dir, known_stems[t][k]))
					plan_add(L, i, (ftype)t, -1);
	}
}

static gboolean plan_has(const loader *L, ftype t)
{
	for (guint i = 0; i < L->plan->len; i++)
		if (g_array_index(L->plan, plan_file, i).type == t)
			return TRUE;
	return FALSE;
}

static gboolean make_plan(loader *L, GError **error)
{
	tg_archive *a = L->a;
	const char *path = tg_archive_path(a);
	guint entry;
	if (has(a, "data/js/tweet_index.js") || has(a, "tweets.csv")) {
		L->report->generation = TG_GEN_GRAILBIRD;
		if (!plan_grailbird(L, error))
			return FALSE;
	} else if (tg_archive_find(a, "data/manifest.js", &entry)) {
		L->report->generation = TG_GEN_YTD_MANIFEST;
		if (!read_aux(L, entry, manifest_element, L, error))
			return FALSE;
	} else {
		L->report->generation = TG_GEN_YTD;
		plan_known_names(L, "data/");
		if (!plan_has(L, F_TWEETS))
			plan_known_names(L, "");
	}
	if (!plan_has(L, F_TWEETS)) {
		if (!plan_has(L, F_ACCOUNT)) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT,
			            "cannot read '%s': no tweets file found: not a Twitter archive", path);
			return FALSE;
		}
		warn(L, "'%s': no tweets file found: only the account, DMs and follows are read", path);
	}
	g_array_sort_with_data(L->plan, cmp_plan, a);
	for (guint i = 0; i < L->plan->len; i++) {
		gint64 size = tg_archive_entry_size(a, g_array_index(L->plan, plan_file, i).entry);
		if (size > 0)
			L->total_bytes += (guint64)size;
	}
	return TRUE;
}

/* ---- reading ---- */

static tg_owner_info *owner(loader *L)
{
	return &L->report->owner;
}

/* A record of the wrong shape: counted with its reason, fatal with --strict. */
static gboolean record_skipped(loader *L, guint64 index, GError *err, GError **error)
{
	tg_file_report *f = L->file;
	if (err->code != TG_ERROR_RECORD || L->opts->strict) {
		g_propagate_prefixed_error(error, err, "cannot read %s: element %" G_GUINT64_FORMAT ": ",
		                           L->where, index);
		return FALSE;
	}
	f->skipped++;
	gpointer n = g_tree_lookup(f->reasons, err->message);
	g_tree_replace(f->reasons, g_strdup(err->message), GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
	g_error_free(err);
	return TRUE;
}

static gboolean begin(loader *L, GError **error)
{
	if (L->begun)
		return TRUE;
	L->begun = TRUE;
	if (!owner(L)->id) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT,
		            "cannot read '%s': no account.js and no manifest: cannot tell the owner",
		            tg_archive_path(L->a));
		return FALSE;
	}
	if (!owner(L)->former_names)
		owner(L)->former_names = g_ptr_array_new_with_free_func(g_free);
	if (L->sink->begin && !L->sink->begin(L->sink->user, L->report, error))
		return FALSE;
	return TRUE;
}

static gboolean emit_tweet(loader *L, const tg_tweet *t, GError **error)
{
	L->report->tweets++;
	return !L->sink->tweet || L->sink->tweet(L->sink->user, t, error);
}

static gint edit_pos(const tg_tweet *t)
{
	for (guint i = 0; i < t->n_edit_ids; i++)
		if (t->edit_ids[i] == t->id)
			return (gint)i;
	return -1;
}

static gboolean tweet_element(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	loader *L = user;
	tg_tweet t;
	GError *err = NULL;
	L->report->tweet_elements++;
	if (!tg_records_tweet(L->parser, elem, len, &t, &err))
		return record_skipped(L, index, err, error);
	gpointer key = (gpointer)(guintptr)t.id;
	if (g_hash_table_contains(L->seen, key)) {
		L->report->duplicate_tweets++;
		return TRUE;
	}
	g_hash_table_add(L->seen, key);
	gboolean edited = t.edit_group && (t.n_edit_ids > 1 || t.edit_group != t.id);
	if (!edited)
		return emit_tweet(L, &t, error);
	/* Versions of an edited tweet can sit anywhere in any part: keep the
	 * element of the best version so far and emit it at the end. */
	L->edit_elements++;
	gpointer gkey = (gpointer)(guintptr)t.edit_group;
	edit_best *b = g_hash_table_lookup(L->edits, gkey);
	gint pos = edit_pos(&t);
	if (!b) {
		b = g_new0(edit_best, 1);
		b->pos = G_MININT;
		g_hash_table_insert(L->edits, gkey, b);
	}
	if (pos > b->pos || (pos == b->pos && t.id > b->id)) {
		g_bytes_unref(b->element);
		b->element = g_bytes_new(elem, len);
		b->pos = pos;
		b->id = t.id;
	}
	return TRUE;
}

static gint cmp_u64(gconstpointer a, gconstpointer b)
{
	guint64 x = (guint64)(guintptr) * (const gpointer *)a, y = (guint64)(guintptr) * (const gpointer *)b;
	return (x > y) - (x < y);
}

static gboolean flush_edits(loader *L, GError **error)
{
	guint n = 0;
	gpointer *keys = g_hash_table_get_keys_as_array(L->edits, &n);
	qsort(keys, n, sizeof *keys, cmp_u64);
	gboolean ok = TRUE;
	for (guint i = 0; ok && i < n; i++) {
		edit_best *b = g_hash_table_lookup(L->edits, keys[i]);
		gsize len;
		const char *elem = g_bytes_get_data(b->element, &len);
		tg_tweet t;
		ok = tg_records_tweet(L->parser, elem, len, &t, error) && emit_tweet(L, &t, error);
	}
	L->report->edited_versions_merged = L->edit_elements - n;
	g_free(keys);
	return ok;
}

static gboolean dm_element(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	loader *L = user;
	tg_dm_chunk c;
	GError *err = NULL;
	if (!tg_records_dm(L->parser, elem, len, &c, &err))
		return record_skipped(L, index, err, error);
	if (c.n_dropped) {
		/* A bad event is a skipped record of its own; the rest of the chunk
		 * still counts. */
		for (guint i = 0; i < c.n_dropped; i++) {
			err = g_error_new_literal(TG_ERROR, TG_ERROR_RECORD, c.drop_reason);
			if (!record_skipped(L, index, err, error))
				return FALSE;
		}
	}
	gboolean group = L->file && strcmp(L->file->type, ftype_names[F_GROUP_DMS]) == 0;
	return !L->sink->dm || L->sink->dm(L->sink->user, &c, group, error);
}

static gboolean follow_element(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	loader *L = user;
	guint64 id;
	GError *err = NULL;
	if (!tg_records_follow(L->parser, elem, len, &id, &err))
		return record_skipped(L, index, err, error);
	gboolean follower = strcmp(L->file->type, ftype_names[F_FOLLOWER]) == 0;
	return !L->sink->follow || L->sink->follow(L->sink->user, id, follower, error);
}

static gboolean account_element(void *user, const char *elem, gsize len, guint64 index,
                                GError **error)
{
	loader *L = user;
	tg_account acc;
	GError *err = NULL;
	if (!tg_records_account(L->parser, elem, len, &acc, &err))
		return record_skipped(L, index, err, error);
	tg_owner_info *o = owner(L);
	o->id = acc.id;
	g_free(o->username);
	o->username = g_strdup(acc.username);
	g_free(o->display_name);
	o->display_name = g_strdup(acc.display_name);
	o->created_ms = acc.created_ms;
	return TRUE;
}

static gboolean name_change_element(void *user, const char *elem, gsize len, guint64 index,
                                    GError **error)
{
	loader *L = user;
	tg_name_change nc;
	GError *err = NULL;
	if (!tg_records_name_change(L->parser, elem, len, &nc, &err))
		return record_skipped(L, index, err, error);
	tg_owner_info *o = owner(L);
	if (!o->former_names)
		o->former_names = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(o->former_names, g_strdup(nc.from));
	return TRUE;
}

static gboolean timezone_element(void *user, const char *elem, gsize len, guint64 index,
                                 GError **error)
{
	loader *L = user;
	const char *zone;
	GError *err = NULL;
	if (!tg_records_timezone(L->parser, elem, len, &zone, &err))
		return record_skipped(L, index, err, error);
	if (zone) {
		g_free(owner(L)->timezone);
		owner(L)->timezone = g_strdup(zone);
	}
	return TRUE;
}

static const tg_element_fn element_fns[N_FTYPES] = {
	account_element, name_change_element, timezone_element, tweet_element,
	dm_element,      dm_element,          follow_element,   follow_element,
};

typedef struct counting {
	loader *L;
	tg_element_fn fn;
	guint64 last_progress;
} counting;

/* Counts every element of the file being read and reports progress. */
static gboolean count_element(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	counting *c = user;
	loader *L = c->L;
	L->file->read++;
	if ((L->file->read & 1023) == 0 && tg_check_interrupt(error))
		return FALSE;
	if (L->opts->progress && L->file->read - c->last_progress >= 4096) {
		c->last_progress = L->file->read;
		L->opts->progress(L->opts->progress_user, L->done_bytes + L->element_base_bytes,
		                  L->total_bytes, L->file->name);
	}
	return c->fn(L, elem, len, index, error);
}

static gint cmp_reason(gconstpointer a, gconstpointer b, gpointer user)
{
	(void)user;
	return strcmp(a, b);
}

static gboolean read_file(loader *L, const plan_file *pf, GError **error)
{
	const char *name = tg_archive_entry_name(L->a, pf->entry);
	tg_file_report *f = g_new0(tg_file_report, 1);
	f->name = g_strdup(name);
	f->type = g_strdup(ftype_names[pf->type]);
	f->manifest_count = pf->manifest_count;
	f->reasons = g_tree_new_full(cmp_reason, NULL, g_free, NULL);
	g_ptr_array_add(L->report->files, f);
	L->file = f;

	if (pf->type >= F_TWEETS && !begin(L, error))
		return FALSE;
	if (L->opts->progress)
		L->opts->progress(L->opts->progress_user, L->done_bytes, L->total_bytes, name);

	tg_stream *s = tg_archive_open_entry(L->a, pf->entry, error);
	if (!s)
		return FALSE;
	L->where = tg_stream_where(s);
	L->element_base_bytes = 0;
	counting c = {L, element_fns[pf->type], 0};
	tg_scan_stats st = {0};
	gboolean ok = tg_ytd_scan(s, &L->opts->limits, count_element, &c, &st, error);
	L->where = NULL;
	tg_stream_close(s);
	f->bytes = st.bytes;
	L->done_bytes += st.bytes;
	if (ok && f->manifest_count >= 0 && (guint64)f->manifest_count != f->read)
		L->report->manifest_mismatches++;
	return ok;
}

gboolean tg_load(tg_archive *a, const tg_load_options *opts, const tg_sink *sink,
                 tg_load_report *report, GError **error)
{
	loader L = {0};
	gboolean ok = FALSE;
	memset(report, 0, sizeof *report);
	report->path = g_strdup(tg_archive_path(a));
	report->files = g_ptr_array_new_with_free_func(file_report_free);
	report->warnings = g_ptr_array_new_with_free_func(g_free);
	L.a = a;
	L.opts = opts;
	L.sink = sink;
	L.report = report;
	L.parser = tg_parser_new();
	L.plan = g_array_new(FALSE, FALSE, sizeof(plan_file));
	L.seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	L.edits = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, edit_best_free);

	if (!make_plan(&L, error))
		goto out;
	for (guint i = 0; i < L.plan->len; i++)
		if (!read_file(&L, &g_array_index(L.plan, plan_file, i), error))
			goto out;
	if (!begin(&L, error))
		goto out;
	/* The seen-set is no longer needed: free it before edits are replayed. */
	g_hash_table_remove_all(L.seen);
	L.file = NULL;
	if (!flush_edits(&L, error))
		goto out;
	if (opts->progress)
		opts->progress(opts->progress_user, L.total_bytes, L.total_bytes, NULL);
	if (sink->end && !sink->end(sink->user, report, error))
		goto out;
	ok = TRUE;
out:
	tg_parser_free(L.parser);
	g_array_free(L.plan, TRUE);
	g_hash_table_destroy(L.seen);
	g_hash_table_destroy(L.edits);
	return ok;
}
