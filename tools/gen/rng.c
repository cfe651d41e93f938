/* SPDX-License-Identifier: MIT */
/* tg-gen: the generator's own PRNG (xoshiro256** seeded by splitmix64), so that the same
 * arguments give byte-identical archives on every platform, plus Vose alias tables for
 * the heavy-tailed choices (who the owner talks with, which hashtag). */
#include "gen.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t tg_mix64(uint64_t x)
{
    return splitmix64(&x);
}

void tg_rng_seed(TgRng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t tg_rng_next(TgRng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double tg_rng_unit(TgRng *r)
{
    return (double)(tg_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

uint64_t tg_rng_below(TgRng *r, uint64_t n)
{
    /* the modulo bias is far below anything a test could see, and it stays deterministic */
    return tg_rng_next(r) % n;
}

int64_t tg_rng_range(TgRng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)tg_rng_below(r, (uint64_t)(hi - lo) + 1);
}

gboolean tg_rng_chance(TgRng *r, double p)
{
    return tg_rng_unit(r) < p;
}

double tg_rng_normal(TgRng *r)
{
    double u = tg_rng_unit(r), v = tg_rng_unit(r);
    if (u < 1e-300)
        u = 1e-300;
    return sqrt(-2.0 * log(u)) * cos(2.0 * G_PI * v);
}

void tg_alias_init(TgAlias *a, const double *w, uint32_t n)
{
    a->n = n;
    a->prob = g_new(float, n ? n : 1);
    a->alias = g_new(uint32_t, n ? n : 1);
    if (n == 0)
        return;
    double sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += w[i];
    double *q = g_new(double, n);
    uint32_t *small = g_new(uint32_t, n), *large = g_new(uint32_t, n);
    uint32_t ns = 0, nl = 0;
    for (uint32_t i = 0; i < n; i++) {
        q[i] = sum > 0 ? w[i] * n / sum : 1.0;
        if (q[i] < 1.0)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns && nl) {
        uint32_t s = small[--ns], l = large[--nl];
        a->prob[s] = (float)q[s];
        a->alias[s] = l;
        q[l] = q[l] + q[s] - 1.0;
        if (q[l] < 1.0)
            small[ns++] = l;
        else
            large[nl++] = l;
    }
    while (nl) {
        uint32_t l = large[--nl];
        a->prob[l] = 1.0f;
        a->alias[l] = l;
    }
    while (ns) {
        uint32_t s = small[--ns];
        a->prob[s] = 1.0f;
        a->alias[s] = s;
    }
    g_free(q);
    g_free(small);
    g_free(large);
}

uint32_t tg_alias_pick(const TgAlias *a, TgRng *r)
{
    uint32_t i = (uint32_t)tg_rng_below(r, a->n);
    return tg_rng_unit(r) < a->prob[i] ? i : a->alias[i];
}

void tg_alias_clear(TgAlias *a)
{
    g_free(a->prob);
    g_free(a->alias);
    a->prob = NULL;
    a->alias = NULL;
    a->n = 0;
}
