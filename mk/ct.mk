# mk/ct.mk -- make ct-check (issue 3, section 4): the constant-time check.
#
# The crypto sources are compiled again with -DMSA_CTGRIND (src/ct.h then
# declassifies the public verdicts of tag comparisons before the library
# branches on them) and linked with tests/ct/ct_main.c, which marks every
# secret undefined (VALGRIND_MAKE_MEM_UNDEFINED) and runs the tag/ICV
# verification, AEAD open/seal, HMAC/HKDF/ExpandLabel and ECDH paths under
# valgrind memcheck. Any "Conditional jump or move depends on uninitialised
# value(s)" or "Use of uninitialised value" report fails the target (a
# branch or an address that depends on a secret). Compiled at the
# library's own level, OPT_LIB (-O3), so that the code checked is the code
# that ships (util.c's compare is vectorised at -O3; it passed at -O1 as
# well), with -g for valgrind's stack traces.
CT_DIR  := $(BUILD)/ct
CT_SRC  := src/util.c src/suite.c src/drbg.c src/hkdf.c $(sort $(wildcard src/crypto_*.c))
CT_OBJ  := $(CT_SRC:src/%.c=$(CT_DIR)/%.o)
CT_FLAGS = -std=c11 $(OPT_LIB) -g $(WARN) -D_DEFAULT_SOURCE -DMSA_CTGRIND -Iinclude -Isrc

.PHONY: ct-check
$(CT_DIR)/%.o: src/%.c include/msa.h $(wildcard src/*.h)
	@mkdir -p $(@D)
	@echo '  CC(ct) $<'; $(CC) $(CT_FLAGS) -c $< -o $@
$(CT_DIR)/ct_main: tests/ct/ct_main.c $(CT_OBJ)
	@echo '  LD $@'; $(CC) $(CT_FLAGS) $< $(CT_OBJ) $(LDLIBS) -o $@

ct-check: $(CT_DIR)/ct_main
	@start=$$(date +%s); \
	valgrind --tool=memcheck --error-exitcode=3 --track-origins=yes --num-callers=12 \
	  --log-file=$(CT_DIR)/valgrind.log $(CT_DIR)/ct_main; rc=$$?; \
	end=$$(date +%s); \
	n=$$(grep -c -E 'Conditional jump or move depends on uninitialised|Use of uninitialised value' $(CT_DIR)/valgrind.log); \
	if [ "$$n" -ne 0 ] || [ "$$rc" -ne 0 ]; then \
	  cat $(CT_DIR)/valgrind.log; \
	  echo "ct-check: FAILED ($$n secret-dependent branches/addresses, exit $$rc; log $(CT_DIR)/valgrind.log)"; exit 1; \
	fi; \
	echo "ct-check: passed: no branch or address depends on a secret ($$((end - start)) s under valgrind)"
