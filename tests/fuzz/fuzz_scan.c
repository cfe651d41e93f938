/* SPDX-License-Identifier: MIT */
/* Fuzz target: the "<lvalue> = [ ... ]" prefix skipper and element scanner. */
#include <stdint.h>

#include "ytd.h"

static volatile char sink;

static gboolean element(void *user, const char *e, gsize len, guint64 index, GError **error)
{
	(void)user;
	(void)index;
	(void)error;
	/* Touch every byte, and the NUL the scanner promises after it. */
	char sum = 0;
	for (gsize i = 0; i <= len; i++)
		sum ^= e[i];
	sink = sum;
	return TRUE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tg_limits limits;
	tg_limits_init(&limits);
	limits.max_element = 1 << 20;
	GError *error = NULL;
	tg_ytd_scan_buffer((const char *)data, size, "fuzz", &limits, element, NULL, NULL, &error);
	g_clear_error(&error);
	return 0;
}
