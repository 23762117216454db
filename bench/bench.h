/*
 * bench.h -- the `make bench` harness (issue 8): timing, medians, the
 * printed table and build/bench.json. Not part of the library: the
 * benchmark program may use the heap, OpenSSL and BearSSL directly.
 *
 * Timing is process CPU time (CLOCK_PROCESS_CPUTIME_ID): the machine is
 * shared, wall time would measure the neighbours. Every measurement is
 * `runs` runs of a calibrated number of iterations; the median of the
 * per-call times is reported, with the run count and the spread.
 */
#ifndef MSA_BENCH_H__
#define MSA_BENCH_H__

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- timing */

typedef struct {
	double med;     /* seconds per call: median over the runs */
	double min;     /* fastest run, seconds per call */
	double max;     /* slowest run, seconds per call */
	long iters;     /* calls per run */
	int runs;
} bench_stat;

/* Options shared by every section (set from the command line). */
typedef struct {
	int runs;             /* runs per measurement (median of these) */
	double min_run_s;     /* CPU seconds per run, at least (fast items) */
	double min_run_slow;  /* CPU seconds per run for handshakes */
	const char *pki;      /* directory of the test PKI (vectors/pki) */
	int quick;            /* 1: fewer runs (smoke test) */
} bench_opts;

extern bench_opts bench_opt;

double bench_cpu_now(void);

/*
 * bench_measure: calls fn(arg) once to warm up and calibrate, then `runs`
 * runs of N calls each, N chosen so that a run lasts about min_run_s of
 * CPU time. fn must do the same work on every call.
 */
bench_stat bench_measure(void (*fn)(void *), void *arg, double min_run_s);

/*
 * bench_measure_pair: the same for two functions measured in alternating
 * runs (a, b, a, b, ...), so that a ratio of the two is not skewed by a
 * change of load on the shared machine between them. Three times as many
 * runs, each a third as long, as bench_measure. *ratio (may be NULL): the
 * median over the runs of time(a) / time(b) within each adjacent pair.
 */
void bench_measure_pair(void (*fa)(void *), void *a, void (*fb)(void *), void *b,
	double min_run_s, bench_stat *sa, bench_stat *sb, double *ratio);

/*
 * Per-side CPU time of a two-party operation run in one thread: the
 * operation calls bench_side(s, 0) before initiator work, bench_side(s, 1)
 * before responder work and bench_side(s, -1) at the end; nothing happens
 * unless s->on (so timed runs carry no clock calls). bench_measure_sides
 * runs fn 3 x runs times with s->on and gives the median of each side.
 */
typedef struct {
	int on, cur;
	double last, t[2];
} bench_sides;

void bench_side(bench_sides *s, int next);
void bench_measure_sides(void (*fn)(void *), void *arg, bench_sides *s,
	double med[2]);

/* ---------------------------------------------------------------- results */

/*
 * Results are named by dotted keys ("floor.X25519_AES128GCM_SHA256.us")
 * and land in bench.json's "detail" object, in order; bench_put also
 * prints one line of the table. bench_put_stat records a timing:
 * key.us (median, microseconds), key.per_s, key.spread (max/min - 1).
 * bench_put_null records an absent value with the reason (printed and
 * kept in the JSON as null plus key.note).
 */
void bench_section(const char *title);
void bench_put(const char *key, double v, const char *unit, const char *label);
void bench_put_stat(const char *key, bench_stat st, const char *label);
void bench_put_quiet(const char *key, double v);   /* JSON only, not printed */
void bench_put_null(const char *key, const char *why, const char *label);
void bench_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The headline keys of bench.json (issue 8): a number or null + a note. */
void bench_top(const char *key, double v, const char *note);
void bench_top_null(const char *key, const char *note);

/* Lookup of a value recorded earlier (for ratios across sections).
 * Returns 1 and *v when present and not null, 0 otherwise. */
int bench_get(const char *key, double *v);

/* bench_write_json: writes everything to path. 0 on success. */
int bench_write_json(const char *path, double total_cpu_s);

/* ---------------------------------------------------------------- files */

/* bench_read_file: the whole file dir/name in a heap buffer (caller frees);
 * NULL with a message on stderr when it cannot be read. */
uint8_t *bench_read_file(const char *dir, const char *name, size_t *len);

/* A DER certificate split for signature verification. */
typedef struct {
	const uint8_t *der;  size_t der_len;   /* whole certificate */
	const uint8_t *tbs;  size_t tbs_len;   /* tbsCertificate TLV */
	const uint8_t *sig;  size_t sig_len;   /* ECDSA-Sig-Value (BIT STRING content) */
} bench_cert;

/* bench_cert_split: 0 on success, -1 when der[0..len) is not shaped
 * like SEQUENCE { SEQUENCE tbs, SEQUENCE alg, BIT STRING sig }. */
int bench_cert_split(const uint8_t *der, size_t len, bench_cert *c);

/* ---------------------------------------------------------------- sections */

/* Each returns 0, or -1 after printing why (the run then fails). */
int bench_floor(void);          /* bench_floor.c: crypto floor per suite */
int bench_data(void);           /* bench_data.c: raw AEAD/HMAC, provider */
int bench_bearssl_tls(void);    /* bench_data.c: BearSSL TLS context sizes */
int bench_openssl(void);        /* bench_openssl.c: TLS 1.3 reference */
int bench_engine(void);         /* bench_engine.c: the MSA engine rows */
int bench_engine_records(void); /* bench_engine.c: only the record rows (--records) */
/* bench_engine.c: one round of the headline data_1k_ratio (run between the
 * sections, so that its rounds spread over the run); the rounds' median,
 * lowest and highest printed (--records). */
int bench_engine_round(void);
void bench_engine_rounds_print(void);
void bench_summary(void);       /* bench_engine.c: headline ratios */

/* OpenSSL's allocator hooks: must run before any other OpenSSL call. */
int bench_openssl_mem_init(void);

/* Single operations for callgrind (--one NAME): set up, run once to warm
 * up, then call bench_cg_target(), which callgrind counts alone
 * (--toggle-collect=bench_cg_target). Return 0, or -1 for an unknown name. */
typedef void (*bench_cg_fn)(void *);
void bench_cg_target(bench_cg_fn fn, void *arg);
int bench_floor_one(const char *name);
/* The raw protection round of bench_data.c (name "AES128GCM", ...), for
 * paired measurements; *arg is heap-allocated (free it). */
int bench_data_get(const char *name, size_t len, int rekey, bench_cg_fn *fn, void **arg);
/* The OpenSSL TLS 1.3 X25519 handshake, for paired measurements. */
int bench_openssl_get(bench_cg_fn *fn, void **arg);
/* The floor handshake of suite s, for paired measurements: *fn(*arg). */
int bench_floor_get(const void *suite, bench_cg_fn *fn, void **arg, bench_sides **sides);
int bench_openssl_one(const char *name);
int bench_data_one(const char *name, int mode);  /* 0 raw, 1 provider, 2 rawkeyop */
int bench_engine_one(const char *name);
/* --sizes: sizes of this build profile as "key value" lines, after a
 * checked handshake and record of suite 0x0001; -1 without the engine. */
int bench_engine_sizes(void);

#endif /* MSA_BENCH_H__ */
