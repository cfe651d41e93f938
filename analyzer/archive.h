/* SPDX-License-Identifier: MIT */
/* The archive layer: a .zip (libzip), an extracted archive folder, or a single
 * data file, seen as a list of entries that can be read as byte streams.
 * Only entries that are asked for are ever inflated; media never is.
 * This is the only module that knows libzip. */
#ifndef TG_ARCHIVE_H
#define TG_ARCHIVE_H

#include "util.h"

typedef struct tg_archive tg_archive;
typedef struct tg_stream tg_stream;

/* Opens PATH: a zip file (ZIP64 and data descriptors included), a folder, or
 * one data file (any other regular file that does not start with "PK" and is
 * not named *.zip: it is seen as an archive with the single entry
 * "data/<basename>").
 * Entry names are relative to the archive's root with '/' separators (a '\'
 * in a zip entry name is read as '/'); folder entries of a zip are not listed.
 * When an archive holds no generation marker at its top ("data/", "tweet.js",
 * "tweets.csv", "account.js") but all its entries sit in one top-level folder
 * that does (a re-zip by the owner), that folder is the root and its name is
 * stripped from every entry. Debris of file managers ("__MACOSX/..." and
 * names starting with '.' at the top) does not count against that, and is
 * dropped when the root is stripped.
 * In a folder, entries are regular files found by walking it; symbolic links
 * are not followed (a link is listed, and opening it fails with a clear error);
 * fifos, sockets and devices are skipped.
 * LIMITS is copied. Returns NULL with ERROR set (TG_ERROR_INPUT): missing path,
 * unreadable, not a regular file or folder, not a zip (for a file starting
 * with "PK" that libzip refuses, or a file named *.zip that does not start
 * with "PK", an empty one included), a zip whose central directory is
 * truncated or corrupt ("truncated or corrupt zip").
 * Free with tg_archive_free(), after closing its streams. */
tg_archive *tg_archive_open(const char *path, const tg_limits *limits, GError **error);
void tg_archive_free(tg_archive *a);

/* The path as given to tg_archive_open(); borrowed, lives as long as A. */
const char *tg_archive_path(const tg_archive *a);
/* TRUE for a zip file. */
gboolean tg_archive_is_zip(const tg_archive *a);
/* Total size of the input on disk in bytes (the zip file, or the sum of the
 * folder's regular files). */
guint64 tg_archive_disk_size(const tg_archive *a);

/* Entries, sorted by name (byte order). Names are borrowed, live as long as A. */
guint tg_archive_n_entries(const tg_archive *a);
const char *tg_archive_entry_name(const tg_archive *a, guint i);
/* Declared uncompressed size, or -1 when unknown. */
gint64 tg_archive_entry_size(const tg_archive *a, guint i);
/* Looks up an entry by its exact name; TRUE and *index when found. */
gboolean tg_archive_find(const tg_archive *a, const char *name, guint *index);

/* Opens entry I for reading. Streams of one archive may be open at the same
 * time and read from different threads (each stream has its own handle; one
 * stream is not to be shared by two threads at once).
 * Errors (TG_ERROR_INPUT): encrypted entry, unsupported compression, a link
 * in a folder, unreadable file, a zip replaced on disk since it was opened. */
tg_stream *tg_archive_open_entry(tg_archive *a, guint i, GError **error);

/* Reads up to N bytes. Returns the count read, 0 at the end of the entry, or
 * -1 with ERROR set: a read or inflate error, a truncated entry (also one
 * that inflates to less than its declared size), a CRC mismatch (reported at
 * the end of the entry), an entry that inflates past its declared size
 * (noticed one byte past it), or the archive's inflated total past
 * limits->max_inflated (zip bombs; for folders and single files the bytes
 * read count). Messages name the entry and the archive:
 *   "cannot read 'data/tweets.js' in 'x.zip': CRC mismatch"
 * Once a read failed, every later read fails with the same error. */
gssize tg_stream_read(tg_stream *s, void *buf, gsize n, GError **error);
/* Bytes returned so far. */
guint64 tg_stream_offset(const tg_stream *s);
/* Entry name and archive path, as "'data/tweets.js' in 'x.zip'", for
 * messages (a single data file is named once: "'tweets.js'"); borrowed,
 * lives as long as S. */
const char *tg_stream_where(const tg_stream *s);
void tg_stream_close(tg_stream *s);

/* Total bytes inflated (or read, for folders) from A so far, all streams. */
guint64 tg_archive_bytes_read(const tg_archive *a);

#endif
