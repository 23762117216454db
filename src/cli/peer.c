/*
 * peer.c -- see peer.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "cli.h"
#include "peer.h"
#include "trace.h"
#include "MsaPdu.h"

int
cli_peer_opt(cli_peer_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *v = *i + 1 < argc ? argv[*i + 1] : NULL;

#define VAL() do { if (v == NULL) return -1; (*i)++; } while (0)
	if (strcmp(a, "--cert") == 0) { VAL(); o->cert = v; return 1; }
	if (strcmp(a, "--key") == 0) { VAL(); o->key = v; return 1; }
	if (strcmp(a, "--ca") == 0) { VAL(); o->ca = v; return 1; }
	if (strcmp(a, "--peer-id") == 0) {
		VAL();
		if (o->n_peer_ids >= MSA_MAX_PEER_IDS)
			return -1;
		o->peer_ids[o->n_peer_ids++] = v;
		return 1;
	}
	if (strcmp(a, "--suite") == 0) {
		VAL();
		if (o->n_suites >= MSA_MAX_SUITES)
			return -1;
		o->suites[o->n_suites++] = v;
		return 1;
	}
	if (strcmp(a, "--integrity-only") == 0) { o->integrity_only = 1; return 1; }
	if (strcmp(a, "--trace") == 0) { o->trace = 1; return 1; }
	if (strcmp(a, "--renew-records") == 0) { VAL(); o->renew_records = (uint32_t)strtoul(v, NULL, 10); return 1; }
	if (strcmp(a, "--renew-bytes") == 0) { VAL(); o->renew_bytes = strtoull(v, NULL, 10); return 1; }
	if (strcmp(a, "--renew-seconds") == 0) { VAL(); o->renew_seconds = (uint32_t)strtoul(v, NULL, 10); return 1; }
	if (strcmp(a, "--renew-kind") == 0) {
		VAL();
		if (strcmp(v, "rekey") == 0) o->renew_rekey = 1;
		else if (strcmp(v, "ratchet") == 0) o->renew_rekey = 0;
		else return -1;
		return 1;
	}
#undef VAL
	return 0;
}

static int
load(const char *path, uint8_t *buf, size_t cap, long *n)
{
	*n = cli_read_file(path, buf, cap);
	if (*n == -1)
		return cli_error("BAD_ARGUMENT", "cannot read '%s': %s", path, strerror(errno));
	if (*n == -2)
		return cli_error("BAD_ARGUMENT", "'%s' is too large", path);
	return CLI_OK;
}

int
cli_ident_load(cli_ident *id, const cli_peer_opts *o, int role)
{
	static uint8_t file[64u * 1024u];
	msa_seg cas[MSA_MAX_ANCHORS];
	size_t n = 0, i;
	long len;
	int r;

	memset(id, 0, sizeof *id);
	if (o->cert == NULL || o->key == NULL || o->ca == NULL)
		return CLI_USAGE;
	if ((r = msa_drbg_init(&id->rng)) != MSA_OK)
		return cli_error(msa_err_name(r), "no entropy");
	if (load(o->key, file, sizeof file, &len) != CLI_OK)
		return CLI_FAIL;
	r = msa_private_key_load(&id->key, file, (size_t)len);
	explicit_bzero(file, sizeof file);
	if (r != MSA_OK)
		return cli_error(msa_err_name(r), "key '%s'", o->key);
	if (load(o->cert, file, sizeof file, &len) != CLI_OK)
		return CLI_FAIL;
	r = msa_cert_decode_file(file, (size_t)len, id->certs, sizeof id->certs, id->chain,
		MSA_MAX_CHAIN, &n);
	if (r != MSA_OK)
		return cli_error(r == MSA_ERR_BUFFER_TOO_SMALL ? "CERT_CHAIN_TOO_LONG" : msa_err_name(r),
			"certificate '%s'", o->cert);
	msa_config_init(&id->cfg, msa_crypto_bearssl(), &id->rng);
	if ((r = msa_config_set_identity(&id->cfg, &id->key, id->chain, n)) != MSA_OK)
		return cli_error(msa_err_name(r), "--cert '%s' / --key '%s'", o->cert, o->key);
	if (load(o->ca, file, sizeof file, &len) != CLI_OK)
		return CLI_FAIL;
	r = msa_cert_decode_file(file, (size_t)len, id->ca_certs, sizeof id->ca_certs, cas,
		MSA_MAX_ANCHORS, &n);
	if (r != MSA_OK)
		return cli_error(msa_err_name(r), "--ca '%s'", o->ca);
	msa_anchors_init(&id->ta);
	for (i = 0; i < n; i++)
		if ((r = msa_anchors_add(&id->ta, cas[i].ptr, cas[i].len)) != MSA_OK)
			return cli_error(msa_err_name(r), "--ca '%s' certificate %zu", o->ca, i + 1);
	msa_cert_store_init(&id->store);
	id->cfg.anchors = &id->ta;
	id->cfg.store = &id->store;
	if (role == MSA_ROLE_INITIATOR && o->n_peer_ids != 1)
		return CLI_USAGE;
	for (i = 0; i < o->n_peer_ids; i++) {
		size_t l = strlen(o->peer_ids[i]);
		if (l == 0 || l > MSA_MAX_IDENTITY)
			return cli_error("BAD_ARGUMENT", "--peer-id '%s'", o->peer_ids[i]);
		memcpy(id->peer_ids[i], o->peer_ids[i], l);
		msa_config_add_peer(&id->cfg, (const uint8_t *)id->peer_ids[i], l);
	}
	if (o->n_suites > 0 || o->integrity_only) {
		uint16_t ids[MSA_MAX_SUITES];
		size_t k = 0;
		const msa_suite *s;
		for (i = 0; i < o->n_suites; i++) {
			if ((s = msa_suite_by_name(o->suites[i])) == NULL)
				return cli_error("UNSUPPORTED", "unknown suite '%s'", o->suites[i]);
			ids[k++] = s->id;
		}
		if (o->n_suites == 0) {
			/* REQ-SUI-004: --integrity-only enables the integrity-only suites:
			 * an initiator then offers only them; a responder also allows them. */
			if (role == MSA_ROLE_RESPONDER)
				for (i = 0; i < id->cfg.n_suites; i++)
					ids[k++] = id->cfg.suites[i];
			for (i = 0; (s = msa_suite_at(i)) != NULL && k < MSA_MAX_SUITES; i++)
				if (!s->aead && !s->reserved)
					ids[k++] = s->id;
		}
		if ((r = msa_config_set_suites(&id->cfg, ids, k)) != MSA_OK)
			return cli_error(msa_err_name(r), "--suite");
	}
	id->cfg.policy.max_records = o->renew_records;
	id->cfg.policy.max_bytes = o->renew_bytes;
	id->cfg.policy.max_seconds = o->renew_seconds;
	id->cfg.policy.kind = o->renew_rekey ? MSA_RENEW_REKEY : MSA_RENEW_RATCHET;
	id->cfg.mode = o->datagram ? MSA_MODE_DATAGRAM : MSA_MODE_STREAM;
	return CLI_OK;
}

/* ------------------------------------------------------------ sockets */

static int
resolve(const char *hostport, struct addrinfo **res, int passive)
{
	char host[256];
	const char *colon = strrchr(hostport, ':');
	struct addrinfo hints;
	size_t hl;

	if (colon == NULL || (hl = (size_t)(colon - hostport)) >= sizeof host) {
		errno = EINVAL;
		return -1;
	}
	memcpy(host, hostport, hl);
	host[hl] = 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = passive ? AI_PASSIVE : 0;
	if (getaddrinfo(hl ? host : NULL, colon + 1, &hints, res) != 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

int
cli_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL, 0), one = 1;

	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int
cli_listen(const char *hostport)
{
	struct addrinfo *res, *ai;
	int fd = -1, one = 1;

	if (resolve(hostport, &res, 1) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0 && cli_nonblock(fd) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int
cli_connect(const char *hostport)
{
	struct addrinfo *res, *ai;
	int fd = -1;

	if (resolve(hostport, &res, 0) != 0)
		return -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0 && cli_nonblock(fd) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* ------------------------------------------------------------ buffers */

int
cli_conn_drain(cli_conn *c)
{
	struct pollfd p;

	while (c->woff < c->wlen) {
		if (cli_conn_flush(c) != 0)
			return -1;
		if (c->woff < c->wlen) {
			p.fd = c->fd;
			p.events = POLLOUT;
			if (poll(&p, 1, 5000) <= 0)
				return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ trace */

void
cli_print_untrusted(FILE *f, const char *s, size_t n)
{
	char out[256];
	size_t i = 0, used, w;

	while (i < n) {
		w = cli_esc(out, sizeof out, s + i, n - i, &used);
		fwrite(out, 1, w, f);
		i += used;
	}
}

/* An association identifier (4 octets, the codec's constraint; anything
 * else, which the codec does not let through, as "?"). */
static void
aid(FILE *f, const cli_trace_facts *t)
{
	if (!t->aid_ok)
		fputc('?', f);
	else
		fprintf(f, "%02x%02x%02x%02x", t->aid[0], t->aid[1], t->aid[2], t->aid[3]);
}

static const char *const ctype[] = { "appData", "keyUpdate", "rekeyRequest",
	"rekeyResponse", "releaseRequest", "releaseResponse", "abort" };

/* What is printed of the PDU is read out of the decoded value by the
 * proved cli_trace_facts_of (trace.c); the peer's text goes through the
 * proved cli_esc. */
void
cli_trace_pdu(FILE *f, const char *who, const char *dir, const uint8_t *pdu, size_t len)
{
	static unsigned char ab[MSA_ARENA_PDU_SIZE];
	msa_arena ar;
	MsaPdu_t *p;
	cli_trace_facts t;
	const msa_suite *s;
	size_t eo, i;
	int r;

	msa_arena_init(&ar, ab, sizeof ab);
	r = msa_pdu_decode(&ar, pdu, len, &p, &eo);
	fprintf(f, "%-9s %s %5zu B  ", who, dir, len);
	if (r != MSA_OK) {
		fprintf(f, "undecodable (%s at %zu)\n", msa_err_name(r), eo);
		return;
	}
	cli_trace_facts_of(p, &t);
	switch (t.kind) {
	case MsaPdu_PR_handshakeInit:
		fprintf(f, "HandshakeInit   initiatorAid ");
		aid(f, &t);
		fprintf(f, " suites");
		for (i = 0; i < t.n_suites; i++)
			fprintf(f, "%s%04lx", i ? "," : " ", t.suites[i]);
		fprintf(f, " shares");
		for (i = 0; i < t.n_groups; i++)
			fprintf(f, "%s%s", i ? "," : " ",
				t.groups[i] == MSA_GROUP_X25519 ? "X25519" :
				t.groups[i] == MSA_GROUP_P256 ? "P-256" : "?");
		if (t.has_text) {
			fprintf(f, " to '");
			cli_print_untrusted(f, (const char *)t.text, t.text_len);
			fprintf(f, "'");
		}
		fprintf(f, "%s%s\n", t.peer_ref ? " peerCertRef" : "", t.own_ref ? " ownCertRef" : "");
		break;
	case MsaPdu_PR_handshakeResp:
		s = msa_suite_find((uint16_t)t.suite);
		fprintf(f, "HandshakeResp   responderAid ");
		aid(f, &t);
		fprintf(f, " suite %04lx %s credential %s%s sig %ld B mac %ld B\n", t.suite,
			s ? s->name : "?", t.chain ? "chain" : "reference",
			t.own_ref_known ? " ownRefKnown" : "", t.sig_len, t.mac_len);
		break;
	case MsaPdu_PR_handshakeFinish:
		fprintf(f, "HandshakeFinish credential %s sig %ld B mac %ld B\n",
			t.chain ? "chain" : "reference", t.sig_len, t.mac_len);
		break;
	case MsaPdu_PR_handshakeReject:
		fprintf(f, "HandshakeReject %s", msa_diag_name((int)t.diag));
		if (t.has_text) {
			fprintf(f, " '");
			cli_print_untrusted(f, (const char *)t.text, t.text_len);
			fprintf(f, "'");
		}
		fputc('\n', f);
		break;
	case MsaPdu_PR_protected:
		fprintf(f, "record %-15s gen %ld seq %lu body %ld B icv %ld B\n",
			t.type >= 0 && t.type <= 6 ? ctype[t.type] : "?", t.gen, t.seq,
			t.body_len, t.icv_len);
		break;
	default:
		fprintf(f, "?\n");
	}
}

void
cli_trace_out(FILE *f, const char *who, const msa_io *io)
{
	size_t off = 0, n, eo;

	while (off < io->out_len && msa_der_frame(io->out + off, io->out_len - off, &n, &eo) == MSA_OK) {
		cli_trace_pdu(f, who, "->", io->out + off, n);
		off += n;
	}
}

uint64_t
cli_now(void)
{
	return (uint64_t)time(NULL);
}
