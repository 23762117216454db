/*
 * bench.c -- `make bench` (issue 8): the harness and main().
 *
 *   msa-bench [--runs N] [--quick] [--pki DIR] [--json FILE] [--callgrind]
 *   msa-bench --records [--json FILE]  (only the engine record rows)
 *   msa-bench --one NAME        (one operation, for callgrind)
 *
 * Sections, in order: crypto floor per suite (bench_floor.c), record
 * protection raw vs provider and BearSSL's TLS context (bench_data.c),
 * OpenSSL TLS 1.3 reference (bench_openssl.c), the MSA engine
 * (bench_engine.c), then the headline ratios. Prints a table and writes
 * the JSON (headline keys at the top level, every measurement in
 * "detail").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include "msa.h"
#include "bench.h"

bench_opts bench_opt = { 9, 0.03, 0.12, "vectors/pki", 0 };

/* ---------------------------------------------------------------- timing */

double
bench_cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long
calibrate(void (*fn)(void *), void *arg, double min_run_s)
{
	double t0, one;
	long n = 0;

	t0 = bench_cpu_now();
	do {
		fn(arg);
		n++;
		one = bench_cpu_now() - t0;
	} while (one < 1e-3);
	one /= (double)n;
	return (long)(min_run_s / one) + 1;
}

static bench_stat
stat_of(double *t, int runs, long n)
{
	bench_stat st;

	qsort(t, (size_t)runs, sizeof t[0], cmp_double);
	st.med = (runs & 1) ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
	st.min = t[0];
	st.max = t[runs - 1];
	st.iters = n;
	st.runs = runs;
	return st;
}

void
bench_measure_pair(void (*fa)(void *), void *a, void (*fb)(void *), void *b,
	double min_run_s, bench_stat *sa, bench_stat *sb, double *ratio)
{
	double ta[64], tb[64], tr[64], t0;
	long i, na, nb;
	int r, runs = 3 * bench_opt.runs;

	if (runs > 63)
		runs = 63;
	na = calibrate(fa, a, min_run_s / 3);
	nb = calibrate(fb, b, min_run_s / 3);
	for (r = 0; r < runs; r++) {
		t0 = bench_cpu_now();
		for (i = 0; i < na; i++)
			fa(a);
		ta[r] = (bench_cpu_now() - t0) / (double)na;
		t0 = bench_cpu_now();
		for (i = 0; i < nb; i++)
			fb(b);
		tb[r] = (bench_cpu_now() - t0) / (double)nb;
		tr[r] = ta[r] / tb[r];
	}
	*sa = stat_of(ta, runs, na);
	*sb = stat_of(tb, runs, nb);
	if (ratio != NULL)
		*ratio = stat_of(tr, runs, 1).med;
}

bench_stat
bench_measure(void (*fn)(void *), void *arg, double min_run_s)
{
	double t[64], t0;
	long i, n;
	int r, runs = bench_opt.runs > 64 ? 64 : bench_opt.runs;

	n = calibrate(fn, arg, min_run_s);   /* also the warm-up */
	for (r = 0; r < runs; r++) {
		t0 = bench_cpu_now();
		for (i = 0; i < n; i++)
			fn(arg);
		t[r] = (bench_cpu_now() - t0) / (double)n;
	}
	return stat_of(t, runs, n);
}

void
bench_side(bench_sides *s, int next)
{
	double t;

	if (!s->on)
		return;
	t = bench_cpu_now();
	if (s->cur >= 0)
		s->t[s->cur] += t - s->last;
	s->last = t;
	s->cur = next;
}

void
bench_measure_sides(void (*fn)(void *), void *arg, bench_sides *s, double med[2])
{
	double ti[64], tr[64];
	int r, runs = 3 * bench_opt.runs > 63 ? 63 : 3 * bench_opt.runs;

	for (r = 0; r < runs; r++) {
		s->on = 1;
		s->cur = -1;
		s->t[0] = s->t[1] = 0;
		fn(arg);
		s->on = 0;
		ti[r] = s->t[0];
		tr[r] = s->t[1];
	}
	med[0] = stat_of(ti, runs, 1).med;
	med[1] = stat_of(tr, runs, 1).med;
}

/* ---------------------------------------------------------------- results */

typedef struct {
	char *key;
	int null;
	double v;
	char *note;           /* for nulls: why; for headline values: meaning */
} result;

typedef struct {
	result *r;
	size_t n, cap;
} result_list;

static result_list detail, top;
static char **notes;
static size_t n_notes;

static char *
xstrdup(const char *s)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = malloc(strlen(s) + 1);
	if (d == NULL) {
		perror("msa-bench");
		exit(2);
	}
	return strcpy(d, s);
}

static result *
list_add(result_list *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->r[i].key, key) == 0) {
			free(l->r[i].note);
			l->r[i].note = NULL;
			return &l->r[i];
		}
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->r = realloc(l->r, l->cap * sizeof *l->r);
		if (l->r == NULL) {
			perror("msa-bench");
			exit(2);
		}
	}
	memset(&l->r[l->n], 0, sizeof l->r[0]);
	l->r[l->n].key = xstrdup(key);
	return &l->r[l->n++];
}

void
bench_section(const char *title)
{
	printf("\n== %s\n", title);
	fflush(stdout);
}

static void
print_value(double v, const char *unit)
{
	if (v != 0 && (v >= 1e7 || v < 1e-2))
		printf("%14.4g %s", v, unit);
	else if (v == (double)(long long)v)
		printf("%14lld %s", (long long)v, unit);
	else
		printf("%14.3f %s", v, unit);
}

void
bench_put(const char *key, double v, const char *unit, const char *label)
{
	result *r = list_add(&detail, key);

	r->v = v;
	r->null = 0;
	printf("  %-58s", label ? label : key);
	print_value(v, unit);
	putchar('\n');
	fflush(stdout);
}

void
bench_put_quiet(const char *key, double v)
{
	result *r = list_add(&detail, key);

	r->v = v;
	r->null = 0;
}

void
bench_put_stat(const char *key, bench_stat st, const char *label)
{
	char k[256];
	result *r;

	snprintf(k, sizeof k, "%s.us", key);
	list_add(&detail, k)->v = st.med * 1e6;
	snprintf(k, sizeof k, "%s.per_s", key);
	list_add(&detail, k)->v = 1.0 / st.med;
	snprintf(k, sizeof k, "%s.spread", key);
	list_add(&detail, k)->v = st.max / st.min - 1.0;
	snprintf(k, sizeof k, "%s.runs", key);
	r = list_add(&detail, k);
	r->v = st.runs;
	printf("  %-58s%12.2f us %11.0f /s  (+%2.0f%%, %d x %ld)\n",
		label ? label : key, st.med * 1e6, 1.0 / st.med,
		(st.max / st.min - 1.0) * 100, st.runs, st.iters);
	fflush(stdout);
}

void
bench_put_null(const char *key, const char *why, const char *label)
{
	result *r = list_add(&detail, key);

	r->null = 1;
	r->note = xstrdup(why);
	printf("  %-58s%14s   (%s)\n", label ? label : key, "-", why);
	fflush(stdout);
}

void
bench_note(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	notes = realloc(notes, (n_notes + 1) * sizeof *notes);
	if (notes == NULL) {
		perror("msa-bench");
		exit(2);
	}
	notes[n_notes++] = xstrdup(buf);
	printf("  note: %s\n", buf);
}

void
bench_top(const char *key, double v, const char *note)
{
	result *r = list_add(&top, key);

	r->v = v;
	r->null = 0;
	r->note = xstrdup(note);
	printf("  %-32s", key);
	print_value(v, "");
	printf("  %s\n", note);
}

void
bench_top_null(const char *key, const char *note)
{
	result *r = list_add(&top, key);

	r->null = 1;
	r->note = xstrdup(note);
	printf("  %-32s%14s   (%s)\n", key, "null", note);
}

int
bench_get(const char *key, double *v)
{
	size_t i;

	for (i = 0; i < detail.n; i++)
		if (strcmp(detail.r[i].key, key) == 0) {
			if (detail.r[i].null)
				return 0;
			*v = detail.r[i].v;
			return 1;
		}
	return 0;
}

static void
json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
json_num(FILE *f, double v)
{
	if (v == (double)(long long)v && v < 1e15 && v > -1e15)
		fprintf(f, "%lld", (long long)v);
	else
		fprintf(f, "%.6g", v);
}

static void
json_list(FILE *f, const result_list *l, const char *indent)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		fprintf(f, "%s", indent);
		json_str(f, l->r[i].key);
		fputs(": ", f);
		if (l->r[i].null)
			fputs("null", f);
		else
			json_num(f, l->r[i].v);
		fputs(i + 1 < l->n ? ",\n" : "\n", f);
	}
}

static void
machine(char *buf, size_t cap)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], *p;
	struct utsname u;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	snprintf(buf, cap, "unknown cpu");
	if (f != NULL) {
		while (fgets(line, sizeof line, f))
			if (strncmp(line, "model name", 10) == 0 &&
			    (p = strchr(line, ':')) != NULL) {
				p += 2;
				p[strcspn(p, "\n")] = 0;
				snprintf(buf, cap, "%s", p);
				break;
			}
		fclose(f);
	}
	if (uname(&u) == 0) {
		size_t l = strlen(buf);
		snprintf(buf + l, cap - l, ", %ld cpus, %s %s %s", ncpu,
			u.sysname, u.release, u.machine);
	}
}

int
bench_write_json(const char *path, double total_cpu_s)
{
	FILE *f = fopen(path, "w");
	char m[512], date[64];
	time_t now = time(NULL);
	size_t i;

	if (f == NULL) {
		fprintf(stderr, "msa-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	machine(m, sizeof m);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	fputs("{\n", f);
	for (i = 0; i < top.n; i++) {
		fputs("  ", f);
		json_str(f, top.r[i].key);
		fputs(": ", f);
		if (top.r[i].null)
			fputs("null", f);
		else
			json_num(f, top.r[i].v);
		fputs(",\n", f);
	}
	fputs("  \"about\": {\n", f);
	for (i = 0; i < top.n; i++) {
		fputs("    ", f);
		json_str(f, top.r[i].key);
		fputs(": ", f);
		json_str(f, top.r[i].note ? top.r[i].note : "");
		fputs(i + 1 < top.n ? ",\n" : "\n", f);
	}
	fputs("  },\n  \"date\": ", f);
	json_str(f, date);
	fputs(",\n  \"machine\": ", f);
	json_str(f, m);
	fprintf(f, ",\n  \"runs\": %d,\n  \"timing\": ", bench_opt.runs);
	json_str(f, "process CPU time; each value is the median of `runs` runs "
		"of a calibrated number of calls; .spread = slowest/fastest run - 1");
	fprintf(f, ",\n  \"bench_cpu_s\": %.1f,\n  \"notes\": [\n", total_cpu_s);
	for (i = 0; i < n_notes; i++) {
		fputs("    ", f);
		json_str(f, notes[i]);
		fputs(i + 1 < n_notes ? ",\n" : "\n", f);
	}
	fputs("  ],\n  \"detail\": {\n", f);
	json_list(f, &detail, "    ");
	fputs("  },\n  \"null_because\": {\n", f);
	{
		int first = 1;

		for (i = 0; i < detail.n; i++) {
			if (!detail.r[i].null)
				continue;
			fputs(first ? "    " : ",\n    ", f);
			first = 0;
			json_str(f, detail.r[i].key);
			fputs(": ", f);
			json_str(f, detail.r[i].note ? detail.r[i].note : "");
		}
		fputs(first ? "" : "\n", f);
	}
	fputs("  }\n}\n", f);
	if (fclose(f) != 0) {
		fprintf(stderr, "msa-bench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- files */

uint8_t *
bench_read_file(const char *dir, const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		fprintf(stderr, "msa-bench: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "msa-bench: %s: read failed\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

/* One TLV at p[0..len): tag, header length, content length. */
static int
tlv(const uint8_t *p, size_t len, unsigned *tag, size_t *hl, size_t *cl)
{
	size_t i, n, l = 0;

	if (len < 2)
		return -1;
	*tag = p[0];
	if (p[1] < 0x80) {
		*hl = 2;
		l = p[1];
	} else {
		n = p[1] & 0x7f;
		if (n == 0 || n > 3 || len < 2 + n)
			return -1;
		for (i = 0; i < n; i++)
			l = l * 256 + p[2 + i];
		*hl = 2 + n;
	}
	if (l > len - *hl)
		return -1;
	*cl = l;
	return 0;
}

int
bench_cert_split(const uint8_t *der, size_t len, bench_cert *c)
{
	unsigned tag;
	size_t hl, cl, off, thl, tcl;

	if (tlv(der, len, &tag, &hl, &cl) != 0 || tag != 0x30 || hl + cl != len)
		return -1;
	off = hl;
	if (tlv(der + off, len - off, &tag, &thl, &tcl) != 0 || tag != 0x30)
		return -1;
	c->der = der;
	c->der_len = len;
	c->tbs = der + off;
	c->tbs_len = thl + tcl;
	off += thl + tcl;
	if (tlv(der + off, len - off, &tag, &thl, &tcl) != 0 || tag != 0x30)
		return -1;
	off += thl + tcl;
	if (tlv(der + off, len - off, &tag, &thl, &tcl) != 0 || tag != 0x03 ||
	    tcl < 2 || der[off + thl] != 0 || off + thl + tcl != len)
		return -1;
	c->sig = der + off + thl + 1;
	c->sig_len = tcl - 1;
	return 0;
}

/* ---------------------------------------------------------------- callgrind */

/* Kept out of line and apart so that callgrind's --toggle-collect counts
 * exactly the operation. */
__attribute__((noinline)) void
bench_cg_target(bench_cg_fn fn, void *arg)
{
	fn(arg);
}

static int
run_one(const char *name)
{
	if (strncmp(name, "floor:", 6) == 0)
		return bench_floor_one(name + 6);
	if (strncmp(name, "openssl:", 8) == 0)
		return bench_openssl_one(name + 8);
	if (strncmp(name, "engine:", 7) == 0)
		return bench_engine_one(name + 7);
	if (strncmp(name, "raw:", 4) == 0)
		return bench_data_one(name + 4, 0);
	if (strncmp(name, "provider:", 9) == 0)
		return bench_data_one(name + 9, 1);
	if (strncmp(name, "rawkeyop:", 9) == 0)
		return bench_data_one(name + 9, 2);
	return -1;
}

/*
 * Instruction count of one operation: this program again under
 * valgrind --tool=callgrind, counting only inside bench_cg_target.
 * Returns the count, or -1 when valgrind is missing or failed.
 */
static double
callgrind_count(const char *self, const char *name, const char *logdir)
{
	char cmd[2048], log[1024], line[512];
	double n = -1;
	FILE *f;

	if (snprintf(log, sizeof log, "%s/callgrind-%s.log", logdir, name) >=
	    (int)sizeof log)
		return -1;
	for (char *p = log + strlen(logdir) + 1; *p; p++)
		if (*p == ':')
			*p = '_';
	if (snprintf(cmd, sizeof cmd,
		"valgrind --tool=callgrind --toggle-collect=bench_cg_target "
		"--callgrind-out-file=/dev/null %s --pki '%s' --one '%s' >'%s' 2>&1",
		self, bench_opt.pki, name, log) >= (int)sizeof cmd)
		return -1;
	if (system(cmd) != 0)
		return -1;
	f = fopen(log, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, "Collected :");
		if (p != NULL)
			n = strtod(p + 11, NULL);
	}
	fclose(f);
	return n;
}

/* Counts one operation and records it as callgrind.NAME (':' -> '.'). */
static double
cg_one(const char *self, const char *logdir, const char *name)
{
	char key[128];
	double n;

	snprintf(key, sizeof key, "callgrind.%s", name);
	for (char *p = key; *p; p++)
		if (*p == ':')
			*p = '.';
	if (strncmp(name, "engine:", 7) == 0 && bench_engine_one(NULL) != 0) {
		bench_put_null(key, "engine not built", name);
		return -1;
	}
	n = callgrind_count(self, name, logdir);
	if (n < 0)
		bench_put_null(key, "callgrind run failed (see its log)", name);
	else
		bench_put(key, n, "instr", name);
	return n;
}

static void
bench_callgrind(const char *self, const char *logdir)
{
	static const char *const names[] = {
		"openssl:handshake", "openssl:floor",
		"raw:AES128GCM.1024", "rawkeyop:AES128GCM.1024", "provider:AES128GCM.1024",
		"engine:record1k", "engine:record1k_cache", "engine:record1k_inplace",
		"raw:HMACSHA256.1024", "provider:HMACSHA256.1024", "engine:record1k_hmac",
	};
	char name[128], key[128];
	const msa_suite *s;
	double f, e;
	size_t i;

	bench_section("Instruction counts (valgrind --tool=callgrind, one operation, "
		"both sides)");
	if (system("valgrind --version >/dev/null 2>&1") != 0) {
		bench_note("valgrind not found: no instruction counts");
		return;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		cg_one(self, logdir, names[i]);
	/* every suite: the handshake against its floor */
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		if (s->reserved)
			continue;
		snprintf(name, sizeof name, "floor:%s", s->name);
		f = cg_one(self, logdir, name);
		snprintf(name, sizeof name, "engine:%s", s->name);
		e = cg_one(self, logdir, name);
		if (f > 0 && e > 0) {
			snprintf(key, sizeof key, "callgrind.floor_ratio.%s", s->name);
			bench_put(key, e / f, "x", "    handshake / floor, instructions");
		}
	}
}

/* ---------------------------------------------------------------- small profile */

/*
 * The library and this program built again with the engine's smallest
 * build profile (mk/bench.mk): runs `path --sizes` and records its lines
 * as profile.KEY.
 */
static void
import_small(const char *path)
{
	char cmd[2048], line[256], key[160], name[128];
	double v;
	FILE *f;
	int n = 0;

	bench_section("MSA engine, small build profile (suite 0x0001 only: "
		"-DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16 -DMSA_CFG_P256=0)");
	if (snprintf(cmd, sizeof cmd, "'%s' --pki '%s' --sizes", path, bench_opt.pki) >=
	    (int)sizeof cmd)
		return;
	f = popen(cmd, "r");
	if (f == NULL) {
		bench_put_null("profile.assoc_bytes", "cannot run the small build", NULL);
		return;
	}
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%127s %lf", name, &v) == 2) {
			snprintf(key, sizeof key, "profile.%s", name);
			bench_put(key, v, "", key);
			n++;
		}
	if (pclose(f) != 0 || n == 0)
		bench_put_null("profile.assoc_bytes", "the small build's handshake or "
			"record failed", NULL);
}

/* ---------------------------------------------------------------- main */

static void
usage(void)
{
	fprintf(stderr, "usage: msa-bench [--runs N] [--quick] [--pki DIR] "
		"[--json FILE] [--callgrind] [--small BIN] [--records]\n       msa-bench [--pki DIR] --one NAME\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *json = "build/bench.json", *one = NULL, *small = NULL;
	static int (*const sections[])(void) = { bench_floor, bench_data,
		bench_bearssl_tls, bench_openssl, bench_engine };
	char self[1024], logdir[1024];
	size_t k;
	int i, cg = 0, rc = 0, records = 0;
	double t0;
	ssize_t sl;

	/* before anything can reach OpenSSL's allocator */
	if (bench_openssl_mem_init() != 0) {
		fprintf(stderr, "msa-bench: CRYPTO_set_mem_functions failed\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			bench_opt.runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--quick") == 0)
			bench_opt.quick = 1;
		else if (strcmp(argv[i], "--pki") == 0 && i + 1 < argc)
			bench_opt.pki = argv[++i];
		else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
			json = argv[++i];
		else if (strcmp(argv[i], "--one") == 0 && i + 1 < argc)
			one = argv[++i];
		else if (strcmp(argv[i], "--callgrind") == 0)
			cg = 1;
		else if (strcmp(argv[i], "--records") == 0)
			records = 1;
		else if (strcmp(argv[i], "--small") == 0 && i + 1 < argc)
			small = argv[++i];
		else if (strcmp(argv[i], "--sizes") == 0)
			return bench_engine_sizes() == 0 ? 0 : 1;
		else
			usage();
	}
	if (one != NULL) {
		if (run_one(one) != 0) {
			fprintf(stderr, "msa-bench: unknown or failed operation %s\n", one);
			return 1;
		}
		return 0;
	}
	if (bench_opt.quick) {
		bench_opt.runs = 3;
		bench_opt.min_run_s = 0.005;
		bench_opt.min_run_slow = 0.01;
	}
	if (bench_opt.runs < 1 || bench_opt.runs > 64)
		usage();
	t0 = bench_cpu_now();
	printf("msa-bench: process CPU time, median of %d runs per value "
		"(+spread = slowest/fastest run - 1, runs x calls per run)\n",
		bench_opt.runs);
	if (records) {
		/* Only the engine's record rows, each paired with the raw
		 * primitive: a few seconds, for working on the record path. */
		bench_section("MSA engine: records only (--records)");
		rc = bench_engine_records() != 0;
		bench_engine_rounds_print();
		if (bench_write_json(json, bench_cpu_now() - t0) != 0)
			return 1;
		return rc;
	}
	/* the sections, a round of data_1k_ratio before each (bench_engine.c) */
	for (k = 0; k < sizeof sections / sizeof sections[0]; k++) {
		(void)bench_engine_round();
		if (sections[k]() != 0)
			rc = 1;
	}
	if (small != NULL)
		import_small(small);
	if (cg) {
		sl = readlink("/proc/self/exe", self, sizeof self - 1);
		if (sl > 0) {
			char *slash;

			self[sl] = 0;
			snprintf(logdir, sizeof logdir, "%s", json);
			slash = strrchr(logdir, '/');
			if (slash != NULL)
				*slash = 0;
			else
				snprintf(logdir, sizeof logdir, ".");
			bench_callgrind(self, logdir);
		}
	}
	bench_summary();
	if (bench_write_json(json, bench_cpu_now() - t0) != 0)
		return 1;
	printf("\nmsa-bench: wrote %s (%.0f s of CPU)%s\n", json,
		bench_cpu_now() - t0, rc ? "; SOME SECTIONS FAILED" : "");
	return rc;
}
