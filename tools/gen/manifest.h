/* SPDX-License-Identifier: MIT */
/* tg-gen: the manifest.js data type tables (manifest.c) shared by emit.c. */
#ifndef TG_MANIFEST_H
#define TG_MANIFEST_H

#include <stddef.h>

typedef struct {
    const char *type;      /* dataTypes key, e.g. "directMessages" */
    const char *file;      /* "data/direct-messages.js", NULL for media-only types */
    const char *global;    /* "YTD.direct_messages.part0" */
    const char *media_dir; /* "data/direct_messages_media" or NULL */
} TgDataType;

/* Terminated by an entry whose type is NULL. */
extern const TgDataType tg_manifest_2022[];
extern const TgDataType tg_manifest_2020[];

#endif
