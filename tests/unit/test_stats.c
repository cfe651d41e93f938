/* SPDX-License-Identifier: MIT */
/* Figures on small hand-built models: classes, dormancy, the response
 * median and p90, DM normalisation and template senders, recurring chats,
 * funnel / reach / resolution, and the two writers (JSON nulls, key order,
 * CSV quoting, write errors). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "detect.h"
#include "model.h"
#include "outputs.h"
#include "stats.h"
#include "tape.h"

#define OWNER 1000
#define DAY_MS G_GINT64_CONSTANT(86400000)

static gint64 ms_of(int y, int mo, int d, int h, int mi)
{
	GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, 0);
	gint64 ms = g_date_time_to_unix(dt) * 1000;
	g_date_time_unref(dt);
	return ms;
}

static tg_model *model_with_owner(const char *zone)
{
	tg_model_options o;
	tg_load_report r;
	tg_model *m;

	tg_model_options_init(&o);
	m = tg_model_new(&o, NULL);
	memset(&r, 0, sizeof r);
	r.path = (char *)"t.zip";
	r.owner.id = OWNER;
	r.owner.username = (char *)"me";
	r.owner.timezone = (char *)zone;
	g_assert_true(tg_model_begin(m, &r, NULL));
	return m;
}

static tg_stats *done(tg_model *m)
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

/* A tweet of the owner's with its targets, id <-> name pairings and tags. */
static void tweet_paired(tg_model *m, guint64 id, gint64 ms, tg_kind kind, const tg_target *tg, guint n,
                         const tg_pairing *pa, guint n_pa, const char *const *tags, guint n_tags)
{
	tg_tweet t;
	tg_classified c;

	memset(&t, 0, sizeof t);
	t.id = id;
	t.created_ms = ms;
	t.text = "";
	t.rt_user.screen_name = "";
	t.hashtags = tags;
	t.n_hashtags = n_tags;
	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.targets = tg;
	c.n_targets = n;
	c.pairings = pa;
	c.n_pairings = n_pa;
	for (guint i = 0; i < n; i++)
		c.deliberate_mention |= tg[i].type == TG_I_MENTION;
	g_assert_true(tg_model_add_classified(m, &t, &c, NULL));
}

static void tweet(tg_model *m, guint64 id, gint64 ms, tg_kind kind, const tg_target *tg, guint n,
                  const char *const *tags, guint n_tags)
{
	tweet_paired(m, id, ms, kind, tg, n, NULL, 0, tags, n_tags);
}

static tg_dm_event ev(tg_dm_event_type type, guint64 id, guint64 from, gint64 ms, const char *text)
{
	tg_dm_event e;
	memset(&e, 0, sizeof e);
	e.type = type;
	e.id = id;
	e.sender = from;
	e.created_ms = ms;
	e.text = text;
	return e;
}

static void chunk(tg_model *m, const char *id, const tg_dm_event *e, guint n)
{
	tg_dm_chunk c = {id, e, n, 0, NULL};
	g_assert_true(tg_model_add_dm(m, &c, NULL));
}

static const tg_contact *contact(const tg_owner_stats *os, guint64 id)
{
	for (guint i = 0; i < os->contacts->len; i++)
		if (g_array_index(os->contacts, tg_contact, i).n->id == id)
			return &g_array_index(os->contacts, tg_contact, i);
	return NULL;
}

/* ---- pure helpers ---- */

static void test_classes(void)
{
	g_assert_cmpint(tg_class_of(1, 1, 0, 0, FALSE), ==, TG_CLASS_TWO_WAY);
	g_assert_cmpint(tg_class_of(0, 2, 5, 0, TRUE), ==, TG_CLASS_UNANSWERED_IN);
	g_assert_cmpint(tg_class_of(3, 0, 0, 1, FALSE), ==, TG_CLASS_ONE_WAY_OUT);
	g_assert_cmpint(tg_class_of(0, 0, 1, 1, TRUE), ==, TG_CLASS_AMPLIFY_ONLY);
	g_assert_cmpint(tg_class_of(0, 0, 0, 1, TRUE), ==, TG_CLASS_CONTEXT_ONLY);
	g_assert_cmpint(tg_class_of(0, 0, 0, 0, TRUE), ==, TG_CLASS_SILENT_FOLLOW);
	g_assert_cmpint(tg_class_of(0, 0, 0, 0, FALSE), ==, TG_CLASS_NONE);
	g_assert_cmpstr(tg_class_name(TG_CLASS_UNANSWERED_IN), ==, "unanswered-in");
}

static void test_median_p90(void)
{
	gint64 a[] = {1, 2, 3, 4};
	gint64 b[] = {5, 7, 100};
	gint64 c[10];

	g_assert_cmpfloat(tg_stats_median(a, 4), ==, 2.5);
	g_assert_cmpfloat(tg_stats_median(b, 3), ==, 7);
	g_assert_true(isnan(tg_stats_median(a, 0)));
	/* Nearest rank: ceil(0.9 n)-th smallest. */
	g_assert_cmpint(tg_stats_p90(a, 4), ==, 4);
	g_assert_cmpint(tg_stats_p90(b, 3), ==, 100);
	g_assert_cmpint(tg_stats_p90(a, 1), ==, 1);
	for (int i = 0; i < 10; i++)
		c[i] = i + 1;
	g_assert_cmpint(tg_stats_p90(c, 10), ==, 9);
	g_assert_cmpint(tg_stats_p90(c, 9), ==, 9);
	g_assert_cmpint(tg_stats_p90(c, 5), ==, 5);
}

static void test_normalize(void)
{
	static const struct {
		const char *in, *out;
		guint words;
	} cases[] = {
		{"Thanks for following!", "thanks for following!", 3},
		{"  Hi   @Bob_1,\n\tsee HTTPS://t.co/AbC?x=1 now ", "hi <user>, see <url> now", 5},
		{"Issue #35 is out: http://x.y/35 (2024)", "issue #00 is out: <url> (0000)", 6},
		{"STRASSE Straße", "strasse strasse", 2},
		{"http:// alone", "http:// alone", 2},
		{"mail me: a@b.com ٣", "mail me: a<user>.com 0", 4},
		{"hey 👋", "hey 👋", 2},
		{"", "", 0},
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *n = tg_detect_normalize(cases[i].in);
		g_assert_cmpstr(n, ==, cases[i].out);
		g_assert_cmpuint(tg_detect_word_count(n), ==, cases[i].words);
		g_free(n);
	}
	{
		/* Invalid UTF-8 is repaired, not trusted. */
		char *n = tg_detect_normalize("ok \xff\xfe bad");
		g_assert_true(g_utf8_validate(n, -1, NULL));
		g_free(n);
	}
}

static void test_jaccard(void)
{
	const char *a = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
	const char *b = "w1 w2 w3 w4 w5 w6 w7 w8 w9 xx w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
	/* 19 of 20 words: 15 shared of 21 shingles. */
	g_assert_cmpfloat(fabs(tg_detect_jaccard(a, b) - 15.0 / 21.0), <, 1e-12);
	g_assert_cmpfloat(tg_detect_jaccard(a, a), ==, 1.0);
	g_assert_cmpfloat(tg_detect_jaccard("a b", "a b"), ==, 0.0);
	g_assert_cmpfloat(tg_detect_jaccard("a b c d e f", "a b c d e g"), ==, 0.6);
}

/* ---- automated DMs ---- */

static void test_automated(void)
{
	tg_model *m = model_with_owner("UTC");
	tg_stats *s;
	const tg_owner_stats *os;
	gint64 t = ms_of(2023, 1, 1, 0, 0);
	const char *tpl = "Thanks so much for the follow! I write a weekly letter on growth: https://a.b/1 enjoy";
	const char *tpl2 = "THANKS so much for the follow! I write a weekly letter on growth: https://c.d/2 enjoy!";
	const char *w20 = "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
	const char *w20b = "w1 w2 w3 w4 w5 w6 w7 w8 w9 xx w11 w12 w13 w14 w15 w16 w17 w18 w19 w20";
	tg_dm_event c1[] = {ev(TG_DM_MESSAGE, 1, 11, t, tpl)};
	tg_dm_event c2[] = {ev(TG_DM_MESSAGE, 2, 12, t, tpl2)};                /* near duplicate */
	tg_dm_event c3[] = {ev(TG_DM_MESSAGE, 3, 13, t, "Thanks for following!")};
	tg_dm_event c4[] = {ev(TG_DM_MESSAGE, 4, 14, t, "thanks   FOR following!")}; /* 3 words, equal */
	tg_dm_event c5[] = {ev(TG_DM_MESSAGE, 5, 15, t, "hi!")};
	tg_dm_event c6[] = {ev(TG_DM_MESSAGE, 6, 16, t, "hi!")};                   /* too short */
	tg_dm_event c7[] = {ev(TG_DM_MESSAGE, 7, 17, t, w20)};
	tg_dm_event c8[] = {ev(TG_DM_MESSAGE, 8, 18, t, w20b)};                    /* J = 0.71 */
	tg_dm_event c9[] = {ev(TG_DM_MESSAGE, 9, 19, t, "a lone template sender here")};
	tg_dm_event c10[] = {ev(TG_DM_MESSAGE, 10, 19, t, "a lone template sender here")}; /* same sender */
	tg_dm_event c11[] = {ev(TG_DM_WELCOME, 20, 21, t, "Welcome to our shop")};
	/* The owner's openers: one text three times, another twice, a short one. */
	tg_dm_event o1[] = {ev(TG_DM_MESSAGE, 30, OWNER, t, "Thanks for connecting 1!")};
	tg_dm_event o2[] = {ev(TG_DM_MESSAGE, 31, OWNER, t, "Thanks for connecting 2!")};
	tg_dm_event o3[] = {ev(TG_DM_MESSAGE, 32, OWNER, t, "thanks for connecting 3!")};
	tg_dm_event o4[] = {ev(TG_DM_MESSAGE, 33, OWNER, t, "hey 👋")};
	tg_dm_event o5[] = {ev(TG_DM_MESSAGE, 34, OWNER, t, "hey 👋")};
	tg_dm_event o6[] = {ev(TG_DM_MESSAGE, 35, OWNER, t, "hey 👋")};
	/* Opened by the owner: the other's template reply is no opener. */
	tg_dm_event o7[] = {ev(TG_DM_MESSAGE, 37, 22, t + 1, tpl), ev(TG_DM_MESSAGE, 36, OWNER, t, "yo yo yo")};

	chunk(m, "11-1000", c1, 1);
	chunk(m, "1000-12", c2, 1);
	chunk(m, "13-1000", c3, 1);
	chunk(m, "14-1000", c4, 1);
	chunk(m, "15-1000", c5, 1);
	chunk(m, "16-1000", c6, 1);
	chunk(m, "17-1000", c7, 1);
	chunk(m, "18-1000", c8, 1);
	chunk(m, "19-1000", c9, 1);
	chunk(m, "1000-19", c10, 1);
	chunk(m, "21-1000", c11, 1);
	chunk(m, "1000-40", o1, 1);
	chunk(m, "1000-41", o2, 1);
	chunk(m, "1000-42", o3, 1);
	chunk(m, "1000-43", o4, 1);
	chunk(m, "1000-44", o5, 1);
	chunk(m, "1000-45", o6, 1);
	chunk(m, "1000-22", o7, 2);
	s = done(m);
	os = s->owners->pdata[0];
	{
		static const guint64 want[] = {11, 12, 13, 14, 21};
		g_assert_cmpuint(os->automated.senders->len, ==, G_N_ELEMENTS(want));
		for (guint i = 0; i < G_N_ELEMENTS(want); i++)
			g_assert_cmpuint(g_array_index(os->automated.senders, guint64, i), ==, want[i]);
	}
	g_assert_cmpuint(os->automated.owner_templates->len, ==, 1);
	g_assert_cmpstr(os->automated.owner_templates->pdata[0], ==, "thanks for connecting 0!");
	g_assert_true(contact(os, 11)->automated);
	g_assert_false(contact(os, 19)->automated);
	/* The welcome-only sender, followed by no one, is no contact. */
	g_assert_null(contact(os, 21));
	/* Conversations: every 1:1 id, the welcome-only one included. */
	g_assert_cmpuint(os->dms.conversations, ==, 18);
	tg_stats_free(s);
	tg_model_free(m);
}

/* Near-duplicate openers found by prefix filtering are exactly those a
 * comparison of every pair finds: 600 conversations opened by others, from
 * a few templates with 0-5 words changed, random texts, repeats and short
 * ones. */
static void test_automated_all_pairs(void)
{
	static const char *base[] = {
		"thanks for the follow here is my newsletter about growth and marketing every week",
		"hey there I saw your profile and think we could work together on something big",
		"welcome aboard check out our shop for the best deals of the season today only",
		"hello friend please consider supporting my project it means the world to me and my cat",
	};
	tg_model *m = model_with_owner("UTC");
	GRand *rand = g_rand_new_with_seed(3);
	GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
	GHashTable *want = g_hash_table_new(g_int64_hash, g_int64_equal);
	guint64 *senders = g_new(guint64, 600);
	gint64 t = ms_of(2023, 1, 1, 0, 0);

	for (guint i = 0; i < 600; i++) {
		GString *text = g_string_new(NULL);
		guint kind = (guint)g_rand_int_range(rand, 0, 10);
		if (kind < 7) {
			char **w = g_strsplit(base[g_rand_int_range(rand, 0, G_N_ELEMENTS(base))], " ", -1);
			guint n = g_strv_length(w), changes = (guint)g_rand_int_range(rand, 0, 6);
			for (guint k = 0; k < changes; k++) {
				guint at = (guint)g_rand_int_range(rand, 0, (gint32)n);
				g_free(w[at]);
				w[at] = g_strdup_printf("x%d", g_rand_int_range(rand, 0, 50));
			}
			char *joined = g_strjoinv(" ", w);
			g_string_append(text, joined);
			g_free(joined);
			g_strfreev(w);
		} else if (kind < 9) {
			guint n = (guint)g_rand_int_range(rand, 1, 9);
			for (guint k = 0; k < n; k++)
				g_string_append_printf(text, "%sr%d", k ? " " : "", g_rand_int_range(rand, 0, 30));
		} else {
			g_string_append(text, i > 0 ? (char *)texts->pdata[i - 1] : "a b c");
		}
		g_ptr_array_add(texts, g_string_free(text, FALSE));
		senders[i] = 5000 + i;
		char *id = g_strdup_printf("%" G_GUINT64_FORMAT "-%d", senders[i], OWNER);
		tg_dm_event e[] = {ev(TG_DM_MESSAGE, 100000 + i, senders[i], t + i, texts->pdata[i])};
		chunk(m, id, e, 1);
		g_free(id);
	}
	/* Every pair of openers of 3 words or more from different senders. */
	for (guint i = 0; i < 600; i++) {
		char *a = tg_detect_normalize(texts->pdata[i]);
		for (guint j = i + 1; j < 600 && tg_detect_word_count(a) >= 3; j++) {
			char *b = tg_detect_normalize(texts->pdata[j]);
			if (tg_detect_word_count(b) >= 3 && (strcmp(a, b) == 0 || tg_detect_jaccard(a, b) >= 0.8)) {
				g_hash_table_add(want, &senders[i]);
				g_hash_table_add(want, &senders[j]);
			}
			g_free(b);
		}
		g_free(a);
	}
	tg_stats *s = done(m);
	const tg_owner_stats *os = s->owners->pdata[0];
	g_assert_cmpuint(g_hash_table_size(want), >, 100);
	g_assert_cmpuint(g_hash_table_size(want), <, 500);
	g_assert_cmpuint(os->automated.senders->len, ==, g_hash_table_size(want));
	for (guint i = 0; i < os->automated.senders->len; i++) {
		guint64 id = g_array_index(os->automated.senders, guint64, i);
		if (!g_hash_table_contains(want, &id))
			g_test_fail_printf("sender %" G_GUINT64_FORMAT " is not automated", id);
	}
	tg_stats_free(s);
	tg_model_free(m);
	g_hash_table_destroy(want);
	g_free(senders);
	g_ptr_array_unref(texts);
	g_rand_free(rand);
}

/* ---- chats ---- */

static void test_chats(void)
{
	tg_model *m = model_with_owner("Madrid");
	tg_stats *s;
	const tg_owner_stats *os;
	const tg_chat *c;
	const char *pychat[] = {"PyChat"}, *near[] = {"NearMiss"}, *half[] = {"Half"};
	tg_target to[] = {{TG_I_REPLY, 501, "r"}, {TG_I_MENTION, 502, "m"}, {TG_I_CONTEXT, 503, "x"}};
	tg_target q[] = {{TG_I_QUOTE, 504, "q"}};
	guint64 id = 1;

	/* Wednesdays 2024-01-03 .. 2024-01-31: 17:30 Madrid (16:30 UTC) and
	 * 18:10 (17:10 UTC): the windows 17h and 16h..18h tie at 2 uses per
	 * week? No: [17, 19) holds both, [16, 18) holds one: 17h wins. */
	for (int w = 0; w < 5; w++) {
		gint64 day = ms_of(2024, 1, 3, 0, 0) + w * 7 * DAY_MS;
		tweet(m, id++, day + (16 * 60 + 30) * 60000LL, TG_KIND_REPLY, to, 3, pychat, 1);
		tweet(m, id++, day + (17 * 60 + 10) * 60000LL, TG_KIND_QUOTE, q, 1, pychat, 1);
		/* A retweet never counts. */
		tweet(m, id++, day + (17 * 60 + 10) * 60000LL, TG_KIND_RETWEET, NULL, 0, pychat, 1);
	}
	/* One use out of the window: 10 of 11 inside. */
	tweet(m, id++, ms_of(2024, 2, 5, 9, 0), TG_KIND_ORIGINAL, NULL, 0, pychat, 1);
	/* Only 3 weeks. */
	for (int w = 0; w < 3; w++)
		tweet(m, id++, ms_of(2024, 1, 4, 12, 0) + w * 7 * DAY_MS, TG_KIND_ORIGINAL, NULL, 0, near, 1);
	/* 4 weeks but only half in one window. */
	for (int w = 0; w < 4; w++)
		tweet(m, id++, ms_of(2024, 1, 5, 12, 0) + w * 7 * DAY_MS + (w % 2) * DAY_MS, TG_KIND_ORIGINAL,
		      NULL, 0, half, 1);
	s = done(m);
	os = s->owners->pdata[0];
	g_assert_cmpuint(os->chats->len, ==, 1);
	c = &g_array_index(os->chats, tg_chat, 0);
	g_assert_cmpstr(c->tag, ==, "pychat");
	g_assert_cmpuint(c->uses, ==, 11);
	g_assert_cmpint(c->weekday, ==, 2);
	g_assert_cmpint(c->start_hour, ==, 17);
	g_assert_cmpuint(c->sessions, ==, 5);
	/* Reply target, deliberate mention, quoted contact; not context. */
	g_assert_cmpuint(c->contacts->len, ==, 3);
	g_assert_cmpstr(tg_stats_node_key(s, g_array_index(c->contacts, guint, 0), FALSE), ==, "501");
	g_assert_cmpstr(tg_stats_node_key(s, g_array_index(c->contacts, guint, 2), FALSE), ==, "504");
	/* Hashtags: folded, retweets left out. */
	g_assert_cmpstr(g_array_index(os->hashtags, tg_hashtag, 0).tag, ==, "pychat");
	g_assert_cmpuint(g_array_index(os->hashtags, tg_hashtag, 0).uses, ==, 11);
	tg_stats_free(s);
	tg_model_free(m);
}

/* Ties between windows go to the earliest (Monday 0h first). */
static void test_chat_ties(void)
{
	tg_model *m = model_with_owner(NULL);
	tg_stats *s;
	const tg_owner_stats *os;
	const char *tag[] = {"tie"};

	for (int w = 0; w < 4; w++) {
		gint64 day = ms_of(2024, 1, 1, 0, 0) + w * 7 * DAY_MS; /* Mondays */
		tweet(m, 10 + w, day + 5 * 3600000LL, TG_KIND_ORIGINAL, NULL, 0, tag, 1);
		tweet(m, 20 + w, day + 2 * DAY_MS + 9 * 3600000LL, TG_KIND_ORIGINAL, NULL, 0, tag, 1);
	}
	/* 4 + 4 uses, best window 4 = 50%: no chat. Add two more on Wednesday. */
	tweet(m, 30, ms_of(2024, 1, 3, 10, 0), TG_KIND_ORIGINAL, NULL, 0, tag, 1);
	tweet(m, 31, ms_of(2024, 1, 10, 10, 0), TG_KIND_ORIGINAL, NULL, 0, tag, 1);
	s = done(m);
	os = s->owners->pdata[0];
	/* Wednesday [9, 11) holds 6 of 10 = 60%: a chat, and [9,11) is the
	 * earliest of the windows holding 6 (only one here). */
	g_assert_cmpuint(os->chats->len, ==, 1);
	g_assert_cmpint(g_array_index(os->chats, tg_chat, 0).weekday, ==, 2);
	g_assert_cmpint(g_array_index(os->chats, tg_chat, 0).start_hour, ==, 9);
	tg_stats_free(s);
	tg_model_free(m);

	m = model_with_owner(NULL);
	/* Every use at 10:xx on Tuesdays: [9, 11) and [10, 12) tie: 9 wins. */
	for (int w = 0; w < 4; w++)
		tweet(m, 40 + w, ms_of(2024, 1, 2, 10, 15) + w * 7 * DAY_MS, TG_KIND_ORIGINAL, NULL, 0, tag, 1);
	s = done(m);
	os = s->owners->pdata[0];
	g_assert_cmpint(g_array_index(os->chats, tg_chat, 0).start_hour, ==, 9);
	g_assert_cmpint(g_array_index(os->chats, tg_chat, 0).weekday, ==, 1);
	tg_stats_free(s);
	tg_model_free(m);
}

/* A model whose chats are known: "tuesday" on Tuesdays 20h for 5 weeks
 * (a reply to 501 each, a quote of the name-only "Alice" -- paired with 601
 * later -- and of "OldMe", a former name of the owner's) plus one use on a
 * Sunday; "three" 4 times in its window but in 3 weeks only; "split" 50/50
 * between two windows;
 * "cN" (N = 0..5) N + 4 weekly uses on weekday N % 7 at 8h, one tag with 3
 * uses between each, so that small batches split them. */
static tg_model *chats_model(void)
{
	tg_model *m = model_with_owner(NULL);
	const char *tuesday[] = {"Tuesday", "TUESDAY"}, *three[] = {"three"}, *split[] = {"split"};
	tg_target to[] = {{TG_I_REPLY, 501, NULL}, {TG_I_QUOTE, 0, "Alice"}, {TG_I_QUOTE, 0, "OldMe"}};
	tg_pairing pa[] = {{601, "alice", NULL}, {OWNER, "oldme", NULL}};
	gint64 tue = ms_of(2024, 1, 2, 20, 15); /* a Tuesday */
	guint64 id = 1;
	tg_load_report r;

	for (int w = 0; w < 5; w++)
		tweet(m, id++, tue + w * 7 * DAY_MS, TG_KIND_REPLY, to, 3, tuesday, 2);
	tweet(m, id++, ms_of(2024, 3, 3, 3, 0), TG_KIND_ORIGINAL, NULL, 0, tuesday, 1);
	tweet_paired(m, id++, ms_of(2024, 3, 4, 3, 0), TG_KIND_ORIGINAL, NULL, 0, pa, 2, NULL, 0);
	for (int w = 0; w < 4; w++)
		tweet(m, id++, tue + (w % 3) * 7 * DAY_MS, TG_KIND_ORIGINAL, NULL, 0, three, 1);
	for (int w = 0; w < 4; w++)
		tweet(m, id++, tue + w * 7 * DAY_MS + (w % 2) * 3 * 3600000LL, TG_KIND_ORIGINAL, NULL, 0, split, 1);
	for (int n = 0; n < 6; n++) {
		char name[8], filler[8];
		const char *tag[] = {name}, *fill[] = {filler};
		tg_target t = {TG_I_MENTION, 700 + n, NULL};

		g_snprintf(name, sizeof name, "c%d", n);
		g_snprintf(filler, sizeof filler, "f%d", n);
		for (int w = 0; w < n + 4; w++)
			tweet(m, id++, ms_of(2024, 1, 1, 8, 0) + (n % 7) * DAY_MS + w * 7 * DAY_MS, TG_KIND_ORIGINAL, &t,
			      1, tag, 1);
		for (int w = 0; w < 3; w++)
			tweet(m, id++, ms_of(2024, 1, 1, 8, 0) + w * 7 * DAY_MS, TG_KIND_ORIGINAL, NULL, 0, fill, 1);
	}
	memset(&r, 0, sizeof r);
	g_assert_true(tg_model_end(m, &r, NULL));
	g_assert_true(tg_model_finish(m, NULL));
	return m;
}

/* The chats of chats_model() with tapes kept in memory up to LIMIT bytes
 * (-1: the default) and BATCH candidate tags per pass (0: the default). */
static void check_chats_tape(gssize limit, guint batch)
{
	static const struct {
		const char *tag;
		guint uses, sessions, contacts;
		gint weekday, start_hour;
	} want[] = {
		{"c5", 9, 9, 1, 5, 7}, {"c4", 8, 8, 1, 4, 7}, {"c3", 7, 7, 1, 3, 7},
		{"c2", 6, 6, 1, 2, 7}, {"tuesday", 6, 5, 2, 1, 19}, {"c1", 5, 5, 1, 1, 7},
		{"c0", 4, 4, 1, 0, 7},
	};
	tg_model *m;
	const tg_owner_model *o;
	const tg_node *alice;
	GError *error = NULL;
	GArray *chats;
	const tg_chat *c;

	tg_tape_set_memory_limit(limit);
	tg_detect_set_chat_batch(batch);
	m = chats_model();
	o = tg_model_owner(m, 0);
	if (limit == 0)
		g_assert_true(tg_tape_on_disk(o->uses));
	chats = tg_detect_chats(m, o, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(chats->len, ==, G_N_ELEMENTS(want));
	for (guint i = 0; i < chats->len; i++) {
		c = &g_array_index(chats, tg_chat, i);
		g_assert_cmpstr(c->tag, ==, want[i].tag);
		g_assert_cmpuint(c->uses, ==, want[i].uses);
		g_assert_cmpuint(c->sessions, ==, want[i].sessions);
		g_assert_cmpuint(c->in_window, ==, want[i].sessions);
		g_assert_cmpint(c->weekday, ==, want[i].weekday);
		g_assert_cmpint(c->start_hour, ==, want[i].start_hour);
		g_assert_cmpuint(c->contacts->len, ==, want[i].contacts);
	}
	/* "tuesday": 501 and Alice, joined to 601; OldMe, joined to the owner,
	 * is left out. Ascending node index. */
	c = &g_array_index(chats, tg_chat, 4);
	g_assert_cmpuint(g_array_index(c->contacts, guint, 0), ==, tg_model_find_id(m, 501));
	g_assert_cmpuint(g_array_index(c->contacts, guint, 1), ==, tg_model_find_id(m, 601));
	alice = tg_model_node(m, g_array_index(c->contacts, guint, 1));
	g_assert_cmpuint(alice->id, ==, 601);
	g_assert_cmpuint(g_array_index(chats, tg_chat, 0).contacts->len, ==, 1);
	g_assert_cmpuint(g_array_index(g_array_index(chats, tg_chat, 0).contacts, guint, 0), ==,
	                 tg_model_find_id(m, 705));
	tg_chats_free(chats);

	/* The uses go with the events, temporary file and all. */
	tg_model_release_events(m);
	g_assert_cmpuint(tg_tape_size(o->uses), ==, 0);
	chats = tg_detect_chats(m, o, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(chats->len, ==, 0);
	tg_chats_free(chats);
	tg_model_free(m);
	tg_tape_set_memory_limit(-1);
	tg_detect_set_chat_batch(0);
}

/* The chats read back from the tape, in memory or on disk, in one pass or
 * in batches that split the candidates. */
static void test_chats_tape(void)
{
	check_chats_tape(-1, 0);
	check_chats_tape(0, 1);
	check_chats_tape(0, 2);
	check_chats_tape(-1, 3);
}

/* ---- owner figures ---- */

static void test_owner_figures(void)
{
	tg_model *m = model_with_owner(NULL);
	tg_stats *s;
	const tg_owner_stats *os;
	gint64 end = ms_of(2024, 6, 1, 0, 0);
	tg_target r1[] = {{TG_I_REPLY, 601, "a"}}, c2[] = {{TG_I_CONTEXT, 602, "b"}};
	tg_target m3[] = {{TG_I_MENTION, 603, "c"}};
	tg_dm_event d[] = {ev(TG_DM_MESSAGE, 1, 604, end, "hello")};
	tg_pairing p[] = {{601, "a", NULL}};
	tg_tweet t;
	tg_classified cl = {TG_KIND_REPLY, FALSE, r1, 1, p, 1};

	/* 601: three replies, the last exactly one year before the end: not
	 * dormant; 603: three mentions, one year and a second before: dormant. */
	memset(&t, 0, sizeof t);
	t.text = "";
	t.rt_user.screen_name = "";
	for (int i = 0; i < 3; i++) {
		t.id = 100 + i;
		t.created_ms = end - 365 * DAY_MS - i;
		g_assert_true(tg_model_add_classified(m, &t, &cl, NULL));
	}
	for (int i = 0; i < 3; i++)
		tweet(m, 200 + i, end - 365 * DAY_MS - 1000 - i, TG_KIND_ORIGINAL, m3, 1, NULL, 0);
	tweet(m, 300, end - DAY_MS, TG_KIND_REPLY, c2, 1, NULL, 0);
	tweet(m, 301, end - DAY_MS, TG_KIND_ORIGINAL, NULL, 0, NULL, 0);
	chunk(m, "604-1000", d, 1);
	/* Follows: 601 and 604 follow me, I follow 601 and 605. */
	g_assert_true(tg_model_add_follow(m, 601, TRUE, NULL));
	g_assert_true(tg_model_add_follow(m, 604, TRUE, NULL));
	g_assert_true(tg_model_add_follow(m, 601, FALSE, NULL));
	g_assert_true(tg_model_add_follow(m, 605, FALSE, NULL));
	g_assert_true(tg_model_add_follow(m, 605, FALSE, NULL)); /* twice: once */
	g_assert_true(tg_model_add_follow(m, OWNER, TRUE, NULL)); /* never a contact */
	s = done(m);
	os = s->owners->pdata[0];
	g_assert_false(contact(os, 601)->dormant);
	g_assert_true(contact(os, 603)->dormant);
	g_assert_cmpuint(os->dormant, ==, 1);
	g_assert_cmpint(contact(os, 602)->cls, ==, TG_CLASS_CONTEXT_ONLY);
	g_assert_cmpint(contact(os, 604)->cls, ==, TG_CLASS_UNANSWERED_IN);
	g_assert_cmpint(contact(os, 605)->cls, ==, TG_CLASS_SILENT_FOLLOW);
	g_assert_cmpuint(os->followers, ==, 2);
	g_assert_cmpuint(os->following, ==, 2);
	g_assert_cmpuint(os->mutuals, ==, 1);
	g_assert_cmpuint(os->funnel_followers.talked, ==, 2);
	g_assert_cmpuint(os->funnel_followers.two_way, ==, 0);
	g_assert_cmpfloat(os->reach_out_rate, ==, 0.5);
	/* Named: 601 only (a pairing); 5 contacts. */
	g_assert_cmpfloat(os->resolution_contacts, ==, 0.2);
	g_assert_cmpfloat(os->resolution_followers, ==, 0.5);
	g_assert_cmpuint(os->unnamed_following, ==, 1);
	/* Conversation share: 3 replies + 3 originals with a mention, of 7
	 * (the thread-free denominator: 3 + 3 + 1 + 1 reply with context). */
	g_assert_cmpfloat(os->conversation_share, ==, 7.0 / 8.0);
	g_assert_cmpuint(os->contacts->len, ==, 5);
	/* Row order: strength desc, then id. */
	g_assert_cmpuint(g_array_index(os->contacts, tg_contact, 0).n->id, ==, 601);
	g_assert_cmpuint(g_array_index(os->contacts, tg_contact, 1).n->id, ==, 603);
	tg_stats_free(s);
	tg_model_free(m);
}

/* ---- writers ---- */

static void test_writers(void)
{
	tg_model *m = model_with_owner(NULL);
	tg_stats *s;
	tg_out_options o;
	GString *json = g_string_new(NULL), *csv = g_string_new(NULL);
	tg_target t1[] = {{TG_I_MENTION, 701, "q"}};
	tg_mention me[] = {{701, "q", "Doe, \"Jo\"\nJr", 0, 2}};
	tg_pairing p[] = {{701, "q", NULL}};
	tg_tweet t;
	tg_classified cl = {TG_KIND_ORIGINAL, TRUE, t1, 1, p, 1};
	tg_dm_event d[] = {ev(TG_DM_MESSAGE, 1, 702, ms_of(2020, 1, 2, 0, 0), "SECRET TEXT here")};
	GError *error = NULL;
	FILE *full;

	memset(&t, 0, sizeof t);
	t.id = 5;
	t.created_ms = ms_of(2020, 1, 1, 0, 0);
	t.text = "";
	t.rt_user.screen_name = "";
	t.mentions = me;
	t.n_mentions = 1;
	g_assert_true(tg_model_add_classified(m, &t, &cl, NULL));
	chunk(m, "702-1000", d, 1);
	s = done(m);
	tg_out_options_init(&o);
	tg_out_stats_json_build(s, &o, json);
	tg_out_contacts_csv_build(s, 0, &o, csv);
	/* Undefined ratios are null; ids are strings; no DM text. */
	g_assert_nonnull(strstr(json->str, "\"response_rate\": 0,"));
	g_assert_nonnull(strstr(json->str, "\"response_median_s\": null"));
	g_assert_nonnull(strstr(json->str, "\"reach_out_rate\": null"));
	g_assert_nonnull(strstr(json->str, "\"id\": \"1000\""));
	g_assert_null(strstr(json->str, "SECRET"));
	g_assert_null(strstr(csv->str, "SECRET"));
	g_assert_true(g_str_has_prefix(json->str, "{\n  \"talkgraph\": "));
	/* RFC 4180: quotes doubled, the field quoted. */
	g_assert_nonnull(strstr(csv->str, "701,q,\"Doe, \"\"Jo\"\"\nJr\",0,1,0,0,0,"));
	g_assert_nonnull(strstr(csv->str, ",2020-01-01T00:00:00Z,2020-01-01T00:00:00Z,1,false,false,false,"
	                                  "one-way-out,false,,false\n"));

	/* --anonymize: no id, handle or name of a contact left. */
	g_string_truncate(json, 0);
	g_string_truncate(csv, 0);
	o.anonymize = TRUE;
	tg_out_stats_json_build(s, &o, json);
	tg_out_contacts_csv_build(s, 0, &o, csv);
	g_assert_null(strstr(csv->str, "701"));
	g_assert_null(strstr(csv->str, "Doe"));
	g_assert_null(strstr(csv->str, ",q,"));
	{
		/* The row shows the pseudonym as id, handle and name. */
		char *row = g_strdup_printf("\n%s,%s,%s,", tg_stats_id_pseudonym(s, 701), tg_stats_id_pseudonym(s, 701),
		                            tg_stats_id_pseudonym(s, 701));
		g_assert_nonnull(strstr(csv->str, row));
		g_free(row);
	}
	g_assert_nonnull(strstr(json->str, "\"anonymize\": true"));

	/* A write error is a TG_ERROR_OUTPUT failure. */
	full = fopen("/dev/full", "w");
	if (full) {
		g_assert_false(tg_out_stats_json(s, &o, full, "stats.json", &error));
		g_assert_error(error, TG_ERROR, TG_ERROR_OUTPUT);
		g_assert_nonnull(strstr(error->message, "'stats.json'"));
		g_clear_error(&error);
		clearerr(full);
		g_assert_false(tg_out_contacts_csv(s, 0, &o, full, "contacts.csv", &error));
		g_assert_error(error, TG_ERROR, TG_ERROR_OUTPUT);
		g_clear_error(&error);
		fclose(full);
	}
	g_string_free(json, TRUE);
	g_string_free(csv, TRUE);
	tg_stats_free(s);
	tg_model_free(m);
}

/* Empty months between the first and the last activity are listed. */
static void test_monthly(void)
{
	tg_model *m = model_with_owner(NULL);
	tg_stats *s;
	const tg_owner_model *om;
	tg_target r[] = {{TG_I_REPLY, 801, "a"}};

	tweet(m, 1, ms_of(2020, 1, 15, 0, 0), TG_KIND_REPLY, r, 1, NULL, 0);
	tweet(m, 2, ms_of(2020, 4, 15, 0, 0), TG_KIND_ORIGINAL, NULL, 0, NULL, 0);
	tweet(m, 3, ms_of(2020, 4, 16, 0, 0), TG_KIND_REPLY, r, 1, NULL, 0);
	s = done(m);
	om = ((tg_owner_stats *)s->owners->pdata[0])->om;
	g_assert_cmpuint(om->months->len, ==, 4);
	g_assert_cmpuint(g_array_index(om->months, tg_month, 0).new_contacts, ==, 1);
	g_assert_cmpuint(g_array_index(om->months, tg_month, 1).active_contacts, ==, 0);
	g_assert_true(isnan(tg_month_conversation_share(&g_array_index(om->months, tg_month, 2))));
	g_assert_cmpuint(g_array_index(om->months, tg_month, 3).active_contacts, ==, 1);
	g_assert_cmpuint(g_array_index(om->months, tg_month, 3).new_contacts, ==, 0);
	g_assert_cmpfloat(tg_month_conversation_share(&g_array_index(om->months, tg_month, 3)), ==, 0.5);
	tg_stats_free(s);
	tg_model_free(m);
}

/* The neutral graph: owner first, typed and dated edges, follows, co. */
static void test_graph(void)
{
	tg_model *m = model_with_owner(NULL);
	tg_stats *s;
	tg_graph *g;
	tg_gnode n1;
	tg_gedge e1;
	gint64 t = ms_of(2022, 3, 1, 0, 0);
	tg_target a[] = {{TG_I_REPLY, 901, "a"}, {TG_I_CONTEXT, 902, "b"}};
	tg_dm_event d[] = {ev(TG_DM_MESSAGE, 1, 901, t + 5, "x"), ev(TG_DM_MESSAGE, 2, OWNER, t + 9, "y")};
	GString *types = g_string_new(NULL);

	tweet(m, 1, t, TG_KIND_REPLY, a, 2, NULL, 0);
	tweet(m, 2, t + 1000, TG_KIND_REPLY, a, 1, NULL, 0);
	chunk(m, "901-1000", d, 2);
	g_assert_true(tg_model_add_follow(m, 902, TRUE, NULL));
	s = done(m);
	g = tg_stats_graph_new(s, FALSE);
	g_assert_cmpuint(g->n_nodes, ==, 3);
	g_assert_true(tg_graph_node(g, 0, &n1)->owner);
	g_assert_cmpstr(tg_graph_node(g, 0, &n1)->class, ==, "owner");
	g_assert_cmpstr(tg_graph_node(g, 1, &n1)->id, ==, "901");
	g_assert_cmpstr(tg_graph_node(g, 1, &n1)->class, ==, "two-way");
	g_assert_cmpuint(tg_graph_node(g, 1, &n1)->strength, ==, 4);
	g_assert_true(tg_graph_node(g, 2, &n1)->follows_me);
	for (guint i = 0; i < g->n_edges; i++) {
		tg_gedge tmp;
		const tg_gedge *e = tg_graph_edge(g, i, &tmp);
		g_string_append_printf(types, "%u>%u:%s:%" G_GUINT64_FORMAT " ", e->source, e->target, e->type,
		                       e->weight);
	}
	g_assert_cmpstr(types->str, ==, "0>1:dm:1 0>1:reply:2 0>2:context:1 1>0:dm:1 1>2:co:1 2>0:follows:1 ");
	g_assert_cmpint(tg_graph_edge(g, 1, &e1)->first_ms, ==, t);
	g_assert_cmpint(tg_graph_edge(g, 1, &e1)->last_ms, ==, t + 1000);
	g_assert_cmpint(tg_graph_edge(g, 0, &e1)->first_ms, ==, t + 9);
	tg_stats_graph_free(g);
	g = tg_stats_graph_new(s, TRUE);
	g_assert_cmpstr(tg_graph_node(g, 1, &n1)->id, ==, tg_stats_id_pseudonym(s, 901));
	g_assert_true(g_str_has_prefix(tg_graph_node(g, 1, &n1)->id, "c-"));
	tg_stats_graph_free(g);
	g_string_free(types, TRUE);
	tg_stats_free(s);
	tg_model_free(m);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/stats/classes", test_classes);
	g_test_add_func("/stats/median-p90", test_median_p90);
	g_test_add_func("/detect/normalize", test_normalize);
	g_test_add_func("/detect/jaccard", test_jaccard);
	g_test_add_func("/detect/automated", test_automated);
	g_test_add_func("/detect/automated-all-pairs", test_automated_all_pairs);
	g_test_add_func("/detect/chats", test_chats);
	g_test_add_func("/detect/chat-ties", test_chat_ties);
	g_test_add_func("/detect/chats-tape", test_chats_tape);
	g_test_add_func("/stats/owner-figures", test_owner_figures);
	g_test_add_func("/stats/monthly", test_monthly);
	g_test_add_func("/out/writers", test_writers);
	g_test_add_func("/stats/graph", test_graph);
	return g_test_run();
}
