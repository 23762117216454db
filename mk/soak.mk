# mk/soak.mk -- make soak (issue 8): a fault-injecting soak test on loopback.
# scripts/soak.sh starts `msa responder --echo` (a fixed pool of
# associations), `msa relay` with faults (drop, corrupt, truncate,
# duplicate, delay) and `msa soak` (ASSOCS initiators in one event loop,
# MESSAGES checked messages each, renewals by policy on both sides), then
# checks that nothing was lost, that every association either was released
# with every message back or ended with a specific diagnostic, that no
# process crashed and that memory stayed flat, and prints the counts.
# Defaults (CI): 100 associations x 100 messages, about 10-30 s.
# Long run: make soak ASSOCS=500 MESSAGES=2000. Other knobs (FAULT_P,
# DELAY, SEED, RENEW_I, RENEW_R, TIMEOUT, SOAK_LOGS) pass through the
# environment: see scripts/soak.sh. Runs under nice -n 10 (shared machine).
# make soak SAN=1: the same with the sanitizer build of the tool.
ASSOCS ?= 100
MESSAGES ?= 100

# SAN=1: the three processes are the msa tool built with clang ASan+UBSan
# ($(BUILD)/san/msa); a sanitizer report fails the run (leak detection off:
# the tools keep their pools to the end; memory flatness is not judged, the
# ASan quarantine holds freed blocks).
SOAK_MSA := $(if $(SAN),$(BUILD)/san/msa,$(BUILD)/msa)

soak: deps
	@$(MAKE) --no-print-directory all $(SOAK_MSA)
	@BUILD=$(BUILD) MSA=$(SOAK_MSA) SOAK_SAN=$(if $(SAN),1,) ASAN_OPTIONS=$${ASAN_OPTIONS:-detect_leaks=0} \
	  ASSOCS=$(ASSOCS) MESSAGES=$(MESSAGES) nice -n 10 sh scripts/soak.sh

$(BUILD)/san/msa: $(CLI_SRC) $(wildcard src/cli/*.h) $(BUILD)/san/libmsa.a
	@echo '  LD $@'; $(SAN_CC) $(CFLAGS_MSA) $(SANFLAGS) $(CLI_SRC) $(BUILD)/san/libmsa.a $(LDLIBS) -o $@

# soak-repro: the engine defect make soak found (see the file's comment),
# reduced to two associations in memory; exits 1 while it is present.
.PHONY: soak-repro
soak-repro: all
	@$(CC) -std=c11 -O1 -D_DEFAULT_SOURCE -Wall -Wextra -Iinclude -Isrc -Isrc/cli -I$(GEN) \
	  soak/repro_rekey_tail_loss.c $(BUILD)/libmsa.a $(LDLIBS) -o $(BUILD)/repro_rekey_tail_loss
	@$(BUILD)/repro_rekey_tail_loss
