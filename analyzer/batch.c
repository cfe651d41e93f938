/* SPDX-License-Identifier: MIT */
/* talkgraph batch: every archive of a folder analysed on its own, a few at a
 * time, each by a child `talkgraph stats --json` (so that a crash, a hang or
 * an exhausted memory costs one archive, not the batch), into one record per
 * archive under OUT_DIR/done/<sha256>.json; results.jsonl and summary.csv
 * are rebuilt from those records. Records are keyed by content, so a rerun
 * resumes where the last one stopped. */
#include "batch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "interrupt.h"
#include "jsonw.h"
#include "talkgraph.h"
#include "tz.h"

#define RECORD_MAX_BYTES ((gsize)16 << 20) /* one done/ record read back */
#define STDERR_TAIL 65536                  /* bytes of a child's stderr looked at */
#define CANCEL_GRACE_US (5 * G_USEC_PER_SEC) /* SIGTERM, then SIGKILL */
#define POLL_US 10000

/* ---- The figures: one table for results.jsonl and summary.csv ---------- */

typedef enum {
	F_STRING,  /* a string (or null) */
	F_INT,     /* a count */
	F_RATIO,   /* a number, "%.6f" in the CSV */
	F_SECONDS, /* a duration in seconds, "%.3f" in the CSV */
	F_COUNT    /* the length of a list of stats.json */
} field_kind;

typedef struct field {
	const char *src; /* path in stats.json: keys and array indexes, '.'-separated */
	const char *dst; /* path in the record; NULL: as SRC */
	const char *csv; /* column of summary.csv */
	field_kind kind;
} field;

/* In the record's key order, which is stats.json's. */
static const field FIELDS[] = {
	{"owner.id", NULL, "owner_id", F_STRING},
	{"owner.username", NULL, "owner_username", F_STRING},
	{"owner.display_name", NULL, "owner_display_name", F_STRING},
	{"owner.time_zone.zone", "owner.time_zone", "time_zone", F_STRING},
	{"period.first", NULL, "period_first", F_STRING},
	{"period.last", NULL, "period_last", F_STRING},
	{"tweets.total", NULL, "tweets_total", F_INT},
	{"tweets.original", NULL, "tweets_original", F_INT},
	{"tweets.reply", NULL, "tweets_reply", F_INT},
	{"tweets.thread", NULL, "tweets_thread", F_INT},
	{"tweets.retweet", NULL, "tweets_retweet", F_INT},
	{"tweets.quote", NULL, "tweets_quote", F_INT},
	{"tweets.edited_versions_merged", NULL, "tweets_edited_versions_merged", F_INT},
	{"conversation_share", NULL, "conversation_share", F_RATIO},
	{"follows.followers", NULL, "followers", F_INT},
	{"follows.following", NULL, "following", F_INT},
	{"follows.mutuals", NULL, "mutuals", F_INT},
	{"funnel.followers.total", NULL, "funnel_followers_total", F_INT},
	{"funnel.followers.talked", NULL, "funnel_followers_talked", F_INT},
	{"funnel.followers.two_way", NULL, "funnel_followers_two_way", F_INT},
	{"funnel.following.total", NULL, "funnel_following_total", F_INT},
	{"funnel.following.talked", NULL, "funnel_following_talked", F_INT},
	{"funnel.following.two_way", NULL, "funnel_following_two_way", F_INT},
	{"reach_out_rate", NULL, "reach_out_rate", F_RATIO},
	{"dms.conversations", NULL, "dm_conversations", F_INT},
	{"dms.group_conversations", NULL, "dm_group_conversations", F_INT},
	{"dms.sent", NULL, "dms_sent", F_INT},
	{"dms.received", NULL, "dms_received", F_INT},
	{"dms.two_sided", NULL, "dm_two_sided", F_INT},
	{"dms.opened_by_other", NULL, "dm_opened_by_other", F_INT},
	{"dms.answered", NULL, "dm_answered", F_INT},
	{"dms.response_rate", NULL, "dm_response_rate", F_RATIO},
	{"dms.response_median_s", NULL, "dm_response_median_s", F_SECONDS},
	{"dms.response_p90_s", NULL, "dm_response_p90_s", F_SECONDS},
	{"automated_dms.senders", NULL, "automated_dm_senders", F_COUNT},
	{"automated_dms.owner_templates", NULL, "automated_dm_owner_templates", F_INT},
	{"chats", NULL, "chats", F_COUNT},
	{"circles.modularity", NULL, "circles_modularity", F_RATIO},
	{"circles.list", "circles.count", "circles", F_COUNT},
	{"contacts.total", NULL, "contacts", F_INT},
	{"contacts.by_class.two-way", NULL, "contacts_two_way", F_INT},
	{"contacts.by_class.unanswered-in", NULL, "contacts_unanswered_in", F_INT},
	{"contacts.by_class.one-way-out", NULL, "contacts_one_way_out", F_INT},
	{"contacts.by_class.amplify-only", NULL, "contacts_amplify_only", F_INT},
	{"contacts.by_class.context-only", NULL, "contacts_context_only", F_INT},
	{"contacts.by_class.silent-follow", NULL, "contacts_silent_follow", F_INT},
	{"contacts.dormant", NULL, "contacts_dormant", F_INT},
	{"resolution.contacts", NULL, "resolution_contacts", F_RATIO},
	{"resolution.followers", NULL, "resolution_followers", F_RATIO},
	{"resolution.following", NULL, "resolution_following", F_RATIO},
	{"records.read", NULL, "records_read", F_INT},
	{"records.skipped", NULL, "records_skipped", F_INT},
	{"records.manifest_mismatches", NULL, "records_manifest_mismatches", F_INT},
	{"inputs.0.generation", "generation", "generation", F_STRING},
};

static const char *field_dst(const field *f)
{
	return f->dst ? f->dst : f->src;
}

/* The value at PATH ("a.b.0.c") below ROOT, NULL when there is none. */
static const cJSON *json_at(const cJSON *root, const char *path)
{
	char **parts = g_strsplit(path, ".", -1);
	const cJSON *v = root;
	for (guint i = 0; v && parts[i]; i++) {
		if (cJSON_IsArray(v) && g_ascii_isdigit(parts[i][0]))
			v = cJSON_GetArrayItem(v, (int)g_ascii_strtoull(parts[i], NULL, 10));
		else if (cJSON_IsObject(v))
			v = cJSON_GetObjectItemCaseSensitive(v, parts[i]);
		else
			v = NULL;
	}
	g_strfreev(parts);
	return v;
}

/* Integral values as integers, like the writer of stats.json does. */
static gboolean as_integer(double v, gint64 *out)
{
	if (!isfinite(v) || v != floor(v) || fabs(v) >= 9007199254740992.0)
		return FALSE;
	*out = (gint64)v;
	return TRUE;
}

static void write_number(tg_jsonw *w, const char *key, double v)
{
	gint64 n;
	if (as_integer(v, &n))
		tg_jsonw_int(w, key, n);
	else
		tg_jsonw_double(w, key, v);
}

/* The owner's identity, left out with --anonymize=all. */
static gboolean is_identity(const field *f)
{
	return strcmp(f->src, "owner.id") == 0 || strcmp(f->src, "owner.username") == 0 ||
	       strcmp(f->src, "owner.display_name") == 0;
}

/* One figure of STATS under KEY, as stats.json has it (numbers read back
 * and written by the same shortest-round-trip writer: the same text). */
static void write_field(tg_jsonw *w, const char *key, const field *f, const cJSON *stats, gboolean hide_owner)
{
	const cJSON *v = json_at(stats, f->src);
	if (hide_owner && is_identity(f)) {
		tg_jsonw_null(w, key);
		return;
	}
	switch (f->kind) {
	case F_STRING:
		tg_jsonw_string(w, key, cJSON_IsString(v) ? v->valuestring : NULL);
		return;
	case F_COUNT:
		if (cJSON_IsArray(v))
			tg_jsonw_int(w, key, cJSON_GetArraySize(v));
		else
			tg_jsonw_null(w, key);
		return;
	case F_INT:
	case F_RATIO:
	case F_SECONDS:
		if (cJSON_IsNumber(v))
			write_number(w, key, v->valuedouble);
		else
			tg_jsonw_null(w, key);
		return;
	}
}

/* The figures of STATS (a parsed stats.json) into W, nested by the
 * '.'-separated record paths of FIELDS. */
static void write_fields(tg_jsonw *w, const cJSON *stats, gboolean hide_owner)
{
	char *open[8];
	guint n_open = 0;

	for (gsize i = 0; i < G_N_ELEMENTS(FIELDS); i++) {
		char **parts = g_strsplit(field_dst(&FIELDS[i]), ".", -1);
		guint n = g_strv_length(parts), common = 0;
		g_assert(n >= 1 && n <= G_N_ELEMENTS(open));
		while (common < n_open && common + 1 < n && strcmp(open[common], parts[common]) == 0)
			common++;
		while (n_open > common) {
			tg_jsonw_end_object(w);
			g_free(open[--n_open]);
		}
		while (n_open + 1 < n) {
			tg_jsonw_begin_object(w, parts[n_open]);
			open[n_open] = g_strdup(parts[n_open]);
			n_open++;
		}
		write_field(w, parts[n - 1], &FIELDS[i], stats, hide_owner);
		g_strfreev(parts);
	}
	while (n_open > 0) {
		tg_jsonw_end_object(w);
		g_free(open[--n_open]);
	}
}

/* One line of results.jsonl: file, sha256, status, error, then (STATS not
 * NULL) the figures, the owner's id and names null with HIDE_OWNER. Ends
 * with '\n'. */
static GString *record_text(const char *file, const char *sha, const cJSON *stats, const char *message,
                            gboolean hide_owner)
{
	GString *s = g_string_new(NULL);
	tg_jsonw w;

	tg_jsonw_init(&w, s, FALSE);
	tg_jsonw_begin_object(&w, NULL);
	tg_jsonw_string(&w, "file", file);
	tg_jsonw_string(&w, "sha256", sha);
	tg_jsonw_string(&w, "status", stats ? "ok" : "error");
	tg_jsonw_string(&w, "error", stats ? NULL : message);
	if (stats)
		write_fields(&w, stats, hide_owner);
	tg_jsonw_end_object(&w);
	g_string_append_c(s, '\n');
	return s;
}

/* ---- Files ----------------------------------------------------------- */

/* LEN bytes of DATA to PATH, whole or not at all: written to a temporary
 * file beside it ("PATH.tmp-XXXXXX"), flushed to disk, renamed. */
static gboolean write_atomic(const char *path, const char *data, gsize len, GError **error)
{
	char *tmp = g_strconcat(path, ".tmp-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644), e = 0;
	gsize done = 0;

	if (fd < 0) {
		e = errno;
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			goto out;
		}
		done += (gsize)n;
	}
	if (fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	fd = -1;
	if (!e && rename(tmp, path) != 0)
		e = errno;
out:
	if (fd >= 0)
		close(fd);
	if (e) {
		g_unlink(tmp);
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': %s", path, g_strerror(e));
	}
	g_free(tmp);
	return e == 0;
}

static gboolean is_hex_sha(const char *s, gsize len)
{
	if (len != 64)
		return FALSE;
	for (gsize i = 0; i < 64; i++)
		if (!g_ascii_isdigit(s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
			return FALSE;
	return TRUE;
}

/* "<64 hex>.json": a record's file name (temporary files do not match). */
static gboolean is_record_name(const char *name)
{
	return strlen(name) == 69 && g_str_has_suffix(name, ".json") && is_hex_sha(name, 64);
}

/* A record read back: its text (one line, '\n' included) and parsed form. */
typedef struct record {
	char *text;
	cJSON *json;
	const char *file, *sha, *status; /* borrowed from json */
} record;

static void record_free(gpointer p)
{
	record *r = p;
	if (!r)
		return;
	g_free(r->text);
	cJSON_Delete(r->json);
	g_free(r);
}

/* Reads the record PATH of the archive SHA. Returns NULL with ERROR
 * (TG_ERROR_INPUT) when the file is missing (*NOENT set), unreadable, or not
 * a record of ours. Free with record_free(). */
static record *record_load(const char *path, const char *sha, gboolean *noent, GError **error)
{
	char *text = NULL;
	gsize len = 0;
	GError *e = NULL;
	record *r = NULL;
	struct stat st;

	*noent = FALSE;
	if (stat(path, &st) != 0) {
		*noent = errno == ENOENT;
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return NULL;
	}
	if ((guint64)st.st_size > RECORD_MAX_BYTES) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': larger than %zu bytes", path,
		            RECORD_MAX_BYTES);
		return NULL;
	}
	if (!g_file_get_contents(path, &text, &len, &e)) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", path, e->message);
		g_error_free(e);
		return NULL;
	}
	/* One line: the text goes into results.jsonl as it is. */
	const char *nl = memchr(text, '\n', len);
	cJSON *json = len && nl == text + len - 1 ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *file = json_at(json, "file"), *s = json_at(json, "sha256"), *status = json_at(json, "status");
	if (!cJSON_IsObject(json) || !cJSON_IsString(file) || !cJSON_IsString(s) || !cJSON_IsString(status) ||
	    strcmp(s->valuestring, sha) != 0 ||
	    (strcmp(status->valuestring, "ok") != 0 && strcmp(status->valuestring, "error") != 0)) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': not a talkgraph batch record", path);
		cJSON_Delete(json);
		g_free(text);
		return NULL;
	}
	r = g_new0(record, 1);
	r->text = text;
	r->json = json;
	r->file = file->valuestring;
	r->sha = s->valuestring;
	r->status = status->valuestring;
	return r;
}

static gint cmp_records(gconstpointer a, gconstpointer b)
{
	const record *x = *(const record *const *)a, *y = *(const record *const *)b;
	int c = strcmp(x->file, y->file);
	return c ? c : strcmp(x->sha, y->sha);
}

static void csv_cell(GString *out, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		g_string_append(out, s);
		return;
	}
	g_string_append_c(out, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

/* One figure of a record as a CSV cell: fixed formats, empty for null. */
static void csv_value(GString *out, const field *f, const cJSON *rec)
{
	const cJSON *v = json_at(rec, field_dst(f));
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	gint64 n;

	if (cJSON_IsString(v)) {
		csv_cell(out, v->valuestring);
		return;
	}
	if (!cJSON_IsNumber(v))
		return;
	if (f->kind == F_RATIO || f->kind == F_SECONDS)
		g_ascii_formatd(buf, sizeof buf, f->kind == F_RATIO ? "%.6f" : "%.3f", v->valuedouble);
	else if (as_integer(v->valuedouble, &n))
		g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, n);
	else
		g_ascii_dtostr(buf, sizeof buf, v->valuedouble);
	g_string_append(out, buf);
}

static void csv_row(GString *out, const record *r)
{
	const cJSON *err = json_at(r->json, "error");
	csv_cell(out, r->file);
	g_string_append_c(out, ',');
	csv_cell(out, r->sha);
	g_string_append_c(out, ',');
	csv_cell(out, r->status);
	g_string_append_c(out, ',');
	if (cJSON_IsString(err))
		csv_cell(out, err->valuestring);
	for (gsize i = 0; i < G_N_ELEMENTS(FIELDS); i++) {
		g_string_append_c(out, ',');
		csv_value(out, &FIELDS[i], r->json);
	}
	g_string_append_c(out, '\n');
}

gboolean tg_batch_merge(const char *out_dir, FILE *err, guint *n_records, GError **error)
{
	char *done_dir = g_build_filename(out_dir, "done", NULL);
	GPtrArray *recs = g_ptr_array_new_with_free_func(record_free);
	GString *jsonl = g_string_new(NULL), *csv = g_string_new(NULL);
	char *path = NULL;
	gboolean ok = FALSE;
	GError *e = NULL;
	const char *name;

	GDir *d = g_dir_open(done_dir, 0, &e);
	if (!d) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s: not a batch output folder",
		            done_dir, e->message);
		g_error_free(e);
		goto out;
	}
	while ((name = g_dir_read_name(d))) {
		gboolean noent;
		if (!is_record_name(name))
			continue;
		char sha[65];
		memcpy(sha, name, 64);
		sha[64] = '\0';
		char *p = g_build_filename(done_dir, name, NULL);
		record *r = record_load(p, sha, &noent, &e);
		g_free(p);
		if (r) {
			g_ptr_array_add(recs, r);
		} else {
			if (err)
				fprintf(err, "talkgraph: warning: %s: left out\n", e->message);
			g_clear_error(&e);
		}
	}
	g_dir_close(d);
	g_ptr_array_sort(recs, cmp_records);

	g_string_append(csv, "file,sha256,status,error");
	for (gsize i = 0; i < G_N_ELEMENTS(FIELDS); i++) {
		g_string_append_c(csv, ',');
		g_string_append(csv, FIELDS[i].csv);
	}
	g_string_append_c(csv, '\n');
	for (guint i = 0; i < recs->len; i++) {
		const record *r = recs->pdata[i];
		g_string_append(jsonl, r->text);
		csv_row(csv, r);
	}
	path = g_build_filename(out_dir, "results.jsonl", NULL);
	if (!write_atomic(path, jsonl->str, jsonl->len, error))
		goto out;
	g_free(path);
	path = g_build_filename(out_dir, "summary.csv", NULL);
	if (!write_atomic(path, csv->str, csv->len, error))
		goto out;
	if (n_records)
		*n_records = recs->len;
	ok = TRUE;
out:
	g_free(path);
	g_string_free(jsonl, TRUE);
	g_string_free(csv, TRUE);
	g_ptr_array_unref(recs);
	g_free(done_dir);
	return ok;
}

/* ---- Resume keys ------------------------------------------------------ */

static gboolean hash_fd(GChecksum *sum, int fd, const char *shown, guchar *buf, gsize size, GError **error)
{
	for (;;) {
		if (tg_check_interrupt(error))
			return FALSE;
		ssize_t n = read(fd, buf, size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", shown, g_strerror(errno));
			return FALSE;
		}
		if (n == 0)
			return TRUE;
		g_checksum_update(sum, buf, n);
	}
}

/* FOLLOW: whether PATH may be a symbolic link to the file. */
static gboolean hash_file(GChecksum *sum, const char *path, gboolean follow, guchar *buf, gsize size,
                          GError **error)
{
	int fd = g_open(path, O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW), 0);
	if (fd < 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
		return FALSE;
	}
	gboolean ok = hash_fd(sum, fd, path, buf, size, error);
	close(fd);
	return ok;
}

/* Every file and link below DIR/REL into OUT (relative paths, g_free). */
static gboolean walk(const char *dir, const char *rel, GPtrArray *out, GError **error)
{
	char *here = rel ? g_build_filename(dir, rel, NULL) : g_strdup(dir);
	GError *e = NULL;
	GDir *d = g_dir_open(here, 0, &e);
	const char *name;
	gboolean ok = TRUE;

	if (!d) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", here, e->message);
		g_error_free(e);
		g_free(here);
		return FALSE;
	}
	while (ok && (name = g_dir_read_name(d))) {
		char *r = rel ? g_strconcat(rel, "/", name, NULL) : g_strdup(name);
		char *p = g_build_filename(here, name, NULL);
		struct stat st;
		if (lstat(p, &st) != 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", p, g_strerror(errno));
			ok = FALSE;
		} else if (S_ISDIR(st.st_mode)) {
			ok = walk(dir, r, out, error);
		} else if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) {
			g_ptr_array_add(out, r);
			r = NULL;
		}
		g_free(r);
		g_free(p);
	}
	g_dir_close(d);
	g_free(here);
	return ok;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gboolean hash_folder(GChecksum *sum, const char *dir, guchar *buf, gsize size, GError **error)
{
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	gboolean ok = walk(dir, NULL, files, error);

	g_ptr_array_sort(files, cmp_str);
	for (guint i = 0; ok && i < files->len; i++) {
		const char *rel = files->pdata[i];
		char *p = g_build_filename(dir, rel, NULL);
		struct stat st;
		if (lstat(p, &st) != 0) {
			g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", p, g_strerror(errno));
			ok = FALSE;
		} else if (S_ISLNK(st.st_mode)) {
			char *target = g_file_read_link(p, NULL);
			g_checksum_update(sum, (const guchar *)"l", 1);
			g_checksum_update(sum, (const guchar *)rel, (gssize)strlen(rel) + 1);
			g_checksum_update(sum, (const guchar *)(target ? target : ""), (gssize)strlen(target ? target : "") + 1);
			g_free(target);
		} else {
			char n[32];
			g_snprintf(n, sizeof n, "%" G_GUINT64_FORMAT, (guint64)st.st_size);
			g_checksum_update(sum, (const guchar *)"f", 1);
			g_checksum_update(sum, (const guchar *)rel, (gssize)strlen(rel) + 1);
			g_checksum_update(sum, (const guchar *)n, (gssize)strlen(n) + 1);
			ok = hash_file(sum, p, FALSE, buf, size, error);
		}
		g_free(p);
	}
	g_ptr_array_unref(files);
	return ok;
}

gboolean tg_batch_sha256(const char *path, char *hex, GError **error)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	gsize size = 1 << 20;
	guchar *buf = g_malloc(size);
	struct stat st;
	gboolean ok = FALSE;

	if (stat(path, &st) != 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", path, g_strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		ok = hash_folder(sum, path, buf, size, error);
	} else if (S_ISREG(st.st_mode)) {
		/* The top level may be a link to the archive: read through it. */
		ok = hash_file(sum, path, TRUE, buf, size, error);
	} else {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': not a file or folder", path);
	}
	if (ok)
		g_strlcpy(hex, g_checksum_get_string(sum), 65);
	g_free(buf);
	g_checksum_free(sum);
	return ok;
}

/* ---- The batch -------------------------------------------------------- */

typedef struct item {
	char *name;   /* entry of INPUT_DIR */
	char *path;   /* INPUT_DIR/name */
	char sha[65]; /* resume key, once hashed */
	GError *error; /* hashing failed */
} item;

static void item_free(gpointer p)
{
	item *it = p;
	if (!it)
		return;
	g_free(it->name);
	g_free(it->path);
	g_clear_error(&it->error);
	g_free(it);
}

typedef struct job {
	item *it;
	GPid pid;
	int out_fd, err_fd;  /* unlinked temporary files: the child's stdout, stderr */
	gint64 deadline;     /* monotonic µs: --timeout */
	gint64 kill_at;      /* monotonic µs: SIGKILL after a SIGTERM, 0 before */
	gboolean timed_out, cancelled;
} job;

typedef struct batch {
	const tg_options *o;
	FILE *err;
	const char *in_dir, *out_dir;
	char *done_dir;
	GPtrArray *argv;      /* the child's argv up to "--" (char*, owned) */
	guint jobs, timeout_s;
	int anonymize;        /* 0, 1 (contacts), 2 (owner too) */
	GPtrArray *items;     /* item*, sorted by name */
	GPtrArray *queue;     /* item* to analyse, borrowed */
	GPtrArray *running;   /* job* */
	guint next, finished, ok, failed, interrupted_jobs; /* counts of queue items */
	gboolean stop;        /* no new job: interrupted or a fatal error */
	GError *fatal;
} batch;

static void note(const batch *b, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void note(const batch *b, const char *fmt, ...)
{
	va_list ap;
	if (b->o->quiet)
		return;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(b->err, "talkgraph: batch: %s\n", s);
	fflush(b->err);
	g_free(s);
}

/* A folder that is an extracted archive: a generation marker at its top, or
 * one sub-folder that has one (an archive re-zipped inside a folder). */
static gboolean looks_like_archive(const char *dir, gboolean nested)
{
	static const char *const markers[] = {"data", "tweet.js", "tweets.js", "tweets.csv", "account.js"};
	for (gsize i = 0; i < G_N_ELEMENTS(markers); i++) {
		char *p = g_build_filename(dir, markers[i], NULL);
		gboolean found = g_file_test(p, G_FILE_TEST_EXISTS);
		g_free(p);
		if (found)
			return TRUE;
	}
	if (nested)
		return FALSE;
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	char *only = NULL;
	guint n = 0;
	while (d && (name = g_dir_read_name(d))) {
		if (name[0] == '.' || strcmp(name, "__MACOSX") == 0)
			continue;
		if (n++ == 0)
			only = g_build_filename(dir, name, NULL);
	}
	if (d)
		g_dir_close(d);
	gboolean yes = n == 1 && g_file_test(only, G_FILE_TEST_IS_DIR) && looks_like_archive(only, TRUE);
	g_free(only);
	return yes;
}

static gboolean has_zip_suffix(const char *name)
{
	gsize n = strlen(name);
	return n > 4 && g_ascii_strcasecmp(name + n - 4, ".zip") == 0;
}

static gint cmp_items(gconstpointer a, gconstpointer b)
{
	return strcmp((*(item *const *)a)->name, (*(item *const *)b)->name);
}

/* The archives of INPUT_DIR (not OUT_DIR when it is inside), sorted. */
static gboolean list_archives(batch *b, GError **error)
{
	GError *e = NULL;
	GDir *d = g_dir_open(b->in_dir, 0, &e);
	struct stat out_st, in_st;
	gboolean have_out = stat(b->out_dir, &out_st) == 0;
	gboolean same = have_out && stat(b->in_dir, &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
	                in_st.st_ino == out_st.st_ino;
	static const char *const outputs[] = {"done", "results.jsonl", "summary.csv", "batch.json"};
	const char *name;

	if (!d) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': %s", b->in_dir, e->message);
		g_error_free(e);
		return FALSE;
	}
	while ((name = g_dir_read_name(d))) {
		char *path = g_build_filename(b->in_dir, name, NULL);
		struct stat st;
		gboolean take = FALSE, skip_quietly = name[0] == '.';

		for (gsize i = 0; same && i < G_N_ELEMENTS(outputs); i++)
			skip_quietly |= strcmp(name, outputs[i]) == 0;
		if (!skip_quietly && stat(path, &st) == 0) {
			if (have_out && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino)
				skip_quietly = TRUE;
			else if (S_ISREG(st.st_mode))
				take = has_zip_suffix(name);
			else if (S_ISDIR(st.st_mode))
				take = looks_like_archive(path, FALSE);
		}
		if (take) {
			item *it = g_new0(item, 1);
			it->name = g_strdup(name);
			it->path = path;
			g_ptr_array_add(b->items, it);
			continue;
		}
		if (!skip_quietly)
			note(b, "skipping '%s': neither a .zip file nor an archive folder", name);
		g_free(path);
	}
	g_dir_close(d);
	g_ptr_array_sort(b->items, cmp_items);
	return TRUE;
}

typedef struct hash_work {
	GPtrArray *items;
	gint next; /* atomic: the next item to hash */
} hash_work;

static gpointer hash_worker(gpointer user)
{
	hash_work *w = user;
	for (;;) {
		guint i = (guint)g_atomic_int_add(&w->next, 1);
		if (i >= w->items->len)
			return NULL;
		item *it = w->items->pdata[i];
		if (!tg_check_interrupt(&it->error))
			tg_batch_sha256(it->path, it->sha, &it->error);
	}
}

/* Hashes every item, JOBS threads at a time (joined: none outlives this). */
static void hash_all(batch *b)
{
	hash_work w = {b->items, 0};
	guint n = MIN(b->jobs, b->items->len);
	GThread **threads = g_new(GThread *, n);

	for (guint i = 0; i < n; i++)
		threads[i] = g_thread_new("tg-batch-hash", hash_worker, &w);
	for (guint i = 0; i < n; i++)
		g_thread_join(threads[i]);
	g_free(threads);
}

/* OUT_DIR/batch.json: what the records depend on besides each archive. A
 * folder made with other options is refused: its records would not mix. */
static char *identity(const batch *b)
{
	GString *s = g_string_new(NULL);
	tg_jsonw w;
	static const char *const levels[] = {"none", "contacts", "all"};

	tg_jsonw_init(&w, s, FALSE);
	tg_jsonw_begin_object(&w, NULL);
	tg_jsonw_string(&w, "talkgraph", TG_VERSION);
	tg_jsonw_string(&w, "tz", b->o->tz);
	tg_jsonw_string(&w, "since", b->o->since);
	tg_jsonw_string(&w, "until", b->o->until);
	tg_jsonw_string(&w, "anonymize", levels[b->anonymize]);
	if (b->o->salt) {
		/* The salt is the pseudonyms' key: only its digest is kept. */
		char *digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, b->o->salt, -1);
		char *v = g_strconcat("sha256:", digest, NULL);
		tg_jsonw_string(&w, "salt", v);
		g_free(v);
		g_free(digest);
	} else {
		tg_jsonw_null(&w, "salt");
	}
	tg_jsonw_end_object(&w);
	g_string_append_c(s, '\n');
	return g_string_free(s, FALSE);
}

static gboolean check_identity(const batch *b, GError **error)
{
	char *path = g_build_filename(b->out_dir, "batch.json", NULL);
	char *want = identity(b), *have = NULL;
	gboolean ok;

	if (g_file_get_contents(path, &have, NULL, NULL)) {
		ok = strcmp(have, want) == 0;
		if (!ok) {
			g_strchomp(have);
			g_set_error(error, TG_ERROR, TG_ERROR_USAGE,
			            "'%s' holds results made with other options (%s): use the same options, "
			            "or another output folder", b->out_dir, have);
		}
	} else {
		ok = write_atomic(path, want, strlen(want), error);
	}
	g_free(have);
	g_free(want);
	g_free(path);
	return ok;
}

static void add_arg(GPtrArray *a, const char *s)
{
	g_ptr_array_add(a, g_strdup(s));
}

static void add_arg_u64(GPtrArray *a, const char *opt, guint64 v)
{
	add_arg(a, opt);
	g_ptr_array_add(a, g_strdup_printf("%" G_GUINT64_FORMAT, v));
}

/* The program run per archive, as an absolute path. */
static char *worker_path(const char *worker, GError **error)
{
	char *p;
	if (!worker) {
		p = g_file_read_link("/proc/self/exe", NULL);
		if (!p)
			p = g_find_program_in_path("talkgraph");
		if (!p)
			g_set_error_literal(error, TG_ERROR, TG_ERROR_INPUT,
			                    "cannot find the talkgraph program to run (no /proc/self/exe): use --worker");
		return p;
	}
	if (strchr(worker, '/'))
		p = g_canonicalize_filename(worker, NULL);
	else
		p = g_find_program_in_path(worker);
	if (!p || !g_file_test(p, G_FILE_TEST_IS_EXECUTABLE) || g_file_test(p, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, TG_ERROR, TG_ERROR_USAGE, "--worker: cannot run '%s'", worker);
		g_free(p);
		return NULL;
	}
	return p;
}

static gboolean build_argv(batch *b, GError **error)
{
	const tg_options *o = b->o;
	char *prog = worker_path(o->worker, error);
	if (!prog)
		return FALSE;
	b->argv = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(b->argv, prog);
	add_arg(b->argv, "stats");
	add_arg(b->argv, "--json");
	add_arg(b->argv, "--quiet");
	if (b->anonymize)
		add_arg(b->argv, b->anonymize == 2 ? "--anonymize=all" : "--anonymize");
	if (o->salt) {
		add_arg(b->argv, "--salt");
		add_arg(b->argv, o->salt);
	}
	if (o->tz) {
		add_arg(b->argv, "--tz");
		add_arg(b->argv, o->tz);
	}
	if (o->since) {
		add_arg(b->argv, "--since");
		add_arg(b->argv, o->since);
	}
	if (o->until) {
		add_arg(b->argv, "--until");
		add_arg(b->argv, o->until);
	}
	if (o->strict)
		add_arg(b->argv, "--strict");
	add_arg_u64(b->argv, "--max-element", o->limits.max_element);
	add_arg_u64(b->argv, "--max-inflated", o->limits.max_inflated);
	add_arg_u64(b->argv, "--max-depth", o->limits.max_depth);
	add_arg_u64(b->argv, "--max-contacts", o->limits.max_contacts);
	/* JOBS analyses share the processors: each gets its share of threads
	 * (results do not depend on it), unless --threads says otherwise. */
	guint cores = (guint)MAX(g_get_num_processors(), 1);
	add_arg_u64(b->argv, "--threads", o->threads ? o->threads : MAX(1, cores / MAX(b->jobs, 1)));
	add_arg(b->argv, "--");
	return TRUE;
}

/* An unlinked read-write file in OUT_DIR for a child's output: nothing is
 * left behind whatever happens to either process. */
static int scratch_fd(const batch *b, GError **error)
{
	char *tmpl = g_build_filename(b->out_dir, ".job-XXXXXX", NULL);
	int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write in '%s': %s", b->out_dir, g_strerror(errno));
	else
		g_unlink(tmpl);
	g_free(tmpl);
	return fd;
}

/* The contents of the file FD (NUL-terminated, g_free; *LEN its length):
 * all of it, or NULL when it is larger than MAX; with TAIL, its last MAX
 * bytes at most. NULL when FD cannot be examined. */
static char *read_fd(int fd, gsize max, gboolean tail, gsize *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0)
		return NULL;
	gsize size = (gsize)st.st_size, from = 0;
	if (size > max) {
		if (!tail)
			return NULL;
		from = size - max;
		size = max;
	}
	char *buf = g_malloc(size + 1);
	gsize got = 0;
	while (got < size) {
		ssize_t n = pread(fd, buf + got, size - got, (off_t)(from + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (gsize)n;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void child_setup(gpointer user)
{
	const guint64 *max_memory = user;
#ifdef __linux__
	/* A batch that dies takes its analyses with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (*max_memory) {
		struct rlimit r = {(rlim_t)*max_memory, (rlim_t)*max_memory};
		setrlimit(RLIMIT_AS, &r);
	}
}

static gboolean start_job(batch *b, item *it, GError **error)
{
	job *j = g_new0(job, 1);
	GError *e = NULL;

	j->it = it;
	j->out_fd = scratch_fd(b, error);
	j->err_fd = j->out_fd >= 0 ? scratch_fd(b, error) : -1;
	if (j->err_fd < 0)
		goto fail;
	g_ptr_array_add(b->argv, it->name);
	g_ptr_array_add(b->argv, NULL);
	gboolean spawned = g_spawn_async_with_fds(b->in_dir, (char **)b->argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
	                                          child_setup, (gpointer)&b->o->max_memory, &j->pid, -1, j->out_fd,
	                                          j->err_fd, &e);
	/* Take the archive's name back off without freeing it. */
	g_ptr_array_steal_index(b->argv, b->argv->len - 1);
	g_ptr_array_steal_index(b->argv, b->argv->len - 1);
	if (!spawned) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot run '%s': %s", (char *)b->argv->pdata[0], e->message);
		g_error_free(e);
		goto fail;
	}
	j->deadline = g_get_monotonic_time() + (gint64)b->timeout_s * G_USEC_PER_SEC;
	g_ptr_array_add(b->running, j);
	return TRUE;
fail:
	if (j->out_fd >= 0)
		close(j->out_fd);
	if (j->err_fd >= 0)
		close(j->err_fd);
	g_free(j);
	return FALSE;
}

/* The last "talkgraph: " line of a child's stderr that is not a warning,
 * without the prefix, else its last line of any kind (a crash report, the
 * dynamic loader's complaint), at most 300 bytes; warnings into WARNINGS.
 * NULL when stderr is empty. */
static char *child_message(const char *text, GPtrArray *warnings)
{
	char **lines = g_strsplit(text, "\n", -1);
	char *msg = NULL, *other = NULL;
	for (guint i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (!*l)
			continue;
		if (!g_str_has_prefix(l, "talkgraph: ")) {
			g_free(other);
			other = g_strdup(l);
			continue;
		}
		l += strlen("talkgraph: ");
		if (g_str_has_prefix(l, "warning: ")) {
			if (warnings->len < 20)
				g_ptr_array_add(warnings, g_strdup(l));
			continue;
		}
		g_free(msg);
		msg = g_strdup(l);
	}
	g_strfreev(lines);
	if (!msg && other) {
		msg = other;
		other = NULL;
	}
	if (msg && strlen(msg) > 300)
		msg[g_utf8_find_prev_char(msg, msg + 300) - msg] = '\0';
	g_free(other);
	return msg;
}

/* Writes the record of IT; FALSE (and a stop) when it cannot be written. */
static gboolean record_result(batch *b, const item *it, const cJSON *stats, const char *message)
{
	GString *text = record_text(it->name, it->sha, stats, message, b->anonymize == 2);
	char *name = g_strconcat(it->sha, ".json", NULL);
	char *path = g_build_filename(b->done_dir, name, NULL);
	GError *e = NULL;
	gboolean written = write_atomic(path, text->str, text->len, &e);

	if (!written) {
		if (!b->fatal)
			b->fatal = e;
		else
			g_error_free(e);
		b->stop = TRUE;
	} else if (stats) {
		b->ok++;
	} else {
		b->failed++;
	}
	g_free(path);
	g_free(name);
	g_string_free(text, TRUE);
	return written;
}

/* Fixed names, not strsignal()'s translated ones: records are the same
 * bytes under any locale. */
static const char *signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV:
		return ": SIGSEGV";
	case SIGABRT:
		return ": SIGABRT";
	case SIGBUS:
		return ": SIGBUS";
	case SIGFPE:
		return ": SIGFPE";
	case SIGILL:
		return ": SIGILL";
	case SIGTRAP:
		return ": SIGTRAP";
	default:
		return "";
	}
}

/* A child has ended with wait status STATUS: its record, unless the batch
 * was interrupted before it could finish. */
static void finish_job(batch *b, job *j, int status)
{
	gsize out_len = 0, err_len = 0;
	char *err_text = read_fd(j->err_fd, STDERR_TAIL, TRUE, &err_len);
	GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
	char *msg = child_message(err_text ? err_text : "", warnings);
	char *failure = NULL;
	cJSON *stats = NULL;
	const char *name = j->it->name;
	gboolean exited = WIFEXITED(status);
	int code = exited ? WEXITSTATUS(status) : -1, sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	b->finished++;
	for (guint i = 0; i < warnings->len; i++)
		note(b, "%s: %s", name, (char *)warnings->pdata[i]);
	if (exited && code == 0) {
		char *out = read_fd(j->out_fd, TG_BATCH_MAX_OUTPUT, FALSE, &out_len);
		if (!out)
			failure = g_strdup_printf("the analysis printed more than %zu bytes", TG_BATCH_MAX_OUTPUT);
		else if (!(stats = cJSON_ParseWithLength(out, out_len)) || !cJSON_IsObject(stats))
			failure = g_strdup("the analysis printed no valid JSON");
		g_free(out);
	} else if (j->timed_out) {
		failure = g_strdup_printf("the analysis took longer than %u s: stopped (see --timeout)", b->timeout_s);
	} else if (j->cancelled || code == TG_EXIT_INTERRUPTED || sig == SIGINT || sig == SIGTERM) {
		/* Not a property of the archive: left to do for the next run. */
		b->interrupted_jobs++;
		note(b, "[%u/%u] %s: interrupted", b->finished, b->queue->len, name);
		goto out;
	} else if (exited && code == TG_EXIT_USAGE) {
		if (!b->fatal)
			g_set_error(&b->fatal, TG_ERROR, TG_ERROR_USAGE, "%s", msg ? msg : "the analysis refused its options");
		b->stop = TRUE;
		goto out;
	} else if (exited && code == TG_EXIT_FAILURE && msg) {
		failure = g_strdup(msg);
	} else if (exited) {
		failure = msg ? g_strdup_printf("the analysis failed with exit status %d: %s", code, msg)
		              : g_strdup_printf("the analysis failed with exit status %d", code);
	} else if (sig == SIGKILL) {
		failure = g_strdup("the analysis was killed (signal 9), perhaps for lack of memory");
	} else {
		failure = g_strdup_printf("the analysis crashed (signal %d%s)", sig, signal_name(sig));
	}
	if (failure && stats) {
		cJSON_Delete(stats);
		stats = NULL;
	}
	if (!record_result(b, j->it, stats, failure))
		goto out;
	if (failure)
		fprintf(b->err, "talkgraph: batch: [%u/%u] %s: failed: %s\n", b->finished, b->queue->len, name, failure);
	else
		note(b, "[%u/%u] %s: ok", b->finished, b->queue->len, name);
	fflush(b->err);
out:
	cJSON_Delete(stats);
	g_free(failure);
	g_free(msg);
	g_free(err_text);
	g_ptr_array_unref(warnings);
}

static void job_free(job *j)
{
	if (j->out_fd >= 0)
		close(j->out_fd);
	if (j->err_fd >= 0)
		close(j->err_fd);
	g_spawn_close_pid(j->pid);
	g_free(j);
}

static void cancel_running(batch *b)
{
	gint64 now = g_get_monotonic_time();
	for (guint i = 0; i < b->running->len; i++) {
		job *j = b->running->pdata[i];
		if (j->cancelled || j->timed_out)
			continue;
		j->cancelled = TRUE;
		j->kill_at = now + CANCEL_GRACE_US;
		kill(j->pid, SIGTERM);
	}
}

/* Runs the queue, JOBS children at a time, until it is empty or a stop. */
static void run_queue(batch *b)
{
	gboolean was_stopped = FALSE;
	for (;;) {
		if (!b->stop && tg_interrupted())
			b->stop = TRUE;
		if (b->stop && !was_stopped) {
			was_stopped = TRUE;
			if (b->running->len)
				note(b, "stopping: ending %u running %s", b->running->len,
				     b->running->len == 1 ? "analysis" : "analyses");
			cancel_running(b);
		}
		while (!b->stop && b->running->len < b->jobs && b->next < b->queue->len) {
			GError *e = NULL;
			if (!start_job(b, b->queue->pdata[b->next], &e)) {
				b->fatal = e;
				b->stop = TRUE;
				break;
			}
			b->next++;
		}
		if (!b->running->len && (b->stop || b->next == b->queue->len))
			break;
		gboolean reaped = FALSE;
		gint64 now = g_get_monotonic_time();
		for (guint i = b->running->len; i-- > 0;) {
			job *j = b->running->pdata[i];
			int status = 0;
			pid_t w = waitpid(j->pid, &status, WNOHANG);
			if (w == j->pid || (w < 0 && errno == ECHILD)) {
				g_ptr_array_remove_index(b->running, i);
				finish_job(b, j, w == j->pid ? status : (SIGKILL & 0x7f));
				job_free(j);
				reaped = TRUE;
			} else if (!j->timed_out && !j->cancelled && now >= j->deadline) {
				j->timed_out = TRUE;
				kill(j->pid, SIGKILL);
			} else if (j->cancelled && now >= j->kill_at) {
				kill(j->pid, SIGKILL);
				j->kill_at = G_MAXINT64;
			}
		}
		if (!reaped)
			g_usleep(POLL_US);
	}
}

gboolean tg_cmd_batch(const char *dir, const tg_options *o, FILE *err, GError **error)
{
	batch b;
	gboolean ok = FALSE;
	guint n_records = 0, done_before = 0, duplicates = 0, unreadable = 0;
	GHashTable *seen = NULL;
	char *results = NULL;

	memset(&b, 0, sizeof b);
	b.o = o;
	b.err = err;
	if (o->merge) {
		if (o->output) {
			g_set_error_literal(error, TG_ERROR, TG_ERROR_USAGE,
			                    "batch --merge takes the output folder as its argument, not -o");
			return FALSE;
		}
		if (!tg_batch_merge(dir, err, &n_records, error))
			return FALSE;
		if (!o->quiet)
			fprintf(err, "talkgraph: batch: %u results in '%s/results.jsonl' and '%s/summary.csv'\n", n_records,
			        dir, dir);
		return TRUE;
	}
	if (!o->output) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_USAGE, "batch: no output folder: give -o OUT_DIR");
		return FALSE;
	}
	if (o->no_anonymize && o->anonymize) {
		g_set_error_literal(error, TG_ERROR, TG_ERROR_USAGE, "--no-anonymize and --anonymize exclude each other");
		return FALSE;
	}
	if (o->shards && o->shard >= o->shards) {
		g_set_error(error, TG_ERROR, TG_ERROR_USAGE, "--shard: K must be below N in K/N, not %u/%u", o->shard,
		            o->shards);
		return FALSE;
	}
	if (o->tz) {
		tg_tz *tz = tg_tz_resolve(o->tz, NULL, NULL, error);
		if (!tz)
			return FALSE;
		tg_tz_free(tz);
	}
	b.in_dir = dir;
	b.out_dir = o->output;
	b.anonymize = o->no_anonymize ? 0 : MAX(o->anonymize, 1);
	b.jobs = o->jobs ? o->jobs : (guint)MAX(g_get_num_processors(), 1);
	b.timeout_s = o->timeout_s ? o->timeout_s : TG_BATCH_TIMEOUT_S;
	b.items = g_ptr_array_new_with_free_func(item_free);
	b.queue = g_ptr_array_new();
	b.running = g_ptr_array_new();
	b.done_dir = g_build_filename(b.out_dir, "done", NULL);

	if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, TG_ERROR, TG_ERROR_INPUT, "cannot read '%s': not a folder", dir);
		goto out;
	}
	if (g_mkdir_with_parents(b.done_dir, 0755) != 0) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot create '%s': %s", b.done_dir, g_strerror(errno));
		goto out;
	}
	if (!check_identity(&b, error) || !build_argv(&b, error) || !list_archives(&b, error))
		goto out;

	/* This shard's share: every N-th archive of the sorted list. */
	if (o->shards) {
		GPtrArray *mine = g_ptr_array_new_with_free_func(item_free);
		for (guint i = 0; i < b.items->len; i++) {
			if (i % o->shards != o->shard)
				continue;
			g_ptr_array_add(mine, b.items->pdata[i]);
			b.items->pdata[i] = NULL;
		}
		g_ptr_array_unref(b.items);
		b.items = mine;
	}
	note(&b, "%u archives in '%s'%s: computing their SHA-256", b.items->len, dir,
	     o->shards ? " for this shard" : "");
	hash_all(&b);
	if (tg_interrupted()) {
		b.stop = TRUE;
		goto finish;
	}

	/* What is left to do: not done before, first of identical copies. */
	seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < b.items->len; i++) {
		item *it = b.items->pdata[i];
		const char *first;
		if (it->error) {
			unreadable++;
			fprintf(err, "talkgraph: batch: %s: failed: %s\n", it->name, it->error->message);
			continue;
		}
		if ((first = g_hash_table_lookup(seen, it->sha))) {
			duplicates++;
			note(&b, "%s: the same archive as '%s': skipped", it->name, first);
			continue;
		}
		g_hash_table_insert(seen, it->sha, it->name);
		char *name = g_strconcat(it->sha, ".json", NULL);
		char *path = g_build_filename(b.done_dir, name, NULL);
		gboolean noent;
		GError *e = NULL;
		record *r = record_load(path, it->sha, &noent, &e);
		if (!r && !noent)
			note(&b, "%s: %s: analysed again", it->name, e->message);
		g_clear_error(&e);
		if (r && !(o->retry_errors && strcmp(r->status, "error") == 0)) {
			done_before++;
			if (strcmp(r->file, it->name) != 0)
				note(&b, "%s: done before, as '%s'", it->name, r->file);
		} else {
			g_ptr_array_add(b.queue, it);
		}
		record_free(r);
		g_free(path);
		g_free(name);
	}
	if (duplicates)
		note(&b, "%u %s of another archive", duplicates, duplicates == 1 ? "copy" : "copies");
	if (b.queue->len)
		note(&b, "%u done before, %u to analyse, %u at a time", done_before, b.queue->len,
		     MIN(b.jobs, b.queue->len));
	else
		note(&b, "%u done before, 0 to analyse", done_before);
	run_queue(&b);

finish:
	/* Shards share done/; the merge comes once they all have finished. */
	if (!o->shards) {
		GError *e = NULL;
		if (!tg_batch_merge(b.out_dir, err, &n_records, &e)) {
			if (!b.fatal)
				b.fatal = e;
			else
				g_error_free(e);
		}
	}
	if (b.fatal) {
		g_propagate_error(error, b.fatal);
		b.fatal = NULL;
		goto out;
	}
	if (b.stop) {
		g_set_error(error, TG_ERROR, TG_ERROR_INTERRUPTED,
		            "interrupted: %u of %u archives analysed, %u stopped mid-way; run the same command "
		            "again to resume", b.ok + b.failed, b.queue->len, b.interrupted_jobs);
		goto out;
	}
	results = g_build_filename(b.out_dir, "results.jsonl", NULL);
	if (o->shards)
		note(&b, "shard %u/%u: %u analysed, %u ok, %u failed; once every shard has finished, run "
		     "'talkgraph batch --merge %s'", o->shard, o->shards, b.finished, b.ok, b.failed, b.out_dir);
	else
		note(&b, "%u analysed: %u ok, %u failed; %u results in '%s'", b.finished, b.ok, b.failed, n_records,
		     results);
	if (b.failed + unreadable > 0)
		fprintf(err, "talkgraph: batch: %u of %u archives failed\n", b.failed + unreadable,
		        b.queue->len + unreadable);
	ok = TRUE;
out:
	g_free(results);
	if (seen)
		g_hash_table_unref(seen);
	if (b.fatal)
		g_error_free(b.fatal);
	if (b.argv)
		g_ptr_array_unref(b.argv);
	g_ptr_array_unref(b.running);
	g_ptr_array_unref(b.queue);
	g_ptr_array_unref(b.items);
	g_free(b.done_dir);
	return ok;
}
