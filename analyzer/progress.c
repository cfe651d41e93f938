/* SPDX-License-Identifier: MIT */
/* Progress on stderr for long runs: redrawn in place with '\r', throttled so
 * that drawing never costs more than the work it reports on. */
#include "progress.h"

struct tg_progress {
	FILE *out;
	gint64 last_us;
	gboolean drawn;
};

tg_progress *tg_progress_new(FILE *out)
{
	tg_progress *p = g_new0(tg_progress, 1);
	p->out = out;
	return p;
}

void tg_progress_update(void *user, guint64 done, guint64 total, const char *file)
{
	tg_progress *p = user;
	gint64 now = g_get_monotonic_time();
	if (p->drawn && now - p->last_us < 200000 && done < total)
		return;
	p->last_us = now;
	p->drawn = TRUE;
	double pct = total ? 100.0 * (double)MIN(done, total) / (double)total : 0.0;
	fprintf(p->out, "\r\033[Kreading %5.1f%%  %.1f of %.1f MB%s%s", pct, done / 1e6, total / 1e6,
	        file ? "  " : "", file ? file : "");
	fflush(p->out);
}

void tg_progress_free(tg_progress *p)
{
	if (!p)
		return;
	if (p->drawn) {
		fputs("\r\033[K", p->out);
		fflush(p->out);
	}
	g_free(p);
}
