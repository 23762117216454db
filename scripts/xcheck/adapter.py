#!/usr/bin/python3
"""adapter.py -- the independent Python implementation (msader.py, msaks.py)
behind the adapter protocol of vectors/ADAPTER.md, so that `msa vectors run
--impl "/usr/bin/python3 scripts/xcheck/adapter.py"` runs every encoding and
key-schedule vector against it. Written against the protocol document only.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msader  # noqa: E402
import msaks   # noqa: E402


def hello():
    return {"msaAdapter": 1, "name": "msa-xcheck-python", "version": "1",
            "capabilities": {"kinds": ["encoding", "keyschedule"],
                             "decode": list(msader.TOP_TYPES),
                             "hashes": ["SHA-256", "SHA-384"],
                             "suites": sorted(msaks.SUITES),
                             "groups": [1, 2],
                             "ops": sorted(msaks.OPS),
                             "features": ["errorNames", "reencode", "offsets"]}}


def answer(req):
    rid = req.get("id")
    kind, op = req.get("kind"), req.get("op")
    if kind == "encoding" and op == "decode":
        t, h = req.get("type"), req.get("hex")
        if t not in msader.TOP_TYPES or not isinstance(h, str):
            return {"id": rid, "status": "badRequest", "reason": "type or hex missing"}
        try:
            data = bytes.fromhex(h)
        except ValueError:
            return {"id": rid, "status": "badRequest", "reason": "hex"}
        r = msader.decode(t, data)
        if r[0] == "ok" and t == "Frame":
            return {"id": rid, "status": "ok", "value": r[1]}
        if r[0] == "ok":
            return {"id": rid, "status": "ok", "value": r[1], "hex": msader.encode(t, r[1]).hex()}
        return {"id": rid, "status": "error", "error": r[1], "offset": r[2]}
    if kind == "keyschedule" and op in msaks.OPS:
        hname, inputs = req.get("hash"), req.get("inputs")
        if not isinstance(inputs, dict):
            return {"id": rid, "status": "badRequest", "reason": "inputs missing"}
        if op != "kex" and hname not in msaks.HASHES:
            return {"id": rid, "status": "unsupported", "reason": "hash %s" % hname}
        try:
            r = msaks.run(op, hname, inputs)
        except (KeyError, ValueError, TypeError) as e:
            return {"id": rid, "status": "badRequest", "reason": "%s: %s" % (type(e).__name__, e)}
        if r[0] == "ok":
            return {"id": rid, "status": "ok", "outputs": r[1]}
        return {"id": rid, "status": "error", "error": r[1]}
    return {"id": rid, "status": "unsupported", "reason": "kind %s op %s" % (kind, op)}


def main():
    out = sys.stdout
    out.write(json.dumps(hello(), separators=(",", ":")) + "\n")
    out.flush()
    for line in sys.stdin:
        try:
            req = json.loads(line)
            resp = answer(req)
        except ValueError as e:
            resp = {"id": None, "status": "badRequest", "reason": "bad JSON: %s" % e}
        out.write(json.dumps(resp, separators=(",", ":"), ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
