/*
 * repro_rekey_tail_loss.c -- found by make soak (issue 8): in stream mode a
 * record lost at the tail of the old generation of a rekey is not detected.
 * The rekey requester (R) keeps sending under generation g after its
 * rekeyRequest until the rekeyResponse arrives; the peer (I), holding the
 * pending receive secret, accepts the first record of g+1 with seq 0
 * (record_keys: RECV_PENDING, then `next ? rc->seq == 0`) without knowing
 * how many records of g were sent: the last ones can be lost without any
 * diagnostic, and the association still releases "without loss".
 * Run from the repository root: make soak-repro. Exit 1 while the loss is
 * silent, 0 once it ends the association with a diagnostic.
 */
#include <stdarg.h>
#include "../src/cli/peer.c"
int cli_error(const char *name, const char *fmt, ...) { fprintf(stderr, "error: %s %s\n", name, fmt); return 1; }
long cli_read_file(const char *path, uint8_t *buf, size_t cap) {
	FILE *f = fopen(path, "rb"); size_t n; if (!f) return -1; n = fread(buf, 1, cap, f); fclose(f); return (long)n; }
#define NOW ((uint64_t)time(NULL))
static cli_ident I, R;
static msa_assoc a, b; static msa_hs_workspace wa, wb;
static uint8_t ob[MSA_OUT_CAP], db[MSA_MAX_DATA], ab[MSA_ARENA_PDU_SIZE];
static msa_io io = { .out = ob, .out_cap = sizeof ob, .data = db, .data_cap = sizeof db };
static msa_arena ar;
static uint8_t q[2][65536]; static size_t ql[2];   /* 0: to R, 1: to I */
static void keep(int to) { memcpy(q[to] + ql[to], io.out, io.out_len); ql[to] += io.out_len; }
/* delivers every queued PDU to the side; prints events */
static void deliver(int to) {
	size_t off = 0, n, eo; uint8_t tmp[65536]; size_t tl = ql[to];
	memcpy(tmp, q[to], tl); ql[to] = 0;
	while (off < tl && msa_der_frame(tmp + off, tl - off, &n, &eo) == MSA_OK) {
		int r = msa_assoc_recv(to ? &a : &b, &ar, tmp + off, n, NOW, &io);
		printf("  %s <- PDU: r=%s events=%04x", to ? "I" : "R", msa_err_name(r), io.events);
		if (io.events & MSA_EV_DATA) printf(" data '%.*s'", (int)io.data_len, io.data);
		printf("\n");
		keep(1 - to); off += n;
	}
}
int main(void) {
	cli_peer_opts oi = {0}, orr = {0}; uint8_t aid1[4] = {1,2,3,4}, aid2[4] = {5,6,7,8}; int r;
	const char *P = "vectors/pki/";
	char c1[256], k1[256], ca[256], c2[256], k2[256];
	sprintf(c1, "%sinitiator-1-chain.pem", P); sprintf(k1, "%sinitiator-1.key.pem", P); sprintf(ca, "%sroot-ca.pem", P);
	sprintf(c2, "%sresponder-1-chain.pem", P); sprintf(k2, "%sresponder-1.key.pem", P);
	oi.cert = c1; oi.key = k1; oi.ca = ca; oi.peer_ids[0] = "urn:msa:ae:responder-1"; oi.n_peer_ids = 1;
	orr.cert = c2; orr.key = k2; orr.ca = ca;
	if (cli_ident_load(&I, &oi, MSA_ROLE_INITIATOR) || cli_ident_load(&R, &orr, MSA_ROLE_RESPONDER)) return 2;
	msa_arena_init(&ar, ab, sizeof ab);
	msa_assoc_init_initiator(&a, &I.cfg, &wa, aid1); msa_assoc_init_responder(&b, &R.cfg, &wb, aid2);
	msa_assoc_start(&a, NOW, &io); keep(0);
	deliver(0); deliver(1); deliver(0);
	printf("states I %s R %s\n", msa_state_name(msa_assoc_state(&a)), msa_state_name(msa_assoc_state(&b)));
	r = msa_assoc_send(&b, (const uint8_t *)"m1", 2, NOW, &io); keep(1); deliver(1);
	printf("R rekey\n"); r = msa_assoc_rekey(&b, NOW, &io); keep(1); printf("  r=%s\n", msa_err_name(r));
	deliver(1);                      /* I answers rekeyResponse: held in q[0] */
	printf("R sends m2 under the old generation: DROPPED by the network\n");
	r = msa_assoc_send(&b, (const uint8_t *)"m2", 2, NOW, &io); printf("  r=%s (%zu octets dropped)\n", msa_err_name(r), io.out_len);
	printf("R receives the rekeyResponse\n"); deliver(0);
	printf("R sends m3 (new generation)\n");
	r = msa_assoc_send(&b, (const uint8_t *)"m3", 2, NOW, &io); keep(1); deliver(1);
	printf("I state %s: m2 was lost %s\n", msa_state_name(msa_assoc_state(&a)),
		msa_assoc_state(&a) == MSA_ST_ESTABLISHED ? "SILENTLY (bug)" : "with a diagnostic");
	return msa_assoc_state(&a) == MSA_ST_ESTABLISHED;
}
