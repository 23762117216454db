/*
 * report.h -- what `msa vectors run` and `msa conform` share: TTCN-3
 * verdicts, the list of results, the JUnit XML projection, and small
 * helpers (allocation in the tool only, never in libmsa).
 */
#ifndef MSA_CLI_REPORT_H__
#define MSA_CLI_REPORT_H__

#include <stddef.h>

enum verdict { V_NONE, V_PASS, V_INCONC, V_FAIL, V_ERROR };
extern const char *const vname[];

typedef struct {
	char *id, *file, *reason;
	const char *kind;
	enum verdict v;
	int expected;          /* listed in --expect */
	char *expect_reason;
} vresult;

typedef struct {
	vresult *r;
	size_t n, cap;
} results;

/* xstrdup: strdup that exits on out of memory (the tool, not the library). */
char *xstrdup(const char *s);
/* fmt: a new string, printf-style (at most 1023 octets). */
char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* now_ms: a monotonic clock in milliseconds. */
long long now_ms(void);
/* add_result: appends a result (id, file and kind copied or kept; reason taken over). */
void add_result(results *rs, const char *id, const char *file, const char *kind,
	enum verdict v, char *reason);
/* write_junit: the results as JUnit XML, one testsuite per `file`, each
 * testcase's classname "<prefix>.<kind>"; 0, or -1 on an I/O error. */
int write_junit(const char *path, const results *rs, const char *title, const char *prefix);

#endif
