/* SPDX-License-Identifier: MIT */
/* A stop request (SIGINT, SIGTERM) noted by the front end's signal handler
 * and polled by long loops in the core, which then fail with
 * TG_ERROR_INTERRUPTED so that every cleanup path runs as for any error. */
#ifndef TG_INTERRUPT_H
#define TG_INTERRUPT_H

#include <glib.h>

/* Async-signal-safe: sets the flag. */
void tg_interrupt_request(void);
/* TRUE once a stop was requested. */
gboolean tg_interrupted(void);
/* Sets ERROR ("interrupted") and returns TRUE when a stop was requested. */
gboolean tg_check_interrupt(GError **error);

#endif
