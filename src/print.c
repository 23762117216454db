/*
 * print.c -- a readable rendering of a decoded PDU or control message: its
 * type, then every field, one per line, indented by depth. Octet strings
 * are printed in hex (long ones cut after 32 octets, with their length);
 * enumerations with their names. Used by `msa decode` and the demo trace.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "msa.h"
#include "internal.h"

#include "MsaPdu.h"
#include "INTEGER.h"
#include "OCTET_STRING.h"
#include "BOOLEAN.h"
#include "constr_SEQUENCE.h"
#include "constr_SEQUENCE_OF.h"
#include "constr_CHOICE.h"

typedef struct {
	char *out;
	size_t cap;
	size_t pos;       /* length written, excluding the NUL */
	int full;
} pr_ctx;

static void
pr(pr_ctx *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
pr(pr_ctx *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->full || p->cap == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(p->out + p->pos, p->cap - p->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= p->cap - p->pos) {
		/* Truncated: end with "..." where it fits. */
		p->full = 1;
		p->pos = p->cap - 1;
		if (p->cap >= 4)
			memcpy(p->out + p->cap - 4, "...", 4);
		return;
	}
	p->pos += (size_t)n;
}

static void
indent(pr_ctx *p, unsigned depth)
{
	unsigned i;

	for (i = 0; i < depth; i++)
		pr(p, "  ");
}

/* asn1c's lookup takes a non-const pointer; it only reads. */
static asn_INTEGER_specifics_t *
td_specifics_mut(const asn_TYPE_descriptor_t *td)
{
	union { const void *c; asn_INTEGER_specifics_t *m; } u;

	u.c = td->specifics;
	return u.m;
}

/* The universal tag number of a leaf type: the innermost of all its tags
 * (an inline type with an IMPLICIT tag, such as RecordHeader.seq, lists
 * only the context tag in tags[], and the universal one in all_tags[]). */
static unsigned
leaf_tag(const asn_TYPE_descriptor_t *td)
{
	int i;

	/* the first universal tag: asn1c lists a UTF8String as {12, 4} */
	for (i = 0; i < td->all_tags_count; i++)
		if ((td->all_tags[i] & 3u) == ASN_TAG_CLASS_UNIVERSAL)
			return (unsigned)(td->all_tags[i] >> 2);
	if (td->tags_count >= 1)
		return (unsigned)(td->tags[td->tags_count - 1] >> 2);
	return 0;
}

static void
print_hex(pr_ctx *p, const uint8_t *b, size_t n)
{
	size_t i, shown = n > 32u ? 32u : n;

	if (n > 32u)
		pr(p, "(%zu octets) ", n);
	for (i = 0; i < shown; i++)
		pr(p, "%02x", b[i]);
	if (n > shown)
		pr(p, "...");
	if (n == 0)
		pr(p, "(empty)");
}

static void
print_leaf(pr_ctx *p, const asn_TYPE_descriptor_t *td, const void *v)
{
	switch (leaf_tag(td)) {
	case 1:   /* BOOLEAN */
		pr(p, "%s", *(const BOOLEAN_t *)v ? "TRUE" : "FALSE");
		break;
	case 2: { /* INTEGER, native */
		const asn_INTEGER_specifics_t *sp = td->specifics;
		if (sp != NULL && sp->field_unsigned)
			pr(p, "%lu", *(const unsigned long *)v);
		else
			pr(p, "%ld", *(const long *)v);
		break;
	}
	case 10: { /* ENUMERATED, native */
		long val = *(const long *)v;
		const asn_INTEGER_enum_map_t *m = td->specifics == NULL ? NULL :
			INTEGER_map_value2enum(td_specifics_mut(td), val);
		if (m != NULL)
			pr(p, "%s(%ld)", m->enum_name, val);
		else
			pr(p, "unknown(%ld)", val);
		break;
	}
	case 12: { /* UTF8String: printed quoted, non-printable octets escaped */
		const OCTET_STRING_t *s = v;
		size_t i;
		pr(p, "\"");
		for (i = 0; i < (size_t)s->size; i++) {
			uint8_t c = s->buf[i];
			if (c >= 0x20u && c < 0x7Fu && c != '"' && c != '\\')
				pr(p, "%c", c);
			else
				pr(p, "\\x%02x", c);
		}
		pr(p, "\"");
		break;
	}
	case 4: { /* OCTET STRING */
		const OCTET_STRING_t *s = v;
		print_hex(p, s->buf, (size_t)s->size);
		break;
	}
	default:
		pr(p, "?");
		break;
	}
}

static void print_value(pr_ctx *p, const asn_TYPE_descriptor_t *td,
	const void *v, unsigned depth);

static void
print_member(pr_ctx *p, const asn_TYPE_member_t *elm, const void *memb,
	unsigned depth, const char *name)
{
	indent(p, depth);
	if (name != NULL)
		pr(p, "%s: ", name);
	else
		pr(p, "- ");
	if (elm->type->elements_count == 0 && elm->type->ber_decoder != CHOICE_decode_ber) {
		print_leaf(p, elm->type, memb);
		pr(p, "\n");
	} else {
		pr(p, "\n");
		print_value(p, elm->type, memb, depth + 1u);
	}
}

static void
print_value(pr_ctx *p, const asn_TYPE_descriptor_t *td, const void *v,
	unsigned depth)
{
	int i;

	if (v == NULL || depth > 2u * MSA_MAX_DEPTH)
		return;
	if (td->ber_decoder == CHOICE_decode_ber) {
		const asn_CHOICE_specifics_t *sp = td->specifics;
		int present;
		const asn_TYPE_member_t *elm;
		const void *memb;

		memcpy(&present, (const char *)v + sp->pres_offset, sizeof present);
		if (present < 1 || present > td->elements_count)
			return;
		elm = &td->elements[present - 1];
		memb = (const char *)v + elm->memb_offset;
		if (elm->flags & ATF_POINTER)
			memb = *(const void *const *)memb;
		print_member(p, elm, memb, depth, elm->name);
	} else if (td->ber_decoder == SEQUENCE_OF_decode_ber) {
		const asn_anonymous_sequence_ *list = _A_CSEQUENCE_FROM_VOID(v);
		for (i = 0; i < list->count; i++)
			print_member(p, td->elements, list->array[i], depth, NULL);
	} else if (td->ber_decoder == SEQUENCE_decode_ber) {
		for (i = 0; i < td->elements_count; i++) {
			const asn_TYPE_member_t *elm = &td->elements[i];
			const void *memb = (const char *)v + elm->memb_offset;
			if (elm->flags & ATF_POINTER) {
				memb = *(const void *const *)memb;
				if (memb == NULL)
					continue;
			}
			print_member(p, elm, memb, depth, elm->name);
		}
	}
}

size_t
msa_value_print(const asn_TYPE_descriptor_t *td, const void *value,
	char *out, size_t cap)
{
	pr_ctx p;

	if (out == NULL || cap == 0)
		return 0;
	p.out = out;
	p.cap = cap;
	p.pos = 0;
	p.full = 0;
	out[0] = '\0';
	if (td == NULL || value == NULL)
		return 0;
	pr(&p, "%s\n", td == &asn_DEF_MsaPdu ? msa_pdu_type_name(value) : td->name);
	if (td == &asn_DEF_MsaPdu) {
		/* Skip the CHOICE level: its alternative's fields at depth 1. */
		const MsaPdu_t *pdu = value;
		const asn_TYPE_member_t *elm;
		const void *memb;
		if ((int)pdu->present >= 1 && (int)pdu->present <= td->elements_count) {
			elm = &td->elements[pdu->present - 1];
			memb = (const char *)pdu + elm->memb_offset;
			print_value(&p, elm->type, memb, 1);
		}
	} else {
		print_value(&p, td, value, 1);
	}
	return p.pos;
}

size_t
msa_pdu_print(const struct MsaPdu *pdu, char *out, size_t cap)
{
	return msa_value_print(&asn_DEF_MsaPdu, pdu, out, cap);
}

const char *
msa_pdu_type_name(const struct MsaPdu *pdu)
{
	if (pdu == NULL)
		return "?";
	switch (pdu->present) {
	case MsaPdu_PR_handshakeInit:   return "HandshakeInit";
	case MsaPdu_PR_handshakeResp:   return "HandshakeResp";
	case MsaPdu_PR_handshakeFinish: return "HandshakeFinish";
	case MsaPdu_PR_handshakeReject: return "HandshakeReject";
	case MsaPdu_PR_protected:       return "ProtectedPdu";
	default:                        return "?";
	}
}
