/* SPDX-License-Identifier: MIT */
/* talkgraph report: every output of SPEC.md in one folder, written through a
 * temporary folder renamed at the end. The files of a report are listed in
 * one table, from which --help, the report's index and the tests come. */
#ifndef TG_REPORT_H
#define TG_REPORT_H

#include "analyse.h"
#include "outdir.h"

/* What one report file is and how it is written. */
typedef struct tg_report_file {
	const char *name; /* path inside the report folder */
	const char *help; /* one line for people */
} tg_report_file;

/* The report's files, in writing order (charts are listed by charts.h). */
const tg_report_file *tg_report_files(guint *n);

/* report.html and report.md of the analysis AN into D (charts already
 * written and, when CHARTS_RENDERED, rendered under charts/). */
gboolean tg_report_write_html(tg_outdir *d, const tg_analysis *an, const tg_options *o,
                              gboolean charts_rendered, GError **error);
gboolean tg_report_write_md(tg_outdir *d, const tg_analysis *an, const tg_options *o,
                            gboolean charts_rendered, GError **error);

#endif
