/* SPDX-License-Identifier: MIT */
/* One analysis: every archive of the call loaded into one model (each owner
 * a node; an owner met in another owner's archive is the same node), the
 * model finished, and every figure computed. The commands start here. */
#ifndef TG_ANALYSE_H
#define TG_ANALYSE_H

#include "outputs.h"
#include "stats.h"
#include "talkgraph.h"

typedef struct tg_analysis {
	tg_model *model;
	tg_stats *stats;
} tg_analysis;

/* Loads the N archives PATHS with the options O into OUT. Warnings go to
 * o->warn; progress to stderr when o->progress and not o->quiet.
 * Errors: any archive's (TG_ERROR_INPUT), an unknown --tz (TG_ERROR_USAGE),
 * a temporary file that cannot be written or read (TG_ERROR_OUTPUT), an
 * interruption. Clear OUT with tg_analysis_clear() either way. */
gboolean tg_analyse(char *const *paths, guint n, const tg_options *o, tg_analysis *out,
                    GError **error);
void tg_analysis_clear(tg_analysis *a);

/* The threads an analysis with O uses: o->threads, or for 0 the number of
 * processors, at most 4 (reading is paced by one thread that inflates, so
 * more would mostly wait). */
guint tg_analysis_threads(const tg_options *o);

/* The writers' options (outputs.h) that the command options O ask for. */
void tg_analysis_out_options(const tg_options *o, tg_out_options *oo);

#endif
