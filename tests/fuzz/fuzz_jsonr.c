/* SPDX-License-Identifier: MIT */
/* Fuzz target: the fast JSON reader against cJSON on one element. Both must
 * accept the same texts, fail at the same byte and give the same tree; any
 * difference aborts. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"

static void same(const tg_jnode *a, const tg_jnode *b)
{
	if (a->type != b->type || a->size != b->size || (a->key == NULL) != (b->key == NULL) ||
	    (a->key && strcmp(a->key, b->key) != 0) || (a->type == TG_JSTRING && strcmp(a->str, b->str) != 0) ||
	    (a->type == TG_JNUMBER && memcmp(&a->num, &b->num, sizeof a->num) != 0 &&
	     !(isnan(a->num) && isnan(b->num))))
		abort();
	const tg_jnode *x = tg_jsonr_child(a), *y = tg_jsonr_child(b);
	for (; x && y; x = tg_jsonr_next(x), y = tg_jsonr_next(y))
		same(x, y);
	if (x || y)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tg_jsonr *fast, *ref;
	if (!fast) {
		fast = tg_jsonr_new();
		ref = tg_jsonr_new();
		tg_jsonr_force_cjson(ref, TRUE);
	}
	/* An exact copy, so that reading one byte too far is caught. */
	char *text = g_memdup2(data, size ? size : 1);
	gsize at_a, at_b;
	const tg_jnode *a = tg_jsonr_parse(fast, text, size, &at_a);
	const tg_jnode *b = tg_jsonr_parse(ref, text, size, &at_b);
	if ((a == NULL) != (b == NULL) || (!a && at_a != at_b))
		abort();
	if (a)
		same(a, b);
	g_free(text);
	return 0;
}
