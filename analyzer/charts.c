/* SPDX-License-Identifier: MIT */
/* The nine charts: each writer turns the plain input of charts.h into a
 * NAME.dat and a NAME.gp that renders NAME.svg and NAME.png, and the runner
 * starts gnuplot on them in the charts folder with a time limit. */
#include "charts.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* ---- Look ------------------------------------------------------------ */

/* Okabe-Ito, the palette that stays distinct for the common colour-vision
 * deficiencies. One colour per tweet kind / interaction type in every chart:
 * a reply is blue in the activity bars and in the top-contacts bars. */
#define C_ORIGINAL "#009E73"
#define C_REPLY "#0072B2"
#define C_THREAD "#F0E442"
#define C_QUOTE "#CC79A7"
#define C_MENTION "#56B4E9"
#define C_DM_SENT "#D55E00"
#define C_DM_RECEIVED "#E69F00"
/* Neither talk nor a type of its own: neutral greys. */
#define C_RETWEET "#BBBBBB"
#define C_GROUP_DM "#444444"
#define C_INK "#222222"
#define C_MUTED "#666666"
#define C_GRID "#E3E3E3"

/* The SVG size; the PNG is the same picture at twice the pixels, fonts,
 * lines and points, so that one layout (the network's labels) fits both. */
#define SVG_W 900
#define SVG_H 500
#define PNG_SCALE 2

/* Labels that come from the data are cut to this many characters. */
#define LABEL_MAX 24

static const char *const MONTH_ABBR[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- Text and numbers -------------------------------------------------- */

/* Fixed decimals through g_ascii_formatd: the same bytes in every locale.
 * A value that rounds to zero prints as 0, never as -0.000. */
static void
put_num(GString *s, double v, int decimals)
{
	static const char *const fmt[] = {"%.0f", "%.1f", "%.2f", "%.3f", "%.4f", "%.5f"};
	char buf[G_ASCII_DTOSTR_BUF_SIZE];
	if (!isfinite(v)) {
		g_string_append(s, "NaN");
		return;
	}
	decimals = CLAMP(decimals, 0, 5);
	if (fabs(v) < 0.5 * pow(10.0, -decimals))
		v = 0.0;
	g_ascii_formatd(buf, sizeof buf, fmt[decimals], v);
	g_string_append(s, buf);
}

/* 27000 -> "27,000", the way a slide writes a count. */
static void
put_count(GString *s, guint64 v)
{
	char digits[32];
	int n = g_snprintf(digits, sizeof digits, "%" G_GUINT64_FORMAT, v);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			g_string_append_c(s, ',');
		g_string_append_c(s, digits[i]);
	}
}

/* A share in percent for a label: one decimal, "<0.1%" rather than a
 * misleading "0.0%" for a small but non-zero share. */
static void
put_pct(GString *s, double pct)
{
	if (pct > 0 && pct < 0.05)
		g_string_append(s, "<0.1");
	else
		put_num(s, pct, 1);
	g_string_append_c(s, '%');
}

/* A label from the data as it will be printed: valid UTF-8, no control
 * characters (a newline would end a .dat row), at most LABEL_MAX characters
 * with an ellipsis. Free with g_free. */
static char *
clean_label(const char *s)
{
	char *valid = g_utf8_make_valid(s ? s : "", -1);
	GString *out = g_string_new(NULL);
	glong len = g_utf8_strlen(valid, -1);
	glong i = 0;
	for (const char *p = valid; *p; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		if (len > LABEL_MAX && i == LABEL_MAX - 1) {
			g_string_append(out, "\u2026");
			break;
		}
		if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)
			c = ' ';
		g_string_append_unichar(out, c);
	}
	g_free(valid);
	if (out->len == 0)
		g_string_append(out, "(no name)");
	return g_string_free(out, FALSE);
}

/* A string in a .gp: single quotes, where gnuplot knows no escape but ''
 * for a quote, so backslashes and double quotes pass through as they are.
 * Control characters become spaces: they would break the line. */
static void
gp_quote(GString *gp, const char *s)
{
	g_string_append_c(gp, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			g_string_append(gp, "''");
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			g_string_append_c(gp, ' ');
		else
			g_string_append_c(gp, *p);
	}
	g_string_append_c(gp, '\'');
}

/* A string field in a .dat. gnuplot reads a double-quoted field with C-like
 * escapes (\\ is one backslash) but has no reliable escape for the double
 * quote itself (\" fails before a space), so a double quote is printed as
 * the closing curly quote, which looks the same on a chart. */
static void
dat_quote(GString *dat, const char *s)
{
	g_string_append_c(dat, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '\\')
			g_string_append(dat, "\\\\");
		else if (*p == '"')
			g_string_append(dat, "\u201d");
		else if ((unsigned char)*p < 0x20 || *p == 0x7f)
			g_string_append_c(dat, ' ');
		else
			g_string_append_c(dat, *p);
	}
	g_string_append_c(dat, '"');
}

/* 8040 s -> "2 h 14 min": response times in the units people think in. */
static void
put_duration(GString *s, double secs)
{
	if (!(secs > 0))
		secs = 0;
	if (secs < 59.5) {
		g_string_append_printf(s, "%d s", (int)lround(secs));
	} else if (secs < 3570) {
		g_string_append_printf(s, "%d min", (int)lround(secs / 60));
	} else if (secs < 86370) {
		long m = lround(secs / 60);
		long h = m / 60;
		m %= 60;
		if (m == 0)
			g_string_append_printf(s, "%ld h", h);
		else
			g_string_append_printf(s, "%ld h %ld min", h, m);
	} else {
		long h = lround(secs / 3600);
		long d = h / 24;
		h %= 24;
		g_string_append_printf(s, "%ld %s", d, d == 1 ? "day" : "days");
		if (h)
			g_string_append_printf(s, " %ld h", h);
	}
}

/* A step of 1, 2 or 5 times a power of ten that cuts RANGE into about
 * TARGET intervals; counts never get a step below 1. */
static double
nice_step(double range, int target)
{
	double raw = range / target;
	if (!(raw > 1))
		return 1;
	double p = pow(10.0, floor(log10(raw)));
	double f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/* ---- Months ------------------------------------------------------------ */

/* "YYYY-MM" -> year * 12 + month - 1. The field is a char[8]; a value that
 * fills all eight bytes is refused rather than read past. */
static gboolean
month_index(const char m[8], int *out)
{
	if (!memchr(m, '\0', 8) || strlen(m) != 7 || m[4] != '-')
		return FALSE;
	for (int i = 0; i < 7; i++)
		if (i != 4 && !g_ascii_isdigit(m[i]))
			return FALSE;
	int y = (m[0] - '0') * 1000 + (m[1] - '0') * 100 + (m[2] - '0') * 10 + (m[3] - '0');
	int mo = (m[5] - '0') * 10 + (m[6] - '0');
	if (y < 1 || mo < 1 || mo > 12)
		return FALSE;
	*out = y * 12 + mo - 1;
	return TRUE;
}

/* The input months that parse, sorted by date, with their x position:
 * months since the first one, so that a month missing from the input
 * leaves a gap on the axis instead of closing it. */
typedef struct month_row {
	int x;
	guint i; /* index into in->months */
} month_row;

typedef struct month_axis {
	month_row *rows;
	guint n;
	int first; /* month index at x = 0 */
	int span;  /* months from the first to the last, both counted */
} month_axis;

static int
cmp_month_row(const void *a, const void *b)
{
	const month_row *p = a, *q = b;
	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static void
month_axis_init(month_axis *ax, const tg_charts_input *in)
{
	ax->rows = g_new(month_row, in->n_months ? in->n_months : 1);
	ax->n = 0;
	for (guint i = 0; i < in->n_months; i++) {
		int idx;
		if (month_index(in->months[i].month, &idx))
			ax->rows[ax->n++] = (month_row){idx, i};
	}
	qsort(ax->rows, ax->n, sizeof *ax->rows, cmp_month_row);
	ax->first = ax->n ? ax->rows[0].x : 0;
	ax->span = ax->n ? ax->rows[ax->n - 1].x - ax->first + 1 : 0;
	for (guint k = 0; k < ax->n; k++)
		ax->rows[k].x -= ax->first;
}

static void
month_axis_clear(month_axis *ax)
{
	g_free(ax->rows);
}

/* A month missing from the input is no month with zero: one blank line
 * before row K when months are skipped makes gnuplot break its lines
 * there (two would start a new data block). */
static void
gap_line(GString *dat, const month_axis *ax, guint k)
{
	if (k > 0 && ax->rows[k].x > ax->rows[k - 1].x + 1)
		g_string_append_c(dat, '\n');
}

static void
put_month(GString *s, int idx)
{
	g_string_append_printf(s, "%04d-%02d", idx / 12, idx % 12 + 1);
}

/* Month tics for a period of any length, dense enough to find a month and
 * sparse enough to read: every month up to 15 months, quarters up to four
 * years, then years (every 2 or 5 past 15 and 30 years). The year is
 * printed once per year, under January or the first labelled tic.
 * Without LABELS the tics are drawn unlabelled (a panel above another). */
static void
gp_month_xtics(GString *gp, const month_axis *ax, gboolean labels)
{
	int span = ax->span;
	int major_every = span <= 15 ? 1 : span <= 48 ? 3 : 12;
	int years_every = span <= 180 ? 1 : span <= 360 ? 2 : 5;
	gboolean year_first_seen = FALSE;
	gboolean first = TRUE;

	g_string_append(gp, "set xtics (");
	for (int x = 0; x < span; x++) {
		int idx = ax->first + x;
		int y = idx / 12, m = idx % 12;
		gboolean major, minor;
		if (major_every == 12) {
			major = m == 0 && y % years_every == 0;
			minor = !major && (years_every == 1 ? m % 3 == 0 : m == 0);
		} else {
			major = m % major_every == 0;
			minor = !major;
		}
		if (!major && !minor)
			continue;
		if (!first)
			g_string_append(gp, ", ");
		first = FALSE;
		if (minor || !labels) {
			g_string_append_printf(gp, minor ? "\"\" %d 1" : "\"\" %d", x);
			continue;
		}
		if (major_every == 12)
			g_string_append_printf(gp, "\"%d\" %d", y, x);
		else if (m == 0 || !year_first_seen)
			g_string_append_printf(gp, "\"%s %d\" %d", MONTH_ABBR[m], y, x);
		else
			g_string_append_printf(gp, "\"%s\" %d", MONTH_ABBR[m], x);
		year_first_seen = TRUE;
	}
	g_string_append(gp, ")\n");
	g_string_append_printf(gp, "set xrange [-0.5:%d.5]\n", span - 1);
}

/* ---- Script frame ------------------------------------------------------ */

/* The head of every .dat and .gp. The .gp draws the same picture twice in a
 * loop, once per terminal, rather than "replot", which cannot redo a
 * multi-part picture and keeps state between the two. */
static void
begin(const char *name, GString *dat, GString *gp)
{
	const tg_chart_def *def = tg_charts_find(name);
	g_assert(def);
	g_string_append_printf(dat, "# talkgraph chart '%s': %s\n# %s\n", name, def->title, def->help);
	g_string_append_printf(gp,
	                       "# talkgraph chart '%s': %s\n"
	                       "# %s\n"
	                       "# Run 'gnuplot %s.gp' in this folder to draw %s.dat into %s.svg and %s.png.\n"
	                       "do for [tg_pass = 1:2] {\n"
	                       "reset\n"
	                       "set encoding utf8\n"
	                       "if (tg_pass == 1) {\n"
	                       "  set terminal svg size %d,%d fixed font 'Arial,12' noenhanced"
	                       " background '#FFFFFF'\n"
	                       "  set output '%s.svg'\n"
	                       "} else {\n"
	                       "  set terminal pngcairo size %d,%d font 'Arial,12' fontscale %d"
	                       " linewidth %d pointscale %d noenhanced background '#FFFFFF'\n"
	                       "  set output '%s.png'\n"
	                       "}\n"
	                       "set title ",
	                       name, def->title, def->help, name, name, name, name, SVG_W, SVG_H, name,
	                       SVG_W * PNG_SCALE, SVG_H * PNG_SCALE, PNG_SCALE, PNG_SCALE, PNG_SCALE, name);
	gp_quote(gp, def->title);
	g_string_append(gp, " font ',16' textcolor rgb '" C_INK "'\n"
	                    "set border 3 lc rgb '" C_MUTED "'\n"
	                    "set tics nomirror out scale 0.6 textcolor rgb '" C_INK "'\n"
	                    "set xlabel textcolor rgb '" C_INK "'\n"
	                    "set ylabel textcolor rgb '" C_INK "'\n"
	                    "set key noenhanced textcolor rgb '" C_INK "'\n");
}

static void
end(GString *gp)
{
	g_string_append(gp, "unset output\n}\n");
}

/* The picture of a chart without data: the title and MESSAGE, so that a
 * report about an archive without DMs says so instead of missing a chart. */
static void
no_data(GString *dat, GString *gp, const char *message)
{
	g_string_append_printf(dat, "# no data: %s\n", message);
	g_string_append(gp, "unset border\nunset tics\nunset key\n"
	                    "set xrange [0:1]\nset yrange [0:1]\n"
	                    "set label 1 ");
	gp_quote(gp, message);
	g_string_append(gp, " at graph 0.5,0.5 center font ',18' textcolor rgb '" C_MUTED "'\n"
	                    /* A curve off the range: gnuplot needs one plot. */
	                    "plot -1 notitle\n");
}

/* A legend entry drawn as a filled box of COLOUR. */
static void
key_box(GString *gp, const char *colour, const char *title)
{
	g_string_append_printf(gp, "keyentry with boxes fc rgb '%s' title ", colour);
	gp_quote(gp, title);
	g_string_append(gp, ", \\\n     ");
}

/* ---- Contacts ---------------------------------------------------------- */

typedef struct itype {
	const char *title;
	const char *colour;
	gsize offset;
} itype;

#define N_TYPES 6
static const itype TYPES[N_TYPES] = {
	{"replies", C_REPLY, G_STRUCT_OFFSET(tg_charts_contact, replies)},
	{"mentions", C_MENTION, G_STRUCT_OFFSET(tg_charts_contact, mentions)},
	{"quotes", C_QUOTE, G_STRUCT_OFFSET(tg_charts_contact, quotes)},
	{"DMs sent", C_DM_SENT, G_STRUCT_OFFSET(tg_charts_contact, dms_sent)},
	{"DMs received", C_DM_RECEIVED, G_STRUCT_OFFSET(tg_charts_contact, dms_received)},
	{"group DMs received", C_GROUP_DM, G_STRUCT_OFFSET(tg_charts_contact, group_dms_received)},
};

static guint
type_count(const tg_charts_contact *c, guint t)
{
	return G_STRUCT_MEMBER(guint, c, TYPES[t].offset);
}

static guint64
strength(const tg_charts_contact *c)
{
	guint64 s = 0;
	for (guint t = 0; t < N_TYPES; t++)
		s += type_count(c, t);
	return s;
}

typedef struct ranked {
	guint64 strength;
	guint i;
} ranked;

/* Strongest first; equal strengths keep the input order, so the ranking is
 * a total order and the same input always gives the same chart. */
static int
cmp_ranked(const void *a, const void *b)
{
	const ranked *p = a, *q = b;
	if (p->strength != q->strength)
		return p->strength > q->strength ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* The contacts with strength > 0, strongest first; *N gets their number. */
static ranked *
rank_contacts(const tg_charts_input *in, guint *n)
{
	ranked *r = g_new(ranked, in->n_contacts ? in->n_contacts : 1);
	*n = 0;
	for (guint i = 0; i < in->n_contacts; i++) {
		guint64 s = strength(&in->contacts[i]);
		if (s > 0)
			r[(*n)++] = (ranked){s, i};
	}
	qsort(r, *n, sizeof *r, cmp_ranked);
	return r;
}

/* ---- 1. activity ------------------------------------------------------- */

static void
build_activity(const tg_charts_input *in, GString *dat, GString *gp)
{
	month_axis ax;
	guint64 tweets = 0, dms = 0;
	guint dm_max = 0;
	guint64 tweet_max = 0;
	month_axis_init(&ax, in);
	begin("activity", dat, gp);
	for (guint k = 0; k < ax.n; k++) {
		const tg_charts_month *m = &in->months[ax.rows[k].i];
		guint64 t = (guint64)m->original + m->reply + m->thread + m->retweet + m->quote;
		tweets += t;
		tweet_max = MAX(tweet_max, t);
		dms += (guint64)m->dms_sent + m->dms_received;
		dm_max = MAX(dm_max, MAX(m->dms_sent, m->dms_received));
	}
	if (tweets + dms == 0) {
		no_data(dat, gp, "No tweets or DMs in this archive");
		goto out;
	}

	g_string_append(dat, "# x (months since the first) month original reply thread retweet quote"
	                     " dms_sent dms_received\n");
	for (guint k = 0; k < ax.n; k++) {
		const tg_charts_month *m = &in->months[ax.rows[k].i];
		gap_line(dat, &ax, k);
		g_string_append_printf(dat, "%d ", ax.rows[k].x);
		put_month(dat, ax.first + ax.rows[k].x);
		g_string_append_printf(dat, " %u %u %u %u %u %u %u\n", m->original, m->reply, m->thread,
		                       m->retweet, m->quote, m->dms_sent, m->dms_received);
	}

	/* Two panels on one month axis: tweets stacked by kind above, DMs as
	 * lines below. On one panel the lines ran through the bars and could
	 * not be read, and DM counts may dwarf tweet counts or the reverse. */
	g_string_append(gp, "unset title\n"
	                    "set multiplot title ");
	gp_quote(gp, tg_charts_find("activity")->title);
	g_string_append(gp, " font ',16'\n"
	                    "set lmargin at screen 0.09\n"
	                    "set rmargin at screen 0.77\n");
	g_string_append_printf(gp, "set tmargin at screen 0.89\nset bmargin at screen %s\n", dms ? "0.42" : "0.12");
	gp_month_xtics(gp, &ax, dms == 0);
	/* Counts: whole-number tics, never gnuplot's 0.2 steps for small ones. */
	g_string_append(gp, tweets ? "set yrange [0:*]\nset ytics 0," : "set yrange [0:10]\nset ytics 0,");
	put_num(gp, nice_step(tweets ? (double)tweet_max : 10.0, 5), 0);
	g_string_append(gp, "\n"
	                    "set ylabel 'tweets per month'\n"
	                    "set grid ytics back lt 1 lc rgb '" C_GRID "'\n"
	                    "set key at screen 0.78,0.89 left top Left reverse samplen 1.2 spacing 1.15 font ',11'\n"
	                    "set boxwidth 0.8 absolute\n");
	/* White seams tell stacked parts apart while bars are wide enough to
	 * keep them; on long periods they would eat the bars. */
	if (ax.span <= 60)
		g_string_append(gp, "set style fill solid 1.0 border rgb '#FFFFFF'\n");
	else
		g_string_append(gp, "set style fill solid 1.0 noborder\n");
	/* Stacked from the bottom: conversation first (replies, quotes), then
	 * the owner's own posts, retweets (not talk) on top. Each layer is drawn
	 * as the sum up to it, tallest first, so the lower ones cover it; the
	 * legend lists them top down, as they appear. */
	static const struct {
		int col;
		const char *colour, *title;
	} stack[] = {
		{4, C_REPLY, "replies"},
		{7, C_QUOTE, "quotes"},
		{3, C_ORIGINAL, "original tweets"},
		{5, C_THREAD, "self-replies (threads)"},
		{6, C_RETWEET, "retweets"},
	};
	if (dms == 0)
		g_string_append(gp, "set label 9 'No DMs in this archive' at screen 0.78,0.40 left font ',11'"
		                    " textcolor rgb '" C_MUTED "'\n");
	g_string_append(gp, "plot ");
	for (int s = (int)G_N_ELEMENTS(stack) - 1; s >= 0; s--)
		key_box(gp, stack[s].colour, stack[s].title);
	for (int top = (int)G_N_ELEMENTS(stack) - 1; top >= 0; top--) {
		g_string_append_printf(gp, "%s using 1:(", top == (int)G_N_ELEMENTS(stack) - 1 ? "'activity.dat'" : "''");
		for (int s = 0; s <= top; s++)
			g_string_append_printf(gp, "%s$%d", s ? "+" : "", stack[s].col);
		g_string_append_printf(gp, ") with boxes fc rgb '%s' notitle%s", stack[top].colour,
		                       top ? ", \\\n     " : "\n");
	}
	if (dms > 0) {
		g_string_append(gp, "unset title\n"
		                    "set tmargin at screen 0.36\n"
		                    "set bmargin at screen 0.12\n");
		gp_month_xtics(gp, &ax, TRUE);
		/* A short panel: three or four tics, not gnuplot's crowded default. */
		g_string_append(gp, "set yrange [0:*]\nset ytics 0,");
		put_num(gp, nice_step(dm_max, 3), 0);
		g_string_append(gp, "\n"
		                    "set ylabel 'DMs per month'\n"
		                    "set key at screen 0.78,0.36 left top Left reverse samplen 2 spacing 1.15 font ',11'\n"
		                    "plot 'activity.dat' using 1:8 with lines lw 2 lc rgb '" C_DM_SENT
		                    "' title 'DMs sent', \\\n"
		                    "     '' using 1:9 with lines lw 2 dt (5,2) lc rgb '" C_DM_RECEIVED
		                    "' title 'DMs received'\n");
	}
	g_string_append(gp, "unset multiplot\n");
out:
	end(gp);
	month_axis_clear(&ax);
}

/* ---- 2. conversation-share --------------------------------------------- */

static void
build_conversation_share(const tg_charts_input *in, GString *dat, GString *gp)
{
	month_axis ax;
	double *pct = NULL;
	guint defined = 0;
	month_axis_init(&ax, in);
	begin("conversation-share", dat, gp);

	/* Every month of the period gets a row, NaN where the share is
	 * undefined, so that the line breaks there instead of bridging it. */
	pct = g_new(double, ax.span ? ax.span : 1);
	for (int x = 0; x < ax.span; x++)
		pct[x] = NAN;
	for (guint k = 0; k < ax.n; k++) {
		double v = in->months[ax.rows[k].i].conversation_share;
		if (isfinite(v)) {
			pct[ax.rows[k].x] = 100.0 * CLAMP(v, 0.0, 1.0);
			defined++;
		}
	}
	if (defined == 0) {
		no_data(dat, gp, "No own tweets in this archive");
		goto out;
	}

	/* The 3-month mean is centred (the month and its two neighbours), so
	 * that it does not lag behind the monthly values it smooths; it averages
	 * the neighbours that have a value, and is undefined where the month
	 * itself is, so that both lines break at the same gaps. */
	g_string_append(dat, "# x (months since the first) month share_pct mean3_pct\n");
	for (int x = 0; x < ax.span; x++) {
		double sum = 0;
		int n = 0;
		for (int d = -1; d <= 1 && isfinite(pct[x]); d++)
			if (x + d >= 0 && x + d < ax.span && isfinite(pct[x + d])) {
				sum += pct[x + d];
				n++;
			}
		g_string_append_printf(dat, "%d ", x);
		put_month(dat, ax.first + x);
		g_string_append_c(dat, ' ');
		put_num(dat, pct[x], 2);
		g_string_append_c(dat, ' ');
		put_num(dat, n ? sum / n : NAN, 2);
		g_string_append_c(dat, '\n');
	}

	gp_month_xtics(gp, &ax, TRUE);
	g_string_append(gp, "set yrange [0:100]\n"
	                    "set ytics 0,20,100\n"
	                    "set format y '%g%%'\n"
	                    "set ylabel 'tweets that talk to someone'\n"
	                    "set grid ytics back lt 1 lc rgb '" C_GRID "'\n"
	                    "set key outside below center horizontal spacing 1.1 width 1\n"
	                    /* The monthly values over the average: thin on thick. */
	                    "plot 'conversation-share.dat' using 1:4 with lines lw 3 lc rgb '" C_REPLY
	                    "' title '3-month average', \\\n"
	                    "     '' using 1:3 with linespoints lw 1 pt 7 ps 0.6 lc rgb '" C_MENTION
	                    "' title 'each month'");
	if (isfinite(in->conversation_share)) {
		GString *t = g_string_new("all time: ");
		put_pct(t, 100.0 * CLAMP(in->conversation_share, 0.0, 1.0));
		g_string_append(gp, ", \\\n     ");
		put_num(gp, 100.0 * CLAMP(in->conversation_share, 0.0, 1.0), 2);
		g_string_append(gp, " with lines lw 1.5 dt (8,4) lc rgb '" C_INK "' title ");
		gp_quote(gp, t->str);
		g_string_free(t, TRUE);
	}
	g_string_append_c(gp, '\n');
out:
	end(gp);
	g_free(pct);
	month_axis_clear(&ax);
}

/* ---- 3. rhythm --------------------------------------------------------- */

static void
build_rhythm(const tg_charts_input *in, GString *dat, GString *gp)
{
	static const char *const DAYS[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	guint max = 0;
	char *tz = clean_label(in->tz ? in->tz : "UTC");
	begin("rhythm", dat, gp);
	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			max = MAX(max, in->rhythm[d][h]);
	if (max == 0) {
		no_data(dat, gp, "No tweets or DMs in this archive");
		goto out;
	}

	g_string_append_printf(dat, "# rows: Monday to Sunday; columns: hours 0 to 23 in %s\n", tz);
	for (int d = 0; d < 7; d++) {
		for (int h = 0; h < 24; h++)
			g_string_append_printf(dat, h ? " %u" : "%u", in->rhythm[d][h]);
		g_string_append_c(dat, '\n');
	}

	g_string_append(gp, "unset key\n"
	                    "set border 0\n"
	                    "set xrange [-0.5:23.5]\n"
	                    /* Reversed, so that the week reads top down from Monday. */
	                    "set yrange [6.5:-0.5]\n"
	                    "set xtics (");
	for (int h = 0; h < 24; h++)
		g_string_append_printf(gp, h % 3 ? "%s\"\" %d 1" : "%s\"%d:00\" %d", h ? ", " : "", h, h);
	g_string_append(gp, ")\nset ytics (");
	for (int d = 0; d < 7; d++)
		g_string_append_printf(gp, "%s\"%s\" %d", d ? ", " : "", DAYS[d], d);
	g_string_append(gp, ")\nset tics scale 0.4\nset xlabel ");
	{
		GString *t = g_string_new("hour of day, ");
		g_string_append(t, tz);
		g_string_append(t, " time");
		gp_quote(gp, t->str);
		g_string_free(t, TRUE);
	}
	g_string_append(gp, " noenhanced\n"
	                    "set cblabel 'tweets and DMs sent' offset char 1.5,0 textcolor rgb '" C_INK "'\n"
	                    /* Sequential single-hue blues: read the same by every
	                     * kind of colour vision, and white means none. */
	                    "set palette defined (0 '#F7FBFF', 1 '#C6DBEF', 2 '#6BAED6', 3 '#2171B5',"
	                    " 4 '#08306B')\n");
	g_string_append_printf(gp, "set cbrange [0:%u]\n", max);
	g_string_append(gp, "set cbtics 0,");
	put_num(gp, nice_step(max, 5), 0);
	g_string_append(gp, " out scale 0.4\n"
	                    "set format cb '%.0f'\n"
	                    "plot 'rhythm.dat' matrix with image pixels notitle\n");
out:
	end(gp);
	g_free(tz);
}

/* ---- 4. top-contacts --------------------------------------------------- */

#define TOP_N 20

static void
build_top_contacts(const tg_charts_input *in, GString *dat, GString *gp)
{
	guint n;
	ranked *r = rank_contacts(in, &n);
	gboolean used[N_TYPES] = {FALSE};
	begin("top-contacts", dat, gp);
	if (n == 0) {
		no_data(dat, gp, "No contacts you talked with in this archive");
		goto out;
	}
	n = MIN(n, TOP_N);

	g_string_append(dat, "# rank label replies mentions quotes dms_sent dms_received group_dms_received"
	                     " strength\n");
	for (guint k = 0; k < n; k++) {
		const tg_charts_contact *c = &in->contacts[r[k].i];
		char *label = clean_label(c->label);
		g_string_append_printf(dat, "%u ", k + 1);
		dat_quote(dat, label);
		for (guint t = 0; t < N_TYPES; t++) {
			g_string_append_printf(dat, " %u", type_count(c, t));
			used[t] |= type_count(c, t) > 0;
		}
		g_string_append_printf(dat, " %" G_GUINT64_FORMAT "\n", r[k].strength);
		g_free(label);
	}

	g_string_append_printf(gp, "set yrange [%u.5:0.5]\n", n);
	/* Room on the right for the total printed after the longest bar. */
	g_string_append(gp, "set xrange [0:");
	put_num(gp, (double)r[0].strength * 1.1 + 1, 0);
	g_string_append(gp, "]\nset xtics 0,");
	put_num(gp, nice_step((double)r[0].strength, 6), 0);
	g_string_append(gp, "\n"
	                    "set border 1 lc rgb '" C_MUTED "'\n"
	                    "set ytics scale 0 noenhanced\n"
	                    "set xlabel 'interactions (all time)'\n"
	                    "set grid xtics back lt 1 lc rgb '" C_GRID "'\n");
	/* The legend goes in the empty corner under the short bars when the
	 * last seven bars leave it free (the usual long tail); else below. */
	guint64 tail = 0;
	for (guint k = n > 7 ? n - 7 : 0; k < n; k++)
		tail = MAX(tail, r[k].strength);
	if (n >= 10 && tail * 100 <= r[0].strength * 55)
		g_string_append(gp, "set key inside right bottom vertical reverse Left samplen 1.2 spacing 1.1 font ',11'"
		                    " box lc rgb '#FFFFFF' opaque\n");
	else
		g_string_append(gp, "set key outside below center horizontal reverse Left samplen 1.2 width -1 font ',11'\n");
	g_string_append(gp, "set style fill solid 1.0 border rgb '#FFFFFF'\n"
	                    "plot ");
	/* One bar per contact, one box per interaction type from the sum of
	 * the types before it (columns 3.. of the .dat) to the sum with it. */
	gboolean first = TRUE;
	for (guint t = 0; t < N_TYPES; t++) {
		if (!used[t])
			continue;
		GString *lo = g_string_new("0");
		for (guint u = 0; u < t; u++)
			g_string_append_printf(lo, "+$%u", 3 + u);
		g_string_append_printf(gp, "%s using (0):1:(%s):(%s+$%u):($1-0.38):($1+0.38)%s with boxxyerror"
		                           " fc rgb '%s' title ",
		                       first ? "'top-contacts.dat'" : "''", lo->str, lo->str, 3 + t,
		                       first ? ":ytic(2)" : "", TYPES[t].colour);
		gp_quote(gp, TYPES[t].title);
		g_string_append(gp, ", \\\n     ");
		g_string_free(lo, TRUE);
		first = FALSE;
	}
	g_string_append(gp, "'' using 9:1:(stringcolumn(9)) with labels left offset char 0.4,0"
	                    " textcolor rgb '" C_INK "' notitle\n");
out:
	end(gp);
	g_free(r);
}

/* ---- 5. funnel --------------------------------------------------------- */

static void
build_funnel(const tg_charts_input *in, GString *dat, GString *gp)
{
	static const char *const STAGE_COLOUR[3] = {C_RETWEET, C_MENTION, C_REPLY};
	static const char *const STAGE[3] = {"all", "talked", "two-way"};
	const tg_charts_funnel *side[2] = {&in->followers, &in->following};
	static const char *const SIDE[2] = {"followers", "following"};
	static const char *const SIDE_TITLE[2] = {"Followers", "Following"};
	/* The two funnels' centres; each one's widest bar spans +-0.95. */
	static const double CX[2] = {-1.05, 1.05};
	begin("funnel", dat, gp);
	if (in->followers.total == 0 && in->following.total == 0) {
		no_data(dat, gp, "No follower or following lists in this archive");
		goto out;
	}

	/* Each funnel is scaled to its own list, since the question is what
	 * share of that list a conversation reaches; the numbers carry the
	 * sizes. A non-zero stage keeps a sliver of width to stay visible. */
	g_string_append(dat, "# list stage count pct_of_list x_centre half_width row colour label\n");
	for (int s = 0; s < 2; s++) {
		guint v[3] = {side[s]->total, side[s]->talked, side[s]->two_way};
		for (int st = 0; st < 3; st++) {
			double pct = side[s]->total ? 100.0 * v[st] / side[s]->total : 0.0;
			double hw = side[s]->total ? 0.95 * MIN(1.0, (double)v[st] / side[s]->total) : 0.0;
			if (v[st] > 0)
				hw = MAX(hw, 0.012);
			GString *label = g_string_new(NULL);
			put_count(label, v[st]);
			if (st > 0 && side[s]->total) {
				g_string_append(label, " (");
				put_pct(label, pct);
				g_string_append_c(label, ')');
			}
			g_string_append_printf(dat, "%s %s %u ", SIDE[s], STAGE[st], v[st]);
			put_num(dat, pct, 2);
			g_string_append_c(dat, ' ');
			put_num(dat, CX[s], 2);
			g_string_append_c(dat, ' ');
			put_num(dat, hw, 4);
			g_string_append_printf(dat, " %d %ld ", st, strtol(STAGE_COLOUR[st] + 1, NULL, 16));
			dat_quote(dat, side[s]->total ? label->str : "");
			g_string_append_c(dat, '\n');
			g_string_free(label, TRUE);
		}
	}

	g_string_append(gp, "unset key\n"
	                    "set border 0\n"
	                    "unset xtics\n"
	                    "set xrange [-2.1:2.1]\n"
	                    "set yrange [2.55:-1.0]\n"
	                    "set ytics scale 0 ('all' 0, 'talked with' 1, 'two-way' 2)\n"
	                    "set style fill solid 1.0 noborder\n");
	for (int s = 0; s < 2; s++) {
		g_string_append_printf(gp, "set label %d ", 1 + s);
		gp_quote(gp, SIDE_TITLE[s]);
		g_string_append(gp, " at ");
		put_num(gp, CX[s], 2);
		g_string_append(gp, ",-0.72 center font ',14' textcolor rgb '" C_INK "'\n");
		if (side[s]->total == 0) {
			g_string_append_printf(gp, "set label %d 'not in this archive' at ", 3 + s);
			put_num(gp, CX[s], 2);
			g_string_append(gp, ",1 center textcolor rgb '" C_MUTED "'\n");
		}
	}
	g_string_append(gp, "set label 5 'talked with: any reply, mention, quote or DM either way;"
	                    " two-way: you both wrote' at screen 0.5,0.04 center font ',10'"
	                    " textcolor rgb '" C_MUTED "'\n"
	                    "plot 'funnel.dat' using 5:7:($5-$6):($5+$6):($7-0.27):($7+0.27):8"
	                    " with boxxyerror lc rgb variable notitle, \\\n"
	                    "     '' using 5:($7-0.42):9 with labels center textcolor rgb '" C_INK "' notitle\n");
out:
	end(gp);
}

/* ---- 6. relationships -------------------------------------------------- */

static void
build_relationships(const tg_charts_input *in, GString *dat, GString *gp)
{
	month_axis ax;
	guint max_up = 0, max_down = 0;
	month_axis_init(&ax, in);
	begin("relationships", dat, gp);
	for (guint k = 0; k < ax.n; k++) {
		const tg_charts_month *m = &in->months[ax.rows[k].i];
		max_up = MAX(max_up, MAX(m->new_contacts, m->active_contacts));
		max_down = MAX(max_down, m->went_dormant);
	}
	if (max_up == 0 && max_down == 0) {
		no_data(dat, gp, "No contacts in this archive");
		goto out;
	}

	g_string_append(dat, "# x (months since the first) month new_contacts active_contacts went_dormant\n");
	for (guint k = 0; k < ax.n; k++) {
		const tg_charts_month *m = &in->months[ax.rows[k].i];
		gap_line(dat, &ax, k);
		g_string_append_printf(dat, "%d ", ax.rows[k].x);
		put_month(dat, ax.first + ax.rows[k].x);
		g_string_append_printf(dat, " %u %u %u\n", m->new_contacts, m->active_contacts, m->went_dormant);
	}

	/* Contacts who went quiet are drawn below zero; the tics print plain
	 * counts on both sides, since a count of people is never negative. */
	double step = nice_step((double)max_up + max_down, 6);
	double lo = -(max_down * 1.1), hi = max_up * 1.08 + 1;
	double tic0 = -floor(max_down / step) * step;
	gp_month_xtics(gp, &ax, TRUE);
	g_string_append(gp, "set yrange [");
	put_num(gp, lo, 1);
	g_string_append_c(gp, ':');
	put_num(gp, hi, 1);
	g_string_append(gp, "]\nset ytics (");
	for (double v = tic0; v <= hi; v += step) {
		g_string_append(gp, v > tic0 ? ", \"" : "\"");
		put_num(gp, fabs(v), 0);
		g_string_append(gp, "\" ");
		put_num(gp, v, 0);
	}
	g_string_append(gp, ")\n"
	                    "set ylabel 'contacts'\n"
	                    "set grid ytics back lt 1 lc rgb '" C_GRID "'\n"
	                    "set xzeroaxis lt 1 lw 1 lc rgb '" C_MUTED "'\n"
	                    "set key outside below center horizontal reverse Left samplen 1.2 width -1 font ',11'\n"
	                    "set boxwidth 0.8 absolute\n"
	                    "set style fill solid 1.0 noborder\n"
	                    "plot 'relationships.dat' using 1:3 with boxes fc rgb '" C_ORIGINAL
	                    "' title 'new (first interaction)', \\\n");
	if (max_down)
		g_string_append(gp, "     '' using 1:(-$5) with boxes fc rgb '" C_DM_SENT
		                    "' title 'went quiet (then silent for over a year)', \\\n");
	g_string_append(gp, "     '' using 1:4 with lines lw 2 lc rgb '" C_INK
	                    "' title 'active (any interaction)'\n");
out:
	end(gp);
	month_axis_clear(&ax);
}

/* ---- 7. strength ------------------------------------------------------- */

static void
build_strength(const tg_charts_input *in, GString *dat, GString *gp)
{
	guint n;
	ranked *r = rank_contacts(in, &n);
	begin("strength", dat, gp);
	if (n == 0) {
		no_data(dat, gp, "No contacts you talked with in this archive");
		goto out;
	}

	/* r is strongest first: walking it backwards meets each strength once
	 * at its last (weakest) position, where "at least s" counts the rest. */
	guint64 total = 0, top = 0;
	guint top_n = (n + 9) / 10;
	for (guint k = 0; k < n; k++) {
		total += r[k].strength;
		if (k < top_n)
			top += r[k].strength;
	}
	g_string_append(dat, "# strength contacts_with_at_least_this pct_of_contacts\n");
	for (guint k = n; k-- > 0;) {
		if (k > 0 && r[k - 1].strength == r[k].strength)
			continue;
		double pct = 100.0 * (k + 1) / n;
		g_string_append_printf(dat, "%" G_GUINT64_FORMAT " %u ", r[k].strength, k + 1);
		put_num(dat, pct, 4);
		g_string_append_c(dat, '\n');
	}

	GString *note = g_string_new(NULL);
	put_count(note, n);
	g_string_append(note, n == 1 ? " contact" : " contacts");
	if (n >= 10) {
		g_string_append(note, "; the top 10% get ");
		put_pct(note, 100.0 * top / total);
		g_string_append(note, " of all interactions");
	}
	g_string_append(gp, "set logscale xy 10\n"
	                    "set xrange [0.8:");
	put_num(gp, r[0].strength * 1.6 + 1, 0);
	g_string_append(gp, "]\nset yrange [");
	put_num(gp, 100.0 / n / 1.8, 5);
	g_string_append(gp, ":160]\n"
	                    "set format x '%.0f'\n"
	                    "set ytics ('100%%' 100, '10%%' 10, '1%%' 1, '0.1%%' 0.1, '0.01%%' 0.01, '0.001%%' 0.001)\n"
	                    "set xlabel 'interactions with a contact (log scale)'\n"
	                    "set ylabel 'contacts with at least that many (log scale)'\n"
	                    "set grid xtics ytics back lt 1 lc rgb '" C_GRID "'\n"
	                    "unset key\n"
	                    "set label 1 ");
	gp_quote(gp, note->str);
	g_string_append(gp, " at graph 0.98,0.94 right textcolor rgb '" C_INK "'\n"
	                    "plot 'strength.dat' using 1:3 with linespoints lw 1.5 pt 7 ps 0.6 lc rgb '" C_REPLY
	                    "' notitle\n");
	g_string_free(note, TRUE);
out:
	end(gp);
	g_free(r);
}

/* ---- 8. network -------------------------------------------------------- */

#define NET_NODES 100
#define NET_EDGES 400
#define NET_LABELS 30
/* The plot area in screen fractions: the legend has the right-hand part. */
#define NET_LEFT 0.01
#define NET_RIGHT 0.63
#define NET_BOTTOM 0.09
#define NET_TOP 0.90
/* Half the height of the plot in data units: contacts lie within radius 1. */
#define NET_HALF_H 1.12
/* Node and label sizes in SVG pixels (the PNG doubles all of them). */
#define NET_FONT_PX 10.0
#define NET_POINT_PX 4.5 /* radius of a filled circle at pointsize 1 */
#define NET_OWNER_PS 2.6

static const char *const CIRCLE_COLOUR[] = {C_REPLY, C_DM_SENT, C_ORIGINAL, C_QUOTE,
                                             C_DM_RECEIVED, C_MENTION, C_THREAD};
#define N_CIRCLE_COLOURS G_N_ELEMENTS(CIRCLE_COLOUR)
#define C_NO_CIRCLE "#999999"

typedef struct net_node {
	guint contact;
	guint64 strength;
	guint group; /* index into the sorted circle groups */
	double x, y; /* data units */
	double ps;   /* gnuplot pointsize */
} net_node;

typedef struct net_group {
	guint circle;
	guint count;
} net_group;

typedef struct box {
	double x0, y0, x1, y1;
} box;

typedef struct net_label {
	double x, y; /* anchor, data units */
	int align;   /* 0 left, 1 right, 2 centre */
	char *text;
} net_label;

/* Circles with more shown members first; "no circle" (0) last. */
static int
cmp_group(const void *a, const void *b)
{
	const net_group *p = a, *q = b;
	if ((p->circle == 0) != (q->circle == 0))
		return p->circle == 0 ? 1 : -1;
	if (p->count != q->count)
		return p->count > q->count ? -1 : 1;
	return p->circle < q->circle ? -1 : p->circle > q->circle;
}

typedef struct net_edge {
	guint a, b; /* node indices */
	guint64 weight;
} net_edge;

static int
cmp_edge(const void *x, const void *y)
{
	const net_edge *p = x, *q = y;
	if (p->weight != q->weight)
		return p->weight > q->weight ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* The width of TEXT in pixels at the label font, guessed from character
 * classes with DejaVu Sans' proportions (the widest of the fonts "Arial"
 * falls back to), so that the guess errs towards too wide. */
static double
text_width_px(const char *text)
{
	double em = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (c >= 0x80)
			em += g_unichar_iswide(c) ? 1.0 : 0.7;
		else if (strchr("iljtfrI.,:;'!|() ", (int)c))
			em += 0.36;
		else if (strchr("mwMW@%", (int)c))
			em += 0.95;
		else if (g_ascii_isupper(c))
			em += 0.72;
		else
			em += 0.62;
	}
	return em * NET_FONT_PX;
}

static gboolean
overlaps(const box *a, const box *b)
{
	return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Greedy label placement in pixels (y up, owner at 0,0): each of the
 * strongest nodes in turn tries eight spots around itself, outward side
 * first, and takes the first that stays in the plot and clears every node
 * and every label placed so far; a label that fits nowhere is left out. */
static GPtrArray *
place_labels(const tg_charts_input *in, const net_node *nodes, guint n, double ppu, double half_w_px,
             double half_h_px, const char *owner)
{
	GPtrArray *labels = g_ptr_array_new();
	GArray *taken = g_array_new(FALSE, FALSE, sizeof(box));
	const double h = NET_FONT_PX * 1.25, pad = 2;

	/* Every node is an obstacle, its own too: a label sits beside it. */
	for (guint k = 0; k < n; k++) {
		double r = nodes[k].ps * NET_POINT_PX + 1;
		box b = {nodes[k].x * ppu - r, nodes[k].y * ppu - r, nodes[k].x * ppu + r, nodes[k].y * ppu + r};
		g_array_append_val(taken, b);
	}
	double owner_r = NET_OWNER_PS * NET_POINT_PX + 1;
	box ob = {-owner_r, -owner_r, owner_r, owner_r};
	g_array_append_val(taken, ob);

	/* The owner's name goes under the owner, always. */
	{
		double w = text_width_px(owner);
		box b = {-w / 2, -owner_r - 3 - h, w / 2, -owner_r - 3};
		net_label *l = g_new(net_label, 1);
		*l = (net_label){0, (b.y0 + b.y1) / 2 / ppu, 2, g_strdup(owner)};
		g_ptr_array_add(labels, l);
		g_array_append_val(taken, b);
	}

	for (guint k = 0; k < MIN(n, NET_LABELS); k++) {
		char *text = clean_label(in->contacts[nodes[k].contact].label);
		double cx = nodes[k].x * ppu, cy = nodes[k].y * ppu;
		double g = nodes[k].ps * NET_POINT_PX + 3, d = g * 0.75;
		double w = text_width_px(text);
		double side = cx >= 0 ? 1 : -1;
		/* (dx, dy) of the anchor, and the alignment seen from the right. */
		const struct {
			double dx, dy;
			int align;
		} spot[8] = {
			{g, 0, 0},           {d, d + h / 2, 0}, {d, -d - h / 2, 0}, {0, g + h / 2, 2},
			{0, -g - h / 2, 2}, {-g, 0, 1},        {-d, d + h / 2, 1}, {-d, -d - h / 2, 1},
		};
		for (int s = 0; s < 8; s++) {
			double ax = cx + side * spot[s].dx, ay = cy + spot[s].dy;
			int align = spot[s].align;
			if (side < 0 && align != 2)
				align = 1 - align;
			double x0 = align == 0 ? ax : align == 1 ? ax - w : ax - w / 2;
			box b = {x0 - pad, ay - h / 2 - pad, x0 + w + pad, ay + h / 2 + pad};
			if (b.x0 < -half_w_px || b.x1 > half_w_px || b.y0 < -half_h_px || b.y1 > half_h_px)
				continue;
			gboolean clear = TRUE;
			for (guint t = 0; t < taken->len && clear; t++) {
				if (t == k) /* its own node: the spots are already beside it */
					continue;
				clear = !overlaps(&b, &g_array_index(taken, box, t));
			}
			if (!clear)
				continue;
			net_label *l = g_new(net_label, 1);
			*l = (net_label){ax / ppu, ay / ppu, align, text};
			text = NULL;
			g_ptr_array_add(labels, l);
			g_array_append_val(taken, b);
			break;
		}
		g_free(text);
	}
	g_array_free(taken, TRUE);
	return labels;
}

static void
build_network(const tg_charts_input *in, GString *dat, GString *gp)
{
	guint n_ranked;
	ranked *r = rank_contacts(in, &n_ranked);
	guint n = MIN(n_ranked, NET_NODES);
	net_node *nodes = NULL;
	net_group *groups = NULL;
	guint n_groups = 0;
	gint *node_of = NULL;
	GArray *edges = NULL;
	GPtrArray *labels = NULL;
	char *owner = clean_label(in->owner_label ? in->owner_label : "you");
	begin("network", dat, gp);
	if (n == 0) {
		no_data(dat, gp, "No contacts you talked with in this archive");
		goto out;
	}

	nodes = g_new0(net_node, n);
	groups = g_new0(net_group, n);
	for (guint k = 0; k < n; k++) {
		const tg_charts_contact *c = &in->contacts[r[k].i];
		guint g;
		nodes[k].contact = r[k].i;
		nodes[k].strength = r[k].strength;
		for (g = 0; g < n_groups && groups[g].circle != c->circle; g++)
			;
		if (g == n_groups)
			groups[n_groups++] = (net_group){c->circle, 0};
		groups[g].count++;
	}
	qsort(groups, n_groups, sizeof *groups, cmp_group);
	for (guint k = 0; k < n; k++)
		for (guint g = 0; g < n_groups; g++)
			if (groups[g].circle == in->contacts[nodes[k].contact].circle)
				nodes[k].group = g;

	/* Distance from the owner by strength on a log scale (heavy tails would
	 * push all but a few to the rim on a linear one), stronger = closer. */
	double lmax = log((double)nodes[0].strength), lmin = log((double)nodes[n - 1].strength);
	/* Each circle owns a sector sized by its shown members, clockwise from
	 * the top. Inside it, members take the sector's slots in golden-ratio
	 * order, strongest in the middle: near-equal strengths land apart
	 * instead of piling up at the same radius side by side. */
	double gap = n_groups > 1 ? 0.10 : 0.0;
	double slot = (2 * G_PI - gap * n_groups) / n;
	double theta = G_PI / 2;
	for (guint g = 0; g < n_groups; g++) {
		guint m = groups[g].count, j = 0;
		double *key = g_new(double, m);
		guint *member = g_new(guint, m);
		for (guint k = 0; k < n; k++)
			if (nodes[k].group == g) {
				key[j] = fmod(0.5 + j * 0.6180339887498949, 1.0);
				member[j++] = k;
			}
		for (j = 0; j < m; j++) {
			/* The slot is the rank of its key among the sector's keys. */
			guint s = 0;
			for (guint o = 0; o < m; o++)
				s += key[o] < key[j] || (key[o] == key[j] && o < j);
			net_node *v = &nodes[member[j]];
			double t = lmax > lmin ? (log((double)v->strength) - lmin) / (lmax - lmin) : 0.5;
			double radius = 0.24 + 0.76 * (1 - t);
			double a = theta - gap / 2 - (s + 0.5) * slot;
			v->x = radius * cos(a);
			v->y = radius * sin(a);
			v->ps = 0.6 + 1.4 * sqrt((double)v->strength / nodes[0].strength);
		}
		theta -= gap + m * slot;
		g_free(key);
		g_free(member);
	}

	/* Co-conversation edges among the shown nodes, heaviest first. */
	node_of = g_new(gint, in->n_contacts);
	for (guint i = 0; i < in->n_contacts; i++)
		node_of[i] = -1;
	for (guint k = 0; k < n; k++)
		node_of[nodes[k].contact] = (gint)k;
	edges = g_array_new(FALSE, FALSE, sizeof(net_edge));
	for (guint e = 0; e < in->n_edges; e++) {
		const tg_charts_edge *ed = &in->edges[e];
		if (ed->a >= in->n_contacts || ed->b >= in->n_contacts || ed->weight == 0)
			continue;
		gint a = node_of[ed->a], b = node_of[ed->b];
		if (a < 0 || b < 0 || a == b)
			continue;
		net_edge ne = {(guint)MIN(a, b), (guint)MAX(a, b), ed->weight};
		g_array_append_val(edges, ne);
	}
	g_array_sort(edges, cmp_edge);
	/* The same pair given twice counts once, with its summed weight. */
	guint kept = 0;
	for (guint e = 0; e < edges->len; e++) {
		net_edge *cur = &g_array_index(edges, net_edge, e);
		guint f;
		for (f = 0; f < kept; f++) {
			net_edge *o = &g_array_index(edges, net_edge, f);
			if (o->a == cur->a && o->b == cur->b) {
				o->weight += cur->weight;
				break;
			}
		}
		if (f == kept)
			g_array_index(edges, net_edge, kept++) = *cur;
	}
	g_array_set_size(edges, kept);
	g_array_sort(edges, cmp_edge);
	if (edges->len > NET_EDGES)
		g_array_set_size(edges, NET_EDGES);

	/* The plot area in pixels, and the data ranges that make one unit the
	 * same length across and up: the layout is a circle, not an ellipse. */
	double w_px = (NET_RIGHT - NET_LEFT) * SVG_W, h_px = (NET_TOP - NET_BOTTOM) * SVG_H;
	double ppu = h_px / (2 * NET_HALF_H);
	double half_w = w_px / 2 / ppu;
	labels = place_labels(in, nodes, n, ppu, w_px / 2, h_px / 2, owner);

	/* Block 0: nodes, the owner first, then contacts weakest first so that
	 * the strong are drawn on top. */
	g_string_append(dat, "# block 0: nodes: x y pointsize colour(0xRRGGBB as decimal) circle strength label"
	                     " (the owner first)\n0 0 ");
	put_num(dat, NET_OWNER_PS, 2);
	g_string_append(dat, " 0 0 0 ");
	dat_quote(dat, owner);
	g_string_append_c(dat, '\n');
	for (guint k = n; k-- > 0;) {
		const tg_charts_contact *c = &in->contacts[nodes[k].contact];
		guint g = nodes[k].group;
		const char *colour = c->circle && g < N_CIRCLE_COLOURS ? CIRCLE_COLOUR[g] : C_NO_CIRCLE;
		char *label = clean_label(c->label);
		put_num(dat, nodes[k].x, 4);
		g_string_append_c(dat, ' ');
		put_num(dat, nodes[k].y, 4);
		g_string_append_c(dat, ' ');
		put_num(dat, nodes[k].ps, 2);
		g_string_append_printf(dat, " %ld %u %" G_GUINT64_FORMAT " ", strtol(colour + 1, NULL, 16), c->circle,
		                       nodes[k].strength);
		dat_quote(dat, label);
		g_string_append_c(dat, '\n');
		g_free(label);
	}
	/* Block 1: labels (never empty: the owner's is always there). */
	g_string_append(dat, "\n\n# block 1: labels: x y align(0 left, 1 right, 2 centre) text\n");
	gboolean has_align[3] = {FALSE, FALSE, FALSE};
	for (guint k = 0; k < labels->len; k++) {
		const net_label *l = g_ptr_array_index(labels, k);
		put_num(dat, l->x, 4);
		g_string_append_c(dat, ' ');
		put_num(dat, l->y, 4);
		g_string_append_printf(dat, " %d ", l->align);
		dat_quote(dat, l->text);
		g_string_append_c(dat, '\n');
		has_align[l->align] = TRUE;
	}
	/* Block 2, when there are edges: x y dx dy weight width_class. */
	guint64 wmax = edges->len ? g_array_index(edges, net_edge, 0).weight : 0;
	gboolean has_class[3] = {FALSE, FALSE, FALSE};
	if (edges->len) {
		g_string_append(dat, "\n\n# block 2: edges: x y dx dy weight width_class(0 thin, 1, 2 thick)\n");
		for (guint e = 0; e < edges->len; e++) {
			const net_edge *ed = &g_array_index(edges, net_edge, e);
			const net_node *a = &nodes[ed->a], *b = &nodes[ed->b];
			int cls = ed->weight * 2 >= wmax && wmax > 1 ? 2 : ed->weight * 5 >= wmax && wmax > 1 ? 1 : 0;
			put_num(dat, a->x, 4);
			g_string_append_c(dat, ' ');
			put_num(dat, a->y, 4);
			g_string_append_c(dat, ' ');
			put_num(dat, b->x - a->x, 4);
			g_string_append_c(dat, ' ');
			put_num(dat, b->y - a->y, 4);
			g_string_append_printf(dat, " %" G_GUINT64_FORMAT " %d\n", ed->weight, cls);
			has_class[cls] = TRUE;
		}
	}

	/* The script: fixed margins and equal units on both axes, so that the
	 * pixel layout computed above is the one drawn. */
	/* The plot area is off-centre (the legend has the right); the title
	 * is centred on the picture instead of on the plot. */
	g_string_append(gp, "unset border\nunset tics\nunset title\nset label 2 ");
	gp_quote(gp, tg_charts_find("network")->title);
	g_string_append(gp, " at screen 0.5,0.95 center font ',16' textcolor rgb '" C_INK "'\n");
	static const struct {
		const char *side;
		double at;
	} MARGIN[] = {{"l", NET_LEFT}, {"r", NET_RIGHT}, {"b", NET_BOTTOM}, {"t", NET_TOP}};
	for (guint m = 0; m < G_N_ELEMENTS(MARGIN); m++) {
		g_string_append_printf(gp, "set %smargin at screen ", MARGIN[m].side);
		put_num(gp, MARGIN[m].at, 2);
		g_string_append_c(gp, '\n');
	}
	g_string_append(gp, "set xrange [");
	put_num(gp, -half_w, 4);
	g_string_append_c(gp, ':');
	put_num(gp, half_w, 4);
	g_string_append(gp, "]\nset yrange [");
	put_num(gp, -NET_HALF_H, 4);
	g_string_append_c(gp, ':');
	put_num(gp, NET_HALF_H, 4);
	g_string_append(gp, "]\n"
	                    "set key at screen 0.66,0.86 left top Left reverse samplen 1 spacing 1.25"
	                    " noenhanced\n"
	                    "set label 1 'Closer to the centre and bigger: more interactions."
	                    " Lines: addressed together.' at screen 0.01,0.035 left font ',10'"
	                    " textcolor rgb '" C_MUTED "'\n"
	                    "plot ");
	/* Legend: one entry per coloured circle, then the grey rest. */
	guint grey = 0;
	for (guint g = 0; g < n_groups; g++) {
		if (groups[g].circle && g < N_CIRCLE_COLOURS) {
			GString *t = g_string_new(NULL);
			g_string_append_printf(t, "circle %u: ", groups[g].circle);
			put_count(t, groups[g].count);
			g_string_append(t, groups[g].count == 1 ? " person" : " people");
			g_string_append_printf(gp, "keyentry with points pt 7 ps 1.4 lc rgb '%s' title ", CIRCLE_COLOUR[g]);
			gp_quote(gp, t->str);
			g_string_append(gp, ", \\\n     ");
			g_string_free(t, TRUE);
		} else {
			grey += groups[g].count;
		}
	}
	if (grey) {
		GString *t = g_string_new(n_groups > N_CIRCLE_COLOURS ? "other circles or none: " : "in no circle: ");
		put_count(t, grey);
		g_string_append(gp, "keyentry with points pt 7 ps 1.4 lc rgb '" C_NO_CIRCLE "' title ");
		gp_quote(gp, t->str);
		g_string_append(gp, ", \\\n     ");
		g_string_free(t, TRUE);
	}
	static const char *const EDGE_LW[3] = {"0.6", "1.4", "2.6"};
	gboolean first = TRUE;
	for (int cls = 0; cls < 3; cls++) {
		if (!has_class[cls])
			continue;
		g_string_append_printf(gp, "%s index 2 using ($6==%d?$1:NaN):2:3:4 with vectors nohead lw %s"
		                           " lc rgb '#A0888888' notitle, \\\n     ",
		                       first ? "'network.dat'" : "''", cls, EDGE_LW[cls]);
		first = FALSE;
	}
	g_string_append_printf(gp, "%s index 0 every ::1 using 1:2:3:4 with points pt 7 ps variable"
	                           " lc rgb variable notitle, \\\n"
	                           /* A white ring keeps overlapping nodes apart. */
	                           "     '' index 0 every ::1 using 1:2:3 with points pt 6 ps variable lw 0.5"
	                           " lc rgb '#FFFFFF' notitle, \\\n"
	                           "     '' index 0 every ::0::0 using 1:2:3 with points pt 7 ps variable"
	                           " lc rgb '#000000' notitle",
	                       first ? "'network.dat'" : "''");
	static const char *const ALIGN[3] = {"left", "right", "center"};
	for (int a = 0; a < 3; a++)
		if (has_align[a])
			g_string_append_printf(gp, ", \\\n     '' index 1 using ($3==%d?$1:NaN):2:4 with labels %s"
			                           " font ',10' noenhanced textcolor rgb '" C_INK "' notitle",
			                       a, ALIGN[a]);
	g_string_append_c(gp, '\n');
out:
	end(gp);
	if (labels) {
		for (guint k = 0; k < labels->len; k++) {
			net_label *l = g_ptr_array_index(labels, k);
			g_free(l->text);
			g_free(l);
		}
		g_ptr_array_free(labels, TRUE);
	}
	if (edges)
		g_array_free(edges, TRUE);
	g_free(node_of);
	g_free(groups);
	g_free(nodes);
	g_free(owner);
	g_free(r);
}

/* ---- 9. dm-response ---------------------------------------------------- */

static int
cmp_double(const void *a, const void *b)
{
	double p = *(const double *)a, q = *(const double *)b;
	return p < q ? -1 : p > q;
}

static void
build_dm_response(const tg_charts_input *in, GString *dat, GString *gp)
{
	/* Bin edges in seconds, about a factor of 4 apart: log-spaced, on the
	 * units people use for waiting. */
	static const struct {
		double hi;
		const char *label;
	} BIN[] = {
		{60, "< 1 min"},         {300, "1\u20135 min"},   {900, "5\u201315 min"},
		{3600, "15\u201360 min"}, {21600, "1\u20136 h"},   {86400, "6\u201324 h"},
		{604800, "1\u20137 days"}, {2592000, "1\u20134 weeks"}, {INFINITY, "> 30 days"},
	};
	guint count[G_N_ELEMENTS(BIN)] = {0};
	double *v = g_new(double, in->n_response ? in->n_response : 1);
	guint n = 0;
	begin("dm-response", dat, gp);
	for (guint i = 0; i < in->n_response; i++)
		if (isfinite(in->response_s[i]))
			v[n++] = MAX(in->response_s[i], 0.0);
	if (n == 0) {
		no_data(dat, gp, "No DM replies in this archive");
		goto out;
	}
	qsort(v, n, sizeof *v, cmp_double);
	for (guint i = 0; i < n; i++) {
		guint b = 0;
		while (v[i] >= BIN[b].hi)
			b++;
		count[b]++;
	}
	/* SPEC.md's figures: median (mean of the middle two for an even
	 * count) and p90 by nearest rank. */
	double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	double p90 = v[(guint)ceil(0.9 * n) - 1];

	g_string_append(dat, "# bin label from_s to_s replies\n");
	double lo = 0;
	guint max = 0;
	for (guint b = 0; b < G_N_ELEMENTS(BIN); b++) {
		g_string_append_printf(dat, "%u ", b);
		dat_quote(dat, BIN[b].label);
		g_string_append_c(dat, ' ');
		put_num(dat, lo, 0);
		g_string_append_c(dat, ' ');
		if (isfinite(BIN[b].hi))
			put_num(dat, BIN[b].hi, 0);
		else
			g_string_append(dat, "Inf");
		g_string_append_printf(dat, " %u\n", count[b]);
		lo = BIN[b].hi;
		max = MAX(max, count[b]);
	}

	GString *note = g_string_new(NULL);
	put_count(note, n);
	g_string_append(note, n == 1 ? " reply; median " : " replies; median ");
	put_duration(note, median);
	g_string_append(note, "; 90% within ");
	put_duration(note, p90);
	g_string_append_printf(gp, "set xrange [-0.6:%u.6]\n", (guint)G_N_ELEMENTS(BIN) - 1);
	g_string_append(gp, "set yrange [0:");
	put_num(gp, max * 1.18 + 1, 0);
	g_string_append(gp, "]\nset ytics 0,");
	put_num(gp, nice_step(max, 5), 0);
	g_string_append(gp, "\n"
	                    "set xtics scale 0\n"
	                    "set xlabel 'time from their message to your reply'\n"
	                    "set ylabel 'replies'\n"
	                    "set grid ytics back lt 1 lc rgb '" C_GRID "'\n"
	                    "unset key\n"
	                    "set boxwidth 0.8 absolute\n"
	                    "set style fill solid 1.0 noborder\n"
	                    "set label 1 ");
	gp_quote(gp, note->str);
	g_string_append(gp, " at graph 0.98,0.94 right textcolor rgb '" C_INK "'\n"
	                    "plot 'dm-response.dat' using 1:5:xtic(2) with boxes fc rgb '" C_DM_SENT "' notitle, \\\n"
	                    "     '' using 1:($5>0?$5:NaN):(stringcolumn(5)) with labels center offset char 0,0.7"
	                    " textcolor rgb '" C_INK "' notitle\n");
	g_string_free(note, TRUE);
out:
	end(gp);
	g_free(v);
}

/* ---- The table --------------------------------------------------------- */

static const tg_chart_def CHARTS[] = {
	{"activity", "Tweets and DMs per month",
	 "How much you posted each month, by kind of tweet, with the direct messages you sent and received"
	 " as lines.",
	 build_activity},
	{"conversation-share", "How much of your tweeting is conversation",
	 "Each month, the share of your own tweets (originals, replies, quotes) that reply to, quote or"
	 " deliberately mention someone, with a 3-month average to show the trend.",
	 build_conversation_share},
	{"rhythm", "When you are active",
	 "How many tweets and DMs you sent in each hour of each weekday, in your own time zone: the darker"
	 " the cell, the busier that hour.",
	 build_rhythm},
	{"top-contacts", "The people you talk with most",
	 "Your 20 strongest contacts and how you interacted with each: replies, mentions, quotes and direct"
	 " messages both ways.",
	 build_top_contacts},
	{"funnel", "From follows to conversations",
	 "Of the accounts that follow you, and of those you follow, how many you ever talked with and how many"
	 " talked back.",
	 build_funnel},
	{"relationships", "Contacts gained, active and gone quiet",
	 "Each month, how many people you interacted with for the first time, how many you interacted with"
	 " at all, and how many regular contacts you last interacted with before a year or more of silence.",
	 build_relationships},
	{"strength", "How your attention is spread",
	 "For each number of interactions, the share of your contacts with at least that many: a steep fall"
	 " means a few people get most of your attention.",
	 build_strength},
	{"network", "Your circles",
	 "You in the centre and your 100 strongest contacts around you: closer and bigger means more"
	 " interactions, colours are circles of people you talk with together, and lines join people"
	 " addressed in the same tweet or group DM.",
	 build_network},
	{"dm-response", "How fast you answer DMs",
	 "How long you took to answer when someone wrote to you in a one-to-one DM, from their first"
	 " message to your reply.",
	 build_dm_response},
};
static const guint N_CHARTS = G_N_ELEMENTS(CHARTS);

const tg_chart_def *
tg_charts(guint *n)
{
	if (n)
		*n = N_CHARTS;
	return CHARTS;
}

const tg_chart_def *
tg_charts_find(const char *name)
{
	for (guint k = 0; k < N_CHARTS; k++)
		if (strcmp(CHARTS[k].name, name) == 0)
			return &CHARTS[k];
	return NULL;
}

void
tg_charts_input_init(tg_charts_input *in)
{
	memset(in, 0, sizeof *in);
	in->conversation_share = NAN;
}

/* ---- Writing ----------------------------------------------------------- */

static gboolean
write_file(const char *dir, const char *name, const char *ext, const GString *text, GError **error)
{
	char *base = g_strconcat(name, ext, NULL);
	char *path = g_build_filename(dir, base, NULL);
	GError *err = NULL;
	gboolean ok = g_file_set_contents(path, text->str, (gssize)text->len, &err);
	if (!ok) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot write '%s': %s", path, err->message);
		g_error_free(err);
	}
	g_free(path);
	g_free(base);
	return ok;
}

gboolean
tg_charts_write(const tg_charts_input *in, const char *dir, GError **error)
{
	gboolean ok = TRUE;
	if (g_mkdir_with_parents(dir, 0777) != 0) {
		int e = errno;
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot create '%s': %s", dir, g_strerror(e));
		return FALSE;
	}
	for (guint k = 0; k < N_CHARTS && ok; k++) {
		GString *dat = g_string_new(NULL), *gp = g_string_new(NULL);
		CHARTS[k].build(in, dat, gp);
		ok = write_file(dir, CHARTS[k].name, ".dat", dat, error) &&
		     write_file(dir, CHARTS[k].name, ".gp", gp, error);
		g_string_free(dat, TRUE);
		g_string_free(gp, TRUE);
	}
	return ok;
}

/* ---- Rendering --------------------------------------------------------- */

void
tg_charts_render_options_init(tg_charts_render_options *opt)
{
	opt->gnuplot = NULL;
	opt->timeout_s = TG_CHARTS_TIMEOUT_S;
	opt->jobs = 1;
}

/* The line of gnuplot's stderr that says what went wrong: the first one
 * that names the script ("NAME.gp" line 12: ...), since gnuplot first
 * echoes the offending command and a caret; else the first non-blank. */
static char *
first_message(const char *err, const char *script)
{
	char *found = NULL;
	char **lines = g_strsplit(err, "\n", -1);
	char *needle = g_strdup_printf("\"%s\" line ", script);
	for (guint pass = 0; pass < 2 && !found; pass++)
		for (char **l = lines; *l && !found; l++) {
			char *t = g_strstrip(*l);
			if (*t && (pass == 1 || strstr(t, needle)))
				found = g_utf8_make_valid(t, MIN((gssize)strlen(t), 300));
		}
	g_free(needle);
	g_strfreev(lines);
	return found;
}

static gboolean
file_exists(const char *dir, const char *name, const char *ext)
{
	char *base = g_strconcat(name, ext, NULL);
	char *path = g_build_filename(dir, base, NULL);
	gboolean ok = g_file_test(path, G_FILE_TEST_IS_REGULAR);
	g_free(path);
	g_free(base);
	return ok;
}

static void
remove_output(const char *dir, const char *name, const char *ext)
{
	char *base = g_strconcat(name, ext, NULL);
	char *path = g_build_filename(dir, base, NULL);
	g_unlink(path);
	g_free(path);
	g_free(base);
}

tg_charts_status
tg_charts_render_one(const char *dir, const char *name, const tg_charts_render_options *opt, GError **error)
{
	tg_charts_render_options defaults;
	tg_charts_status status = TG_CHARTS_FAILED;
	GError *spawn_err = NULL;
	GString *err = g_string_new(NULL);
	char *script = g_strconcat(name, ".gp", NULL);
	GPid pid = 0;
	gint err_fd = -1;
	int wstatus = 0;
	gboolean timed_out = FALSE, reaped = FALSE;

	if (!opt) {
		tg_charts_render_options_init(&defaults);
		opt = &defaults;
	}
	const char *prog = opt->gnuplot ? opt->gnuplot : "gnuplot";
	guint timeout_s = opt->timeout_s ? opt->timeout_s : TG_CHARTS_TIMEOUT_S;
	char *argv[] = {(char *)prog, (char *)"-d", script, NULL};

	/* Stale pictures must not pass for this run's. */
	remove_output(dir, name, ".svg");
	remove_output(dir, name, ".png");

	/* Not g_spawn_sync: it cannot give up on a gnuplot that hangs. The
	 * child's stdin is /dev/null (GLib's default), stdout is discarded and
	 * stderr read here until it closes, then the child is reaped. */
	if (!g_spawn_async_with_pipes(dir, argv, NULL,
	                              G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
	                              NULL, NULL, &pid, NULL, NULL, &err_fd, &spawn_err)) {
		if (g_error_matches(spawn_err, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT)) {
			status = TG_CHARTS_NO_GNUPLOT;
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT,
			            "cannot draw the charts in '%s': '%s' not found; install gnuplot"
			            " (apt-get install gnuplot-nox) and run 'gnuplot NAME.gp' in that folder,"
			            " the .dat and .gp files are there",
			            dir, prog);
		} else {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot draw chart '%s' in '%s': cannot run '%s': %s",
			            name, dir, prog, spawn_err->message);
		}
		g_error_free(spawn_err);
		goto out;
	}

	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC;
	while (err_fd >= 0) {
		gint64 left = deadline - g_get_monotonic_time();
		if (left <= 0) {
			timed_out = TRUE;
			break;
		}
		struct pollfd p = {err_fd, POLLIN, 0};
		int r = poll(&p, 1, (int)MIN(left / 1000 + 1, 1000));
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			continue;
		char buf[4096];
		ssize_t k = r > 0 ? read(err_fd, buf, sizeof buf) : -1;
		if (k < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (k <= 0) {
			close(err_fd);
			err_fd = -1;
			break;
		}
		/* Only the start is quoted; the rest is drained so gnuplot never
		 * blocks on a full pipe. */
		if (err->len < 65536)
			g_string_append_len(err, buf, k);
	}
	while (!timed_out) {
		pid_t w = waitpid(pid, &wstatus, WNOHANG);
		if (w == pid) {
			reaped = TRUE;
			break;
		}
		if (w < 0 && errno != EINTR)
			break;
		if (g_get_monotonic_time() >= deadline) {
			timed_out = TRUE;
			break;
		}
		g_usleep(5000);
	}
	if (timed_out) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT,
		            "cannot draw chart '%s' in '%s': gnuplot took longer than %u s", name, dir, timeout_s);
		goto out;
	}
	if (reaped && WIFSIGNALED(wstatus)) {
		g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot draw chart '%s' in '%s': gnuplot was killed by signal %d",
		            name, dir, WTERMSIG(wstatus));
		goto out;
	}
	if (reaped && WEXITSTATUS(wstatus) != 0) {
		char *line = first_message(err->str, script);
		if (line)
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot draw chart '%s' in '%s': gnuplot: %s", name, dir,
			            line);
		else
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot draw chart '%s' in '%s': gnuplot exited with status %d",
			            name, dir, WEXITSTATUS(wstatus));
		g_free(line);
		goto out;
	}
	for (int e = 0; e < 2; e++) {
		const char *ext = e ? ".png" : ".svg";
		if (!file_exists(dir, name, ext)) {
			g_set_error(error, TG_ERROR, TG_ERROR_OUTPUT, "cannot draw chart '%s' in '%s': gnuplot wrote no '%s%s'",
			            name, dir, name, ext);
			goto out;
		}
	}
	status = TG_CHARTS_RENDERED;
out:
	if (err_fd >= 0)
		close(err_fd);
	if (pid)
		g_spawn_close_pid(pid);
	g_string_free(err, TRUE);
	g_free(script);
	return status;
}

/* Charts rendered side by side: each job takes the next chart of the
 * table; a failure stops the taking, and the first failure in table order
 * is the one reported. Each gnuplot is a process of its own, so the
 * pictures do not depend on the number of jobs. */
typedef struct render_jobs {
	const char *dir;
	const tg_charts_render_options *opt;
	gint next;  /* atomic: the next chart index */
	gint stop;  /* atomic: a chart failed */
	tg_charts_status status[G_N_ELEMENTS(CHARTS)];
	GError *errors[G_N_ELEMENTS(CHARTS)];
} render_jobs;

static gpointer
render_worker(gpointer user)
{
	render_jobs *r = user;
	gint k;
	while (!g_atomic_int_get(&r->stop) && (k = g_atomic_int_add(&r->next, 1)) < (gint)N_CHARTS) {
		if (!file_exists(r->dir, CHARTS[k].name, ".gp"))
			continue;
		r->status[k] = tg_charts_render_one(r->dir, CHARTS[k].name, r->opt, &r->errors[k]);
		if (r->status[k] != TG_CHARTS_RENDERED)
			g_atomic_int_set(&r->stop, TRUE);
	}
	return NULL;
}

tg_charts_status
tg_charts_render(const char *dir, const tg_charts_render_options *opt, GError **error)
{
	render_jobs r = {dir, opt, 0, 0, {TG_CHARTS_RENDERED}, {NULL}};
	guint jobs = opt && opt->jobs > 1 ? MIN(opt->jobs, (guint)N_CHARTS) : 1;
	GThread *threads[G_N_ELEMENTS(CHARTS)];
	guint started = 0;
	tg_charts_status status = TG_CHARTS_RENDERED;

	for (guint k = 0; k < N_CHARTS; k++)
		r.status[k] = TG_CHARTS_RENDERED;
	tg_threads_prepare();
	for (guint t = 1; t < jobs; t++)
		if ((threads[started] = g_thread_try_new("tg-gnuplot", render_worker, &r, NULL)))
			started++;
	render_worker(&r);
	for (guint t = 0; t < started; t++)
		g_thread_join(threads[t]);
	for (guint k = 0; k < N_CHARTS; k++) {
		if (status == TG_CHARTS_RENDERED && r.status[k] != TG_CHARTS_RENDERED) {
			status = r.status[k];
			g_propagate_error(error, g_steal_pointer(&r.errors[k]));
		}
		g_clear_error(&r.errors[k]);
	}
	return status;
}
