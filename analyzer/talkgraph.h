/* SPDX-License-Identifier: MIT */
/* The public face of the talkgraph core: one function per command, options,
 * and the mapping of errors to exit codes. The CLI (main.c) needs nothing
 * else. Each command writes to the FILE* or folder it is handed and returns
 * FALSE with a GError (see util.h) on failure. */
#ifndef TALKGRAPH_H
#define TALKGRAPH_H

#include <stdio.h>

#include "util.h"

#define TG_EXIT_OK 0
#define TG_EXIT_FAILURE 1 /* input or output failure */
#define TG_EXIT_USAGE 2   /* usage error */
#define TG_EXIT_INTERRUPTED 130 /* stopped by SIGINT or SIGTERM */

/* Options shared by the commands; strings are borrowed from the caller. */
typedef struct tg_options {
	tg_limits limits;
	gboolean strict;     /* a skipped record is fatal */
	gboolean json;       /* machine-readable output where a command has one */
	gboolean quiet;      /* no progress on stderr */
	gboolean progress;   /* progress on stderr (set by the CLI when it is a terminal) */
	guint threads;       /* --threads N: threads of one analysis, 0: the processors, at most 4 */
	const char *tz;      /* --tz ZONE, NULL for the archive's own zone */
	gint64 since_ms, until_ms; /* --since/--until, 0 when absent */
	const char *since, *until; /* as given, for stats.json */
	/* Command options. */
	guint top;              /* contacts --top N, 0 for all */
	const char *sort;       /* contacts --sort strength|last|first|name (NULL: strength) */
	const char *class_name; /* contacts --class C, NULL for every class */
	gboolean csv;           /* contacts --csv */
	const char *format;     /* graph --format graphml|gexf|dot|csv (NULL: graphml) */
	const char *output;     /* -o FILE or DIR, NULL for stdout where allowed */
	gboolean force;         /* report: replace a non-empty output folder */
	gint anonymize;         /* 0 none, 1 contacts (--anonymize), 2 owner too (--anonymize=all) */
	const char *salt;       /* --salt, NULL to derive one from the archives */
	/* batch (batch.c): each archive analysed alone by a child process. */
	guint jobs;             /* --jobs N analyses at a time, 0: the number of processors */
	gboolean no_anonymize;  /* --no-anonymize: batch pseudonymises contacts unless set */
	guint timeout_s;        /* --timeout SECONDS per archive, 0: TG_BATCH_TIMEOUT_S (1 h) */
	guint64 max_memory;     /* --max-memory SIZE: address space of one analysis, 0: no limit */
	guint shard, shards;    /* --shard K/N: the archives whose index mod N is K; shards 0: all */
	gboolean merge;         /* --merge: rebuild results.jsonl and summary.csv from done/ */
	gboolean retry_errors;  /* --retry-errors: analyse again archives recorded as failed */
	const char *worker;     /* --worker PROGRAM run per archive, NULL: this talkgraph */
	/* Warnings as they happen (the CLI prints them to stderr); may be NULL. */
	void (*warn)(void *user, const char *message);
	void *warn_user;
} tg_options;

void tg_options_init(tg_options *o);

/* The exit status for ERROR (TG_EXIT_USAGE for TG_ERROR_USAGE, else 1). */
int tg_exit_code(const GError *error);

/* talkgraph inspect: what one archive holds (generation, owner, files and
 * their record counts, skips, period, tweets by kind, DMs, follows), as text
 * or, with o->json, one JSON object. */
gboolean tg_cmd_inspect(const char *path, const tg_options *o, FILE *out, GError **error);

/* talkgraph stats: a readable summary, or with o->json exactly stats.json. */
gboolean tg_cmd_stats(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error);

/* talkgraph contacts: an aligned table, or with o->csv contacts.csv;
 * o->top, o->sort and o->class_name select and order the rows. */
gboolean tg_cmd_contacts(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error);

/* talkgraph graph: the graph in o->format, to o->output or OUT. */
gboolean tg_cmd_graph(char *const *paths, guint n, const tg_options *o, FILE *out, GError **error);

/* talkgraph report: every output of SPEC.md into the folder o->output,
 * written through a temporary folder renamed at the end. A non-empty
 * folder is refused unless o->force. */
gboolean tg_cmd_report(char *const *paths, guint n, const tg_options *o, GError **error);

/* talkgraph batch: every *.zip and archive folder of the folder DIR
 * analysed on its own (a child `talkgraph stats --json`, o->jobs at a time,
 * contacts anonymised unless o->no_anonymize) into the folder o->output:
 * done/<sha256>.json per archive, then results.jsonl and summary.csv (not
 * with o->shards: see o->merge). With o->merge, DIR is the output folder and
 * only the merge is done. Progress and per-archive failures go to ERR. A
 * broken archive is recorded and is no failure of the batch. Errors:
 * TG_ERROR_OUTPUT (OUT_DIR not writable), TG_ERROR_INPUT (DIR unreadable),
 * TG_ERROR_USAGE, TG_ERROR_INTERRUPTED (what finished is kept: rerun to
 * resume). */
gboolean tg_cmd_batch(const char *dir, const tg_options *o, FILE *err, GError **error);

/* The files of a report and its charts, one line each, from their tables
 * (for --help). */
void tg_describe_report(GString *out);

#endif
