/* SPDX-License-Identifier: MIT */
/* The graph of an analysis, ready for the graph writers (graph.h). */
#ifndef TG_OUT_GRAPH_H
#define TG_OUT_GRAPH_H

#include "graph.h"
#include "stats.h"

typedef struct tg_graph_build tg_graph_build;

/* Builds the graph of S: nodes are the owners, then each owner's contacts
 * in contacts.csv order; edges are owner -> contact per interaction type
 * (reply, mention, quote, retweet, context, dm), contact -> owner (dm,
 * group_dm), follows both ways (undated), and co-conversation edges ("co")
 * among contacts. Node attributes (class, strength, follows, circle) are
 * toward the first owner. With ANONYMIZE contacts show pseudonyms only.
 * S must outlive the result. Free with tg_graph_build_free(). */
tg_graph_build *tg_graph_build_new(const tg_stats *s, gboolean anonymize);
/* Borrowed; lives as long as B. */
const tg_graph *tg_graph_build_graph(const tg_graph_build *b);
void tg_graph_build_free(tg_graph_build *b);

#endif
