# mk/crypto.mk -- crypto component targets (issue 3).
# bench-primitives: measures the BearSSL implementations the provider can
# choose from (the numbers behind the choice in src/crypto_bearssl.c).
.PHONY: bench-primitives
$(BUILD)/bench_primitives: tests/bench_primitives.c $(BUILD)/libmsa.a
	@mkdir -p $(@D)
	@echo '  LD $@'; $(CC) $(CFLAGS_MSA) -O2 $< $(BUILD)/libmsa.a $(LDLIBS) -o $@
bench-primitives: $(BUILD)/bench_primitives
	$(BUILD)/bench_primitives $(BENCH_ONLY)
