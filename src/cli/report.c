/*
 * report.c -- verdicts and reports shared by `msa vectors run` and
 * `msa conform` (report.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "report.h"

const char *const vname[] = { "none", "pass", "inconc", "fail", "error" };

char *
xstrdup(const char *s)
{
	char *d = strdup(s == NULL ? "" : s);

	if (d == NULL) {
		fputs("error: INTERNAL out of memory\n", stderr);
		exit(1);
	}
	return d;
}

char *
fmt(const char *f, ...)
{
	char tmp[1024];
	va_list ap;

	va_start(ap, f);
	vsnprintf(tmp, sizeof tmp, f, ap);
	va_end(ap);
	return xstrdup(tmp);
}

long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------------------- reports */
void
add_result(results *rs, const char *id, const char *file, const char *kind,
	enum verdict v, char *reason)
{
	vresult *r;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 1024;
		rs->r = realloc(rs->r, rs->cap * sizeof *rs->r);
		if (rs->r == NULL)
			exit(1);
	}
	r = &rs->r[rs->n++];
	memset(r, 0, sizeof *r);
	r->id = xstrdup(id);
	r->file = xstrdup(file);
	r->kind = kind;
	r->v = v;
	r->reason = reason;
}

static void
xml(FILE *f, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				fputc(*s, f);
		}
	}
}

int
write_junit(const char *path, const results *rs, const char *title, const char *prefix)
{
	FILE *f = fopen(path, "w");
	size_t i, j, nf = 0, ne = 0, ns = 0;

	if (f == NULL)
		return -1;
	for (i = 0; i < rs->n; i++) {
		nf += rs->r[i].v == V_FAIL && !rs->r[i].expected;
		ne += rs->r[i].v == V_ERROR;
		ns += rs->r[i].v == V_NONE || rs->r[i].v == V_INCONC
			|| (rs->r[i].v == V_FAIL && rs->r[i].expected);
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n",
		title, rs->n, nf, ne, ns);
	for (i = 0; i < rs->n; i = j) {
		size_t c = 0, cf = 0, ce = 0, cs = 0;
		for (j = i; j < rs->n && strcmp(rs->r[j].file, rs->r[i].file) == 0; j++) {
			c++;
			cf += rs->r[j].v == V_FAIL && !rs->r[j].expected;
			ce += rs->r[j].v == V_ERROR;
			cs += rs->r[j].v == V_NONE || rs->r[j].v == V_INCONC
				|| (rs->r[j].v == V_FAIL && rs->r[j].expected);
		}
		fprintf(f, " <testsuite name=\"");
		xml(f, rs->r[i].file);
		fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", c, cf, ce, cs);
		for (j = i; j < rs->n && strcmp(rs->r[j].file, rs->r[i].file) == 0; j++) {
			const vresult *r = &rs->r[j];
			fprintf(f, "  <testcase classname=\"%s.%s\" name=\"", prefix, r->kind);
			xml(f, r->id);
			fprintf(f, "\">");
			if (r->v == V_FAIL && !r->expected) {
				fprintf(f, "<failure message=\"");
				xml(f, r->reason);
				fprintf(f, "\"/>");
			} else if (r->v == V_ERROR) {
				fprintf(f, "<error message=\"");
				xml(f, r->reason);
				fprintf(f, "\"/>");
			} else if (r->v != V_PASS) {
				fprintf(f, "<skipped message=\"%s: ", r->v == V_FAIL ? "expected failure" : vname[r->v]);
				xml(f, r->v == V_FAIL ? r->expect_reason : r->reason);
				fprintf(f, "\"/>");
			}
			fprintf(f, "</testcase>\n");
		}
		fprintf(f, " </testsuite>\n");
	}
	fprintf(f, "</testsuites>\n");
	return fclose(f) == 0 ? 0 : -1;
}
