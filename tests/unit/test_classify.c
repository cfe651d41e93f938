/* SPDX-License-Identifier: MIT */
/* Tweet kinds and interactions (SPEC.md) on hand-built tweets: the leading
 * reply run, deliberate mentions, deleted reply targets, quotes. */
#include <string.h>

#include "classify.h"

static const char *owner_names[] = {"ownr", "old_ownr"};
static const tg_owner owner = {1000, owner_names, 2};

static tg_tweet tweet(const char *text)
{
	tg_tweet t;
	memset(&t, 0, sizeof t);
	t.id = 1;
	t.created_ms = 1;
	t.text = text;
	t.rt_user.screen_name = "";
	t.rt_user.start = t.rt_user.end = -1;
	return t;
}

static tg_mention mention(guint64 id, const char *sn, gint start)
{
	tg_mention m = {id, sn, NULL, start, start + 1 + (gint)strlen(sn)};
	return m;
}

/* Counts targets of TYPE for contact ID (or, with ID 0, NAME). */
static guint count(const tg_classified *c, tg_itype type, guint64 id, const char *name)
{
	guint n = 0;
	for (guint i = 0; i < c->n_targets; i++) {
		const tg_target *t = &c->targets[i];
		if (t->type != type)
			continue;
		if (id ? t->id == id : (!t->id && t->screen_name && g_ascii_strcasecmp(t->screen_name, name) == 0))
			n++;
	}
	return n;
}

static void test_reply_run_and_cc(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	tg_tweet t = tweet("@alice @bob agreed, cc @carol and @alice");
	tg_mention m[] = {mention(2001, "alice", 0), mention(2002, "bob", 7), mention(2003, "carol", 23),
	                  mention(2001, "alice", 34)};
	t.mentions = m;
	t.n_mentions = 4;
	t.reply_status_id = 900;
	t.reply_user_id = 2001;
	t.reply_screen_name = "alice";
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_REPLY);
	g_assert_cmpuint(count(&c, TG_I_REPLY, 2001, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_CONTEXT, 2002, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_CONTEXT, 2001, NULL), ==, 0);
	g_assert_cmpuint(count(&c, TG_I_MENTION, 2003, NULL), ==, 1);
	/* A mention after the run counts even when it is the reply target. */
	g_assert_cmpuint(count(&c, TG_I_MENTION, 2001, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_MENTION, 2002, NULL), ==, 0);
	g_assert_true(c.deliberate_mention);
	g_assert_cmpuint(c.n_targets, ==, 4);
	tg_classifier_free(cls);
}

static void test_deleted_target(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	/* "@gone @bob": the target's account is gone (no screen name, no entity). */
	tg_tweet t = tweet("@gone @bob hello");
	tg_mention m[] = {mention(2002, "bob", 6)};
	t.mentions = m;
	t.n_mentions = 1;
	t.reply_status_id = 900;
	t.reply_user_id = 3018751501u;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_REPLY);
	g_assert_cmpuint(count(&c, TG_I_REPLY, 3018751501u, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_CONTEXT, 2002, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_CONTEXT, 0, "gone"), ==, 0);
	g_assert_cmpuint(c.n_targets, ==, 2);
	g_assert_false(c.deliberate_mention);
	tg_classifier_free(cls);
}

static void test_threads(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	tg_tweet t = tweet("@ownr @amy more on this");
	tg_mention m[] = {mention(1000, "ownr", 0), mention(2010, "amy", 6)};
	t.mentions = m;
	t.n_mentions = 2;
	t.reply_status_id = 5;
	t.reply_user_id = 1000;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_THREAD);
	g_assert_cmpuint(count(&c, TG_I_CONTEXT, 2010, NULL), ==, 1);
	g_assert_cmpuint(count(&c, TG_I_REPLY, 2010, NULL), ==, 0);
	g_assert_cmpuint(c.n_targets, ==, 1);

	/* No user id: the former screen name makes it a thread. */
	tg_tweet u = tweet("continuing");
	u.reply_status_id = 5;
	u.reply_screen_name = "Old_Ownr";
	tg_classify(cls, &u, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_THREAD);
	g_assert_cmpuint(c.n_targets, ==, 0);
	tg_classifier_free(cls);
}

static void test_original_with_leading_mention(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	/* Not a reply: a leading "@x" is a deliberate mention. */
	tg_tweet t = tweet("@xena look at this");
	tg_mention m[] = {mention(2020, "xena", 0)};
	t.mentions = m;
	t.n_mentions = 1;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_ORIGINAL);
	g_assert_cmpuint(count(&c, TG_I_MENTION, 2020, NULL), ==, 1);
	g_assert_true(c.deliberate_mention);
	/* A self-mention is no interaction. */
	tg_tweet u = tweet("note to @ownr");
	tg_mention mo[] = {mention(1000, "ownr", 8)};
	u.mentions = mo;
	u.n_mentions = 1;
	tg_classify(cls, &u, &owner, &c);
	g_assert_cmpuint(c.n_targets, ==, 0);
	g_assert_false(c.deliberate_mention);
	tg_classifier_free(cls);
}

static void test_retweets(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	tg_tweet t = tweet("RT @dave: hi @erin");
	tg_mention m[] = {mention(2004, "dave", 3), mention(2005, "erin", 13)};
	t.mentions = m;
	t.n_mentions = 2;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_RETWEET);
	g_assert_cmpuint(count(&c, TG_I_RETWEET, 2004, NULL), ==, 1);
	g_assert_cmpuint(c.n_targets, ==, 1);
	/* Grailbird: the retweeted user from retweeted_status.user. */
	tg_tweet g = tweet("RT @Dave: hi");
	g.rt_user.id = 2004;
	g.rt_user.screen_name = "Dave";
	tg_classify(cls, &g, &owner, &c);
	g_assert_cmpuint(count(&c, TG_I_RETWEET, 2004, NULL), ==, 1);
	g_assert_cmpuint(c.n_pairings, ==, 1);
	/* No entity at all: the name after "RT @". */
	tg_tweet n = tweet("RT @zed: hi");
	tg_classify(cls, &n, &owner, &c);
	g_assert_cmpuint(count(&c, TG_I_RETWEET, 0, "zed"), ==, 1);
	/* A retweet of the owner counts nothing. */
	tg_tweet s = tweet("RT @ownr: me");
	tg_classify(cls, &s, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_RETWEET);
	g_assert_cmpuint(c.n_targets, ==, 0);
	tg_classifier_free(cls);
}

static void test_status_urls(void)
{
	const char *n;
	gsize l;
	struct {
		const char *url;
		const char *name;
	} cases[] = {
		{"https://twitter.com/Erin/status/777", "Erin"},
		{"http://x.com/erin/statuses/777?s=20", "erin"},
		{"https://mobile.twitter.com/erin/status/777/photo/1", "erin"},
		{"https://www.x.com/erin/status/777#m", "erin"},
		{"https://twitter.com/erin/status/777/", "erin"},
		{"https://twitter.com/i/web/status/777", NULL},
		{"https://fxtwitter.com/erin/status/777", NULL},
		{"https://twitter.com/erin", NULL},
		{"https://twitter.com/search?q=erin", NULL},
		{"https://twitter.com/erin/status/777%E2%80%A6", NULL},
		{"https://twitter.com/erin/status/", NULL},
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		gboolean ok = tg_status_url(cases[i].url, &n, &l);
		g_assert_cmpint(ok, ==, cases[i].name != NULL);
		if (ok)
			g_assert_cmpint(strncmp(n, cases[i].name, l), ==, 0);
	}
}

static void test_quotes(void)
{
	tg_classifier *cls = tg_classifier_new();
	tg_classified c;
	tg_url urls[] = {{"https://x.com/i/status/5", 0}, {"https://twitter.com/ownr/status/6", 10},
	                 {"https://example.com/a", 20}, {"https://twitter.com/Erin/status/7?s=20", 30}};
	tg_tweet t = tweet("quote");
	t.urls = urls;
	t.n_urls = 4;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_QUOTE);
	g_assert_cmpuint(count(&c, TG_I_QUOTE, 0, "erin"), ==, 1);
	/* A self-quote alone is an original. */
	t.n_urls = 3;
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_ORIGINAL);
	g_assert_cmpuint(c.n_targets, ==, 0);
	/* A reply carrying a status link stays a reply. */
	t.n_urls = 4;
	t.reply_status_id = 9;
	t.reply_user_id = 2001;
	t.reply_screen_name = "alice";
	tg_classify(cls, &t, &owner, &c);
	g_assert_cmpint(c.kind, ==, TG_KIND_REPLY);
	g_assert_cmpuint(count(&c, TG_I_QUOTE, 0, "erin"), ==, 0);
	tg_classifier_free(cls);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/classify/reply-run-and-cc", test_reply_run_and_cc);
	g_test_add_func("/classify/deleted-target", test_deleted_target);
	g_test_add_func("/classify/threads", test_threads);
	g_test_add_func("/classify/original-leading-mention", test_original_with_leading_mention);
	g_test_add_func("/classify/retweets", test_retweets);
	g_test_add_func("/classify/status-urls", test_status_urls);
	g_test_add_func("/classify/quotes", test_quotes);
	return g_test_run();
}
