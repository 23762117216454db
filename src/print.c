/*
 * print.c -- a readable rendering of a decoded PDU or control message: its
 * type, then every field, one per line, indented by depth. Octet strings
 * are printed in hex (long ones cut after 32 octets, with their length);
 * enumerations with their names. Used by `msa decode` and the demo trace.
 *
 * What it reads is a received value (the decoder's output), so it is
 * proved like the decoder (make proofs, proofs/README.md): every write is
 * inside out[0..cap), the output stays NUL-terminated, the recursion ends,
 * for any value as asn_value.h's accessors describe it (H11). Hence the
 * output is written a character at a time by our own functions rather
 * than by vsnprintf, and the decoded value is read only through the
 * accessors.
 */
#include <string.h>
#include "msa.h"
#include "internal.h"
#include "asn_value.h"

#include "MsaPdu.h"
#include "INTEGER.h"
#include "OCTET_STRING.h"
#include "BOOLEAN.h"

/* The output: out[0..cap), pos characters written and a NUL after them;
 * full once a character did not fit (the text then ends in "..."). No
 * int field: the proofs' descriptor predicate reads int memory. */
typedef struct {
	char *out;
	size_t cap;
	size_t pos;
	unsigned char full;
} pr_ctx;

/*@ predicate pr_ok(pr_ctx *p) =
      \valid(p) && 1 <= p->cap && p->pos < p->cap && (p->full == 0 || p->full == 1)
      && \valid(p->out + (0 .. p->cap - 1)) && \separated(p, p->out + (0 .. p->cap - 1))
      && p->out[p->pos] == 0;
 */

/* One character. When it and its NUL do not fit, the text ends: the last
 * three characters that fit become "..." (when cap >= 4). */
/*@ requires pr_ok(p);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_ch(pr_ctx *p, char c)
{
	if (p->full)
		return;
	if (p->cap - p->pos < 2u) {
		p->full = 1;
		if (p->cap >= 4u) {
			p->out[p->cap - 4u] = '.';
			p->out[p->cap - 3u] = '.';
			p->out[p->cap - 2u] = '.';
		}
		p->pos = p->cap - 1u;
		p->out[p->pos] = '\0';
		return;
	}
	p->out[p->pos] = c;
	p->pos++;
	p->out[p->pos] = '\0';
}

/* s[0..n): the characters of a name or of a literal (OUT_LIT). */
/*@ requires pr_ok(p) && \valid_read(s + (0 .. n - 1));
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_mem(pr_ctx *p, const char *s, size_t n)
{
	size_t i;

	/*@ loop invariant 0 <= i <= n && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		out_ch(p, s[i]);
}

#define OUT_LIT(p, lit) out_mem((p), (lit), sizeof(lit) - 1u)

/* A NUL-terminated string (a type, member or enumeration name from the
 * generated descriptors). Its length is taken before anything is written:
 * the characters are then read as s[0..n), whatever the writes did to
 * memory WP does not know to be apart. */
/*@ requires pr_ok(p) && valid_read_string(s);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_str(pr_ctx *p, const char *s)
{
	out_mem(p, s, strlen(s));
}

/* An octet as two lower-case hex digits. */
/*@ requires pr_ok(p);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_hex2(pr_ctx *p, unsigned b)
{
	unsigned hi = (b / 16u) % 16u, lo = b % 16u;

	out_ch(p, (char)(hi < 10u ? '0' + (int)hi : 'a' + (int)hi - 10));
	out_ch(p, (char)(lo < 10u ? '0' + (int)lo : 'a' + (int)lo - 10));
}

/* v in decimal (at most 20 digits). */
/*@ requires pr_ok(p);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_ulong(pr_ctx *p, unsigned long v)
{
	char d[20];
	size_t k = sizeof d;

	/*@ loop invariant 0 <= k <= 20;
	    loop assigns k, v, d[0 .. 19];
	    loop variant k;
	 */
	while (k > 0u) {
		k--;
		d[k] = (char)('0' + (int)(v % 10u));
		v /= 10u;
		if (v == 0u)
			break;
	}
	/*@ loop invariant 0 <= k <= 20 && pr_ok(p);
	    loop assigns k, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant 20 - k;
	 */
	while (k < sizeof d) {
		out_ch(p, d[k]);
		k++;
	}
}

/* v in decimal, with its sign. */
/*@ requires pr_ok(p);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_long(pr_ctx *p, long v)
{
	if (v < 0) {
		out_ch(p, '-');
		out_ulong(p, (unsigned long)(-(v + 1)) + 1u);
	} else {
		out_ulong(p, (unsigned long)v);
	}
}

/*@ requires pr_ok(p) && depth <= 2 * MSA_MAX_DEPTH + 1;
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
indent(pr_ctx *p, unsigned depth)
{
	unsigned i;

	/*@ loop invariant 0 <= i <= depth && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant depth - i;
	 */
	for (i = 0; i < depth; i++) {
		out_ch(p, ' ');
		out_ch(p, ' ');
	}
}

/* The universal tag number of a leaf type: the innermost of all its tags
 * (an inline type with an IMPLICIT tag, such as RecordHeader.seq, lists
 * only the context tag in tags[], and the universal one in all_tags[]). */
/*@ requires pre_td_ok(td);
    assigns \nothing;
 */
static unsigned
leaf_tag(const asn_TYPE_descriptor_t *td)
{
	int i;

	/* the first universal tag: asn1c lists a UTF8String as {12, 4} */
	/*@ loop invariant 0 <= i <= td->all_tags_count;
	    loop assigns i;
	    loop variant td->all_tags_count - i;
	 */
	for (i = 0; i < td->all_tags_count; i++)
		if ((td->all_tags[i] & 3u) == ASN_TAG_CLASS_UNIVERSAL)
			return (unsigned)(td->all_tags[i] >> 2);
	if (td->tags_count >= 1)
		return (unsigned)(td->tags[td->tags_count - 1] >> 2);
	return 0;
}

/* The leaves' C values (asn1c's layout: casts WP's typed model does not
 * follow, so not proved; H11 with asn_value.h's accessors). A BOOLEAN is
 * asn1c's BOOLEAN_t; an INTEGER is native (long, or unsigned long when
 * its specifics say so); an OCTET STRING or a UTF8String is an
 * OCTET_STRING_t whose buf is readable for its size. */
/*@ requires \valid_read(elm) && memb != \null && asn_val(elm->type, memb);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
leaf_bool(const asn_TYPE_member_t *elm, const void *memb)
{
	(void)elm;
	return *(const BOOLEAN_t *)memb != 0;
}

/*@ requires \valid_read(elm) && pre_td_ok(elm->type);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
leaf_unsigned(const asn_TYPE_member_t *elm)
{
	const asn_INTEGER_specifics_t *sp = elm->type->specifics;

	return sp != NULL && sp->field_unsigned;
}

/*@ requires \valid_read(elm) && memb != \null && asn_val(elm->type, memb);
    requires \valid(n);
    assigns *n;
    ensures \valid_read(\result + (0 .. *n - 1));
 */
static const uint8_t *
leaf_octets(const asn_TYPE_member_t *elm, const void *memb, size_t *n)
{
	const OCTET_STRING_t *s = memb;

	(void)elm;
	*n = s->size > 0 ? (size_t)s->size : 0u;
	return s->buf;
}

/* The name of value val of the enumeration of member elm, or NULL
 * (asn1c's lookup, which takes a non-const pointer and only reads). */
/*@ requires \valid_read(elm) && pre_td_ok(elm->type);
    assigns \nothing;
    ensures \result == \null || valid_read_string(\result);
 */
static const char *
enum_name(const asn_TYPE_member_t *elm, long val)
{
	union { const void *c; asn_INTEGER_specifics_t *m; } u;
	const asn_INTEGER_enum_map_t *m;

	u.c = elm->type->specifics;
	if (u.c == NULL)
		return NULL;
	m = INTEGER_map_value2enum(u.m, val);
	return m != NULL ? m->enum_name : NULL;
}

/* The names in the generated descriptors: NUL-terminated strings
 * (asn1c's; an assumption as pre_td_ok is, with H11). */
/*@ requires pre_td_ok(td);
    assigns \nothing;
    ensures valid_read_string(\result);
 */
static const char *
type_name(const asn_TYPE_descriptor_t *td)
{
	return td->name;
}

/*@ requires pre_td_ok(td) && 0 <= i < td->elements_count;
    assigns \nothing;
    ensures valid_read_string(\result);
 */
static const char *
member_name(const asn_TYPE_descriptor_t *td, int i)
{
	return td->elements[i].name;
}

/* b[0..n) in hex: the first 32 octets, with the length before them and
 * "..." after them when there are more. */
/*@ requires pr_ok(p) && \valid_read(b + (0 .. n - 1));
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
print_hex(pr_ctx *p, const uint8_t *b, size_t n)
{
	size_t i, shown = n > 32u ? 32u : n;

	if (n > 32u) {
		out_ch(p, '(');
		out_ulong(p, n);
		OUT_LIT(p, " octets) ");
	}
	/*@ loop invariant 0 <= i <= shown && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant shown - i;
	 */
	for (i = 0; i < shown; i++)
		out_hex2(p, b[i]);
	if (n > shown)
		OUT_LIT(p, "...");
	if (n == 0)
		OUT_LIT(p, "(empty)");
}

/* b[0..n) as quoted text, octets outside printable ASCII (and the quote
 * and the backslash) as \xHH. */
/*@ requires pr_ok(p) && \valid_read(b + (0 .. n - 1));
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
print_text(pr_ctx *p, const uint8_t *b, size_t n)
{
	size_t i;

	out_ch(p, '"');
	/*@ loop invariant 0 <= i <= n && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		uint8_t c = b[i];

		if (c >= 0x20u && c < 0x7Fu && c != '"' && c != '\\') {
			out_ch(p, (char)c);
		} else {
			out_ch(p, '\\');
			out_ch(p, 'x');
			out_hex2(p, c);
		}
	}
	out_ch(p, '"');
}

/*@ requires pr_ok(p) && \valid_read(elm) && pre_wf(elm->type);
    requires memb != \null && asn_val(elm->type, memb);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
print_leaf(pr_ctx *p, const asn_TYPE_member_t *elm, const void *memb)
{
	const uint8_t *b;
	const char *name;
	size_t n;
	long val;

	/*@ assert pre_reach(elm->type, elm->type); */
	switch (leaf_tag(elm->type)) {
	case 1:   /* BOOLEAN */
		if (leaf_bool(elm, memb))
			OUT_LIT(p, "TRUE");
		else
			OUT_LIT(p, "FALSE");
		break;
	case 2:   /* INTEGER, native */
		if (leaf_unsigned(elm))
			out_ulong(p, leaf_ulong(elm, memb));
		else
			out_long(p, leaf_long(elm, memb));
		break;
	case 10:  /* ENUMERATED, native */
		val = leaf_long(elm, memb);
		name = enum_name(elm, val);
		if (name != NULL)
			out_str(p, name);
		else
			OUT_LIT(p, "unknown");
		out_ch(p, '(');
		out_long(p, val);
		out_ch(p, ')');
		break;
	case 12:  /* UTF8String */
		b = leaf_octets(elm, memb, &n);
		print_text(p, b, n);
		break;
	case 4:   /* OCTET STRING */
		b = leaf_octets(elm, memb, &n);
		print_hex(p, b, n);
		break;
	default:
		out_ch(p, '?');
		break;
	}
}

/* Is td a leaf (neither a constructed type nor a CHOICE)? */
/*@ requires pre_td_ok(td);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
 */
static int
is_leaf(const asn_TYPE_descriptor_t *td)
{
	return td->elements_count == 0 && td->ber_decoder != CHOICE_decode_ber;
}

static void print_value(pr_ctx *p, const asn_TYPE_descriptor_t *td,
	const void *v, unsigned depth);

/* Member elm, value memb (not NULL), named name or listed with "- ". */
/*@ requires pr_ok(p) && \valid_read(elm) && pre_wf(elm->type);
    requires memb != \null && asn_val(elm->type, memb);
    requires name == \null || valid_read_string(name);
    requires depth <= 2 * MSA_MAX_DEPTH;
    decreases 2 * (2 * MSA_MAX_DEPTH + 1 - depth);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
print_member(pr_ctx *p, const asn_TYPE_member_t *elm, const void *memb,
	unsigned depth, const char *name)
{
	size_t nl = name != NULL ? strlen(name) : 0u;   /* before any write */

	indent(p, depth);
	if (name != NULL) {
		out_mem(p, name, nl);
		OUT_LIT(p, ": ");
	} else {
		OUT_LIT(p, "- ");
	}
	/*@ assert pre_reach(elm->type, elm->type); */
	if (is_leaf(elm->type)) {
		print_leaf(p, elm, memb);
		out_ch(p, '\n');
	} else {
		out_ch(p, '\n');
		print_value(p, elm->type, memb, depth + 1u);
	}
}

/* The value v of td (NULL: nothing), its members at depth. */
/*@ requires pr_ok(p) && pre_wf(td);
    requires v == \null || asn_val(td, v);
    requires depth <= 2 * MSA_MAX_DEPTH + 1;
    decreases 2 * (2 * MSA_MAX_DEPTH + 1 - depth) + 1;
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
print_value(pr_ctx *p, const asn_TYPE_descriptor_t *td, const void *v,
	unsigned depth)
{
	const void *memb;
	int i, n, present = 0;

	/*@ assert pre_reach(td, td); */
	if (v == NULL || depth > 2u * MSA_MAX_DEPTH)
		return;
	if (td->ber_decoder == CHOICE_decode_ber) {
		if (choice_present(td, v, &present) != 0
			|| present < 1 || present > td->elements_count)
			return;
		/*@ assert pre_wf(td->elements[present - 1].type); */
		memb = member_at(td, present - 1, v);
		if (memb != NULL)
			print_member(p, &td->elements[present - 1], memb, depth,
				member_name(td, present - 1));
	} else if (td->ber_decoder == SEQUENCE_OF_decode_ber) {
		n = list_count(td, v);
		/*@ assert pre_wf(td->elements[0].type); */
		/*@ loop invariant 0 <= i <= n && pr_ok(p);
		    loop assigns i, memb, p->pos, p->full, p->out[0 .. p->cap - 1];
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++) {
			memb = list_item(td, v, i);
			if (memb != NULL)
				print_member(p, td->elements, memb, depth, NULL);
		}
	} else if (td->ber_decoder == SEQUENCE_decode_ber) {
		/*@ loop invariant 0 <= i <= td->elements_count && pr_ok(p);
		    loop assigns i, memb, p->pos, p->full, p->out[0 .. p->cap - 1];
		    loop variant td->elements_count - i;
		 */
		for (i = 0; i < td->elements_count; i++) {
			/*@ assert pre_wf(td->elements[i].type); */
			memb = member_at(td, i, v);
			if (memb != NULL)
				print_member(p, &td->elements[i], memb, depth,
					member_name(td, i));
		}
	}
}

/* ---------------------------------------------------------------- JSON
 * The JSON mapping of vectors/README.md (msa_value_json; `msa vectors
 * adapter`'s answers): the same walk over the value as print_value, the
 * same accessors (H11), written by the same out_* functions. */

/* b[0..n) as a JSON string: '"' and '\\' escaped, the control octets and
 * 0x7F as \u00xx, every other octet as it is (a UTF8String's). */
/*@ requires pr_ok(p) && \valid_read(b + (0 .. n - 1));
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_text(pr_ctx *p, const uint8_t *b, size_t n)
{
	size_t i;

	out_ch(p, '"');
	/*@ loop invariant 0 <= i <= n && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++) {
		uint8_t c = b[i];

		if (c == '"' || c == '\\') {
			out_ch(p, '\\');
			out_ch(p, (char)c);
		} else if (c < 0x20u || c == 0x7Fu) {
			OUT_LIT(p, "\\u00");
			out_hex2(p, c);
		} else {
			out_ch(p, (char)(c < 128u ? (int)c : (int)c - 256));
		}
	}
	out_ch(p, '"');
}

/* b[0..n) as a JSON string of lower-case hex, whole. */
/*@ requires pr_ok(p) && \valid_read(b + (0 .. n - 1));
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_hex(pr_ctx *p, const uint8_t *b, size_t n)
{
	size_t i;

	out_ch(p, '"');
	/*@ loop invariant 0 <= i <= n && pr_ok(p);
	    loop assigns i, p->pos, p->full, p->out[0 .. p->cap - 1];
	    loop variant n - i;
	 */
	for (i = 0; i < n; i++)
		out_hex2(p, b[i]);
	out_ch(p, '"');
}

/*@ requires pr_ok(p) && \valid_read(elm) && pre_wf(elm->type);
    requires memb != \null && asn_val(elm->type, memb);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_leaf(pr_ctx *p, const asn_TYPE_member_t *elm, const void *memb)
{
	const uint8_t *b;
	const char *name;
	size_t n;
	long val;

	/*@ assert pre_reach(elm->type, elm->type); */
	switch (leaf_tag(elm->type)) {
	case 1:   /* BOOLEAN */
		if (leaf_bool(elm, memb))
			OUT_LIT(p, "true");
		else
			OUT_LIT(p, "false");
		break;
	case 2:   /* INTEGER, native */
		if (leaf_unsigned(elm))
			out_ulong(p, leaf_ulong(elm, memb));
		else
			out_long(p, leaf_long(elm, memb));
		break;
	case 10:  /* ENUMERATED, native: its name, else its number */
		val = leaf_long(elm, memb);
		name = enum_name(elm, val);
		if (name != NULL) {
			size_t nl = strlen(name);   /* before any write */
			out_ch(p, '"');
			out_mem(p, name, nl);
			out_ch(p, '"');
		} else {
			out_long(p, val);
		}
		break;
	case 12:  /* UTF8String */
		b = leaf_octets(elm, memb, &n);
		json_text(p, b, n);
		break;
	case 4:   /* OCTET STRING */
		b = leaf_octets(elm, memb, &n);
		json_hex(p, b, n);
		break;
	default:
		OUT_LIT(p, "null");
		break;
	}
}

static void json_value(pr_ctx *p, const asn_TYPE_descriptor_t *td,
	const void *v, unsigned depth);

/* "name": before a member, when it has a name. */
/*@ requires pr_ok(p) && valid_read_string(name);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_key(pr_ctx *p, const char *name)
{
	size_t nl = strlen(name);   /* before any write */

	out_ch(p, '"');
	out_mem(p, name, nl);
	out_ch(p, '"');
	out_ch(p, ':');
}

/* The value memb of member elm (NULL: null). */
/*@ requires pr_ok(p) && \valid_read(elm) && pre_wf(elm->type);
    requires memb == \null || asn_val(elm->type, memb);
    requires depth <= 2 * MSA_MAX_DEPTH;
    decreases 2 * (2 * MSA_MAX_DEPTH + 1 - depth);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_member(pr_ctx *p, const asn_TYPE_member_t *elm, const void *memb, unsigned depth)
{
	/*@ assert pre_reach(elm->type, elm->type); */
	if (memb == NULL)
		OUT_LIT(p, "null");
	else if (is_leaf(elm->type))
		json_leaf(p, elm, memb);
	else
		json_value(p, elm->type, memb, depth + 1u);
}

/* The value v of td (NULL, or deeper than any PDU: null). */
/*@ requires pr_ok(p) && pre_wf(td);
    requires v == \null || asn_val(td, v);
    requires depth <= 2 * MSA_MAX_DEPTH + 1;
    decreases 2 * (2 * MSA_MAX_DEPTH + 1 - depth) + 1;
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
json_value(pr_ctx *p, const asn_TYPE_descriptor_t *td, const void *v, unsigned depth)
{
	const void *memb;
	int i, n, present = 0, first = 1;

	/*@ assert pre_reach(td, td); */
	if (v == NULL || depth > 2u * MSA_MAX_DEPTH) {
		OUT_LIT(p, "null");
		return;
	}
	if (td->ber_decoder == CHOICE_decode_ber) {
		if (choice_present(td, v, &present) != 0
			|| present < 1 || present > td->elements_count) {
			OUT_LIT(p, "null");
			return;
		}
		/*@ assert pre_wf(td->elements[present - 1].type); */
		memb = member_at(td, present - 1, v);
		out_ch(p, '{');
		json_key(p, member_name(td, present - 1));
		json_member(p, &td->elements[present - 1], memb, depth);
		out_ch(p, '}');
	} else if (td->ber_decoder == SEQUENCE_OF_decode_ber) {
		n = list_count(td, v);
		/*@ assert pre_wf(td->elements[0].type); */
		out_ch(p, '[');
		/*@ loop invariant 0 <= i <= n && pr_ok(p);
		    loop assigns i, memb, p->pos, p->full, p->out[0 .. p->cap - 1];
		    loop variant n - i;
		 */
		for (i = 0; i < n; i++) {
			memb = list_item(td, v, i);
			if (i > 0)
				out_ch(p, ',');
			json_member(p, td->elements, memb, depth);
		}
		out_ch(p, ']');
	} else if (td->ber_decoder == SEQUENCE_decode_ber) {
		out_ch(p, '{');
		/*@ loop invariant 0 <= i <= td->elements_count && pr_ok(p);
		    loop invariant first == 0 || first == 1;
		    loop assigns i, memb, first, p->pos, p->full, p->out[0 .. p->cap - 1];
		    loop variant td->elements_count - i;
		 */
		for (i = 0; i < td->elements_count; i++) {
			/*@ assert pre_wf(td->elements[i].type); */
			memb = member_at(td, i, v);
			if (memb == NULL)
				continue;               /* an absent OPTIONAL member */
			if (!first)
				out_ch(p, ',');
			first = 0;
			json_key(p, member_name(td, i));
			json_member(p, &td->elements[i], memb, depth);
		}
		out_ch(p, '}');
	} else {
		OUT_LIT(p, "null");            /* a leaf type at the top: none in the module's list */
	}
}

/* The names of MsaPdu's alternatives, by `present` (0, and anything out
 * of range: "?"): one table for msa_pdu_type_name and the rendering. Rows
 * of characters rather than pointers to literals, so that WP knows every
 * row readable (it does not know the contents of a constant's
 * initialiser: -wp-no-init-const); a name is read up to its NUL, inside
 * its row. */
#define PDU_NAME_MAX 16
static const char pdu_names[6][PDU_NAME_MAX] = {
	"?", "HandshakeInit", "HandshakeResp", "HandshakeFinish", "HandshakeReject",
	"ProtectedPdu",
};

/* The row of pdu_names for present. */
/*@ assigns \nothing;
    ensures 0 <= \result <= 5;
 */
static int
pdu_name_row(int present)
{
	return present >= MsaPdu_PR_handshakeInit && present <= MsaPdu_PR_protected ? present : 0;
}

/* The name msa_pdu_type_name gives an MsaPdu whose alternative is present. */
/*@ requires pr_ok(p);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
out_pdu_name(pr_ctx *p, int present)
{
	const char *name = pdu_names[pdu_name_row(present)];
	size_t n = 0;

	/*@ loop invariant 0 <= n <= PDU_NAME_MAX;
	    loop assigns n;
	    loop variant PDU_NAME_MAX - n;
	 */
	while (n < PDU_NAME_MAX && name[n] != 0)
		n++;
	out_mem(p, name, n);
}

/* The rendering of value (a value of td) into p: the type's name, then
 * its members; an MsaPdu's alternative's members at depth 1. */
/*@ requires pr_ok(p) && pre_wf(td);
    requires value != \null && asn_val(td, value);
    assigns p->pos, p->full, p->out[0 .. p->cap - 1];
    ensures pr_ok(p);
 */
static void
value_print(pr_ctx *p, const asn_TYPE_descriptor_t *td, const void *value)
{
	int present = 0;
	const void *memb;

	/*@ assert pre_reach(td, td); */
	if (td != &asn_DEF_MsaPdu) {
		out_str(p, type_name(td));
		out_ch(p, '\n');
		print_value(p, td, value, 1);
		return;
	}
	/* Skip the CHOICE level: its alternative's fields at depth 1. */
	if (td->ber_decoder != CHOICE_decode_ber
		|| choice_present(td, value, &present) != 0) {
		OUT_LIT(p, "?\n");
		return;
	}
	out_pdu_name(p, present);
	out_ch(p, '\n');
	if (present >= 1 && present <= td->elements_count) {
		/*@ assert pre_wf(td->elements[present - 1].type); */
		memb = member_at(td, present - 1, value);
		print_value(p, td->elements[present - 1].type, memb, 1);
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
	value_print(&p, td, value);
	return p.pos;
}

size_t
msa_value_json(const asn_TYPE_descriptor_t *td, const void *value, char *out, size_t cap)
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
	json_value(&p, td, value, 1);
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
	return pdu_names[pdu == NULL ? 0 : pdu_name_row((int)pdu->present)];
}
