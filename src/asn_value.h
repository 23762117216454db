/*
 * asn_value.h -- asn1c's descriptors and decoded values as the proofs see
 * them (internal; codec.c and print.c): the predicates on the generated
 * descriptors (an assumption, checked by tests/test_codec.c), the abstract
 * predicate of a decoded value, and the accessors that follow such a
 * value through asn1c's `void *` layout (H11, proofs/README.md).
 */
#ifndef MSA_ASN_VALUE_H
#define MSA_ASN_VALUE_H

#include <string.h>
#include "asn_application.h"
#include "constr_SEQUENCE.h"
#include "constr_SEQUENCE_OF.h"
#include "constr_CHOICE.h"
#include "asn_SEQUENCE_OF.h"

/*@
  // What the proofs rely on in asn1c's descriptors (generated code,
  // outside the proof: an assumption, proofs/README.md, checked for every
  // descriptor reachable from the top-level types by tests/test_codec.c):
  // the descriptor and its three tables are readable for their counts, and
  // a SEQUENCE OF has its one member ...
  predicate pre_td_ok(asn_TYPE_descriptor_t *td) =
    \valid_read(td) && 0 <= td->elements_count && 0 <= td->tags_count
    && 0 <= td->all_tags_count
    && \valid_read(td->elements + (0 .. td->elements_count - 1))
    && \valid_read(td->tags + (0 .. td->tags_count - 1))
    && \valid_read(td->all_tags + (0 .. td->all_tags_count - 1))
    && (td->ber_decoder == &SEQUENCE_OF_decode_ber ==> td->elements_count >= 1);
  // ... and so is every descriptor reached from it through member types.
  // pre_reach(td, d): d is td, or reached from the type of one of td's
  // members (inductive: the least such relation, no axiom; it reads no
  // allocation, so it is the same before and after a local is allocated).
  inductive pre_reach{L}(asn_TYPE_descriptor_t *td, asn_TYPE_descriptor_t *d) {
    case pre_reach_here{L}: \forall asn_TYPE_descriptor_t *td; pre_reach(td, td);
    case pre_reach_member{L}: \forall asn_TYPE_descriptor_t *td, *d, integer i;
      0 <= i < td->elements_count && pre_reach(td->elements[i].type, d) ==>
      pre_reach(td, d);
  }
  predicate pre_wf{L}(asn_TYPE_descriptor_t *td) =
    \forall asn_TYPE_descriptor_t *d; pre_reach(td, d) ==> pre_td_ok(d);
 */

/* asn1c's decoded value, read through the accessors below (H11,
 * proofs/README.md). They are the only code of the decoder's layers 3
 * and 4 and of print.c's rendering that follows asn1c's value: `void *` plus a member offset, a pointer member,
 * a SEQUENCE OF's array, a leaf's C value, the constraint checkers behind
 * function pointers. WP's typed memory model does not follow such casts,
 * so they are not proved; their contracts say what the walk relies on,
 * in terms of an abstract predicate: asn_val(td, p), p is a value of td
 * as asn1c's decoder built it (and asn_count(p), a SEQUENCE OF's count).
 * The code that calls them (codec.c's walk, walk_member, check_leaf,
 * walk_layers; print.c) is proved against these contracts. Static
 * inline: each caller has its own copy, as when they were codec.c's. */

/*@ axiomatic AsnValue {
      predicate asn_val(asn_TYPE_descriptor_t *td, void *p);
      logic integer asn_count(void *p);
    }
 */

/* The CHOICE value sptr of td: *present is its presence index (1-based,
 * 0 for none); -1 when asn1c's presence field is not an int. */
/*@ requires pre_td_ok(td) && td->ber_decoder == &CHOICE_decode_ber;
    requires sptr != \null && asn_val(td, sptr);
    requires \valid(present);
    assigns *present;
    ensures \result == 0 || \result == -1;
 */
static inline int
choice_present(const asn_TYPE_descriptor_t *td, const void *sptr, int *present)
{
	const asn_CHOICE_specifics_t *sp = td->specifics;

	if (sp->pres_size != (int)sizeof(int))
		return -1;
	memcpy(present, (const char *)sptr + sp->pres_offset, sizeof *present);
	return 0;
}

/* Member i of the SEQUENCE or CHOICE value sptr of td: the member's
 * value, or NULL for a pointer member that is absent. */
/*@ requires pre_td_ok(td) && 0 <= i < td->elements_count;
    requires sptr != \null && asn_val(td, sptr);
    assigns \nothing;
    ensures \result == \null || asn_val(td->elements[i].type, \result);
 */
static inline const void *
member_at(const asn_TYPE_descriptor_t *td, int i, const void *sptr)
{
	const asn_TYPE_member_t *elm = &td->elements[i];
	const void *memb = (const char *)sptr + elm->memb_offset;

	if (elm->flags & ATF_POINTER)
		memb = *(const void *const *)memb;
	return memb;
}

/* The number of items of the SEQUENCE OF value sptr of td. */
/*@ requires pre_td_ok(td) && td->ber_decoder == &SEQUENCE_OF_decode_ber;
    requires sptr != \null && asn_val(td, sptr);
    assigns \nothing;
    ensures \result == asn_count(sptr) && \result >= 0;
 */
static inline int
list_count(const asn_TYPE_descriptor_t *td, const void *sptr)
{
	(void)td;
	return _A_CSEQUENCE_FROM_VOID(sptr)->count;
}

/* Item i of the SEQUENCE OF value sptr of td (a value of its member's
 * type), or NULL. */
/*@ requires pre_td_ok(td) && td->ber_decoder == &SEQUENCE_OF_decode_ber;
    requires sptr != \null && asn_val(td, sptr) && 0 <= i < asn_count(sptr);
    assigns \nothing;
    ensures \result == \null || asn_val(td->elements[0].type, \result);
 */
static inline const void *
list_item(const asn_TYPE_descriptor_t *td, const void *sptr, int i)
{
	(void)td;
	return _A_CSEQUENCE_FROM_VOID(sptr)->array[i];
}

/* The C values of the leaves layer 4 checks: a NativeInteger or
 * NativeEnumerated (long), RecordHeader.seq (unsigned long, asn1c 0.9.28's
 * choice for INTEGER (0..4294967295)). */
/*@ requires \valid_read(elm) && memb != \null && asn_val(elm->type, memb);
    assigns \nothing;
 */
static inline long
leaf_long(const asn_TYPE_member_t *elm, const void *memb)
{
	(void)elm;
	return *(const long *)memb;
}

/*@ requires \valid_read(elm) && memb != \null && asn_val(elm->type, memb);
    assigns \nothing;
 */
static inline unsigned long
leaf_ulong(const asn_TYPE_member_t *elm, const void *memb)
{
	(void)elm;
	return *(const unsigned long *)memb;
}

#endif
