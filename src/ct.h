/*
 * ct.h -- declassification for the constant-time check (make ct-check).
 *
 * Under `make ct-check` the library is compiled with -DMSA_CTGRIND and run
 * under valgrind with the secrets marked undefined (tests/ct/): any branch
 * or memory index that depends on them is reported. A value that is
 * public by design (the verdict of a tag comparison, which the peer learns
 * anyway) is marked defined with MSA_CT_PUBLIC before we branch on it.
 * In every other build MSA_CT_PUBLIC is nothing.
 */
#ifndef MSA_CT_H__
#define MSA_CT_H__

#ifdef MSA_CTGRIND
#include <valgrind/memcheck.h>
#define MSA_CT_PUBLIC(p, n) ((void)VALGRIND_MAKE_MEM_DEFINED((p), (n)))
#else
#define MSA_CT_PUBLIC(p, n) ((void)(p), (void)(n))
#endif

#endif
