/* SPDX-License-Identifier: MIT */
/* Runs a fuzz target's entry point over files, without libFuzzer: the
 * regression cases in tests/fuzz/regressions/<target>/ run this way in the
 * normal test suite (under the sanitizers in the sanitizer build). */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_path(const char *path)
{
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		GDir *d = g_dir_open(path, 0, NULL);
		const char *name;
		int n = 0;
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		while (d && (name = g_dir_read_name(d)))
			g_ptr_array_add(names, g_build_filename(path, name, NULL));
		if (d)
			g_dir_close(d);
		for (guint i = 0; i < names->len; i++)
			n += run_path(names->pdata[i]);
		g_ptr_array_unref(names);
		return n;
	}
	gchar *data;
	gsize len;
	GError *error = NULL;
	if (!g_file_get_contents(path, &data, &len, &error)) {
		fprintf(stderr, "replay: %s\n", error->message);
		g_error_free(error);
		return 0;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	g_free(data);
	return 1;
}

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++)
		n += run_path(argv[i]);
	printf("replayed %d inputs\n", n);
	return 0;
}
