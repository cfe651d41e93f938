/* SPDX-License-Identifier: MIT */
/* The model on hand-built records: time zones, id <-> name joining, DM
 * chunk merging, --since/--until, several owners, and independence from the
 * order records arrive in (hand-built records and a whole fixture replayed
 * backwards). */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "archive.h"
#include "model.h"
#include "outputs.h"
#include "stats.h"
#include "tape.h"

#define OWNER 1000
#define MS(y, mo, d, h, mi) ms_of(y, mo, d, h, mi)

static gint64 ms_of(int y, int mo, int d, int h, int mi)
{
	GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, 0);
	gint64 ms = g_date_time_to_unix(dt) * 1000;
	g_date_time_unref(dt);
	return ms;
}

/* ---- time zones ---- */

static void test_tz_resolve(void)
{
	char *warning = NULL;
	GError *error = NULL;
	tg_tz *tz;

	g_assert_cmpstr(tg_tz_rails_to_iana("Madrid"), ==, "Europe/Madrid");
	g_assert_cmpstr(tg_tz_rails_to_iana("Eastern Time (US & Canada)"), ==, "America/New_York");
	g_assert_cmpstr(tg_tz_rails_to_iana("UTC"), ==, "Etc/UTC");
	g_assert_cmpstr(tg_tz_rails_to_iana("eastern time (us & canada)"), ==, "America/New_York");
	g_assert_null(tg_tz_rails_to_iana("Europe/Madrid"));

	tz = tg_tz_resolve(NULL, "Madrid", &warning, &error);
	g_assert_nonnull(tz);
	g_assert_null(warning);
	g_assert_cmpstr(tg_tz_name(tz), ==, "Europe/Madrid");
	g_assert_cmpint(tg_tz_get_source(tz), ==, TG_TZ_ACCOUNT);
	tg_tz_free(tz);

	tz = tg_tz_resolve(NULL, "Asia/Tokyo", &warning, &error);
	g_assert_cmpstr(tg_tz_name(tz), ==, "Asia/Tokyo");
	tg_tz_free(tz);

	tz = tg_tz_resolve(NULL, "Atlantis Standard", &warning, &error);
	g_assert_nonnull(tz);
	g_assert_cmpstr(tg_tz_name(tz), ==, "UTC");
	g_assert_cmpint(tg_tz_get_source(tz), ==, TG_TZ_FALLBACK);
	g_assert_nonnull(strstr(warning, "'Atlantis Standard'"));
	g_free(warning);
	tg_tz_free(tz);

	tz = tg_tz_resolve(NULL, NULL, &warning, &error);
	g_assert_cmpint(tg_tz_get_source(tz), ==, TG_TZ_DEFAULT);
	tg_tz_free(tz);

	/* --tz wins over the archive; a bad --tz is a usage error. */
	tz = tg_tz_resolve("America/Sao_Paulo", "Madrid", &warning, &error);
	g_assert_cmpstr(tg_tz_name(tz), ==, "America/Sao_Paulo");
	g_assert_cmpint(tg_tz_get_source(tz), ==, TG_TZ_OPTION);
	tg_tz_free(tz);
	g_assert_null(tg_tz_resolve("Madrid", NULL, NULL, &error));
	g_assert_error(error, TG_ERROR, TG_ERROR_USAGE);
	g_clear_error(&error);
	g_assert_null(tg_tz_resolve("/etc/passwd", NULL, NULL, &error));
	g_clear_error(&error);
	g_assert_null(tg_tz_resolve("../zoneinfo/UTC", NULL, NULL, &error));
	g_clear_error(&error);
}

static void test_tz_local(void)
{
	tg_tz *tz = tg_tz_new_iana("Europe/Madrid");
	tg_local l;
	char buf[16];

	/* The 2021 spring-forward: 01:00 UTC is 03:00 CEST. */
	tg_tz_local(tz, NULL, MS(2021, 3, 28, 0, 59), &l);
	g_assert_cmpint(l.hour, ==, 1);
	tg_tz_local(tz, NULL, MS(2021, 3, 28, 1, 0), &l);
	g_assert_cmpint(l.hour, ==, 3);
	g_assert_cmpint(l.weekday, ==, 6); /* Sunday */
	/* New Year's Eve 23:30 UTC is already January in Madrid. */
	tg_tz_local(tz, NULL, MS(2020, 12, 31, 23, 30), &l);
	g_assert_cmpstr(tg_month_key_format(l.month_key, buf), ==, "2021-01");
	g_assert_cmpint(l.day, ==, 1);
	/* 2021-01-03 (a Sunday) is in ISO week 2020-W53, whose Monday is
	 * 2020-12-28. */
	tg_tz_local(tz, NULL, MS(2021, 1, 3, 12, 0), &l);
	g_assert_cmpint(l.week_key, ==, MS(2020, 12, 28, 0, 0) / 86400000);
	tg_tz_free(tz);
}

/* The table and the cursor agree with GDateTime everywhere. */
static void test_tz_matches_glib(void)
{
	static const char *const zones[] = {"Europe/Madrid", "America/New_York", "Australia/Lord_Howe",
	                                    "Asia/Kathmandu", "America/St_Johns", "Pacific/Apia", "UTC"};
	GRand *rand = g_rand_new_with_seed(7);

	for (guint z = 0; z < G_N_ELEMENTS(zones); z++) {
		tg_tz *tz = tg_tz_new_iana(zones[z]);
		GTimeZone *gtz = g_time_zone_new_identifier(zones[z]);
		tg_tz_cursor cursor = {0};
		g_assert_nonnull(tz);
		for (int i = 0; i < 20000; i++) {
			/* 1971 .. 2099, clustered so that the cursor gets hits. */
			gint64 sec = (i % 4 == 0) ? g_rand_int_range(rand, 0, 2000000000) + (gint64)40000000
			                          : 1600000000 + (gint64)g_rand_int_range(rand, 0, 90000000);
			GDateTime *utc = g_date_time_new_from_unix_utc(sec);
			GDateTime *loc = g_date_time_to_timezone(utc, gtz);
			tg_local l;
			tg_tz_local(tz, (i % 2) ? &cursor : NULL, sec * 1000 + 999, &l);
			g_assert_cmpint(l.year, ==, g_date_time_get_year(loc));
			g_assert_cmpint(l.month, ==, g_date_time_get_month(loc));
			g_assert_cmpint(l.day, ==, g_date_time_get_day_of_month(loc));
			g_assert_cmpint(l.hour, ==, g_date_time_get_hour(loc));
			g_assert_cmpint(l.weekday + 1, ==, g_date_time_get_day_of_week(loc));
			g_date_time_unref(loc);
			g_date_time_unref(utc);
		}
		g_time_zone_unref(gtz);
		tg_tz_free(tz);
	}
	g_rand_free(rand);
}

static void collect(void *user, const char *message)
{
	g_ptr_array_add(user, g_strdup(message));
}

/* An unknown zone in account-timezone.js: UTC and a warning. */
static void test_tz_warning(void)
{
	GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
	tg_model_options o;
	tg_load_report r;
	tg_model *m;

	tg_model_options_init(&o);
	o.warn = collect;
	o.warn_user = warnings;
	m = tg_model_new(&o, NULL);
	memset(&r, 0, sizeof r);
	r.path = (char *)"a.zip";
	r.owner.id = 1;
	r.owner.username = (char *)"x";
	r.owner.timezone = (char *)"Middle Earth";
	g_assert_true(tg_model_begin(m, &r, NULL));
	g_assert_cmpuint(warnings->len, ==, 1);
	g_assert_cmpstr(warnings->pdata[0], ==,
	                "'a.zip': unknown time zone 'Middle Earth' in account-timezone.js: using UTC");
	g_assert_true(tg_model_finish(m, NULL));
	g_assert_cmpstr(tg_tz_name(tg_model_owner(m, 0)->tz), ==, "UTC");
	{
		/* Nothing at all: every ratio null, no month. */
		tg_stats *s = tg_stats_compute(m, NULL);
		tg_out_options oo;
		GString *b = g_string_new(NULL);
		tg_out_options_init(&oo);
		tg_out_stats_json_build(s, &oo, b);
		g_assert_nonnull(strstr(b->str, "\"period\": {\n    \"first\": null,\n    \"last\": null\n  }"));
		g_assert_nonnull(strstr(b->str, "\"monthly\": [],"));
		g_assert_nonnull(strstr(b->str, "\"conversation_share\": null"));
		g_assert_nonnull(strstr(b->str, "\"modularity\": null"));
		g_string_free(b, TRUE);
		tg_stats_free(s);
	}
	tg_model_free(m);
	g_ptr_array_unref(warnings);
}

/* ---- hand-built records ---- */

static void begin(tg_model *m, guint64 owner, const char *name)
{
	tg_load_report r;
	GError *error = NULL;

	memset(&r, 0, sizeof r);
	r.path = (char *)"test.zip";
	r.owner.id = owner;
	r.owner.username = (char *)name;
	r.owner.timezone = (char *)"UTC";
	g_assert_true(tg_model_begin(m, &r, &error));
	g_assert_no_error(error);
}

static void end(tg_model *m)
{
	tg_load_report r;
	memset(&r, 0, sizeof r);
	g_assert_true(tg_model_end(m, &r, NULL));
}

typedef struct rec {
	guint64 id;
	gint64 ms;
	tg_kind kind;
	gboolean deliberate;
	tg_target targets[4];
	guint n_targets;
	tg_pairing pairings[3];
	guint n_pairings;
	tg_mention mentions[3];
	guint n_mentions;
	const char *tags[2];
	guint n_tags;
} rec;

static void add(tg_model *m, const rec *r)
{
	tg_tweet t;
	tg_classified c;
	GError *error = NULL;

	memset(&t, 0, sizeof t);
	t.id = r->id;
	t.created_ms = r->ms;
	t.text = "";
	t.mentions = r->mentions;
	t.n_mentions = r->n_mentions;
	t.hashtags = r->tags;
	t.n_hashtags = r->n_tags;
	t.rt_user.screen_name = "";
	memset(&c, 0, sizeof c);
	c.kind = r->kind;
	c.deliberate_mention = r->deliberate;
	c.targets = r->targets;
	c.n_targets = r->n_targets;
	c.pairings = r->pairings;
	c.n_pairings = r->n_pairings;
	g_assert_true(tg_model_add_classified(m, &t, &c, &error));
	g_assert_no_error(error);
}

static void dm(tg_model *m, const char *conv, const tg_dm_event *ev, guint n)
{
	tg_dm_chunk c = {conv, ev, n, 0, NULL};
	g_assert_true(tg_model_add_dm(m, &c, NULL));
}

static tg_dm_event msg(guint64 id, guint64 from, guint64 to, gint64 ms, const char *text)
{
	tg_dm_event e;
	memset(&e, 0, sizeof e);
	e.type = TG_DM_MESSAGE;
	e.id = id;
	e.sender = from;
	e.recipient = to;
	e.created_ms = ms;
	e.text = text;
	return e;
}

static const tg_contact *find_contact(const tg_owner_stats *os, guint64 id, const char *sn)
{
	for (guint i = 0; i < os->contacts->len; i++) {
		const tg_contact *c = &g_array_index(os->contacts, tg_contact, i);
		if (id ? c->n->id == id : (!c->n->id && g_strcmp0(c->n->screen_name, sn) == 0))
			return c;
	}
	return NULL;
}

static tg_model *new_model(void)
{
	tg_model_options o;
	tg_model_options_init(&o);
	return tg_model_new(&o, NULL);
}

static tg_stats *finish(tg_model *m)
{
	GError *error = NULL;
	tg_stats *s;
	g_assert_true(tg_model_finish(m, &error));
	g_assert_no_error(error);
	s = tg_stats_compute(m, &error);
	g_assert_no_error(error);
	g_assert_nonnull(s);
	return s;
}

/* A quote by name joins the id its name was last paired with, whatever
 * the case; a rename moves the shown name; the rest stays name-only. */
static void test_names(void)
{
	tg_model *m = new_model();
	tg_stats *s;
	const tg_owner_stats *os;
	const tg_contact *c;
	rec r1 = {.id = 10, .ms = MS(2020, 1, 1, 0, 0), .kind = TG_KIND_ORIGINAL, .deliberate = TRUE,
	          .targets = {{TG_I_MENTION, 2001, "chloe_382"}}, .n_targets = 1,
	          .pairings = {{2001, "chloe_382", "Chloe"}}, .n_pairings = 1,
	          .mentions = {{2001, "chloe_382", "Chloe", 0, 10}}, .n_mentions = 1};
	rec r2 = {.id = 20, .ms = MS(2021, 1, 1, 0, 0), .kind = TG_KIND_ORIGINAL, .deliberate = TRUE,
	          .targets = {{TG_I_MENTION, 2001, "arthq"}}, .n_targets = 1,
	          .pairings = {{2001, "arthq", "Chloé A."}}, .n_pairings = 1,
	          .mentions = {{2001, "arthq", "Chloé A.", 0, 6}}, .n_mentions = 1};
	/* Quoted by the old name, in another case, after the rename. */
	rec r3 = {.id = 30, .ms = MS(2022, 1, 1, 0, 0), .kind = TG_KIND_QUOTE,
	          .targets = {{TG_I_QUOTE, 0, "Chloe_382"}}, .n_targets = 1};
	rec r4 = {.id = 40, .ms = MS(2022, 2, 1, 0, 0), .kind = TG_KIND_QUOTE,
	          .targets = {{TG_I_QUOTE, 0, "nobody_x"}}, .n_targets = 1};
	rec r5 = {.id = 41, .ms = MS(2022, 3, 1, 0, 0), .kind = TG_KIND_QUOTE,
	          .targets = {{TG_I_QUOTE, 0, "NOBODY_X"}}, .n_targets = 1};
	/* Quoting the owner by name counts nothing. */
	rec r6 = {.id = 42, .ms = MS(2022, 3, 2, 0, 0), .kind = TG_KIND_QUOTE,
	          .targets = {{TG_I_QUOTE, 0, "OwnerName"}}, .n_targets = 1};

	begin(m, OWNER, "ownername");
	add(m, &r3);
	add(m, &r5);
	add(m, &r1);
	add(m, &r6);
	add(m, &r4);
	add(m, &r2);
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	g_assert_cmpuint(os->contacts->len, ==, 2);
	c = find_contact(os, 2001, NULL);
	g_assert_nonnull(c);
	g_assert_cmpstr(c->n->screen_name, ==, "arthq");
	g_assert_cmpstr(c->n->name, ==, "Chloé A.");
	g_assert_cmpuint(c->rel->count[TG_I_MENTION], ==, 2);
	g_assert_cmpuint(c->rel->count[TG_I_QUOTE], ==, 1);
	g_assert_cmpuint(c->strength, ==, 3);
	g_assert_cmpuint(c->active_months, ==, 3);
	g_assert_cmpint(c->last_ms, ==, MS(2022, 1, 1, 0, 0));
	/* Name-only: shown by its latest quoted name. */
	c = find_contact(os, 0, "NOBODY_X");
	g_assert_nonnull(c);
	g_assert_cmpuint(c->rel->count[TG_I_QUOTE], ==, 2);
	g_assert_cmpstr(tg_stats_node_id(s, c->node), ==, "");
	g_assert_cmpstr(tg_stats_node_key(s, c->node, FALSE), ==, "name:NOBODY_X");
	tg_stats_free(s);
	tg_model_free(m);
}

/* The latest pairing of a reused name wins, ties by tweet id. */
static void test_name_reuse(void)
{
	tg_model *m = new_model();
	tg_stats *s;
	const tg_owner_stats *os;
	rec a = {.id = 10, .ms = MS(2020, 1, 1, 0, 0), .kind = TG_KIND_ORIGINAL, .deliberate = TRUE,
	         .targets = {{TG_I_MENTION, 2001, "sam"}}, .n_targets = 1,
	         .pairings = {{2001, "sam", NULL}}, .n_pairings = 1};
	rec b = {.id = 11, .ms = MS(2020, 1, 1, 0, 0), .kind = TG_KIND_ORIGINAL, .deliberate = TRUE,
	         .targets = {{TG_I_MENTION, 2002, "Sam"}}, .n_targets = 1,
	         .pairings = {{2002, "Sam", NULL}}, .n_pairings = 1};
	rec q = {.id = 5, .ms = MS(2019, 1, 1, 0, 0), .kind = TG_KIND_QUOTE,
	         .targets = {{TG_I_QUOTE, 0, "SAM"}}, .n_targets = 1};

	begin(m, OWNER, "me");
	add(m, &b);
	add(m, &q);
	add(m, &a);
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	g_assert_cmpuint(os->contacts->len, ==, 2);
	g_assert_cmpuint(find_contact(os, 2002, NULL)->rel->count[TG_I_QUOTE], ==, 1);
	g_assert_cmpuint(find_contact(os, 2001, NULL)->rel->count[TG_I_QUOTE], ==, 0);
	tg_stats_free(s);
	tg_model_free(m);
}

/* Chunks of one conversation merge, messages deduplicate by id; "A-B"
 * holding the owner is 1:1 whatever file it came from. */
static void test_dm_chunks(void)
{
	tg_model *m = new_model();
	tg_stats *s;
	const tg_owner_stats *os;
	const tg_contact *c;
	gint64 t0 = MS(2022, 5, 1, 10, 0);
	tg_dm_event c1[] = {msg(4, OWNER, 7, t0 + 4000, "later"), msg(3, 7, OWNER, t0 + 3000, "b")};
	tg_dm_event c2[] = {msg(3, 7, OWNER, t0 + 3000, "b"), msg(2, OWNER, 7, t0 + 2000, "a"),
	                    msg(1, 7, OWNER, t0, "hello there friend")};
	tg_dm_event g1[] = {msg(11, 7, 0, t0, "x"), msg(12, 8, 0, t0 + 1, "y"), msg(13, OWNER, 0, t0 + 2, "z"),
	                    msg(11, 7, 0, t0, "x")};

	begin(m, OWNER, "me");
	dm(m, "7-1000", c1, 2);
	dm(m, "7-1000", c2, 3);
	dm(m, "555", g1, 4);
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	g_assert_cmpuint(os->dms.conversations, ==, 1);
	g_assert_cmpuint(os->dms.group_conversations, ==, 1);
	g_assert_cmpuint(os->dms.sent, ==, 2);
	g_assert_cmpuint(os->dms.received, ==, 2);
	g_assert_cmpuint(os->dms.opened_by_other, ==, 1);
	g_assert_cmpuint(os->dms.answered, ==, 1);
	g_assert_cmpuint(os->dms.two_sided, ==, 1);
	/* Turns: 7 at t0 -> owner at +2 s; 7 at +3 s -> owner at +4 s. */
	g_assert_cmpuint(os->dms.response_samples, ==, 2);
	g_assert_cmpfloat(os->dms.response_median_s, ==, 1.5);
	g_assert_cmpfloat(os->dms.response_p90_s, ==, 2.0);
	c = find_contact(os, 7, NULL);
	g_assert_cmpuint(c->rel->dms_sent, ==, 2);
	g_assert_cmpuint(c->rel->dms_received, ==, 2);
	g_assert_cmpuint(c->rel->group_dms_received, ==, 1);
	g_assert_cmpuint(find_contact(os, 8, NULL)->rel->group_dms_received, ==, 1);
	/* Both wrote in the group: one co-conversation edge. */
	g_assert_cmpuint(os->om->edges->len, ==, 1);
	g_assert_cmpuint(g_array_index(os->om->edges, tg_coedge, 0).weight, ==, 1);
	tg_stats_free(s);
	tg_model_free(m);
}

/* One conversation's messages into BUF (tg_conv_messages()). */
static const tg_dm_msg *conv_msgs(const tg_owner_model *o, guint conv, GArray *buf)
{
	GError *error = NULL;
	g_assert_true(tg_conv_messages(o, conv, buf, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(buf->len, ==, o->convs[conv].n_msgs);
	return (const tg_dm_msg *)buf->data;
}

/* After finish each conversation's messages read back by (time, id), and
 * every sender reads back exactly -- the owner, the other side, a third id
 * in a 1:1 conversation (counted neither way), group senders, none. */
static void test_dm_store(void)
{
	tg_model *m = new_model();
	tg_stats *s;
	const tg_owner_stats *os;
	const tg_owner_model *o;
	const tg_conv *c;
	gint64 t0 = MS(2022, 5, 1, 10, 0);
	tg_dm_event c1[] = {msg(5, 7, OWNER, t0 + 5000, "x"), msg(0, OWNER, 7, t0 + 1000, "n"),
	                    msg(3, 9, OWNER, t0 + 3000, "third"), msg(6, 9, OWNER, t0 + 6000, "welcome")};
	tg_dm_event c2[] = {msg(8, 7, OWNER, t0 + 7000, "z"), msg(5, OWNER, 7, t0 + 4000, "y"),
	                    msg(0, OWNER, 7, t0 + 1000, "n")};
	tg_dm_event g1[] = {msg(12, 0, 0, t0 + 2, "none"), msg(11, 7, 0, t0 + 1, "a"), msg(13, 9, 0, t0 + 3, "b"),
	                    msg(14, OWNER, 0, t0 + 4, "c")};
	tg_dm_event n1[] = {msg(21, OWNER, OWNER, t0, "note")};
	guint64 want[] = {OWNER, OWNER, 9, OWNER, 9, 7};
	GArray *buf = g_array_new(FALSE, FALSE, sizeof(tg_dm_msg));
	const tg_dm_msg *mm;

	c1[3].type = TG_DM_WELCOME;
	begin(m, OWNER, "me");
	dm(m, "555", g1, 2);
	dm(m, "1000-7", c1, 4);
	dm(m, "1000-1000", n1, 1);
	dm(m, "555", g1 + 2, 2);
	dm(m, "1000-7", c2, 3);
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	o = os->om;
	g_assert_cmpuint(o->n_convs, ==, 3);
	g_assert_cmpstr(o->convs[0].id, ==, "1000-1000");
	g_assert_cmpstr(o->convs[1].id, ==, "1000-7");
	g_assert_cmpstr(o->convs[2].id, ==, "555");

	/* Both id-less messages stay; of the two with id 5, the earlier. */
	c = &o->convs[1];
	g_assert_cmpuint(c->n_msgs, ==, 6);
	mm = conv_msgs(o, 1, buf);
	for (guint k = 0; k < c->n_msgs; k++) {
		g_assert_cmpuint(tg_dm_sender(o, &mm[k]), ==, want[k]);
		g_assert_true(k == 0 || mm[k - 1].ms <= mm[k].ms);
	}
	g_assert_cmpuint(mm[0].id, ==, 0);
	g_assert_cmpuint(mm[3].id, ==, 5);
	g_assert_true(mm[4].welcome);
	g_assert_cmpuint(find_contact(os, 7, NULL)->rel->dms_sent, ==, 3);
	g_assert_cmpuint(find_contact(os, 7, NULL)->rel->dms_received, ==, 1);
	g_assert_cmpuint(os->automated.senders->len, ==, 1);
	g_assert_cmpuint(g_array_index(os->automated.senders, guint64, 0), ==, 9);

	mm = conv_msgs(o, 0, buf);
	g_assert_cmpuint(buf->len, ==, 1);
	g_assert_cmpuint(tg_dm_sender(o, &mm[0]), ==, OWNER);
	mm = conv_msgs(o, 2, buf);
	g_assert_cmpuint(buf->len, ==, 4);
	g_assert_cmpuint(tg_dm_sender(o, &mm[0]), ==, 7);
	g_assert_cmpuint(tg_dm_sender(o, &mm[1]), ==, 0);
	g_assert_cmpuint(tg_dm_sender(o, &mm[2]), ==, 9);
	g_assert_cmpuint(tg_dm_sender(o, &mm[3]), ==, OWNER);
	g_assert_cmpuint(find_contact(os, 9, NULL)->rel->group_dms_received, ==, 1);
	g_assert_cmpuint(find_contact(os, 9, NULL)->rel->dms_received, ==, 0);
	g_array_free(buf, TRUE);
	tg_stats_free(s);
	tg_model_free(m);
}

/* A conversation whose chunks come between other conversations' (several
 * runs on the tape) reads back whole: an id in two chunks once (the
 * earlier), messages without an id all, by time then id. DISK (non-NULL):
 * the tape lives in a temporary file from the first message on. */
static void test_dm_tape(gconstpointer disk)
{
	tg_model *m;
	tg_stats *s;
	const tg_owner_stats *os;
	const tg_owner_model *o;
	const tg_dm_msg *mm;
	GArray *buf = g_array_new(FALSE, FALSE, sizeof(tg_dm_msg));
	gint64 t0 = MS(2022, 5, 1, 10, 0);
	tg_dm_event a1[] = {msg(10, 7, OWNER, t0 + 10, "a"), msg(0, OWNER, 7, t0 + 5, "n"),
	                    msg(12, OWNER, 7, t0 + 30, "c"), msg(14, 7, OWNER, t0 + 40, "late copy")};
	tg_dm_event a2[] = {msg(10, 7, OWNER, t0 + 10, "a"), msg(0, OWNER, 7, t0 + 5, "n"),
	                    msg(11, 7, OWNER, t0 + 20, "b")};
	tg_dm_event a3[] = {msg(13, OWNER, 7, t0 + 1, "first"), msg(12, OWNER, 7, t0 + 30, "c"),
	                    msg(14, 7, OWNER, t0 + 35, "d")};
	tg_dm_event b1[] = {msg(21, 8, OWNER, t0 + 2, "x")}, b2[] = {msg(22, OWNER, 8, t0 + 3, "y")};
	tg_dm_event g1[] = {msg(31, 7, 0, t0 + 7, "g"), msg(32, 8, 0, t0 + 7, "h")};
	guint64 want_id[] = {13, 0, 0, 10, 11, 12, 14};
	gint64 want_ms[] = {1, 5, 5, 10, 20, 30, 35};
	guint64 want_from[] = {OWNER, OWNER, OWNER, 7, 7, OWNER, 7};

	if (disk)
		tg_tape_set_memory_limit(0);
	m = new_model();
	begin(m, OWNER, "me");
	dm(m, "1000-7", a1, 4);
	dm(m, "1000-8", b1, 1);
	dm(m, "1000-7", a2, 3);
	dm(m, "600", g1, 2);
	dm(m, "1000-7", a3, 3);
	dm(m, "1000-8", b2, 1);
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	o = os->om;
	g_assert_cmpuint(o->n_convs, ==, 3);
	g_assert_cmpstr(o->convs[0].id, ==, "1000-7");

	mm = conv_msgs(o, 0, buf);
	g_assert_cmpuint(buf->len, ==, G_N_ELEMENTS(want_id));
	for (guint k = 0; k < buf->len; k++) {
		g_assert_cmpuint(mm[k].id, ==, want_id[k]);
		g_assert_cmpint(mm[k].ms, ==, t0 + want_ms[k]);
		g_assert_cmpuint(tg_dm_sender(o, &mm[k]), ==, want_from[k]);
		g_assert_cmpuint(mm[k].conv, ==, 0);
	}
	/* The buffer is reused: a shorter conversation shrinks it. */
	mm = conv_msgs(o, 1, buf);
	g_assert_cmpuint(buf->len, ==, 2);
	g_assert_cmpuint(mm[0].id, ==, 21);
	g_assert_cmpuint(tg_dm_sender(o, &mm[0]), ==, 8);
	g_assert_cmpuint(mm[1].id, ==, 22);
	g_assert_cmpuint(tg_dm_sender(o, &mm[1]), ==, OWNER);
	mm = conv_msgs(o, 2, buf);
	g_assert_cmpuint(buf->len, ==, 2);
	g_assert_cmpuint(mm[0].id, ==, 31);
	g_assert_cmpuint(tg_dm_sender(o, &mm[1]), ==, 8);

	/* The figures count what was read back. */
	g_assert_cmpuint(os->dms.sent, ==, 5);
	g_assert_cmpuint(os->dms.received, ==, 4);
	g_assert_cmpuint(find_contact(os, 7, NULL)->rel->dms_sent, ==, 4);
	g_assert_cmpuint(find_contact(os, 7, NULL)->rel->dms_received, ==, 3);
	g_assert_cmpuint(find_contact(os, 7, NULL)->rel->group_dms_received, ==, 1);
	g_array_free(buf, TRUE);
	tg_stats_free(s);
	/* Once released, the messages are gone: the model frees cleanly. */
	tg_model_release_events(m);
	g_assert_cmpuint(tg_model_owner(m, 0)->n_convs, ==, 0);
	tg_model_free(m);
	tg_tape_set_memory_limit(-1);
}

/* --since/--until drop tweets and DMs outside; follows stay. */
static void test_window(void)
{
	tg_model_options o;
	tg_model *m;
	tg_stats *s;
	const tg_owner_stats *os;
	rec in = {.id = 10, .ms = MS(2020, 6, 1, 0, 0), .kind = TG_KIND_REPLY,
	          .targets = {{TG_I_REPLY, 2001, "a"}}, .n_targets = 1};
	rec out = {.id = 11, .ms = MS(2021, 6, 1, 0, 0), .kind = TG_KIND_REPLY,
	           .targets = {{TG_I_REPLY, 2002, "b"}}, .n_targets = 1};
	tg_dm_event d[] = {msg(1, 2003, OWNER, MS(2019, 1, 1, 0, 0), "old")};

	tg_model_options_init(&o);
	o.since_ms = MS(2020, 1, 1, 0, 0);
	o.until_ms = MS(2020, 12, 31, 23, 59);
	m = tg_model_new(&o, NULL);
	begin(m, OWNER, "me");
	add(m, &in);
	add(m, &out);
	dm(m, "1000-2003", d, 1);
	g_assert_true(tg_model_add_follow(m, 2004, TRUE, NULL));
	end(m);
	s = finish(m);
	os = s->owners->pdata[0];
	g_assert_cmpuint(os->tweets_total, ==, 1);
	g_assert_cmpuint(os->contacts->len, ==, 2);
	g_assert_nonnull(find_contact(os, 2001, NULL));
	g_assert_nonnull(find_contact(os, 2004, NULL));
	g_assert_cmpuint(os->dms.conversations, ==, 0);
	g_assert_cmpuint(os->om->months->len, ==, 1);
	tg_stats_free(s);
	tg_model_free(m);
}

/* Two owners: one node each; each is the other's contact; figures per
 * owner. */
static void test_two_owners(void)
{
	tg_model *m = new_model();
	tg_stats *s;
	const tg_owner_stats *a, *b;
	rec ab = {.id = 10, .ms = MS(2020, 6, 1, 0, 0), .kind = TG_KIND_REPLY,
	          .targets = {{TG_I_REPLY, 2000, "bee"}}, .n_targets = 1,
	          .pairings = {{2000, "bee", NULL}}, .n_pairings = 1};
	rec ba = {.id = 11, .ms = MS(2020, 6, 2, 0, 0), .kind = TG_KIND_QUOTE,
	          .targets = {{TG_I_QUOTE, 0, "Ayy"}}, .n_targets = 1};

	begin(m, 1000, "ayy");
	add(m, &ab);
	end(m);
	begin(m, 2000, "bee");
	add(m, &ba);
	end(m);
	s = finish(m);
	g_assert_cmpuint(s->owners->len, ==, 2);
	a = s->owners->pdata[0];
	b = s->owners->pdata[1];
	g_assert_cmpuint(a->contacts->len, ==, 1);
	g_assert_cmpuint(find_contact(a, 2000, NULL)->rel->count[TG_I_REPLY], ==, 1);
	g_assert_cmpuint(b->contacts->len, ==, 1);
	/* The quote by name joins owner 1000 through its account name. */
	g_assert_cmpuint(find_contact(b, 1000, NULL)->rel->count[TG_I_QUOTE], ==, 1);
	g_assert_cmpuint(tg_model_n_nodes(m), ==, 3); /* 1000, 2000, name:ayy */
	tg_stats_free(s);
	tg_model_free(m);
}

/* ---- order independence ---- */

static char *outputs_of(tg_model *m)
{
	tg_stats *s = finish(m);
	tg_out_options o;
	GString *b = g_string_new(NULL);
	tg_out_options_init(&o);
	tg_out_stats_json_build(s, &o, b);
	tg_out_contacts_csv_build(s, 0, &o, b);
	tg_stats_free(s);
	return g_string_free(b, FALSE);
}

static void feed_hand_built(tg_model *m, gboolean reverse)
{
	gint64 t0 = MS(2021, 2, 3, 18, 30);
	rec recs[] = {
		{.id = 1, .ms = t0, .kind = TG_KIND_REPLY, .targets = {{TG_I_REPLY, 1, "a"}, {TG_I_CONTEXT, 2, "b"}},
		 .n_targets = 2, .pairings = {{1, "a", NULL}, {2, "b", NULL}}, .n_pairings = 2,
		 .mentions = {{1, "a", "A one", 0, 2}, {2, "b", "B", 3, 5}}, .n_mentions = 2,
		 .tags = {"Chat"}, .n_tags = 1},
		{.id = 2, .ms = t0 + 86400000LL * 7, .kind = TG_KIND_ORIGINAL, .deliberate = TRUE,
		 .targets = {{TG_I_MENTION, 1, "a"}, {TG_I_MENTION, 3, "c"}}, .n_targets = 2,
		 .pairings = {{1, "a", NULL}, {3, "c", NULL}}, .n_pairings = 2,
		 .mentions = {{1, "a", "A two", 0, 2}}, .n_mentions = 1, .tags = {"chat", "CHAT"}, .n_tags = 2},
		{.id = 3, .ms = t0 + 86400000LL * 14, .kind = TG_KIND_QUOTE, .targets = {{TG_I_QUOTE, 0, "C"}},
		 .n_targets = 1, .tags = {"chat"}, .n_tags = 1},
		{.id = 4, .ms = t0 + 86400000LL * 21, .kind = TG_KIND_RETWEET, .targets = {{TG_I_RETWEET, 4, "d"}},
		 .n_targets = 1, .tags = {"chat"}, .n_tags = 1},
		{.id = 5, .ms = t0 + 86400000LL * 28, .kind = TG_KIND_THREAD, .tags = {"chat"}, .n_tags = 1},
		{.id = 6, .ms = t0 + 86400000LL * 35, .kind = TG_KIND_ORIGINAL, .tags = {"chat"}, .n_tags = 1},
		{.id = 7, .ms = t0 - 86400000LL * 400, .kind = TG_KIND_QUOTE, .targets = {{TG_I_QUOTE, 0, "zed"}},
		 .n_targets = 1},
	};
	tg_dm_event c1[] = {msg(4, OWNER, 7, t0 + 4000, "ok"), msg(3, 7, OWNER, t0 + 3000, "b")};
	tg_dm_event c2[] = {msg(2, OWNER, 7, t0 + 2000, "a"), msg(1, 7, OWNER, t0, "hello there friend")};
	tg_dm_event g1[] = {msg(11, 1, 0, t0, "x"), msg(12, 2, 0, t0 + 1, "y")};
	guint n = G_N_ELEMENTS(recs);

	begin(m, OWNER, "me");
	if (reverse) {
		g_assert_true(tg_model_add_follow(m, 9, FALSE, NULL));
		dm(m, "555", g1, 2);
		dm(m, "7-1000", c2, 2);
		dm(m, "7-1000", c1, 2);
		for (guint i = n; i-- > 0;)
			add(m, &recs[i]);
		g_assert_true(tg_model_add_follow(m, 1, TRUE, NULL));
	} else {
		g_assert_true(tg_model_add_follow(m, 1, TRUE, NULL));
		for (guint i = 0; i < n; i++)
			add(m, &recs[i]);
		dm(m, "7-1000", c1, 2);
		dm(m, "7-1000", c2, 2);
		dm(m, "555", g1, 2);
		g_assert_true(tg_model_add_follow(m, 9, FALSE, NULL));
	}
	end(m);
}

static void test_order_hand_built(void)
{
	tg_model *a = new_model(), *b = new_model();
	char *x, *y;

	feed_hand_built(a, FALSE);
	feed_hand_built(b, TRUE);
	x = outputs_of(a);
	y = outputs_of(b);
	g_assert_cmpstr(x, ==, y);
	/* The chat: 5 weekly uses (the retweet does not count). */
	g_assert_nonnull(strstr(x, "\"tag\": \"chat\""));
	g_free(x);
	g_free(y);
	tg_model_free(a);
	tg_model_free(b);
}

/* A recording sink: deep copies of every record, replayed in another order. */
typedef struct recorded {
	GPtrArray *tweets; /* tg_tweet* with owned copies */
	GPtrArray *dms;    /* tg_dm_chunk* */
	GArray *follows;   /* guint64 id, with follower in the low bit of a parallel array */
	GArray *follower;
	tg_load_report *report;
	GStringChunk *strings;
} recorded;

static const char *keep(recorded *r, const char *s)
{
	return s ? g_string_chunk_insert(r->strings, s) : NULL;
}

static gboolean rec_tweet(void *user, const tg_tweet *t, GError **error)
{
	recorded *r = user;
	tg_tweet *c = g_new(tg_tweet, 1);
	tg_mention *ms = g_new(tg_mention, t->n_mentions + 1);
	tg_url *us = g_new(tg_url, t->n_urls + 1);
	const char **hs = g_new(const char *, t->n_hashtags + 1);

	(void)error;
	*c = *t;
	c->text = keep(r, t->text);
	c->reply_screen_name = keep(r, t->reply_screen_name);
	for (guint i = 0; i < t->n_mentions; i++) {
		ms[i] = t->mentions[i];
		ms[i].screen_name = keep(r, t->mentions[i].screen_name);
		ms[i].name = keep(r, t->mentions[i].name);
	}
	for (guint i = 0; i < t->n_urls; i++) {
		us[i] = t->urls[i];
		us[i].expanded = keep(r, t->urls[i].expanded);
	}
	for (guint i = 0; i < t->n_hashtags; i++)
		hs[i] = keep(r, t->hashtags[i]);
	c->mentions = ms;
	c->urls = us;
	c->hashtags = hs;
	c->edit_ids = NULL;
	c->n_edit_ids = 0;
	c->rt_user.screen_name = keep(r, t->rt_user.screen_name);
	c->rt_user.name = keep(r, t->rt_user.name);
	g_ptr_array_add(r->tweets, c);
	return TRUE;
}

static gboolean rec_dm(void *user, const tg_dm_chunk *ch, gboolean group, GError **error)
{
	recorded *r = user;
	tg_dm_chunk *c = g_new(tg_dm_chunk, 1);
	tg_dm_event *ev = g_new(tg_dm_event, ch->n_events + 1);

	(void)group;
	(void)error;
	*c = *ch;
	c->conversation_id = keep(r, ch->conversation_id);
	for (guint i = 0; i < ch->n_events; i++) {
		ev[i] = ch->events[i];
		ev[i].text = keep(r, ch->events[i].text);
		ev[i].users = NULL;
		ev[i].n_users = 0;
	}
	c->events = ev;
	c->drop_reason = NULL;
	g_ptr_array_add(r->dms, c);
	return TRUE;
}

static gboolean rec_follow(void *user, guint64 id, gboolean follower, GError **error)
{
	recorded *r = user;
	(void)error;
	g_array_append_val(r->follows, id);
	g_array_append_val(r->follower, follower);
	return TRUE;
}

static void free_tweet(gpointer p)
{
	tg_tweet *t = p;
	g_free((gpointer)t->mentions);
	g_free((gpointer)t->urls);
	g_free((gpointer)t->hashtags);
	g_free(t);
}

static void free_chunk(gpointer p)
{
	tg_dm_chunk *c = p;
	g_free((gpointer)c->events);
	g_free(c);
}

/* Feeds R into M: tweets and chunks in a permutation (identity when SEED is
 * 0), the events of each chunk reversed too. */
static void replay(tg_model *m, recorded *r, guint32 seed)
{
	GRand *rand = g_rand_new_with_seed(seed);
	guint n = r->tweets->len + r->dms->len + r->follows->len;
	guint *order = g_new(guint, n);

	for (guint i = 0; i < n; i++)
		order[i] = i;
	if (seed)
		for (guint i = n; i > 1; i--) {
			guint j = (guint)g_rand_int_range(rand, 0, (gint32)i), tmp = order[i - 1];
			order[i - 1] = order[j];
			order[j] = tmp;
		}
	g_assert_true(tg_model_begin(m, r->report, NULL));
	for (guint k = 0; k < n; k++) {
		guint i = order[k];
		if (i < r->tweets->len) {
			g_assert_true(tg_model_add_tweet(m, r->tweets->pdata[i], NULL));
			continue;
		}
		i -= r->tweets->len;
		if (i < r->dms->len) {
			tg_dm_chunk c = *(tg_dm_chunk *)r->dms->pdata[i];
			tg_dm_event *ev = g_memdup2(c.events, sizeof *ev * (c.n_events + 1));
			if (seed)
				for (guint a = 0, b = c.n_events; a + 1 < b; a++, b--) {
					tg_dm_event tmp = ev[a];
					ev[a] = ev[b - 1];
					ev[b - 1] = tmp;
				}
			c.events = ev;
			g_assert_true(tg_model_add_dm(m, &c, NULL));
			g_free(ev);
			continue;
		}
		i -= r->dms->len;
		g_assert_true(tg_model_add_follow(m, g_array_index(r->follows, guint64, i),
		                                  g_array_index(r->follower, gboolean, i), NULL));
	}
	g_assert_true(tg_model_end(m, r->report, NULL));
	g_free(order);
	g_rand_free(rand);
}

static void test_order_fixture(void)
{
	char *zip = g_strdup_printf("%s/fixtures/synthetic/modern-small-seed1.zip", TG_SHARED_DIR);
	recorded r = {0};
	tg_limits limits;
	tg_load_options lo;
	tg_load_report report;
	tg_archive *a;
	tg_sink sink = {&r, NULL, rec_tweet, rec_dm, rec_follow, NULL};
	GError *error = NULL;
	char *first = NULL;

	tg_limits_init(&limits);
	tg_load_options_init(&lo);
	a = tg_archive_open(zip, &limits, &error);
	g_assert_no_error(error);
	r.tweets = g_ptr_array_new_with_free_func(free_tweet);
	r.dms = g_ptr_array_new_with_free_func(free_chunk);
	r.follows = g_array_new(FALSE, FALSE, sizeof(guint64));
	r.follower = g_array_new(FALSE, FALSE, sizeof(gboolean));
	r.strings = g_string_chunk_new(1 << 16);
	r.report = &report;
	g_assert_true(tg_load(a, &lo, &sink, &report, &error));
	g_assert_no_error(error);
	g_assert_cmpuint(r.tweets->len, ==, 600);
	for (guint32 seed = 0; seed < 4; seed++) {
		tg_model *m = new_model();
		char *out;
		replay(m, &r, seed);
		out = outputs_of(m);
		if (!first)
			first = out;
		else {
			g_assert_cmpstr(out, ==, first);
			g_free(out);
		}
		tg_model_free(m);
	}
	g_free(first);
	g_ptr_array_unref(r.tweets);
	g_ptr_array_unref(r.dms);
	g_array_free(r.follows, TRUE);
	g_array_free(r.follower, TRUE);
	g_string_chunk_free(r.strings);
	tg_load_report_clear(&report);
	tg_archive_free(a);
	g_free(zip);
}

/* Records from two threads through the sink give the same outputs. */
typedef struct feeder {
	tg_model *m;
	recorded *r;
	guint part;
} feeder;

static gpointer feed_part(gpointer p)
{
	feeder *f = p;
	for (guint i = f->part; i < f->r->tweets->len; i += 2)
		g_assert_true(tg_model_add_tweet(f->m, f->r->tweets->pdata[i], NULL));
	for (guint i = f->part; i < f->r->dms->len; i += 2)
		g_assert_true(tg_model_add_dm(f->m, f->r->dms->pdata[i], NULL));
	return NULL;
}

static void test_threads(void)
{
	char *zip = g_strdup_printf("%s/fixtures/synthetic/ytd2020-madrid-seed2.zip", TG_SHARED_DIR);
	recorded r = {0};
	tg_limits limits;
	tg_load_options lo;
	tg_load_report report;
	tg_archive *a;
	tg_sink sink = {&r, NULL, rec_tweet, rec_dm, rec_follow, NULL};
	tg_model *m1 = new_model(), *m2 = new_model();
	feeder f0, f1;
	GThread *t0, *t1;
	char *x, *y;

	tg_limits_init(&limits);
	tg_load_options_init(&lo);
	a = tg_archive_open(zip, &limits, NULL);
	r.tweets = g_ptr_array_new_with_free_func(free_tweet);
	r.dms = g_ptr_array_new_with_free_func(free_chunk);
	r.follows = g_array_new(FALSE, FALSE, sizeof(guint64));
	r.follower = g_array_new(FALSE, FALSE, sizeof(gboolean));
	r.strings = g_string_chunk_new(1 << 16);
	r.report = &report;
	g_assert_true(tg_load(a, &lo, &sink, &report, NULL));
	replay(m1, &r, 0);

	g_assert_true(tg_model_begin(m2, &report, NULL));
	f0 = (feeder){m2, &r, 0};
	f1 = (feeder){m2, &r, 1};
	t0 = g_thread_new("a", feed_part, &f0);
	t1 = g_thread_new("b", feed_part, &f1);
	g_thread_join(t0);
	g_thread_join(t1);
	for (guint i = 0; i < r.follows->len; i++)
		g_assert_true(tg_model_add_follow(m2, g_array_index(r.follows, guint64, i),
		                                  g_array_index(r.follower, gboolean, i), NULL));
	g_assert_true(tg_model_end(m2, &report, NULL));
	x = outputs_of(m1);
	y = outputs_of(m2);
	g_assert_cmpstr(x, ==, y);
	g_free(x);
	g_free(y);
	tg_model_free(m1);
	tg_model_free(m2);
	g_ptr_array_unref(r.tweets);
	g_ptr_array_unref(r.dms);
	g_array_free(r.follows, TRUE);
	g_array_free(r.follower, TRUE);
	g_string_chunk_free(r.strings);
	tg_load_report_clear(&report);
	tg_archive_free(a);
	g_free(zip);
}

/* An empty tweet with one hashtag, TAGS[0]. */
static void tagged_tweet(tg_tweet *t, const char *const *tags)
{
	memset(t, 0, sizeof *t);
	t->text = "";
	t->rt_user.screen_name = "";
	t->hashtags = tags;
	t->n_hashtags = 1;
}

/* Memory grows with contacts, not with tweets: not with their hashtag uses
 * either, which go to a tape (on disk past 1 MiB: 4 MB here). */
static void test_memory_bound(void)
{
	tg_model *m = new_model();
	gsize small = 0, big;
	tg_target tg[2] = {{TG_I_REPLY, 0, NULL}, {TG_I_MENTION, 0, NULL}};
	tg_classified c = {TG_KIND_REPLY, TRUE, tg, 2, NULL, 0};
	const char *tags[] = {"daily"};
	tg_tweet t;

	tagged_tweet(&t, tags);
	begin(m, OWNER, "me");
	for (guint i = 0; i < 200000; i++) {
		if (i == 20000)
			small = tg_model_memory(m);
		t.id = i + 1;
		t.created_ms = MS(2015, 1, 1, 0, 0) + (gint64)i * 60000;
		tg[0].id = 5000 + i % 1000;
		tg[1].id = 5000 + (i * 7) % 1000;
		g_assert_true(tg_model_add_classified(m, &t, &c, NULL));
	}
	big = tg_model_memory(m);
	/* Ten times the tweets, no new contact: the months grow a little (the
	 * 200,000 tweets span five months, a contact's months are logged once
	 * each), nothing else. */
	g_assert_cmpuint(big, <, small * 2);
	end(m);
	tg_model_free(m);
}

/* A full disk while hashtag uses are written: the tweet that cannot be
 * kept fails with TG_ERROR_OUTPUT. The disk fills at 8 KiB through
 * RLIMIT_FSIZE (SIGXFSZ ignored: writes then fail with EFBIG), in a child
 * so that the limit goes with it. */
static void test_uses_disk_full(void)
{
	if (g_test_subprocess()) {
		tg_model *m = new_model();
		tg_target tg[1] = {{TG_I_REPLY, 5000, NULL}};
		tg_classified c = {TG_KIND_REPLY, TRUE, tg, 1, NULL, 0};
		const char *tags[] = {"daily"};
		struct rlimit lim = {8192, 8192};
		GError *error = NULL;
		gboolean ok = TRUE;
		tg_tweet t;
		guint i;

		signal(SIGXFSZ, SIG_IGN);
		g_assert_cmpint(setrlimit(RLIMIT_FSIZE, &lim), ==, 0);
		tg_tape_set_memory_limit(0);
		tagged_tweet(&t, tags);
		begin(m, OWNER, "me");
		/* 16 bytes a use, through a 64 KiB buffer: its first flush fails. */
		for (i = 0; ok && i < 100000; i++) {
			t.id = i + 1;
			t.created_ms = MS(2015, 1, 1, 0, 0) + (gint64)i * 60000;
			ok = tg_model_add_classified(m, &t, &c, &error);
		}
		g_assert_false(ok);
		g_assert_error(error, TG_ERROR, TG_ERROR_OUTPUT);
		g_assert_nonnull(strstr(error->message, "hashtag uses"));
		g_assert_cmpuint(i, <, 100000);
		g_error_free(error);
		tg_model_free(m);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
}

/* Ten times the DM messages in the same conversations: the messages go to
 * the tape, and the model grows by the chunks' runs only. */
static void test_dm_memory_bound(void)
{
	tg_model *m = new_model();
	gsize small = 0, big;
	tg_dm_event ev[100];
	char conv[32];

	begin(m, OWNER, "me");
	for (guint i = 0; i < 2000; i++) {
		if (i == 200)
			small = tg_model_memory(m);
		for (guint k = 0; k < G_N_ELEMENTS(ev); k++) {
			guint n = i * G_N_ELEMENTS(ev) + k;
			ev[k] = msg(n + 1, k % 2 ? OWNER : 7 + i % 10, k % 2 ? 7 + i % 10 : OWNER,
			            MS(2015, 1, 1, 0, 0) + (gint64)n * 60000, "hi");
		}
		g_snprintf(conv, sizeof conv, "1000-%u", 7 + i % 10);
		dm(m, conv, ev, G_N_ELEMENTS(ev));
	}
	big = tg_model_memory(m);
	/* 4.8 MB of messages against 480 KB: the tape holds at most 1 MiB in
	 * memory, the runs take 16 bytes a chunk. */
	g_assert_cmpuint(big, <, small * 2);
	g_assert_cmpuint(big, <, 2 * TG_TAPE_MEMORY);
	end(m);
	tg_model_free(m);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tz/resolve", test_tz_resolve);
	g_test_add_func("/tz/local", test_tz_local);
	g_test_add_func("/tz/matches-glib", test_tz_matches_glib);
	g_test_add_func("/tz/warning", test_tz_warning);
	g_test_add_func("/model/names", test_names);
	g_test_add_func("/model/name-reuse", test_name_reuse);
	g_test_add_func("/model/dm-chunks", test_dm_chunks);
	g_test_add_func("/model/dm-store", test_dm_store);
	g_test_add_data_func("/model/dm-tape/memory", NULL, test_dm_tape);
	g_test_add_data_func("/model/dm-tape/disk", "disk", test_dm_tape);
	g_test_add_func("/model/window", test_window);
	g_test_add_func("/model/two-owners", test_two_owners);
	g_test_add_func("/model/order-hand-built", test_order_hand_built);
	g_test_add_func("/model/order-fixture", test_order_fixture);
	g_test_add_func("/model/threads", test_threads);
	g_test_add_func("/model/memory-bound", test_memory_bound);
	g_test_add_func("/model/uses-disk-full", test_uses_disk_full);
	g_test_add_func("/model/dm-memory-bound", test_dm_memory_bound);
	return g_test_run();
}
