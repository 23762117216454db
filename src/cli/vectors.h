/*
 * vectors.h -- internals of `msa vectors` (src/cli/cmd_vectors.c, the
 * runner; src/cli/vectors_adapter.c, this library as an adapter).
 */
#ifndef MSA_CLI_VECTORS_H__
#define MSA_CLI_VECTORS_H__

#include "vjson.h"

/* The longest line of the adapter protocol, newline included
 * (vectors/ADAPTER.md): some sixty times the hex of the largest PDU. A
 * longer line is the sender's fault: the runner judges the adapter failed,
 * the adapter answers badRequest and skips to the next newline. */
#define VECTORS_LINE_MAX      (2u * 1024u * 1024u)
#define VECTORS_LINE_MAX_TEXT "2097152"

/* msa_vectors_adapter: `msa vectors adapter`: serves the adapter protocol
 * of vectors/ADAPTER.md on stdin/stdout until end of input. Returns the
 * exit status (0). */
int msa_vectors_adapter(void);

/* msa_vectors_scenario: runs the script of a scenario vector (inputs
 * `in`, actions `script`) with two engines of this library and appends
 * ,"outputs":{...} (the first failure after the fault: side, error, state,
 * reply, replyDiagnostic) to *o. Returns MSA_OK, or an error of the set-up
 * (*err names the phase when the script itself failed). */
int msa_vectors_scenario(const struct vj *in, const struct vj *script, vbuf *o, const char **err);

/* msa_vectors_transcript: replays the local calls of a transcript vector
 * (side, call, and the pdu or message) on two engines set up from its
 * inputs, and appends ,"outputs":{"steps":[{error, events, state, sent,
 * delivered}...]} to *o, one entry per call. */
int msa_vectors_transcript(const struct vj *in, const struct vj *calls, vbuf *o);

#endif
