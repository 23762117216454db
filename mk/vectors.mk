# mk/vectors.mk -- conformance vectors (issue 5): generation and checks.
#   make vectors        regenerates vectors/encoding/, keyschedule/ and transcript/
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

$(BUILD)/gen_transcript: vectors/gen/gen_transcript.c $(BUILD)/libmsa.a include/msa.h
	@mkdir -p $(@D)
	@echo '  LD $@'; $(CC) $(CFLAGS_MSA) $< $(BUILD)/libmsa.a $(LDLIBS) -o $@

# vectors-gen OUT=dir: writes every generated vector file under dir.
.PHONY: vectors-gen
vectors-gen: $(BUILD)/gen_keyschedule $(BUILD)/gen_transcript
	@test -n "$(OUT)" || { echo "error: USAGE vectors-gen needs OUT=dir" >&2; exit 2; }
	@mkdir -p $(OUT)/encoding $(OUT)/keyschedule $(OUT)/transcript $(OUT)/scenario
	@$(VEC_PY) vectors/gen/gen_encoding.py $(OUT)/encoding
	@$(BUILD)/gen_keyschedule $(OUT)/keyschedule
	@$(BUILD)/gen_transcript vectors/pki $(OUT)/transcript $(OUT)/scenario

# Generated into a scratch directory first: a failing generator leaves the
# committed files as they are.
vectors: $(BUILD)/gen_keyschedule $(BUILD)/gen_transcript
	@rm -rf $(BUILD)/vectors-new
	@$(MAKE) --no-print-directory vectors-gen OUT=$(BUILD)/vectors-new
	@for d in encoding keyschedule transcript scenario; do \
	  rm -f vectors/$$d/*.json; mkdir -p vectors/$$d; cp $(BUILD)/vectors-new/$$d/*.json vectors/$$d/ || exit 1; \
	done
	@rm -rf $(BUILD)/vectors-new
	@echo "vectors: $$(ls vectors/*/*.json | grep -v /expect/ | wc -l) files regenerated"

vectors-check: $(BUILD)/gen_keyschedule $(BUILD)/msa
	@BUILD=$(BUILD) sh tests/t_vectors.sh
