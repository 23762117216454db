# mk/proofs.mk -- make proofs (issue 6): Frama-C WP and Eva over the code
# that hostile input reaches. See proofs/README.md for what is proved.
#
# 1. why3 is configured for this machine (`why3 config detect`) into
#    $(BUILD)/why3.conf; WP reaches z3 and cvc4 through it (no alt-ergo in
#    Debian).
# 2. Eva runs proofs/eva_driver.c: every input up to EVA_MAX_LEN octets, of
#    every length, through the DER gate, the record parser and the X.509
#    parser, every 39-octet input through the record parser, and a real
#    certificate with its value octets unknown through the X.509 parser.
#    Any alarm fails the target.
# 3. Eva runs proofs/eva_stm.c: the state machine (src/engine.c) from
#    every state, role, mode and suite kind, every entry point, unknown
#    input, with the codec, the handshake and the crypto replaced by stubs
#    that over-approximate their contracts; proofs/stm_check.py fails the
#    target unless every alarm, precondition and state-machine assertion
#    (transitions of the table, delivery, keys wiped, counters) is valid.
#    Then the run with a key cache attached (cache_main). Side by side
#    (tried 2026-12-06) the target took 1440 s instead of 1287 on the clean
#    clone: four processes on two cores put more WP goals over the first
#    pass's 15 s, and their retries cost more than the idle tail saved.
# 4. WP proves the ACSL contracts of PROOF_FCTS with -wp-rte (absence of
#    runtime errors, unsigned overflow and downcast included). Any goal not
#    proved fails the target. Last line: `proofs: P/T goals proved`.
#    Two passes (2026-12-06): cvc4 alone with PROOF_T1 seconds a goal, then
#    z3 and cvc4 together with PROOF_TIMEOUT over the functions that have a
#    goal the first pass left (proofs/wp_pool.py picks them, per job;
#    proofs/wp_count.py counts P/T over all reports). With both provers on every goal, WP races them and
#    the loser's CPU is spent for nothing: measured on the x509/handshake
#    half, 829 CPU seconds with cvc4 alone (7 of 2166 goals left at 5 s)
#    against 1338 with the race; cvc4 wins 1202 of the 1964 goals Qed
#    leaves, z3 alone at 3 s left 63 of 498 where cvc4 left 4.
# WP's own work (goal generation, Qed) is one thread per frama-c process,
# and a process costs only its parse and typing (about 7 CPU seconds) beyond
# its functions: proofs/wp_pool.py cuts PROOF_FCTS into PROOF_JOBS jobs of
# about equal cost (proofs/wp_cost.txt, measured), after one job for each
# PROOF_RACE function, and runs them PROOF_WORKERS at a time, Eva beside them.
# Until 2026-12-06 (ninth session) two fixed halves, PROOF_FCTS_R and
# PROOF_FCTS_X below, one process each: the half with msa_der_check ended
# five minutes after the other, alone on one core (1174 s for 1875 CPU s).
# Each process reads every file of PROOF_SRC, so a function's callees are
# the same contracts in every job. A third WP process beside two and Eva
# was tried (2026-12-05): no faster (the work is CPU bound) and, with two
# cores oversubscribed, goals of 7 s timed out at 20 s; hence also the
# 40 s timeout of the second pass (every goal takes under 10 s alone).
PROOF_DIR   := $(BUILD)/proofs
WHY3_CONF   := $(BUILD)/why3.conf
PROOF_SRC   := src/der.c src/arena.c src/util.c src/record.c src/route.c src/x509_parse.c \
               src/engine.c src/handshake.c src/codec.c src/x509_check.c src/pem.c \
               src/crypto_bearssl_ec.c src/crypto_bearssl_aead.c src/crypto_bearssl_mac.c src/x509.c \
               src/print.c src/cli/vjson_lex.c src/cli/iobuf.c src/cli/der_edit.c \
               src/cli/trace.c src/cli/vectors_io.c
PROOF_FCTS  := msa_der_header,check_universal,check_tlv,msa_der_check,msa_der_frame
PROOF_FCTS  := $(PROOF_FCTS),der_lemma_child,der_lemma_next,der_lemma_split
PROOF_FCTS  := $(PROOF_FCTS),zero_bytes,arena_place,arena_take,msa_arena_reset,wipe_bytes
# arena.c: the allocator asn1c calls while it decodes a received PDU (typed
# cores; the msa_asn1_* entry points only convert void *).
PROOF_FCTS  := $(PROOF_FCTS),hdr_put,hdr_get,blk_alloc,blk_calloc,blk_realloc,blk_free
PROOF_FCTS  := $(PROOF_FCTS),rd_tl,rd_uint,rd_fields,msa_rec_parse,msa_rec_tl_len,msa_rec_tl,wr_uint
PROOF_FCTS  := $(PROOF_FCTS),msa_rec_header,msa_rec_nonce,msa_rw_fresh,msa_rw_accept
PROOF_FCTS  := $(PROOF_FCTS),elapsed,clear_flag,report_peer
# route.c: what a listener reads of a PDU before any association exists
PROOF_FCTS  := $(PROOF_FCTS),child_aid,first_child,msa_pdu_peek,msa_init_duplicate
PROOF_FCTS  := $(PROOF_FCTS),octet_of,tag_ok_of,put_detail,reject_write,msa_reject_encode
# x509_parse.c: every function of the file (2026-12-05), the top level
# msa_x509_parse last. The second WP process proves these.
PROOF_FCTS_X := tlv,get,peek,eq,oid_ok,int_ok,bits_ok,digits,days_from_civil
PROOF_FCTS_X := $(PROOF_FCTS_X),sig_alg,ec_key,spki,pathlen_of,ext_bc,ku_octet,ext_ku,ext_san,ext_one
PROOF_FCTS_X := $(PROOF_FCTS_X),ext_crit,clear,name_tlv,cert_outer
PROOF_FCTS_X := $(PROOF_FCTS_X),d2,time_fields,msa_x509_time,ext_read,extensions,tbs_version,tbs_head,validity
PROOF_FCTS_X := $(PROOF_FCTS_X),tbs_key,uid_opt,tbs_ext,msa_x509_parse
# util.c, engine.c: what the handshake handlers below call
PROOF_FCTS  := $(PROOF_FCTS),msa_wipe_u8,msa_bytes_copy,msa_bytes_eq,msa_keys_with
# util.c: the constant-time compare of the tag, ICV and MAC checks (2026-12-06,
# ninth session; was the assumption H16)
PROOF_FCTS  := $(PROOF_FCTS),ct_eq_bytes,msa_ct_eq_u8
# handshake.c: what reads the received handshake PDUs and the values the
# codec decoded from them: the handlers' checks, moved into functions, and
# (2026-12-05) the handlers themselves, each split into its checks of the
# received PDU (proved) and the building of our answer (not proved: the
# generated encoder; proofs/README.md, H8), then establish. The older half
# went to the first of the two WP processes of before, the handlers to the
# second; since 2026-12-06 the jobs are cut by cost (proofs/wp_pool.py).
PROOF_FCTS  := $(PROOF_FCTS),aid_zero,hidx,th_with_raw_body,cred_chain,id_eq,id_listed
PROOF_FCTS  := $(PROOF_FCTS),peer_validate,check_peer,peer_id_out,resp_suite,init_lists,init_choose
PROOF_FCTS_X := $(PROOF_FCTS_X),sig_input,verify_sig_mac,keys_from_master,establish
PROOF_FCTS_X := $(PROOF_FCTS_X),resp_auth,resp_check,msa_hs_on_resp,init_keys,init_check,msa_hs_on_init
PROOF_FCTS_X := $(PROOF_FCTS_X),msa_hs_on_finish
# codec.c: the decoder's core, layers 1 to 5 in order with the arena rolled
# back on any failure (2026-12-05, sixth session), against the contracts of
# the wrappers of asn1c's decoder and encoder (H13, not proved).
PROOF_FCTS_X := $(PROOF_FCTS_X),diagnose,value_check,value_decode
# x509.c (2026-12-06): the validation of a received chain around the proved
# parser and checks, against BearSSL's chain validation (run_bearssl, H15).
PROOF_FCTS_X := $(PROOF_FCTS_X),chain_check,msa_cert_validate
# x509.c (2026-12-06, eleventh session): the trust anchors from the
# operator's CA files, their lengths kept within their arrays (anchors_ok).
PROOF_FCTS_X := $(PROOF_FCTS_X),br_curve_of,dn_take,anchor_clear,anchor_same,anchor_profile
PROOF_FCTS_X := $(PROOF_FCTS_X),anchor_fill,msa_anchors_add
# and the certificate store (what handshake.c's H3 assumed of it).
PROOF_FCTS_X := $(PROOF_FCTS_X),store_chain_ok,known_find,known_set,msa_cert_store_add
# codec.c: the schema-aware DER pre-pass (2026-12-05), every function of
# it, its entry pre_run last; the two ghost lemma functions first.
PROOF_FCTS  := $(PROOF_FCTS),pre_wf_self,pre_wf_child,kind_of,int_redundant,tag_is,member_takes,univ_num
PROOF_FCTS  := $(PROOF_FCTS),optional_between,pre_hdr,pre_schema,pre_fail,pre_leaf
PROOF_FCTS  := $(PROOF_FCTS),pre_member,pre_child,pre_children,pre_content,pre_type,pre_run
# codec.c's later layers where they read octets: the leaf check of
# RecordHeader.seq, the walk's TLV reader, the canonical comparison, the
# DER diagnosis (2026-12-05).
PROOF_FCTS  := $(PROOF_FCTS),seq_range,tlv_at,cmp_run,diag_pair
# codec.c's layers 3 and 4 (2026-12-05, sixth session): the walk over
# asn1c's decoded value and the octets together, against the contracts of
# the accessors that follow the value's void * layout (H11, not proved).
PROOF_FCTS  := $(PROOF_FCTS),walk_fail,check_leaf,walk_member,walk,walk_layers
# x509_check.c: the checks of a received chain's parsed values (profile,
# dates with the floor rule, identity) and the lookup by reference.
PROOF_FCTS  := $(PROOF_FCTS),msa_x509_sig_alg_of,msa_x509_identity_ok,msa_x509_profile
PROOF_FCTS  := $(PROOF_FCTS),msa_x509_dates,msa_cert_store_find
# pem.c: the first look at a certificate or key file's octets (DER or PEM)
# and the TLV length that decides whether a DER file is exactly one object;
# the PEM sinks that collect the decoded octets (typed; the callbacks only
# convert BearSSL's void * context).
PROOF_FCTS  := $(PROOF_FCTS),looks_der,der_tlv_len,cert_take,cert_close,key_take,name_is
# pem.c's walk over a PEM file's octets (2026-12-06, tenth session): every
# push inside the input, the loop ends (against H14's pem_push, pem_event).
PROOF_FCTS  := $(PROOF_FCTS),pem_next
# crypto_bearssl_ec.c: the strict decoder of the peer's DER ECDSA signature and
# the verification around it, against BearSSL's calls as H15 states them
# (2026-12-06).
PROOF_FCTS  := $(PROOF_FCTS),sig_int,msa_ecdsa_der_to_raw,sig_lookup,msa_br_sig_verify
# and the peer's key share (2026-12-06): Z from it, or a refusal that leaves
# z untouched (wrong form) or zero (refused by BearSSL, low order).
PROOF_FCTS  := $(PROOF_FCTS),scalar_in_range,msa_br_kex_shared
# crypto_bearssl_aead.c, crypto_bearssl_mac.c: the opening of a received
# record (2026-12-06): on a failed tag or ICV check no plaintext is left
# (zeroed), on a refused argument data is untouched (H15).
PROOF_FCTS  := $(PROOF_FCTS),open_verdict,chapoly_args_ok,aead_key_len,msa_br_gcm_open
PROOF_FCTS  := $(PROOF_FCTS),msa_br_ccm_open,msa_br_chapoly_open,msa_br_aead_open
PROOF_FCTS  := $(PROOF_FCTS),msa_br_aead_open_x,msa_br_icv_verify
# print.c (2026-12-06, tenth session): the rendering of a received, decoded
# value for `msa decode` and the demo trace: every write inside out[0..cap),
# the output NUL-terminated, the recursion bounded, against asn_value.h's
# accessors (H11) and print.c's leaf and name accessors (not proved).
PROOF_FCTS  := $(PROOF_FCTS),out_ch,out_mem,out_str,out_hex2,out_ulong,out_long,indent
PROOF_FCTS  := $(PROOF_FCTS),leaf_tag,print_hex,print_text,print_leaf,is_leaf,print_member
PROOF_FCTS  := $(PROOF_FCTS),print_value,pdu_name_row,out_pdu_name,value_print
# print.c's JSON rendering (2026-12-06, thirteenth session): the same walk
# for msa_value_json, which `msa vectors adapter` answers with (it had its
# own walk over asn1c's value, not proved).
PROOF_FCTS  := $(PROOF_FCTS),json_text,json_hex,json_leaf,json_key,json_member,json_value
# src/cli/vjson_lex.c (2026-12-06, tenth session): the lexers of the JSON
# reader of `msa vectors` and `msa conform` (vector files, a vendor's, an
# adapter's answers): nothing read outside the text, positions inside it,
# a string decoded only inside its buffer.
PROOF_FCTS  := $(PROOF_FCTS),vj_lex_ws,hex_val,vj_lex_hex4,lex_put,put_cp,octet,escape_of
PROOF_FCTS  := $(PROOF_FCTS),u_escape,vj_lex_string,dec_digit,dec_run,need_digits,int_part
PROOF_FCTS  := $(PROOF_FCTS),opt_part,vj_lex_number,vj_lex_lit,vj_lex_hex,vj_lex_hex_text,vj_lex_peek,vj_lex_span
# src/cli/iobuf.c (2026-12-06, eleventh session): the octets the tool reads
# from outside (a peer's connection, an adapter's lines, the files it is
# given) and the escaping of untrusted text, against H18 (read, write).
PROOF_FCTS  := $(PROOF_FCTS),cli_buf_drop,cli_buf_read,cli_read_fd,cli_line_take,hex_digit,cli_esc,put32,get32,cli_dq_put,cli_dq_front
PROOF_FCTS  := $(PROOF_FCTS),cli_conn_read,cli_conn_next,cli_conn_consume,cli_conn_queue,cli_conn_flush
# (2026-12-06, thirteenth session) and the JSON writer's rendering of
# octets, a value's or an adapter's (vjson.c's vb_str and vb_hex).
PROOF_FCTS  := $(PROOF_FCTS),cli_json_esc,cli_hex_out
# src/cli/der_edit.c (2026-12-06, eleventh session): msa conform's reading
# of TLVs, of the implementation under test's PDUs among them.
PROOF_FCTS  := $(PROOF_FCTS),cli_tlv,cli_der_at,cli_der_has_child,cli_der_drop
# src/cli/trace.c (2026-12-06, twelfth session): what the tool's trace line
# reads of a received, decoded PDU (msa demo, --trace, msa relay), inside
# the value as the codec leaves it (H19).
PROOF_FCTS  := $(PROOF_FCTS),trace_text,trace_aid,trace_init,cli_trace_facts_of
# src/cli/vectors_io.c (2026-12-06, thirteenth session): what `msa vectors
# adapter` does with the octets of a runner's request (hex values into
# bounded buffers, a decoded key share, a received record's parts, the
# building of a record) and the scenario's queue of PDUs in flight with its
# faults at the request's index and offset.
PROOF_FCTS  := $(PROOF_FCTS),cli_hex_in,cli_bytes_in,vio_tag_ok,cli_rec_in,cli_rec_out,cli_xor_at,cli_list_next
PROOF_FCTS  := $(PROOF_FCTS),cli_pq_init,cli_pq_push,cli_pq_frames,slot_copy,cli_pq_drop
PROOF_FCTS  := $(PROOF_FCTS),cli_pq_take,cli_pq_dup,cli_pq_swap,cli_pq_cut,cli_pq_alter
PROOF_FCTS_R := $(PROOF_FCTS)
PROOF_FCTS  := $(PROOF_FCTS_R),$(PROOF_FCTS_X)
# Proved by the second pass only (z3 and cvc4 together): cvc4 alone left
# goals in them at 15 s (2026-12-06: five loop invariants and assertions of
# msa_der_check, which z3 proves; one each in blk_free, tag_is, two in
# reject_write). The first pass skips them (a retry would spend their Qed
# time twice: msa_der_check's was two minutes before -wp-no-pruning, 31 s
# after).
PROOF_RACE  := msa_der_check blk_free reject_write tag_is
comma       := ,
empty       :=
space       := $(empty) $(empty)
PROOF_JOBS    ?= 12
PROOF_WORKERS ?= 2
# BR_INC: links to BearSSL's headers alone, for pem.c, x509.c and the
# provider's crypto_bearssl_*.c (Frama-C preprocesses
# with its own libc headers and -nostdinc, which hides /usr/include).
BR_INC      := $(BUILD)/proofs-inc
PROOF_CPP   := -c11 -cpp-extra-args="-Iinclude -Isrc -I$(GEN) -I$(BR_INC) -D_DEFAULT_SOURCE"
PROOF_PAR   ?= 2
# 25 s (was 15 until 2026-12-06): under the full run's load, goals that
# cvc4 proves alone in 10-12 s (ext_read, init_keys, cred_chain,
# resp_check) went over 15 s in the clean-clone dry runs and sent their
# whole function to the second pass (both provers, Qed again: 2-5 minutes
# of one core each time). No goal of the first pass is beyond cvc4 (the
# PROOF_RACE functions skip it), so the longer limit costs nothing when
# nothing times out. Full runs of 2026-12-06 (ninth session): one goal
# over 25 s in one run (ext_san, under three processes), none in the next.
PROOF_T1    ?= 25
PROOF_TIMEOUT ?= 40
EVA_MAX_LEN ?= 6
# -wp-no-pruning (2026-12-06, twelfth session): WP's time is mostly its own
# thread preparing each goal, not the provers, and most of that preparation
# was Qed's pruning of trivial branches. The goals are the same formulas,
# only less pre-simplified; nothing is assumed. Measured alone, Qed only
# (-wp-prover qed): msa_der_check 102 -> 31 CPU s (Qed alone closes 59 of
# its 143 goals instead of 61); a job of 23 functions and 827 goals, cvc4
# at 25 s, 143 -> 99 CPU s, all proved. Of the other Qed switches only
# -wp-no-ground saved anything (102 -> 60 s; it made three goals harder in
# a full run, see proofs/README.md); -wp-no-let, -no-core, -no-simpl,
# -no-filter, -no-parasite, -no-clean: 90-102 s.
WP_FLAGS    := -wp -wp-rte -warn-unsigned-overflow -warn-unsigned-downcast \
               -wp-par $(PROOF_PAR) -wp-no-init-const -wp-no-volatile -wp-no-pruning
WP_PASS1    := -wp-prover cvc4 -wp-timeout $(PROOF_T1)
WP_PASS2    := -wp-prover z3,cvc4 -wp-timeout $(PROOF_TIMEOUT)
# Every WP process loads one saved parse of PROOF_SRC (PROOF_SAV, made once
# at the start of the target) instead of preprocessing and typing the 19
# files itself: 1 CPU second a process instead of 4 (2026-12-06, eleventh
# session, measured; the same goals, the same count of RTE guards).
PROOF_SAV   := $(PROOF_DIR)/src.sav
WP_CMD       = nice -n 10 frama-c -load $(PROOF_SAV) $(WP_FLAGS)
STM_SRC     := src/engine.c src/record.c src/der.c src/util.c src/keysched.c src/hkdf.c \
               src/suite.c src/config.c proofs/eva_stm.c
# Return states split on MSA_OK (0): a result and what the function wrote
# stay together (e.g. an iv written only on success).
STM_SPLIT   := msa_assoc_send:0,record_keys:0,msa_ks_traffic:0,msa_ks_label:0,msa_expand_label:0,p_aead_open:0,p_icv_verify:0,p_aead_open_x:0
# elapsed and msa_rw_accept by their WP-proved contracts: their guards are
# relations between two unknown values, beyond Eva's non-relational domain.
# -eva-precision 4 (2026-12-06) with equality-through-calls formals and the
# octagon domain in the two functions that need it: it keeps the relations
# rd_tl's `len - o` and msa_rw_fresh's `(top - 1) - seq` need (precision 4
# without it: 5 alarms each run; precision 3 with it: 44 alarms). Measured
# alone (ninth session, with engine.c's wipe assertions as one \subset
# each instead of a ghost loop of one assertion an octet, which took 41%
# of the run): 0 alarms, 30/30 and 20/20 properties in 208 + 109 CPU
# seconds, against 364 (measured the same way) + 218 (last session) with
# the flags before, octagon and gauges everywhere (main: 217 s with gauges,
# 248 with octagon everywhere).
STM_FLAGS   := -eva -eva-precision 4 -eva-domains cvalue,equality,symbolic-locations \
               -eva-domains-function octagon:rd_tl,octagon:msa_rw_fresh \
               -eva-equality-through-calls formals -eva-no-show-progress \
               -warn-unsigned-overflow -warn-unsigned-downcast \
               -eva-use-spec elapsed,msa_rw_accept -cpp-extra-args=-DMSA_EVA_STM \
               -eva-split-return-function $(STM_SPLIT)
# -no-annot: Eva checks the code alone (runtime errors); the ACSL is WP's.
EVA_FLAGS   := -no-annot -eva -eva-precision 11 -eva-no-show-progress \
               -warn-unsigned-overflow -warn-unsigned-downcast

.PHONY: proofs
$(WHY3_CONF):
	@mkdir -p $(@D)
	@why3 config detect -C $@ >/dev/null 2>&1 || { echo "proofs: why3 config detect failed"; exit 1; }

$(BR_INC)/bearssl.h:
	@mkdir -p $(@D)
	@ln -sfn /usr/include/bearssl $(@D)/bearssl
	@ln -sf /usr/include/bearssl.h $@

proofs: $(WHY3_CONF) $(GEN)/.stamp $(BR_INC)/bearssl.h
	@mkdir -p $(PROOF_DIR)
	@start=$$(date +%s); \
	echo "proofs: WP over $(PROOF_SRC): $(PROOF_JOBS) jobs and $(PROOF_RACE), $(PROOF_WORKERS) at a time (wp-*.log)"; \
	rm -f $(PROOF_DIR)/wp-*.json $(PROOF_DIR)/wp-*.log $(PROOF_DIR)/wp-reports.txt $(PROOF_DIR)/*.pid $(PROOF_SAV); \
	frama-c $(PROOF_CPP) $(PROOF_SRC) -save $(PROOF_SAV) >$(PROOF_DIR)/parse.log 2>&1 \
	  || { cat $(PROOF_DIR)/parse.log; echo "proofs: parsing $(PROOF_SRC) failed"; exit 1; }; \
	WHY3CONFIG=$$PWD/$(WHY3_CONF) python3 -u proofs/wp_pool.py run $(PROOF_DIR) $(PROOF_WORKERS) $(PROOF_JOBS) \
	  proofs/wp_cost.txt "$(PROOF_FCTS)" "$(subst $(space),$(comma),$(PROOF_RACE))" "$(WP_PASS1)" "$(WP_PASS2)" \
	  -- $(WP_CMD) & wp_pool=$$!; \
	trap 'kill $$wp_pool 2>/dev/null' EXIT; \
	echo "proofs: Eva over proofs/eva_driver.c (inputs up to $(EVA_MAX_LEN) octets)"; \
	nice -n 10 frama-c $(PROOF_CPP) -cpp-extra-args="-DEVA_MAX_LEN=$(EVA_MAX_LEN)" \
	  src/der.c src/util.c src/record.c src/route.c src/x509_parse.c proofs/eva_driver.c $(EVA_FLAGS) \
	  >$(PROOF_DIR)/eva.log 2>&1 || { cat $(PROOF_DIR)/eva.log; echo "proofs: Eva failed"; exit 1; }; \
	alarms=$$(sed -n 's/^ *\([0-9][0-9]*\) alarms* generated by the analysis.*/\1/p' $(PROOF_DIR)/eva.log); \
	[ -n "$$alarms" ] || { tail -20 $(PROOF_DIR)/eva.log; echo "proofs: no Eva summary"; exit 1; }; \
	if [ "$$alarms" -ne 0 ]; then grep -A3 'alarm\]' $(PROOF_DIR)/eva.log; fi; \
	echo "proofs: Eva: $$alarms alarms"; \
	echo "proofs: Eva over the state machine (proofs/eva_stm.c)"; \
	nice -n 10 frama-c $(PROOF_CPP) $(STM_SRC) $(STM_FLAGS) -then -report-csv $(PROOF_DIR)/stm.csv \
	  >$(PROOF_DIR)/stm.log 2>&1 || { tail -30 $(PROOF_DIR)/stm.log; echo "proofs: Eva (state machine) failed"; exit 1; }; \
	stm_alarms=$$(sed -n 's/^ *\([0-9][0-9]*\) alarms* generated by the analysis.*/\1/p' $(PROOF_DIR)/stm.log); \
	[ -n "$$stm_alarms" ] || { tail -20 $(PROOF_DIR)/stm.log; echo "proofs: no Eva summary (state machine)"; exit 1; }; \
	python3 proofs/stm_check.py $(PROOF_DIR)/stm.csv . $(PROOF_FCTS) || stm_bad=1; \
	echo "proofs: Eva (state machine): $$stm_alarms alarms"; \
	echo "proofs: Eva over the state machine with a key cache (proofs/eva_stm.c, cache_main)"; \
	nice -n 10 frama-c $(PROOF_CPP) $(STM_SRC) $(STM_FLAGS) -main cache_main -then -report-csv $(PROOF_DIR)/stm-cache.csv \
	  >$(PROOF_DIR)/stm-cache.log 2>&1 || { tail -30 $(PROOF_DIR)/stm-cache.log; echo "proofs: Eva (key cache) failed"; exit 1; }; \
	kc_alarms=$$(sed -n 's/^ *\([0-9][0-9]*\) alarms* generated by the analysis.*/\1/p' $(PROOF_DIR)/stm-cache.log); \
	[ -n "$$kc_alarms" ] || { tail -20 $(PROOF_DIR)/stm-cache.log; echo "proofs: no Eva summary (key cache)"; exit 1; }; \
	python3 proofs/stm_check.py $(PROOF_DIR)/stm-cache.csv . $(PROOF_FCTS) cache || stm_bad=1; \
	echo "proofs: Eva (state machine, key cache): $$kc_alarms alarms"; \
	alarms=$$((alarms + stm_alarms + kc_alarms + $${stm_bad:-0})); \
	wait $$wp_pool || { echo "proofs: WP failed (logs $(PROOF_DIR)/wp-*.log)"; exit 1; }; \
	trap - EXIT; \
	count=$$(python3 proofs/wp_count.py count $(PROOF_FCTS) $$(cat $(PROOF_DIR)/wp-reports.txt)) || { echo "$$count"; echo "proofs: WP reports unreadable"; exit 1; }; \
	echo "$$count" | grep '^proofs:'; \
	pt=$$(echo "$$count" | tail -1); p=$${pt% *}; t=$${pt#* }; \
	end=$$(date +%s); \
	echo "proofs: WP logs $(PROOF_DIR)/wp-*.log (second passes wp-*-2.log), Eva logs eva.log, stm.log and stm-cache.log ($$((end - start)) s)"; \
	echo "proofs: $$p/$$t goals proved"; \
	[ "$$t" -gt 0 ] && [ "$$p" = "$$t" ] && [ "$$alarms" -eq 0 ]
