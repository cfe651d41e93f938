/* SPDX-License-Identifier: MIT */
/* The stop flag: written by a signal handler, read by the core's loops. */
#include "interrupt.h"

#include <signal.h>

#include "util.h"

static volatile sig_atomic_t stop_requested;

void tg_interrupt_request(void)
{
	stop_requested = 1;
}

gboolean tg_interrupted(void)
{
	return stop_requested != 0;
}

gboolean tg_check_interrupt(GError **error)
{
	if (!stop_requested)
		return FALSE;
	g_set_error_literal(error, TG_ERROR, TG_ERROR_INTERRUPTED, "interrupted");
	return TRUE;
}
