/*
 * replay_main.c -- runs a harness's LLVMFuzzerTestOneInput on files,
 * without libFuzzer: `fuzz_X FILE|DIR...` (a directory: every regular file
 * in it, in name order). Used by fuzz-regress (normal and ASan+UBSan
 * builds) and fuzz-cov (the coverage build).
 * Prints "replay NAME: N inputs" and exits 0; a broken property aborts
 * (fuzz_fail) or a sanitizer stops the process, and the input that did it
 * is named on stderr first.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "fuzz.h"

/* Defined by a harness that needs set-up (weak: most do not). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
/* Provided by the sanitizer runtimes, absent otherwise. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static char current[4096];

static void
say_current(void)
{
	static const char pre[] = "replay: failing input: ";
	size_t n = strlen(current);

	if (write(2, pre, sizeof pre - 1u) < 0 || write(2, current, n) < 0 || write(2, "\n", 1) < 0)
		return;
}

static void
on_signal(int sig)
{
	say_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

static long ran;

static int
run_file(const char *path)
{
	FILE *f;
	uint8_t *buf;
	long n;

	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	/* Exactly n octets of heap, as libFuzzer does: ASan sees an overread. */
	buf = malloc(n > 0 ? (size_t)n : 1u);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	fclose(f);
	snprintf(current, sizeof current, "%s", path);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	ran++;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t count = 0, cap = 0, i;
	int bad = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file or directory: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char full[4096];
		struct stat fs;

		if (e->d_name[0] == '.')
			continue;   /* ., .., and hidden files (.gitkeep, AFL's .state) */
		snprintf(full, sizeof full, "%s/%s", path, e->d_name);
		if (stat(full, &fs) != 0 || !S_ISREG(fs.st_mode))
			continue;
		if (count == cap) {
			char **nn = realloc(names, (cap = cap ? 2u * cap : 64u) * sizeof *names);
			if (nn == NULL)
				abort();
			names = nn;
		}
		names[count] = strdup(full);
		if (names[count] == NULL)
			abort();
		count++;
	}
	closedir(d);
	if (count > 0)
		qsort(names, count, sizeof *names, cmp_names);
	for (i = 0; i < count; i++) {
		if (run_file(names[i]) != 0)
			bad = -1;
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int i, bad = 0;

	/* abort() (fuzz_fail, UBSan's traps) is ours to report; the other
	 * deadly signals are the sanitizers' when they are linked in. */
	signal(SIGABRT, on_signal);
	if (__sanitizer_set_death_callback != NULL) {
		__sanitizer_set_death_callback(say_current);
	} else {
		signal(SIGSEGV, on_signal);
		signal(SIGBUS, on_signal);
		signal(SIGFPE, on_signal);
		signal(SIGILL, on_signal);
	}
	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (run_path(argv[i]) != 0)
			bad = 1;
	printf("replay %s: %ld inputs\n", name, ran);
	return bad;
}
