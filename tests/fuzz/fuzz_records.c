/* SPDX-License-Identifier: MIT */
/* Fuzz target: every record parser on one element. The first byte picks the
 * record type, the rest is the element's JSON text. */
#include <stdint.h>

#include "classify.h"
#include "records.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tg_parser *p;
	static tg_classifier *cls;
	static const char *names[] = {"owner"};
	static const tg_owner owner = {1, names, 1};
	if (!p) {
		p = tg_parser_new();
		cls = tg_classifier_new();
	}
	if (size < 1)
		return 0;
	/* Records are handed on NUL-terminated (as the scanner does). */
	char *elem = g_strndup((const char *)data + 1, size - 1);
	gsize len = size - 1;
	GError *error = NULL;
	union {
		tg_tweet tweet;
		tg_dm_chunk dm;
		tg_account account;
		tg_name_change change;
		tg_manifest manifest;
	} r;
	guint64 id;
	gint64 n;
	const char *s;
	switch (data[0] % 9) {
	case 0:
		if (tg_records_tweet(p, elem, len, &r.tweet, &error)) {
			tg_classified c;
			tg_classify(cls, &r.tweet, &owner, &c);
		}
		break;
	case 1:
		tg_records_dm(p, elem, len, &r.dm, &error);
		break;
	case 2:
		tg_records_follow(p, elem, len, &id, &error);
		break;
	case 3:
		tg_records_account(p, elem, len, &r.account, &error);
		break;
	case 4:
		tg_records_name_change(p, elem, len, &r.change, &error);
		break;
	case 5:
		tg_records_timezone(p, elem, len, &s, &error);
		break;
	case 6:
		tg_records_manifest(p, elem, len, &r.manifest, &error);
		break;
	case 7:
		tg_records_grailbird_payload(p, elem, len, &n, &error);
		break;
	case 8:
		tg_records_grailbird_index(p, elem, len, &s, &n, &error);
		break;
	}
	g_clear_error(&error);
	g_free(elem);
	return 0;
}
