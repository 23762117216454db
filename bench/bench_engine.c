/*
 * bench_engine.c -- the MSA association engine's rows (issue 8) and the
 * headline ratios of bench.json.
 *
 * mk/bench.mk compiles this file with MSA_BENCH_ENGINE=1 once the engine
 * is in the tree (src/engine*.c present and the engine section of
 * include/msa.h filled in); before that every engine-dependent value is
 * recorded as null with the note "engine not built": no number is made
 * up for a component that does not exist.
 */
#include <stdio.h>
#include <string.h>
#include "msa.h"
#include "bench.h"

#ifndef MSA_BENCH_ENGINE
#define MSA_BENCH_ENGINE 0
#endif

#define NOT_BUILT "engine not built"

#if !MSA_BENCH_ENGINE

int
bench_engine(void)
{
	const msa_suite *s;
	char key[128], label[160];
	size_t i;

	bench_section("MSA engine: handshake, bytes, memory, records");
	for (i = 0; (s = msa_suite_at(i)) != NULL; i++) {
		if (s->reserved)
			continue;
		snprintf(key, sizeof key, "engine.%s.handshake", s->name);
		snprintf(label, sizeof label, "handshake 0x%04x %s", s->id, s->name);
		bench_put_null(key, NOT_BUILT, label);
	}
	bench_put_null("engine.assoc_bytes", NOT_BUILT, "sizeof established association");
	bench_put_null("engine.workspace_bytes", NOT_BUILT, "handshake workspace");
	bench_put_null("engine.handshake_bytes", NOT_BUILT, "handshake bytes on the wire");
	bench_put_null("engine.records", NOT_BUILT, "records through the engine");
	return 0;
}

int
bench_engine_one(const char *name)
{
	(void)name;
	return -1;
}

#endif /* !MSA_BENCH_ENGINE */

/* ---------------------------------------------------------------- summary */

static void
top_from(const char *top, const char *key, const char *note)
{
	double v;

	if (bench_get(key, &v))
		bench_top(top, v, note);
	else
		bench_top_null(top, NOT_BUILT);
}

void
bench_summary(void)
{
	double a, b, c, d;

	bench_section("Summary (bench.json headline keys)");
	top_from("assoc_bytes", "engine.assoc_bytes",
		"sizeof of an established X25519_AES128GCM_SHA256 association, bytes "
		"(target <= 256)");
	top_from("workspace_bytes", "engine.workspace_bytes",
		"sizeof of the handshake workspace, bytes");
	top_from("handshake_bytes", "engine.X25519_AES128GCM_SHA256.bytes.total",
		"bytes on the wire of a full handshake, suite 0x0001, chains EE + int-ca "
		"sent both ways");
	if (bench_get("engine.X25519_AES128GCM_SHA256.handshake.us", &a) &&
	    bench_get("floor.X25519_AES128GCM_SHA256.us", &b))
		bench_top("handshake_floor_ratio", a / b, "CPU time of a full handshake "
			"(both sides) / crypto floor, suite 0x0001 (target <= 1.10)");
	else
		bench_top_null("handshake_floor_ratio", NOT_BUILT);
	if (bench_get("engine.X25519_AES128GCM_SHA256.handshake.us", &a) &&
	    bench_get("openssl.X25519.handshake.us", &b))
		bench_top("openssl_handshake_ratio", a / b, "CPU time of an MSA handshake "
			"(suite 0x0001) / an OpenSSL TLS 1.3 handshake (X25519, AES-128-GCM), "
			"both sides, both mutual auth; > 1 means MSA is slower");
	else
		bench_top_null("openssl_handshake_ratio", NOT_BUILT);
	if (bench_get("engine.X25519_AES128GCM_SHA256.handshake.us", &a) &&
	    bench_get("floor.X25519_AES128GCM_SHA256.us", &b) &&
	    bench_get("openssl.X25519.overhead_us", &c))
		bench_top("overhead_vs_openssl_ratio", (a - b) / c, "protocol overhead "
			"(handshake - crypto floor) of MSA / of OpenSSL TLS 1.3");
	else
		bench_top_null("overhead_vs_openssl_ratio", NOT_BUILT);
	if (bench_get("engine.records.AES128GCM.1024.us", &a) &&
	    bench_get("data.raw.AES128GCM.1024.us", &b))
		bench_top("data_1k_ratio", b / a, "throughput of 1 KiB application "
			"messages through the engine (send + receive) / the raw BearSSL "
			"AES-128-GCM primitive (seal + open, key expanded once) "
			"(target >= 0.9)");
	else
		bench_top_null("data_1k_ratio", NOT_BUILT);
	/* measured without the engine */
	top_from("floor_us", "floor.X25519_AES128GCM_SHA256.us",
		"crypto floor of a handshake, suite 0x0001, both sides, microseconds");
	top_from("openssl_handshake_us", "openssl.X25519.handshake.us",
		"OpenSSL TLS 1.3 handshake, both sides, microseconds");
	top_from("openssl_handshakes_per_s", "openssl.X25519.handshake.per_s",
		"OpenSSL TLS 1.3 full handshakes per CPU second (both sides)");
	top_from("openssl_handshake_bytes", "openssl.X25519.bytes.total",
		"OpenSSL TLS 1.3 handshake bytes on the wire, same certificates");
	if (bench_get("openssl.X25519.heap_client", &a) &&
	    bench_get("openssl.X25519.heap_server", &b))
		bench_top("openssl_heap_per_connection", (a + b) / 2, "OpenSSL heap in "
			"use per established SSL (mean of client and server), bytes");
	top_from("bearssl_tls_client_bytes", "bearssl_tls.client_total_mono",
		"BearSSL TLS client context + x509 context + mono buffer, bytes");
	if (bench_get("floor.X25519_AES128GCM_SHA256.us", &a) &&
	    bench_get("openssl.X25519.floor.us", &b) &&
	    bench_get("openssl.X25519.handshake.us", &c)) {
		bench_top("floor_vs_openssl_floor", a / b, "BearSSL crypto floor / "
			"libcrypto crypto floor (same operations)");
		bench_top("floor_vs_openssl_handshake", a / c, "BearSSL crypto floor "
			"alone / a whole OpenSSL handshake");
	}
	if (bench_get("data.provider.AES128GCM.1024.us", &a) &&
	    bench_get("data.raw.AES128GCM.1024.us", &b))
		bench_top("provider_1k_ratio", b / a, "provider AES-128-GCM 1 KiB "
			"throughput / raw primitive (key expanded once)");
	if (bench_get("openssl.X25519.records.1024.us", &d) &&
	    bench_get("data.raw.AES128GCM.1024.us", &b))
		bench_top("openssl_record_1k_vs_raw", b / d, "OpenSSL TLS 1.3 record "
			"1 KiB throughput / raw BearSSL AES-128-GCM");
}
