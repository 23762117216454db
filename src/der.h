/*
 * der.h -- the DER gate's TLV header reader, shared with the codec.
 */
#ifndef MSA_DER_H__
#define MSA_DER_H__

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t tag;      /* identifier octet (low-tag-number form only) */
	size_t hdr_len;   /* identifier + length octets: 2..4 */
	size_t len;       /* content length, <= 0xFFFF */
} msa_der_tlv;

/*
 * msa_der_header: reads the TLV header at buf[off..len), off < len, with
 * the DER rules of REQ-ENC-002..004. Does not check that the content fits.
 * Returns MSA_OK, or an error with *err_off set.
 */
int msa_der_header(const uint8_t *buf, size_t len, size_t off,
	msa_der_tlv *h, size_t *err_off);

#endif
