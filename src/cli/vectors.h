/*
 * vectors.h -- internals of `msa vectors` (src/cli/cmd_vectors.c, the
 * runner; src/cli/vectors_adapter.c, this library as an adapter).
 */
#ifndef MSA_CLI_VECTORS_H__
#define MSA_CLI_VECTORS_H__

/* msa_vectors_adapter: `msa vectors adapter`: serves the adapter protocol
 * of vectors/ADAPTER.md on stdin/stdout until end of input. Returns the
 * exit status (0). */
int msa_vectors_adapter(void);

#endif
