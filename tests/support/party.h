/*
 * party.h -- one side of an association for tests: a config built from
 * the test PKI (vectors/pki/), a deterministic DRBG, the buffers, and a
 * pump that carries the PDUs one side sent to the other.
 */
#ifndef PARTY_H__
#define PARTY_H__

#include "msa.h"

#define T_NOW 1893456000u   /* 2030-01-01, inside every good certificate */

typedef struct {
	msa_drbg rng;
	msa_private_key key;
	uint8_t certs[MSA_MAX_CHAIN * MSA_MAX_CERT];
	msa_seg chain[MSA_MAX_CHAIN];
	size_t n;
	uint8_t peer_name[64];
	msa_anchors ta;
	msa_cert_store store;
	uint8_t store_certs[2][MSA_MAX_CHAIN * MSA_MAX_CERT];
	msa_seg store_chain[2][MSA_MAX_CHAIN];
	msa_config cfg;
	msa_hs_workspace ws;
	msa_assoc a;
	uint8_t out[MSA_OUT_CAP];
	uint8_t data[MSA_MAX_DATA];
	msa_io io;
	unsigned char arena_buf[MSA_ARENA_PDU_SIZE];
	msa_arena ar;
	/* what the party received, for checks */
	uint8_t got[1u << 20];
	size_t got_len;
	unsigned n_msgs;
	unsigned events;       /* OR of all events seen */
	int last_err;
} party;

/* name: a PKI end entity ("initiator-1"); peer: the expected peer AE name
 * (or NULL: none); role MSA_ROLE_*; seed: DRBG seed byte. Exits on error. */
void party_init(party *p, const char *name, const char *peer, int role, uint8_t seed,
	uint8_t aid_last);
/* Adds the chain of PKI end entity `name` to p's store of known certs. */
void party_know(party *p, const char *name, int slot);
/* Feeds every PDU of from->io.out to to (as received); records to's
 * events, data and last error; returns the number of PDUs delivered. */
unsigned pump(party *from, party *to);
/* Hands pdu[0..n) to p at `now` and records its events, delivered data and
 * error (what pump and fg_recv do for each PDU). With party_inplace set, a
 * copy of the PDU goes through msa_assoc_recv_inplace instead of
 * msa_assoc_recv, and the call's effect on the copy is checked: a message
 * delivered inside the record's body, no octet outside the body changed, a
 * body that failed its check zero, any other PDU untouched. Either way a
 * message delivered by msa_assoc_recv must be at io.data. A failed check
 * counts in party_inplace_faults (the tests assert it stays 0). */
int party_recv(party *p, const uint8_t *pdu, size_t n, uint64_t now);
extern int party_inplace;
extern unsigned party_inplace_faults, party_inplace_records;
/* Runs I.start and the handshake to the end; returns 1 when both are ESTABLISHED. */
int handshake(party *i, party *r);
/* Reads a whole file; exits on error. */
size_t read_file(const char *path, uint8_t *buf, size_t cap);

#endif
