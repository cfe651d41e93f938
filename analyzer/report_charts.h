/* SPDX-License-Identifier: MIT */
/* The bridge from an analysis to the charts module: fills the charts' input
 * from the figures, writes charts/NAME.dat + NAME.gp and renders them. */
#ifndef TG_REPORT_CHARTS_H
#define TG_REPORT_CHARTS_H

#include "analyse.h"
#include "outdir.h"

/* Writes every chart into D's charts/ folder and renders it. *RENDERED is
 * FALSE when gnuplot is missing (a warning through o->warn says how to
 * install it; the .dat and .gp files are written all the same). Errors: a
 * write failure, a gnuplot failure on a chart. */
gboolean tg_report_charts(tg_outdir *d, const tg_analysis *an, const tg_options *o, gboolean *rendered,
                          GError **error);

#endif
