/* SPDX-License-Identifier: MIT */
/* What every command shares: option defaults, exit codes, checked writes. */
#include <errno.h>
#include <string.h>

#include "talkgraph.h"

void tg_options_init(tg_options *o)
{
	memset(o, 0, sizeof *o);
	tg_limits_init(&o->limits);
}

int tg_exit_code(const GError *error)
{
	if (!error)
		return TG_EXIT_OK;
	if (error->domain == TG_ERROR && error->code == TG_ERROR_USAGE)
		return TG_EXIT_USAGE;
	if (error->domain == TG_ERROR && error->code == TG_ERROR_INTERRUPTED)
		return TG_EXIT_INTERRUPTED;
	return TG_EXIT_FAILURE;
}

