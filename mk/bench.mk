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

# The engine's smallest build profile (include/msa.h, engine section): the
# library and msa-bench compiled again with it, to measure sizeof of an
# established suite-0x0001 association in the build made for it (issue 8
# target: 256 bytes). The generated codec does not depend on the profile.
BENCH_PROFILE := -DMSA_CFG_HASH_MAX=32 -DMSA_CFG_KEY_MAX=16 -DMSA_CFG_P256=0
BENCH_SMALL := $(BENCH_DIR)/small
BENCH_SMALL_OBJ := $(LIB_SRC:%.c=$(BENCH_SMALL)/obj/%.o)
BENCH_SMALL_BIN := $(BENCH_SMALL)/msa-bench-small

.PHONY: bench bench-bin
$(BENCH_DIR)/engine-$(BENCH_ENGINE).stamp:
	@mkdir -p $(@D) && rm -f $(BENCH_DIR)/engine-*.stamp && touch $@

$(BENCH_BIN): $(BENCH_SRC) bench/bench.h $(BUILD)/libmsa.a mk/bench.mk $(BENCH_DIR)/engine-$(BENCH_ENGINE).stamp
	@mkdir -p $(@D)
	@echo '  LD $@ (engine rows: $(BENCH_ENGINE))'; $(CC) $(CFLAGS_MSA) -DMSA_BENCH_ENGINE=$(BENCH_ENGINE) \
	  -Ibench $(BENCH_SRC) $(BUILD)/libmsa.a $(BENCH_LIBS) -o $@

$(BENCH_SMALL)/obj/%.o: %.c include/msa.h $(GEN)/.stamp $(wildcard src/*.h)
	@mkdir -p $(@D)
	@echo '  CC(small) $<'; $(CC) $(CFLAGS_MSA) $(OPT_LIB) $(BENCH_PROFILE) -c $< -o $@
$(BENCH_SMALL)/libmsa.a: $(BENCH_SMALL_OBJ) $(GEN_OBJ)
	@rm -f $@
	@echo '  AR $@'; $(AR) rcs $@ $^
$(BENCH_SMALL_BIN): $(BENCH_SRC) bench/bench.h $(BENCH_SMALL)/libmsa.a mk/bench.mk $(BENCH_DIR)/engine-$(BENCH_ENGINE).stamp
	@echo '  LD $@'; $(CC) $(CFLAGS_MSA) $(BENCH_PROFILE) -DMSA_BENCH_ENGINE=$(BENCH_ENGINE) \
	  -Ibench $(BENCH_SRC) $(BENCH_SMALL)/libmsa.a $(BENCH_LIBS) -o $@

bench-bin: $(BENCH_BIN) $(if $(filter 1,$(BENCH_ENGINE)),$(BENCH_SMALL_BIN))

bench: deps
	@$(MAKE) --no-print-directory bench-bin
	nice -n 10 $(BENCH_BIN) --json $(BUILD)/bench.json $(BENCH_CALLGRIND) \
	  $(if $(filter 1,$(BENCH_ENGINE)),--small $(BENCH_SMALL_BIN)) $(BENCH_FLAGS)

# bench-smoke: a quick run (3 runs, short) that checks bench.json: valid
# JSON, every headline key of issue 8 present, a number -- or null with a
# reason only while the engine is not built. For CI; about 30 s.
BENCH_KEYS := assoc_bytes workspace_bytes handshake_floor_ratio openssl_handshake_ratio \
              handshake_bytes data_1k_ratio data_1k_ratio_no_cache key_cache_bytes
.PHONY: bench-smoke
bench-smoke: bench-bin
	@nice -n 10 $(BENCH_BIN) --quick --json $(BENCH_DIR)/bench-smoke.json \
	  $(if $(filter 1,$(BENCH_ENGINE)),--small $(BENCH_SMALL_BIN)) >$(BENCH_DIR)/bench-smoke.log 2>&1 \
	  || { cat $(BENCH_DIR)/bench-smoke.log; echo "bench-smoke: msa-bench failed"; exit 1; }
	@$(PY) -c 'import json, sys; d = json.load(open(sys.argv[1])); engine = sys.argv[2] == "1"; \
	bad = [k for k in sys.argv[3:] if k not in d or (d[k] is None and (engine or not d["about"].get(k))) \
	       or (d[k] is not None and not isinstance(d[k], (int, float)))]; \
	print("bench-smoke: %s" % ("missing or invalid: " + " ".join(bad) if bad else \
	      "bench.json has every headline key (engine %s)" % ("built" if engine else "not built"))); \
	sys.exit(1 if bad else 0)' $(BENCH_DIR)/bench-smoke.json $(BENCH_ENGINE) $(BENCH_KEYS)
