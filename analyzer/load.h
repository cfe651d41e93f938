/* SPDX-License-Identifier: MIT */
/* Reads one archive: detects its generation, finds its data files (manifest,
 * known names, -partN files, Grailbird months), reads the owner first, then
 * streams tweets, DMs and follows into a sink, one record at a time.
 * Duplicate tweet elements are dropped here and edited versions merged (the
 * version latest in editTweetIds is kept), so a sink sees each logical tweet
 * once. Records of the wrong shape are skipped and counted per file. */
#ifndef TG_LOAD_H
#define TG_LOAD_H

#include "archive.h"
#include "records.h"

typedef enum tg_generation {
	TG_GEN_GRAILBIRD = 1, /* 2012-2019: data/js/tweets/YYYY_MM.js */
	TG_GEN_YTD_MANIFEST,  /* 2020+: data/manifest.js */
	TG_GEN_YTD            /* 2018-2020: data/tweet.js or files at the root */
} tg_generation;

/* "grailbird", "ytd-manifest", "ytd". */
const char *tg_generation_name(tg_generation g);

/* What one archive says of its owner. Strings are owned by the report. */
typedef struct tg_owner_info {
	guint64 id;
	char *username;     /* current screen name */
	char *display_name; /* may be NULL */
	gint64 created_ms;  /* 0 when unknown */
	GPtrArray *former_names; /* char*, from screen-name-change.js, oldest first */
	char *timezone;     /* account-timezone.js as written (Rails name or IANA), NULL when absent */
} tg_owner_info;

/* One data file read. */
typedef struct tg_file_report {
	char *name;            /* entry name relative to the archive root */
	char *type;            /* "tweets", "direct-messages", "direct-messages-group",
	                          "follower", "following", "account", ... */
	guint64 bytes;         /* uncompressed bytes read */
	guint64 read;          /* array elements read */
	gint64 manifest_count; /* the manifest's count, -1 when there is none */
	guint64 skipped;       /* elements of the wrong shape */
	GTree *reasons;        /* char* reason -> GUINT_TO_POINTER(count), sorted */
} tg_file_report;

typedef struct tg_load_report {
	char *path;            /* the archive as given */
	tg_generation generation;
	gint64 generated_ms;   /* the archive's generation date, 0 when unknown */
	tg_owner_info owner;
	GPtrArray *files;      /* tg_file_report*, in reading order */
	guint64 tweet_elements;          /* tweet elements read, all files */
	guint64 duplicate_tweets;        /* elements whose id was already seen */
	guint64 edited_versions_merged;  /* version elements dropped */
	guint64 tweets;                  /* logical tweets handed to the sink */
	guint64 manifest_mismatches;     /* files whose read count != manifest count */
	guint64 missing_files;           /* files the manifest lists that are absent */
	GPtrArray *warnings;             /* char*: what was read with a caveat, in order */
} tg_load_report;

void tg_load_report_clear(tg_load_report *r);

/* A deep copy of F, its reasons too. Free with tg_file_report_free(). */
tg_file_report *tg_file_report_copy(const tg_file_report *f);
void tg_file_report_free(gpointer f);

/* Callbacks; any may be NULL. Each returns FALSE with ERROR set to stop the
 * load. Records are borrowed for the duration of the call. BEGIN is called
 * once, after the owner is known and before any other record. Tweets arrive
 * in no particular order (edited tweets last); DM chunks in file order;
 * a sink must not depend on order. */
typedef struct tg_sink {
	void *user;
	gboolean (*begin)(void *user, const tg_load_report *report, GError **error);
	gboolean (*tweet)(void *user, const tg_tweet *t, GError **error);
	gboolean (*dm)(void *user, const tg_dm_chunk *c, gboolean group, GError **error);
	gboolean (*follow)(void *user, guint64 id, gboolean follower, GError **error);
	gboolean (*end)(void *user, const tg_load_report *report, GError **error);
} tg_sink;

typedef struct tg_load_options {
	tg_limits limits;
	gboolean strict; /* a skipped record is fatal */
	/* Progress: called now and then with bytes read so far of TOTAL (the
	 * declared sizes of the data files to read) and the file being read. */
	void (*progress)(void *user, guint64 done, guint64 total, const char *file);
	void *progress_user;
	/* Warnings (also kept in the report), e.g. a file the manifest lists
	 * that is missing: called as they happen, may be NULL. */
	void (*warn)(void *user, const char *message);
	void *warn_user;
	/* Threads that read (0 or 1: the calling thread only). The sink is
	 * called from one thread at a time, in the same order whatever the
	 * number, but not always from the calling thread. */
	guint threads;
} tg_load_options;

void tg_load_options_init(tg_load_options *o);

/* Loads archive A into SINK, filling REPORT (cleared first; the caller
 * clears it after). Errors (TG_ERROR_INPUT): neither a tweets file nor an
 * account file found ("no tweets file found: not a Twitter archive"), no
 * owner (no account file and no manifest), a file that is not a data file,
 * a broken file; TG_ERROR_RECORD with --strict. A file the manifest lists
 * but the archive lacks, and a missing tweets file where the account file is
 * there, are warnings: the rest is read. */
gboolean tg_load(tg_archive *a, const tg_load_options *opts, const tg_sink *sink,
                 tg_load_report *report, GError **error);

#endif
