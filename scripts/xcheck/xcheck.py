#!/usr/bin/python3
"""xcheck.py -- the independent cross-check of MSA's vectors (issue 5,
section 2), written from the spec, not from the C code.

For every file under DIR (default vectors/; vectors/pki/ and the schema are
not vector files):
  - encoding vectors: msader.py (a strict DER decoder written from spec
    section 4) must give exactly the expected value, or the expected error
    (and offset); every valid vector must also be DER of its type for
    asn1crypto, a third-party codec (parsed strictly, re-encoded to the same
    octets), and no invalid vector of the DER or schema steps may be;
  - key-schedule vectors: msaks.py recomputes every output with Python's
    hmac/hashlib and python3-cryptography (OpenSSL), or must refuse with the
    expected error;
  - transcript vectors: msatr.py decodes every PDU, recomputes the
    transcript hashes, ECDH, key schedule, MACs, verifies the signatures
    with the certificates' keys and opens every record, then recomputes
    every operation of the engines' crypto trace;
  - file hygiene: ids unique across all files, every flag defined in the
    file's notes, numberOfTests right.
Prints each disagreement and ends with "xcheck: N passed, N failed".
Exit status 0 when nothing failed, 1 otherwise, 2 on usage error.

Usage: /usr/bin/python3 scripts/xcheck/xcheck.py [-v] [DIR]
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import asn1types  # noqa: E402
import msader     # noqa: E402
import msaks      # noqa: E402
import msatr      # noqa: E402


def vector_files(d):
    out = []
    for root, dirs, files in os.walk(d):
        dirs[:] = sorted(x for x in dirs if x not in ("pki", "gen", "expect"))
        for f in sorted(files):
            if f.endswith(".json") and f != "schema.json":
                out.append(os.path.join(root, f))
    return out


def judge_encoding(group, t):
    """None when the vector holds, else the reason."""
    data = bytes.fromhex(t["hex"])
    r = msader.decode(group["decodeAs"], data)
    if t["result"] == "acceptable":
        return None        # either answer is allowed (the flags say which choice)
    if t["result"] == "valid":
        if r[0] != "ok":
            return "valid vector rejected by msader: %s at %d" % (r[1], r[2])
        if r[1] != t["value"]:
            return "msader decodes another value: %s" % json.dumps(r[1])[:200]
        if group["decodeAs"] == "Frame":
            return None
        try:
            if asn1types.reencode(group["decodeAs"], data) != data:
                return "asn1crypto re-encodes it differently: not DER"
        except Exception as e:   # asn1crypto raises ValueError/TypeError
            return "asn1crypto rejects it: %s" % str(e).splitlines()[0][:120]
        return None
    if r[0] == "ok":
        return "invalid vector accepted by msader (expected %s)" % t["error"]
    if t["step"] in ("der", "schema") and t["error"] != "DER_TOO_LARGE" and group["decodeAs"] != "Frame":
        # a second opinion: asn1crypto must not find DER of the type in it
        # (it checks no constraint, and knows nothing of MSA_MAX_PDU)
        try:
            if asn1types.reencode(group["decodeAs"], data) == data:
                return "asn1crypto finds valid DER of %s in this invalid vector" % group["decodeAs"]
        except Exception:      # rejected: as it should be
            pass
    if r[1] != t["error"]:
        return "msader rejects it with %s at %d, the vector says %s" % (r[1], r[2], t["error"])
    if "offset" in t and not offset_ok(data, t["offset"], r[2]):
        return "msader reports offset %d, the vector says the TLV at %d" % (r[2], t["offset"])
    return None


def offset_ok(data, want, got):
    """REQ-ENC-017: any tag or length octet of the TLV at `want` (exactly
    `want` past the end)."""
    if got == want:
        return True
    if want >= len(data) or got < want:
        return False
    hl = 2
    if want + 1 < len(data) and data[want + 1] > 0x80:
        hl = 2 + (data[want + 1] & 0x7F)
    return got < min(want + hl, len(data))


# Table 15.2: the diagnostic an error ends an association with ("none": the
# error never puts anything on the wire)
DIAG_OF = {"BAD_SIGNATURE": "badSignature", "BAD_MAC": "badMac", "BAD_RECORD": "badRecord",
           "BAD_SEQUENCE": "badSequence", "STATE": "unexpectedPdu", "DER_TOO_LARGE": "tooLarge",
           "UNKNOWN_ASSOC": "none", "PEER_REJECT": "none", "PEER_ABORT": "none",
           "ARENA_EXHAUSTED": "resourceExhausted", "BAD_KEY_SHARE": "badKeyShare", "RNG": "internalError",
           "BAD_KEY": "internalError", "CERT_DECODE": "badCertificate", "CERT_EXPIRED": "certificateExpired",
           "CERT_NOT_YET_VALID": "certificateExpired", "CERT_UNTRUSTED": "unknownCa",
           "CERT_KEY_USAGE": "badCertificate", "CERT_NOT_CA": "badCertificate",
           "CERT_CHAIN_TOO_LONG": "badCertificate", "CERT_KEY_TYPE": "badCertificate",
           "CERT_IDENTITY": "badIdentity", "CERT_UNKNOWN_REF": "unknownCertRef",
           "CERT_PROFILE": "badCertificate", "PROTOCOL_VERSION": "protocolVersion",
           "NO_COMMON_SUITE": "noCommonSuite", "ILLEGAL_PARAMETER": "illegalParameter",
           "USAGE_LIMIT": "usageLimit", "RENEWAL": "renewalError", "INTERNAL": "internalError",
           "TIMEOUT": "timeout", "RESOURCE_EXHAUSTED": "resourceExhausted"}


def judge_scenario(group, t):
    """Consistency of a negative scenario with the spec's tables: the reply
    carries the diagnostic table 15.2 maps the error to; drops (STATE on a
    PDU the table drops, UNKNOWN_ASSOC) leave the state and send nothing;
    every injected PDU is itself a valid PDU (the fault is the state)."""
    ex = t["expect"]
    if ex["error"] != t["error"]:
        return "expect.error differs from error"
    d = DIAG_OF.get(ex["error"], "decodeError" if ex["error"].startswith("DER_") else None)
    if ex["reply"] in ("reject", "abort"):
        if ex.get("replyDiagnostic") != d or t["diagnostic"] != d:
            return "the reply's diagnostic is not the one table 15.2 gives for %s" % ex["error"]
        if ex["state"] != "ABORTED":
            return "an association that sends a reject or an abort ends ABORTED (7.2, FAIL)"
    elif ex["state"] == "ABORTED" and not ex["error"].startswith("DER_"):
        return "ABORTED without a reply"
    for a in t["script"]:
        if a.get("fault") == "inject":
            r = msader.decode("MsaPdu", bytes.fromhex(a["pdu"]))
            if r[0] != "ok":
                return "an injected PDU does not decode: %s" % r[1]
    return None


def judge_ks(group, t):
    r = msaks.run(group["op"], group["hash"], t["inputs"])
    if t["result"] == "valid":
        if r[0] != "ok":
            return "valid vector refused: %s" % r[1]
        if r[1] != t["outputs"]:
            diff = sorted(k for k in set(r[1]) | set(t["outputs"]) if r[1].get(k) != t["outputs"].get(k))
            return "outputs differ: %s" % ", ".join(diff)
        return None
    if r[0] == "ok":
        return "invalid vector accepted (expected %s)" % t["error"]
    if r[1] != t["error"]:
        return "refused with %s, the vector says %s" % (r[1], t["error"])
    return None


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print("usage: xcheck.py [-v] [DIR]", file=sys.stderr)
        return 2
    d = args[0] if args else "vectors"
    passed = failed = 0
    ids = {}
    files = vector_files(d)
    if not files:
        print("error: NO_VECTORS no vector file under %s" % d, file=sys.stderr)
        return 1
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        n = 0
        for g in doc["testGroups"]:
            for t in g["tests"]:
                n += 1
                why = None
                if t["id"] in ids:
                    why = "id also in %s" % ids[t["id"]]
                ids[t["id"]] = path
                undefined = [fl for fl in t["flags"] if fl not in doc["notes"]]
                if undefined:
                    why = "flags not defined in notes: %s" % ", ".join(undefined)
                if why is None:
                    try:
                        why = {"encoding": judge_encoding, "keyschedule": judge_ks,
                               "transcript": msatr.verify, "scenario": judge_scenario}[doc["kind"]](g, t)
                    except Exception as e:     # a cross-check bug is a failure, not a crash
                        why = "xcheck raised %s: %s" % (type(e).__name__, e)
                if why is None:
                    passed += 1
                    if verbose:
                        print("pass %s" % t["id"])
                else:
                    failed += 1
                    print("FAIL %s (%s): %s" % (t["id"], os.path.basename(path), why))
        if n != doc["numberOfTests"]:
            failed += 1
            print("FAIL %s: numberOfTests %d, holds %d" % (path, doc["numberOfTests"], n))
    print("xcheck: %d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
