# mk/vectors.mk -- conformance vectors (issue 5): generation and checks.
#   make vectors        regenerates vectors/encoding/ and vectors/keyschedule/
#                       (deterministic: the same files byte for byte)
#   make vectors-check  regenerates into a temporary directory and fails when
#                       a committed file differs; validates every file against
#                       vectors/schema.json; runs the Python cross-check
#                       (tests/t_vectors.sh does the same inside `make check`)
.PHONY: vectors vectors-check
VEC_PY := /usr/bin/python3

$(BUILD)/gen_keyschedule: vectors/gen/gen_keyschedule.c $(BUILD)/libmsa.a include/msa.h
	@mkdir -p $(@D)
	@echo '  LD $@'; $(CC) $(CFLAGS_MSA) $< $(BUILD)/libmsa.a $(LDLIBS) -o $@

# vectors-gen OUT=dir: writes every generated vector file under dir.
.PHONY: vectors-gen
vectors-gen: $(BUILD)/gen_keyschedule
	@test -n "$(OUT)" || { echo "error: USAGE vectors-gen needs OUT=dir" >&2; exit 2; }
	@mkdir -p $(OUT)/encoding $(OUT)/keyschedule
	@$(VEC_PY) vectors/gen/gen_encoding.py $(OUT)/encoding
	@$(BUILD)/gen_keyschedule $(OUT)/keyschedule

vectors: $(BUILD)/gen_keyschedule
	@rm -f vectors/encoding/*.json vectors/keyschedule/*.json
	@$(MAKE) --no-print-directory vectors-gen OUT=vectors
	@echo "vectors: $$(ls vectors/encoding/*.json vectors/keyschedule/*.json | wc -l) files regenerated"

vectors-check: $(BUILD)/gen_keyschedule $(BUILD)/msa
	@BUILD=$(BUILD) sh tests/t_vectors.sh
