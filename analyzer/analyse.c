/* SPDX-License-Identifier: MIT */
/* From archive paths to figures: open, load into one model, finish, compute.
 * Shared by every command that reports on relationships. */
#include "analyse.h"

#include <string.h>

#include "archive.h"
#include "filehash.h"
#include "load.h"
#include "progress.h"

void tg_analysis_clear(tg_analysis *a)
{
	tg_stats_free(a->stats);
	tg_model_free(a->model);
	memset(a, 0, sizeof *a);
}

guint tg_analysis_threads(const tg_options *o)
{
	if (o->threads)
		return o->threads;
	return (guint)CLAMP(g_get_num_processors(), 1, 4);
}

gboolean tg_analyse(char *const *paths, guint n, const tg_options *o, tg_analysis *out,
                    GError **error)
{
	tg_model_options mo;
	tg_load_options lo;
	tg_progress *progress = NULL;
	gboolean ok = FALSE;

	memset(out, 0, sizeof *out);
	tg_model_options_init(&mo);
	mo.tz = o->tz;
	mo.since_ms = o->since_ms;
	mo.until_ms = o->until_ms;
	mo.max_contacts = o->limits.max_contacts;
	mo.salt = o->salt;
	mo.warn = o->warn;
	mo.warn_user = o->warn_user;
	out->model = tg_model_new(&mo, error);
	if (!out->model)
		return FALSE;

	tg_load_options_init(&lo);
	lo.limits = o->limits;
	lo.strict = o->strict;
	lo.warn = o->warn;
	lo.warn_user = o->warn_user;
	lo.threads = tg_analysis_threads(o);
	if (o->progress && !o->quiet) {
		progress = tg_progress_new(stderr);
		lo.progress = tg_progress_update;
		lo.progress_user = progress;
	}
	tg_sink sink = tg_model_sink(out->model);
	for (guint i = 0; i < n; i++) {
		tg_load_report report;
		tg_archive *a = tg_archive_open(paths[i], &o->limits, error);
		if (!a)
			goto out;
		/* The input's SHA-256 (for stats.json) is a second pass over the
		 * file: on a thread of its own it overlaps the load. */
		tg_filehash *hash = tg_filehash_start(paths[i]);
		gboolean loaded = tg_load(a, &lo, &sink, &report, error);
		guint64 bytes = tg_archive_disk_size(a);
		char *sha256 = NULL;
		tg_archive_free(a);
		tg_load_report_clear(&report);
		if (!loaded) {
			tg_filehash_finish(hash, NULL, NULL);
			goto out;
		}
		if (!tg_filehash_finish(hash, &sha256, error))
			goto out;
		tg_model_note_input_sha256(out->model, paths[i], bytes, sha256);
		g_free(sha256);
	}
	tg_progress_free(progress);
	progress = NULL;
	tg_memory_trim();
	tg_debug_memory("loaded");
	if (!tg_model_finish(out->model, error))
		goto out;
	tg_memory_trim();
	tg_debug_memory("model finished");
	out->stats = tg_stats_compute_release(out->model, error);
	tg_memory_trim();
	tg_debug_memory("figures computed");
	ok = out->stats != NULL;
	if (ok && o->anonymize) {
		gboolean private_key = FALSE;
		g_bytes_unref(tg_model_pseudonym_key(out->model, &private_key));
		tg_stats_anonymize(out->stats, o->anonymize);
		if (!private_key && o->warn)
			o->warn(o->warn_user, "--anonymize: the archives hold no direct message and no follow list, so "
			                      "the pseudonyms rest on public data (account and tweets): give --salt "
			                      "with a secret of your own");
	}
out:
	tg_progress_free(progress);
	return ok;
}

void tg_analysis_out_options(const tg_options *o, tg_out_options *oo)
{
	tg_out_options_init(oo);
	oo->tz = o->tz;
	oo->since = o->since;
	oo->until = o->until;
	oo->anonymize = o->anonymize > 0;
}
