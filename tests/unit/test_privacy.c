/* SPDX-License-Identifier: MIT */
/* --anonymize on hand-built models: the pseudonym key (the salt, or a secret
 * of the archive's content that no record order changes), the pseudonyms'
 * documented HMAC-SHA256 scheme and their lengthening on a collision, the
 * levels (the owner kept or not), and what the writers then show. */
#include <string.h>

#include "model.h"
#include "outputs.h"
#include "stats.h"

#define OWNER 1000
/* Under the key "tg-collision", HMAC-SHA256 of these two ids share their
 * first 10 hex digits, e45eba03d4 (found by a birthday search). */
#define COLLIDE_A G_GUINT64_CONSTANT(1000591379)
#define COLLIDE_B G_GUINT64_CONSTANT(1000978769)

static tg_model *model_new(const char *salt)
{
	tg_model_options o;
	tg_load_report r;
	tg_model *m;

	tg_model_options_init(&o);
	o.salt = salt;
	m = tg_model_new(&o, NULL);
	memset(&r, 0, sizeof r);
	r.path = (char *)"/home/alice/twitter-alice.zip";
	r.owner.id = OWNER;
	r.owner.username = (char *)"ownerhandle";
	r.owner.display_name = (char *)"Owner Name";
	g_assert_true(tg_model_begin(m, &r, NULL));
	return m;
}

static tg_stats *finish(tg_model *m)
{
	tg_load_report r;
	GError *error = NULL;
	tg_stats *s;

	memset(&r, 0, sizeof r);
	g_assert_true(tg_model_end(m, &r, NULL));
	g_assert_true(tg_model_finish(m, &error));
	s = tg_stats_compute(m, &error);
	g_assert_no_error(error);
	return s;
}

/* A tweet of KIND with targets; display names through a mention entity. */
static void tweet(tg_model *m, guint64 id, const char *text, tg_kind kind, const tg_target *tg, guint n,
                  const tg_mention *me, guint n_me)
{
	tg_tweet t;
	tg_classified c;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.created_ms = G_GINT64_CONSTANT(1600000000000) + (gint64)id * 1000;
	t.text = text;
	t.rt_user.screen_name = "";
	t.mentions = me;
	t.n_mentions = n_me;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.targets = tg;
	c.n_targets = n;
	g_assert_true(tg_model_add_classified(m, &t, &c, NULL));
}

static void dm(tg_model *m, const char *conv, tg_dm_event_type type, guint64 id, guint64 from, const char *text)
{
	tg_dm_event e;
	tg_dm_chunk c = {conv, &e, 1, 0, NULL};

	memset(&e, 0, sizeof e);
	e.type = type;
	e.id = id;
	e.sender = from;
	e.created_ms = G_GINT64_CONSTANT(1600000000000) + (gint64)id;
	e.text = text;
	g_assert_true(tg_model_add_dm(m, &c, NULL));
}

static char *hex_hmac(const char *key, const char *msg)
{
	return g_compute_hmac_for_string(G_CHECKSUM_SHA256, (const guchar *)key, strlen(key), msg, -1);
}

/* An XML name token (NCName) made of what pseudonyms use. */
static gboolean xml_name(const char *s)
{
	if (!g_ascii_isalpha(*s))
		return FALSE;
	for (; *s; s++)
		if (!g_ascii_isalnum(*s) && *s != '-')
			return FALSE;
	return TRUE;
}

/* ---- the key ---- */

static void feed(tg_model *m, gboolean reverse)
{
	static const guint64 follows[] = {501, 502, 503};
	tg_target t = {TG_I_REPLY, 601, "bob"};

	for (guint k = 0; k < G_N_ELEMENTS(follows); k++) {
		guint i = reverse ? G_N_ELEMENTS(follows) - 1 - k : k;
		g_assert_true(tg_model_add_follow(m, follows[i], i != 1, NULL));
	}
	if (reverse) {
		dm(m, "601-1000", TG_DM_MESSAGE, 9, 601, "see you at 5");
		tweet(m, 2, "@bob hi", TG_KIND_REPLY, &t, 1, NULL, 0);
		tweet(m, 1, "hello", TG_KIND_ORIGINAL, NULL, 0, NULL, 0);
	} else {
		tweet(m, 1, "hello", TG_KIND_ORIGINAL, NULL, 0, NULL, 0);
		tweet(m, 2, "@bob hi", TG_KIND_REPLY, &t, 1, NULL, 0);
		dm(m, "601-1000", TG_DM_MESSAGE, 9, 601, "see you at 5");
	}
}

static void test_key(void)
{
	tg_model *a = model_new(NULL), *b = model_new(NULL), *c = model_new(NULL), *d = model_new("pepper");
	GBytes *ka, *kb, *kc, *kd;
	gboolean priv = TRUE;
	tg_stats *sa, *sb, *sc;

	/* Only public data so far: the key says so. */
	tweet(a, 1, "hello", TG_KIND_ORIGINAL, NULL, 0, NULL, 0);
	ka = tg_model_pseudonym_key(a, &priv);
	g_assert_false(priv);
	g_bytes_unref(ka);
	ka = tg_model_pseudonym_key(d, &priv);
	g_assert_true(priv);
	g_assert_cmpmem(g_bytes_get_data(ka, NULL), g_bytes_get_size(ka), "pepper", 6);
	g_bytes_unref(ka);
	g_bytes_unref(tg_model_pseudonym_key(a, NULL));
	tg_model_free(a);

	/* The same records in another order: the same key. One follow more:
	 * another key. */
	a = model_new(NULL);
	feed(a, FALSE);
	feed(b, TRUE);
	feed(c, FALSE);
	g_assert_true(tg_model_add_follow(c, 504, TRUE, NULL));
	ka = tg_model_pseudonym_key(a, &priv);
	g_assert_true(priv);
	kb = tg_model_pseudonym_key(b, NULL);
	kc = tg_model_pseudonym_key(c, NULL);
	kd = tg_model_pseudonym_key(d, NULL);
	g_assert_cmpuint(g_bytes_get_size(ka), ==, 32);
	g_assert_true(g_bytes_equal(ka, kb));
	g_assert_false(g_bytes_equal(ka, kc));
	g_assert_false(g_bytes_equal(ka, kd));

	sa = finish(a);
	sb = finish(b);
	sc = finish(c);
	g_assert_cmpstr(tg_stats_id_pseudonym(sa, 601), ==, tg_stats_id_pseudonym(sb, 601));
	g_assert_cmpstr(tg_stats_id_pseudonym(sa, 601), !=, tg_stats_id_pseudonym(sc, 601));
	/* The secret is not the HMAC key of anything shown: not the empty key. */
	{
		char *naive = hex_hmac("", "601");
		g_assert_false(g_str_has_prefix(naive, tg_stats_id_pseudonym(sa, 601) + 2));
		g_free(naive);
	}
	g_bytes_unref(ka);
	g_bytes_unref(kb);
	g_bytes_unref(kc);
	g_bytes_unref(kd);
	tg_stats_free(sa);
	tg_stats_free(sb);
	tg_stats_free(sc);
	tg_model_free(a);
	tg_model_free(b);
	tg_model_free(c);
	tg_model_free(d);
}

/* ---- the scheme ---- */

static void test_scheme(void)
{
	tg_model *m = model_new("tg-collision");
	tg_target q = {TG_I_QUOTE, 0, "Alice"};
	tg_stats *s;
	char *mac;

	g_assert_true(tg_model_add_follow(m, COLLIDE_A, TRUE, NULL));
	g_assert_true(tg_model_add_follow(m, COLLIDE_B, TRUE, NULL));
	tweet(m, 1, "look https://x.com/Alice/status/1", TG_KIND_QUOTE, &q, 1, NULL, 0);
	s = finish(m);

	/* The two ids share 10 hex digits: each takes one more. */
	g_assert_cmpstr(tg_stats_id_pseudonym(s, COLLIDE_A), ==, "c-e45eba03d47");
	g_assert_cmpstr(tg_stats_id_pseudonym(s, COLLIDE_B), ==, "c-e45eba03d4f");
	/* A name-only contact: "name:" and the lower-cased handle. */
	mac = hex_hmac("tg-collision", "name:alice");
	for (guint i = 0; i < tg_model_n_nodes(s->model); i++) {
		const tg_node *n = tg_model_node(s->model, i);
		if (!n->id && n->canonical == i) {
			g_assert_cmpstr(tg_stats_pseudonym(s, i), ==, "c-890cd4d0f9");
			g_assert_true(g_str_has_prefix(mac, tg_stats_pseudonym(s, i) + 2));
		}
	}
	g_free(mac);
	/* The owner: "o-", from its decimal id. */
	mac = hex_hmac("tg-collision", "1000");
	g_assert_true(g_str_has_prefix(tg_stats_id_pseudonym(s, OWNER), "o-"));
	g_assert_true(g_str_has_prefix(mac, tg_stats_id_pseudonym(s, OWNER) + 2));
	g_assert_cmpuint(strlen(tg_stats_id_pseudonym(s, OWNER)), ==, 12);
	g_free(mac);
	for (guint i = 0; i < tg_model_n_nodes(s->model); i++)
		if (tg_stats_pseudonym(s, i))
			g_assert_true(xml_name(tg_stats_pseudonym(s, i)));
	g_assert_null(tg_stats_id_pseudonym(s, 42));
	tg_stats_free(s);
	tg_model_free(m);
}

/* ---- levels and writers ---- */

static gboolean has(const GString *b, const char *s)
{
	return strstr(b->str, s) != NULL;
}

static void test_levels(void)
{
	tg_model *m = model_new(NULL);
	tg_target r[] = {{TG_I_REPLY, 701, "carolhandle"}};
	tg_mention me[] = {{701, "carolhandle", "Carol Name", 0, 12}, {702, "davehandle", "Dave Name", 13, 24}};
	tg_target t2[] = {{TG_I_MENTION, 702, "davehandle"}};
	tg_stats *s;
	tg_out_options o;
	GString *json = g_string_new(NULL), *csv = g_string_new(NULL), *gcsv = g_string_new(NULL);
	tg_graph *g;
	FILE *f;
	char *text = NULL;
	gsize len;

	tweet(m, 1, "@carolhandle hi", TG_KIND_REPLY, r, 1, me, 1);
	tweet(m, 2, "hey @davehandle", TG_KIND_ORIGINAL, t2, 1, me + 1, 1);
	g_assert_true(tg_model_add_follow(m, 703, TRUE, NULL));
	g_assert_true(tg_model_add_follow(m, 704, FALSE, NULL));
	dm(m, "555-1000", TG_DM_WELCOME, 7, 555, "Welcome to Secret Shop");
	dm(m, "701-1000", TG_DM_MESSAGE, 8, 701, "my secret plan");
	s = finish(m);

	/* Level 1 keeps the owner, level 2 hides it; contacts are hidden at 1. */
	g_assert_false(tg_stats_hides(s, tg_model_find_id(s->model, OWNER), 1));
	g_assert_true(tg_stats_hides(s, tg_model_find_id(s->model, OWNER), 2));
	g_assert_false(tg_stats_hides(s, tg_model_find_id(s->model, 701), 0));
	g_assert_true(tg_stats_hides(s, tg_model_find_id(s->model, 701), 1));
	/* The welcome-only sender is no contact, but gets a pseudonym. */
	g_assert_nonnull(tg_stats_id_pseudonym(s, 555));

	/* Once the analysis is anonymised, a writer asked for nothing hides all
	 * the same. */
	tg_stats_anonymize(s, 2);
	g_assert_cmpstr(tg_stats_node_key(s, tg_model_find_id(s->model, 701), 0), ==,
	                tg_stats_id_pseudonym(s, 701));
	tg_out_options_init(&o);
	tg_out_stats_json_build(s, &o, json);
	tg_out_contacts_csv_build(s, 0, &o, csv);
	g = tg_stats_graph_new(s, 0);
	f = tmpfile();
	g_assert_nonnull(f);
	g_assert_true(tg_graph_write(g, TG_GRAPH_GRAPHML, f, "graph", NULL));
	g_assert_true(tg_graph_write(g, TG_GRAPH_CSV, f, "graph", NULL));
	g_assert_true(tg_graph_write(g, TG_GRAPH_DOT, f, "graph", NULL));
	g_assert_true(tg_graph_write(g, TG_GRAPH_GEXF, f, "graph", NULL));
	len = (gsize)ftell(f);
	rewind(f);
	text = g_malloc0(len + 1);
	g_assert_cmpuint(fread(text, 1, len, f), ==, len);
	fclose(f);
	g_string_append(gcsv, text);
	g_free(text);
	tg_stats_graph_free(g);

	GString *all[] = {json, csv, gcsv};
	static const char *const secrets[] = {
		"701", "702", "703", "704", "555", "1000", "carolhandle", "davehandle", "Carol", "Dave", "ownerhandle",
		"Owner Name", "twitter-alice", "secret", "Secret", "Welcome",
	};
	for (guint i = 0; i < G_N_ELEMENTS(all); i++)
		for (guint k = 0; k < G_N_ELEMENTS(secrets); k++)
			if (has(all[i], secrets[k]))
				g_error("'%s' in output %u:\n%s", secrets[k], i, all[i]->str);
	g_assert_true(has(json, "\"name\": \"archive 1\""));
	g_assert_true(has(json, tg_stats_id_pseudonym(s, 555)));
	g_assert_true(has(json, tg_stats_id_pseudonym(s, OWNER)));
	g_assert_true(has(json, "\"anonymize\": true"));
	/* Rows by strength (701: 2, 702: 1), then the follows (0) by pseudonym,
	 * whatever the order of their ids. */
	{
		char **lines = g_strsplit(csv->str, "\n", -1);
		const char *p3 = tg_stats_id_pseudonym(s, 703), *p4 = tg_stats_id_pseudonym(s, 704);
		g_assert_cmpuint(g_strv_length(lines), ==, 6); /* header, four contacts, "" */
		g_assert_true(g_str_has_prefix(lines[1], tg_stats_id_pseudonym(s, 701)));
		g_assert_true(g_str_has_prefix(lines[2], tg_stats_id_pseudonym(s, 702)));
		g_assert_true(g_str_has_prefix(lines[3], strcmp(p3, p4) < 0 ? p3 : p4));
		g_assert_true(g_str_has_prefix(lines[4], strcmp(p3, p4) < 0 ? p4 : p3));
		g_strfreev(lines);
	}
	g_string_free(json, TRUE);
	g_string_free(csv, TRUE);
	g_string_free(gcsv, TRUE);
	tg_stats_free(s);
	tg_model_free(m);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/privacy/key", test_key);
	g_test_add_func("/privacy/scheme", test_scheme);
	g_test_add_func("/privacy/levels", test_levels);
	return g_test_run();
}
