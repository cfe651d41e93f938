/* SPDX-License-Identifier: MIT */
/* The charts: per chart a NAME.dat (the numbers) and a NAME.gp (a gnuplot
 * script) written into a folder from a plain input struct, then rendered to
 * NAME.svg and NAME.png by gnuplot run as a child process in that folder. */
#ifndef TG_CHARTS_H
#define TG_CHARTS_H

#include <glib.h>

/* One calendar month of the owner's activity, in the owner's time zone. */
typedef struct tg_charts_month {
	char month[8]; /* "YYYY-MM", NUL-terminated; anything else is skipped */
	/* The owner's tweets by kind (SPEC.md "Tweet kinds"). */
	guint original, reply, thread, retweet, quote;
	guint dms_sent, dms_received; /* 1:1 messageCreate events */
	double conversation_share;    /* in [0, 1]; NAN when undefined */
	guint new_contacts;           /* contacts whose first interaction is in the month */
	guint active_contacts;        /* contacts with an interaction in the month */
	guint went_dormant;           /* dormant contacts whose last interaction is in the month */
} tg_charts_month;

/* One contact. Strength is the sum of the six counts (SPEC.md: talk_out +
 * talk_in); retweets and context are not talk and have no place here. */
typedef struct tg_charts_contact {
	const char *label; /* what to print: "@alice", or a pseudonym; UTF-8, borrowed */
	guint replies, mentions, quotes, dms_sent, dms_received, group_dms_received;
	guint circle;      /* the circle's number as the report shows it (>= 1); 0: none */
} tg_charts_contact;

/* A co-conversation link between two contacts (SPEC.md "circles"). */
typedef struct tg_charts_edge {
	guint a, b;   /* indices into tg_charts_input.contacts */
	guint weight; /* tweets or group conversations that hold both */
} tg_charts_edge;

/* One side of the funnel (followers or following). */
typedef struct tg_charts_funnel {
	guint total;   /* accounts in the list */
	guint talked;  /* of those, with strength > 0 */
	guint two_way; /* of those, of class two-way */
} tg_charts_funnel;

/* Everything the nine charts draw. Arrays and strings are borrowed for the
 * duration of the call that reads them; nothing is kept. A zero-filled
 * struct (after tg_charts_input_init()) is the empty archive: every chart
 * then says that it has no data. */
typedef struct tg_charts_input {
	const char *owner_label; /* the centre of the network, "@me"; NULL: "you" */
	const char *tz;          /* the zone named on the rhythm axis; NULL: "UTC" */

	const tg_charts_month *months; /* ascending; gaps are allowed and shown as such */
	guint n_months;
	double conversation_share; /* overall, in [0, 1]; NAN when undefined */

	/* The owner's tweets and sent DMs by local weekday (0 = Monday) and hour. */
	guint rhythm[7][24];

	const tg_charts_contact *contacts; /* any order; ties keep this order */
	guint n_contacts;
	const tg_charts_edge *edges;
	guint n_edges;

	tg_charts_funnel followers, following;

	/* One sample per owner reply in a 1:1 DM conversation, in seconds. */
	const double *response_s;
	guint n_response;
} tg_charts_input;

/* Zeroes IN and sets the NAN fields: an empty archive. */
void tg_charts_input_init(tg_charts_input *in);

/* The chart table: every chart, in the order the report shows them. The
 * CLI's --help, the report index and the tests all read it. BUILD appends
 * the chart's .dat and .gp text to DAT and GP; it is pure (no I/O, no clock,
 * no locale) and total: any input, the empty one included, gives a chart. */
typedef struct tg_chart_def {
	const char *name;  /* file stem: NAME.dat, NAME.gp, NAME.svg, NAME.png */
	const char *title; /* the chart's title */
	const char *help;  /* one sentence for a reader who is no analyst */
	void (*build)(const tg_charts_input *in, GString *dat, GString *gp);
} tg_chart_def;

/* The table and its length in *N (may be NULL). Static storage. */
const tg_chart_def *tg_charts(guint *n);

/* The entry called NAME, or NULL. */
const tg_chart_def *tg_charts_find(const char *name);

/* Writes NAME.dat and NAME.gp of every chart into DIR (created if missing).
 * Errors: TG_ERROR_OUTPUT naming the file. Same input, same bytes. */
gboolean tg_charts_write(const tg_charts_input *in, const char *dir, GError **error);

/* How to run gnuplot. */
typedef struct tg_charts_render_options {
	const char *gnuplot; /* program name looked up in PATH, or a path; NULL: "gnuplot" */
	guint timeout_s;     /* per chart; 0: TG_CHARTS_TIMEOUT_S */
	guint jobs;          /* gnuplot processes at a time; 0: one */
} tg_charts_render_options;

#define TG_CHARTS_TIMEOUT_S 60u

void tg_charts_render_options_init(tg_charts_render_options *opt);

typedef enum {
	TG_CHARTS_RENDERED,   /* every NAME.svg and NAME.png written */
	TG_CHARTS_NO_GNUPLOT, /* gnuplot is not installed: a warning, not a failure */
	TG_CHARTS_FAILED      /* gnuplot failed, timed out or could not be started */
} tg_charts_status;

/* Renders every chart of the table whose NAME.gp is in DIR by running
 * "gnuplot -d NAME.gp" in DIR (-d: no ~/.gnuplot, so that a user's settings
 * cannot change the pictures), at most OPT->timeout_s seconds per chart.
 * OPT may be NULL for the defaults.
 *   TG_CHARTS_RENDERED: *error untouched.
 *   TG_CHARTS_NO_GNUPLOT: *error holds a message fit for a warning, which
 *     says how to install gnuplot and re-render; the .dat/.gp files stay.
 *   TG_CHARTS_FAILED: *error (TG_ERROR_OUTPUT) names the chart and quotes
 *     the first line of gnuplot's message; charts after it are not started
 *     (those already running with OPT->jobs > 1 are finished).
 * With several jobs the first failure in the table's order is the one
 * reported, as with one. Blocks the calling thread (and runs jobs - 1
 * threads of its own); uses no GMainContext. */
tg_charts_status tg_charts_render(const char *dir, const tg_charts_render_options *opt,
                                  GError **error);

/* The same for the one chart NAME (NAME.gp must be in DIR). */
tg_charts_status tg_charts_render_one(const char *dir, const char *name,
                                      const tg_charts_render_options *opt, GError **error);

#endif
