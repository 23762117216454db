/*
 * cmd_vectors.c -- `msa vectors run`: runs the conformance vectors of
 * vectors/ against an implementation through the adapter protocol of
 * vectors/ADAPTER.md (issue 5, section 3). Without --impl the
 * implementation is this library (`msa vectors adapter`, started as a
 * child exactly like a vendor's adapter).
 *
 * Verdicts (TTCN-3): none (not applicable: the adapter lacks a declared
 * capability, or answers "unsupported"), pass, inconc (rejected as
 * required, but the adapter does not report error names), fail, error
 * (harness fault: the adapter died, timed out, broke the protocol).
 * Exit: 0 when nothing failed, 1 otherwise, 2 on usage error.
 */
#include <dirent.h>
#include <stdarg.h>
#include <errno.h>
#include <fnmatch.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "msa.h"
#include "cli.h"
#include "vjson.h"
#include "vectors.h"
#include "report.h"
#include "iobuf.h"

static const char use[] =
	"usage: msa vectors run [--impl COMMAND] [--filter GLOB]... [--json FILE]\n"
	"                       [--junit FILE] [--expect FILE] [--quiet] [DIR]\n"
	"       msa vectors adapter\n"
	"  run: runs every vector file under DIR (default vectors/) against this\n"
	"  library, or with --impl against COMMAND (run by /bin/sh -c), an adapter\n"
	"  speaking the protocol of vectors/ADAPTER.md. --filter: only the vectors\n"
	"  whose id matches GLOB (repeatable). --json/--junit: write every verdict.\n"
	"  --expect: a file of known deviations (expected failures, with reasons);\n"
	"  an unexpected pass of a listed vector is a failure. --quiet: no\n"
	"  progress line. Exit 0 when no vector failed, 1 otherwise, 2 usage.\n"
	"  adapter: this library as an adapter, on stdin/stdout.\n";

#define HELLO_TIMEOUT_MS   10000
#define REPLY_TIMEOUT_MS   30000
#define MAX_RESTARTS       5

/* ---------------------------------------------------------------- the adapter process */
typedef struct {
	pid_t pid;
	int to, from;          /* pipes: our write end, our read end */
	uint8_t *buf;          /* VECTORS_LINE_MAX octets, the adapter's output not yet read as lines */
	size_t len;
	const char *fail;      /* why read_line gave no line */
	vj *hello;
	const vj *caps;
	int restarts, dead;
	const char *cmd;       /* NULL: this program's own adapter */
} adapter;

/* One line from the adapter, without its newline, NUL-terminated, its length
 * in *n (the line may hold a 0: parse n octets, not the string); or NULL
 * with a->fail set (timeout, end, read error, a line longer than
 * VECTORS_LINE_MAX). The returned pointer is valid until the next call.
 * The octets go through iobuf.c's proved buffer functions. */
static char *
read_line(adapter *a, int timeout_ms, size_t *n)
{
	long long deadline = now_ms() + timeout_ms;
	static char line[VECTORS_LINE_MAX];
	int r;

	for (;;) {
		r = cli_line_take(a->buf, &a->len, line, sizeof line, n);
		if (r == 1)
			return line;
		if (r != 0 || a->len == VECTORS_LINE_MAX) {
			a->fail = "sent a line longer than " VECTORS_LINE_MAX_TEXT " octets";
			return NULL;
		}
		{
			struct pollfd p = { a->from, POLLIN, 0 };
			long long left = deadline - now_ms();
			if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
				a->fail = "timed out";
				return NULL;
			}
			r = cli_buf_read(a->from, a->buf, VECTORS_LINE_MAX, &a->len);
			if (r == 1 || r == CLI_SYS_RETRY)
				continue;
			a->fail = r == 0 ? "closed its output (or died)" : "could not be read";
			return NULL;
		}
	}
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
adapter_stop(adapter *a, int kill_it)
{
	int st;

	if (a->pid <= 0)
		return;
	if (a->to >= 0)
		close(a->to);
	a->to = -1;
	if (kill_it)
		kill(a->pid, SIGKILL);
	else {
		/* end of input: give it a moment to exit by itself */
		long long deadline = now_ms() + 5000;
		while (waitpid(a->pid, &st, WNOHANG) == 0) {
			if (now_ms() > deadline) {
				kill(a->pid, SIGKILL);
				break;
			}
			usleep(10000);
		}
	}
	waitpid(a->pid, &st, 0);
	close(a->from);
	a->from = -1;
	a->pid = -1;
	a->len = 0;
	vj_free(a->hello);
	a->hello = NULL;
	a->caps = NULL;
}

/* Starts the adapter and reads its hello. 0, or -1 with *why set. */
static int
adapter_start(adapter *a, char **why)
{
	int in[2], out[2];
	char err[160], *line;
	long long ver;
	size_t n;

	if (a->buf == NULL && (a->buf = malloc(VECTORS_LINE_MAX)) == NULL) {
		*why = xstrdup("out of memory");
		return -1;
	}
	if (pipe(in) != 0 || pipe(out) != 0) {
		*why = fmt("pipe: %s", strerror(errno));
		return -1;
	}
	a->pid = fork();
	if (a->pid < 0) {
		*why = fmt("fork: %s", strerror(errno));
		return -1;
	}
	if (a->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		if (a->cmd != NULL)
			execl("/bin/sh", "sh", "-c", a->cmd, (char *)NULL);
		else
			execl("/proc/self/exe", "msa", "vectors", "adapter", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	a->to = in[1];
	a->from = out[0];
	a->len = 0;
	line = read_line(a, HELLO_TIMEOUT_MS, &n);
	if (line == NULL) {
		*why = fmt("the adapter sent no hello line (it %s)", a->fail);
		adapter_stop(a, 1);
		return -1;
	}
	a->hello = vj_parse(line, n, err, sizeof err);
	if (a->hello == NULL || vj_int(a->hello, "msaAdapter", &ver) != 0 || ver != 1
		|| (a->caps = vj_get(a->hello, "capabilities")) == NULL || a->caps->t != VJ_OBJ) {
		*why = fmt("bad hello line (%s)", a->hello == NULL ? err : "no msaAdapter 1 or capabilities");
		adapter_stop(a, 1);
		return -1;
	}
	return 0;
}

static int
cap_has(const adapter *a, const char *list, const char *s)
{
	const vj *l = vj_get(a->caps, list);
	size_t i;

	for (i = 0; l != NULL && l->t == VJ_ARR && i < l->n; i++)
		if (l->v[i]->t == VJ_STR && strcmp(l->v[i]->s, s) == 0)
			return 1;
	return 0;
}

static int
cap_has_int(const adapter *a, const char *list, long long x)
{
	const vj *l = vj_get(a->caps, list);
	size_t i;

	for (i = 0; l != NULL && l->t == VJ_ARR && i < l->n; i++)
		if (l->v[i]->t == VJ_INT && l->v[i]->i == x)
			return 1;
	return 0;
}

/* ---------------------------------------------------------------- judging */
/* Why the vector is not applicable to the adapter, or NULL. */
static char *
not_applicable(const adapter *a, const char *kind, const vj *g, const vj *t)
{
	long long x;

	if (!cap_has(a, "kinds", kind))
		return fmt("not applicable: the adapter does not declare kind %s", kind);
	if (strcmp(kind, "encoding") == 0) {
		const char *ty = vj_str(g, "decodeAs");
		if (ty == NULL || !cap_has(a, "decode", ty))
			return fmt("not applicable: the adapter does not decode %s", ty ? ty : "?");
		return NULL;
	}
	if (strcmp(kind, "scenario") == 0 || strcmp(kind, "transcript") == 0) {
		const vj *in = vj_get(t, "inputs");
		if (vj_int(g, "suite", &x) == 0 && !cap_has_int(a, "suites", x))
			return fmt("not applicable: the adapter does not declare suite 0x%04llx", x);
		if (vj_int(in, "mode", &x) == 0 && x == 1 && !cap_has(a, "modes", "datagram"))
			return fmt("not applicable: the adapter does not declare mode datagram");
		if (vj_int(in, "useRefs", &x) == 0 && x == 1 && !cap_has(a, "features", "certRefs"))
			return fmt("not applicable: the adapter does not declare feature certRefs");
		return NULL;
	}
	{
		const char *op = vj_str(g, "op"), *h = vj_str(g, "hash");
		const vj *in = vj_get(t, "inputs");
		if (op == NULL || !cap_has(a, "ops", op))
			return fmt("not applicable: the adapter does not declare op %s", op ? op : "?");
		if (h != NULL && strcmp(h, "none") != 0 && !cap_has(a, "hashes", h))
			return fmt("not applicable: the adapter does not declare hash %s", h);
		if (vj_int(in, "suite", &x) == 0 && !cap_has_int(a, "suites", x))
			return fmt("not applicable: the adapter does not declare suite 0x%04llx", x);
		if (vj_int(in, "group", &x) == 0 && !cap_has_int(a, "groups", x))
			return fmt("not applicable: the adapter does not declare group %lld", x);
	}
	return NULL;
}

static void
request(vbuf *b, const char *kind, const vj *g, const vj *t)
{
	const char *id = vj_str(t, "id");

	vb_puts(b, "{\"id\":");
	vb_str(b, id, strlen(id));
	vb_printf(b, ",\"kind\":\"%s\"", kind);
	if (strcmp(kind, "scenario") == 0) {
		vb_puts(b, ",\"op\":\"run\",\"inputs\":");
		vb_value(b, vj_get(t, "inputs"));
		vb_puts(b, ",\"script\":");
		vb_value(b, vj_get(t, "script"));
	} else if (strcmp(kind, "transcript") == 0) {
		/* the local calls and the PDUs received, not what they give; the
		 * trace, for an adapter that injects ephemeral keys and nonces */
		const vj *st = vj_get(t, "steps");
		size_t i;
		vb_puts(b, ",\"op\":\"run\",\"inputs\":");
		vb_value(b, vj_get(t, "inputs"));
		vb_puts(b, ",\"calls\":[");
		for (i = 0; st != NULL && i < st->n; i++) {
			const char *f[] = { "side", "call", "pdu", "message" };
			size_t k, n = 0;
			vb_puts(b, i ? ",{" : "{");
			for (k = 0; k < 4; k++) {
				const char *v = vj_str(st->v[i], f[k]);
				if (v == NULL)
					continue;
				vb_printf(b, "%s\"%s\":", n++ ? "," : "", f[k]);
				vb_str(b, v, strlen(v));
			}
			vb_puts(b, "}");
		}
		vb_puts(b, "],\"trace\":");
		vb_value(b, vj_get(t, "trace"));
	} else if (strcmp(kind, "encoding") == 0) {
		const char *ty = vj_str(g, "decodeAs"), *hex = vj_str(t, "hex");
		vb_puts(b, ",\"op\":\"decode\",\"type\":");
		vb_str(b, ty, strlen(ty));
		vb_puts(b, ",\"hex\":");
		vb_str(b, hex, strlen(hex));
	} else {
		const char *op = vj_str(g, "op"), *h = vj_str(g, "hash");
		vb_puts(b, ",\"op\":");
		vb_str(b, op, strlen(op));
		vb_puts(b, ",\"hash\":");
		vb_str(b, h, strlen(h));
		vb_puts(b, ",\"inputs\":");
		vb_value(b, vj_get(t, "inputs"));
	}
	vb_puts(b, "}\n");
}

/* REQ-ENC-017: when the vector names the offending TLV and the adapter
 * declares "offsets", the reported offset must be one of that TLV's tag
 * and length octets (or exactly the vector's offset past the end, for
 * trailing octets). */
static enum verdict
offset_verdict(const adapter *a, const vj *t, const vj *resp, char **why)
{
	long long want, got;
	const char *hex = vj_str(t, "hex");
	size_t n, hl, o;
	unsigned lb;

	if (vj_int(t, "offset", &want) != 0 || !cap_has(a, "features", "offsets"))
		return V_PASS;
	if (vj_int(resp, "offset", &got) != 0) {
		*why = fmt("no offset reported (the adapter declares offsets), expected %lld (REQ-ENC-017)", want);
		return V_FAIL;
	}
	n = strlen(hex) / 2;
	o = (size_t)want;
	hl = 1;
	if (o + 1 < n) {
		sscanf(hex + 2 * (o + 1), "%2x", &lb);
		hl = lb > 0x80u ? 2u + (lb & 0x7Fu) : 2u;
		if (o + hl > n)
			hl = n - o;
	}
	if (got == want || (o < n && got > want && (size_t)got < o + hl))
		return V_PASS;
	*why = fmt("offset %lld, expected the tag or length octets of the TLV at %lld (REQ-ENC-017)", got, want);
	return V_FAIL;
}

/* The verdict of one answer; *why gets the reason (malloc'd) or NULL. */
static enum verdict
judge(const adapter *a, const char *kind, const vj *g, const vj *t, const vj *resp, char **why)
{
	const char *result = vj_str(t, "result"), *status = vj_str(resp, "status");
	const char *rid = vj_str(resp, "id"), *id = vj_str(t, "id");
	const char *err = vj_str(resp, "error"), *want = vj_str(t, "error");

	*why = NULL;
	if (rid == NULL || strcmp(rid, id) != 0) {
		*why = fmt("protocol: the answer is for id %s", rid ? rid : "null");
		return V_ERROR;
	}
	if (status == NULL) {
		*why = xstrdup("protocol: the answer has no status");
		return V_ERROR;
	}
	if (strcmp(status, "unsupported") == 0) {
		const char *r = vj_str(resp, "reason");
		*why = fmt("not applicable: the adapter answers unsupported (%s)", r ? r : "no reason");
		return V_NONE;
	}
	if (strcmp(status, "badRequest") == 0) {
		const char *r = vj_str(resp, "reason");
		*why = fmt("protocol: the adapter calls the request bad (%s)", r ? r : "no reason");
		return V_ERROR;
	}
	if (strcmp(status, "ok") != 0 && strcmp(status, "error") != 0) {
		*why = fmt("protocol: unknown status %s", status);
		return V_ERROR;
	}
	if (strcmp(kind, "transcript") == 0) {
		/* every call: the same events, state, PDUs sent (byte for byte) and message delivered */
		const vj *wsteps = vj_get(t, "steps"), *got = vj_get(vj_get(resp, "outputs"), "steps");
		static const char *const f[] = { "events", "state", "sent", "delivered" };
		size_t i, k;
		if (strcmp(status, "ok") != 0 || got == NULL || got->t != VJ_ARR) {
			*why = fmt("the transcript did not run: %s", err ? err : status);
			return V_ERROR;
		}
		for (i = 0; wsteps != NULL && i < wsteps->n; i++) {
			const vj *w = wsteps->v[i], *o = i < got->n ? got->v[i] : NULL;
			for (k = 0; k < 4; k++) {
				const vj *wv = vj_get(w, f[k]), *ov = o != NULL ? vj_get(o, f[k]) : NULL;
				if ((wv == NULL) != (ov == NULL) || (wv != NULL && !vj_equal(wv, ov))) {
					*why = fmt("step %zu (%s %s): %s differs", i + 1, vj_str(w, "side"),
						vj_str(w, "call"), f[k]);
					return V_FAIL;
				}
			}
		}
		return V_PASS;
	}
	if (strcmp(kind, "scenario") == 0) {
		/* the reaction the adapter observed must be the expected one, field by field */
		const vj *ex = vj_get(t, "expect"), *got = vj_get(resp, "outputs");
		size_t i;
		if (strcmp(status, "ok") != 0 || got == NULL) {
			*why = fmt("the scenario did not run: %s", err ? err : status);
			return V_ERROR;
		}
		for (i = 0; ex != NULL && i < ex->n; i++) {
			const vj *o = vj_get(got, ex->k[i]);
			if (o == NULL || !vj_equal(o, ex->v[i])) {
				vbuf b1 = { 0 };
				vb_value(&b1, got);
				*why = fmt("expected %s %s, observed %.300s", ex->k[i],
					ex->v[i]->t == VJ_STR ? ex->v[i]->s : "?", b1.p);
				vb_free(&b1);
				return V_FAIL;
			}
		}
		return V_PASS;
	}
	if (strcmp(result, "acceptable") == 0) {
		*why = fmt("acceptable: %s", strcmp(status, "ok") == 0 ? "accepted" : "rejected");
		return V_PASS;
	}
	if (strcmp(result, "invalid") == 0) {
		if (strcmp(status, "ok") == 0) {
			*why = fmt("accepted an invalid vector (expected %s at step %s)", want, vj_str(t, "step"));
			return V_FAIL;
		}
		if (!cap_has(a, "features", "errorNames")) {
			*why = fmt("rejected; the adapter reports no error names, expected %s", want);
			return V_INCONC;
		}
		if (err == NULL || strcmp(err, want) != 0) {
			*why = fmt("rejected with %s, expected %s (step %s)", err ? err : "(none)", want, vj_str(t, "step"));
			return V_FAIL;
		}
		return offset_verdict(a, t, resp, why);
	}
	/* valid */
	if (strcmp(status, "error") == 0) {
		*why = fmt("rejected a valid vector with %s", err ? err : "(no error name)");
		return V_FAIL;
	}
	if (strcmp(kind, "encoding") == 0) {
		const vj *want_v = vj_get(t, "value"), *got = vj_get(resp, "value");
		const char *hex = vj_str(resp, "hex");
		if (got == NULL || !vj_equal(want_v, got)) {
			vbuf b = { 0 };
			if (got != NULL)
				vb_value(&b, got);
			*why = fmt("decoded another value: %.300s", got != NULL ? b.p : "(none)");
			vb_free(&b);
			return V_FAIL;
		}
		if (cap_has(a, "features", "reencode") && strcmp(vj_str(g, "decodeAs"), "Frame") != 0) {
			if (hex == NULL || strcmp(hex, vj_str(t, "hex")) != 0) {
				*why = fmt("re-encodes to %.200s", hex ? hex : "(nothing)");
				return V_FAIL;
			}
		}
		return V_PASS;
	}
	{
		const vj *wo = vj_get(t, "outputs"), *go = vj_get(resp, "outputs");
		size_t i;
		for (i = 0; wo != NULL && i < wo->n; i++) {
			const vj *out = vj_get(go, wo->k[i]);
			if (out == NULL || !vj_equal(out, wo->v[i])) {
				*why = fmt("output %s %s", wo->k[i], out == NULL ? "missing" : "differs");
				return V_FAIL;
			}
		}
	}
	return V_PASS;
}

/* ---------------------------------------------------------------- files */
typedef struct {
	char **p;
	size_t n, cap;
} paths;

static void
add_path(paths *ps, const char *p)
{
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 32;
		ps->p = realloc(ps->p, ps->cap * sizeof *ps->p);
		if (ps->p == NULL)
			exit(1);
	}
	ps->p[ps->n++] = xstrdup(p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json under dir (but the schema), not in pki/, gen/ or expect/. */
static void
find_files(const char *dir, paths *ps, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[4096];
	struct stat st;

	if (d == NULL || depth > 8) {
		if (d != NULL)
			closedir(d);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (stat(p, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (strcmp(e->d_name, "pki") != 0 && strcmp(e->d_name, "gen") != 0
				&& strcmp(e->d_name, "expect") != 0)
				find_files(p, ps, depth + 1);
		} else if (n > 5 && strcmp(e->d_name + n - 5, ".json") == 0
			&& strcmp(e->d_name, "schema.json") != 0) {
			add_path(ps, p);
		}
	}
	closedir(d);
}

static int
write_json(const char *path, const results *rs, const adapter *a, const char *impl,
	const size_t *count, size_t passed, size_t failed)
{
	FILE *f = fopen(path, "w");
	vbuf b = { 0 };
	size_t i;

	if (f == NULL)
		return -1;
	vb_puts(&b, "{\"tool\":\"msa vectors run\",\"impl\":");
	vb_str(&b, impl, strlen(impl));
	vb_puts(&b, ",\"adapter\":");
	if (a->hello != NULL)
		vb_value(&b, a->hello);
	else
		vb_puts(&b, "null");
	vb_printf(&b, ",\"summary\":{\"total\":%zu,\"none\":%zu,\"pass\":%zu,\"inconc\":%zu,\"fail\":%zu,"
		"\"error\":%zu,\"expectedFailures\":%zu,\"unexpectedPasses\":%zu,\"passed\":%zu,\"failed\":%zu},\n\"results\":[",
		rs->n, count[V_NONE], count[V_PASS], count[V_INCONC], count[V_FAIL], count[V_ERROR],
		count[5], count[6], passed, failed);
	for (i = 0; i < rs->n; i++) {
		const vresult *r = &rs->r[i];
		vb_puts(&b, i ? ",\n" : "\n");
		vb_puts(&b, "{\"id\":");
		vb_str(&b, r->id, strlen(r->id));
		vb_printf(&b, ",\"kind\":\"%s\",\"file\":", r->kind);
		vb_str(&b, r->file, strlen(r->file));
		vb_printf(&b, ",\"verdict\":\"%s\",\"reason\":", vname[r->v]);
		if (r->reason != NULL)
			vb_str(&b, r->reason, strlen(r->reason));
		else
			vb_puts(&b, "null");
		if (r->expected) {
			vb_puts(&b, ",\"expected\":true,\"expectReason\":");
			vb_str(&b, r->expect_reason, strlen(r->expect_reason));
		}
		vb_puts(&b, "}");
	}
	vb_puts(&b, "\n]}\n");
	fputs(b.p, f);
	vb_free(&b);
	return fclose(f) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- run */
typedef struct {
	const char **filters;
	size_t nfilters;
	const vj *deviations;
	int quiet, tty;
} opts;

static int
wanted(const opts *o, const char *id)
{
	size_t i;

	if (o->nfilters == 0)
		return 1;
	for (i = 0; i < o->nfilters; i++)
		if (strcmp(o->filters[i], id) == 0 || fnmatch(o->filters[i], id, 0) == 0)
			return 1;
	return 0;
}

static const vj *
deviation(const opts *o, const char *id)
{
	size_t i;

	for (i = 0; o->deviations != NULL && i < o->deviations->n; i++) {
		const char *g = vj_str(o->deviations->v[i], "id");
		/* an exact id (ids hold '[', ']'), else a glob */
		if (g != NULL && (strcmp(g, id) == 0 || fnmatch(g, id, 0) == 0))
			return o->deviations->v[i];
	}
	return NULL;
}

static void
progress(const opts *o, size_t done, size_t total, const size_t *count, const char *file)
{
	if (o->quiet || !o->tty)
		return;
	fprintf(stderr, "\r[%zu/%zu] pass %zu fail %zu none %zu inconc %zu error %zu  %-40.40s",
		done, total, count[V_PASS], count[V_FAIL], count[V_NONE], count[V_INCONC], count[V_ERROR], file);
	fflush(stderr);
}

/* One test through the adapter: its verdict and reason. */
static enum verdict
run_one(adapter *a, const char *kind, const vj *g, const vj *t, char **why)
{
	vbuf req = { 0 };
	char err[160], *line;
	enum verdict v;
	vj *resp;
	size_t n;

	*why = NULL;
	if (a->dead) {
		*why = xstrdup("harness: the adapter could not be (re)started");
		return V_ERROR;
	}
	if ((*why = not_applicable(a, kind, g, t)) != NULL)
		return V_NONE;
	request(&req, kind, g, t);
	if (write_all(a->to, req.p, req.len) != 0) {
		line = NULL;
		a->fail = "did not take the request (died?)";
	} else {
		line = read_line(a, REPLY_TIMEOUT_MS, &n);
	}
	vb_free(&req);
	if (line == NULL) {
		*why = fmt("harness: the adapter %s on this vector", a->fail);
		adapter_stop(a, 1);
		if (a->restarts++ >= MAX_RESTARTS) {
			a->dead = 1;
		} else {
			char *w = NULL;
			if (adapter_start(a, &w) != 0) {
				a->dead = 1;
				free(w);
			}
		}
		return V_ERROR;
	}
	resp = vj_parse(line, n, err, sizeof err);
	if (resp == NULL) {
		*why = fmt("protocol: the answer is not JSON (%s)", err);
		return V_ERROR;
	}
	v = judge(a, kind, g, t, resp, why);
	vj_free(resp);
	return v;
}

static int
run(const char *dir, const char *impl_cmd, const opts *o, const char *json_path,
	const char *junit_path)
{
	paths ps = { 0 };
	results rs = { 0 };
	adapter a;
	size_t count[7] = { 0 }, i, total = 0, passed, failed;
	char err[200], *why = NULL;
	vj **docs;

	memset(&a, 0, sizeof a);
	a.pid = -1;
	a.to = a.from = -1;
	a.cmd = impl_cmd;
	find_files(dir, &ps, 0);
	if (ps.n == 0)
		return cli_error("IO", "no vector file under %s", dir);
	qsort(ps.p, ps.n, sizeof *ps.p, cmp_str);
	docs = calloc(ps.n, sizeof *docs);
	if (docs == NULL)
		return cli_error("INTERNAL", "out of memory");
	for (i = 0; i < ps.n; i++) {
		const vj *gs;
		size_t g, k;
		docs[i] = vj_load(ps.p[i], err, sizeof err);
		if (docs[i] == NULL)
			return cli_error("IO", "%s: %s", ps.p[i], err);
		if (vj_str(docs[i], "schema") == NULL || strcmp(vj_str(docs[i], "schema"), "msa-vectors-1") != 0)
			return cli_error("BAD_ARGUMENT", "%s: not an msa-vectors-1 file", ps.p[i]);
		gs = vj_get(docs[i], "testGroups");
		for (g = 0; gs != NULL && g < gs->n; g++) {
			const vj *ts = vj_get(gs->v[g], "tests");
			for (k = 0; ts != NULL && k < ts->n; k++)
				total += wanted(o, vj_str(ts->v[k], "id") ? vj_str(ts->v[k], "id") : "");
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (adapter_start(&a, &why) != 0) {
		fprintf(stderr, "vectors: %s\n", why);
		free(why);
		a.dead = 1;
	}
	if (!o->quiet)
		printf("vectors: %zu vectors in %zu files, implementation: %s\n", total, ps.n,
			impl_cmd != NULL ? impl_cmd : "this library (msa vectors adapter)");
	for (i = 0; i < ps.n; i++) {
		const char *kind = vj_str(docs[i], "kind");
		const vj *gs = vj_get(docs[i], "testGroups");
		const char *file = ps.p[i];
		size_t g, k, first = rs.n, fc[6] = { 0 };

		if (strncmp(file, dir, strlen(dir)) == 0 && file[strlen(dir)] == '/')
			file += strlen(dir) + 1;
		if (kind == NULL)
			kind = "?";
		for (g = 0; gs != NULL && g < gs->n; g++) {
			const vj *ts = vj_get(gs->v[g], "tests");
			for (k = 0; ts != NULL && k < ts->n; k++) {
				const vj *t = ts->v[k], *dev;
				const char *id = vj_str(t, "id");
				enum verdict v;
				if (id == NULL || !wanted(o, id))
					continue;
				if (strcmp(kind, "encoding") != 0 && strcmp(kind, "keyschedule") != 0
					&& strcmp(kind, "scenario") != 0 && strcmp(kind, "transcript") != 0) {
					v = V_NONE;       /* reported, not dropped */
					why = fmt("not applicable: kind %s has no adapter operation", kind);
				} else {
					v = run_one(&a, kind, gs->v[g], t, &why);
				}
				add_result(&rs, id, file, strcmp(kind, "encoding") == 0 ? "encoding"
					: strcmp(kind, "keyschedule") == 0 ? "keyschedule"
					: strcmp(kind, "transcript") == 0 ? "transcript"
					: strcmp(kind, "scenario") == 0 ? "scenario" : "other", v, why);
				dev = deviation(o, id);
				if (dev != NULL) {
					const char *r = vj_str(dev, "reason");
					rs.r[rs.n - 1].expect_reason = xstrdup(r ? r : "(no reason given)");
					if (v == V_FAIL) {
						rs.r[rs.n - 1].expected = 1;
						count[5]++;
					} else if (v == V_PASS) {
						count[6]++;
						rs.r[rs.n - 1].v = V_FAIL;
						free(rs.r[rs.n - 1].reason);
						rs.r[rs.n - 1].reason = fmt("unexpected pass: listed as a known deviation (%s); remove it from the expect file", r ? r : "");
						v = V_FAIL;
					}
				}
				count[v]++;
				fc[rs.r[rs.n - 1].expected ? 5 : v]++;
				if ((v == V_FAIL && !rs.r[rs.n - 1].expected) || v == V_ERROR) {
					if (!o->quiet && o->tty)
						fputc('\n', stderr);
					printf("%s %s: %s\n", v == V_FAIL ? "FAIL" : "ERROR", id, rs.r[rs.n - 1].reason);
				}
				progress(o, rs.n, total, count, file);
			}
		}
		if (!o->quiet && rs.n > first) {
			if (o->tty)
				fputs("\r\033[K", stderr);
			printf("  %-36s %4zu vectors: pass %zu, fail %zu, none %zu, inconc %zu, error %zu, expected failures %zu\n",
				file, rs.n - first, fc[V_PASS], fc[V_FAIL], fc[V_NONE], fc[V_INCONC], fc[V_ERROR], fc[5]);
		}
		fflush(stdout);
	}
	adapter_stop(&a, 0);
	free(a.buf);
	/* expected failures are not "failed"; unexpected passes are (already V_FAIL) */
	failed = count[V_FAIL] - count[5] + count[V_ERROR];
	passed = count[V_PASS];
	if (json_path != NULL && write_json(json_path, &rs, &a, impl_cmd ? impl_cmd : "libmsa", count, passed, failed) != 0)
		return cli_error("IO", "cannot write %s", json_path);
	if (junit_path != NULL && write_junit(junit_path, &rs, "msa vectors", "vectors") != 0)
		return cli_error("IO", "cannot write %s", junit_path);
	printf("vectors: %zu vectors: pass %zu, fail %zu, none %zu, inconc %zu, error %zu; "
		"%zu expected failures, %zu unexpected passes; %zu passed, %zu failed\n",
		rs.n, count[V_PASS], count[V_FAIL] - count[5], count[V_NONE], count[V_INCONC],
		count[V_ERROR], count[5], count[6], passed, failed);
	for (i = 0; i < ps.n; i++) {
		vj_free(docs[i]);
		free(ps.p[i]);
	}
	free(docs);
	free(ps.p);
	for (i = 0; i < rs.n; i++) {
		free(rs.r[i].id);
		free(rs.r[i].file);
		free(rs.r[i].reason);
		free(rs.r[i].expect_reason);
	}
	free(rs.r);
	fflush(stdout);
	if (rs.n == 0)
		return cli_error("BAD_ARGUMENT", "no vector matched");
	if (failed > 0)
		return cli_error("VECTORS_FAILED", "%zu of %zu vectors failed", failed, rs.n);
	return CLI_OK;
}

int
msa_cmd_vectors(int argc, char **argv)
{
	const char *dir = "vectors", *impl = NULL, *json = NULL, *junit = NULL, *expect = NULL;
	const char *filters[64];
	opts o;
	vj *exp = NULL;
	char err[200];
	int i, r;

	memset(&o, 0, sizeof o);
	o.filters = filters;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(use, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "adapter") == 0) {
		if (argc != 2)
			return cli_usage_error(use, "adapter takes no argument");
		return msa_vectors_adapter();
	}
	if (strcmp(argv[1], "run") != 0)
		return cli_usage_error(use, "unknown vectors command '%s'", argv[1]);
	for (i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (strcmp(a, "--quiet") == 0) {
			o.quiet = 1;
			continue;
		}
		if (strcmp(a, "--impl") == 0) slot = &impl;
		else if (strcmp(a, "--json") == 0) slot = &json;
		else if (strcmp(a, "--junit") == 0) slot = &junit;
		else if (strcmp(a, "--expect") == 0) slot = &expect;
		else if (strcmp(a, "--filter") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(use, "--filter needs a GLOB");
			if (o.nfilters == sizeof filters / sizeof filters[0])
				return cli_usage_error(use, "too many --filter");
			filters[o.nfilters++] = argv[++i];
			continue;
		} else if (a[0] == '-')
			return cli_usage_error(use, "unknown option '%s'", a);
		else {
			dir = a;
			if (i + 1 != argc)
				return cli_usage_error(use, "DIR must be the last argument");
			continue;
		}
		if (i + 1 >= argc || argv[i + 1][0] == '\0')
			return cli_usage_error(use, "%s needs a value", a);
		*slot = argv[++i];
	}
	if (expect != NULL) {
		exp = vj_load(expect, err, sizeof err);
		if (exp == NULL)
			return cli_error("IO", "%s: %s", expect, err);
		o.deviations = vj_get(exp, "deviations");
		if (o.deviations == NULL || o.deviations->t != VJ_ARR) {
			vj_free(exp);
			return cli_error("BAD_ARGUMENT", "%s: no \"deviations\" array", expect);
		}
	}
	o.tty = isatty(2);
	r = run(dir, impl, &o, json, junit);
	vj_free(exp);
	return r;
}
