# mk/trace.mk -- requirement traceability (spec/msa.md <-> tests, vectors,
# fuzz, proofs, conformance cases in src/cli). See scripts/trace.sh.
#   make trace         list every REQ id with what exercises it (never fails on gaps yet)
#   make trace-strict  the same, failing on untested, unknown or duplicate ids
.PHONY: trace trace-strict
trace:
	@sh scripts/trace.sh
trace-strict:
	@sh scripts/trace.sh --strict
