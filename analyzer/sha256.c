/* SPDX-License-Identifier: MIT */
/* SHA-256 through libcrypto (TG_HAVE_LIBCRYPTO) or GLib: see sha256.h. */
#include "sha256.h"

#ifdef TG_HAVE_LIBCRYPTO
#include <openssl/evp.h>
#include <pthread.h>
#endif

struct tg_sha256 {
#ifdef TG_HAVE_LIBCRYPTO
	EVP_MD_CTX *ctx;
#else
	GChecksum *sum;
#endif
};

#ifdef TG_HAVE_LIBCRYPTO
/* Fetched once: OpenSSL 3 looks an implicit EVP_sha256() up again at every
 * init, which costs as much as hashing a short record. (pthread_once rather
 * than g_once: ThreadSanitizer sees through it.) */
static const EVP_MD *md;

static void fetch_md(void)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	md = EVP_MD_fetch(NULL, "SHA256", NULL);
#endif
	if (!md)
		md = EVP_sha256();
}

static const EVP_MD *sha256_md(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fetch_md);
	return md;
}

/* libcrypto fails only without memory, as g_malloc() would. */
static void check(int ok)
{
	if (!ok)
		g_error("libcrypto: SHA-256 failed");
}
#endif

tg_sha256 *tg_sha256_new(void)
{
	tg_sha256 *h = g_new0(tg_sha256, 1);
#ifdef TG_HAVE_LIBCRYPTO
	h->ctx = EVP_MD_CTX_new();
	check(h->ctx != NULL);
	check(EVP_DigestInit_ex(h->ctx, sha256_md(), NULL));
#else
	h->sum = g_checksum_new(G_CHECKSUM_SHA256);
#endif
	return h;
}

void tg_sha256_free(tg_sha256 *h)
{
	if (!h)
		return;
#ifdef TG_HAVE_LIBCRYPTO
	EVP_MD_CTX_free(h->ctx);
#else
	g_checksum_free(h->sum);
#endif
	g_free(h);
}

void tg_sha256_update(tg_sha256 *h, const void *data, gsize len)
{
	if (!len)
		return;
#ifdef TG_HAVE_LIBCRYPTO
	check(EVP_DigestUpdate(h->ctx, data, len));
#else
	/* GChecksum takes a gssize: feed a huge buffer in pieces. */
	const guchar *p = data;
	while (len > 0) {
		gsize n = MIN(len, (gsize)G_MAXSSIZE);
		g_checksum_update(h->sum, p, (gssize)n);
		p += n;
		len -= n;
	}
#endif
}

void tg_sha256_digest(tg_sha256 *h, guint8 out[TG_SHA256_LEN])
{
#ifdef TG_HAVE_LIBCRYPTO
	unsigned int n = TG_SHA256_LEN;
	check(EVP_DigestFinal_ex(h->ctx, out, &n));
#else
	gsize n = TG_SHA256_LEN;
	g_checksum_get_digest(h->sum, out, &n);
#endif
}

void tg_sha256_reset(tg_sha256 *h)
{
#ifdef TG_HAVE_LIBCRYPTO
	check(EVP_DigestInit_ex(h->ctx, sha256_md(), NULL));
#else
	g_checksum_reset(h->sum);
#endif
}

void tg_sha256_hex(const guint8 d[TG_SHA256_LEN], char out[2 * TG_SHA256_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < TG_SHA256_LEN; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * TG_SHA256_LEN] = '\0';
}

const char *tg_sha256_backend(void)
{
#ifdef TG_HAVE_LIBCRYPTO
	return "libcrypto";
#else
	return "glib";
#endif
}
