/* SPDX-License-Identifier: MIT */
/* One archive, front to back: which generation it is, which data files hold
 * what, the owner first, then tweets, DMs and follows streamed into a sink.
 * Tweets are deduplicated by id and edited versions merged here, so that every
 * consumer sees each logical tweet once.
 *
 * Reading runs as a pipeline on opts->threads threads: the calling thread
 * inflates and cuts the data files into batches of elements, every thread
 * parses batches, and one thread at a time commits them in reading order
 * (counts, duplicates, edits, the sink). Commits in reading order make the
 * sink see exactly what one thread would show it, in the same order, so the
 * results do not depend on the number of threads. */
#include "load.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "seen.h"
#include "tape.h"
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
	guint64 offset; /* its element on the loader's tape of edits */
	gsize len;
} edit_best;

typedef struct loader {
	tg_archive *a;
	const tg_load_options *opts;
	const tg_sink *sink;
	tg_load_report *report;
	tg_parser *parser;
	GArray *plan;          /* plan_file */
	tg_seen *seen;         /* tweet ids */
	GHashTable *edits;     /* group id (pointer) -> edit_best* */
	tg_tape *edit_tape;    /* the elements of the edits' best versions */
	guint64 edit_elements; /* version elements deferred */
	guint64 total_bytes, done_bytes;
	tg_file_report *file;  /* being committed */
	const char *where;     /* its stream's name for messages */
	char **wheres;         /* per plan file: set by the reader when opened */
	gboolean begun;
	guint64 last_progress; /* file->read at the last progress call */
	guint last_tweets_file; /* plan index of the last tweets file, G_MAXUINT: none */
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

static gint cmp_reason(gconstpointer a, gconstpointer b, gpointer user)
{
	(void)user;
	return strcmp(a, b);
}

/* A report of file NAME of type TYPE, nothing read yet. */
static tg_file_report *file_report_new(const char *name, const char *type, gint64 manifest_count)
{
	tg_file_report *f = g_new0(tg_file_report, 1);
	f->name = g_strdup(name);
	f->type = g_strdup(type);
	f->manifest_count = manifest_count;
	f->reasons = g_tree_new_full(cmp_reason, NULL, g_free, NULL);
	return f;
}

static gboolean copy_reason(gpointer key, gpointer value, gpointer user)
{
	g_tree_insert(user, g_strdup(key), value);
	return FALSE;
}

tg_file_report *tg_file_report_copy(const tg_file_report *f)
{
	tg_file_report *c = file_report_new(f->name, f->type, f->manifest_count);
	c->bytes = f->bytes;
	c->read = f->read;
	c->skipped = f->skipped;
	if (f->reasons)
		g_tree_foreach(f->reasons, copy_reason, c->reasons);
	return c;
}

void tg_file_report_free(gpointer p)
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

/* ---- committing: what one element means, in reading order ---- */

static tg_owner_info *owner(loader *L)
{
	return &L->report->owner;
}

/* A record of the wrong shape: counted with its reason, fatal with --strict.
 * Takes ERR. */
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

/* One element as its parse left it: the record, or why there is none. */
typedef struct parsed {
	const char *elem;
	gsize len;
	guint64 index;
	GError *error; /* owned: the parse failed */
	union {
		tg_tweet tweet;
		tg_dm_chunk dm;
		guint64 follow;
		tg_account account;
		tg_name_change change;
		const char *zone;
	} r;
} parsed;

static gboolean tweet_element(loader *L, parsed *e, GError **error)
{
	const tg_tweet *t = &e->r.tweet;
	L->report->tweet_elements++;
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	gboolean added;
	if (!tg_seen_add(L->seen, t->id, &added, error))
		return FALSE;
	if (!added) {
		L->report->duplicate_tweets++;
		return TRUE;
	}
	gboolean edited = t->edit_group && (t->n_edit_ids > 1 || t->edit_group != t->id);
	if (!edited)
		return emit_tweet(L, t, error);
	/* Versions of an edited tweet can sit anywhere in any part: keep the
	 * element of the best version so far and emit it at the end. */
	L->edit_elements++;
	gpointer gkey = (gpointer)(guintptr)t->edit_group;
	edit_best *b = g_hash_table_lookup(L->edits, gkey);
	gint pos = edit_pos(t);
	if (!b) {
		b = g_new0(edit_best, 1);
		b->pos = G_MININT;
		g_hash_table_insert(L->edits, gkey, b);
	}
	if (pos > b->pos || (pos == b->pos && t->id > b->id)) {
		/* The element it replaces stays on the tape, unread. */
		if (!tg_tape_append(L->edit_tape, e->elem, e->len, &b->offset, error))
			return FALSE;
		b->len = e->len;
		b->pos = pos;
		b->id = t->id;
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
	GByteArray *elem = g_byte_array_new();
	for (guint i = 0; ok && i < n; i++) {
		edit_best *b = g_hash_table_lookup(L->edits, keys[i]);
		tg_tweet t;
		g_byte_array_set_size(elem, (guint)b->len + 1);
		elem->data[b->len] = '\0';
		ok = tg_tape_read(L->edit_tape, b->offset, elem->data, b->len, error) &&
		     tg_records_tweet(L->parser, (const char *)elem->data, b->len, &t, error) && emit_tweet(L, &t, error);
	}
	g_byte_array_unref(elem);
	L->report->edited_versions_merged = L->edit_elements - n;
	g_free(keys);
	return ok;
}

static gboolean dm_element(loader *L, parsed *e, GError **error)
{
	const tg_dm_chunk *c = &e->r.dm;
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	if (c->n_dropped) {
		/* A bad event is a skipped record of its own; the rest of the chunk
		 * still counts. */
		for (guint i = 0; i < c->n_dropped; i++) {
			GError *err = g_error_new_literal(TG_ERROR, TG_ERROR_RECORD, c->drop_reason);
			if (!record_skipped(L, e->index, err, error))
				return FALSE;
		}
	}
	gboolean group = L->file && strcmp(L->file->type, ftype_names[F_GROUP_DMS]) == 0;
	return !L->sink->dm || L->sink->dm(L->sink->user, c, group, error);
}

static gboolean follow_element(loader *L, parsed *e, GError **error)
{
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	gboolean follower = strcmp(L->file->type, ftype_names[F_FOLLOWER]) == 0;
	return !L->sink->follow || L->sink->follow(L->sink->user, e->r.follow, follower, error);
}

static gboolean account_element(loader *L, parsed *e, GError **error)
{
	const tg_account *acc = &e->r.account;
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	tg_owner_info *o = owner(L);
	o->id = acc->id;
	g_free(o->username);
	o->username = g_strdup(acc->username);
	g_free(o->display_name);
	o->display_name = g_strdup(acc->display_name);
	o->created_ms = acc->created_ms;
	return TRUE;
}

static gboolean name_change_element(loader *L, parsed *e, GError **error)
{
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	tg_owner_info *o = owner(L);
	if (!o->former_names)
		o->former_names = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(o->former_names, g_strdup(e->r.change.from));
	return TRUE;
}

static gboolean timezone_element(loader *L, parsed *e, GError **error)
{
	if (e->error)
		return record_skipped(L, e->index, g_steal_pointer(&e->error), error);
	if (e->r.zone) {
		g_free(owner(L)->timezone);
		owner(L)->timezone = g_strdup(e->r.zone);
	}
	return TRUE;
}

typedef gboolean (*commit_fn)(loader *L, parsed *e, GError **error);
static const commit_fn commit_fns[N_FTYPES] = {
	account_element, name_change_element, timezone_element, tweet_element,
	dm_element,      dm_element,          follow_element,   follow_element,
};

/* The parse of one element of a file of type T into E (any thread): the
 * record, or E->error. */
static void parse_element(ftype t, tg_parser *p, parsed *e)
{
	switch (t) {
	case F_ACCOUNT:
		tg_records_account(p, e->elem, e->len, &e->r.account, &e->error);
		break;
	case F_NAME_CHANGE:
		tg_records_name_change(p, e->elem, e->len, &e->r.change, &e->error);
		break;
	case F_TIMEZONE:
		tg_records_timezone(p, e->elem, e->len, &e->r.zone, &e->error);
		break;
	case F_TWEETS:
		tg_records_tweet(p, e->elem, e->len, &e->r.tweet, &e->error);
		break;
	case F_DMS:
	case F_GROUP_DMS:
		tg_records_dm(p, e->elem, e->len, &e->r.dm, &e->error);
		break;
	case F_FOLLOWER:
	case F_FOLLOWING:
		tg_records_follow(p, e->elem, e->len, &e->r.follow, &e->error);
		break;
	case N_FTYPES:
		g_assert_not_reached();
	}
}

/* ---- the pipeline ---- */

/* A batch closes at this many elements or bytes (or with its file): small
 * enough that the few batches in flight hold little, large enough that the
 * threads meet rarely. */
#define BATCH_ELEMENTS 32u
#define BATCH_BYTES ((gsize)128 << 10)

/* A run of elements of one file, with what the reader met after them. */
typedef struct batch {
	guint64 seq;          /* reading order */
	guint file;           /* index into the plan */
	gboolean first, last; /* the file's first batch; its last one */
	tg_scan_stats stats;  /* last: what the scan read */
	GError *error;        /* the reader's error after the elements: the end */
	GString *bytes;       /* the elements back to back, each NUL-terminated */
	GArray *elems;        /* parsed; elem is an offset into BYTES until parsed */
	tg_parser **parsers;  /* one per element slot, kept from batch to batch */
	gboolean parsed;
} batch;

typedef struct pipeline {
	loader *L;
	/* POSIX rather than GMutex/GCond: GLib's are futexes of its own that
	 * ThreadSanitizer cannot see, and the pipeline is checked with it. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	guint max_batches;
	guint n_batches;    /* made so far */
	batch **ring;       /* in-flight batches by seq % max_batches */
	GQueue ready;       /* submitted, not yet parsed, in reading order */
	GQueue spare;       /* committed, for reuse */
	guint64 next_seq;   /* of the next batch submitted */
	guint64 commit_seq; /* of the next batch to commit */
	gboolean committing, reading_done;
	gboolean reader_commits; /* one thread: the reader commits too */
	gint stop;          /* atomic: an error ended the load */
	GError *error;      /* the error that ended it */
} pipeline;

static batch *batch_new(void)
{
	batch *b = g_new0(batch, 1);
	b->bytes = g_string_sized_new(BATCH_BYTES);
	b->elems = g_array_sized_new(FALSE, TRUE, sizeof(parsed), BATCH_ELEMENTS);
	b->parsers = g_new0(tg_parser *, BATCH_ELEMENTS);
	return b;
}

/* Empties B for reuse; its parsers shrink back if a large element grew them. */
static void batch_reset(batch *b)
{
	for (guint i = 0; i < b->elems->len; i++) {
		g_clear_error(&g_array_index(b->elems, parsed, i).error);
		if (b->parsers[i])
			tg_parser_trim(b->parsers[i]);
	}
	g_array_set_size(b->elems, 0);
	if (b->bytes->allocated_len > 2 * BATCH_BYTES) {
		g_string_free(b->bytes, TRUE);
		b->bytes = g_string_sized_new(BATCH_BYTES);
	}
	g_string_truncate(b->bytes, 0);
	g_clear_error(&b->error);
	b->first = b->last = b->parsed = FALSE;
	memset(&b->stats, 0, sizeof b->stats);
}

static void batch_free(batch *b)
{
	if (!b)
		return;
	batch_reset(b);
	for (guint i = 0; i < BATCH_ELEMENTS; i++)
		tg_parser_free(b->parsers[i]);
	g_free(b->parsers);
	g_array_free(b->elems, TRUE);
	g_string_free(b->bytes, TRUE);
	g_free(b);
}

static void parse_batch(pipeline *P, batch *b)
{
	ftype t = g_array_index(P->L->plan, plan_file, b->file).type;
	for (guint i = 0; i < b->elems->len; i++) {
		parsed *e = &g_array_index(b->elems, parsed, i);
		if (!b->parsers[i])
			b->parsers[i] = tg_parser_new();
		e->elem = b->bytes->str + (gsize)(guintptr)e->elem;
		parse_element(t, b->parsers[i], e);
	}
}

/* What reading one file did around its elements, in reading order: the
 * file's report, the owner check, progress, counts; then each element. */
static gboolean commit_batch(pipeline *P, batch *b, GError **error)
{
	loader *L = P->L;
	const plan_file *pf = &g_array_index(L->plan, plan_file, b->file);
	const char *name = tg_archive_entry_name(L->a, pf->entry);

	if (b->first) {
		tg_file_report *f = file_report_new(name, ftype_names[pf->type], pf->manifest_count);
		g_ptr_array_add(L->report->files, f);
		L->file = f;
		L->last_progress = 0;
		if (pf->type >= F_TWEETS && !begin(L, error))
			return FALSE;
		if (L->opts->progress)
			L->opts->progress(L->opts->progress_user, L->done_bytes, L->total_bytes, name);
	}
	L->where = L->wheres[b->file];
	for (guint i = 0; i < b->elems->len; i++) {
		parsed *e = &g_array_index(b->elems, parsed, i);
		L->file->read++;
		if ((L->file->read & 1023) == 0 && tg_check_interrupt(error))
			return FALSE;
		if (L->opts->progress && L->file->read - L->last_progress >= 4096) {
			L->last_progress = L->file->read;
			L->opts->progress(L->opts->progress_user, L->done_bytes, L->total_bytes, L->file->name);
		}
		if (!commit_fns[pf->type](L, e, error))
			return FALSE;
	}
	if (b->last) {
		L->file->bytes = b->stats.bytes;
		L->done_bytes += b->stats.bytes;
	}
	if (b->error) {
		g_propagate_error(error, g_steal_pointer(&b->error));
		return FALSE;
	}
	if (b->last && L->file->manifest_count >= 0 && (guint64)L->file->manifest_count != L->file->read)
		L->report->manifest_mismatches++;
	/* Tweets files come before DMs and follows: after the last one the
	 * set of tweet ids (3 MiB at most, and its tape) is dead weight. */
	if (b->last && b->file == L->last_tweets_file) {
		tg_debug_memory("tweets loaded");
		tg_seen_clear(L->seen);
	}
	return TRUE;
}

/* Sizes the set of tweet ids for the tweets the manifest announces (up to
 * what it holds in memory), so that it never grows: growing holds the old
 * and the new table at once. A count is believed up to one tweet per 64
 * bytes of its file. */
static void reserve_ids(loader *L)
{
	guint64 n = 0;

	for (guint i = 0; i < L->plan->len; i++) {
		const plan_file *f = &g_array_index(L->plan, plan_file, i);
		gint64 size = tg_archive_entry_size(L->a, f->entry);
		if (f->type != F_TWEETS || f->manifest_count <= 0 || size < 0)
			continue;
		n += MIN((guint64)f->manifest_count, (guint64)size / 64);
	}
	if (n)
		tg_seen_reserve(L->seen, n);
}

/* With P->lock held: commits (when COMMIT) or parses one batch (the lock
 * dropped while at it) and returns TRUE, or returns FALSE when there is
 * nothing to do now. Committing the next batch in order comes first: it
 * frees a batch. */
static gboolean work_one(pipeline *P, gboolean commit)
{
	if (g_atomic_int_get(&P->stop))
		return FALSE;
	batch *b = P->commit_seq < P->next_seq ? P->ring[P->commit_seq % P->max_batches] : NULL;
	if (commit && b && b->parsed && !P->committing) {
		GError *err = NULL;
		P->committing = TRUE;
		pthread_mutex_unlock(&P->lock);
		gboolean ok = commit_batch(P, b, &err);
		pthread_mutex_lock(&P->lock);
		P->committing = FALSE;
		P->ring[P->commit_seq % P->max_batches] = NULL;
		P->commit_seq++;
		batch_reset(b);
		g_queue_push_tail(&P->spare, b);
		if (!ok) {
			P->error = err;
			g_atomic_int_set(&P->stop, TRUE);
		}
		pthread_cond_broadcast(&P->cond);
		return TRUE;
	}
	b = g_queue_pop_head(&P->ready);
	if (b) {
		pthread_mutex_unlock(&P->lock);
		parse_batch(P, b);
		pthread_mutex_lock(&P->lock);
		b->parsed = TRUE;
		pthread_cond_broadcast(&P->cond);
		return TRUE;
	}
	return FALSE;
}

/* Parses, and commits when COMMIT, until everything read is committed. */
static void work(pipeline *P, gboolean commit)
{
	pthread_mutex_lock(&P->lock);
	while (!g_atomic_int_get(&P->stop) && !(P->reading_done && P->commit_seq == P->next_seq))
		if (!work_one(P, commit))
			pthread_cond_wait(&P->cond, &P->lock);
	pthread_mutex_unlock(&P->lock);
}

static gpointer parser_main(gpointer user)
{
	work(user, FALSE);
	return NULL;
}

/* The reader's next empty batch for FILE: it helps, or waits, while all
 * batches are in flight. NULL once the load stopped. */
static batch *take_batch(pipeline *P, guint file)
{
	batch *b = NULL;
	pthread_mutex_lock(&P->lock);
	for (;;) {
		if (g_atomic_int_get(&P->stop))
			break;
		if ((b = g_queue_pop_head(&P->spare)))
			break;
		if (P->n_batches < P->max_batches) {
			P->n_batches++;
			b = batch_new();
			break;
		}
		if (!work_one(P, P->reader_commits))
			pthread_cond_wait(&P->cond, &P->lock);
	}
	pthread_mutex_unlock(&P->lock);
	if (b)
		b->file = file;
	return b;
}

static void submit(pipeline *P, batch *b)
{
	pthread_mutex_lock(&P->lock);
	b->seq = P->next_seq++;
	P->ring[b->seq % P->max_batches] = b;
	g_queue_push_tail(&P->ready, b);
	pthread_cond_broadcast(&P->cond);
	pthread_mutex_unlock(&P->lock);
}

typedef struct reading {
	pipeline *P;
	batch *b;
} reading;

static gboolean read_element(void *user, const char *elem, gsize len, guint64 index, GError **error)
{
	reading *rd = user;
	batch *b = rd->b;
	if (g_atomic_int_get(&rd->P->stop)) {
		/* The load stopped: the error that stopped it is reported. */
		g_set_error_literal(error, TG_ERROR, TG_ERROR_INTERRUPTED, "stopped");
		return FALSE;
	}
	if (b->elems->len == BATCH_ELEMENTS || (b->elems->len > 0 && b->bytes->len + len + 1 > BATCH_BYTES)) {
		guint file = b->file;
		submit(rd->P, b);
		rd->b = b = take_batch(rd->P, file);
		if (!b) {
			g_set_error_literal(error, TG_ERROR, TG_ERROR_INTERRUPTED, "stopped");
			return FALSE;
		}
	}
	parsed e = {0};
	/* An offset until parse_batch(): BYTES may still move. */
	e.elem = (const char *)(guintptr)b->bytes->len;
	e.len = len;
	e.index = index;
	g_string_append_len(b->bytes, elem, (gssize)len);
	g_string_append_c(b->bytes, '\0');
	g_array_append_val(b->elems, e);
	return TRUE;
}

/* Reads plan file I into batches; FALSE once the load cannot go on. */
static gboolean read_file(pipeline *P, guint i)
{
	loader *L = P->L;
	const plan_file *pf = &g_array_index(L->plan, plan_file, i);
	reading rd = {P, take_batch(P, i)};
	if (!rd.b)
		return FALSE;
	rd.b->first = TRUE;
	GError *err = NULL;
	tg_stream *s = tg_archive_open_entry(L->a, pf->entry, &err);
	if (s) {
		L->wheres[i] = g_strdup(tg_stream_where(s));
		tg_scan_stats st = {0};
		gboolean ok = tg_ytd_scan(s, &L->opts->limits, read_element, &rd, &st, &err);
		tg_stream_close(s);
		if (!rd.b || g_atomic_int_get(&P->stop)) {
			/* Stopped by an error met in an earlier batch: that one is
			 * reported; this batch goes back unread. */
			g_clear_error(&err);
			if (rd.b)
				submit(P, rd.b);
			return FALSE;
		}
		rd.b->stats = st;
		if (ok)
			g_clear_error(&err);
	}
	rd.b->last = TRUE;
	rd.b->error = err;
	submit(P, rd.b);
	return err == NULL;
}

/* Every planned file into batches, then whatever parsing is left. */
static void read_all(pipeline *P)
{
	for (guint i = 0; i < P->L->plan->len; i++)
		if (!read_file(P, i))
			break;
	pthread_mutex_lock(&P->lock);
	P->reading_done = TRUE;
	pthread_cond_broadcast(&P->cond);
	pthread_mutex_unlock(&P->lock);
	work(P, P->reader_commits);
}

static gpointer reader_main(gpointer user)
{
	read_all(user);
	return NULL;
}

/* Reads every planned file through the pipeline on opts->threads threads:
 * a reader thread inflates and cuts, the calling thread commits, and every
 * thread parses when it has nothing else to do. The commits stay on the
 * calling thread so that the model grows in the malloc arena the figures
 * are computed in afterwards: committing on another thread left the
 * model's outgrown arrays in that thread's arena, 3-8 MB more RSS at 1M
 * tweets. With two threads the reader and the committer carry about the
 * same load. */
static gboolean read_files(loader *L, GError **error)
{
	pipeline P = {0};
	guint threads = CLAMP(L->opts->threads, 1, 64);
	GPtrArray *helpers = g_ptr_array_new();
	GThread *reader = NULL;

	P.L = L;
	pthread_mutex_init(&P.lock, NULL);
	pthread_cond_init(&P.cond, NULL);
	/* Two batches per thread keep every thread busy; one more lets the
	 * reader fill a batch while the others are parsed. */
	P.max_batches = threads == 1 ? 1 : 2 * threads + 1;
	P.ring = g_new0(batch *, P.max_batches);
	g_queue_init(&P.ready);
	g_queue_init(&P.spare);
	tg_threads_prepare();
	if (threads > 1)
		reader = g_thread_try_new("tg-read", reader_main, &P, NULL);
	if (reader) {
		for (guint t = 2; t < threads; t++) {
			GThread *th = g_thread_try_new("tg-parse", parser_main, &P, NULL);
			if (!th)
				break; /* fewer threads, same results */
			g_ptr_array_add(helpers, th);
		}
		work(&P, TRUE);
		g_thread_join(reader);
	} else {
		/* One thread (or none to be had): it reads, parses and commits. */
		P.reader_commits = TRUE;
		read_all(&P);
	}
	for (guint t = 0; t < helpers->len; t++)
		g_thread_join(helpers->pdata[t]);
	g_ptr_array_free(helpers, TRUE);

	gboolean ok = P.error == NULL;
	if (!ok)
		g_propagate_error(error, P.error);
	/* Batches left after an error are in flight (all in the ring, the
	 * unparsed ones also in READY) or spare. */
	batch *b;
	for (guint i = 0; i < P.max_batches; i++)
		batch_free(P.ring[i]);
	g_queue_clear(&P.ready);
	while ((b = g_queue_pop_head(&P.spare)))
		batch_free(b);
	g_free(P.ring);
	pthread_cond_destroy(&P.cond);
	pthread_mutex_destroy(&P.lock);
	return ok;
}

gboolean tg_load(tg_archive *a, const tg_load_options *opts, const tg_sink *sink,
                 tg_load_report *report, GError **error)
{
	loader L = {0};
	gboolean ok = FALSE;
	memset(report, 0, sizeof *report);
	report->path = g_strdup(tg_archive_path(a));
	report->files = g_ptr_array_new_with_free_func(tg_file_report_free);
	report->warnings = g_ptr_array_new_with_free_func(g_free);
	L.a = a;
	L.opts = opts;
	L.sink = sink;
	L.report = report;
	L.parser = tg_parser_new();
	L.plan = g_array_new(FALSE, FALSE, sizeof(plan_file));
	L.seen = tg_seen_new(opts->warn, opts->warn_user);
	L.edit_tape = tg_tape_new("edited tweets", opts->warn, opts->warn_user);
	L.edits = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);

	if (!make_plan(&L, error))
		goto out;
	L.wheres = g_new0(char *, L.plan->len);
	L.last_tweets_file = G_MAXUINT;
	for (guint i = 0; i < L.plan->len; i++)
		if (g_array_index(L.plan, plan_file, i).type == F_TWEETS)
			L.last_tweets_file = i;
	reserve_ids(&L);
	if (!read_files(&L, error))
		goto out;
	if (!begin(&L, error))
		goto out;
	/* The seen-set is no longer needed: free it before edits are replayed. */
	tg_seen_clear(L.seen);
	L.file = NULL;
	L.where = NULL;
	if (!flush_edits(&L, error))
		goto out;
	if (opts->progress)
		opts->progress(opts->progress_user, L.total_bytes, L.total_bytes, NULL);
	if (sink->end && !sink->end(sink->user, report, error))
		goto out;
	ok = TRUE;
out:
	tg_parser_free(L.parser);
	tg_seen_free(L.seen);
	tg_tape_free(L.edit_tape);
	g_hash_table_destroy(L.edits);
	for (guint i = 0; L.wheres && i < L.plan->len; i++)
		g_free(L.wheres[i]);
	g_free(L.wheres);
	g_array_free(L.plan, TRUE);
	return ok;
}
