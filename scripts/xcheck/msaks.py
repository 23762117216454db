"""msaks.py -- MSA v1's key schedule and key exchange, written from the spec
(spec/msa.md sections 9, 10, 11.1) with a different crypto stack than the C
library: Python's hmac/hashlib and python3-cryptography (OpenSSL).

Every operation takes the `inputs` object of a key-schedule vector and
returns ("ok", outputs) or ("error", NAME); NAME is the spec's local error
name (section 15.2).
"""
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
from cryptography.exceptions import InvalidTag

import msader

HASHES = {"SHA-256": (hashlib.sha256, hashes.SHA256, 32), "SHA-384": (hashlib.sha384, hashes.SHA384, 48)}

# Section 10.1: id -> (group, hash, Nk, iv length or 0)
SUITES = {
    0x0001: (1, "SHA-256", 16, 12), 0x0002: (2, "SHA-256", 16, 12),
    0x0003: (1, "SHA-384", 32, 12), 0x0004: (2, "SHA-384", 32, 12),
    0x0005: (1, "SHA-256", 32, 12), 0x0006: (1, "SHA-256", 16, 12),
    0x0007: (2, "SHA-256", 16, 12), 0x0011: (1, "SHA-256", 32, 0),
    0x0012: (2, "SHA-256", 32, 0),
}
# Section 10.1: the record protection of each suite (None: HMAC-SHA-256 ICV)
PROTECTION = {0x0001: AESGCM, 0x0002: AESGCM, 0x0003: AESGCM, 0x0004: AESGCM,
              0x0005: ChaCha20Poly1305, 0x0006: AESCCM, 0x0007: AESCCM,
              0x0011: None, 0x0012: None}
P256_P = 2 ** 256 - 2 ** 224 + 2 ** 192 + 2 ** 96 - 1


class Refused(Exception):
    def __init__(self, name):
        Exception.__init__(self, name)
        self.name = name


def H(hname, data):
    return HASHES[hname][0](data).digest()


def hmac_h(hname, key, data):
    return hmac.new(key, data, HASHES[hname][0]).digest()


def extract(hname, salt, ikm):
    """REQ-KS-001: HKDF-Extract; an empty salt is HashLen zero octets."""
    if len(salt) == 0:
        salt = bytes(HASHES[hname][2])
    return hmac_h(hname, salt, ikm)


def label_info(label, context, length):
    """REQ-KS-002, exactly."""
    full = b"msa v1 " + label.encode("ascii")
    if len(full) > 255 or len(context) > 255 or not 1 <= length <= 65535:
        raise Refused("BAD_ARGUMENT")
    return length.to_bytes(2, "big") + bytes([len(full)]) + full + bytes([len(context)]) + context


def expand_label(hname, secret, label, context, length):
    info = label_info(label, context, length)
    if length > 255 * HASHES[hname][2]:
        raise Refused("BAD_ARGUMENT")
    # python3-cryptography's HKDF-Expand (OpenSSL), not a hand-written one
    return HKDFExpand(HASHES[hname][1](), length, info).derive(secret), info


def el(hname, secret, label, context, length):
    return expand_label(hname, secret, label, context, length)[0]


def traffic_keys(suite, ts, suffix, out):
    """REQ-KS-009: key (Nk) and, for AEAD suites, iv (12)."""
    g, hname, nk, ivl = SUITES[suite]
    out["key_" + suffix] = el(hname, ts, "key", b"", nk).hex()
    if ivl:
        out["iv_" + suffix] = el(hname, ts, "iv", b"", ivl).hex()


def shared_secret(group, priv, peer):
    """REQ-KS-003, REQ-CRY-001, REQ-CRY-002: Z, or BAD_KEY_SHARE."""
    if group == 1:
        if len(peer) != 32:
            raise Refused("BAD_KEY_SHARE")
        k = x25519.X25519PrivateKey.from_private_bytes(priv)
        try:
            z = k.exchange(x25519.X25519PublicKey.from_public_bytes(peer))
        except ValueError:     # OpenSSL refuses an all-zero result
            raise Refused("BAD_KEY_SHARE")
        if z == bytes(32):
            raise Refused("BAD_KEY_SHARE")
        return z
    if group == 2:
        if len(peer) != 65 or peer[0] != 4:
            raise Refused("BAD_KEY_SHARE")
        x, y = int.from_bytes(peer[1:33], "big"), int.from_bytes(peer[33:], "big")
        if x >= P256_P or y >= P256_P:
            raise Refused("BAD_KEY_SHARE")
        try:
            pub = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), peer)
        except ValueError:     # not on the curve
            raise Refused("BAD_KEY_SHARE")
        d = ec.derive_private_key(int.from_bytes(priv, "big"), ec.SECP256R1())
        return d.exchange(ec.ECDH(), pub)
    raise Refused("UNSUPPORTED")


def public_share(group, priv):
    if group == 1:
        from cryptography.hazmat.primitives import serialization as s
        return x25519.X25519PrivateKey.from_private_bytes(priv).public_key().public_bytes(
            s.Encoding.Raw, s.PublicFormat.Raw)
    from cryptography.hazmat.primitives import serialization as s
    d = ec.derive_private_key(int.from_bytes(priv, "big"), ec.SECP256R1())
    return d.public_key().public_bytes(s.Encoding.X962, s.PublicFormat.UncompressedPoint)


def _hex(inputs, k):
    return bytes.fromhex(inputs[k])


# ---------------------------------------------------------------- operations
def op_expand_label(hname, i):
    okm, info = expand_label(hname, _hex(i, "secret"), i["label"], _hex(i, "context"), i["length"])
    return {"info": info.hex(), "okm": okm.hex()}


def op_extract(hname, i):
    return {"prk": extract(hname, _hex(i, "salt"), _hex(i, "ikm")).hex()}


def op_mac_verify(hname, i):
    """REQ-KS-006: the full HashLen HMAC, compared in constant time."""
    want = hmac_h(hname, _hex(i, "key"), _hex(i, "data"))
    got = _hex(i, "mac")
    if len(got) != len(want) or not hmac.compare_digest(want, got):
        raise Refused("BAD_MAC")
    return {"mac": got.hex()}


def op_handshake(hname, i):
    """REQ-KS-004..009 from Z and the transcript hashes."""
    suite = i["suite"]
    if SUITES[suite][1] != hname:
        raise Refused("UNSUPPORTED")
    hl = HASHES[hname][2]
    prk = extract(hname, bytes(hl), _hex(i, "z"))
    mk_r = el(hname, prk, "r mac", b"", hl)
    mk_i = el(hname, prk, "i mac", b"", hl)
    ms = el(hname, prk, "master", _hex(i, "th4"), hl)
    o = {"prk": prk.hex(), "mk_r": mk_r.hex(), "mk_i": mk_i.hex(),
         "mac2": hmac_h(hname, mk_r, _hex(i, "th2")).hex(),
         "mac3": hmac_h(hname, mk_i, _hex(i, "th3")).hex(), "ms": ms.hex(),
         "rk": el(hname, ms, "rekey", b"", hl).hex()}
    ts_i2r, ts_r2i = el(hname, ms, "i2r", b"", hl), el(hname, ms, "r2i", b"", hl)
    o["ts_i2r"], o["ts_r2i"] = ts_i2r.hex(), ts_r2i.hex()
    traffic_keys(suite, ts_i2r, "i2r", o)
    traffic_keys(suite, ts_r2i, "r2i", o)
    return o


def op_ratchet(hname, i):
    """REQ-KS-011."""
    suite = i["suite"]
    nxt = el(hname, _hex(i, "ts"), "update", b"", HASHES[hname][2])
    o = {"ts_next": nxt.hex()}
    traffic_keys(suite, nxt, "next", o)
    return o


def op_rekey(hname, i):
    """REQ-KS-012: the shares are read from the two bodies (decoded with
    msader, REQ-ENC-020), Z is their shared secret."""
    suite = i["suite"]
    group = SUITES[suite][0]
    hl = HASHES[hname][2]
    req, resp = _hex(i, "rekey_request"), _hex(i, "rekey_response")
    r1, r2 = msader.decode("RekeyRequest", req), msader.decode("RekeyResponse", resp)
    if r1[0] != "ok" or r2[0] != "ok":
        raise Refused(r1[1] if r1[0] != "ok" else r2[1])
    s1, s2 = r1[1]["keyShare"], r2[1]["keyShare"]
    if s1["group"] != group or s2["group"] != group:
        raise Refused("ILLEGAL_PARAMETER")
    a, b = _hex(i, "priv_req"), _hex(i, "priv_resp")
    if public_share(group, a).hex() != s1["keyExchange"] or public_share(group, b).hex() != s2["keyExchange"]:
        raise Refused("ILLEGAL_PARAMETER")
    z = shared_secret(group, a, bytes.fromhex(s2["keyExchange"]))
    if z != shared_secret(group, b, bytes.fromhex(s1["keyExchange"])):
        raise Refused("INTERNAL")
    ctx = H(hname, req + resp)
    prk = extract(hname, _hex(i, "rk"), z)
    ms = el(hname, prk, "master", ctx, hl)
    o = {"z": z.hex(), "context": ctx.hex(), "prk": prk.hex(), "ms": ms.hex(),
         "rk": el(hname, ms, "rekey", b"", hl).hex()}
    ts_i2r, ts_r2i = el(hname, ms, "i2r", b"", hl), el(hname, ms, "r2i", b"", hl)
    o["ts_i2r"], o["ts_r2i"] = ts_i2r.hex(), ts_r2i.hex()
    traffic_keys(suite, ts_i2r, "i2r", o)
    traffic_keys(suite, ts_r2i, "r2i", o)
    return o


def op_kex(hname, i):
    return {"z": shared_secret(i["group"], _hex(i, "priv"), _hex(i, "peer")).hex()}


# ---------------------------------------------------------------- records (section 12)
def _tlv(tag, content):
    n = len(content)
    ln = bytes([n]) if n < 0x80 else (b"\x81" + bytes([n]) if n < 0x100 else b"\x82" + n.to_bytes(2, "big"))
    return bytes([tag]) + ln + content


def _uint(tag, v):
    return _tlv(tag, v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big"))


def _aead(suite, key):
    cls = PROTECTION[suite]
    return AESCCM(key, tag_length=16) if cls is AESCCM else cls(key)


def _nonce(iv, seq):
    """REQ-DT-005: iv XOR (8 zero octets || uint32(seq))."""
    return bytes(a ^ b for a, b in zip(iv, bytes(8) + seq.to_bytes(4, "big")))


def op_record_seal(hname, i):
    suite = i["suite"]
    key, pt = _hex(i, "key"), _hex(i, "plaintext")
    # REQ-DT-004: the AAD is the header TLV, [0]-tagged, exactly as in the PDU
    hdr = _tlv(0xA0, _tlv(0x80, _hex(i, "assoc_id")) + _uint(0x81, i["type"])
               + _uint(0x82, i["generation"]) + _uint(0x83, i["seq"]))
    o = {"aad": hdr.hex()}
    if PROTECTION[suite] is None:            # REQ-DT-007
        body, icv = pt, hmac_h("SHA-256", key, hdr + pt)
    else:                                    # REQ-DT-006
        nonce = _nonce(_hex(i, "iv"), i["seq"])
        ct = _aead(suite, key).encrypt(nonce, pt, hdr)
        body, icv = ct[:-16], ct[-16:]
        o["nonce"] = nonce.hex()
    o.update({"body": body.hex(), "icv": icv.hex(),
              "pdu": _tlv(0xA4, hdr + _tlv(0x81, body) + _tlv(0x82, icv)).hex()})
    return o


def op_record_open(hname, i):
    """Decode (section 4), then the ICV length (REQ-DT-013) and the tag."""
    suite, key, pdu = i["suite"], _hex(i, "key"), _hex(i, "pdu")
    r = msader.decode("MsaPdu", pdu)
    if r[0] != "ok":
        raise Refused(r[1])
    if "protected" not in r[1]:
        raise Refused("STATE")
    rec = r[1]["protected"]
    h = rec["header"]
    # the header TLV: the first component inside the outer TLV
    off = 2 if pdu[1] < 0x80 else 2 + (pdu[1] & 0x7F)
    hl = 2 + pdu[off + 1]
    hdr = pdu[off:off + hl]
    body, icv = bytes.fromhex(rec["body"]), bytes.fromhex(rec["icv"])
    if PROTECTION[suite] is None:
        if len(icv) != 32 or not hmac.compare_digest(hmac_h("SHA-256", key, hdr + body), icv):
            raise Refused("BAD_RECORD")
        pt = body
    else:
        if len(icv) != 16:
            raise Refused("BAD_RECORD")
        try:
            pt = _aead(suite, key).decrypt(_nonce(_hex(i, "iv"), h["seq"]), body + icv, hdr)
        except InvalidTag:
            raise Refused("BAD_RECORD")
    return {"assoc_id": h["assocId"], "plaintext": pt.hex()}


# ---------------------------------------------------------------- DRBG (NIST SP 800-90A 10.1.2)
class HmacDrbg:
    """HMAC_DRBG with SHA-256, from SP 800-90A: the reference's test mode
    (entropy input = seed, empty nonce and personalization, no reseed)."""

    def __init__(self, seed):
        self.k, self.v = bytes(32), b"\x01" * 32
        self._update(seed)

    def _update(self, data):
        self.k = hmac_h("SHA-256", self.k, self.v + b"\x00" + data)
        self.v = hmac_h("SHA-256", self.k, self.v)
        if data:
            self.k = hmac_h("SHA-256", self.k, self.v + b"\x01" + data)
            self.v = hmac_h("SHA-256", self.k, self.v)

    def generate(self, n):
        out = b""
        while len(out) < n:
            self.v = hmac_h("SHA-256", self.k, self.v)
            out += self.v
        self._update(b"")
        return out[:n]


def op_drbg(hname, i):
    d = HmacDrbg(_hex(i, "seed"))
    reqs = [int(x) for x in i["requests"].split(",")]
    return {"out%d" % j: d.generate(n).hex() for j, n in enumerate(reqs)}


OPS = {"expand_label": op_expand_label, "extract": op_extract, "mac_verify": op_mac_verify,
       "handshake": op_handshake, "ratchet": op_ratchet, "rekey": op_rekey, "kex": op_kex,
       "record_seal": op_record_seal, "record_open": op_record_open, "drbg": op_drbg}


def run(op, hname, inputs):
    """("ok", outputs) or ("error", NAME)."""
    try:
        return ("ok", OPS[op](hname, inputs))
    except Refused as r:
        return ("error", r.name)
