/* SPDX-License-Identifier: MIT */
/* Fuzz target: a whole zip file through the archive layer and the loader
 * (generation detection, manifest, every data file, records, edits). */
#include <stdint.h>
#include <unistd.h>

#include "load.h"

static gboolean on_tweet(void *user, const tg_tweet *t, GError **error)
{
	(void)user;
	(void)t;
	(void)error;
	return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/tg-fuzz-XXXXXX";
	int fd = g_mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	tg_limits limits;
	tg_limits_init(&limits);
	limits.max_element = 1 << 20;
	limits.max_inflated = 64 << 20;
	GError *error = NULL;
	tg_archive *a = tg_archive_open(path, &limits, &error);
	if (a) {
		tg_load_options o;
		tg_load_options_init(&o);
		o.limits = limits;
		tg_sink sink = {.tweet = on_tweet};
		tg_load_report r;
		tg_load(a, &o, &sink, &r, &error);
		tg_load_report_clear(&r);
		tg_archive_free(a);
	}
	g_clear_error(&error);
	unlink(path);
	return 0;
}
