"""msatr.py -- verification of a transcript vector (vectors/transcript/),
from the spec, with Python's own stack: the PDUs are decoded by msader.py;
the transcript hashes (REQ-HS-070), the ECDH shared secrets (REQ-KS-003),
the key schedule (REQ-KS-004..014), the handshake MACs (REQ-KS-006), the
signatures against the certificates' keys (REQ-HS-072, -073), and every
record (REQ-DT-003..007) are recomputed with hashlib/hmac and
python3-cryptography; then every entry of the engine's crypto trace is
recomputed too.

verify(group, test) -> None, or the first disagreement (a string).
"""
import hashlib

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

import asn1types
import msader
import msaks

CONTENT = msader.CONTENT_TYPES


class Bad(Exception):
    pass


def need(cond, what):
    if not cond:
        raise Bad(what)


def tlvs(b):
    """The TLVs inside the outer TLV of b (octet strings)."""
    lb = b[1]
    off = 2 if lb < 0x80 else 2 + (lb & 0x7F)
    out = []
    while off < len(b):
        l1 = b[off + 1]
        if l1 < 0x80:
            h, n = 2, l1
        else:
            k = l1 & 0x7F
            h, n = 2 + k, int.from_bytes(b[off + 2:off + 2 + k], "big")
        out.append(b[off:off + h + n])
        off += h + n
    return out


def verify_sig(cert_der, msg, sig):
    key = x509.load_der_x509_certificate(cert_der).public_key()
    need(isinstance(key, ec.EllipticCurvePublicKey), "not an EC key")
    h = hashes.SHA256() if key.curve.name == "secp256r1" else hashes.SHA384()   # REQ-HS-073
    try:
        key.verify(sig, msg, ec.ECDSA(h))
    except InvalidSignature:
        raise Bad("signature does not verify")


def decode(t, b, what):
    """msader's strict decoding, and asn1crypto's second opinion: DER of the type."""
    r = msader.decode(t, b)
    need(r[0] == "ok", "%s does not decode: %s" % (what, r[1:]))
    try:
        need(asn1types.reencode(t, b) == b, "%s is not DER for asn1crypto" % what)
    except Bad:
        raise
    except Exception as e:
        raise Bad("%s: asn1crypto rejects it: %s" % (what, str(e).splitlines()[0][:100]))
    return r[1]


def verify(group, t):
    try:
        _verify(group, t)
    except Bad as e:
        return str(e)
    return None


def _verify(group, t):
    inp, steps, trace = t["inputs"], t["steps"], t["trace"]
    suite = group["suite"]
    g, hname, nk, ivl = msaks.SUITES[suite]
    hl = msaks.HASHES[hname][2]
    cert_i = bytes.fromhex(inp["initiator"]["chain"][0])
    cert_r = bytes.fromhex(inp["responder"]["chain"][0])

    # the wire: every PDU sent is received by the other side, in order
    wire = []
    pending = {"I": [], "R": []}
    for s in steps:
        if s["call"] == "recv":
            q = pending["R" if s["side"] == "I" else "I"]
            need(q and q[0] == s["pdu"], "a PDU received by %s was not the next one sent to it" % s["side"])
            q.pop(0)
        for p in s["sent"]:
            wire.append((s["side"], bytes.fromhex(p)))
            pending[s["side"]].append(p)
    need(not pending["I"] and not pending["R"], "a PDU was sent and never received")
    msgs_i = [p for sd, p in wire if sd == "I"]
    msgs_r = [p for sd, p in wire if sd == "R"]
    msg1, msg2, msg3 = msgs_i[0], msgs_r[0], msgs_i[1]
    m1 = decode("MsaPdu", msg1, "msg1")["handshakeInit"]
    m2 = decode("MsaPdu", msg2, "msg2")["handshakeResp"]
    m3 = decode("MsaPdu", msg3, "msg3")["handshakeFinish"]
    need(m2["body"]["suite"] == suite, "msg2 chose another suite")
    need(m1["initiatorAid"] == inp["initiator"]["aid"] and m2["body"]["responderAid"] == inp["responder"]["aid"], "aids")

    # REQ-HS-070: transcript hashes over the octets as sent
    H = lambda b: msaks.H(hname, b)   # noqa: E731
    th2 = H(msg1 + tlvs(msg2)[0])
    th3 = H(msg1 + msg2 + tlvs(msg3)[0])
    th4 = H(msg1 + msg2 + msg3)

    # ephemeral keys (from the trace) match the key shares on the wire
    keygens = {"I": [e for e in trace if e["op"] == "kex_keygen" and e["side"] == "I"],
               "R": [e for e in trace if e["op"] == "kex_keygen" and e["side"] == "R"]}
    i_eph = [e for e in keygens["I"] if int(e["group"], 16) == g][0]
    r_eph = keygens["R"][0]
    i_share = [k for k in m1["keyShares"] if k["group"] == g][0]["keyExchange"]
    r_share = m2["body"]["keyShare"]["keyExchange"]
    need(msaks.public_share(g, bytes.fromhex(i_eph["priv"])).hex() == i_share, "initiator's share is not its key's")
    need(msaks.public_share(g, bytes.fromhex(r_eph["priv"])).hex() == r_share, "responder's share is not its key's")
    z = msaks.shared_secret(g, bytes.fromhex(i_eph["priv"]), bytes.fromhex(r_share))
    need(z == msaks.shared_secret(g, bytes.fromhex(r_eph["priv"]), bytes.fromhex(i_share)), "Z differs")

    # REQ-KS-004..008
    el = lambda s, lab, ctx, n: msaks.el(hname, s, lab, ctx, n)   # noqa: E731
    prk = msaks.extract(hname, bytes(hl), z)
    mk_r, mk_i = el(prk, "r mac", b"", hl), el(prk, "i mac", b"", hl)
    need(msaks.hmac_h(hname, mk_r, th2).hex() == m2["mac"], "msg2's mac is not HMAC(mk_R, TH2)")
    need(msaks.hmac_h(hname, mk_i, th3).hex() == m3["mac"], "msg3's mac is not HMAC(mk_I, TH3)")
    # REQ-HS-072, -073: signatures with the certificates' keys
    verify_sig(cert_r, b"MSA v1 responder signature\x00" + th2, bytes.fromhex(m2["signature"]))
    verify_sig(cert_i, b"MSA v1 initiator signature\x00" + th3, bytes.fromhex(m3["signature"]))
    # credentials: the chains, or the references (SHA-256 of the DER)
    ref = lambda c: hashlib.sha256(c).hexdigest()   # noqa: E731
    for cred, chain, who in ((m2["body"]["credential"], inp["responder"]["chain"], "responder"),
                             (m3["body"]["credential"], inp["initiator"]["chain"], "initiator")):
        if "chain" in cred:
            need(cred["chain"] == chain, "the %s's chain on the wire is not its chain" % who)
        else:
            need(cred["reference"] == ref(bytes.fromhex(chain[0])), "the %s's reference is not SHA-256 of its certificate" % who)
    if "ByReference" in t["flags"]:
        need(m1.get("peerCertRef") == ref(cert_r) and m1.get("ownCertRef") == ref(cert_i), "msg1's references")
    ms = el(prk, "master", th4, hl)
    rk = el(ms, "rekey", b"", hl)
    ts = {"i2r": el(ms, "i2r", b"", hl), "r2i": el(ms, "r2i", b"", hl)}

    # records, in the order sent (REQ-DT-003..007, REQ-KS-011..014)
    gen = {"i2r": 0, "r2i": 0}
    seq = {"i2r": 0, "r2i": 0}
    nxt = {"i2r": None, "r2i": None}
    data = {"i2r": [], "r2i": []}
    rekey_req = None
    rekeys = 0
    for sd, pdu in wire:
        if pdu in (msg1, msg2, msg3):
            continue
        d = "i2r" if sd == "I" else "r2i"
        rec = decode("MsaPdu", pdu, "a record")["protected"]
        h = rec["header"]
        need(h["assocId"] == (inp["responder"]["aid"] if d == "i2r" else inp["initiator"]["aid"]),
             "a record does not name the receiver's aid")
        if h["generation"] == gen[d] + 1:
            need(nxt[d] is not None and h["seq"] == 0, "a switch of %s without renewal, or not at seq 0" % d)
            ts[d], nxt[d] = nxt[d], None
            gen[d] += 1
            seq[d] = 0
        need(h["generation"] == gen[d], "%s record of generation %d, expected %d" % (d, h["generation"], gen[d]))
        need(h["seq"] == seq[d], "%s record seq %d, expected %d" % (d, h["seq"], seq[d]))
        seq[d] += 1
        key = el(ts[d], "key", b"", nk)
        aad = tlvs(pdu)[0]
        inputs = {"suite": suite, "key": key.hex(), "pdu": pdu.hex()}
        if ivl:
            inputs["iv"] = el(ts[d], "iv", b"", 12).hex()
        r = msaks.run("record_open", hname, inputs)
        need(r[0] == "ok", "a %s record does not open: %s" % (d, r[1]))
        pt = bytes.fromhex(r[1]["plaintext"])
        typ = h["type"]
        need(aad[0] == 0xA0, "AAD")
        if typ == "appData":
            data[d].append(pt.hex())
        elif typ == "keyUpdate":
            ku = decode("KeyUpdate", pt, "KeyUpdate")
            if nxt[d] is None:
                nxt[d] = el(ts[d], "update", b"", hl)       # REQ-KS-011: a ratchet
            else:
                # REQ-KR-011/012: the rekey requester's KeyUpdate ends its old
                # generation; the next one uses the rekey's secret
                need(not ku["updateRequested"], "the KeyUpdate ending a rekey asks for an update")
        elif typ == "rekeyRequest":
            decode("RekeyRequest", pt, "RekeyRequest")
            rekey_req = (d, pt)
        elif typ == "rekeyResponse":
            resp = decode("RekeyResponse", pt, "RekeyResponse")
            need(rekey_req is not None and rekey_req[0] != d, "rekeyResponse without request")
            req_side = "I" if rekey_req[0] == "i2r" else "R"
            rekeys += 1
            a = bytes.fromhex(keygens[req_side][rekeys]["priv"])   # its rekey ephemeral key
            req = decode("RekeyRequest", rekey_req[1], "RekeyRequest")
            need(msaks.public_share(g, a).hex() == req["keyShare"]["keyExchange"], "rekey request share")
            z2 = msaks.shared_secret(g, a, bytes.fromhex(resp["keyShare"]["keyExchange"]))
            prk2 = msaks.extract(hname, rk, z2)                 # REQ-KS-012
            ms2 = el(prk2, "master", H(rekey_req[1] + pt), hl)
            rk = el(ms2, "rekey", b"", hl)
            nxt["i2r"], nxt["r2i"] = el(ms2, "i2r", b"", hl), el(ms2, "r2i", b"", hl)
        elif typ in ("releaseRequest", "releaseResponse"):
            decode("ReleaseRequest" if typ == "releaseRequest" else "ReleaseResponse", pt, typ)
        else:
            raise Bad("unexpected record type %s" % typ)
    need(rekeys == 1 and gen["i2r"] == 2 and gen["r2i"] == 1, "renewals: i2r generation %d, r2i %d" % (gen["i2r"], gen["r2i"]))
    # appData: what was sent is what the records carry and what was delivered
    for sd, d in (("I", "i2r"), ("R", "r2i")):
        sent = [s["message"] for s in steps if s["call"] == "send" and s["side"] == sd]
        got = [s["delivered"] for s in steps if s["call"] == "recv" and s["side"] != sd and "delivered" in s]
        need(sent == data[d] == got, "%s messages sent, carried and delivered differ" % d)

    # every operation of the trace, recomputed
    for e in trace:
        op = e["op"]
        x = {k: bytes.fromhex(v) for k, v in e.items() if k not in ("side", "op", "label")}
        if op == "kex_keygen":
            need(msaks.public_share(x["group"][0], x["priv"]) == x["pub"], "trace: kex_keygen")
        elif op == "kex_shared":
            need(msaks.shared_secret(g, x["priv"], x["peer"]) == x["z"], "trace: kex_shared")
        elif op == "hkdf_extract":
            need(msaks.extract(hname, x["salt"], x["ikm"]) == x["prk"], "trace: hkdf_extract")
        elif op == "hkdf_expand":                        # REQ-KS-002
            lab, out = e["label"], x["out"]
            ctx = x["info"][4 + 7 + len(lab):]
            need(msaks.label_info(lab, ctx, len(out)) == x["info"], "trace: ExpandLabel info of %s" % lab)
            need(msaks.el(hname, x["secret"], lab, ctx, len(out)) == out, "trace: ExpandLabel %s" % lab)
        elif op == "hmac":
            hn = "SHA-256" if len(x["out"]) == 32 else "SHA-384"
            need(msaks.hmac_h(hn, x["key"], x["data"]) == x["out"], "trace: hmac")
        elif op == "sig_sign":
            verify_sig(cert_i if e["side"] == "I" else cert_r, x["msg"], x["sig"])
        elif op == "aead_seal":
            ct = msaks._aead(suite, x["key"]).encrypt(x["nonce"], x["plaintext"], x["aad"])
            need(ct == x["ciphertext"] + x["tag"], "trace: aead_seal")
        elif op == "icv_compute":
            need(msaks.hmac_h("SHA-256", x["key"], x["aad"] + x["plaintext"]) == x["icv"], "trace: icv_compute")
        else:
            raise Bad("trace: unknown op %s" % op)
