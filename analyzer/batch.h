/* SPDX-License-Identifier: MIT */
/* talkgraph batch: a folder of archives analysed one by one, each in a child
 * process (`talkgraph stats --json` on that archive alone), into per-archive
 * records under OUT_DIR/done/ that are merged into results.jsonl and
 * summary.csv. The command itself is tg_cmd_batch() (talkgraph.h); this
 * header holds the parts that tests and other modules can use on their own.
 * This is the only module that spawns talkgraph or reads its JSON back. */
#ifndef TG_BATCH_H
#define TG_BATCH_H

#include <stdio.h>

#include "util.h"

/* Default per-archive time limit, in seconds (--timeout). */
#define TG_BATCH_TIMEOUT_S 3600u
/* Most bytes of one analysis's stats.json read back (larger is an error). */
#define TG_BATCH_MAX_OUTPUT ((gsize)1 << 30)

/* The resume key of the archive PATH, as 64 lower-case hex digits into HEX
 * (at least 65 bytes). A regular file: the SHA-256 of its bytes (the
 * "sha256" of stats.json's inputs). A folder: the SHA-256 over every
 * regular file and symbolic link below it (links are not followed), in
 * byte order of their '/'-separated relative paths: for a file 'f', the
 * path, NUL, its size in decimal, NUL, its bytes; for a link 'l', the path,
 * NUL, the link's target, NUL. Other kinds of file are left out.
 * Stops with TG_ERROR_INTERRUPTED when a stop is requested (interrupt.h).
 * Errors: TG_ERROR_INPUT naming the file that cannot be read. */
gboolean tg_batch_sha256(const char *path, char *hex, GError **error);

/* Rebuilds OUT_DIR/results.jsonl and OUT_DIR/summary.csv from the records
 * in OUT_DIR/done/ (what `talkgraph batch --merge OUT_DIR` does): one line
 * and one row per record, sorted by file name then SHA-256; each file is
 * written whole to a temporary name and renamed. A record that cannot be
 * read is skipped with a warning to ERR (NULL: silent). *N_RECORDS (may be
 * NULL) gets the number of records merged.
 * Errors: TG_ERROR_INPUT (no OUT_DIR/done/), TG_ERROR_OUTPUT. */
gboolean tg_batch_merge(const char *out_dir, FILE *err, guint *n_records, GError **error);

#endif
