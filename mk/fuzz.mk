# mk/fuzz.mk -- fuzzing (issue 7). See fuzz/README.md.
#
#   make fuzz-smoke   every harness FUZZ_SMOKE_SECONDS (60; the per-type ones
#                     FUZZ_SMOKE_TYPE_SECONDS, 15) with libFuzzer + ASan + UBSan,
#                     FUZZ_JOBS (2) at a time
#   make fuzz         AFL++ on every harness, FUZZ_SECONDS (600) each, both cores
#   make fuzz-regress replays fuzz/regressions/ and the corpora (gcc and ASan+UBSan builds)
#   make fuzz-cov     llvm-cov line and branch coverage of src/ reached by the corpora
#   make fuzz-corpus  merges the work corpora into fuzz/corpus/ (minimal, to commit)
# FUZZ_HARNESSES="fuzz_pdu fuzz_asn1c_raw" restricts any of them to some harnesses.
#
# A harness is a file: fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput and
# becomes the harness fuzz_<name>, built in every flavour below; its inputs
# are fuzz/corpus/fuzz_<name>/ (committed), fuzz/regressions/fuzz_<name>/
# (minimised findings, replayed forever) and the generated seeds
# $(BUILD)/fuzz/seeds/fuzz_<name>/ (fuzz/gen_seeds.c, which also routes
# vectors/). fuzz/fuzz_type.c is the exception: one harness fuzz_type_<T>
# per type T in FUZZ_TYPES, compiled with -DFUZZ_TYPE=T.
#
# Flavours, each a full build of src/, src/cli/ (main renamed msa_cli_main)
# and the generated codec, from the same $(GEN) as the Makefile, with
# -DMSA_FUZZING (for fuzzing-only hooks; never in libmsa.a), into
# $(BUILD)/fuzz/<flavour>/:
#   gcc     $(CC), the Makefile's flags                    + fuzz/replay_main.c
#   san     $(SAN_CC) with $(SANFLAGS) (ASan+UBSan)        + fuzz/replay_main.c
#   lf      clang, libFuzzer + ASan + UBSan                  (fuzz-smoke, fuzz-corpus)
#   afl     afl-clang-fast, libFuzzer-style via AFL's driver (fuzz: main instance)
#   aflasan afl-clang-fast + ASan + UBSan                    (fuzz: secondary instance)
#   cov     clang, source-based coverage                   + fuzz/replay_main.c
# The ASan flavours put a redzone after every arena block (fuzz/arena_asan.c).

FUZZ_DIR  := $(BUILD)/fuzz
FUZZ_TYPES := HandshakeInit HandshakeResp HandshakeFinish HandshakeReject ProtectedPdu \
              KeyUpdate RekeyRequest RekeyResponse ReleaseRequest ReleaseResponse Abort
FUZZ_SINGLE := $(sort $(patsubst fuzz/%.c,%,$(filter-out fuzz/fuzz_type.c,$(wildcard fuzz/fuzz_*.c))))
FUZZ_ALL    := $(FUZZ_SINGLE) $(FUZZ_TYPES:%=fuzz_type_%)
FUZZ_HARNESSES ?= $(FUZZ_ALL)
FUZZ_SMOKE_SECONDS ?= 60
FUZZ_SMOKE_TYPE_SECONDS ?= 15
FUZZ_SECONDS ?= 600
FUZZ_JOBS ?= 2
FUZZ_MAX_LEN ?= 20000
FUZZ_NICE ?= 10
export FUZZ_SMOKE_SECONDS FUZZ_SMOKE_TYPE_SECONDS FUZZ_SECONDS FUZZ_JOBS FUZZ_MAX_LEN FUZZ_NICE

FUZZ_FLAVOURS := gcc san lf afl aflasan cov
FUZZ_LIB_SRC  := $(LIB_SRC) $(CLI_SRC)
FUZZ_VECTORS  := $(shell find vectors -type f \( -name '*.der' -o -name '*.hex' -o -name '*.pem' \) 2>/dev/null)
FUZZ_WRAP := -Wl,--wrap=msa_asn1_malloc,--wrap=msa_asn1_calloc,--wrap=msa_asn1_realloc,--wrap=msa_asn1_free,--wrap=msa_wipe,--wrap=msa_wipe_u8,--wrap=msa_arena_reset
FUZZ_SANRT := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Per flavour: compiler, extra compile flags, link flags, driver.
FZCC_gcc      := $(CC)
FZCF_gcc      :=
FZLD_gcc      :=
FZCC_san      := $(SAN_CC)
FZCF_san      := $(SANFLAGS) -DFUZZ_ARENA_REDZONES
FZLD_san      := $(SANFLAGS) $(FUZZ_WRAP)
FZCC_lf       := clang
FZCF_lf       := -fsanitize=fuzzer-no-link $(FUZZ_SANRT) -DFUZZ_ARENA_REDZONES
FZLD_lf       := -fsanitize=fuzzer $(FUZZ_SANRT) $(FUZZ_WRAP)
FZCC_afl      := AFL_QUIET=1 afl-clang-fast
FZCF_afl      :=
FZLD_afl      := -fsanitize=fuzzer
FZCC_aflasan  := AFL_QUIET=1 afl-clang-fast
FZCF_aflasan  := $(FUZZ_SANRT) -DFUZZ_ARENA_REDZONES
FZLD_aflasan  := -fsanitize=fuzzer $(FUZZ_SANRT) $(FUZZ_WRAP)
FZCC_cov      := clang
FZCF_cov      := -fprofile-instr-generate -fcoverage-mapping
FZLD_cov      := -fprofile-instr-generate -fcoverage-mapping
# Which flavours link fuzz/replay_main.c, and which the redzone allocator.
FZ_REPLAY := gcc san cov
FZ_REDZONE := san lf aflasan

# clang and afl-clang-fast also flag asn1c's `if((size == 4))` (as the Makefile);
# the Makefile's INTEGER.c exception for GCC 12's -Warray-bounds.
fz_genflags = $(if $(filter gcc,$(1)),$(if $(filter INTEGER.c,$(2)),-Wno-array-bounds),-Wno-parentheses-equality)

define FUZZ_FLAVOUR
FZ_OBJ_$(1) := $$(FUZZ_LIB_SRC:%.c=$$(FUZZ_DIR)/$(1)/obj/%.o) $$(GEN_SRC:%.c=$$(FUZZ_DIR)/$(1)/obj/gen/%.o)
FZ_SUP_$(1) := $$(FUZZ_DIR)/$(1)/obj/fuzz/common.o \
	$$(if $$(filter $(1),$$(FZ_REPLAY)),$$(FUZZ_DIR)/$(1)/obj/fuzz/replay_main.o) \
	$$(if $$(filter $(1),$$(FZ_REDZONE)),$$(FUZZ_DIR)/$(1)/obj/fuzz/arena_asan.o)

$$(FUZZ_DIR)/$(1)/obj/gen/%.o: $$(GEN)/%.c $$(GEN)/.stamp
	@mkdir -p $$(@D)
	@echo '  CC(gen,$(1)) $$<'; $$(FZCC_$(1)) $$(CFLAGS_GEN) $$(call fz_genflags,$(1),$$(notdir $$<)) $$(FZCF_$(1)) -DMSA_FUZZING -c $$< -o $$@
# src/cli/main.c: main() becomes msa_cli_main() for fuzz_decode_cli.
$$(FUZZ_DIR)/$(1)/obj/src/cli/main.o: src/cli/main.c $$(wildcard src/cli/*.h) include/msa.h $$(GEN)/.stamp
	@mkdir -p $$(@D)
	@echo '  CC($(1)) $$<'; $$(FZCC_$(1)) $$(CFLAGS_MSA) $$(FZCF_$(1)) -DMSA_FUZZING -Dmain=msa_cli_main -Wno-missing-prototypes -c $$< -o $$@
$$(FUZZ_DIR)/$(1)/obj/%.o: %.c include/msa.h $$(GEN)/.stamp $$(wildcard src/*.h src/cli/*.h fuzz/*.h)
	@mkdir -p $$(@D)
	@echo '  CC($(1)) $$<'; $$(FZCC_$(1)) $$(CFLAGS_MSA) -I$$(FUZZ_DIR)/inc $$(FZCF_$(1)) -DMSA_FUZZING -c $$< -o $$@
$$(FUZZ_DIR)/$(1)/obj/fuzz/fuzz_cert.o $$(FUZZ_DIR)/$(1)/obj/fuzz/fuzz_engine.o: $$(FUZZ_DIR)/inc/fuzz_pki.h
$$(FUZZ_DIR)/$(1)/obj/fuzz/fuzz_type_%.o: fuzz/fuzz_type.c include/msa.h $$(GEN)/.stamp fuzz/fuzz.h
	@mkdir -p $$(@D)
	@echo '  CC($(1)) $$< ($$*)'; $$(FZCC_$(1)) $$(CFLAGS_MSA) $$(FZCF_$(1)) -DMSA_FUZZING -DFUZZ_TYPE=$$* -c $$< -o $$@
$$(FUZZ_DIR)/$(1)/libmsa-fuzz.a: $$(FZ_OBJ_$(1))
	@rm -f $$@
	@echo '  AR $$@'; $(AR) rcs $$@ $$^
$$(FUZZ_DIR)/$(1)/bin/%: $$(FUZZ_DIR)/$(1)/obj/fuzz/%.o $$(FZ_SUP_$(1)) $$(FUZZ_DIR)/$(1)/libmsa-fuzz.a
	@mkdir -p $$(@D)
	@echo '  LD $$@'; $$(FZCC_$(1)) $$(FZLD_$(1)) $$< $$(FZ_SUP_$(1)) $$(FUZZ_DIR)/$(1)/libmsa-fuzz.a $$(LDLIBS) -o $$@
fuzz-build-$(1): $$(FUZZ_HARNESSES:%=$$(FUZZ_DIR)/$(1)/bin/%)
.PHONY: fuzz-build-$(1)
endef
$(foreach f,$(FUZZ_FLAVOURS),$(eval $(call FUZZ_FLAVOUR,$(f))))
.SECONDARY:

# fuzz_cert's and fuzz_engine's built-in certificates and keys from
# vectors/pki, as C arrays pki_<file name, [-.] as _>[] (od: coreutils).
FUZZ_PKI := root-ca.der root384-ca.der int-ca.der initiator-1.der responder-1.der \
            initiator-1.key.pem responder-1.key.pem
$(FUZZ_DIR)/inc/fuzz_pki.h: $(FUZZ_PKI:%=vectors/pki/%) mk/fuzz.mk
	@mkdir -p $(@D)
	@{ echo '/* generated by mk/fuzz.mk from vectors/pki: do not edit */'; \
	  for n in $(FUZZ_PKI); do \
	    echo "static const uint8_t pki_$$(echo $$n | tr -- -. __)[] = {"; \
	    od -An -v -tx1 vectors/pki/$$n | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo '};'; \
	  done; } >$@.tmp && mv $@.tmp $@

# Seeds: gen_seeds writes $(FUZZ_DIR)/seeds/<harness>/.
# It links the ordinary $(BUILD)/libmsa.a (no fuzz flavour needed for it, so
# fuzz-smoke builds only the lf flavour).
$(FUZZ_DIR)/gen_seeds: $(FUZZ_DIR)/gcc/obj/fuzz/gen_seeds.o $(BUILD)/libmsa.a
	@echo '  LD $@'; $(CC) $< $(BUILD)/libmsa.a $(LDLIBS) -o $@
$(FUZZ_DIR)/seeds/.stamp: $(FUZZ_DIR)/gen_seeds $(FUZZ_VECTORS)
	@rm -rf $(FUZZ_DIR)/seeds
	@$(FUZZ_DIR)/gen_seeds $(FUZZ_DIR)/seeds $(if $(wildcard vectors),vectors)
	@touch $@
fuzz-seeds: $(FUZZ_DIR)/seeds/.stamp

FUZZ_RUN = BUILD=$(BUILD) FUZZ_DIR=$(FUZZ_DIR) FUZZ_HARNESSES="$(FUZZ_HARNESSES)" bash fuzz/run.sh

fuzz-smoke: deps
	@$(MAKE) --no-print-directory fuzz-seeds fuzz-build-lf
	@$(FUZZ_RUN) smoke
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-seeds fuzz-build-afl fuzz-build-aflasan fuzz-build-lf
	@$(FUZZ_RUN) afl
fuzz-regress:
	@$(MAKE) --no-print-directory fuzz-seeds fuzz-build-gcc fuzz-build-san
	@$(FUZZ_RUN) regress
fuzz-cov:
	@$(MAKE) --no-print-directory fuzz-seeds fuzz-build-cov
	@$(FUZZ_RUN) cov
fuzz-corpus:
	@$(MAKE) --no-print-directory fuzz-seeds fuzz-build-lf
	@$(FUZZ_RUN) corpus
.PHONY: fuzz-smoke fuzz fuzz-regress fuzz-cov fuzz-corpus fuzz-seeds
