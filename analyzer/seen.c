/* SPDX-License-Identifier: MIT */
#include "seen.h"

#include <string.h>

#include "idset.h"

/* Ids in a block of a run: what one read of the tape brings (4 KiB). */
#define BLOCK_IDS 512u
/* Runs of one tier merged into one of the next. */
#define FAN_IN 8u
#define NO_BLOCK G_MAXUINT64

/* A sorted run of ids on the tape. */
typedef struct run {
	guint64 offset;  /* of its first id on the tape, in bytes */
	guint64 n;       /* ids */
	guint64 min, max;
	guint tier;      /* 0: written from the hash set; t: merged from tier t - 1 */
	guint64 *fence;  /* the first id of each block */
	guint64 n_blocks;
	guint64 cached;  /* the block in BUF, NO_BLOCK for none */
	guint64 *buf;    /* BLOCK_IDS ids, made at the first read */
} run;

struct tg_seen {
	tg_tape *tape;
	tg_idset *recent; /* ids not yet in a run */
	gsize cap;        /* ids RECENT holds before it becomes a run */
	GArray *runs;     /* run, oldest first */
	guint64 size;
};

static gsize memory_ids;

void tg_seen_set_memory_ids(gsize n)
{
	memory_ids = n;
}

tg_seen *tg_seen_new(tg_tape_warn_fn warn, void *warn_user)
{
	tg_seen *s = g_new0(tg_seen, 1);
	s->tape = tg_tape_new("tweet ids", warn, warn_user);
	s->recent = tg_idset_new();
	s->cap = memory_ids ? memory_ids : tg_small_memory() ? 64 : TG_SEEN_MEMORY_IDS;
	s->runs = g_array_new(FALSE, FALSE, sizeof(run));
	return s;
}

static void run_clear(run *r)
{
	g_free(r->fence);
	g_free(r->buf);
}

void tg_seen_clear(tg_seen *s)
{
	for (guint i = 0; i < s->runs->len; i++)
		run_clear(&g_array_index(s->runs, run, i));
	g_array_set_size(s->runs, 0);
	tg_idset_clear(s->recent);
	tg_tape_clear(s->tape);
	s->size = 0;
}

void tg_seen_free(tg_seen *s)
{
	if (!s)
		return;
	tg_seen_clear(s);
	g_array_free(s->runs, TRUE);
	tg_idset_free(s->recent);
	tg_tape_free(s->tape);
	g_free(s);
}

void tg_seen_reserve(tg_seen *s, guint64 n)
{
	tg_idset_reserve(s->recent, MIN(n, (guint64)s->cap));
}

/* Ids in block B of R. */
static guint block_len(const run *r, guint64 b)
{
	return (guint)MIN((guint64)BLOCK_IDS, r->n - b * BLOCK_IDS);
}

/* Brings block B of R into its buffer. */
static gboolean load_block(tg_tape *tape, run *r, guint64 b, GError **error)
{
	if (r->cached == b)
		return TRUE;
	if (!r->buf)
		r->buf = g_new(guint64, BLOCK_IDS);
	r->cached = NO_BLOCK;
	if (!tg_tape_read(tape, r->offset + b * BLOCK_IDS * sizeof(guint64), r->buf,
	                  block_len(r, b) * sizeof(guint64), error))
		return FALSE;
	r->cached = b;
	return TRUE;
}

/* Whether R holds ID, in *FOUND. */
static gboolean run_holds(tg_tape *tape, run *r, guint64 id, gboolean *found, GError **error)
{
	guint64 lo = 0, hi = r->n_blocks;

	*found = FALSE;
	if (id < r->min || id > r->max)
		return TRUE;
	/* The last block whose first id is <= ID: FENCE[0] = MIN <= ID. */
	while (hi - lo > 1) {
		guint64 mid = lo + (hi - lo) / 2;
		if (r->fence[mid] <= id)
			lo = mid;
		else
			hi = mid;
	}
	if (!load_block(tape, r, lo, error))
		return FALSE;
	guint a = 0, b = block_len(r, lo);
	while (a < b) {
		guint mid = a + (b - a) / 2;
		if (r->buf[mid] < id)
			a = mid + 1;
		else
			b = mid;
	}
	*found = a < block_len(r, lo) && r->buf[a] == id;
	return TRUE;
}

/* A run being written: its blocks go to the tape as they fill. */
typedef struct writer {
	run r;
	GArray *fence;
	guint64 block[BLOCK_IDS];
	guint fill;
} writer;

static void writer_init(writer *w, tg_seen *s, guint tier)
{
	memset(w, 0, sizeof *w);
	w->r.offset = tg_tape_size(s->tape);
	w->r.tier = tier;
	w->r.cached = NO_BLOCK;
	w->fence = g_array_new(FALSE, FALSE, sizeof(guint64));
}

static gboolean writer_flush(tg_seen *s, writer *w, GError **error)
{
	if (!w->fill)
		return TRUE;
	g_array_append_val(w->fence, w->block[0]);
	gboolean ok = tg_tape_append(s->tape, w->block, w->fill * sizeof(guint64), NULL, error);
	w->fill = 0;
	return ok;
}

/* Ids come in ascending order. */
static gboolean writer_put(tg_seen *s, writer *w, guint64 id, GError **error)
{
	if (w->r.n == 0)
		w->r.min = id;
	w->r.max = id;
	w->r.n++;
	w->block[w->fill++] = id;
	return w->fill < BLOCK_IDS || writer_flush(s, w, error);
}

/* Ends W and appends its run to S. */
static gboolean writer_end(tg_seen *s, writer *w, GError **error)
{
	gboolean ok = writer_flush(s, w, error);
	w->r.n_blocks = w->fence->len;
	w->r.fence = (guint64 *)(void *)g_array_free(w->fence, FALSE);
	if (ok)
		g_array_append_val(s->runs, w->r);
	else
		g_free(w->r.fence);
	return ok;
}

/* Merges the last FAN_IN runs, all of one tier, into one of the next. Each
 * input run is read block by block through its buffer. */
static gboolean merge_last(tg_seen *s, GError **error)
{
	guint first = s->runs->len - FAN_IN;
	run *in = &g_array_index(s->runs, run, first);
	guint64 pos[FAN_IN] = {0};
	writer *w = g_new(writer, 1);
	gboolean ok = TRUE;

	writer_init(w, s, in[0].tier + 1);
	for (;;) {
		guint best = FAN_IN;
		guint64 id = 0;
		for (guint k = 0; ok && k < FAN_IN; k++) {
			if (pos[k] == in[k].n)
				continue;
			ok = load_block(s->tape, &in[k], pos[k] / BLOCK_IDS, error);
			guint64 v = ok ? in[k].buf[pos[k] % BLOCK_IDS] : 0;
			if (ok && (best == FAN_IN || v < id)) {
				best = k;
				id = v;
			}
		}
		if (!ok || best == FAN_IN)
			break;
		pos[best]++;
		ok = writer_put(s, w, id, error);
	}
	for (guint k = 0; k < FAN_IN; k++)
		run_clear(&in[k]);
	g_array_set_size(s->runs, first);
	if (ok)
		ok = writer_end(s, w, error);
	else
		g_array_free(w->fence, TRUE);
	g_free(w);
	return ok;
}

/* The hash set becomes a run; runs merge while the last FAN_IN share a
 * tier. */
static gboolean spill(tg_seen *s, GError **error)
{
	gsize n;
	guint64 *ids = tg_idset_steal_sorted(s->recent, &n);
	writer *w = g_new(writer, 1);
	gboolean ok = TRUE;

	writer_init(w, s, 0);
	for (gsize i = 0; ok && i < n; i++)
		ok = writer_put(s, w, ids[i], error);
	g_free(ids);
	if (ok)
		ok = writer_end(s, w, error);
	else
		g_array_free(w->fence, TRUE);
	g_free(w);
	tg_idset_reserve(s->recent, s->cap);
	while (ok && s->runs->len >= FAN_IN) {
		const run *last = &g_array_index(s->runs, run, s->runs->len - 1);
		guint k = 1;
		while (k < FAN_IN && last[-(gint)k].tier == last->tier)
			k++;
		if (k < FAN_IN)
			break;
		ok = merge_last(s, error);
	}
	return ok;
}

gboolean tg_seen_add(tg_seen *s, guint64 id, gboolean *added, GError **error)
{
	/* The runs first: most ids fall outside every run's range, and the hash
	 * set is then probed once, by the add itself. An id is never in both. */
	*added = FALSE;
	for (guint i = 0; i < s->runs->len; i++) {
		gboolean found;
		if (!run_holds(s->tape, &g_array_index(s->runs, run, i), id, &found, error))
			return FALSE;
		if (found)
			return TRUE;
	}
	if (!tg_idset_add(s->recent, id))
		return TRUE;
	s->size++;
	*added = TRUE;
	return tg_idset_size(s->recent) < s->cap || spill(s, error);
}

guint64 tg_seen_size(const tg_seen *s)
{
	return s->size;
}

guint tg_seen_runs(const tg_seen *s)
{
	return s->runs->len;
}

gsize tg_seen_memory(const tg_seen *s)
{
	gsize total = tg_idset_memory(s->recent) + tg_tape_memory(s->tape);
	for (guint i = 0; i < s->runs->len; i++) {
		const run *r = &g_array_index(s->runs, run, i);
		total += r->n_blocks * sizeof(guint64) + (r->buf ? BLOCK_IDS * sizeof(guint64) : 0);
	}
	return total;
}
