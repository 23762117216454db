# mk/bench.mk -- make bench (issue 8): MSA against the crypto floor, OpenSSL
# TLS 1.3 and the raw BearSSL primitives. Sources in bench/, one program
# $(BUILD)/bench/msa-bench linked with libmsa.a, BearSSL and OpenSSL
# (Debian's libssl-dev, in DEB_PKGS). Prints a table and writes
# $(BUILD)/bench.json. Runs under nice -n 10 (shared machine); about a
# minute of CPU (two with the callgrind counts, done when valgrind is
# installed). Options: make bench BENCH_FLAGS="--runs 11" or "--quick".
BENCH_DIR := $(BUILD)/bench
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_DIR)/msa-bench
BENCH_LIBS := -lbearssl -lssl -lcrypto
BENCH_FLAGS ?=
# The engine's rows (bench/bench_engine.c) are compiled in once the engine
# is in the tree: src/engine.c exists and include/msa.h declares its API.
BENCH_ENGINE := $(if $(wildcard src/engine.c),$(if $(shell grep -l 'msa_assoc_start' include/msa.h),1,0),0)
BENCH_CALLGRIND := $(if $(shell command -v valgrind),--callgrind)

.PHONY: bench bench-bin
$(BENCH_DIR)/engine-$(BENCH_ENGINE).stamp:
	@mkdir -p $(@D) && rm -f $(BENCH_DIR)/engine-*.stamp && touch $@

$(BENCH_BIN): $(BENCH_SRC) bench/bench.h $(BUILD)/libmsa.a mk/bench.mk $(BENCH_DIR)/engine-$(BENCH_ENGINE).stamp
	@mkdir -p $(@D)
	@echo '  LD $@ (engine rows: $(BENCH_ENGINE))'; $(CC) $(CFLAGS_MSA) -DMSA_BENCH_ENGINE=$(BENCH_ENGINE) \
	  -Ibench $(BENCH_SRC) $(BUILD)/libmsa.a $(BENCH_LIBS) -o $@

bench-bin: $(BENCH_BIN)

bench: deps
	@$(MAKE) --no-print-directory $(BENCH_BIN)
	nice -n 10 $(BENCH_BIN) --json $(BUILD)/bench.json $(BENCH_CALLGRIND) $(BENCH_FLAGS)
