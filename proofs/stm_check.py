#!/usr/bin/env python3
"""stm_check.py -- judges the Eva run over proofs/eva_stm.c (make proofs).

Reads the property report (frama-c -report-csv) and fails when
  - any property Eva checked in the engine, the driver or the libc specs
    is not Valid (an alarm, a precondition of a called function, a user
    assertion), except the postconditions, loop invariants and assertions
    of the functions WP proves (record.c, der.c, util.c: Eva cannot evaluate
    most of their functional contracts; WP proves them in the same target);
  - any of the state-machine properties is absent or never reached
    (all its instances Dead: a vacuous proof is no proof).
Prints one line per property family and `stm: N/N properties valid`.
"""
import csv
import os
import re
import sys

REQUIRED = [
    # (T) transitions of the table of spec 7.3, per input
    "T_recv_idle_i", "T_recv_idle_r", "T_recv_wait_resp", "T_recv_wait_finish",
    "T_recv_established", "T_recv_release_sent", "T_recv_release_received",
    "T_recv_terminal", "T_send", "T_ratchet", "T_rekey", "T_release", "T_abort",
    "T_tick", "T_transport", "T_start",
    # (D) delivery
    "D_len", "D_send", "D_at", "deliver_authenticated",
    # (K) keys zero at the end
    "keys_wiped", "workspace_wiped", "T_terminal_keys",
    # (S) counters
    "send_seq_room", "send_gen_room", "recv_gen_room",
    # (R) renewal at the policy's bounds and the usage limit
    "R_policy_fires", "R_policy_quiet", "R_usage_fires", "R_rekey_fires",
]
# The run from cache_main (a key cache attached in the keyed states): the
# properties its calls reach.
REQUIRED_CACHE = [
    "T_recv_established", "T_recv_release_sent", "T_recv_release_received",
    "T_send", "T_ratchet", "T_rekey", "T_release", "T_abort", "T_tick", "T_transport",
    "T_start", "D_len", "D_send", "D_at", "deliver_authenticated", "keys_wiped", "cache_wiped",
    "send_seq_room", "send_gen_room", "recv_gen_room",
]
WP_KINDS = {"postcondition", "loop invariant", "assigns clause", "from clause",
            "precondition", "user assertion"}


def names(root):
    """(file, line) -> assertion name, from the sources (the report does
    not print the names of assertions)."""
    out = {}
    for rel in ("src/engine.c", "proofs/eva_stm.c"):
        with open(os.path.join(root, rel)) as f:
            for n, text in enumerate(f, 1):
                m = re.search(r"assert\s+(\w+)\s*:", text)
                if m:
                    out[(os.path.basename(rel), str(n))] = m.group(1)
    return out


def main(path, root, wp_fcts, required):
    """wp_fcts: the functions WP proves (make proofs: PROOF_FCTS). Their
    own contracts, and the calls made inside them, are WP's to prove; the
    calls the rest of the code makes to them are checked here."""
    bad, seen = [], {}
    where = names(root)
    with open(path, newline="") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for _d, file, line, fct, kind, status, prop in rows:
            name = where.get((file, line), "") if "assertion" in kind else ""
            for req in required:
                if name == req:
                    seen.setdefault(req, []).append(status)
            if status in ("Valid", "Considered valid", "Dead"):
                continue
            if fct in wp_fcts and (kind in WP_KINDS or kind.startswith("precondition of")):
                continue
            bad.append(f"{file}:{line} {fct}: {kind} {status}: {prop}")
    missing = [r for r in required if r not in seen]
    vacuous = [r for r in required if r in seen and "Valid" not in seen[r]]
    for b in bad:
        print("stm: NOT PROVED " + b)
    for m in missing:
        print("stm: MISSING " + m)
    for v in vacuous:
        print("stm: NEVER REACHED " + v)
    ok = len(required) - len(missing) - len(vacuous)
    print(f"stm: {ok}/{len(required)} state-machine properties valid, "
          f"{len(bad)} other properties not proved")
    return 0 if not bad and not missing and not vacuous else 1


if __name__ == "__main__":
    # stm_check.py CSV ROOT WP_FCTS [cache]
    req = REQUIRED_CACHE if len(sys.argv) > 4 and sys.argv[4] == "cache" else REQUIRED
    sys.exit(main(sys.argv[1], sys.argv[2], set(sys.argv[3].split(",")), req))
