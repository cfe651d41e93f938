/* SPDX-License-Identifier: MIT */
/* The talkgraph command line: parses argv, runs one command of the core, maps
 * its error to a message on stderr and an exit status. The only file that
 * parses arguments, prints to stdout or exits. */
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "interrupt.h"
#include "talkgraph.h"

typedef struct command {
	const char *name;
	const char *synopsis;
	const char *help;
	int min_args, max_args; /* archives; -1 for any number */
	gboolean (*run)(const tg_options *o, int argc, char **argv, GError **error);
} command;

static gboolean run_inspect(const tg_options *o, int argc, char **argv, GError **error)
{
	(void)argc;
	return tg_cmd_inspect(argv[0], o, stdout, error);
}

static gboolean run_stats(const tg_options *o, int argc, char **argv, GError **error)
{
	return tg_cmd_stats(argv, (guint)argc, o, stdout, error);
}

static gboolean run_contacts(const tg_options *o, int argc, char **argv, GError **error)
{
	return tg_cmd_contacts(argv, (guint)argc, o, stdout, error);
}

static gboolean run_graph(const tg_options *o, int argc, char **argv, GError **error)
{
	return tg_cmd_graph(argv, (guint)argc, o, stdout, error);
}

static gboolean run_report(const tg_options *o, int argc, char **argv, GError **error)
{
	return tg_cmd_report(argv, (guint)argc, o, error);
}

static gboolean run_batch(const tg_options *o, int argc, char **argv, GError **error)
{
	(void)argc;
	return tg_cmd_batch(argv[0], o, stderr, error);
}

/* The one table of commands: usage, --help and dispatch come from it. */
static const command commands[] = {
	{"inspect", "inspect [--json] [--strict] ARCHIVE",
	 "what an archive holds: generation, owner, files with record counts against the\n"
	 "                 manifest, skipped records and why, period, tweets by kind, DMs, follows",
	 1, 1, run_inspect},
	{"report", "report -o DIR [--force] [--anonymize[=all]] [--salt S] ARCHIVE...",
	 "the full report into DIR: stats.json, contacts.csv, edges.csv, graph.graphml,\n"
	 "                 graph.gexf, graph.dot, charts/ (gnuplot), report.html and report.md",
	 1, -1, run_report},
	{"stats", "stats [--json] [--tz ZONE] [--since DATE] [--until DATE] ARCHIVE...",
	 "who the owner talks with: the funnel, contact classes, conversation share,\n"
	 "                 DM figures, top contacts, automated DMs, chats, circles;\n"
	 "                 --json prints stats.json",
	 1, -1, run_stats},
	{"batch", "batch INPUT_DIR -o OUT_DIR [--jobs N] [--no-anonymize] [--timeout S] [--shard K/N]\n"
	 "  talkgraph batch --merge OUT_DIR",
	 "each archive of a folder analysed on its own, in a child process: one line per\n"
	 "                 archive in OUT_DIR/results.jsonl and summary.csv; resumes (docs/batch.md)",
	 1, 1, run_batch},
	{"contacts", "contacts [--top N] [--sort strength|last|first|name] [--class C] [--csv] ARCHIVE...",
	 "one row per contact with every per-contact figure; --csv prints contacts.csv",
	 1, -1, run_contacts},
	{"graph", "graph [--format graphml|gexf|dot|csv] [-o FILE] ARCHIVE...",
	 "the relationship graph: owners and contacts, edges by interaction type with\n"
	 "                 weight and first/last dates, co-conversation edges, follows",
	 1, -1, run_graph},
};

enum {
	OPT_JSON = 256,
	OPT_STRICT,
	OPT_TZ,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_MAX_ELEMENT,
	OPT_MAX_INFLATED,
	OPT_MAX_DEPTH,
	OPT_MAX_CONTACTS,
	OPT_VERSION,
	OPT_TOP,
	OPT_SORT,
	OPT_CLASS,
	OPT_CSV,
	OPT_FORMAT,
	OPT_FORCE,
	OPT_ANONYMIZE,
	OPT_SALT,
	OPT_JOBS,
	OPT_NO_ANONYMIZE,
	OPT_TIMEOUT,
	OPT_MAX_MEMORY,
	OPT_SHARD,
	OPT_MERGE,
	OPT_RETRY_ERRORS,
	OPT_WORKER,
	OPT_THREADS,
};

static const struct option long_options[] = {
	{"json", no_argument, NULL, OPT_JSON},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"tz", required_argument, NULL, OPT_TZ},
	{"since", required_argument, NULL, OPT_SINCE},
	{"until", required_argument, NULL, OPT_UNTIL},
	{"max-element", required_argument, NULL, OPT_MAX_ELEMENT},
	{"max-inflated", required_argument, NULL, OPT_MAX_INFLATED},
	{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	{"max-contacts", required_argument, NULL, OPT_MAX_CONTACTS},
	{"top", required_argument, NULL, OPT_TOP},
	{"sort", required_argument, NULL, OPT_SORT},
	{"class", required_argument, NULL, OPT_CLASS},
	{"csv", no_argument, NULL, OPT_CSV},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"output", required_argument, NULL, 'o'},
	{"force", no_argument, NULL, OPT_FORCE},
	{"anonymize", optional_argument, NULL, OPT_ANONYMIZE},
	{"salt", required_argument, NULL, OPT_SALT},
	{"jobs", required_argument, NULL, OPT_JOBS},
	{"no-anonymize", no_argument, NULL, OPT_NO_ANONYMIZE},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"merge", no_argument, NULL, OPT_MERGE},
	{"retry-errors", no_argument, NULL, OPT_RETRY_ERRORS},
	{"worker", required_argument, NULL, OPT_WORKER},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
	fputs("usage: talkgraph <command> [options] archive...\n", f);
}

static void help(void)
{
	usage(stdout);
	fputs("\ntalkgraph reads a downloaded Twitter/X archive (.zip or extracted folder),\n"
	      "entirely offline, and tells who its owner actually talks with.\n\ncommands:\n",
	      stdout);
	for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].help);
	fputs("\nsynopsis:\n", stdout);
	for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
		printf("  talkgraph %s\n", commands[i].synopsis);
	printf("\noptions:\n"
	       "  --json              print one JSON object instead of text\n"
	       "  --strict            a record of the wrong shape is an error, not a skip\n"
	       "  --tz ZONE           IANA time zone for months, weekdays and hours\n"
	       "                      (default: the archive's own zone, else UTC)\n"
	       "  --since DATE        ignore interactions before DATE (YYYY-MM-DD or ISO 8601)\n"
	       "  --until DATE        ignore interactions after DATE\n"
	       "  --max-element N     largest array element read, in bytes (default %u MiB)\n"
	       "  --max-inflated N    most bytes inflated from one archive (default %u GiB)\n"
	       "  --max-depth N       deepest JSON nesting of an element (default %u)\n"
	       "  --max-contacts N    most contacts kept (default %u)\n"
	       "  --top N             contacts: only the first N rows\n"
	       "  --sort KEY          contacts: strength (default), last, first or name\n"
	       "  --class C           contacts: only class C (two-way, unanswered-in, one-way-out,\n"
	       "                      amplify-only, context-only, silent-follow)\n"
	       "  --csv               contacts: print contacts.csv\n"
	       "  --format F          graph: graphml (default), gexf, dot or csv (edges.csv)\n"
	       "  -o, --output PATH   graph: the file to write (default standard output);\n"
	       "                      report: the folder to write (required)\n"
	       "  --force             report: replace a folder that is not empty\n"
	       "  --anonymize[=all]   replace every contact's handle, name and id by a stable\n"
	       "                      pseudonym, and input file names by \"archive N\" (=all:\n"
	       "                      the owner's too); docs/privacy.md\n"
	       "  --salt S            the pseudonyms' secret key: the same salt gives the same\n"
	       "                      pseudonyms in every report; keep it secret (default: a\n"
	       "                      key derived from the archives, never written out)\n"
	       "  -j, --jobs N        batch: analyses at a time (default: the number of processors)\n"
	       "  --no-anonymize      batch: keep contacts' handles, names and ids (batch\n"
	       "                      anonymises by default)\n"
	       "  --timeout S         batch: give up on an archive after S seconds (default 3600)\n"
	       "  --max-memory N      batch: most memory (address space) of one analysis\n"
	       "  --shard K/N         batch: only archives K, K+N, K+2N... (0 <= K < N); skips\n"
	       "                      results.jsonl and summary.csv: run --merge afterwards\n"
	       "  --merge             batch: rebuild results.jsonl and summary.csv of OUT_DIR\n"
	       "  --retry-errors      batch: analyse again the archives recorded as failed\n"
	       "  --worker PROGRAM    batch: run PROGRAM instead of this talkgraph per archive\n"
	       "  --threads N         threads of one analysis (default: the processors, at most\n"
	       "                      4); the results are the same with any number\n"
	       "  -q, --quiet         no progress on stderr\n"
	       "  -h, --help          this help\n"
	       "  --version           the version\n"
	       "\nsizes take a suffix K, M or G (powers of 1024).\n"
	       "\nexit status:\n"
	       "  0  success (skipped records are reported, and still succeed)\n"
	       "  1  input or output failure: a missing, corrupt or truncated archive, a\n"
	       "     malformed data file, a zip bomb, an output that cannot be written\n"
	       "  2  usage error\n"
	       "  batch: 0 when it ran, also with broken archives (they are recorded, counted\n"
	       "     on stderr); 1 when INPUT_DIR cannot be read or OUT_DIR written\n"
	       "  130 interrupted (SIGINT or SIGTERM): no partial output is left behind\n",
	       (unsigned)(TG_DEFAULT_MAX_ELEMENT >> 20), (unsigned)(TG_DEFAULT_MAX_INFLATED >> 30),
	       TG_DEFAULT_MAX_DEPTH, TG_DEFAULT_MAX_CONTACTS);
	GString *files = g_string_new("\nreport files (talkgraph report -o DIR):\n");
	tg_describe_report(files);
	fputs(files->str, stdout);
	g_string_free(files, TRUE);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("talkgraph: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	fputs("Try 'talkgraph --help' for more information.\n", stderr);
	return TG_EXIT_USAGE;
}

/* "16M", "2G", "1048576": a byte count with an optional binary suffix. */
static gboolean parse_size(const char *s, guint64 *out)
{
	char *end;
	if (!g_ascii_isdigit(*s))
		return FALSE;
	guint64 n = g_ascii_strtoull(s, &end, 10);
	guint shift = 0;
	switch (g_ascii_toupper(*end)) {
	case 'K':
		shift = 10;
		end++;
		break;
	case 'M':
		shift = 20;
		end++;
		break;
	case 'G':
		shift = 30;
		end++;
		break;
	}
	if (*end || n == 0 || n > (G_MAXUINT64 >> shift))
		return FALSE;
	*out = n << shift;
	return TRUE;
}

static gboolean parse_day(const char *s, gint64 *ms, gboolean end_of_day)
{
	char *iso = NULL;
	gboolean ok;
	if (strlen(s) == 10)
		iso = g_strdup_printf("%sT%s", s, end_of_day ? "23:59:59.999Z" : "00:00:00Z");
	ok = tg_parse_date(iso ? iso : s, ms);
	g_free(iso);
	return ok;
}

static void on_signal(int sig)
{
	(void)sig;
	tg_interrupt_request();
}

/* The first SIGINT or SIGTERM asks the core to stop and clean up; a second
 * one ends the process at once (SA_RESETHAND). */
static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void print_warning(void *user, const char *message)
{
	(void)user;
	fprintf(stderr, "talkgraph: warning: %s\n", message);
}

int main(int argc, char **argv)
{
	tg_options o;
	const command *cmd = NULL;
	guint64 n;

#ifdef __GLIBC__
	/* Blocks of 128 KiB and more are always mapped on their own (glibc
	 * otherwise raises this threshold up to 32 MiB after the first large
	 * free): the model's big arrays then grow in place with mremap instead
	 * of leaving their old copies in the heap, and what the load frees goes
	 * back to the system before the figures are computed. About 10 MiB less
	 * at the peak of 1M tweets (docs/bench.md). */
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
	/* Debug messages (G_MESSAGES_DEBUG) on stderr, never in the output. */
	g_log_writer_default_set_use_stderr(TRUE);
	tg_options_init(&o);
	o.progress = isatty(STDERR_FILENO);
	o.warn = print_warning;
	if (argc >= 2 && argv[1][0] != '-') {
		for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
			if (strcmp(argv[1], commands[i].name) == 0)
				cmd = &commands[i];
		if (!cmd)
			return usage_error("unknown command '%s'", argv[1]);
		argv++;
		argc--;
	}

	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":qho:j:", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			o.json = TRUE;
			break;
		case OPT_STRICT:
			o.strict = TRUE;
			break;
		case OPT_TZ:
			o.tz = optarg;
			break;
		case OPT_SINCE:
			if (!parse_day(optarg, &o.since_ms, FALSE))
				return usage_error("--since: not a date: '%s'", optarg);
			o.since = optarg;
			break;
		case OPT_UNTIL:
			if (!parse_day(optarg, &o.until_ms, TRUE))
				return usage_error("--until: not a date: '%s'", optarg);
			o.until = optarg;
			break;
		case OPT_MAX_ELEMENT:
			if (!parse_size(optarg, &n) || n > G_MAXSIZE / 2)
				return usage_error("--max-element: not a size: '%s'", optarg);
			o.limits.max_element = (gsize)n;
			break;
		case OPT_MAX_INFLATED:
			if (!parse_size(optarg, &n))
				return usage_error("--max-inflated: not a size: '%s'", optarg);
			o.limits.max_inflated = n;
			break;
		case OPT_MAX_DEPTH:
			if (!parse_size(optarg, &n) || n > 100000)
				return usage_error("--max-depth: not a depth: '%s'", optarg);
			o.limits.max_depth = (guint)n;
			break;
		case OPT_MAX_CONTACTS:
			if (!parse_size(optarg, &n))
				return usage_error("--max-contacts: not a count: '%s'", optarg);
			o.limits.max_contacts = n;
			break;
		case OPT_TOP:
			if (!parse_size(optarg, &n) || n > G_MAXUINT)
				return usage_error("--top: not a count: '%s'", optarg);
			o.top = (guint)n;
			break;
		case OPT_SORT:
			o.sort = optarg;
			break;
		case OPT_CLASS:
			o.class_name = optarg;
			break;
		case OPT_CSV:
			o.csv = TRUE;
			break;
		case OPT_FORMAT:
			o.format = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_FORCE:
			o.force = TRUE;
			break;
		case OPT_ANONYMIZE:
			if (!optarg)
				o.anonymize = 1;
			else if (strcmp(optarg, "all") == 0)
				o.anonymize = 2;
			else
				return usage_error("--anonymize takes no value or '=all', not '%s'", optarg);
			break;
		case OPT_SALT:
			o.salt = optarg;
			break;
		case 'j':
		case OPT_JOBS:
			if (!parse_size(optarg, &n) || n > 4096)
				return usage_error("--jobs: not a count from 1 to 4096: '%s'", optarg);
			o.jobs = (guint)n;
			break;
		case OPT_THREADS:
			if (!parse_size(optarg, &n) || n < 1 || n > 64)
				return usage_error("--threads: not a count from 1 to 64: '%s'", optarg);
			o.threads = (guint)n;
			break;
		case OPT_NO_ANONYMIZE:
			o.no_anonymize = TRUE;
			break;
		case OPT_TIMEOUT:
			if (!parse_size(optarg, &n) || n > G_MAXUINT)
				return usage_error("--timeout: not a number of seconds: '%s'", optarg);
			o.timeout_s = (guint)n;
			break;
		case OPT_MAX_MEMORY:
			if (!parse_size(optarg, &n))
				return usage_error("--max-memory: not a size: '%s'", optarg);
			o.max_memory = n;
			break;
		case OPT_SHARD: {
			char *end;
			guint64 k = g_ascii_strtoull(optarg, &end, 10);
			if (!g_ascii_isdigit(*optarg) || *end != '/' || !parse_size(end + 1, &n) || n > G_MAXUINT ||
			    k >= n)
				return usage_error("--shard: not K/N with 0 <= K < N: '%s'", optarg);
			o.shard = (guint)k;
			o.shards = (guint)n;
			break;
		}
		case OPT_MERGE:
			o.merge = TRUE;
			break;
		case OPT_RETRY_ERRORS:
			o.retry_errors = TRUE;
			break;
		case OPT_WORKER:
			o.worker = optarg;
			break;
		case 'q':
			o.quiet = TRUE;
			break;
		case 'h':
			help();
			return TG_EXIT_OK;
		case OPT_VERSION:
			printf("talkgraph %s\n", TG_VERSION);
			return TG_EXIT_OK;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!cmd)
		return usage_error("%s", argc < 2 ? "no command given" : "the command comes first");
	int nargs = argc - optind;
	if (nargs < cmd->min_args)
		return usage_error("%s: no archive given", cmd->name);
	if (cmd->max_args >= 0 && nargs > cmd->max_args)
		return usage_error("%s: too many arguments", cmd->name);

	GError *error = NULL;
	install_signals();
	if (!cmd->run(&o, nargs, argv + optind, &error)) {
		fprintf(stderr, "talkgraph: %s\n", error ? error->message : "unknown error");
		int status = tg_exit_code(error);
		g_clear_error(&error);
		return status;
	}
	return TG_EXIT_OK;
}
