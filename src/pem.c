/*
 * pem.c -- certificate and private key files: DER or PEM (BearSSL's
 * br_pem_decoder), private keys with br_skey_decoder. Bounded by the
 * caller's buffers; the key paths wipe every temporary copy.
 */
#include <string.h>
#include <bearssl.h>
#include "internal.h"
#include "x509.h"

/* A file is DER when it starts with a SEQUENCE tag (PEM text starts with
 * a printable character or whitespace). */
/*@ requires len == 0 || \valid_read(in + 0);
    assigns \nothing;
    ensures \result == (len > 0 && in[0] == 0x30);
*/
static int
looks_der(const uint8_t *in, size_t len)
{
	return len > 0 && in[0] == 0x30;
}

/* The length of the DER TLV at in[0..len), or 0 when its header is not a
 * definite-length header that fits. */
/*@ // the value of the k length octets in[2 .. 2 + k - 1], big-endian
    // (no lemma here: WP gives every lemma to every goal of the proof set)
    logic integer pem_len_val(uint8_t *in, integer k) =
      k <= 0 ? 0 : pem_len_val(in, k - 1) * 256 + in[2 + k - 1];
*/
/*@ requires \valid_read(in + (0 .. len - 1));
    assigns \nothing;
    ensures \result == 0 || (2 <= \result <= len);
    ensures len >= 2 && in[1] < 0x80 ==>
      \result == (in[1] <= len - 2 ? in[1] + 2 : 0);
    ensures len >= 2 && in[1] >= 0x81 && in[1] <= 0x83 && len - 2 >= in[1] - 0x80 ==>
      \result == (pem_len_val(in, in[1] - 0x80) + (in[1] - 0x80) <= len - 2
        ? pem_len_val(in, in[1] - 0x80) + (in[1] - 0x80) + 2 : 0);
    ensures len < 2 || in[1] == 0x80 || in[1] > 0x83
      || (in[1] > 0x80 && len - 2 < in[1] - 0x80) ==> \result == 0;
*/
static size_t
der_tlv_len(const uint8_t *in, size_t len)
{
	size_t n = 0, k, i;

	if (len < 2)
		return 0;
	if (in[1] < 0x80)
		n = in[1];
	else {
		k = in[1] - 0x80u;        /* in[1] >= 0x80: the low 7 bits */
		if (k == 0 || k > 3 || len - 2 < k)
			return 0;
		/*@ loop invariant 0 <= i <= k;
		    loop invariant n == pem_len_val(in, i);
		    loop invariant i <= 3;
		    loop invariant n < (i == 0 ? 1 : i == 1 ? 256 : i == 2 ? 65536 : 16777216);
		    loop assigns i, n;
		    loop variant k - i;
		*/
		for (i = 0; i < k; i++)
			n = n * 256u + in[2 + i];
		n += k;
	}
	return n <= len - 2 ? n + 2 : 0;
}

/*
 * pem_walk: runs the PEM decoder over in[0..len) (plus a final newline, so
 * that a last line without one still ends its object). For each object,
 * begin(ctx, name) returns 1 to receive its data through `data`, 0 to skip
 * it; end(ctx) is called at its end and returns non-zero to stop. Returns
 * MSA_OK, or -1 on a PEM error, input ending inside an object, or a
 * decoder that stops consuming. The octets go to BearSSL through pem_next
 * (proved); this loop only calls back.
 */
typedef struct {
	int (*begin)(void *ctx, const char *name);
	void (*data)(void *ctx, const void *buf, size_t len);
	int (*end)(void *ctx);
	void *ctx;
} pem_cb;

/* The final newline pem_walk feeds after the input. */
static const uint8_t pem_nl[1] = { '\n' };

/* BearSSL's PEM decoder as pem_next's proof sees it (H14,
 * proofs/README.md; not proved: one call each): push consumes at most the
 * octets it is given and writes only the context. */
/*@ requires \valid(pc) && \valid_read(in + (0 .. len - 1));
    assigns *pc;
    ensures \result <= len;
 */
static size_t
pem_push(br_pem_decoder_context *pc, const uint8_t *in, size_t len)
{
	return br_pem_decoder_push(pc, in, len);
}

/*@ requires \valid(pc);
    assigns *pc;
 */
static int
pem_event(br_pem_decoder_context *pc)
{
	return br_pem_decoder_event(pc);
}

/* What is left of the input: in[0..len), then the final newline unless
 * tail (fed already); stuck when the last push consumed nothing. */
typedef struct {
	const uint8_t *in;
	size_t len;
	int tail;
	int stuck;
} pem_rd;

/*@ predicate pem_rd_ok(pem_rd *r) =
      \valid(r) && \valid_read(r->in + (0 .. r->len - 1))
      && (r->tail == 0 || r->tail == 1) && (r->stuck == 0 || r->stuck == 1);
    logic integer pem_left(pem_rd *r) = 2 * (r->len + 1 - r->tail) + 1 - r->stuck;
 */

/*
 * The decoder's next event over r: BR_PEM_BEGIN_OBJ or BR_PEM_END_OBJ; 0
 * at the end of the input (the final newline fed); -1 on BR_PEM_ERROR or
 * when two pushes in a row consume nothing (BearSSL consumes at least one
 * octet whenever no event is pending, and the event is read after every
 * push: cannot happen). Each event returned leaves less input: pem_left
 * decreases, so pem_walk's loop ends too.
 */
/*@ requires \valid(pc) && pem_rd_ok(r) && \separated(pc, r);
    assigns *pc, *r;
    ensures pem_rd_ok(r);
    ensures \result == BR_PEM_BEGIN_OBJ || \result == BR_PEM_END_OBJ || \result == 0 || \result == -1;
    ensures \result > 0 ==> 0 <= pem_left(r) < pem_left{Pre}(r);
 */
static int
pem_next(br_pem_decoder_context *pc, pem_rd *r)
{
	const uint8_t *in = r->in;
	size_t len = r->len, k;
	int tail = r->tail, stuck = r->stuck, ev;

	/*@ loop invariant \valid_read(in + (0 .. len - 1));
	    loop invariant (tail == 0 || tail == 1) && (stuck == 0 || stuck == 1);
	    loop invariant 2 * (len + 1 - tail) + 1 - stuck <= pem_left{Pre}(r);
	    loop assigns *pc, in, len, tail, stuck, k, ev;
	    loop variant 2 * (len + 1 - tail) + 1 - stuck;
	 */
	for (;;) {
		if (len == 0) {
			if (tail) {
				ev = 0;
				break;
			}
			in = pem_nl;
			len = 1;
			tail = 1;
		}
		k = pem_push(pc, in, len);
		if (k == 0) {
			if (stuck) {
				ev = -1;
				break;
			}
			stuck = 1;
		} else {
			stuck = 0;
		}
		in += k;
		len -= k;
		ev = pem_event(pc);
		if (ev == BR_PEM_BEGIN_OBJ || ev == BR_PEM_END_OBJ)
			break;
		if (ev == BR_PEM_ERROR) {
			ev = -1;
			break;
		}
	}
	r->in = in;
	r->len = len;
	r->tail = tail;
	r->stuck = stuck;
	return ev;
}

static int
pem_walk(br_pem_decoder_context *pc, const uint8_t *in, size_t len, const pem_cb *cb)
{
	pem_rd r;
	int inside = 0, ev;

	r.in = in;
	r.len = len;
	r.tail = 0;
	r.stuck = 0;
	br_pem_decoder_init(pc);
	while ((ev = pem_next(pc, &r)) > 0) {
		if (ev == BR_PEM_BEGIN_OBJ) {
			inside = 1;
			if (cb->begin(cb->ctx, br_pem_decoder_name(pc)))
				br_pem_decoder_setdest(pc, cb->data, cb->ctx);
			else
				br_pem_decoder_setdest(pc, NULL, NULL);
		} else {
			inside = 0;
			if (cb->end(cb->ctx))
				return MSA_OK;
		}
	}
	return ev < 0 || inside ? -1 : MSA_OK;
}

/* name_is: the PEM object name equals `want`, ignoring trailing dashes
 * (BearSSL 0.6 leaves "-----" in the name when lines end in CR LF). Both
 * are NUL-terminated (BearSSL's name is in its context, at most 127
 * characters). A loop of its own where strlen + strncmp were: what is
 * read is then provably inside both strings. */
/*@ requires valid_read_string(name) && valid_read_string(want);
    requires strlen(name) < 128 && strlen(want) < 128;   // BearSSL's name[128]; literals
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> strlen(want) <= strlen(name)
      && (\forall integer k; 0 <= k < strlen(want) ==> name[k] == want[k])
      && (\forall integer k; strlen(want) <= k < strlen(name) ==> name[k] == '-');
 */
static int
name_is(const char *name, const char *want)
{
	size_t i;

	/*@ loop invariant 0 <= i <= strlen(want) && i <= strlen(name);
	    loop invariant \forall integer k; 0 <= k < i ==> name[k] == want[k];
	    loop assigns i;
	    loop variant strlen(want) - i;
	 */
	for (i = 0; want[i] != '\0'; i++)
		if (name[i] != want[i])
			return 0;
	/*@ loop invariant strlen(want) <= i <= strlen(name);
	    loop invariant \forall integer k; strlen(want) <= k < i ==> name[k] == '-';
	    loop assigns i;
	    loop variant strlen(name) - i;
	 */
	for (; name[i] == '-'; i++)
		;
	return name[i] == '\0';
}

/* ---------------------------------------------------------------- certificates */

typedef struct {
	uint8_t *out;
	size_t cap, used;
	msa_seg *certs;
	size_t max, count;
	size_t start;      /* where the current certificate began in out */
	int taking;        /* inside a CERTIFICATE object */
	int err;
} cert_sink;

static int
cert_begin(void *ctx, const char *name)
{
	cert_sink *s = ctx;

	s->taking = name_is(name, "CERTIFICATE") || name_is(name, "X509 CERTIFICATE");
	s->start = s->used;
	return s->taking;
}

/* The sinks' work is done by typed functions (cert_take, cert_close,
 * key_take), which WP proves; the callbacks BearSSL calls only convert its
 * void * context (WP's typed model does not follow that conversion). */

/* Appends a decoded chunk buf[0..len) to the certificate being collected:
 * never beyond out[0..cap); BUFFER_TOO_SMALL (sticky) when it does not fit. */
/*@ requires \valid(s) && s->used <= s->cap && \valid(s->out + (0 .. s->cap - 1));
    requires \valid_read(buf + (0 .. len - 1));
    requires \separated(s, s->out + (0 .. s->cap - 1));
    requires \separated(s->out + (0 .. s->cap - 1), buf + (0 .. len - 1));
    assigns s->used, s->err, s->out[0 .. s->cap - 1];
    ensures s->used <= s->cap;
    ensures \old(s->err) != MSA_OK ==> s->used == \old(s->used) && s->err == \old(s->err);
    ensures \old(s->err) == MSA_OK && len <= \old(s->cap) - \old(s->used) ==>
      s->err == MSA_OK && s->used == \old(s->used) + len
      && (\forall integer i; 0 <= i < len ==> s->out[\old(s->used) + i] == buf[i]);
    ensures \old(s->err) == MSA_OK && len > \old(s->cap) - \old(s->used) ==>
      s->err == MSA_ERR_BUFFER_TOO_SMALL && s->used == \old(s->used);
*/
static void
cert_take(cert_sink *s, const uint8_t *buf, size_t len)
{
	if (s->err != MSA_OK)
		return;
	if (len > s->cap - s->used) {
		s->err = MSA_ERR_BUFFER_TOO_SMALL;
		return;
	}
	msa_bytes_copy(s->out + s->used, buf, len);
	s->used += len;
}

static void
cert_data(void *ctx, const void *buf, size_t len)
{
	cert_take(ctx, buf, len);
}

/* The end of a PEM object: a CERTIFICATE object must be exactly one DER
 * TLV; it becomes certs[count], which points into out. Returns non-zero to
 * stop (an error). */
/*@ requires \valid(s) && s->start <= s->used <= s->cap;
    requires \valid_read(s->out + (0 .. s->cap - 1));
    requires s->count <= s->max && \valid(s->certs + (0 .. s->max - 1));
    requires \separated(s, s->certs + (0 .. s->max - 1));
    assigns s->taking, s->err, s->count, s->certs[0 .. s->max - 1];
    ensures s->count <= s->max;
    ensures s->count == \old(s->count) || s->count == \old(s->count) + 1;
    ensures s->count == \old(s->count) + 1 ==> \result == 0 && s->err == MSA_OK
      && s->certs[\old(s->count)].ptr == s->out + s->start
      && s->certs[\old(s->count)].len == s->used - s->start
      && s->used - s->start >= 2;
    ensures \forall integer i; 0 <= i < \old(s->count) ==>
      s->certs[i] == \old(s->certs[i]);
*/
static int
cert_close(cert_sink *s)
{
	if (!s->taking || s->err != MSA_OK)
		return s->err != MSA_OK;
	s->taking = 0;
	/* one DER TLV, as in the DER path: an empty object or trailing octets
	 * are no certificate (fuzz/README.md, finding 6) */
	if (s->used == s->start || der_tlv_len(s->out + s->start, s->used - s->start)
		!= s->used - s->start) {
		s->err = MSA_ERR_CERT_DECODE;
		return 1;
	}
	if (s->count >= s->max) {
		s->err = MSA_ERR_BUFFER_TOO_SMALL;
		return 1;
	}
	s->certs[s->count].ptr = s->out + s->start;
	s->certs[s->count].len = s->used - s->start;
	s->count++;
	return 0;
}

static int
cert_end(void *ctx)
{
	return cert_close(ctx);
}

int
msa_cert_decode_file(const uint8_t *in, size_t in_len, uint8_t *out,
	size_t cap, msa_seg *certs, size_t max, size_t *count)
{
	br_pem_decoder_context pc;
	cert_sink s;
	pem_cb cb;

	if (count != NULL)
		*count = 0;
	if (in == NULL || out == NULL || certs == NULL || count == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (in_len == 0)
		return MSA_ERR_CERT_DECODE;
	if (looks_der(in, in_len)) {
		if (der_tlv_len(in, in_len) != in_len)
			return MSA_ERR_CERT_DECODE;
		if (in_len > cap || max == 0)
			return MSA_ERR_BUFFER_TOO_SMALL;
		memcpy(out, in, in_len);
		certs[0].ptr = out;
		certs[0].len = in_len;
		*count = 1;
		return MSA_OK;
	}
	memset(&s, 0, sizeof s);
	s.out = out;
	s.cap = cap;
	s.certs = certs;
	s.max = max;
	s.err = MSA_OK;
	cb.begin = cert_begin;
	cb.data = cert_data;
	cb.end = cert_end;
	cb.ctx = &s;
	if (pem_walk(&pc, in, in_len, &cb) != MSA_OK)
		return s.err != MSA_OK ? s.err : MSA_ERR_CERT_DECODE;
	if (s.err != MSA_OK)
		return s.err;
	if (s.count == 0)
		return MSA_ERR_CERT_DECODE;
	*count = s.count;
	return MSA_OK;
}

/* ---------------------------------------------------------------- private keys */

/* A key object is collected whole (keys are small) and given to BearSSL's
 * decoder only when it is exactly one DER TLV, as in the DER path:
 * br_skey_decoder (0.6) reads through a NULL pointer when octets follow a
 * complete key (found by fuzz/fuzz_cert, regression input
 * fuzz/regressions/fuzz_cert/asan-skey-trailing-octets). */
#define KEY_MAX_DER 1024u
typedef struct {
	br_skey_decoder_context *dc;
	int taking;
	int done;
	size_t len;
	int overflow;
	uint8_t buf[KEY_MAX_DER];
} key_sink;

static int
key_begin(void *ctx, const char *name)
{
	key_sink *s = ctx;

	s->taking = !s->done && (name_is(name, "EC PRIVATE KEY")
		|| name_is(name, "PRIVATE KEY"));
	return s->taking;
}

/* Appends a decoded chunk to the key object: never beyond buf[KEY_MAX_DER];
 * overflow (sticky: the key is refused) when it does not fit. */
/*@ requires \valid(s) && s->len <= KEY_MAX_DER;
    requires \valid_read(buf + (0 .. len - 1));
    requires \separated(s, buf + (0 .. len - 1));
    assigns s->len, s->overflow, s->buf[0 .. KEY_MAX_DER - 1];
    ensures s->len <= KEY_MAX_DER;
    ensures len <= KEY_MAX_DER - \old(s->len) ==> s->len == \old(s->len) + len
      && s->overflow == \old(s->overflow)
      && (\forall integer i; 0 <= i < len ==> s->buf[\old(s->len) + i] == buf[i]);
    ensures len > KEY_MAX_DER - \old(s->len) ==> s->overflow == 1 && s->len == \old(s->len);
*/
static void
key_take(key_sink *s, const uint8_t *buf, size_t len)
{
	if (len > KEY_MAX_DER - s->len) {
		s->overflow = 1;
		return;
	}
	msa_bytes_copy(s->buf + s->len, buf, len);
	s->len += len;
}

static void
key_data(void *ctx, const void *buf, size_t len)
{
	key_take(ctx, buf, len);
}

static int
key_end(void *ctx)
{
	key_sink *s = ctx;

	if (s->taking) {
		s->done = 1;
		if (!s->overflow && s->len > 0 && der_tlv_len(s->buf, s->len) == s->len)
			br_skey_decoder_push(s->dc, s->buf, s->len);
		else
			s->done = 0;      /* not one key: refused below */
	}
	return s->taking;     /* stop after the first key object */
}

int
msa_private_key_load(msa_private_key *k, const uint8_t *in, size_t len)
{
	br_skey_decoder_context dc;
	br_pem_decoder_context pc;
	const br_ec_private_key *ek;
	key_sink s;
	pem_cb cb;
	unsigned alg = 0;
	int err = MSA_ERR_BAD_KEY;

	if (k == NULL || in == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	msa_private_key_wipe(k);
	br_skey_decoder_init(&dc);
	if (looks_der(in, len)) {
		if (der_tlv_len(in, len) == len)
			br_skey_decoder_push(&dc, in, len);
	} else {
		s.dc = &dc;
		s.taking = 0;
		s.done = 0;
		s.len = 0;
		s.overflow = 0;
		cb.begin = key_begin;
		cb.data = key_data;
		cb.end = key_end;
		cb.ctx = &s;
		if (pem_walk(&pc, in, len, &cb) != MSA_OK)
			s.done = 0;
		msa_wipe(&pc, sizeof pc);          /* holds decoded key octets */
		msa_wipe(s.buf, sizeof s.buf);
		if (!s.done)
			goto out;
	}
	if (br_skey_decoder_last_error(&dc) != 0)
		goto out;
	ek = br_skey_decoder_get_ec(&dc);
	if (ek == NULL)
		goto out;                          /* RSA, or nothing decoded */
	if (ek->curve == BR_EC_secp256r1)
		alg = MSA_SIG_ECDSA_P256_SHA256;
	else if (ek->curve == BR_EC_secp384r1)
		alg = MSA_SIG_ECDSA_P384_SHA384;
	else
		goto out;
	err = msa_private_key_set(k, alg, ek->x, ek->xlen);
	if (err != MSA_OK)
		err = MSA_ERR_BAD_KEY;
out:
	msa_wipe(&dc, sizeof dc);
	if (err != MSA_OK)
		msa_private_key_wipe(k);
	return err;
}

int
msa_cert_key_match(const msa_private_key *k, const uint8_t *der, size_t len)
{
	uint8_t pub[MSA_PUBKEY_MAX];
	size_t pub_len = 0;
	unsigned alg;
	msa_x509 c;

	if (k == NULL || der == NULL)
		return MSA_ERR_BAD_ARGUMENT;
	if (msa_x509_parse(der, len, &c) != MSA_OK)
		return MSA_ERR_CERT_DECODE;
	alg = c.key_type == MSA_X509_KEY_P256 ? MSA_SIG_ECDSA_P256_SHA256
		: c.key_type == MSA_X509_KEY_P384 ? MSA_SIG_ECDSA_P384_SHA384 : 0;
	if (alg == 0 || alg != k->sig_alg)
		return MSA_ERR_BAD_KEY;
	if (msa_crypto_bearssl()->sig_pubkey(k, pub, sizeof pub, &pub_len) != MSA_OK
		|| pub_len != c.pub_len || memcmp(pub, c.pub, pub_len) != 0)
		return MSA_ERR_BAD_KEY;
	return MSA_OK;
}
