/*
 * initiator.h -- the initiator's event loop, shared by `msa initiator` and
 * `msa demo`.
 */
#ifndef MSA_CLI_INITIATOR_H__
#define MSA_CLI_INITIATOR_H__

#include "peer.h"

typedef struct {
	cli_conn c;
	uint8_t wbuf[CLI_WBUF];
	msa_assoc a;
	msa_hs_workspace ws;
	msa_io io;
	uint8_t outb[MSA_OUT_CAP], datab[MSA_MAX_DATA];
	unsigned char arena_buf[MSA_ARENA_PDU_SIZE];
	msa_arena arena;
} cli_client;

typedef struct cli_run cli_run;
struct cli_run {
	cli_client *cl;
	cli_ident *id;
	FILE *tf;                               /* trace, or NULL */
	int (*next)(cli_run *);                 /* the next local action when quiet */
	void (*on_data)(cli_run *, const uint8_t *, size_t);
	int done, failed, idle_wait;
	size_t sent, received, msgs_in;
	int step;                               /* for scripts */
};

int cli_initiator_run(cli_run *run, const char *connect_to);
/* Reports and queues the results of the last engine call. */
int cli_after(cli_run *run, int r);

#endif
