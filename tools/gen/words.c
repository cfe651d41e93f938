/* SPDX-License-Identifier: MIT */
/* tg-gen: the vocabulary of the synthetic account: filler words that can never form a
 * handle, a hashtag, a link or a DM template by accident, handles and display names,
 * t.co links, and the escaped-text builder whose code point count gives entity indices. */
#include "gen.h"

#include <string.h>

/* No '@', no '#', no digits, no "http": filler can never be read as an entity. A few
 * carry & < > so that full_text needs its HTML escapes. */
static const char *const words[] = {
    "the", "a", "an", "and", "or", "but", "so", "because", "while", "until", "after", "before",
    "since", "with", "without", "into", "over", "under", "about", "for", "from", "of", "on",
    "at", "by", "to", "in", "just", "really", "maybe", "probably", "definitely", "honestly",
    "actually", "finally", "already", "still", "again", "never", "always", "sometimes",
    "today", "tomorrow", "yesterday", "tonight", "morning", "evening", "weekend", "week",
    "summer", "winter", "autumn", "spring", "rain", "snow", "sun", "river", "mountain", "beach",
    "park", "garden", "kitchen", "office", "hotel", "train", "flight", "bike", "walk", "trip",
    "coffee", "tea", "breakfast", "lunch", "dinner", "pizza", "cake", "soup", "bread", "cheese",
    "book", "film", "song", "album", "music", "concert", "game", "team", "friend", "family",
    "kid", "dog", "cat", "neighbour", "client", "boss", "code", "bug", "patch", "release",
    "deploy", "merge", "refactor", "test", "build", "server", "database", "cache", "query",
    "index", "api", "library", "tool", "editor", "terminal", "laptop", "phone", "keyboard",
    "screen", "docs", "design", "slides", "talk", "meetup", "conference", "workshop", "thread",
    "post", "idea", "question", "answer", "problem", "issue", "review", "feature", "branch",
    "commit", "pipeline", "cluster", "compiler", "parser", "schema", "script", "sprint",
    "ship", "fix", "write", "read", "learn", "try", "find", "make", "share", "see", "look",
    "know", "think", "want", "need", "love", "hate", "like", "wonder", "start", "stop", "wait",
    "move", "change", "keep", "give", "take", "bring", "send", "call", "plan", "cook", "run",
    "swim", "sleep", "dance", "paint", "sing", "play", "watch", "listen", "travel", "visit",
    "good", "bad", "great", "nice", "weird", "huge", "tiny", "small", "big", "long", "short",
    "quick", "slow", "early", "late", "new", "old", "first", "last", "next", "little", "whole",
    "cool", "warm", "cold", "quiet", "loud", "bright", "dark", "happy", "tired", "busy",
    "my", "your", "our", "their", "this", "that", "these", "those", "some", "every", "no",
    "is", "was", "were", "be", "been", "has", "had", "have", "do", "did", "can", "could",
    "will", "would", "should", "must", "might", "very", "too", "quite", "almost", "enough",
    "we", "you", "they", "it", "I", "he", "she", "here", "there", "now", "then", "soon",
    "Übung", "schön", "müde", "Käse", "Grüße", "Straße", "heute", "café", "mañana", "acción",
    "natürlich", "façade", "naïve", "señal", "ciudad", "été", "garçon", "smörgåsbord", "Zürich",
    "&", "<3", "vs", "etc", "ok", "yes", "nope", "hmm", "wow", "meh", "yay",
};

static const char *const emoji[] = {
    "😂", "🎉", "🔥", "✨", "🙏", "🚀", "😅", "🤷\u200d♂️", "👨\u200d💻", "☕", "💯", "❤️",
    "😍", "🤔", "👀", "🙌", "😴", "🌧️", "🍕", "📚",
};

static const char *const first_ascii[] = {
    "alex", "sam", "kai", "robin", "taylor", "jordan", "liam", "emma", "mateo", "sofia",
    "hugo", "lea", "chloe", "omar", "nia", "aiko", "yuki", "elif", "mehmet", "ingrid", "sven",
    "bjorn", "maria", "jose", "angel", "tomas", "camille", "pat", "dmitri", "olivia", "kwame",
    "ravi", "priya", "wei", "jun", "lars", "nora", "ines", "pablo", "lucia", "marta", "ali",
    "zoe", "finn", "ida", "otto", "vera", "ana", "luca", "giulia", "tariq", "amara", "sade",
    "jurgen", "soren", "aisha", "hana", "kenji", "mila", "ivan", "oleg", "ada", "grace",
};

static const char *const last_ascii[] = {
    "smith", "jensen", "patel", "nguyen", "garcia", "lopez", "costa", "rossi", "muller",
    "novak", "kim", "brown", "wilson", "dubois", "moreau", "ivanova", "okafor", "schroder",
    "fernandez", "lindqvist", "kowalski", "odegaard", "obrien", "tanaka", "sato", "silva",
    "santos", "haddad", "mensah", "kaya", "yilmaz", "petrov", "larsen", "berg", "weber",
    "fischer", "russo", "romano", "moretti", "alvarez", "torres", "ramos", "cruz", "lee",
};

static const char *const prefixes[] = {
    "its", "just", "real", "hey", "the", "mr", "dev", "pixel", "byte", "cat", "fox", "coffee",
    "ops", "bot", "studio", "tweets", "data", "code", "night", "sun",
};

static const char *const suffixes[] = {
    "dev", "js", "py", "hq", "codes", "_ms", "dr", "ops", "_art", "lab", "io", "rs",
};

static const char *const first_display[] = {
    "Alex", "Sam", "Kai", "Robin", "Taylor", "Jordan", "Liam", "Emma", "Mateo", "Sofía",
    "Hugo", "Léa", "Chloé", "Omar", "Nia", "Aiko", "Yuki", "Elif", "Mehmet", "Ingrid", "Sven",
    "Björn", "María José", "Ángel", "Tomás", "Camille", "Pat", "Dmitri", "Olivia", "Kwame",
    "Ravi", "Priya", "Wei", "Jun", "Lars", "Nora", "Inês", "Pablo", "Lucía", "Zoë", "Søren",
    "Jürgen", "Aisha", "Hana", "Kenji", "Mila", "Ada", "Grace", "Amara", "Tariq",
};

static const char *const last_display[] = {
    "Smith", "Jensen", "Patel", "Nguyen", "García", "López", "Costa", "Rossi", "Müller",
    "Novak", "Kim", "Brown", "Wilson", "Dubois", "Moreau", "Ivanova", "Okafor", "Schröder",
    "Fernández", "Lindqvist", "Kowalski", "Ødegaard", "O'Brien", "Tanaka", "Silva", "Kaya",
};

static const char *const name_decor[] = {
    " 🚀", " ☕", " 🎉", " (they/them)", " 👨\u200d💻", " 🔥", " ✨", " 🌱",
};

const char *const tg_stock_dm[] = {
    "hi!", "hey!", "lol", "thanks!", "call later?", "no worries", "sure, 7pm works", "sent! 😅",
    "haha yes exactly", "can you send me the slides?", "did you see this?", "ok cool",
    "let me check and get back to you", "congrats on the launch 🎉", "¿nos vemos mañana?",
    "running late", "I'm at the café now 🎉", "sounds good", "see you there", "thank you!!",
};
const int tg_n_stock_dm = G_N_ELEMENTS(tg_stock_dm);

const char *tg_word(TgRng *r)
{
    return words[tg_rng_below(r, G_N_ELEMENTS(words))];
}

const char *tg_emoji(TgRng *r)
{
    return emoji[tg_rng_below(r, G_N_ELEMENTS(emoji))];
}

const char *tg_first_name(TgRng *r)
{
    return first_display[tg_rng_below(r, G_N_ELEMENTS(first_display))];
}

const char *tg_last_name(TgRng *r)
{
    return last_display[tg_rng_below(r, G_N_ELEMENTS(last_display))];
}

int tg_utf8_len(const char *s)
{
    int n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

void tg_text_reset(TgText *t)
{
    g_string_truncate(t->s, 0);
    t->cp = 0;
}

void tg_text_add(TgText *t, const char *raw)
{
    for (const char *s = raw; *s; s++) {
        switch (*s) {
        case '&':
            g_string_append(t->s, "&amp;");
            t->cp += 5;
            break;
        case '<':
            g_string_append(t->s, "&lt;");
            t->cp += 4;
            break;
        case '>':
            g_string_append(t->s, "&gt;");
            t->cp += 4;
            break;
        default:
            g_string_append_c(t->s, *s);
            if (((unsigned char)*s & 0xC0) != 0x80)
                t->cp++;
        }
    }
}

static void capitalise(GString *s, gsize at)
{
    if (at < s->len && s->str[at] >= 'a' && s->str[at] <= 'z')
        s->str[at] = (char)(s->str[at] - 'a' + 'A');
}

void tg_filler_plain(GString *s, TgRng *r, int minw, int maxw, gboolean capital)
{
    int n = (int)tg_rng_range(r, minw, maxw);
    for (int i = 0; i < n; i++) {
        if (i)
            g_string_append_c(s, ' ');
        gsize at = s->len;
        g_string_append(s, tg_word(r));
        if (i == 0 && capital)
            capitalise(s, at);
        if (i > 2 && i < n - 1 && tg_rng_chance(r, 0.06)) {
            static const char *const punct[] = {".", "!", "?", ",", "..."};
            g_string_append(s, punct[tg_rng_below(r, G_N_ELEMENTS(punct))]);
        }
    }
    double u = tg_rng_unit(r);
    if (u < 0.08) {
        g_string_append_c(s, ' ');
        g_string_append(s, tg_emoji(r));
    } else if (u < 0.45) {
        g_string_append_c(s, '.');
    } else if (u < 0.6) {
        g_string_append_c(s, '?');
    } else if (u < 0.7) {
        g_string_append_c(s, '!');
    } else if (u < 0.75) {
        g_string_append(s, "...");
    }
}

void tg_filler(TgText *t, TgRng *r, int minw, int maxw, gboolean capital)
{
    GString *tmp = g_string_sized_new(128);
    tg_filler_plain(tmp, r, minw, maxw, capital);
    tg_text_add(t, tmp->str);
    g_string_free(tmp, TRUE);
}

void tg_rand_alnum(char *out, int n, TgRng *r)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < n; i++)
        out[i] = al[tg_rng_below(r, sizeof al - 1)];
    out[n] = '\0';
}

void tg_tco(char out[24], TgRng *r)
{
    memcpy(out, "https://t.co/", 13);
    tg_rand_alnum(out + 13, 10, r);
}

static void lower_into(char *dst, const char *src, gsize cap)
{
    gsize i = 0;
    for (; src[i] && i + 1 < cap; i++)
        dst[i] = g_ascii_tolower(src[i]);
    dst[i] = '\0';
}

char *tg_make_handle(TgRng *r, GHashTable *taken)
{
    char buf[64], low[64];
    for (int attempt = 0;; attempt++) {
        const char *f = first_ascii[tg_rng_below(r, G_N_ELEMENTS(first_ascii))];
        const char *l = last_ascii[tg_rng_below(r, G_N_ELEMENTS(last_ascii))];
        switch (tg_rng_below(r, 7)) {
        case 0:
            g_snprintf(buf, sizeof buf, "%s%s", f, l);
            break;
        case 1:
            g_snprintf(buf, sizeof buf, "%s_%d", f, (int)tg_rng_range(r, 100, 9999));
            break;
        case 2:
            g_snprintf(buf, sizeof buf, "%s%d", f, (int)tg_rng_range(r, 1000, 9999));
            break;
        case 3:
            g_snprintf(buf, sizeof buf, "%s%s", prefixes[tg_rng_below(r, G_N_ELEMENTS(prefixes))],
                       tg_rng_chance(r, 0.5) ? f : l);
            break;
        case 4:
            g_snprintf(buf, sizeof buf, "%s%s", tg_rng_chance(r, 0.5) ? f : l,
                       suffixes[tg_rng_below(r, G_N_ELEMENTS(suffixes))]);
            break;
        case 5:
            g_snprintf(buf, sizeof buf, "%s_%s", f, l);
            break;
        default:
            g_snprintf(buf, sizeof buf, "%s%s", prefixes[tg_rng_below(r, G_N_ELEMENTS(prefixes))],
                       suffixes[tg_rng_below(r, G_N_ELEMENTS(suffixes))]);
            break;
        }
        if (attempt > 40)
            g_snprintf(buf + (strlen(buf) > 9 ? 9 : strlen(buf)), 7, "%06d",
                       (int)tg_rng_below(r, 1000000));
        if (strlen(buf) > 15)
            buf[15] = '\0';
        if (strlen(buf) < 3)
            continue;
        if (tg_rng_chance(r, 0.18))
            buf[0] = g_ascii_toupper(buf[0]);
        lower_into(low, buf, sizeof low);
        if (!strcmp(low, "i") || g_hash_table_contains(taken, low))
            continue;
        g_hash_table_add(taken, g_strdup(low));
        return g_strdup(buf);
    }
}

char *tg_make_display(TgRng *r, const char *handle)
{
    double u = tg_rng_unit(r);
    if (u < 0.12)
        return g_strdup(handle);
    if (u < 0.22)
        return g_strdup_printf("%s (they/them)", handle);
    const char *f = tg_first_name(r);
    if (u < 0.40)
        return g_strdup(f);
    if (u < 0.55)
        return g_strdup_printf("%s%s", f, name_decor[tg_rng_below(r, G_N_ELEMENTS(name_decor))]);
    if (u < 0.65)
        return g_strdup_printf("%s %s%s", f, tg_last_name(r),
                               name_decor[tg_rng_below(r, G_N_ELEMENTS(name_decor))]);
    return g_strdup_printf("%s %s", f, tg_last_name(r));
}
