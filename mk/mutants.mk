# ---------------------------------------------------------------- mutants
# Mutation testing (issue 5): the msa tool built with one engine check
# removed (-DMSA_MUTANT=N, src/internal.h), into $(BUILD)/mutant/N/msa.
# tests/t_mutants.sh shows that msa conform and the vectors catch each one.
# Only the file that holds the check is compiled again; libmsa.a and
# build/msa never see the flag.
.PHONY: mutants
MUTANT_FILES := 1:src/handshake.c 2:src/engine.c
MUTANT_BINS  := $(foreach m,$(MUTANT_FILES),$(BUILD)/mutant/$(word 1,$(subst :, ,$(m)))/msa)
mutants: $(MUTANT_BINS)

define mutant_rules
$(BUILD)/mutant/$(1)/obj.o: $(2) include/msa.h $(GEN)/.stamp $(wildcard src/*.h)
	@mkdir -p $$(@D)
	@echo '  CC(mutant $(1)) $(2)'; $$(CC) $$(CFLAGS_MSA) -DMSA_MUTANT=$(1) -c $(2) -o $$@
$(BUILD)/mutant/$(1)/msa: $(BUILD)/mutant/$(1)/obj.o $(CLI_OBJ) $(filter-out $(2:%.c=$(BUILD)/obj/%.o),$(LIB_OBJ)) $(GEN_OBJ)
	@echo '  LD $$@'; $$(CC) -pie $$^ $$(LDLIBS) -o $$@
endef
$(foreach m,$(MUTANT_FILES),$(eval $(call mutant_rules,$(word 1,$(subst :, ,$(m))),$(word 2,$(subst :, ,$(m))))))
