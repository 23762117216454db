/*
 * party.c -- see party.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "party.h"
#include "engine.h"

size_t
read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void
must(int r, const char *what)
{
	if (r != MSA_OK) {
		fprintf(stderr, "party: %s: %s\n", what, msa_err_name(r));
		exit(2);
	}
}

static size_t
load_chain(const char *name, uint8_t *certs, msa_seg *chain)
{
	static uint8_t file[16384];
	char path[256];
	size_t n, count = 0;

	snprintf(path, sizeof path, "vectors/pki/%s-chain.pem", name);
	{
		FILE *f = fopen(path, "rb");
		if (f == NULL)
			snprintf(path, sizeof path, "vectors/pki/%s.pem", name);
		else
			fclose(f);
	}
	n = read_file(path, file, sizeof file);
	must(msa_cert_decode_file(file, n, certs, MSA_MAX_CHAIN * MSA_MAX_CERT, chain,
		MSA_MAX_CHAIN, &count), path);
	return count;
}

void
party_init(party *p, const char *name, const char *peer, int role, uint8_t seed, uint8_t aid_last)
{
	static uint8_t file[16384];
	char path[256];
	uint8_t aid[MSA_AID_LEN] = { 0xA0, 0x00, (uint8_t)role, aid_last };
	uint8_t s[32];
	size_t n;

	memset(p, 0, sizeof *p);
	memset(s, seed, sizeof s);
	must(msa_drbg_init_deterministic(&p->rng, s, sizeof s), "drbg");
	snprintf(path, sizeof path, "vectors/pki/%s.key.pem", name);
	n = read_file(path, file, sizeof file);
	must(msa_private_key_load(&p->key, file, n), "key");
	p->n = load_chain(name, p->certs, p->chain);
	msa_anchors_init(&p->ta);
	n = read_file("vectors/pki/root-ca.der", file, sizeof file);
	must(msa_anchors_add(&p->ta, file, n), "anchor");
	n = read_file("vectors/pki/root384-ca.der", file, sizeof file);
	must(msa_anchors_add(&p->ta, file, n), "anchor 384");
	msa_cert_store_init(&p->store);
	msa_config_init(&p->cfg, msa_crypto_bearssl(), &p->rng);
	must(msa_config_set_identity(&p->cfg, &p->key, p->chain, p->n), "identity");
	p->cfg.anchors = &p->ta;
	p->cfg.store = &p->store;
	if (peer != NULL) {
		memcpy(p->peer_name, peer, strlen(peer));
		must(msa_config_add_peer(&p->cfg, p->peer_name, strlen(peer)), "peer");
	}
	p->io.out = p->out;
	p->io.out_cap = sizeof p->out;
	p->io.data = p->data;
	p->io.data_cap = sizeof p->data;
	must(msa_arena_init(&p->ar, p->arena_buf, sizeof p->arena_buf), "arena");
	if (role == MSA_ROLE_INITIATOR)
		must(msa_assoc_init_initiator(&p->a, &p->cfg, &p->ws, aid), "init");
	else
		must(msa_assoc_init_responder(&p->a, &p->cfg, &p->ws, aid), "init");
}

void
party_know(party *p, const char *name, int slot)
{
	size_t n = load_chain(name, p->store_certs[slot], p->store_chain[slot]);

	must(msa_cert_store_add(&p->store, p->store_chain[slot], n), "store");
}

int party_inplace;
unsigned party_inplace_faults, party_inplace_records;

static void
inplace_fault(const char *what)
{
	fprintf(stderr, "party_recv: msa_assoc_recv_inplace: %s\n", what);
	party_inplace_faults++;
}

/* What msa_assoc_recv_inplace did to its PDU (copy) against the original. */
static void
inplace_check(const party *p, const uint8_t *orig, const uint8_t *buf, size_t n)
{
	msa_rec rc;
	size_t i, lo = 0, hi = 0;
	int is_rec = msa_rec_parse(orig, n, &rc);

	if (is_rec) {
		lo = rc.body_off;
		hi = rc.body_off + rc.body_len;
		party_inplace_records++;
	}
	for (i = 0; i < n; i++)
		if ((i < lo || i >= hi) && buf[i] != orig[i]) {
			inplace_fault(is_rec ? "an octet outside the body changed"
				: "a PDU that is not a record changed");
			break;
		}
	if (is_rec && p->last_err == MSA_ERR_BAD_RECORD)
		for (i = lo; i < hi; i++)
			if (buf[i] != 0) {
				inplace_fault("the body of a failed record is not zero");
				break;
			}
	if (p->io.events & MSA_EV_DATA) {
		if (!is_rec || p->io.data_at != buf + lo || p->io.data_len != hi - lo)
			inplace_fault("the message is not the record's body");
	} else if (p->io.data_at != NULL) {
		inplace_fault("data_at set without MSA_EV_DATA");
	}
}

int
party_recv(party *p, const uint8_t *pdu, size_t n, uint64_t now)
{
	static uint8_t copy[1u << 17];
	const uint8_t *msg;

	if (party_inplace && n <= sizeof copy) {
		memcpy(copy, pdu, n);
		p->last_err = msa_assoc_recv_inplace(&p->a, &p->ar, copy, n, now, &p->io);
		inplace_check(p, pdu, copy, n);
	} else {
		p->last_err = msa_assoc_recv(&p->a, &p->ar, pdu, n, now, &p->io);
		if ((p->io.events & MSA_EV_DATA) ? p->io.data_at != p->io.data : p->io.data_at != NULL)
			inplace_fault("msa_assoc_recv: data_at is not io.data");
	}
	msg = p->io.data_at;
	p->events |= p->io.events;
	if ((p->io.events & MSA_EV_DATA) && p->got_len + p->io.data_len <= sizeof p->got) {
		memcpy(p->got + p->got_len, msg, p->io.data_len);
		p->got_len += p->io.data_len;
		p->n_msgs++;
	}
	return p->last_err;
}

/* Delivers buf[0..len) to `to` PDU by PDU, in order; what `to` answers is
 * collected and, once every PDU is delivered (the order of a stream: our
 * PDUs were sent before its answers), delivered back to `from`. */
static unsigned
pump_buf(const uint8_t *buf, size_t len, party *from, party *to)
{
	uint8_t *reply = malloc(len * 4u + 4u * MSA_OUT_CAP);
	size_t off = 0, n, eo, rl = 0, cap = len * 4u + 4u * MSA_OUT_CAP;
	unsigned count = 0;

	if (reply == NULL)
		exit(2);
	while (off < len) {
		if (msa_der_frame(buf + off, len - off, &n, &eo) != MSA_OK)
			break;
		party_recv(to, buf + off, n, T_NOW);
		if (to->io.out_len > 0 && rl + to->io.out_len <= cap) {
			memcpy(reply + rl, to->io.out, to->io.out_len);
			rl += to->io.out_len;
		}
		off += n;
		count++;
	}
	if (rl > 0)
		pump_buf(reply, rl, to, from);
	free(reply);
	return count;
}

unsigned
pump(party *from, party *to)
{
	uint8_t *buf = malloc(from->io.out_len + 1u);
	unsigned count;

	if (buf == NULL)
		exit(2);
	memcpy(buf, from->io.out, from->io.out_len);
	count = pump_buf(buf, from->io.out_len, from, to);
	free(buf);
	return count;
}

int
handshake(party *i, party *r)
{
	if (msa_assoc_start(&i->a, T_NOW, &i->io) != MSA_OK)
		return 0;
	pump(i, r);
	return msa_assoc_state(&i->a) == MSA_ST_ESTABLISHED
		&& msa_assoc_state(&r->a) == MSA_ST_ESTABLISHED;
}
